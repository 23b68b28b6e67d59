"""Exact rules for a caller giving their own name in the usual frames.

The sentence model reads a name by its words, and a name that is also a word reads as that
word: "This is Darnell Price" scored 0.03 as an introduction, "Hope Young here" 0.17. These
frames are exact when the name is written with capitals (typed text, and Whisper, which
capitalises names): "this is / it's / you're speaking with / you've got / you're through to
<Name>" at the start of a clause, and "<Name> here" / "<Name> speaking" as a clause of its own.
Lower-case names ("this is darnell price") are left to the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.transcript import Word

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
    {"hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "g'day", "yes", "yeah",
     "oh", "sorry", "howdy", "greetings", "yo", "ok", "okay", "um", "uh", "er", "so"}
)  # fmt: skip
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sister", "father"})
# Capitalised words that follow the frames without being anyone's name.
NOT_A_NAME = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december christmas easter i i'm i'd i've
    someone somebody everyone everybody anyone anybody nobody no one all nothing everything
    something that this it there here who what how why when where which the a an my your our
    their his her its okay ok yes yeah no not just really about regarding english spanish french
    german chinese mandarin hindi arabic urdu tagalog english-speaking american british indian
    canadian australian nigerian linkedin facebook instagram google zoom teams whatsapp
    internet""".split()
)
# A capitalised run holding one of these names a place, not a person ("It's Leeds University
# that sent me").
PLACES = frozenset(
    """university college school academy institute hospital clinic bank group company
    corporation inc ltd council department office centre center agency""".split()
)
_CLOSE = re.compile(r"[,.!?;:]$")


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
                if last is not None and not words[last].text.endswith("?"):
                    return start, last
        if _opens_clause(words, bare, k):
            last = _name_end(words, bare, k, not_names)
            after = last + 1 if last is not None else len(words)
            if (
                after < len(words)
                and bare[after] in AFTER_NAME
                and (after == len(words) - 1 or _CLOSE.search(words[after].text))
                and not _CLOSE.search(words[after - 1].text)
            ):
                return k, after
    return None


def _name_end(
    words: Sequence[Word], bare: list[str], k: int, not_names: frozenset[str]
) -> int | None:
    """The last word of a name of up to three capitalised words (after an optional title)
    starting at k; None if a possessive ("this is Karen's line") or no name follows a title."""
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
    """Word i starts a clause: it is the first word, follows punctuation, or a greeting."""
    j = i - 1
    while j >= 0 and bare[j] in GREETINGS and not _CLOSE.search(words[j].text):
        j -= 1
    return j < 0 or bool(_CLOSE.search(words[j].text))


def _capitalised(raw: str, bare: str, not_names: frozenset[str]) -> bool:
    return raw[:1].isupper() and bare not in NOT_A_NAME and bare not in not_names


def _bare(text: str) -> str:
    return re.sub(r"[^\w'-]", "", text.lower().replace("\u2019", "'"))
