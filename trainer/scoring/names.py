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
       ("name's",), ("call", "me"), ("it's", "me"))  # fmt: skip
FILLERS = frozenset({"um", "uh", "er", "erm", "ah"})
GREETINGS = frozenset(
    {"hi", "hello", "hey", "hiya", "good", "morning", "afternoon", "evening", "g'day", "yes",
     "yeah", "oh", "sorry", "howdy", "greetings", "yo", "ok", "okay", "um", "uh", "er", "so"}
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
    who's that's i'll we'll you'll""".split()
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
# A capitalised run after one of these names a place, a school or someone else ("I'm calling
# from Rawalpindi", "a student at State", "I'm calling for Ms. Reyes").
NOT_OWN = frozenset({"from", "in", "at", "near", "to", "into", "around", "across", "for", "of"})
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
    """Whether capitals in these words mean something: the transcript opens with one, as
    Whisper and most typists write. In text written all in lower case ("hi this is ava") a
    name cannot be told by its capital."""
    first = next((w.text for w in words if any(c.isalpha() for c in w.text)), "")
    return next((c for c in first if c.isalpha()), "").isupper()


def may_hold_name(words: Sequence[Word], first: int, last: int, not_names: frozenset[str]) -> bool:
    """Whether words first..last can hold the caller's name: a capitalised word that can be a
    name, or a word in a name's place ("this is ___", "I'm ___", "___ here"), since the
    recogniser writes a name it did not know as ordinary words ("Hi, this is fan of cars",
    said: "Hannah Scott"). A window that reads as an introduction without either ("Hi, I'm a
    pre-med student", 0.58; "Sir, I am a final year MCA student", 0.65; "I am calling from
    Rawalpindi") describes the caller and names no one: a name is what the label asks for."""
    bare = [_bare(w.text) for w in words]
    return any(
        _capitalised_name(words, bare, k, not_names) or _in_name_place(bare, k, first, not_names)
        for k in range(first, last + 1)
    )


def _capitalised_name(
    words: Sequence[Word], bare: list[str], k: int, not_names: frozenset[str]
) -> bool:
    """Word k is capitalised and can be a name: not "I", a greeting or a form of address
    ("Hi", "Sir"), an acronym ("MCA", "HR"), a day, a language, a title, a word on
    `not_names`, nor in a run after "from/at/in/for..." (a place or someone else: "from
    Rawalpindi", "calling for Ms. Reyes")."""
    raw, word = words[k].text.lstrip("\"'(\u201c\u2018"), bare[k]
    if not raw[:1].isupper() or _acronym(raw) or not _may_be_name(word, not_names):
        return False
    start = _run_start(words, bare, k)
    return not (start > 0 and bare[start - 1] in NOT_OWN)


def _in_name_place(bare: list[str], k: int, first: int, not_names: frozenset[str]) -> bool:
    """Word k follows a frame that introduces the speaker ("this is", "I'm", "my name is",
    "call me") or comes before "here"/"speaking"/"calling", and can be a name ("I'm a",
    "I'm really", "it's you" cannot)."""
    word = bare[k]
    if word in TITLES:
        word = bare[k + 1] if k + 1 < len(bare) else ""
    if not _may_be_name(word, not_names):
        return False
    if k + 1 < len(bare) and bare[k + 1] in AFTER_NAME:
        return True
    j = k - 1
    while j >= first and bare[j] in FILLERS:
        j -= 1
    return any(j - len(f) + 1 >= first and tuple(bare[j - len(f) + 1 : j + 1]) == f for f in OWN)


def _may_be_name(word: str, not_names: frozenset[str]) -> bool:
    return bool(word) and not (
        word in NOT_A_NAME or word in GREETINGS or word in ADDRESS or word in TITLES
        or word in not_names or word.isdigit()
    )  # fmt: skip


def _run_start(words: Sequence[Word], bare: list[str], k: int) -> int:
    """The first word of the capitalised run word k is in, titles included ("Ms. Reyes")."""
    start = k
    while start > 0:
        before = words[start - 1].text
        if not before[:1].isupper():
            break
        if _CLOSE.search(before.rstrip(".") if bare[start - 1] in TITLES else before):
            break
        start -= 1
    return start


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
    return re.sub(r"[^\w'-]", "", text.lower().replace("\u2019", "'"))
