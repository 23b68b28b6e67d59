"""The page end to end in headless Chromium: its own microphone code (an AudioWorklet fed by
Chromium's fake capture device, playing a spoken WAV) streams into the live loop; the parts
tick while the take is going, the report appears; a mock call runs to its outcome; progress
shows the attempts."""

from __future__ import annotations

import json
import time

from tests.web.conftest import INTRO, page_errors, spoken
from trainer.scoring.elements import ELEMENTS

PARTIALS_SHOWN = """() => {
  window.partialsShown = 0;
  const added = (records) => records.forEach((r) => r.addedNodes.forEach((n) => {
    if (n.classList && n.classList.contains("partial")) window.partialsShown += 1;
  }));
  new MutationObserver(added).observe(document.querySelector("[data-role=transcript]"), {
    childList: true,
  });
}"""


def _open(chromium, web, wav=None, hash_="practice", width=1280, height=900, query=""):
    page = chromium(wav).new_page(viewport={"width": width, "height": height})
    errors = page_errors(page)
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(f"{web.base}/?{query}token={web.token}#{hash_}")
    page.wait_for_selector(f'body[data-ready="{hash_}"]', state="attached")
    return page, errors, hosts


def test_practice_in_the_page_ticks_live_then_reports(web, chromium, tmp_path):
    # Silence first: Dana says hello (the microphone is muted meanwhile); then the intro;
    # then more silence than the end of the turn needs (the fake device loops the file).
    wav = spoken(tmp_path, "intro", INTRO, lead_s=5.0, tail_s=6.0)
    page, errors, hosts = _open(chromium, web, wav)
    assert page.locator("[data-element]").count() == 4
    for name in ELEMENTS:
        assert page.get_attribute(f"[data-element={name}]", "data-covered") == "false"
    sent: list[str] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda f: sent.append(f) if isinstance(f, str) else None),
    )
    # Count the provisional hearings shown (greyed) while a sentence goes on.
    page.evaluate(PARTIALS_SHOWN)
    page.click("[data-action=start]")

    # Ticks arrive while the take is still going (Stop still live, no report yet).
    page.wait_for_selector("[data-element=identification][data-covered=true]", timeout=30_000)
    assert page.is_enabled("[data-action=stop]")
    assert page.is_hidden("[data-role=report]")

    page.wait_for_selector("[data-role=report]:not([hidden])", timeout=60_000)
    report = page.inner_text("[data-role=report]")
    for name in ELEMENTS:  # the report's text says what was heard when a part is missed
        covered = page.get_attribute(f"[data-element={name}]", "data-covered")
        assert covered == "true", (name, report[:600])
    assert "fix first" in report.lower() and "Delivery" in report and "Maria" in report
    # Hearings of sentences still being said were shown, and each gave way to its phrase.
    assert page.evaluate("window.partialsShown") > 0
    assert page.locator("[data-role=transcript] .partial").count() == 0
    assert "Made of: name 20/20" in report  # the score's breakdown, as the terminal shows it
    assert page.is_enabled("[data-action=start]")

    # The take plays back with its words lit as they are said.
    page.click("[data-role=report] .words .w >> nth=0")
    page.wait_for_selector("[data-role=report] .words .w.now", timeout=10_000)
    history = web.request("/api/history").json()
    assert [a["mode"] for a in history] == ["practice"]
    start = json.loads(sent[0])  # the browser resamples to 16 kHz itself
    assert start == {"type": "start", "rate": 16000, "opening": True}
    assert hosts == {f"127.0.0.1:{web.port}"}
    assert not errors, errors


def test_a_mock_call_in_the_page_runs_to_its_outcome(web, chromium, tmp_path):
    # The receptionist's greeting (seed 1) lasts 4.3 s from when it is rendered, which takes
    # longer on a busy machine; the caller answers once, at 9 s, and they wait up to 12 s.
    wav = spoken(
        tmp_path,
        "caller",
        ["Hi, my name is Jordan Lee. I'd love to learn about her work in user research."],
        lead_s=9.0,
        tail_s=14.0,
    )
    page, errors, _ = _open(chromium, web, wav, "call", query="seed=1&wait=12&")
    voice_bytes: list[int] = []
    frames: list[str] = []  # when each event came: shown if the call goes wrong
    begin = time.monotonic()

    def on_frame(frame: str | bytes) -> None:
        if isinstance(frame, bytes):
            voice_bytes.append(len(frame))
        else:
            frames.append(f"{time.monotonic() - begin:.1f}s {frame[:90]}")

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.select_option("[data-role=scenario]", "gatekeeper")
    page.click("[data-action=call]")
    page.wait_for_selector("[data-role=turn][data-who=you]", timeout=20_000)
    page.wait_for_selector("[data-role=call-report]:not([hidden])", timeout=60_000)

    bubbles = page.locator("[data-role=chat] li")
    chat = [bubbles.nth(i).inner_text() for i in range(bubbles.count())]
    outcome = page.get_attribute("[data-role=outcome]", "data-outcome")
    assert outcome == "connected", (chat, frames)
    assert bubbles.count() == 3
    assert "them" in bubbles.nth(0).get_attribute("class")
    assert "you" in bubbles.nth(1).get_attribute("class")
    assert "Jordan" in bubbles.nth(1).inner_text()
    assert bubbles.nth(1).locator("time").inner_text().startswith("0:")
    assert sum(voice_bytes) > 16_000 * 2 * 2  # the character's lines were played in the page
    history = web.request("/api/history").json()
    assert history[0]["mode"] == "call" and history[0]["scenario"] == "gatekeeper"
    assert not errors, errors


def test_progress_shows_the_attempts_with_charts_and_opens_one(web, chromium, make_take):
    take = make_take(" ".join(INTRO))
    assert web.request("/api/score?name=take.wav", "POST", take.read_bytes()).status == 200
    from tests.conftest import run_trainer

    for text in ("Hi, my name is Ana. Is now a good time?", "Could I have ten minutes?"):
        assert run_trainer("score", "--text", text).returncode == 0
    page, errors, hosts = _open(chromium, web, None, "progress")
    assert page.inner_text('[data-figure="attempts"] b') == "3"
    assert page.locator("[data-role=attempts] tr[data-attempt]").count() == 3
    for chart in ("score", "parts", "delivery"):
        box = f'[data-chart="{chart}"]'
        assert page.locator(f"{box} svg").count() == 1, chart
        assert page.locator(f"{box} .legend li").count() >= 1, chart
        # Dates on the x axis: attempts from one day are labelled by time, the day below.
        assert page.locator(f"{box} svg text").count() > 4, chart
    assert page.locator('[data-chart="score"] circle').count() == 3
    assert page.locator('[data-chart="delivery"] circle').count() == 1  # only the spoken one

    page.click("tr[data-attempt] >> nth=2")  # the oldest: the recording
    page.wait_for_selector("[data-role=attempt-report]:not([hidden])")
    assert (
        "take.wav" in page.inner_text("[data-role=attempt-report]")
        or page.locator("[data-role=attempt-report] audio").count() == 1
    )
    assert page.locator("[data-role=attempt-report] audio").count() == 1

    exported = page.evaluate("fetch('/api/history').then((r) => r.json())")
    assert [a["id"] for a in exported] == [a["id"] for a in web.request("/api/history").json()]
    href = page.get_attribute("[data-action=export-csv]", "href")
    assert page.evaluate(f"fetch('{href}').then((r) => r.status)") == 200
    assert hosts == {f"127.0.0.1:{web.port}"}
    assert not errors, errors


def test_an_unclearly_heard_job_ask_is_shown_but_not_flagged(web, chromium):
    """A take whose job ask was heard in unsure words (low word probabilities, as a garbled
    phone line gives): the report tells the words and that they were not counted."""
    from trainer.progress.store import Attempt, HistoryStore
    from trainer.scoring.feedback import evaluate
    from trainer.transcript import Transcript, Word

    said = "Hi, my name is Ana Ruiz. Are you hiring any interns this summer?".split()
    words = tuple(
        Word(w, start=i * 0.4, end=i * 0.4 + 0.3, probability=0.95 if i < 6 else 0.4)
        for i, w in enumerate(said)
    )
    feedback = evaluate(Transcript(words, duration=len(words) * 0.4))
    flags = feedback.to_dict()["flags"]
    assert flags["asks_for_job_unclear"] and not flags["asks_for_job"], flags
    HistoryStore.open().save(Attempt.of_take(feedback, "default", "score", source="take.wav"))
    page, errors, _ = _open(chromium, web, None, "progress")
    page.click("tr[data-attempt] >> nth=0")
    alert = page.wait_for_selector("[data-role=attempt-report] [data-role=job-unclear]")
    assert "hiring" in alert.inner_text() and "not counted" in alert.inner_text()
    assert "warn" in (alert.get_attribute("class") or "")  # shown as a notice, not plain text
    assert page.locator("[data-role=attempt-report] [data-role=job-flag]").count() == 0
    assert not errors, errors


def test_every_page_fits_a_phone_and_a_laptop(web, chromium, tmp_path):
    """Screenshots of each page at both widths (kept under the test's tmp dir), and nothing
    wider than the window on a phone."""
    run_trainer_texts = ("Hi, my name is Ana. Is now a good time?",)
    from tests.conftest import run_trainer

    for text in run_trainer_texts:
        assert run_trainer("score", "--text", text).returncode == 0
    browser = chromium()
    for width, height in ((1280, 860), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        errors = page_errors(page)
        page.goto(web.url)
        for name in ("practice", "call", "script", "progress"):
            page.evaluate(f"location.hash = '#{name}'")
            page.wait_for_selector(f'body[data-ready="{name}"]', state="attached")
            time.sleep(0.2)
            overflow = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
            assert overflow <= 0, (name, width, overflow)
            page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        assert not errors, errors
        page.close()
