"""Detects the four elements of an informational-interview intro, and the classic mistakes.

Meaning is judged by the understanding layer (a sentence model over clauses, see
trainer/understanding/); this module turns its judgement into findings that quote the clause
that proves each part. Exact rules add what a model should not guess: the number of minutes
asked for (vague or too long), a name said right after "my name is", and a referral.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from trainer.scoring.names import cased, introduced_name, may_hold_name
from trainer.scoring.text import Hit, Text
from trainer.understanding.judge import Found, Meaning

ELEMENTS = ("identification", "purpose", "time_request", "convenience_check")
LONG_TIME_MINUTES = 20


@dataclass(frozen=True)
class Finding:
    covered: bool
    evidence: str | None = None
    first_word: int | None = None
    at_s: float | None = None
    note: str | None = None  # a qualifier, e.g. "vague" or "long" for time requests
    minutes: int | None = None
    replay: float | None = None  # speed of the replay it was heard on; None: the transcript
    # how sure the classifier is that the part is there (0-1); for a part not covered, how
    # near it came (below the line)
    confidence: float = 0.0


NOT_FOUND = Finding(False)

# --- identification -------------------------------------------------------------------------
# Words that can follow "I'm" / "this is" / "it's" without being a name.
NOT_NAMES = frozenset(
    """a an the calling looking interested not just so really hoping trying currently working
    studying reaching curious wondering about regarding in on at from with glad happy here
    sorry also actually now very still new recent graduate student final fourth third second
    first former retired planning thinking exploring considering writing following getting
    going doing researching writing your my his her their our its it this that what who how
    why when where there call phone message i you he she we they me us them concerning um uh
    er ah hmm okay ok well yes no hello hi hey good great fine thanks thank pleased excited
    part one two mid early late career changing changer switching moving transitioning
    veteran teacher nurse hoping wanting wondering aware sure certain afraid told referred
    sending wanting free available busy able morning afternoon evening hiya howdy cheerio
    cheers bye goodbye mhm mm yeah yep exactly absolutely definitely perfect brilliant
    lovely right correct indeed""".split()
)

_MY_NAME = re.compile(r"\bmy name(?:'s| is)\b (\w+)")


def _finding(t: Text, found: Found, **extra: object) -> Finding:
    first = found.span.first
    return Finding(
        True,
        t.quote(first, found.span.last),
        first,
        t.start_of(first),
        confidence=round(found.confidence, 3),
        **extra,
    )  # type: ignore[arg-type]


def find_identification(t: Text, meaning: Meaning) -> Finding:
    """The classifier's judgement, where its window can hold a name (scoring/names.py,
    `may_hold_name`: "Hi, I'm a pre-med student" names no one), unless the text is in lower
    case or the recogniser was unsure of those words, where a name cannot be told; "my name is
    <Name>" counts whatever the classifier says, and so do the other usual frames around a
    capitalised name ("This is Darnell Price", "Hope Young here"). Exact rules."""
    words, capitals = t.words, cased(t.words)
    found = meaning.found(
        "identification",
        where=lambda s: (
            not capitals
            or not meaning.heard_clearly(s)  # a name it did not know: "this in pan of cart"
            or may_hold_name(words, s.first, s.last, NOT_NAMES)
        ),
    )
    if found is not None:
        return _finding(t, found)
    for h in t.find(_MY_NAME):
        if h.groups[0] not in NOT_NAMES and not h.groups[0].isdigit():
            last = _extend_name(t, h.last)
            return Finding(
                True, t.quote(h.first, last), h.first, t.start_of(h.first), confidence=1.0
            )
    framed = introduced_name(t.words, NOT_NAMES)
    if framed is not None:
        first, last = framed
        return Finding(True, t.quote(first, last), first, t.start_of(first), confidence=1.0)
    return _missing(meaning, "identification")


def _missing(meaning: Meaning, label: str) -> Finding:
    return Finding(False, confidence=round(meaning.confidence_short_of(label), 3))


def _extend_name(t: Text, index: int) -> int:
    """Include a capitalised surname after the first name, for the quote."""
    nxt = index + 1
    if nxt < len(t.words) and not t.words[index].text.endswith((",", ".", "?", "!")):
        raw = t.words[nxt].text
        if raw[:1].isupper() and raw.strip(".,?!").lower() not in NOT_NAMES:
            return nxt
    return index


# --- purpose and asking for a job -----------------------------------------------------------
def find_purpose(
    t: Text, meaning: Meaning, job_asks: Sequence[Found], questions_count: bool = True
) -> Finding:
    """A clause seeking information or advice; one that is more a job ask than that is not.

    A career question asked straight out ("How did you get started as a paramedic?") makes the
    purpose just as plain, so it counts when no clause states the purpose (in an intro; a call
    turn's question is its own intent).
    """
    for label in ("purpose", "question") if questions_count else ("purpose",):
        for found in meaning.all_found(label):
            if any(
                found.span.overlaps(a.span) and a.confidence >= found.confidence for a in job_asks
            ):
                continue  # "learn about openings on your team" is a job ask dressed as a question
            return _finding(t, found)
    return _missing(meaning, "purpose")


# --- time request ---------------------------------------------------------------------------
_TIME_EXACT = re.compile(
    r"\b(?:(?P<low>\d{1,3}) (?:or|to|and) )?(?P<n>\d{1,3}) ?(?:more )?(?P<unit>minutes?|mins?|hours?)\b"
    r"|\b(?:a|an|one|1) (?P<named>quarter of an hour|half hour|hour)\b"
    r"|\b(?P<half>half an hour)\b"
)


def find_time_request(t: Text, meaning: Meaning) -> Finding:
    """A request for time; the minutes, when said, decide whether it is vague or too long."""
    found = meaning.found("time_request")
    if found is None:
        return _missing(meaning, "time_request")
    around = meaning.context(found.span)  # "ten or fifteen minutes" may span two clauses
    durations = [h for h in t.find(_TIME_EXACT) if around.first <= h.first <= around.last]
    asked = [h for h in durations if not _is_point_in_time(t, h)]
    if durations and not asked:
        # Exact rule: "call you back in ten minutes", "ten minutes ago" name a moment, not an
        # amount of their time, whatever the sentence sounds like.
        return _missing(meaning, "time_request")
    for h in asked:
        minutes = _minutes(h.named)
        if minutes is not None:
            note = "long" if minutes > LONG_TIME_MINUTES else None
            return _finding(t, found, note=note, minutes=minutes)
    return _finding(t, found, note="vague")


def _is_point_in_time(t: Text, h: Hit) -> bool:
    """'in ten minutes', 'ten minutes ago', 'ten minutes away' are moments or distances."""
    tok = t.token_index_of_word(h.first)
    before = " ".join(x.norm for x in t.tokens[max(0, tok - 2) : tok])
    after_tok = t.token_index_of_word(h.last + 1)
    after = " ".join(x.norm for x in t.tokens[after_tok : after_tok + 2])
    return bool(
        re.search(r"\b(?:in|within|after|every|ago|away)$", before)
        and not re.search(r"\b(?:only|just|about)$", before)
    ) or after.startswith(("ago", "away", "late", "early", "drive", "walk", "commute"))


def _minutes(named: dict[str, str | None] | None) -> int | None:
    g = named or {}
    if g.get("n"):
        value = int(g["n"])
        if (g.get("unit") or "").startswith("hour"):
            value *= 60
        return value or None
    if g.get("named"):
        return {"quarter of an hour": 15, "half hour": 30, "hour": 60}[g["named"]]
    if g.get("half"):
        return 30
    return None


# --- convenience check ----------------------------------------------------------------------
# Exact rule: having had a good time somewhere is never a question about a good time to talk.
_HAD_A_GOOD_TIME = re.compile(
    r"\b(?:had|have|having|has) (?:a |such a )?(?:really |very |truly )?"
    r"(?:good|great|lovely|wonderful|fantastic|brilliant) time\b"
)


def find_convenience_check(t: Text, meaning: Meaning) -> Finding:
    for found in sorted(meaning.all_found("convenience_check"), key=lambda f: -f.confidence):
        if not _HAD_A_GOOD_TIME.search(" ".join(found.span.text.lower().split())):
            return _finding(t, found)
    return _missing(meaning, "convenience_check")


# --- extras ---------------------------------------------------------------------------------
_REFERRAL = re.compile(
    r"\b(?:"
    r"(?:your|got your|have your|found your) (?:name|number|contact|details|information|email)"
    r"(?: came)? (?:from|through|via)"
    r"|(?:suggested|recommended|told me|mentioned|said) (?:that )?(?:i|me)? ?(?:should )?"
    r"(?:call|contact|reach out|get in touch|speak|talk|give you a call)"
    r"|(?:suggested|recommended) (?:that )?(?:i )?(?:call|contact|reach|speak|talk) (?:to |with )?you"
    r"|referred (?:me|by)|gave me your (?:name|number|contact|details|email)"
    r"|passed (?:along|on) your|(?:mentioned|recommended) you|mutual (?:friend|colleague)"
    r"|(?:through|via) (?:my|our|a) (?:professor|friend|colleague|mentor|advisor|adviser|manager|cousin|alumni)"
    r")"
)


def find_referral(t: Text) -> Finding:
    hits = t.find(_REFERRAL)
    if not hits:
        return NOT_FOUND
    h = hits[0]
    return Finding(True, t.quote(h.first, h.last), h.first, t.start_of(h.first))


@dataclass(frozen=True)
class ElementReport:
    elements: dict[str, Finding]
    job_quotes: tuple[str, ...]  # the job asks' words (from a replay when only it heard them)
    referral: Finding
    job_confidence: float = 0.0
    # What read as a job ask in words heard too unsurely to count (judge.Meaning.unclear).
    unclear_job_quotes: tuple[str, ...] = ()


def detect(t: Text, meaning: Meaning, intro: bool = True) -> ElementReport:
    """The four parts, the job asks and a referral in one transcript, judged by `meaning`
    (which must have been computed from the same words). `intro`: the words are a whole intro,
    not one turn of a call."""
    asks = meaning.all_found("job_ask")
    return ElementReport(
        elements={
            "identification": find_identification(t, meaning),
            "purpose": find_purpose(t, meaning, asks, questions_count=intro),
            "time_request": find_time_request(t, meaning),
            "convenience_check": find_convenience_check(t, meaning),
        },
        job_quotes=tuple(t.quote(a.span.first, a.span.last) for a in asks),
        referral=find_referral(t),
        job_confidence=round(meaning.confidence("job_ask"), 3),
        unclear_job_quotes=tuple(t.quote(a.span.first, a.span.last) for a in meaning.unclear()),
    )


Hearing = tuple[Text, Meaning]


def detect_hearings(main: Hearing, replays: Sequence[tuple[float, Hearing]] = ()) -> ElementReport:
    """`detect` on the main transcript; what it missed may come from replays of the same take.

    A garbled phrase is rarely garbled the same way at another playback speed, so any hearing
    that finds an element counts. Positions are mapped onto the main transcript by time, for the
    order checks.
    """
    report = detect(*main)
    elements, quotes, referral = dict(report.elements), report.job_quotes, report.referral
    starts = [w.start if w.start is not None else 0.0 for w in main[0].words]
    for speed, hearing in replays:
        other = detect(*hearing)
        for name, f in other.elements.items():
            if f.covered and not elements[name].covered:
                at = f.at_s or 0.0
                first = min(bisect.bisect_left(starts, at - 0.05), max(len(starts) - 1, 0))
                elements[name] = replace(f, first_word=first, replay=speed)
        quotes = quotes or other.job_quotes
        referral = referral if referral.covered else other.referral
    unclear = () if quotes else report.unclear_job_quotes
    return ElementReport(elements, quotes, referral, report.job_confidence, unclear)
