"""Detects the four elements of an informational-interview intro, and the classic mistakes.

Rules, not a model: each finding quotes the words that prove it, so the feedback can be checked
by the person. Patterns run on normalised text (see text.py) and tolerate common recognition
slips ("is now a good time" heard as "is our good time").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from trainer.scoring import fuzzy
from trainer.scoring.text import HESITATIONS, Hit, Text

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


NOT_FOUND = Finding(False)

# --- identification -------------------------------------------------------------------------
# Words that can follow "I'm" / "this is" / "it's" without being a name.
NOT_NAMES = set(
    """a an the calling looking interested not just so really hoping trying currently working
    studying reaching curious wondering about regarding in on at from with glad happy here
    sorry also actually now very still new recent graduate student final fourth third second
    first former retired planning thinking exploring considering writing following getting
    going doing researching writing your my his her their our its it this that what who how
    why when where there call phone message i you he she we they me us them concerning um uh
    er ah hmm okay ok well yes no hello hi hey good great fine thanks thank pleased excited
    part one two mid early late career changing changer switching moving transitioning
    veteran teacher nurse hoping wanting wondering aware sure certain afraid told referred
    sending wanting free available busy able""".split()
)

_MY_NAME = re.compile(r"\bmy name(?:'s| is| was)\b(?: (\w+))?")
_INTRO_NAME = re.compile(r"\b(?:this is|it's|i'm|i am|name's)(?: (\w+))")
_NAME_IS = re.compile(r"\bname(?: is| it| it's| was| as|s)? (\w+)")
_TITLE_FULL_NAME = re.compile(r"\b(?:mrs|mr|ms|miss|misses) (\w+) (\w+)\b")
_THIS_IS_CALLING = re.compile(
    r"\b(?:this is|it's|it is) (\w+)(?: \w+)? (?:calling|speaking|here)\b"
)
_NAME_THEN = re.compile(r"\b(\w+)(?: (\w+))? (?:here|calling|speaking)\b")


def find_identification(t: Text) -> Finding:
    hits: list[tuple[int, int]] = []
    for h in t.find(_MY_NAME):
        hits.append((h.first, _extend_name(t, h.last) if h.groups[0] else h.last))
    for h in t.find(_INTRO_NAME):
        name = h.groups[0]
        if name and _looks_like_name(t, h.last, name):
            hits.append((h.first, _extend_name(t, h.last)))
    for h in t.find(_NAME_THEN):
        # "Jordan Lee here" / "Laura Wilson calling": a capitalised name right before.
        if _looks_like_name(t, h.first, h.groups[0]) and (
            h.first in t.sentence_starts or _after_greeting(t, h.first)
        ):
            hits.append((h.first, h.last))
    for h in t.find(_NAME_IS):
        # "my name is" heard as "I might name it Laura": a capitalised name still follows.
        if _looks_like_name(t, h.last, h.groups[0]):
            hits.append((h.first, _extend_name(t, h.last)))
    for h in t.find(_TITLE_FULL_NAME):
        # espeak's "this is" comes back as "Mrs."; a title with a full name at the opening is
        # the caller, while addressing someone uses title and surname only ("Mrs. Scott").
        if h.first <= 3 and all(
            _looks_like_name(t, i, t.words[i].text.lower().strip(".,"))
            for i in (h.last - 1, h.last)
        ):
            hits.append((h.first, h.last))
    for h in t.find(_THIS_IS_CALLING):
        if h.groups[0] not in NOT_NAMES:
            hits.append((h.first, h.last))
    if not hits:
        return _fuzzy_finding(t, "identification")
    first, last = min(hits)
    return Finding(True, t.quote(first, last), first, t.start_of(first))


def _looks_like_name(t: Text, word_index: int, norm: str) -> bool:
    if norm in NOT_NAMES or norm.isdigit() or len(norm) < 2:
        return False
    raw = t.words[word_index].text.lstrip("\"'(")
    return raw[:1].isupper()


def _extend_name(t: Text, index: int) -> int:
    """Include a capitalised surname after the first name, for the quote."""
    nxt = index + 1
    if nxt < len(t.words) and not t.words[index].text.endswith((",", ".", "?", "!")):
        raw = t.words[nxt].text
        if raw[:1].isupper() and raw.strip(".,?!").lower() not in NOT_NAMES:
            return nxt
    return index


def _after_greeting(t: Text, index: int) -> bool:
    i = index - 1
    while i >= 0 and t.words[i].text.lower().strip(",.!") in HESITATIONS:
        i -= 1
    if i < 0:
        return True
    prev = t.words[i].text.lower().strip(",.!")
    return prev in {"hi", "hello", "hey", "morning", "afternoon", "evening", "there"}


# --- purpose and asking for a job -----------------------------------------------------------
_NEG = r"(?:not|n't|never|no|without)"
_JOB_ASK = re.compile(
    r"\b(?:"
    r"(?:looking|searching|hoping|applying|asking|calling|here) (?:for|about) (?:a |an |any |some )?"
    r"(?:\w+ ){0,2}(?:job|jobs|position|positions|role|opening|openings|vacancy|vacancies|"
    r"internship|internships|employment|work at|work with|work for)\b"
    r"|(?:any|job|open|available|current|upcoming|internship|entry level|summer) "
    r"(?:openings?|positions?|vacanc(?:y|ies)|opportunit(?:y|ies)|roles?|jobs?)"
    r"|(?:(?:are|is) (?:you|your \w+|the \w+|they|there)|you're|they're) (?:currently |still |now )?hiring"
    r"|(?:hire|employ|recruit|consider) me\b|be considered|interview me"
    r"|(?:apply|applying|application) (?:for|to)"
    r"|send (?:you |over )?my (?:resume|cv|resum|application|portfolio)"
    r"|(?:pass|forward) (?:along |on )?my (?:resume|cv)"
    r"|(?:great|good|perfect|strong|ideal|excellent) (?:fit|match|addition|candidate)"
    r"|(?:join|joining) (?:your|the) (?:team|company|group|firm|department|staff)"
    r"|(?:to|could|can|i'd) (?:work|be working) (?:for|with) (?:you|your (?:company|team|firm|organization|group))\b"
    r"|(?:internship|summer|trainee) (?:slot|spot|placement|program|role)s?\b|(?:slot|spot|place|opening|role|position|job) for me\b"
    r"|get (?:a |my )?foot in the door|put in a good word|refer me for"
    r"|(?:job|position|role|internship|opening) (?:at|with|on|in) your"
    r"|(?:the|your|an?) \w+ (?:position|opening|vacancy|job posting|internship)"
    r")"
)
JOB_NEGATION = re.compile(rf"\b{_NEG}\b|n't\b")

_INFO = re.compile(
    r"\b(?:"
    r"(?:learn|learning|hear|hearing|find out|know|understand|understanding|discover) "
    r"(?:a (?:bit|little) |more |a little more |a bit more |some more )?"
    r"(?:about|how|what|why|whether|from|firsthand)"
    r"|(?:your|some|for) (?:advice|insights?|perspective|guidance|thoughts|input|expertise)"
    r"|(?:advice|insights?|perspective|guidance|information|tips) (?:on|about|into|regarding|from|for)"
    r"|informational (?:interview|conversation|call|chat|meeting)"
    r"|(?:ask|asking) you (?:a few |some |a couple of |a couple |few )?(?:quick )?questions? (?:about|on|regarding)"
    r"|questions? (?:about|on|regarding) (?:your|the|what|how|working|careers?|the field)"
    r"|pick your brain|curious (?:about|how|what)|interested in (?:learning|hearing|your|what|how|the field|careers?)"
    r"|(?:talk|chat|speak|hear) (?:with you |to you )?about (?:your|what|how|the (?:field|industry|work|career|profession))"
    r"|what (?:it's|it is|its) (?:like|really like)|(?:how|what) you got (?:into|started|your start)"
    r"|(?:researching|exploring) (?:a |the )?(?:careers?|fields?|the field|a move|a switch|a transition|options)"
    r"|(?:day to day|typical day|career path|(?:your|her|his|their) (?:path|experience|career|work|field|role))"
    # A gatekeeper hears about the expert in the third person: "tell me about her work".
    r"|(?:tell|teach|show) (?:me|us) (?:a (?:bit|little) )?(?:more )?about"
    r")"
)


def find_job_asks(t: Text) -> list[Hit]:
    """Places where the caller asks for a job or pitches themselves, unless negated."""
    asks = []
    for h in t.find(_JOB_ASK):
        if not _negated(t, h.first):
            asks.append(h)
    return asks


def _negated(t: Text, first_word: int, window: int = 6) -> bool:
    tok = t.token_index_of_word(first_word)
    before = " ".join(x.norm for x in t.tokens[max(0, tok - window) : tok])
    # A sentence end resets the scope: "I'm not sure. Are you hiring?" is still an ask.
    for i in range(first_word - 1, max(-1, first_word - window - 1), -1):
        if t.words[i].text.endswith((".", "?", "!")):
            before = " ".join(x.norm for x in t.tokens[t.token_index_of_word(i + 1) : tok])
            break
    return bool(JOB_NEGATION.search(before))


_DANGLING = {"and", "or", "but", "would", "to", "the", "a", "an", "of", "in", "so", "that", "i"}


def _clause_end(t: Text, last: int, reach: int = 6) -> int:
    """Extend a quote to the end of its clause, without ending on a dangling 'and would'."""
    end = min(last + reach, len(t.words) - 1)
    for i in range(last, end + 1):
        if t.words[i].text.endswith((".", "?", "!", ",", ";")):
            return i
    end = min(last + 3, len(t.words) - 1)
    while end > last and t.words[end].text.lower().strip(",.") in _DANGLING:
        end -= 1
    return end


def find_purpose(t: Text, job_asks: list[Hit]) -> Finding:
    for h in t.find(_INFO):
        # "learn about openings on your team" is a job ask dressed as a question.
        if any(a.first - h.last <= 4 and a.first >= h.first for a in job_asks):
            continue
        last = _clause_end(t, h.last)
        return Finding(True, t.quote(h.first, last), h.first, t.start_of(h.first))
    return _fuzzy_finding(t, "purpose")


# --- time request ---------------------------------------------------------------------------
_TIME_EXACT = re.compile(
    r"\b(?:(?P<low>\d{1,3}) (?:or|to|and) )?(?P<n>\d{1,3}) ?(?:more )?(?P<unit>minutes?|mins?|hours?)\b"
    r"|\b(?:a|an|one|1) (?P<named>quarter of an hour|half hour|hour)\b"
    r"|\b(?P<half>half an hour)\b"
)
_TIME_VAGUE = re.compile(
    r"\b(?:a few|a couple(?: of)?|couple of|a|one|a spare) (?:quick |short |brief )?"
    r"(?:minutes?|moments?)\b"
    r"|\b(?:a (?:little|bit|small amount)|a little bit|some) of your (?:time|day)\b"
    # The number was lost in recognition, but "... minutes of your time" is still a request.
    r"|\bminutes? (?:of your time|to (?:talk|chat|speak))\b"
)


def find_time_request(t: Text) -> Finding:
    for h in t.find(_TIME_EXACT):
        minutes = _minutes(h.named)
        if minutes is None or _is_elapsed_time(t, h):
            continue
        note = "long" if minutes > LONG_TIME_MINUTES else None
        return Finding(True, t.quote(h.first, h.last), h.first, t.start_of(h.first), note, minutes)
    for h in t.find(_TIME_VAGUE):
        if _is_elapsed_time(t, h):
            continue
        return Finding(True, t.quote(h.first, h.last), h.first, t.start_of(h.first), "vague")
    found = _fuzzy_finding(t, "time_request")
    if found.covered and "few" in (found.evidence or "").lower():
        return Finding(True, found.evidence, found.first_word, found.at_s, "vague")
    return found


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


def _is_elapsed_time(t: Text, h: Hit) -> bool:
    """'call you back in ten minutes', 'ten minutes ago' are not requests for time."""
    tok = t.token_index_of_word(h.first)
    before = " ".join(x.norm for x in t.tokens[max(0, tok - 2) : tok])
    after_tok = t.token_index_of_word(h.last + 1)
    after = " ".join(x.norm for x in t.tokens[after_tok : after_tok + 2])
    return bool(
        re.search(r"\b(?:back in|in|within|after|every|ago|away|drive|walk)$", before)
        and not re.search(r"\b(?:only|just|about)$", before)
    ) or after.startswith(("ago", "away", "late", "early", "drive", "walk", "commute"))


# --- convenience check ----------------------------------------------------------------------
_CONVENIENCE = re.compile(
    r"\b(?:"
    r"(?:is|be|if|whether|when|was) (?:now|this|it|that|our|right now|today|here) (?:is )?(?:still )?"
    r"(?:a |an )?(?:good|bad|convenient|okay|ok|alright|all right|fine|better|right|busy|inconvenient|decent|terrible|great)\b"
    r"|(?:good|bad|convenient|better|best|busy|right|suitable|another|different|later|other) times?"
    r" (?:to|for (?:you|a|us|me)|that|later|this|next|tomorrow|works?)"
    r"|(?:a|another|some|other|different|more convenient|better|later) (?:time|day)"
    r" (?:that|which|would|to|when|works|might|suits|this|next|later)"
    r"|(?:catch(?:ing)?|reach(?:ing)?|call(?:ing)?) you at a (?:bad|good|busy|better|inconvenient|convenient) (?:time|moment)"
    r"|(?:call|ring|phone|try|reach) (?:you )?back|call (?:you |again )?(?:later|tomorrow|another)"
    r"|(?:schedule|set up|arrange|book|find|pick|plan|set) (?:a |some |another |the )?(?:time|call|meeting|chat|conversation|slot|date)"
    r"|(?:when|what time|which day|what day) (?:would |might |is |works |suits )(?:be |work |suit )?(?:better|best|good|convenient|for you|you)?"
    r"|convenient (?:for you|time|to talk|now|right now)|(?:your|at your) convenience"
    r"|(?:is|are you) (?:free|available) (?:now|right now|at the moment|to talk)|do you have (?:a (?:moment|minute)|time) (?:now|right now)"
    r"|(?:if|unless) (?:you're|you are|now is|now's|this is|it's) (?:busy|not (?:a )?good|in the middle)"
    r"|(?:if|unless) now (?:isn't|is not|doesn't|does not|won't)"
    r"|(?:works|work|suits?) (?:better |best )?for you"
    # Recognisers mangle "is now a" ("is how a", "it's all a"); the rest still gives it away.
    r"|(?:good|bad|convenient|better|busy|inconvenient) (?:time|moment)\b|\bconvenien(?:t|ce)\b"
    r"|\btime to (?:talk|chat|speak)\b"
    r"|\bcall (?:you |me )?(?:back|bag|black|mac|map|mark|pack)\b"
    r"|catch(?:ing)? you (?:at|in the middle|tomorrow|later|another)"
    r"|(?:whatever|what|which|a|any) (?:time|day) (?:works|suits|is good|is best|is convenient)"
    r")"
)
_CONVENIENCE_BAD = re.compile(
    r"\b(?:had|have|having|was having|has) (?:a |such a )?(?:really |very )?(?:good|great) time\b"
    r"|\b(?:take|taking|took|taken|for) (?:the |your )?time to (?:talk|chat|speak)"
)


def find_convenience_check(t: Text) -> Finding:
    for h in t.find(_CONVENIENCE):
        quote_end = h.last
        for i in range(h.last, min(h.last + 5, len(t.words) - 1) + 1):
            quote_end = i
            if t.words[i].text.endswith((".", "?", "!", ",")):
                break
        quote = t.quote(h.first, quote_end)
        context = t.quote(max(0, h.first - 4), quote_end).lower()
        if _CONVENIENCE_BAD.search(context) or _refuses_callback(t, h.first):
            continue
        return Finding(True, quote, h.first, t.start_of(h.first))
    return _fuzzy_finding(t, "convenience_check")


def _fuzzy_finding(t: Text, element: str) -> Finding:
    """A garbled but recognisable phrase, unless it sits in a trap ("had a good time")."""
    m = fuzzy.best_match(t, element)
    if m is None:
        return NOT_FOUND
    quote = t.quote(m.first, m.last)
    if _CONVENIENCE_BAD.search(quote.lower()) or _refuses_callback(t, m.first):
        return NOT_FOUND
    if element == "purpose" and any(m.first <= a.first <= m.last + 4 for a in find_job_asks(t)):
        return NOT_FOUND
    return Finding(True, quote, m.first, t.start_of(m.first), note="approximate")


def _refuses_callback(t: Text, first: int) -> bool:
    tok = t.token_index_of_word(first)
    before = " ".join(x.norm for x in t.tokens[max(0, tok - 4) : tok])
    return bool(re.search(r"\b(?:rather not|not have to|don't want to|won't|never)\b", before))


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
    job_asks: list[Hit]
    referral: Finding
    job_quotes: tuple[str, ...] = ()  # the job asks' words (from a replay when only it heard them)


def detect(t: Text) -> ElementReport:
    asks = find_job_asks(t)
    return ElementReport(
        elements={
            "identification": find_identification(t),
            "purpose": find_purpose(t, asks),
            "time_request": find_time_request(t),
            "convenience_check": find_convenience_check(t),
        },
        job_asks=asks,
        referral=find_referral(t),
        job_quotes=tuple(t.quote(h.first, h.last) for h in asks),
    )


def detect_hearings(main: Text, replays: Sequence[tuple[float, Text]] = ()) -> ElementReport:
    """`detect` on the main transcript; what it missed may come from replays of the same take.

    A garbled phrase is rarely garbled the same way at another playback speed, and the rules
    almost never fire on words that were not said, so any hearing that finds an element counts.
    Positions are mapped onto the main transcript by time, for the order checks.
    """
    report = detect(main)
    elements, quotes, referral = dict(report.elements), report.job_quotes, report.referral
    starts = [w.start if w.start is not None else 0.0 for w in main.words]
    for speed, text in replays:
        other = detect(text)
        for name, f in other.elements.items():
            if f.covered and not elements[name].covered:
                at = f.at_s or 0.0
                first = min(bisect.bisect_left(starts, at - 0.05), max(len(starts) - 1, 0))
                elements[name] = replace(f, first_word=first, replay=speed)
        quotes = quotes or other.job_quotes
        referral = referral if referral.covered else other.referral
    return ElementReport(elements, report.job_asks, referral, quotes)
