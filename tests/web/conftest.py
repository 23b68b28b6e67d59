"""The web page's fixtures: one real server for the session (the real model and voice, in a
thread of this process, so each test's TRAINER_HOME applies to its own requests) and headless
Chromium (Debian's, never a downloaded one) with a WAV file as its microphone."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import espeak
from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav
from trainer.web.server import bind, make_server
from trainer.web.services import Services

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
INTRO = [
    "Hi, my name is Maria Lopez.",
    "I'm a nursing student, and I'd love to learn about your work in pediatrics.",
    "Would you have ten or fifteen minutes?",
    "Is this a convenient time to talk?",
]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Web:
    port: int
    token: str
    services: Services

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """What `trainer ui` prints: the page with its token."""
        return f"{self.base}/?token={self.token}"

    def request(
        self,
        path: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: bool = True,
    ) -> Reply:
        """One HTTP request; the token as a Bearer header unless told otherwise."""
        sent = dict(headers or {})
        if token:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


@pytest.fixture(scope="session")
def web(recognizer) -> Iterator[Web]:
    """The real server on a free port: real model (shared with the other tests), real voice."""
    sock = bind(0)
    token = secrets.token_urlsafe(24)
    services = Services(profile="default", make_recognizer=lambda: recognizer)
    server = make_server(sock, services, token)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the web server did not start"
    recognizer.load()
    yield Web(sock.getsockname()[1], token, services)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright_session():
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is not installed: run `make test`, which installs it "
            "(scripts/install-system-deps.sh --test)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture
def chromium(playwright_session) -> Iterator[Callable]:
    """`chromium(wav=None)`: a fresh headless browser whose microphone plays `wav` (looped)."""
    browsers = []

    def launch(wav: Path | None = None):
        args = list(CHROMIUM_ARGS)
        if wav is not None:
            args.append(f"--use-file-for-fake-audio-capture={wav}")
        browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=args)
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.close()


def spoken(
    tmp_path: Path, name: str, lines: list[str], lead_s: float, tail_s: float, pause_s: float = 1.0
) -> Path:
    """A WAV of `lines` spoken by espeak-ng with pauses between them, for the fake microphone
    (which loops it: the tail must outlast the end of the turn)."""
    clip = Clip.silence(lead_s)
    for i, text in enumerate(lines):
        piece = load_audio(espeak(text, tmp_path / f"{name}-{i}.wav"))
        clip = clip.concat(piece, Clip.silence(pause_s if i < len(lines) - 1 else tail_s))
    return write_wav(tmp_path / f"{name}.wav", clip)


def page_errors(page) -> list[str]:
    """Collects the page's uncaught errors and console errors (CSP violations show there)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors
