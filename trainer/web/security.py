"""The server's guard, in front of every route and socket: loopback Host only (DNS
rebinding), the per-launch token (constant-time compare), the page's own Origin on sockets and
writes, and headers that keep the page to its own files (CSP `default-src 'self'`)."""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
NO_TOKEN_PAGE = (
    "This is trainer's local page. Open the address that `trainer ui` printed "
    "(it carries the key to this page), or start it again with `trainer ui`.\n"
)


def cookie_name(port: int) -> str:
    """Per port: cookies are shared between ports of one host, launches are not."""
    return f"trainer_token_{port}"


class Guard:
    """Pure ASGI middleware, so HTTP requests and WebSockets pass the same checks."""

    def __init__(self, app: ASGIApp, port: int, token: str) -> None:
        self.app = app
        self.token = token.encode()
        self.cookie = cookie_name(port)
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)  # lifespan
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "") not in self.hosts:
            await self._deny(scope, send, 403, "this server answers to 127.0.0.1 only")
            return
        origin = headers.get("origin")
        foreign = origin is not None and origin not in self.origins
        # Browsers always send Origin on sockets and cross-site writes; tools send none.
        if foreign and (scope["type"] == "websocket" or scope.get("method") not in SAFE_METHODS):
            await self._deny(scope, send, 403, "requests from other sites are refused")
            return
        given, from_query = self._token(scope, headers)
        if given is None or not hmac.compare_digest(given.encode(), self.token):
            await self._deny(scope, send, 401, "missing or wrong token")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if from_query:
                    cookie = f"{self.cookie}={given}; Path=/; HttpOnly; SameSite=Strict"
                    extra.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _token(self, scope: Scope, headers: dict[str, str]) -> tuple[str | None, bool]:
        """The token from ?token=, `Authorization: Bearer`, or the page's cookie."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("token"):
            return query["token"][0], True
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no token
            return None, False
        morsel = jar.get(self.cookie)
        return (morsel.value if morsel else None), False

    async def _deny(self, scope: Scope, send: Send, status: int, reason: str) -> None:
        if scope["type"] == "websocket":
            # Closing before accepting makes the server answer the handshake with HTTP 403.
            await send({"type": "websocket.close", "code": 1008, "reason": reason})
            return
        path = scope.get("path", "")
        if path.startswith("/api/"):
            body, kind = json.dumps({"error": reason}).encode(), b"application/json"
        else:
            body, kind = (NO_TOKEN_PAGE if status == 401 else reason + "\n").encode(), b"text/plain"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", kind + b"; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    *HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
