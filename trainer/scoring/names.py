"""Exact rules for a caller giving their own name in the usual frames.

The sentence model reads a name by its words, and a name that is also a word reads as that
word: "This is Darnell Price" scored 0.03 as an introduction, "Hope Young here" 0.17. These
frames are exact when the name is written with capitals (typed text, and Whisper, which
capitalises names): "this is / it's / you're speaking with / you've got / you're through to
<Name>" at the start of a clause, and "<Name> here" / "<Name> speaking" / "<Name> calling" as a
clause of its own. Not: a question ("Is Mike here?", "This is Karen Wells, right?"), a cleft
("It's Python I want to learn", "It's Amazon that..."), an adverb or a gerund before
"speaking"/"here" ("Frankly speaking", "Cold calling,", "Same here."). Lower-case names
("this is darnell price") are left to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.transcript import Word
from trainer.understanding.clauses import FILLERS
from trainer.understanding.clauses import TITLES as CLAUSE_TITLES

FRAMES: tuple[tuple[str, ...], ...] = (
    ("this", "is"),
    ("it's",),
    ("it", "is"),
    ("you're", "speaking", "with"),
    ("you're", "speaking", "to"),
    ("you're", "talking", "to"),
    ("you've", "got"),
    ("you're", "through", "to"),
)
AFTER_NAME = frozenset({"here", "speaking", "calling"})
# Frames a speaker's own name follows: FRAMES and the ones the model reads well by itself.
OWN = (*FRAMES, ("i'm",), ("i", "am"), ("im",), ("my", "name", "is"), ("my", "name's"),
       ("name's",), ("the", "name", "is"), ("call", "me"), ("calls", "me"), ("myself",),
       ("named",), ("go", "by"), ("naam",), ("ako", "si"), ("it's", "me"),
       ("this", "side"))  # fmt: skip
# Frames a month or a day follows as itself ("It's April": the month; "I'm April": a name).
IMPERSONAL = (("it's",), ("it", "is"))
GREETINGS = frozenset(
    {"hi", "hello", "hey", "hiya", "good", "morning", "afternoon", "evening", "g'day", "yes",
     "yeah", "oh", "sorry", "howdy", "greetings", "yo", "ok", "okay", "um", "uh", "er", "so",
     "hii", "namaste", "erm", "day"}
)  # fmt: skip
# The titles a sentence does not end at (clauses.TITLES), and a few spelt out.
TITLES = CLAUSE_TITLES | {"miss", "professor", "sister", "father"}
# Capitalised words that follow the frames, or come before "here"/"speaking", without being
# anyone's name.
NOT_A_NAME = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december christmas easter i i'm i'd i've
    someone somebody everyone everybody anyone anybody nobody all nothing everything
    something that this it there here who what how why when where which the a an my your our
    their his her its okay ok yes yeah no not just really about regarding english spanish french
    german chinese mandarin hindi arabic urdu tagalog english-speaking american british indian
    canadian australian nigerian linkedin facebook instagram google zoom teams whatsapp
    internet same me us both one is are was were cold cool great nice fine frankly honestly
    generally strictly technically hypothetically roughly broadly personally professionally
    realistically practically truthfully financially legally theoretically relatively loosely
    literally politically candidly seriously am be been being we're they're you're he's she's
    who's that's i'll we'll you'll again originally based super pre-med premed filipino
    pakistani bangladeshi ghanaian kenyan jamaican mexican brazilian egyptian irish scottish
    welsh african asian european latino latina hispanic japanese korean vietnamese""".split()
)
CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday
    sunday january february march april june july august september october november
    december""".split()
)
# Degrees written in mixed case ("a B.Tech student", "a BSc graduate").
DEGREES = frozenset(
    "btech bcom bsc msc mtech mcom bba mba phd llb llm mbbs bds beng meng bpharm bed".split()
)
# A capitalised run holding one of these names a place, not a person ("It's Leeds University
# that sent me").
PLACES = frozenset(
    """university college school academy institute hospital clinic bank group company
    corporation inc ltd council department office centre center agency""".split()
)
# After "it's <Capitalised>", these make a cleft ("It's Python I want to learn").
CLEFT = frozenset({"that", "who", "where", "which", "what", "i", "i'm", "i'd", "we", "you"})
# Forms of address: "Sir, I am a final year student" names no one.
ADDRESS = frozenset({"sir", "madam", "ma'am", "maam", "mam", "dear", "mate", "boss", "folks"})
# A capitalised run after one of these, with at most a few lower-case words between, names a
# place, a school or someone else ("I'm calling from Rawalpindi", "at the University of
# Nairobi", "I'm calling for Ms. Reyes", "trying to reach Coach Jenkins", "a Kenyan student").
NOT_OWN = frozenset(
    {"from", "in", "at", "near", "to", "into", "around", "across", "for", "of", "by", "reach",
     "a", "an", "the"}
)  # fmt: skip
FROM_SENDER = GREETINGS | {"message", "call", "note", "greetings"}
LOOK_BACK = 2  # lower-case words between NOT_OWN and the run: "from beautiful", "at the"
# Words that make a capitalised run someone other than the caller ("Dr. Khan suggested I
# call", "Sarah mentioned you").
REFERRING = frozenset(
    {"suggested", "recommended", "mentioned", "said", "told", "gave", "referred", "passed"}
)
TAG_WORDS = 2  # "..., right?", "..., isn't it?": a confirmation, not an introduction
_CLOSE = re.compile(r"[,.!?;:\u2014\u2026]$|--$")


def introduced_name(words: Sequence[Word], not_names: frozenset[str]) -> tuple[int, int] | None:
    """(first, last) word indices of the earliest "<frame> Name" or "Name here", or None."""
    bare = [_bare(w.text) for w in words]
    for k, word in enumerate(words):
        if not _capitalised(word.text, bare[k], not_names):
            continue
        for frame in FRAMES:
            start = k - len(frame)
            if start >= 0 and tuple(bare[start:k]) == frame and _opens_clause(words, bare, start):
                last = _name_end(words, bare, k, not_names)
                if last is not None and _stated(words, bare, last):
                    return start, last
        if _opens_clause(words, bare, k):
            last = _name_end(words, bare, k, not_names)
            after = last + 1 if last is not None else len(words)
            if (
                after < len(words)
                and bare[after] in AFTER_NAME
                and (after == len(words) - 1 or _CLOSE.search(words[after].text))
                and not words[after].text.endswith("?")
                and not _CLOSE.search(words[after - 1].text)
                and not (last == k and _gerund(bare[k]))
            ):
                return k, after
    return None


def cased(words: Sequence[Word]) -> bool:
    """Whether capitals in these words mean something: a word after the first has one ("I",
    a name), as Whisper and most typists write. In text in lower case ("hi this is ava", "Hi
    myself ramesh from chennai") a name cannot be told by its capital."""
    later = [w.text for w in words if any(c.isalpha() for c in w.text)][1:]
    return any(c.isupper() for text in later for c in text)


def may_hold_name(words: Sequence[Word], first: int, last: int, not_names: frozenset[str]) -> bool:
    """Whether words first..last can hold the caller's name: a capitalised word that can be a
    name, or a word in a name's place ("this is ___", "I'm ___", "___ here"), since the
    recogniser writes a name it did not know as ordinary words ("Hi, this is fan of cars",
    said: "Hannah Scott"). A window that reads as an introduction without either ("Hi, I'm a
    pre-med student", 0.58; "Sir, I am a final year MCA student", 0.65; "I am calling from
    Rawalpindi") describes the caller and names no one: a name is what the label asks for."""
    bare = [_bare(w.text) for w in words]
    return any(
        _capitalised_name(words, bare, k, not_names)
        or _in_name_place(words, bare, k, first, last, not_names)
        for k in range(first, last + 1)
    )


def _capitalised_name(
    words: Sequence[Word], bare: list[str], k: int, not_names: frozenset[str]
) -> bool:
    """Word k is capitalised and can be a name: not "I", a greeting or a form of address
    ("Hi", "Sir"), an acronym or a degree ("MCA", "B.Tech"), a day, a language or a
    nationality, a title, a word on `not_names`, a possessive ("Priya's brother"); nor in a
    run after "from/at/for/a/the..." (a place, someone else, a description: "from
    Rawalpindi", "calling for Ms. Reyes", "a Kenyan student"), straight after a greeting
    ("Hi Sarah,": the listener), or before "suggested/mentioned..." (a referrer)."""
    raw, word = _unquoted(words[k].text), bare[k]
    if not raw[:1].isupper() or word.endswith("'s") or word in DEGREES:
        return False
    if not _may_be_name(word, not_names) or (_acronym(raw) and not _capitals_run(words, k)):
        return False
    start, end = _run_start(words, bare, k), _run_end(words, bare, k)
    if end + 1 < len(words) and bare[end + 1] in REFERRING:
        return False
    if start > 0 and bare[start - 1] in GREETINGS and not _CLOSE.search(words[start - 1].text):
        return end + 1 < len(words) and bare[end + 1] in AFTER_NAME  # "Hello Sam Ortiz here"
    stated = end + 1 < len(words) and bare[end + 1] in AFTER_NAME  # "is Anil Maharaj here"
    return not _after_not_own(words, bare, start) and (stated or not _asked_about(words, bare, k))


def _asked_about(words: Sequence[Word], bare: list[str], k: int) -> bool:
    """Word k names someone asked about or for ("Hi, is Dana in today?", "Is Dr. Patel
    available?", "Is this Dana?": "is" opens its clause, then a title or capitalised words up to
    k; not "this is" or "my name is"; "Could I speak with Dana?")."""
    j = k - 1
    while (
        j >= 0
        and bare[j] not in ("is", "was")
        and (bare[j] in TITLES or _unquoted(words[j].text)[:1].isupper())
    ):
        j -= 1
    if j > 0 and bare[j] in ("this", "that") and bare[j - 1] == "is":
        j -= 1  # "Oh, hi, is this Dana?", "Is that Dr. Okafor?" (not "this is Dana")
    if j > 0 and bare[j] == "with" and bare[j - 1] in ("speak", "talk", "chat", "meet"):
        return True  # "could I speak with Dana?" (not "you're speaking with Maria Gonzalez")
    if j < 0 or bare[j] not in ("is", "was"):
        return False
    return j == 0 or bool(_CLOSE.search(words[j - 1].text)) or bare[j - 1] in GREETINGS


def _after_not_own(words: Sequence[Word], bare: list[str], start: int) -> bool:
    """A word of NOT_OWN comes before `start`, with at most LOOK_BACK lower-case words between
    and no punctuation ("from northern Nigeria", "at the University of Nairobi")."""
    j = start - 1
    for _ in range(LOOK_BACK + 1):
        if j < 0 or _CLOSE.search(words[j].text):
            return False
        if bare[j] in NOT_OWN:  # but "Hello from Tunde", "a message from Ana Lopez"
            return not (bare[j] == "from" and j > 0 and bare[j - 1] in FROM_SENDER)
        if _unquoted(words[j].text)[:1].isupper():
            return False
        j -= 1
    return False


def _in_name_place(
    words: Sequence[Word],
    bare: list[str],
    k: int,
    first: int,
    last: int,
    not_names: frozenset[str],
) -> bool:
    """Word k follows a frame that introduces the speaker ("this is", "I'm", "my name is",
    "myself", "call me"), or opens a clause before "here"/"speaking"/"calling" ("Anna White
    calling", "fan of cars here" as a name was heard), and can be a name ("I'm a", "I'm
    really", "it's you", "a resident here" cannot). A capitalised day or month after a frame
    is a name ("Hi, I'm April,")."""
    word = bare[k + 1] if bare[k] in TITLES and k + 1 < len(bare) else bare[k]
    calendar = word in CALENDAR and _unquoted(words[k].text)[:1].isupper()
    if not (calendar or _may_be_name(word, not_names)) or word.endswith("'s"):
        return False
    if not calendar and (_gerund(word) or word.endswith("in'")):  # "I'm tryin' to reach"
        return False
    j = k - 1
    while j >= first and bare[j] in FILLERS:
        j -= 1
    before = [f for f in OWN if tuple(bare[max(j - len(f) + 1, first) : j + 1]) == f]
    if before:
        return not calendar or any(f not in IMPERSONAL for f in before)
    return (
        k + 1 <= last
        and bare[k + 1] in AFTER_NAME
        and not _CLOSE.search(words[k].text)
        and not _gerund(bare[k])
        and (_opens_clause(words, bare, k) or (k > first and _opens_clause(words, bare, k - 1)))
    )


def _may_be_name(word: str, not_names: frozenset[str]) -> bool:
    return bool(word) and not (
        word in NOT_A_NAME or word in GREETINGS or word in ADDRESS or word in TITLES
        or word in not_names or word.isdigit()
    )  # fmt: skip


def _run_start(words: Sequence[Word], bare: list[str], k: int) -> int:
    """The first word of the capitalised run word k is in, titles included ("Ms. Reyes"),
    greetings not ("Hi Sarah")."""
    start = k
    while start > 0:
        before = words[start - 1].text
        if not before[:1].isupper() or bare[start - 1] in GREETINGS or bare[start - 1] in ADDRESS:
            break
        if _CLOSE.search(before.rstrip(".") if bare[start - 1] in TITLES else before):
            break
        start -= 1
    return start


def _run_end(words: Sequence[Word], bare: list[str], k: int) -> int:
    """The last word of the capitalised run word k is in."""
    end = k
    while (
        end + 1 < len(words)
        and not _CLOSE.search(words[end].text)
        and _unquoted(words[end + 1].text)[:1].isupper()
    ):
        end += 1
    return end


def _capitals_run(words: Sequence[Word], k: int) -> bool:
    """Word k is one of two or more words in capitals ("ANA LOPEZ"), not an acronym alone."""
    return any(
        0 <= j < len(words) and j != k and _acronym(_unquoted(words[j].text))
        for j in (k - 1, k + 1)
    )


def _unquoted(text: str) -> str:
    return text.lstrip("\"'(\u201c\u2018")


def _acronym(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _stated(words: Sequence[Word], bare: list[str], last: int) -> bool:
    """The name ends a statement: not a question ("Hi, this is Karen Wells?"), a question tag
    ("This is Karen Wells, right?") or a cleft ("It's Amazon that I'm hoping to join")."""
    if words[last].text.endswith("?"):
        return False
    if last + 1 < len(words) and not _CLOSE.search(words[last].text) and bare[last + 1] in CLEFT:
        return False
    end = last + 1
    while end < len(words) and not re.search(r"[.!?]$", words[end].text):
        end += 1
    tail = end - last
    return not (end < len(words) and words[end].text.endswith("?") and tail <= TAG_WORDS)


def _name_end(
    words: Sequence[Word], bare: list[str], k: int, not_names: frozenset[str]
) -> int | None:
    """The last word of a name of up to three capitalised words starting at k (a title first
    counts as one of them); None if a possessive ("this is Karen's line"), a place, or no name
    follows a title."""
    last = k
    if bare[k] in TITLES:
        if k + 1 >= len(words) or _CLOSE.search(words[k].text.rstrip(".")):
            return None
        if not _capitalised(words[k + 1].text, bare[k + 1], not_names):
            return None
        last = k + 1
    while (
        last + 1 < len(words)
        and last - k < 2
        and not _CLOSE.search(words[last].text)
        and _capitalised(words[last + 1].text, bare[last + 1], not_names)
    ):
        last += 1
    if bare[last].endswith("'s") or any(bare[i] in PLACES for i in range(k, last + 1)):
        return None
    return last


def _opens_clause(words: Sequence[Word], bare: list[str], i: int) -> bool:
    """Word i starts a clause: it is the first word, follows punctuation (not a title's full
    stop: "Is Dr. Patel here?"), or a greeting."""
    j = i - 1
    while j >= 0 and bare[j] in GREETINGS and not _CLOSE.search(words[j].text):
        j -= 1
    if j < 0:
        return True
    return bool(_CLOSE.search(words[j].text)) and bare[j] not in TITLES


def _gerund(bare: str) -> bool:
    """ "Raining here.", "Cold calling,": a word, not a one-word name."""
    return len(bare) > 5 and bare.endswith("ing")


def _capitalised(raw: str, bare: str, not_names: frozenset[str]) -> bool:
    return raw[:1].isupper() and bare not in NOT_A_NAME and bare not in not_names


def _bare(text: str) -> str:
    return re.sub(r"[^\w'-]", "", _APOSTROPHES.sub("'", text.lower()))


_APOSTROPHES = re.compile("[\u2019\u00b4`\u02bc]")  # ’ ´ ` ʼ as typed on other keyboards
