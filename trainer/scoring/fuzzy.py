"""Second chance for phrases the recogniser garbled: fuzzy matching against canonical wording.

Speech-to-text slips are mostly near-misses in sound and spelling ("is now a good time" ->
"is how a good time", "a bad time" -> "a mad time"), so a window of the transcript that is
character-similar to a canonical phrase is taken as that phrase. Thresholds are high and the
phrases long enough that ordinary sentences do not reach them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from trainer.scoring.text import Text
from trainer.transcript import Transcript

THRESHOLD = 85.0

CANONICAL: dict[str, tuple[str, ...]] = {
    "convenience_check": (
        "is now a good time",
        "is this a good time",
        "is now a good time to talk",
        "is this a good time to talk",
        "is this a convenient time",
        "is now a convenient time",
        "is now okay",
        "is now okay for you",
        "is right now convenient",
        "am i catching you at a bad time",
        "catching you at a bad time",
        "i can call back later",
        "i'm happy to call back",
        "i can call you back",
        "should i call back later",
        "could we schedule a time",
        "could we schedule a call",
        "would another time be better",
        "is there a better time",
        "if now isn't a good time",
        "if now is a bad time",
        "or should i try tomorrow",
    ),
    "time_request": (
        "would you have ten minutes",
        "would you have fifteen minutes",
        "ten or fifteen minutes",
        "fifteen minutes of your time",
        "ten minutes of your time",
        "could you spare ten minutes",
        "could you spare fifteen minutes",
        "a few minutes of your time",
        "a quarter of an hour",
        "about ten minutes",
        "about fifteen minutes",
    ),
    "purpose": (
        "learn about your work",
        "learn more about your work",
        "hear about your experience",
        "learn about your career",
        "learn more about your career",
        "get your advice",
        "learn how you got started",
        "hear how you got started",
        "what your work is like",
    ),
    "identification": (
        "my name is",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class FuzzyHit:
    first: int  # word indices
    last: int
    phrase: str
    similarity: float


@cache
def _canonical_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in Text(Transcript.from_text(phrase)).tokens)


def best_match(t: Text, element: str, threshold: float = THRESHOLD) -> FuzzyHit | None:
    """The transcript window most similar to any canonical phrase of `element`."""
    norms = [tok.norm for tok in t.tokens]
    best: FuzzyHit | None = None
    for phrase in CANONICAL[element]:
        target_tokens = _canonical_tokens(phrase)
        target = " ".join(target_tokens)
        n = len(target_tokens)
        for size in (n - 1, n, n + 1):
            if size < 2:
                continue
            for i in range(0, max(len(norms) - size + 1, 0)):
                window = " ".join(norms[i : i + size])
                score = fuzz.ratio(window, target)
                if score >= threshold and (best is None or score > best.similarity):
                    best = FuzzyHit(t.tokens[i].word, t.tokens[i + size - 1].word, phrase, score)
    return best
