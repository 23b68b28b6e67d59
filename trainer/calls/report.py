"""After the call: what happened (outcome), what the caller got across and when, how they
handled objections, which questions they asked, and how they sounded. Pure: record -> typed
CallReport (trainer/callreport.py), with neither the call loop nor the speech modules imported
(tests/test_layers.py)."""

from __future__ import annotations

from dataclasses import replace

from trainer.callreport import (
    AskedQuestion,
    CallDelivery,
    CallReport,
    Element,
    PlannedQuestion,
    QuestionCount,
    Timing,
)
from trainer.calls.record import CallRecord, CallTurn
from trainer.questions import Question
from trainer.render import call_report
from trainer.scoring.delivery import PACE_BAND, measure, pace_off, pace_shown, pace_tip
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import JOB_TIP, MISSING_TIPS, ScorePart, evaluate
from trainer.scoring.text import Text
from trainer.transcript import Transcript

GOOD_OUTCOMES = ("connected", "scheduled_callback", "message_left")
VOICEMAIL_LIMIT_S = 30.0
CONTACT_TIP = 'Leave a way to reach you, slowly: "You can reach me at 555 0142, again 555 0142."'
OBJECTION_TIP = "Answer the objection directly, then say again that you want information."
MISMATCH_TIP = (
    'Repeat the time they offered back exactly ("Thursday at ten, perfect"), or ask '
    "for another one: confirming a different time means a missed call."
)
OPEN_TIP = (
    'Ask open questions ("What do you find most satisfying?") rather than yes/no ones '
    '("Do you like it?"): they get stories, not one word.'
)


def build(record: CallRecord, planned: list[Question] | None = None) -> CallReport:
    scenario, conv = record.scenario, record.conversation
    caller_turns = [t for t in record.turns if t.role == "caller"]
    words = tuple(w for t in caller_turns for w in t.words)
    feedback = evaluate(Transcript(words, duration=record.caller_audio.duration))
    elements = {}
    for name in ELEMENTS:
        e = feedback.elements[name]
        expected = name in scenario.expect
        elements[name] = Element(
            e.covered, e.at_s, e.evidence, expected, e.tip if expected else None
        )
    if "contact" in scenario.expect:
        elements["contact"] = _contact(caller_turns)

    questions = []
    for t in caller_turns:
        if t.intents is None or not scenario.takes_questions:
            continue
        answered_wishes = [q for q in t.intents.wishes if q in conv.wishes_answered]
        for q in t.intents.questions + tuple(answered_wishes):
            questions.append(AskedQuestion(q.text, q.ids, q.open, t.start_s))
    asked_ids = {i for q in questions for i in q.ids}
    open_n = sum(q.open for q in questions)
    objections = list(conv.objections)
    message_s = None
    if "contact" in scenario.expect:
        spoken = [t for t in caller_turns if t.words]
        message_s = round(spoken[-1].end_s - spoken[0].start_s, 2) if spoken else None
    flags = {
        **feedback.flags,
        "no_purpose": not elements["purpose"].covered,
        "objection_missed": any(o.handled is False for o in objections),
        "yes_no_questions": bool(questions) and open_n < len(questions) / 2,
        "message_too_long": message_s is not None and message_s > VOICEMAIL_LIMIT_S,
        # The caller confirmed a different callback time from the one offered.
        "callback_time_mismatch": bool(conv.time_mismatches),
    }
    plan = None
    if planned and scenario.takes_questions:  # no career questions for a receptionist
        plan = [PlannedQuestion(q.id, q.text, q.id in asked_ids) for q in planned]
    mismatches = [f"offered {m['offered']}, you said {m['heard']}" for m in conv.time_mismatches]
    report = CallReport(
        scenario=scenario.name,
        outcome=conv.outcome or "abandoned",
        ended_by=record.ended_by,
        roles={c.id: c.role for c in scenario.characters.values()},
        turns=[t.summary() for t in record.turns],
        transcript=feedback.transcript.text,
        elements=elements,
        objections=objections,
        questions_asked=questions,
        questions=QuestionCount(
            asked=len(questions),
            open=open_n,
            yes_no=len(questions) - open_n,
            bank_ids=sorted(asked_ids),
            expected=scenario.takes_questions,
        ),
        planned_questions=plan,
        flags=flags,
        flag_evidence={
            **feedback.flag_evidence,
            **({"callback_time_mismatch": mismatches} if mismatches else {}),
        },
        delivery=_delivery(caller_turns),
        timing=_timing(record, elements, caller_turns),
        message_s=message_s,
    )
    tips = _tips(report, scenario.expect)
    breakdown = _breakdown(report, scenario.expect)
    return replace(
        report,
        score=int(round(max(0, sum(p.points for p in breakdown)))),
        score_breakdown=breakdown,
        top_fix=tips[0] if tips else "Nothing to fix: try a harder scenario.",
        tips=tips,
    )


def _contact(caller_turns: list[CallTurn]) -> Element:
    """A way to be reached (number, email), timed at the word where it starts."""
    for t in caller_turns:
        if t.intents is not None and "contact" in t.intents.intents:
            first = t.intents.at_word.get("contact", 0)
            evidence = t.intents.evidence["contact"]
            return Element(True, t.words[first].start, evidence, True, None)
    return Element(False, None, None, True, CONTACT_TIP)


def _timing(
    record: CallRecord, elements: dict[str, Element], caller_turns: list[CallTurn]
) -> Timing:
    duration = record.caller_audio.duration
    caller_s = sum(t.end_s - t.start_s for t in caller_turns if t.words)
    other_s = sum(t.end_s - t.start_s for t in record.turns if t.role != "caller")
    gaps = record.reply_gaps_s
    return Timing(
        duration_s=round(duration, 2),
        caller_talk_s=round(caller_s, 2),
        other_talk_s=round(other_s, 2),
        talk_listen_ratio=round(caller_s / other_s, 2) if other_s else None,
        time_to_purpose_s=elements["purpose"].at_s,
        reply_gaps_s=gaps,
        reply_gap_mean_s=round(sum(gaps) / len(gaps), 3) if gaps else None,
        reply_gap_max_s=max(gaps) if gaps else None,
    )


def _delivery(caller_turns: list[CallTurn]) -> CallDelivery:
    """Pace and fillers over the caller's turns; the pauses between turns are listening."""
    words = speaking = fillers = 0.0
    hedges: list[str] = []
    longest = 0.0
    for t in caller_turns:
        if not t.words:
            continue
        d = measure(Text(Transcript(tuple(t.words))))
        words += d.word_count
        speaking += d.speaking_s or 0.0
        fillers += d.filler_count
        hedges += d.hedges
        longest = max(longest, d.longest_pause_s or 0.0)
    minutes = speaking / 60
    return CallDelivery(
        word_count=int(words),
        speaking_s=round(speaking, 2),
        words_per_minute=round(words / minutes, 1) if speaking else None,
        filler_count=int(fillers),
        fillers_per_minute=round(fillers / minutes, 2) if speaking else None,
        hedges=hedges,
        longest_pause_s=round(longest, 2),
    )


def _tips(report: CallReport, expect: tuple[str, ...]) -> list[str]:
    tips = []
    flags = report.flags
    if flags["asks_for_job"]:
        tips.append(JOB_TIP)
    for o in report.objections:
        if o.handled is False:
            tips.append(o.tip or OBJECTION_TIP)
    for name in expect:
        e = report.elements.get(name)
        if e and not e.covered:
            tips.append(e.tip or MISSING_TIPS.get(name, CONTACT_TIP))
    if flags["callback_time_mismatch"]:
        tips.append(MISMATCH_TIP)
    if flags["message_too_long"]:
        tips.append(
            f"Keep a voicemail under {VOICEMAIL_LIMIT_S:.0f} seconds: name, purpose, "
            "number, and a time you'll try again."
        )
    if flags["yes_no_questions"]:
        tips.append(OPEN_TIP)
    plan = report.planned_questions
    if plan and report.outcome == "connected" and not any(q.asked for q in plan):
        tips.append("None of your planned questions came up: lead with your favourite one.")
    pace = pace_tip(report.delivery.words_per_minute)
    if pace:
        tips.append(pace)
    if flags["hedges"]:
        tips.append(
            'Skip the apologies ("sorry to bother you"): a calm, direct request sounds '
            "more confident."
        )
    return tips


def _breakdown(report: CallReport, expect: tuple[str, ...]) -> list[ScorePart]:
    """Half for what was got across, a quarter for the outcome, a quarter for conduct."""
    covered = [n for n in expect if n in report.elements and report.elements[n].covered]
    got_across = 50 * len(covered) / len(expect) if expect else 50
    parts = [
        ScorePart(
            "got_across",
            round(got_across),
            50,
            f"{len(covered)} of the {len(expect)} parts this call needs",
        ),
        ScorePart(
            "outcome",
            25 if report.outcome in GOOD_OUTCOMES else 0,
            25,
            report.outcome.replace("_", " "),
        ),
    ]
    flags = report.flags
    missed = sum(o.handled is False for o in report.objections)
    lost = [
        (15 if flags["asks_for_job"] else 0, "asked for a job"),
        (5 * missed, f"{missed} objection(s) not handled"),
        (5 if flags["message_too_long"] else 0, "voicemail too long"),
        (5 if flags["callback_time_mismatch"] else 0, "confirmed a different callback time"),
        (3 if flags["yes_no_questions"] else 0, "mostly yes/no questions"),
        (2 if flags["hedges"] else 0, "apologies"),
        (2 if pace_off(report.delivery.words_per_minute) else 0, _pace_why(report)),
    ]
    conduct = max(25 - sum(n for n, _ in lost), 0)
    why = "; ".join(f"{what} -{n}" for n, what in lost if n) or "nothing to take off"
    parts.append(ScorePart("conduct", conduct, 25, why))
    return parts


def _pace_why(report: CallReport) -> str:
    wpm = report.delivery.words_per_minute
    shown = pace_shown(wpm) if wpm is not None else None
    return f"pace {shown} words/min (aim {PACE_BAND[0]}-{PACE_BAND[1]})"


# The terminal report; progress shows stored call reports with the same function.
render = call_report
