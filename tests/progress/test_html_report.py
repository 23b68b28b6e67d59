"""The HTML progress page, rendered by a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import run_trainer

HOSTILE = (
    "Hi, my name is <script>document.title='pwned'</script> Ann <b>Lee</b>. I'd love to learn "
    "about your work. Would you have ten minutes? Is now a good time?"
)


def _chromium(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed: `make test` installs it (Debian package chromium)")
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage",
    ]  # fmt: skip
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=120)


def test_report_renders_with_charts_and_escapes_user_text(tmp_path, make_take):
    spoken = make_take("Hi, my name is Ann Lee. I'd love to learn about your work.")
    assert run_trainer("score", str(spoken)).returncode == 0
    for text in ("Hi, my name is Ann Lee. Are you hiring?", HOSTILE):
        assert run_trainer("score", "--text", text).returncode == 0
    page = tmp_path / "report.html"
    proc = run_trainer("report", "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    source = page.read_text()
    assert "<script>" not in source and "&lt;script&gt;" in source
    assert not re.search(r"(src|href)=|https?://|@import|url\(", source)

    profile_dir = tmp_path / "chrome-profile"
    dom = _chromium(f"--user-data-dir={profile_dir}", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    for chart in ("chart-score", "chart-elements", "chart-delivery"):
        assert f'id="{chart}"' in html
    assert html.count('class="series"') == 3  # score, pace, fillers
    assert html.count('class="bar"') == 8  # four elements x (all, recent)
    assert "pwned" not in re.search(r"<title>(.*?)</title>", html).group(1)
    assert "&lt;script&gt;document.title" in html

    shot = tmp_path / "report.png"
    _chromium(
        f"--user-data-dir={profile_dir}", f"--screenshot={shot}", "--window-size=800,1600",
        page.as_uri(),
    )  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 20_000
