"""The HTML progress page, rendered by a real headless browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import run_trainer
from trainer.audio.clip import Clip
from trainer.calls import report as call_report
from trainer.calls.engine import Conversation
from trainer.calls.intents import classify
from trainer.calls.record import CallRecord, CallTurn
from trainer.calls.scenario import find
from trainer.progress import html
from trainer.progress.store import Attempt, HistoryStore
from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript, Word

HOSTILE = (
    "Hi, my name is <script>document.title='pwned'</script> Ann <b>Lee</b>. I'd love to learn "
    "about your work. Would you have ten minutes? Is now a good time?"
)
FULL = (
    "Hi, my name is Ann Lee and I'm a nursing student. I'd love to learn about your work in "
    "pediatric nursing. Would you have ten minutes? Is now a good time?"
)
START = datetime(2024, 3, 4, 15, 0, tzinfo=timezone.utc)


def _chromium(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed: `make test` installs it (Debian package chromium)")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=120)


def _spoken(text: str, wpm: float, start: float = 0.5) -> Transcript:
    pieces = text.split()
    step = len(pieces) * 60 / ((len(pieces) - 0.2) * wpm)
    return Transcript(
        tuple(
            Word(w, round(start + i * step, 4), round(start + i * step + 0.8 * step, 4))
            for i, w in enumerate(pieces)
        ),
        duration=start + len(pieces) * step + 0.5,
    )


def _take(transcript: Transcript, mode: str, days: float) -> Attempt:
    a = Attempt.of_take(evaluate(transcript), "default", mode, source="take.wav")
    a.created_at = (START + timedelta(days=days)).isoformat()
    return a


def _gatekeeper_call(text: str, days: float) -> Attempt:
    scenario = find("gatekeeper")
    conv = Conversation(scenario, 0)
    conv.opening()
    spoken = _spoken(text, 140, 3.0)
    conv.reply(classify(spoken.words), text)
    words = list(spoken.words)
    turn = CallTurn("caller", text, words[0].start, words[-1].end, words=words)
    record = CallRecord(
        scenario, conv, [turn], Clip.silence(15.0), Clip.silence(15.0), [], "caller"
    )
    a = Attempt.of_call(call_report.build(record), "default")
    a.created_at = (START + timedelta(days=days)).isoformat()
    return a


@pytest.fixture
def history() -> list[Attempt]:
    """Takes over a week (one with 18.5 fillers a minute), a typed one, then gatekeeper calls."""
    ums = "Um, uh, " + FULL.replace("I'd love", "um, I'd, uh, love").replace("Would", "um, Would")
    attempts = [
        _take(_spoken(ums, 118), "score", 0),
        _take(_spoken(FULL, 175), "score", 0.01),
        _take(Transcript.from_text("Hi, my name is Ann Lee. Are you hiring?"), "text", 1),
        _take(_spoken(FULL + " " + FULL, 150), "practice", 3),
        _gatekeeper_call(
            "Hi, this is Ann Lee. I'm calling to ask Dana Reyes for some advice "
            "about her career in nursing.",
            5,
        ),
    ]
    with HistoryStore.open() as store:
        for a in attempts:
            a.id = store.save(a)
    return attempts


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
    page_html = dom.stdout
    everything = page_html[page_html.index('id="view-all"') : page_html.index('id="view-takes"')]
    for chart in ("chart-score-all", "chart-elements-all", "chart-pace-all", "chart-fillers-all"):
        assert f'id="{chart}"' in everything
    assert everything.count('class="series"') == 3  # score, pace, fillers
    assert everything.count('class="bar"') == 8  # four elements x (all, recent)
    assert "pwned" not in re.search(r"<title>(.*?)</title>", page_html).group(1)
    assert "&lt;script&gt;document.title" in page_html

    shot = tmp_path / "report.png"
    _chromium(
        f"--user-data-dir={profile_dir}",
        f"--screenshot={shot}",
        "--window-size=800,1600",
        page.as_uri(),
    )
    assert shot.exists() and shot.stat().st_size > 20_000


def _view(page: str, key: str) -> str:
    start = page.index(f'id="view-{key}"')
    end = page.find('<div class="view"', start + 1)
    return page[start : end if end > 0 else len(page)]


def test_charts_have_dated_axes_legends_and_no_clipped_values(history):
    page = html.render(history, "default")
    everything = _view(page, "all")
    dates = re.findall(r'<text class="date"[^>]*>([^<]+)</text>', everything)
    assert dates[:3] == ["Mar 4", "Mar 5", "Mar 7"]  # one label a day, in local time order
    assert everything.count('class="legend"') == 4  # one per chart
    assert "intro takes" in everything and "mock calls" in everything
    # Every point lies inside its chart: the 18.5 fillers a minute is drawn, not cut at a cap.
    for cy in re.findall(r'<circle cx="[\d.]+" cy="([-\d.]+)"', page):
        assert html.TOP <= float(cy) <= html.H - html.BOTTOM
    fillers = re.search(r'id="chart-fillers-all".*?</svg>', everything, re.S).group(0)
    top = max(float(v) for v in re.findall(r'text-anchor="end" fill="#667">([\d.]+)<', fillers))
    assert any(
        f": {history[0].delivery['fillers_per_minute']:g} a minute" in t
        for t in re.findall(r"<title>([^<]+)</title>", fillers)
    )
    assert top >= history[0].delivery["fillers_per_minute"] > 10
    assert 'width="640"' not in page and 'viewBox="0 0 640' in page  # scales with the window


def test_filters_split_takes_from_calls_and_every_attempt_is_listed(history):
    page = html.render(history, "default")
    assert re.findall(r'<input type="radio" name="view" id="v-(\w+)"', page) == [
        "all",
        "takes",
        "calls",
    ]
    assert "<script" not in page  # the filters are CSS only
    for key, n in (("all", 5), ("takes", 4), ("calls", 1)):
        rows = re.findall(r"<tr><td>(\d+)</td>", _view(page, key))
        assert len(rows) == n, key
    assert _view(page, "takes").count("gatekeeper") == 0
    assert "Mock calls (1)" in page and "Intro takes (4)" in page


def test_a_call_shows_only_the_parts_its_scenario_expects(history):
    calls = _view(html.render(history, "default"), "calls")
    latest = calls[calls.index("Latest feedback") : calls.index("All attempts")]
    assert "Identify yourself" in latest
    assert "Ask for a bounded time" not in latest and "Check it is convenient" not in latest
    row = re.search(r"<tr><td>\d+</td>.*?</tr>", calls).group(0)
    assert row.count('class="na"') == 2  # time and convenience: not expected at reception


def test_the_page_fits_a_narrow_window(tmp_path, history):
    """In a narrow window (headless Chromium allows 500 px at least) nothing makes the page
    scroll sideways: charts and the table scroll inside their own boxes."""
    page = html.render(history, "default")
    probe = (  # a test-only copy of the page that writes its own width into the DOM
        "<script>document.body.setAttribute('data-width', "
        "document.documentElement.scrollWidth + '/' + window.innerWidth)</script></body>"
    )
    test_page = tmp_path / "probe.html"
    test_page.write_text(page.replace("</body>", probe))
    dom = _chromium(
        f"--user-data-dir={tmp_path / 'chrome'}",
        "--window-size=400,2400",
        "--dump-dom",
        test_page.as_uri(),
    )
    width, window = map(int, re.search(r'data-width="(\d+)/(\d+)"', dom.stdout).groups())
    assert window <= 520 and width <= window, (width, window)
    shot = tmp_path / "narrow.png"
    (tmp_path / "report.html").write_text(page)
    _chromium(
        f"--user-data-dir={tmp_path / 'chrome'}",
        f"--screenshot={shot}",
        "--window-size=400,2400",
        (tmp_path / "report.html").as_uri(),
    )
    assert shot.exists() and shot.stat().st_size > 20_000
