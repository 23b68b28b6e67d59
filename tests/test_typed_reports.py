"""Reports stay typed until they are written out (issue #16). A report turned into JSON reads
back into the same typed object, and the renderers, given the typed objects, print exactly what
they printed from the JSON before: tests/data/reports/rendered.json was written by the
dict-based renderers (commit 1d46c86) from the stored reports in takes.json and calls.json,
"older" being a report kept before later versions added fields."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.calls.test_report_fit import typed_call
from tests.scoring.test_feedback_consistency import COMPLETE, at_pace
from trainer import app, render
from trainer.callreport import CallReport
from trainer.progress import views
from trainer.progress.store import Attempt, HistoryStore
from trainer.scoring.feedback import Feedback, evaluate
from trainer.transcript import Replay, Transcript

DATA = Path(__file__).parent / "data" / "reports"
TAKES: dict[str, dict] = json.loads((DATA / "takes.json").read_text("utf-8"))
CALLS: dict[str, dict] = json.loads((DATA / "calls.json").read_text("utf-8"))
RENDERED: dict[str, str] = json.loads((DATA / "rendered.json").read_text("utf-8"))
CURRENT_TAKES = [name for name in TAKES if name != "older"]
CURRENT_CALLS = [name for name in CALLS if name != "older"]
SCRIPT = (
    "Hi, my name is Ann Lee. I am a nursing student at State. I'd love to learn about your "
    "work. Would you have ten or fifteen minutes to talk? Is now a good time?"
)


def _json(d: dict) -> str:
    """The bytes an output writes: key order counts."""
    return json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize("name", CURRENT_TAKES)
def test_a_stored_intro_report_reads_back_typed_and_writes_the_same_json(name):
    stored = TAKES[name]
    fb = Feedback.from_dict(stored)
    assert _json(fb.to_dict()) == _json(stored)
    assert Feedback.from_dict(json.loads(_json(fb.to_dict()))) == fb


@pytest.mark.parametrize(
    "transcript,script",
    [
        (
            Transcript.from_text(
                "Um, sorry to bother you. Are you hiring? Could we talk for an hour?"
            ),
            SCRIPT,
        ),
        (at_pace("Um, uh, " + COMPLETE + " Sorry to bother you.", 175), None),
        (
            Transcript(
                at_pace("Hi, my name is Ann Lee. Is now a good time?", 130).words,
                9.0,
                replays=(Replay(0.9, at_pace(COMPLETE, 130)),),
            ),
            None,
        ),
    ],
    ids=["typed, with a script", "timed", "replayed"],
)
def test_a_fresh_take_goes_typed_to_json_to_typed_to_the_same_json(transcript, script):
    d = evaluate(transcript, script).to_dict()
    back = Feedback.from_dict(json.loads(_json(d)))
    assert _json(back.to_dict()) == _json(d)


@pytest.mark.parametrize("name", CURRENT_CALLS)
def test_a_stored_call_report_reads_back_typed_and_writes_the_same_json(name):
    stored = CALLS[name]
    report = CallReport.from_dict(stored)
    assert _json(report.to_dict()) == _json(stored)
    assert CallReport.from_dict(json.loads(_json(report.to_dict()))) == report


def test_a_fresh_call_goes_typed_to_json_to_typed_unchanged():
    report = typed_call(
        "busy-expert",
        "Hi Dana, it's Jordan Lee, a nursing student. Sorry to bother you.",
        "Of course. Could I call you back another time?",
        "Great, Thursday at 2 works, thanks.",
    )
    assert report.objections and report.flag_evidence["callback_time_mismatch"]
    kept = replace(report, kept={"field": "nursing", "recording": None, "id": 4})
    for r in (report, kept):
        back = CallReport.from_dict(json.loads(_json(r.to_dict())))
        assert back == r and _json(back.to_dict()) == _json(r.to_dict())
    assert list(kept.to_dict())[-3:] == ["field", "recording", "id"]


@pytest.mark.parametrize("name", list(TAKES))
def test_the_take_report_from_typed_feedback_is_the_text_it_was(name):
    fb = Feedback.from_dict(TAKES[name])
    assert render.report(fb, name, name == "timed", "your script") == RENDERED[f"take {name}"]


@pytest.mark.parametrize("name", list(TAKES))
def test_a_printed_take_has_its_quoted_text_made_printable_as_before(name):
    out = io.StringIO()
    app.emit_one(app.TakeResult(name + "\x1b[2J.wav", Feedback.from_dict(TAKES[name])), False, out)
    assert out.getvalue() == RENDERED[f"printed take {name}"]
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()


@pytest.mark.parametrize("name", list(CALLS))
def test_the_call_report_from_a_typed_report_is_the_text_it_was(name):
    title = "Attempt 7: call, 2024-05-01 10:00" if name == "mismatch" else None
    text = render.call_report(CallReport.from_dict(CALLS[name]), title)
    assert text == RENDERED[f"call {name}"]


def test_the_renderers_take_typed_reports_not_json():
    with pytest.raises(AttributeError):
        render.report(TAKES["typed"], "take")
    with pytest.raises(AttributeError):
        render.call_report(CALLS["connected"])


def test_the_history_reads_attempts_back_typed_and_writes_their_json_unchanged():
    fb = evaluate(Transcript.from_text(COMPLETE))
    take = app.to_attempt(app.TakeResult("--text", fb), "default", "text", None)
    call = typed_call("voicemail", "Hi Dana, this is Jordan Lee. You can reach me at 555 0142.")
    call = replace(call, kept={"field": None})
    older = Attempt("default", "call", "", {}, {}, {}, 0, CALLS["older"], scenario="busy-expert")
    with HistoryStore.open() as store:
        ids = [store.save(a) for a in (take, Attempt.of_call(call, "default"), older)]
        back = [store.get(i, "default") for i in ids]

    assert back[0].feedback == Feedback.from_dict(fb.to_dict())
    assert back[1].call == call
    assert back[2].call == CallReport.from_dict(CALLS["older"])
    for a, stored in zip(back, (fb.to_dict(), call.to_dict(), CALLS["older"]), strict=True):
        assert _json(a.to_dict()["report"]) == _json(stored)  # `show --json`, export, the web

    title = f"Attempt {ids[0]}: text, {back[0].created_at.replace('T', ' ')[:16]}"
    assert views.show(back[0]) == render.report(fb, title)
    title = f"Attempt {ids[2]}: call, {back[2].created_at.replace('T', ' ')[:16]}"
    assert views.show(back[2]) == render.call_report(CallReport.from_dict(CALLS["older"]), title)


def test_a_call_report_tells_an_unclearly_heard_job_ask_without_flagging_it():
    call = typed_call("gatekeeper", "Hi, this is Ann Lee, I'd love advice about your field.")
    flags = {**call.flags, "asks_for_job": False, "asks_for_job_unclear": True}
    evidence = {**call.flag_evidence, "asks_for_job_unclear": ["can you look all day"]}
    shown = render.call_report(replace(call, flags=flags, flag_evidence=evidence))
    assert 'Heard unclearly, so not counted as a job ask: "can you look all day"' in shown
    assert "Heard unclearly" not in render.call_report(call)
