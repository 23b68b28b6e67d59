"""What one caller turn contained, as the intents scenarios react to (see scenario.INTENTS).

Built on the intro scorer's detectors (the four elements, job asks with negation) plus a few
conversational cues. Rules, like the scorer, so every reaction can be traced to words; they
tolerate recognition slips because the element detectors do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trainer.questions import asked
from trainer.scoring.elements import JOB_NEGATION, NOT_NAMES, detect
from trainer.scoring.text import Text
from trainer.transcript import Transcript, Word

_DAYS = r"monday|tuesday|wednesday|thursday|friday|tomorrow|next week|later today|this afternoon"
_CALLBACK = re.compile(
    r"\b(?:call (?:you )?(?:back|again|later|another)"
    r"|(?:another|a better|a different|a more convenient) time"
    r"|(?:schedule|set up|book|arrange|find|pick) (?:a |some |another )?(?:time|call|chat|meeting)"
    r"|when (?:would|might|is|will) (?:it )?(?:be )?(?:a )?(?:better|good|convenient|best)"
    r"|(?:try|reach|catch) you (?:again|later|another)"
    rf"|(?:on|at|how about|what about|maybe|or) (?:{_DAYS})|(?:{_DAYS}) at \w+"
    r"|call (?:you )?(?:on|at) \w+)"
)
_GOODBYE = re.compile(
    r"\b(?:good ?bye|bye|talk (?:to you )?(?:soon|then|later)|speak (?:to you )?(?:soon|then)"
    r"|have a (?:good|great|nice|lovely|wonderful) (?:day|afternoon|evening|one|week|weekend)"
    r"|thanks? (?:you )?(?:so much |very much |again )?for (?:your|the) time|take care)\b"
)
_THANKS = re.compile(r"\b(?:thank|thanks|appreciate|grateful)\b")
_YES = {"yes", "yeah", "yep", "sure", "certainly", "absolutely", "definitely", "correct",
        "okay", "ok", "right", "please", "great", "perfect"}  # fmt: skip
_NO = {"no", "nope", "nah"}
CONTACT = re.compile(
    r"\b(?:my (?:phone |cell |mobile )?number|reach me|call me (?:back )?(?:at|on)|my email"
    r"|e-?mail (?:me|is|address)|at gmail|dot com|text me)\b|\d[\d\s().-]{5,}\d|@"
)
_JOB_WORDS = re.compile(r"\b(?:job|jobs|position|opening|openings|employment|hiring|hire)\b")
_OPEN_START = re.compile(
    r"^(?:what|how|why|which|who|where|when|tell me|describe|walk me|explain"
    r"|(?:could|can|would|will) you (?:tell|describe|walk|explain|share|talk|say|give)"
    r"|i'd (?:love|like) to (?:hear|know|learn))\b"
)
_YESNO_START = re.compile(
    r"^(?:is|are|was|were|do|does|did|can|could|would|will|have|has|had|should|shall|may"
    r"|might|isn't|aren't|don't|doesn't|didn't)\b"
)
_LEADING = re.compile(r"^(?:(?:and|so|okay|ok|well|great|thanks|thank you|also|then|um|uh|oh|"
                      r"right|alright|sure|yes|yeah|interesting|wow|that's \w+|that makes sense)"
                      r"[,.!]?\s+)+")  # fmt: skip


@dataclass(frozen=True)
class Question:
    """A question the caller asked: the words, the bank questions it matches, its form."""

    text: str
    ids: tuple[str, ...]
    open: bool

    def to_dict(self) -> dict:
        return {"text": self.text, "ids": list(self.ids), "open": self.open}


@dataclass(frozen=True)
class TurnIntents:
    intents: frozenset[str]
    questions: tuple[Question, ...] = ()
    evidence: dict[str, str] = field(default_factory=dict)


def classify(words: list[Word] | tuple[Word, ...]) -> TurnIntents:
    if not words:
        return TurnIntents(frozenset({"silence"}))
    transcript = Transcript(tuple(words))
    text = transcript.text
    low = " ".join(re.sub(r"[^a-z0-9'@\s.?!,-]", " ", text.lower()).split())
    found = detect(Text(transcript))
    intents: set[str] = set()
    evidence: dict[str, str] = {}
    pairs = (("identified", "identification"), ("purpose", "purpose"),
             ("time", "time_request"), ("convenience", "convenience_check"))  # fmt: skip
    for intent, element in pairs:
        f = found.elements[element]
        if f.covered:
            intents.add(intent)
            evidence[intent] = f.evidence or ""
    if "identified" not in intents and _bare_name(text):
        intents.add("identified")
        evidence["identified"] = text.strip()
    if found.job_asks:
        intents.add("job_ask")
    elif _JOB_WORDS.search(low) and JOB_NEGATION.search(low):
        intents.add("denies_job")
    for intent, pattern in (("callback", _CALLBACK), ("goodbye", _GOODBYE),
                            ("thanks", _THANKS), ("contact", CONTACT)):  # fmt: skip
        m = pattern.search(low)
        if m:
            intents.add(intent)
            evidence[intent] = m.group(0)
    first = re.sub(r"[^a-z]", "", low.split()[0]) if low.split() else ""
    if first in _YES or low.startswith(("of course", "that works", "sounds good")):
        intents.add("yes")
    elif first in _NO or low.startswith(("not really", "not at all")):
        intents.add("no")
    questions = tuple(_questions(text))
    if questions:
        intents.add("question")
    return TurnIntents(frozenset(intents), questions, evidence)


def _bare_name(text: str) -> bool:
    """A reply that is only a name ("Jordan Lee."), e.g. to "may I ask who's calling?"."""
    words = re.sub(r"[^\w\s'-]", " ", text).split()
    return 1 <= len(words) <= 3 and all(
        w[0].isupper() and w.lower() not in NOT_NAMES for w in words
    )


_NOT_CAREER = re.compile(
    r"\b(?:good time|bad time|convenient|minutes|call (?:you )?back|hiring|a job|any openings"
    r"|still there|can you hear)\b"
)


def _questions(text: str) -> list[Question]:
    """Career questions in a turn: sentences asked as questions, minus the intro's own
    (convenience, time) and job asks."""
    out = []
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
        s = sentence.strip()
        low = " ".join(re.sub(r"[^a-z0-9'\s]", " ", s.lower()).split())
        core = _LEADING.sub("", low + " ").strip()
        is_question = s.endswith("?") or _OPEN_START.match(core) or _YESNO_START.match(core)
        if not core or not is_question or _NOT_CAREER.search(core):
            continue
        if not s.endswith("?") and not _OPEN_START.match(core):
            continue  # "Would love to." is not a question; a yes/no needs its question mark
        out.append(Question(s, tuple(q.id for q in asked(core)), bool(_OPEN_START.match(core))))
    return out
