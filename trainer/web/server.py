"""`trainer ui`: bind loopback, print the address with its token, open the browser, serve."""

from __future__ import annotations

import errno
import secrets
import socket
import sys
import threading
import webbrowser
from typing import TYPE_CHECKING, TextIO

from trainer.errors import TrainerError
from trainer.web.services import Services

if TYPE_CHECKING:
    import uvicorn

DEFAULT_PORT = 8765
HOST = "127.0.0.1"  # loopback only: the page is for the person at this machine


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1. No port given: the usual one, else any free one."""
    candidates = [port] if port is not None else [DEFAULT_PORT, 0]
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, candidate))
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE and port is None:
                continue
            if exc.errno == errno.EADDRINUSE:
                raise TrainerError(
                    f"port {port} is in use: choose another with --port, or "
                    "leave it out to use a free one"
                ) from None
            raise TrainerError(f"cannot listen on {HOST}:{candidate} ({exc.strerror})") from None
        sock.listen(64)
        sock.set_inheritable(True)
        return sock
    raise TrainerError("no free port on 127.0.0.1")  # pragma: no cover - port 0 always binds


def url(port: int, token: str) -> str:
    return f"http://{HOST}:{port}/?token={token}"


def make_server(sock: socket.socket, services: Services, token: str) -> uvicorn.Server:
    """A uvicorn server for the app on `sock` (not started)."""
    import uvicorn  # only `trainer ui` needs the server stack

    from trainer.web.routes import create_app

    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(services, port, token),
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws_ping_interval=None,
    )
    return uvicorn.Server(config)


def serve(
    port: int | None = None,
    open_browser: bool = True,
    profile: str = "default",
    out: TextIO = sys.stdout,
) -> int:
    """Runs until Ctrl-C. The first line on stdout is the address (other tools read it)."""
    sock = bind(port)
    token = secrets.token_urlsafe(24)
    services = Services(profile=profile)
    server = make_server(sock, services, token)
    address = url(sock.getsockname()[1], token)
    out.write(f"trainer ui: {address}\n")
    out.flush()
    sys.stderr.write("Serving on this machine only. Press Ctrl-C to stop.\n")
    if open_browser:  # the socket is listening: the browser's request waits for the model
        threading.Thread(target=_open, args=(address,), daemon=True).start()
    try:
        services.warm_up()
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a server is stopped: not an error
    sys.stderr.write("trainer ui: stopped.\n")
    return 0


def _open(address: str) -> None:
    try:
        if not webbrowser.open(address):
            sys.stderr.write(f"Could not open a browser: open {address} yourself.\n")
    except webbrowser.Error:
        sys.stderr.write(f"Could not open a browser: open {address} yourself.\n")
