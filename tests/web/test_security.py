"""It is a server, even if local: token, Host, Origin, CSP, escaping, nothing external."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.web.conftest import page_errors
from trainer.web.routes import STATIC


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/history", "/static/app.js"])
def test_no_token_or_a_wrong_one_is_refused(web, path):
    assert web.request(path, token=False).status == 401
    assert web.request(path, headers={"Authorization": "Bearer wrong"}).status == 401
    # one character off (a token that already ended in "x" was once "wrong" and right at once)
    near = web.token[:-1] + ("y" if web.token.endswith("x") else "x")
    assert web.request(f"{path}?token={near}", token=False).status == 401
    assert web.request(path).status == 200


def test_the_token_in_the_address_becomes_the_pages_cookie(web):
    page = web.request(f"/?token={web.token}", token=False)
    assert page.status == 200
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"trainer_token_{web.port}={web.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    with_cookie = web.request(
        "/static/app.js", token=False, headers={"Cookie": f"trainer_token_{web.port}={web.token}"}
    )
    assert with_cookie.status == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "[::1]:{port}", ""]
)
def test_a_foreign_host_is_refused_even_with_the_token(web, host):
    """DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing."""
    reply = web.request("/api/health", headers={"Host": host.format(port=web.port)})
    assert reply.status == 403
    assert web.request("/api/health", headers={"Host": f"localhost:{web.port}"}).status == 200


def test_every_answer_carries_the_content_security_policy(web):
    for path in ("/", "/static/app.js", "/api/health", "/api/nothing-here"):
        csp = web.request(path).headers["content-security-policy"]
        assert csp.split(";")[0] == "default-src 'self'", path
    assert (
        web.request("/", token=False)
        .headers["content-security-policy"]
        .startswith("default-src 'self'")
    )


def test_writes_from_another_origin_are_refused(web):
    body = json.dumps({"text": "x"}).encode()
    foreign = web.request("/api/scripts/x", "PUT", body, {"Origin": "http://evil.example"})
    assert foreign.status == 403
    own = web.request("/api/scripts/x", "PUT", body, {"Origin": web.base})
    assert own.status == 200


def _ws(web, origin: str | None, token: bool = True):
    url = f"ws://127.0.0.1:{web.port}/ws/practice" + (f"?token={web.token}" if token else "")
    return connect(url, origin=origin, open_timeout=10)


def test_a_socket_from_a_foreign_origin_is_refused(web):
    with pytest.raises(InvalidStatus) as refused:
        _ws(web, "http://evil.example")
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        _ws(web, web.base, token=False)
    with _ws(web, web.base) as ws:  # the page's own origin, with the token
        ws.send(json.dumps({"type": "start", "rate": 1}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "error", "error": "bad start message"}


def test_the_page_asks_for_nothing_outside_the_package():
    """No CDN, no web font: every address the static files name is this server's own, and
    the page has no inline script, style or handler (the CSP would block them)."""
    allowed = {"http://www.w3.org/2000/svg", "http://127.0.0.1:PORT"}  # a namespace; a hint
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"""https?://[^\s"'`)]+""", text)
        assert set(urls) <= allowed, (path.name, urls)
        assert "@import" not in text and "url(" not in text, path.name
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert ref.startswith(("/", "#")), ref
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\s(style|on[a-z]+)=", html)


def test_a_script_tag_in_a_script_shows_as_text(web, chromium):
    hostile = (
        'Hi, my name is <script>document.title="pwned"</script> Ana '
        "<img src=x onerror=\"document.title='pwned'\">. Is now a good time?"
    )
    reply = web.request("/api/scripts/hostile", "PUT", json.dumps({"text": hostile}).encode())
    assert reply.status == 200
    page = chromium().new_page()
    errors = page_errors(page)
    page.goto(f"{web.url}#script")
    page.wait_for_selector('body[data-ready="script"]', state="attached")
    page.wait_for_selector('[data-part="identification"][data-covered="true"]')
    assert page.input_value('[data-role="script-text"]') == hostile + "\n"
    evidence = page.inner_text('[data-part="identification"] .evidence')
    assert "<script>" in evidence  # shown as the characters typed
    assert page.title() != "pwned"
    assert page.locator('[data-page="script"] script, [data-page="script"] img').count() == 0
    assert not errors, errors


def test_the_served_page_matches_the_packaged_files(web):
    req = urllib.request.Request(
        f"{web.base}/static/worklet.js", headers={"Authorization": f"Bearer {web.token}"}
    )
    with urllib.request.urlopen(req) as r:
        assert r.read() == (STATIC / "worklet.js").read_bytes()
