"""Reports that fit the scenario: question coaching only where someone answers questions, a
request to be put through is not a career question, no empty sections, and a confirmed
callback time that differs from the offer is flagged."""

from __future__ import annotations

from trainer import questions
from trainer.audio.clip import Clip
from trainer.callreport import CallReport
from trainer.calls import report as call_report
from trainer.calls.engine import Conversation
from trainer.calls.intents import classify
from trainer.calls.record import CallRecord, CallTurn
from trainer.calls.scenario import find
from trainer.progress import views
from trainer.progress.store import Attempt
from trainer.transcript import Transcript


def typed_call(scenario: str, *texts: str, seed: int = 0) -> CallReport:
    """A call from typed turns through the real engine and classifier, reported."""
    sc = find(scenario)
    conv = Conversation(sc, seed)
    turns, t = [], 0.0
    for u in conv.opening():
        turns.append(CallTurn(u.character, u.text, t, t + 2.0, u.state))
        t += 2.5
    for text in texts:
        if conv.ended:
            break
        words = [
            w.__class__(w.text, (w.start or 0) + t, (w.end or 0) + t, w.probability)
            for w in Transcript.from_text(text).words
        ]
        intents = classify(words)
        turns.append(CallTurn("caller", text, words[0].start, words[-1].end, None, intents, words))
        t = words[-1].end + 0.5
        for u in conv.reply(intents, text):
            turns.append(CallTurn(u.character, u.text, t, t + 2.0, u.state))
            t += 2.5
    conv.hang_up()
    record = CallRecord(sc, conv, turns, Clip.silence(t), Clip.silence(t), [0.1], "caller")
    plan = questions.by_id(["qualities", "advice", "salary"])
    return call_report.build(record, plan)


def test_a_receptionist_call_gets_no_career_question_coaching():
    report = typed_call(
        "gatekeeper",
        "Hi, this is Jordan Lee. Could I speak with Karen Wells?",
        "It's about some career advice; I'm exploring her field.",
    )
    assert report.outcome == "connected"
    assert report.questions_asked == [] and report.planned_questions is None
    assert not report.flags["yes_no_questions"]
    assert "open questions" not in report.top_fix and call_report.OPEN_TIP not in report.tips
    text = call_report.render(report)
    assert "Questions asked" not in text and "Your plan" not in text


def test_no_empty_questions_section_on_a_voicemail():
    message = (
        "Hi Dana, this is Jordan Lee, a nursing student, calling for advice about your "
        "work. You can reach me at 555 123 4567."
    )
    report = typed_call("voicemail", message)
    assert report.outcome == "message_left"
    assert "Questions asked" not in call_report.render(report)


def test_questions_are_coached_where_the_expert_answers_them():
    intro = "Hi Dana, I'm Jordan Lee, a nursing student. I'd love your advice about your career."
    report = typed_call("friendly-expert", intro, "What qualities do you need?")
    text = call_report.render(report)
    assert "Questions asked: 1" in text and "Your plan:" in text
    assert [q.asked for q in report.planned_questions] == [True, False, False]


def test_a_different_callback_time_is_flagged_and_costs_points():
    report = typed_call(
        "busy-expert",
        "Hi Dana, it's Jordan Lee, a nursing student.",
        "Of course. Could I call you back another time?",
        "Great, Thursday at 2 works, thanks.",
    )
    assert report.flags["callback_time_mismatch"]
    assert report.outcome != "scheduled_callback" and report.score < 100
    assert call_report.MISMATCH_TIP in report.tips
    agreed = typed_call(
        "busy-expert",
        "Hi Dana, it's Jordan Lee, a nursing student.",
        "Of course. Could I call you back another time?",
        "Yes, Thursday at ten works. Thank you.",
    )
    assert agreed.outcome == "scheduled_callback"
    assert not agreed.flags["callback_time_mismatch"]


def test_a_stored_call_is_shown_as_it_was_printed():
    report = typed_call("voicemail", "Hi Dana, this is Jordan Lee. You can reach me at 555 0142.")
    d = report.to_dict()
    attempt = Attempt("default", "call", "", d["elements"], d["flags"], {}, report.score, d)
    attempt.id, attempt.created_at = 7, "2024-05-01T10:00:00"
    shown = views.show(attempt)
    assert shown == call_report.render(report, "Attempt 7: call, 2024-05-01 10:00")
    assert "Call: " in shown and "Fix first:" in shown
