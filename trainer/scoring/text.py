"""Normalised tokens that remember which spoken word they came from, and regex search over them.

Matching runs on lower-case words with digits for numbers ("ten" -> "10"), so a pattern written
once works on typed scripts and on Whisper output alike; every hit maps back to the original
words (for quoting evidence) and their times.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from trainer.transcript import Transcript, Word

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}
# Hesitation sounds carry no meaning for the patterns; delivery.py counts them from the words.
HESITATIONS = frozenset({"um", "uh", "er", "erm", "ah", "hmm", "hm", "mm", "uhm", "umm", "uhh"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True)
class Token:
    norm: str
    word: int  # index into Transcript.words


@dataclass(frozen=True)
class Hit:
    first: int  # first word index
    last: int  # last word index (inclusive)
    groups: tuple[str | None, ...] = ()
    named: dict[str, str | None] | None = None


class Text:
    """A transcript prepared for pattern search."""

    def __init__(self, transcript: Transcript):
        self.transcript = transcript
        self.words: tuple[Word, ...] = transcript.words
        self.tokens: list[Token] = _merge_numbers(_tokenize(self.words))
        self._offsets: list[int] = []
        pos = 0
        for tok in self.tokens:
            self._offsets.append(pos)
            pos += len(tok.norm) + 1
        self.string = " ".join(t.norm for t in self.tokens)

    def find(self, pattern: str | re.Pattern[str]) -> list[Hit]:
        """All non-overlapping matches of a regex over the normalised string, as word spans."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        hits = []
        for m in rx.finditer(self.string):
            if m.end() == m.start():
                continue
            first_tok = bisect.bisect_right(self._offsets, m.start()) - 1
            last_tok = bisect.bisect_right(self._offsets, m.end() - 1) - 1
            hits.append(
                Hit(
                    self.tokens[first_tok].word,
                    self.tokens[last_tok].word,
                    m.groups(),
                    m.groupdict(),
                )
            )
        return hits

    def token_index_of_word(self, word: int) -> int:
        for i, tok in enumerate(self.tokens):
            if tok.word >= word:
                return i
        return len(self.tokens)

    def quote(self, first: int, last: int) -> str:
        text = " ".join(w.text for w in self.words[first : last + 1])
        return text.strip(" ,;:")

    def start_of(self, word: int) -> float | None:
        return self.words[word].start if 0 <= word < len(self.words) else None

    @cached_property
    def sentence_starts(self) -> set[int]:
        """Word indices that begin a sentence (after . ? ! or at the start)."""
        starts = {0}
        for i, w in enumerate(self.words[:-1]):
            if w.text.endswith((".", "?", "!")):
                starts.add(i + 1)
        return starts


def _tokenize(words: tuple[Word, ...]) -> list[Token]:
    tokens = []
    for i, w in enumerate(words):
        text = w.text.translate(_APOSTROPHES).lower()
        for piece in re.findall(r"[a-z0-9]+(?:'[a-z]+)?|[a-z]+", text.replace("-", " ")):
            if piece not in HESITATIONS:
                tokens.append(Token(piece, i))
    return tokens


def _merge_numbers(tokens: list[Token]) -> list[Token]:
    """'twenty five' -> '25', 'fifteen' -> '15'; digits stay as they are."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.norm in _TENS:
            value = _TENS[tok.norm]
            if (
                i + 1 < len(tokens)
                and tokens[i + 1].norm in _UNITS
                and _UNITS[tokens[i + 1].norm] < 10
            ):
                value += _UNITS[tokens[i + 1].norm]
                i += 1
            out.append(Token(str(value), tok.word))
        elif tok.norm in _UNITS:
            out.append(Token(str(_UNITS[tok.norm]), tok.word))
        else:
            out.append(tok)
        i += 1
    return out
