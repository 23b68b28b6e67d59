"""Feedback that agrees with itself: one pace band, an explained score, each tip said once."""

from __future__ import annotations

import pytest

from trainer import render
from trainer.audio.clip import Clip
from trainer.calls import report as call_report
from trainer.calls.engine import Conversation
from trainer.calls.intents import classify
from trainer.calls.record import CallRecord, CallTurn
from trainer.calls.scenario import find
from trainer.scoring.delivery import PACE_BAND, pace_off
from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript, Word

COMPLETE = (
    "Hi, my name is Ann Lee and I'm a nursing student. I'd love to learn about your work in "
    "pediatric nursing, for advice, not a job. Would you have ten minutes? Is now a good time?"
)


def at_pace(text: str, wpm: float, start: float = 0.5) -> Transcript:
    """`text` spoken evenly at exactly `wpm` (as delivery.py measures it)."""
    pieces = text.split()
    n = len(pieces)
    step = n * 60 / ((n - 0.2) * wpm)  # speaking time = (n - 1) steps + one word of 0.8 step
    words = tuple(
        Word(w, round(start + i * step, 4), round(start + i * step + 0.8 * step, 4))
        for i, w in enumerate(pieces)
    )
    return Transcript(words, duration=start + n * step + 0.5)


def pace_tips(fb) -> list[str]:
    return [t for t in fb.tips if "words a minute" in t]


@pytest.mark.parametrize("wpm", [119.6, 120.0, 160.0, 160.4])
def test_a_pace_shown_inside_the_band_gets_no_pace_tip_or_deduction(wpm):
    fb = evaluate(at_pace(COMPLETE + " " + COMPLETE, wpm))
    shown = render.report(fb, "take")
    assert f"{round(wpm)} words/min (aim {PACE_BAND[0]}-{PACE_BAND[1]})" in shown
    assert pace_tips(fb) == [] and pace_off(fb.delivery.words_per_minute) == 0
    pace = next(p for p in fb.score_breakdown if p.part == "pace")
    assert pace.points == pace.max


@pytest.mark.parametrize("wpm,word", [(110.0, "Pick up"), (175.0, "Slow down")])
def test_a_pace_outside_the_band_gets_a_tip_and_loses_points(wpm, word):
    fb = evaluate(at_pace(COMPLETE + " " + COMPLETE, wpm))
    assert len(pace_tips(fb)) == 1 and word in pace_tips(fb)[0]
    assert f"{round(wpm)} words a minute" in pace_tips(fb)[0]
    pace = next(p for p in fb.score_breakdown if p.part == "pace")
    assert pace.points < pace.max and fb.score < 100


def test_a_perfect_take_scores_100_and_every_lost_point_is_explained():
    perfect = evaluate(at_pace(COMPLETE + " " + COMPLETE, 140))
    assert perfect.score == 100 and perfect.top_fix.startswith("Nothing to fix")
    typed = evaluate(Transcript.from_text(COMPLETE))
    assert typed.score == 100

    slow = evaluate(at_pace("Um, " + COMPLETE + " Sorry to bother you.", 100))
    d = slow.to_dict()
    parts = d["score_breakdown"]
    assert sum(p["points"] for p in parts) == d["score"]
    assert sum(p["max"] for p in parts) == 100
    assert {
        "identification",
        "purpose",
        "time_request",
        "convenience_check",
        "pace",
        "fillers",
        "pauses",
        "length",
        "hedges",
    } <= {p["part"] for p in parts}
    text = render.report(slow, "take")
    assert "made of:" in text
    for p in parts:
        if p["points"] < p["max"] or p["points"] < 0:
            assert f"-{p['max'] - p['points']} " in text and p["why"] in text


def test_no_tip_is_printed_twice():
    fb = evaluate(Transcript.from_text("Hello there. Sorry to bother you, I know you're busy."))
    assert len(fb.tips) >= 4
    text = render.report(fb, "take")
    for tip in fb.tips:
        assert text.count(tip) == 1, tip


def test_a_slow_voicemail_is_told_about_its_pace():
    text = (
        "Hi, this is Jordan Lee, a nursing student. I'd love to learn about your work, for "
        "advice. You can reach me at 555 0142. Thanks, bye."
    )
    scenario = find("voicemail")
    conv = Conversation(scenario, 0)
    conv.opening()
    spoken = at_pace(text, 110, start=3.0)
    conv.reply(classify(spoken.words), text)
    words = list(spoken.words)
    turns = [CallTurn("caller", text, words[0].start, words[-1].end, words=words)]
    record = CallRecord(scenario, conv, turns, Clip.silence(20.0), Clip.silence(20.0), [], "caller")
    report = call_report.build(record)
    assert any("Pick up the pace" in t and "110 words a minute" in t for t in report.tips)
    assert not report.top_fix.startswith("Nothing to fix")
    assert sum(p.points for p in report.score_breakdown) == report.score
    shown = call_report.render(report)
    for tip in report.tips:
        assert shown.count(tip) == 1, tip


def test_a_job_ask_in_unsurely_heard_words_is_told_but_not_flagged_or_scored():
    def take(probability: float) -> Transcript:
        text = "Hi, my name is Ann Lee. Are you hiring at the moment? Is now a good time?"
        words = []
        for i, w in enumerate(text.split()):
            unsure = 6 <= i <= 11  # "Are you hiring at the moment?"
            words.append(Word(w, i * 0.4, i * 0.4 + 0.3, probability if unsure else 0.95))
        return Transcript(tuple(words), duration=len(words) * 0.4 + 1)

    clear, garbled = evaluate(take(0.9)), evaluate(take(0.3))
    assert clear.flags["asks_for_job"] and not clear.flags["asks_for_job_unclear"]
    assert not garbled.flags["asks_for_job"] and garbled.flags["asks_for_job_unclear"]
    assert garbled.flag_evidence["asks_for_job_unclear"] == ["Are you hiring at the moment?"]
    assert garbled.score > clear.score  # no deduction for what was not clearly said
    shown = render.report(garbled, "take")
    assert 'Heard unclearly, so not counted as a job ask: "Are you hiring at the moment?"' in shown
    assert "Heard unclearly" not in render.report(clear, "take")
