"""Turns detections and measurements into feedback: tips, flags, an overall score, and the one
thing to fix first. Pure: the same transcript always gives the same feedback."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from trainer.scoring import adherence as adherence_mod
from trainer.scoring.delivery import (
    LENGTH_BAND_S,
    LONG_PAUSE_S,
    PACE_BAND,
    Delivery,
    measure,
    pace_off,
    pace_shown,
    pace_tip,
)
from trainer.scoring.elements import (
    ELEMENTS,
    LONG_TIME_MINUTES,
    ElementReport,
    Finding,
    detect,
    detect_hearings,
)
from trainer.scoring.text import Text
from trainer.transcript import Replay, Transcript, Word
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
PRIORITY = (
    "asks_for_job",
    *ELEMENTS,
    "time_long",
    "time_vague",
    "order",
    "pace",
    "fillers",
    "length",
    "hedges",
    "pauses",
    "adherence",
)


@dataclass(frozen=True)
class ScorePart:
    """One line of the score: so a 98 says where the other 2 points went."""

    part: str  # an element name, "name_first", "pace", ... or a deduction ("asks_for_job")
    points: int
    max: int  # 0 for a deduction
    why: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ScorePart:
        return cls(d["part"], d["points"], d["max"], d["why"])


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
        d = {
            "covered": self.covered,
            "evidence": self.evidence,
            "tip": self.tip,
            "at_s": self.at_s,
            "replay_speed": self.replay_speed,
            "confidence": self.confidence,
        }
        if self.minutes is not None:
            d["minutes"] = self.minutes
        return d

    @classmethod
    def from_dict(cls, d: dict) -> ElementResult:
        """Back from `to_dict`; reports stored before times, replays and confidences were
        kept have none."""
        return cls(
            d["covered"],
            d["evidence"],
            d["tip"],
            d.get("at_s"),
            d.get("minutes"),
            d.get("replay_speed"),
            d.get("confidence", 0.0),
        )


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
    score_breakdown: list[ScorePart] = field(default_factory=list)

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
            "score_breakdown": [p.to_dict() for p in self.score_breakdown],
            "top_fix": self.top_fix,
            "tips": self.tips,
        }
        if self.adherence is not None:
            d["adherence"] = self.adherence.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Feedback:
        """Back from `to_dict` (a stored attempt), so it is shown from the typed object as it
        was when scored. What the JSON does not keep comes back empty: the take's length and
        voice activity, and a replay's word times (its text is kept, as typed words). Keys
        that later versions added default for older reports; extra keys are ignored."""
        words = tuple(Word(w["word"], w["start"], w["end"], w["probability"]) for w in d["words"])
        replays = tuple(
            Replay(r["speed"], Transcript.from_text(r["transcript"])) for r in d.get("replays", ())
        )
        adherence = d.get("adherence")
        return cls(
            transcript=Transcript(words, replays=replays),
            elements={n: ElementResult.from_dict(e) for n, e in d["elements"].items()},
            flags=dict(d["flags"]),
            flag_evidence={k: list(v) for k, v in d["flag_evidence"].items()},
            referral=d["referral"]["evidence"],
            order=dict(d["order"]),
            delivery=Delivery.from_dict(d["delivery"]),
            score=d["score"],
            top_fix=d["top_fix"],
            tips=list(d["tips"]),
            adherence=None if adherence is None else adherence_mod.Adherence.from_dict(adherence),
            score_breakdown=[ScorePart.from_dict(p) for p in d.get("score_breakdown", ())],
        )


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
        # Read as a job ask in words heard unsurely: told, but neither flagged nor scored.
        "asks_for_job_unclear": bool(found.unclear_job_quotes),
        "time_vague": time_f.covered and time_f.note == "vague",
        "time_long": time_f.covered and time_f.note == "long",
        "hedges": bool(delivery.hedges),
    }
    flag_evidence = {
        "asks_for_job": list(found.job_quotes),
        "asks_for_job_unclear": list(found.unclear_job_quotes),
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
    breakdown = _breakdown(elements, flags, order, delivery, transcript.timed)
    score = int(max(0, min(100, sum(p.points for p in breakdown))))
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
        score_breakdown=breakdown,
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
    tip = pace_tip(delivery.words_per_minute)
    if tip:
        found["pace"] = tip
    if _too_many_fillers(delivery):
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


def _too_many_fillers(delivery: Delivery) -> bool:
    fpm = delivery.fillers_per_minute
    return delivery.filler_count >= 2 and (fpm is None or fpm > FILLERS_FREE_PER_MIN)


FILLERS_FREE_PER_MIN = 3.0  # a few "um"s a minute go unnoticed on the phone


def _breakdown(elements, flags, order, delivery: Delivery, timed: bool) -> list[ScorePart]:
    """100 points: 80 for the four parts, 6 for their order, 14 for delivery; minus mistakes.

    Every deduction comes with a tip, so "Nothing to fix" means 100.
    """
    parts = [_element_part(name, elements[name], flags) for name in ELEMENTS]
    parts.append(
        ScorePart(
            "name_first",
            3 * bool(order["name_first"]),
            3,
            "your name came first" if order["name_first"] else "your name did not come first",
        )
    )
    parts.append(
        ScorePart(
            "purpose_early",
            3 * bool(order["purpose_early"]),
            3,
            "purpose stated early" if order["purpose_early"] else "purpose missing or late",
        )
    )
    if timed and delivery.words_per_minute is not None:
        parts += _delivery_parts(delivery)
    else:
        parts.append(ScorePart("delivery", 14, 14, "not measured on typed text"))
    hedges = min(len(delivery.hedges), 2)
    if hedges:
        parts.append(
            ScorePart(
                "hedges", -2 * hedges, 0, _count(len(delivery.hedges), "apology", "apologies")
            )
        )
    if flags["asks_for_job"]:
        parts.append(ScorePart("asks_for_job", -30, 0, "sounded like asking for a job"))
    return parts


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _element_part(name: str, e: ElementResult, flags: dict[str, bool]) -> ScorePart:
    if not e.covered:
        return ScorePart(name, 0, 20, "not heard")
    if name == "time_request" and (flags["time_vague"] or flags["time_long"]):
        why = "vague amount of time" if flags["time_vague"] else "more time than a first call"
        return ScorePart(name, 15, 20, why)
    return ScorePart(name, 20, 20, "heard")


def _delivery_parts(delivery: Delivery) -> list[ScorePart]:
    wpm = delivery.words_per_minute
    assert wpm is not None
    off = pace_off(wpm)
    band = f"aim {PACE_BAND[0]}-{PACE_BAND[1]}"
    pace = ScorePart(
        "pace", max(0, 5 - math.ceil(abs(off) / 8)), 5, f"{pace_shown(wpm)} words/min ({band})"
    )
    fpm = delivery.fillers_per_minute or 0.0
    lost = math.ceil(fpm - FILLERS_FREE_PER_MIN) if _too_many_fillers(delivery) else 0
    fillers = ScorePart(
        "fillers",
        max(0, 5 - lost),
        5,
        f"{fpm:.1f} a minute (up to {FILLERS_FREE_PER_MIN:g} is free)",
    )
    n = len(delivery.pauses)
    long = f"{n} pause(s) of {LONG_PAUSE_S:g} s or more" if n else "no long pause"
    pauses = ScorePart("pauses", 0 if n else 2, 2, long)
    speaking = delivery.speaking_s or 0.0
    lo, hi = LENGTH_BAND_S
    fits = lo <= speaking <= hi
    length = ScorePart(
        "length", 2 if fits else 0, 2, f"{speaking:.0f} s of speech (aim {lo:.0f}-{hi:.0f} s)"
    )
    return [pace, fillers, pauses, length]
