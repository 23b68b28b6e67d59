"""A mock call's report as typed data: what calls/report.py builds, render.call_report shows
and the history keeps. Plain data, outside calls/, so progress/ can read a stored call back
without knowing the call loop (tests/test_layers.py). `to_dict` is the JSON every output
writes (`trainer call --json`, the history, the web page); `from_dict` reads it back."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.scoring.delivery import PACE_BAND
from trainer.scoring.feedback import ScorePart

# What keeping the call adds to its report, in this order, each only when it was done: the
# caller's field, the recording asked for, the audio kept for `trainer play`, the history id.
KEPT = ("field", "recording", "audio", "id")


@dataclass(frozen=True)
class Turn:
    """One turn as the report shows it (times rounded to 0.01 s)."""

    role: str  # "caller", or the character's id
    text: str
    start_s: float
    end_s: float
    state: str | None = None
    intents: list[str] | None = None  # the caller's, sorted

    def to_dict(self) -> dict:
        d: dict = {
            "role": self.role,
            "text": self.text,
            "start_s": self.start_s,
            "end_s": self.end_s,
        }
        if self.state:
            d["state"] = self.state
        if self.intents is not None:
            d["intents"] = list(self.intents)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Turn:
        intents = d.get("intents")
        return cls(
            d["role"],
            d["text"],
            d["start_s"],
            d["end_s"],
            d.get("state"),
            None if intents is None else list(intents),
        )


@dataclass(frozen=True)
class Element:
    """One part the call needed (or did not): said or not, when, and the words."""

    covered: bool
    at_s: float | None
    evidence: str | None
    expected: bool
    tip: str | None

    def to_dict(self) -> dict:
        return {
            "covered": self.covered,
            "at_s": self.at_s,
            "evidence": self.evidence,
            "expected": self.expected,
            "tip": self.tip,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Element:
        return cls(d["covered"], d["at_s"], d["evidence"], d["expected"], d["tip"])


@dataclass(frozen=True)
class Objection:
    """An objection the character raised and what the caller's reply did with it."""

    state: str
    objection: str
    reply: str
    handled: bool | None
    tip: str | None = None

    def to_dict(self) -> dict:
        return {
            "objection": self.objection,
            "state": self.state,
            "reply": self.reply,
            "handled": self.handled,
            "tip": self.tip,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Objection:
        """Calls kept before objections had tips have none."""
        return cls(d["state"], d["objection"], d["reply"], d["handled"], d.get("tip"))


@dataclass(frozen=True)
class AskedQuestion:
    """A question the caller asked, the bank questions it matches, and when."""

    text: str
    ids: tuple[str, ...]
    open: bool
    at_s: float

    def to_dict(self) -> dict:
        return {"text": self.text, "ids": list(self.ids), "open": self.open, "at_s": self.at_s}

    @classmethod
    def from_dict(cls, d: dict) -> AskedQuestion:
        return cls(d["text"], tuple(d["ids"]), d["open"], d["at_s"])


@dataclass(frozen=True)
class QuestionCount:
    asked: int
    open: int
    yes_no: int
    bank_ids: list[str]
    expected: bool = True  # whether the call takes career questions at all

    def to_dict(self) -> dict:
        return {
            "asked": self.asked,
            "open": self.open,
            "yes_no": self.yes_no,
            "bank_ids": list(self.bank_ids),
            "expected": self.expected,
        }

    @classmethod
    def from_dict(cls, d: dict) -> QuestionCount:
        """Calls kept before scenarios said whether they take questions all took them."""
        return cls(d["asked"], d["open"], d["yes_no"], list(d["bank_ids"]), d.get("expected", True))


@dataclass(frozen=True)
class PlannedQuestion:
    """A question from the active script's plan, and whether it came up."""

    id: str
    text: str
    asked: bool

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "asked": self.asked}

    @classmethod
    def from_dict(cls, d: dict) -> PlannedQuestion:
        return cls(d["id"], d["text"], d["asked"])


@dataclass(frozen=True)
class CallDelivery:
    """Pace and fillers over the caller's turns (the pauses between turns are listening)."""

    word_count: int
    speaking_s: float
    words_per_minute: float | None
    filler_count: int
    fillers_per_minute: float | None
    hedges: list[str]
    longest_pause_s: float
    pace_band: tuple[int, int] = PACE_BAND

    def to_dict(self) -> dict:
        return {
            "word_count": self.word_count,
            "speaking_s": self.speaking_s,
            "words_per_minute": self.words_per_minute,
            "pace_band": list(self.pace_band),
            "filler_count": self.filler_count,
            "fillers_per_minute": self.fillers_per_minute,
            "hedges": list(self.hedges),
            "longest_pause_s": self.longest_pause_s,
        }

    @classmethod
    def from_dict(cls, d: dict) -> CallDelivery:
        return cls(
            d["word_count"],
            d["speaking_s"],
            d["words_per_minute"],
            d["filler_count"],
            d["fillers_per_minute"],
            list(d["hedges"]),
            d["longest_pause_s"],
            tuple(d["pace_band"]),
        )


@dataclass(frozen=True)
class Timing:
    duration_s: float
    caller_talk_s: float
    other_talk_s: float
    talk_listen_ratio: float | None
    time_to_purpose_s: float | None
    reply_gaps_s: list[float]
    reply_gap_mean_s: float | None
    reply_gap_max_s: float | None

    def to_dict(self) -> dict:
        return {
            "duration_s": self.duration_s,
            "caller_talk_s": self.caller_talk_s,
            "other_talk_s": self.other_talk_s,
            "talk_listen_ratio": self.talk_listen_ratio,
            "time_to_purpose_s": self.time_to_purpose_s,
            "reply_gaps_s": list(self.reply_gaps_s),
            "reply_gap_mean_s": self.reply_gap_mean_s,
            "reply_gap_max_s": self.reply_gap_max_s,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Timing:
        return cls(
            d["duration_s"],
            d["caller_talk_s"],
            d["other_talk_s"],
            d["talk_listen_ratio"],
            d["time_to_purpose_s"],
            list(d["reply_gaps_s"]),
            d["reply_gap_mean_s"],
            d["reply_gap_max_s"],
        )


@dataclass(frozen=True)
class CallReport:
    scenario: str
    outcome: str
    ended_by: str
    roles: dict[str, str]  # character id -> how the report names them
    turns: list[Turn]
    transcript: str  # everything the caller said
    elements: dict[str, Element]  # the four parts of the intro, and "contact" where needed
    objections: list[Objection]
    questions_asked: list[AskedQuestion]
    questions: QuestionCount
    planned_questions: list[PlannedQuestion] | None  # None: no plan, or no questions here
    flags: dict[str, bool]
    flag_evidence: dict[str, list[str]]
    delivery: CallDelivery
    timing: Timing
    message_s: float | None = None  # a voicemail's length, where one was left
    score: int = 0
    score_breakdown: list[ScorePart] = field(default_factory=list)
    top_fix: str = ""
    tips: list[str] = field(default_factory=list)
    kept: dict[str, object] = field(default_factory=dict)  # see KEPT

    def to_dict(self) -> dict:
        d: dict = {
            "scenario": self.scenario,
            "outcome": self.outcome,
            "ended_by": self.ended_by,
            "roles": dict(self.roles),
            "turns": [t.to_dict() for t in self.turns],
            "transcript": self.transcript,
            "elements": {name: e.to_dict() for name, e in self.elements.items()},
            "objections": [o.to_dict() for o in self.objections],
            "questions_asked": [q.to_dict() for q in self.questions_asked],
            "questions": self.questions.to_dict(),
            "planned_questions": None
            if self.planned_questions is None
            else [p.to_dict() for p in self.planned_questions],
            "flags": dict(self.flags),
            "flag_evidence": {k: list(v) for k, v in self.flag_evidence.items()},
            "delivery": self.delivery.to_dict(),
            "timing": self.timing.to_dict(),
        }
        if self.message_s is not None:
            d["message_s"] = self.message_s
        d["score"] = self.score
        d["score_breakdown"] = [p.to_dict() for p in self.score_breakdown]
        d["top_fix"] = self.top_fix
        d["tips"] = list(self.tips)
        d.update((k, self.kept[k]) for k in KEPT if k in self.kept)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> CallReport:
        """Back from `to_dict` (a stored call), so it is shown from the typed object as it was
        when the call ended. Keys that later versions added default for older calls."""
        plan = d["planned_questions"]
        return cls(
            scenario=d["scenario"],
            outcome=d["outcome"],
            ended_by=d["ended_by"],
            roles=dict(d.get("roles", {})),
            turns=[Turn.from_dict(t) for t in d["turns"]],
            transcript=d["transcript"],
            elements={n: Element.from_dict(e) for n, e in d["elements"].items()},
            objections=[Objection.from_dict(o) for o in d["objections"]],
            questions_asked=[AskedQuestion.from_dict(q) for q in d["questions_asked"]],
            questions=QuestionCount.from_dict(d["questions"]),
            planned_questions=None
            if plan is None
            else [PlannedQuestion.from_dict(p) for p in plan],
            flags=dict(d["flags"]),
            flag_evidence={k: list(v) for k, v in d["flag_evidence"].items()},
            delivery=CallDelivery.from_dict(d["delivery"]),
            timing=Timing.from_dict(d["timing"]),
            message_s=d.get("message_s"),
            score=d["score"],
            score_breakdown=[ScorePart.from_dict(p) for p in d.get("score_breakdown", ())],
            top_fix=d["top_fix"],
            tips=list(d["tips"]),
            kept={k: d[k] for k in KEPT if k in d},
        )
