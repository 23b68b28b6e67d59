"""`trainer ui` as a person starts it: the first stdout line is the address other tools read."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import run_trainer

FIRST_LINE = re.compile(r"trainer ui: http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{20,})\n")


def _get(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30):
            return 200
    except urllib.error.HTTPError as exc:
        return exc.code


def test_ui_prints_its_address_first_serves_loopback_and_stops_on_ctrl_c():
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "ui", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        first = proc.stdout.readline()
        match = FIRST_LINE.fullmatch(first)
        assert match, first
        port, token = match.groups()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:  # the model loads before the first answer
            try:
                status = _get(f"{base}/api/health", {"Authorization": f"Bearer {token}"})
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "trainer ui never answered"
                time.sleep(0.2)
        assert status == 200
        assert _get(f"{base}/api/health") == 401
        listening = socket.socket()
        listening.settimeout(5)
        try:  # bound to loopback: other addresses of this machine are not served
            host = socket.gethostbyname(socket.gethostname())
            if not host.startswith("127."):
                assert listening.connect_ex((host, int(port))) != 0
        finally:
            listening.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_port_in_use_is_one_clear_line():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        proc = run_trainer("ui", "--no-browser", "--port", str(port))
        assert proc.returncode == 2
        assert proc.stderr.strip() == (
            f"trainer: port {port} is in use: choose another with --port, or leave it out to use "
            "a free one"
        )
        assert proc.stdout == ""
    finally:
        taken.close()
