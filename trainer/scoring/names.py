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
    literally politically candidly seriously""".split()
)
# A capitalised run holding one of these names a place, not a person ("It's Leeds University
# that sent me").
PLACES = frozenset(
    """university college school academy institute hospital clinic bank group company
    corporation inc ltd council department office centre center agency""".split()
)
# After "it's <Capitalised>", these make a cleft ("It's Python I want to learn").
CLEFT = frozenset({"that", "who", "where", "which", "what", "i", "i'm", "i'd", "we", "you"})
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
