"""A day and hour named in a line or a caller's turn ("Thursday morning at ten", "tomorrow
around 2 pm"), so a callback is only agreed on the time that was offered. An exact rule: it
reads time expressions, not meaning (the meaning of a turn is the sentence model's job)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "tomorrow",
)
_NUMBERS = {
    w: i
    for i, w in enumerate(
        ("zero one two three four five six seven eight nine ten eleven twelve").split()
    )
}
_DAY = "|".join(DAYS)
_NOON = ("noon", "midday")
_HOUR = r"(\d{1,2}(?::\d{2})?|" + "|".join([*list(_NUMBERS)[1:], *_NOON]) + r")"
_AT = r"(?:at|around|about|by)"  # the word that makes a number an hour: "at ten"
# Minutes said in words: "ten thirty", "half past two", "ten past ten", "quarter to four",
# British "half ten".
_BEFORE_HOUR = {"half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twenty five": 25}
_AFTER = {"thirty": 0.5, "fifteen": 0.25, "forty five": 0.75, "forty-five": 0.75}
_TIME = re.compile(
    r"\b(?P<day>" + _DAY + r")?(?:\s+(?P<part>morning|afternoon|evening))?"
    r"(?:[\s,]*(?:\b" + _AT + r"\s+)?"
    r"(?:(?P<past>(?:half|quarter|five|ten|twenty(?:[- ]five)?|[1-5]?\d)\s+(?:past|after|to)"
    r"|half)\s+)?"
    r"(?P<hour>" + _HOUR[1:-1] + r")(?:\s+(?P<after>thirty|fifteen|forty[- ]five)\b)?"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|o'clock))?)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeRef:
    """A named time; `hour` on a 24-hour clock when known."""

    text: str
    day: str | None = None
    hour: float | None = None

    def conflicts(self, other: TimeRef) -> bool:
        """Both name a day and the days differ, or both name an hour and the hours differ."""
        if self.day and other.day and self.day != other.day:
            return True
        return self.hour is not None and other.hour is not None and self.hour != other.hour


def find_time(text: str) -> TimeRef | None:
    """The first day or hour named in `text` (an hour needs a day, "at", "around" or "pm"
    beside it, so "ten minutes" is not a time)."""
    return next((ref for ref, _ in _times(text)), None)


@dataclass(frozen=True)
class TimesInTurn:
    """What a caller's turn does with the times it names, read once per turn.

    `proposed`: the time it puts forward. With one time named, that one; with several
    ("Thursday is tricky for me, could we do Friday?"), not one turned down or set aside ("I
    can't do Thursday", "instead of Thursday"), and of the rest the one in a question ("would
    Friday afternoon suit you?"), else the last. A time only turned down puts nothing forward.

    `puts_forward`: it offers that time in place of another, rather than agreeing to one: the
    time is asked about ("could we do Friday?"), set against another ("Thursday is tricky, so
    Friday?", "Friday instead"), or offered with "how about / what about". "Great, Friday at
    four it is then" agrees: when Thursday was offered, that is a mishearing to correct.

    `turns_down`: it names times only to turn them down ("Sorry, I can't do Thursday"): a no
    to the time, which nothing else in the turn may say.

    `checks`: it asks which time was said ("Sorry, did you say Tuesday at ten?", "Was that two
    o'clock tomorrow?"): a check, to be answered by saying it again, not a time put forward or
    agreed to."""

    proposed: TimeRef | None = None
    puts_forward: bool = False
    turns_down: bool = False
    checks: bool = False


def read_turn(text: str) -> TimesInTurn:
    """Every use the turn makes of the times it names (see TimesInTurn)."""
    text = _undotted(text)  # once: the clause of every time found is read from it
    found = _times(text)
    if not found:
        return TimesInTurn()
    kept = [(ref, at) for ref, at in found if not _turned_down(text, at)]
    asked = [(ref, at) for ref, at in kept if _clause_around(text, at).endswith("?")]
    proposed = (asked[0] if asked and len(kept) > 1 else kept[-1]) if kept else None
    forward = proposed is not None and (
        len(kept) < len(found)
        or _clause_around(text, proposed[1]).endswith("?")
        or bool(_COUNTER.search(text.lower()))
    )
    return TimesInTurn(
        proposed=proposed[0] if proposed else None,
        puts_forward=forward,
        turns_down=not kept,
        checks=bool(_CHECK.search(text)) and text.rstrip().endswith("?"),
    )


_COUNTER = re.compile(r"\b(?:instead|rather|how about|what about|alternatively)\b")
_CHECK = re.compile(
    r"\b(?:did you say|was that|is that what you said|you said|what time|which time|or next)\b",
    re.IGNORECASE,
)


def _turned_down(text: str, at: int) -> bool:
    clause = _clause_around(text, at).lower()
    before = text[max(at - 16, 0) : at].lower()
    return bool(_SET_ASIDE.search(before) or _DECLINED.search(clause))


def _undotted(text: str) -> str:
    """ "3.30 p.m." as "3:30 pm ", the same length, so a dot in a time ends no clause."""
    text = re.sub(r"(\d)\.(\d\d)(?!\d)", r"\1:\2", text)  # "3.30", "3.30pm"
    text = re.sub(r"(\d) \.(\d\d)(?!\d)", r" \1:\2", text)  # "3 .30pm", as Whisper writes it
    return re.sub(r"(?:\b|(?<=\d))([ap])\.m\.", r"\1m  ", text, flags=re.I)


def _clause_around(text: str, at: int) -> str:
    """The clause holding position `at` of an `_undotted` text, with the mark that ends it (",",
    "." or "?")."""
    start = max(text.rfind(c, 0, at) for c in ".,;?!") + 1
    ends = [i for i in (text.find(c, at) for c in ".,;?!") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


_SET_ASIDE = re.compile(r"(?:instead of|rather than|other than|than|not|except)\s+(?:on\s+)?$")
_DECLINED = re.compile(
    r"\b(?:can't|cannot|can not|couldn't|won't|isn't|doesn't|don't|no good|tricky|difficult"
    r"|busy|booked|not great|bad for me|out for me|hard for me|lecture|class|shift|working)\b"
)


def _times(text: str) -> list[tuple[TimeRef, int]]:
    """Every day or hour named in `text`, with where it starts."""
    text = _undotted(text)
    out = []
    taken = -1  # where a day already given to an hour before it starts ("at 2 pm on Friday")
    for m in _TIME.finditer(text):
        if m.start("day") == taken and not m.group("hour"):
            continue
        day, part, hour, ampm = m.group("day"), m.group("part"), m.group("hour"), m.group("ampm")
        minutes = _minutes_before_hour(m.group("past")) + _AFTER.get(
            (m.group("after") or "").lower(), 0.0
        )
        if hour and (_is_amount(text, m.end()) or not _on_the_clock(hour)):
            hour = ampm = None  # "ten minutes", or "30pm" (a half-heard "3.30pm")
        before = text[: m.start("past") if m.group("past") else m.start("hour")] if hour else ""
        anchored = hour and (
            day
            or part
            or ampm
            or (minutes and not _a_range(m.group("past"), text[m.end() :]))
            or hour.lower() in _NOON
            or ":" in hour
            or re.search(rf"\b{_AT}\s*$", before, re.I)
        )
        if not day and not anchored:
            continue
        value = _hour(hour, part, ampm) + minutes if anchored else None
        span = text[
            m.start() : m.end("ampm")
            if ampm and anchored
            else m.end("after")
            if m.group("after") and anchored
            else m.end("hour")
            if anchored
            else m.end("part")
            if part
            else m.end("day")
        ].strip(" ,")
        if not day:  # "at 2 pm on Friday", "half ten on Thursday"
            later = re.search(rf"\b({_DAY})\b", text[m.end() :], re.I)
            if later:
                day = later.group(1)
                taken = m.end() + later.start(1)
                hour_words = re.sub(rf"^{_AT}\s+", "", span, flags=re.I)
                span = f"{later.group(1)} at {hour_words}" if anchored else later.group(1)
        out.append((TimeRef(_as_said_back(span), day.lower() if day else None, value), m.start()))
    return out


def _minutes_before_hour(words: str | None) -> float:
    """ "ten past" -> 1/6 of an hour, "quarter to" -> -1/4, British "half" (ten) -> 1/2."""
    if not words:
        return 0.0
    *amount, relation = re.split(r"[\s-]+", words.lower())
    if not amount:  # "half ten"
        return 0.5
    sign = -1 if relation == "to" else 1
    said = " ".join(amount)
    return sign * (int(said) if said.isdigit() else _BEFORE_HOUR[said]) / 60


def _a_range(words: str | None, after: str) -> bool:
    """ "five to" before "ten" may be a count ("five to ten people"), not a time, unless a day
    follows ("twenty to four tomorrow"); "quarter to" is always a time."""
    low = (words or "").lower()
    day_next = re.match(rf"\s*(?:on\s+)?(?:{_DAY})\b", after, re.I)
    return low.endswith(" to") and not low.startswith("quarter") and not day_next


def _as_said_back(span: str) -> str:
    """A time as a character says it back: days capitalised, the rest as said but in lower
    case ("Thursday at Eleven fifteen" -> "Thursday at eleven fifteen")."""
    words = span.lower().split()
    return " ".join(w.capitalize() if w in DAYS[:7] else w for w in words)


def _on_the_clock(hour: str) -> bool:
    """An hour a clock shows: "2", "14:30", "ten"; not "30" or "75"."""
    h, _, m = hour.partition(":")
    return not h.isdigit() or (int(h) <= 23 and (not m or int(m) <= 59))


def _is_amount(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(minutes?|mins?|hours?|seconds?)\b", text[end:], re.I))


def _hour(hour: str, part: str | None, ampm: str | None) -> float:
    h, _, m = hour.lower().partition(":")
    if h in _NOON:
        return 12.0
    value = float(_NUMBERS[h] if h in _NUMBERS else int(h)) + (int(m) / 60 if m else 0.0)
    pm = (ampm or "").lower().startswith("p") or (part or "").lower() in ("afternoon", "evening")
    if pm and value < 12:
        value += 12
    elif not ampm and not part and 1 <= value < 8:
        value += 12  # "at two": an office call means the afternoon
    return value
