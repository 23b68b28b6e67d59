"""Turns detections and measurements into feedback: tips, flags, an overall score, and the one
thing to fix first. Pure: the same transcript always gives the same feedback."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.scoring import adherence as adherence_mod
from trainer.scoring.delivery import LENGTH_BAND_S, PACE_BAND, Delivery, measure
from trainer.scoring.elements import (
    ELEMENTS,
    LONG_TIME_MINUTES,
    ElementReport,
    Finding,
    detect,
    detect_hearings,
)
from trainer.scoring.text import Text
from trainer.transcript import Transcript
from trainer.understanding.judge import Understand

LABELS = {
    "identification": "Identify yourself",
    "purpose": "State the purpose (information, not a job)",
    "time_request": "Ask for a bounded time",
    "convenience_check": "Check it is convenient",
}
MISSING_TIPS = {
    "identification": 'Say your name first: "Hi, my name is ... and I\'m a ...".',
    "purpose": "Say why you call, and that it is for information: \"I'm exploring a career in "
    '... and would love to learn about your experience."',
    "time_request": 'Ask for a bounded amount of time: "Would you have ten or fifteen minutes '
    'to talk?"',
    "convenience_check": 'Check it suits them: "Is now a good time, or could we schedule '
    'another time?"',
}
VAGUE_TIME_TIP = (
    'Be specific: "ten or fifteen minutes" is easier to say yes to than a vague amount.'
)
LONG_TIME_TIP = (
    f"Ask for {LONG_TIME_MINUTES} minutes or less on a first call; offer more only if they offer."
)
JOB_TIP = (
    "Don't ask for a job or pitch yourself: say you're looking for information and advice "
    "(\"I'm not looking for a job; I'd like to learn about your work\")."
)
# What to fix first, most important first.
PRIORITY = ("asks_for_job", *ELEMENTS, "time_long", "time_vague", "order", "pace", "fillers",
            "length", "hedges", "pauses", "adherence")  # fmt: skip


@dataclass(frozen=True)
class ElementResult:
    covered: bool
    evidence: str | None
    tip: str | None
    at_s: float | None = None
    minutes: int | None = None
    replay_speed: float | None = None  # heard only on a replay of the take at this speed
    confidence: float = 0.0  # the classifier's probability that the part was said (0-1)

    def to_dict(self) -> dict:
        d = {"covered": self.covered, "evidence": self.evidence, "tip": self.tip,
             "at_s": self.at_s, "replay_speed": self.replay_speed,
             "confidence": self.confidence}  # fmt: skip
        if self.minutes is not None:
            d["minutes"] = self.minutes
        return d


@dataclass(frozen=True)
class Feedback:
    transcript: Transcript
    elements: dict[str, ElementResult]
    flags: dict[str, bool]
    flag_evidence: dict[str, list[str]]
    referral: str | None
    order: dict[str, object]
    delivery: Delivery
    score: int
    top_fix: str
    tips: list[str] = field(default_factory=list)
    adherence: adherence_mod.Adherence | None = None

    def to_dict(self) -> dict:
        t = self.transcript
        d: dict[str, object] = {
            "transcript": t.text,
            "words": [
                {"word": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                for w in t.words
            ],
            "replays": [{"speed": r.speed, "transcript": r.heard.text} for r in t.replays],
            "elements": {name: r.to_dict() for name, r in self.elements.items()},
            "flags": dict(self.flags),
            "flag_evidence": self.flag_evidence,
            "referral": {"mentioned": self.referral is not None, "evidence": self.referral},
            "order": self.order,
            "delivery": self.delivery.to_dict(),
            "score": self.score,
            "top_fix": self.top_fix,
            "tips": self.tips,
        }
        if self.adherence is not None:
            d["adherence"] = self.adherence.to_dict()
        return d


def evaluate(
    transcript: Transcript, script: str | None = None, understand: Understand | None = None
) -> Feedback:
    """The whole analysis of one take (or typed script).

    `understand` judges what words mean (the sentence model by default, loaded on first use).
    """
    if understand is None:
        from trainer.understanding.judge import understand
    text = Text(transcript)
    replays = [(r.speed, (Text(r.heard), understand(r.heard.words))) for r in transcript.replays]
    found = detect_hearings((text, understand(transcript.words)), replays)
    delivery = measure(text)
    elements = {name: _element_result(name, f) for name, f in found.elements.items()}
    time_f = found.elements["time_request"]
    flags = {
        "asks_for_job": bool(found.job_quotes),
        "time_vague": time_f.covered and time_f.note == "vague",
        "time_long": time_f.covered and time_f.note == "long",
        "hedges": bool(delivery.hedges),
    }
    flag_evidence = {
        "asks_for_job": list(found.job_quotes),
        "hedges": list(delivery.hedges),
    }
    order = _order(found, text)
    adherence = None
    if script is not None:
        script_text = Text(Transcript.from_text(script))
        adherence = adherence_mod.compare(script_text, text)
        in_script = detect(script_text, understand(script_text.words)).elements
        lost = [n for n in ELEMENTS if in_script[n].covered and not found.elements[n].covered]
        adherence = adherence_mod.Adherence(
            adherence.similarity, adherence.skipped, adherence.added, lost
        )
    issues = _issues(elements, flags, order, delivery, adherence)
    score = _score(elements, flags, order, delivery, transcript.timed)
    top_fix = issues[0][1] if issues else "Nothing to fix: keep practising until it feels natural."
    return Feedback(
        transcript=transcript,
        elements=elements,
        flags=flags,
        flag_evidence=flag_evidence,
        referral=found.referral.evidence if found.referral.covered else None,
        order=order,
        delivery=delivery,
        score=score,
        top_fix=top_fix,
        tips=[tip for _, tip in issues],
        adherence=adherence,
    )


def _element_result(name: str, f: Finding) -> ElementResult:
    tip = None
    if not f.covered:
        tip = MISSING_TIPS[name]
    elif name == "time_request" and f.note == "vague":
        tip = VAGUE_TIME_TIP
    elif name == "time_request" and f.note == "long":
        tip = LONG_TIME_TIP
    at = round(f.at_s, 2) if f.at_s is not None else None
    return ElementResult(f.covered, f.evidence, tip, at, f.minutes, f.replay, f.confidence)


def _order(found: ElementReport, text: Text) -> dict[str, object]:
    """Name first, purpose early (before asking for time), as the classic script goes."""
    positions = {n: f.first_word for n, f in found.elements.items() if f.covered}
    ident, purpose, time_req = (positions.get(n) for n in ELEMENTS[:3])
    name_first = ident is not None and ident == min(positions.values())
    total = max(len(text.words), 1)
    purpose_early = purpose is not None and (
        (time_req is None or purpose < time_req) and (purpose / total <= 0.6 or purpose <= 40)
    )
    sequence = sorted(positions, key=lambda n: positions[n])
    return {"name_first": name_first, "purpose_early": purpose_early, "sequence": sequence}


def _issues(elements, flags, order, delivery: Delivery, adherence) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    if flags["asks_for_job"]:
        found["asks_for_job"] = JOB_TIP
    for name in ELEMENTS:
        if not elements[name].covered:
            found[name] = MISSING_TIPS[name]
    if flags["time_long"]:
        found["time_long"] = LONG_TIME_TIP
    if flags["time_vague"]:
        found["time_vague"] = VAGUE_TIME_TIP
    if elements["identification"].covered and not order["name_first"]:
        found["order"] = "Open with your name, before anything else, so they know who is calling."
    elif elements["purpose"].covered and not order["purpose_early"]:
        found["order"] = (
            "State your purpose early, right after your name and before asking for time."
        )
    wpm = delivery.words_per_minute
    band = f"aim for {PACE_BAND[0]}-{PACE_BAND[1]}"
    if wpm is not None and wpm > PACE_BAND[1]:
        found["pace"] = f"Slow down: {wpm:.0f} words a minute; {band}."
    elif wpm is not None and wpm < PACE_BAND[0]:
        found["pace"] = f"Pick up the pace a little: {wpm:.0f} words a minute; {band}."
    fpm = delivery.fillers_per_minute
    if delivery.filler_count >= 2 and (fpm is None or fpm > 3):
        top = ", ".join(
            f'"{k}" x{v}' for k, v in sorted(delivery.fillers.items(), key=lambda kv: -kv[1])[:3]
        )
        found["fillers"] = f"Cut the fillers ({top}): a short silent pause sounds more confident."
    if delivery.speaking_s is not None:
        if delivery.speaking_s < LENGTH_BAND_S[0]:
            found["length"] = "That was very short: make sure the four parts each get a sentence."
        elif delivery.speaking_s > LENGTH_BAND_S[1]:
            found["length"] = "Keep the intro under a minute: save your story for the conversation."
    if delivery.hedges:
        found["hedges"] = (
            f'Drop the apology ("{delivery.hedges[0]}"): asking for advice is a compliment, '
            "not a bother."
        )
    if delivery.pauses:
        found["pauses"] = (
            f"{len(delivery.pauses)} long pause(s), the longest {delivery.longest_pause_s:.1f} s: "
            "practise until the script flows."
        )
    if adherence is not None:
        if adherence.lost_elements:
            names = ", ".join(LABELS[n].lower() for n in adherence.lost_elements)
            found["adherence"] = f"Your script has it but you didn't say it: {names}."
        elif adherence.similarity < 70:
            found["adherence"] = "You drifted from your script: rehearse it a few more times."
    return [(k, found[k]) for k in PRIORITY if k in found]


def _score(elements, flags, order, delivery: Delivery, timed: bool) -> int:
    """0-100: 80 for the four elements, 20 for order and delivery, minus mistakes."""
    points = 0.0
    for name in ELEMENTS:
        if elements[name].covered:
            points += 20
    if flags["time_vague"] or flags["time_long"]:
        points -= 5
    points += 3 * bool(order["name_first"]) + 3 * bool(order["purpose_early"])
    if timed and delivery.words_per_minute is not None:
        wpm = delivery.words_per_minute
        lo, hi = PACE_BAND
        off = max(lo - wpm, wpm - hi, 0)
        points += max(0.0, 5 - off / 8)
        fpm = delivery.fillers_per_minute or 0.0
        points += max(0.0, 5 - max(fpm - 2, 0))
        points += 2 if not delivery.pauses else 0
    else:
        points += 12  # delivery is not measured on typed text
    points -= 2 * min(len(delivery.hedges), 2)
    if flags["asks_for_job"]:
        points -= 30
    return int(max(0, min(100, round(points))))
