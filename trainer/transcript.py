"""What a recogniser hands to scoring: words with times. Plain data, no speech libraries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    text: str  # as the recogniser wrote it, punctuation included, no leading space
    start: float | None = None  # seconds into the take; None for typed scripts
    end: float | None = None
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration: float | None = None  # length of the audio; None for typed text
    speech_spans: tuple[tuple[float, float], ...] = field(default=())  # voice activity
    # Extra hearings the recogniser made because it was unsure of this one; scoring may take
    # an element from a replay when the main transcript missed it.
    replays: tuple[Replay, ...] = field(default=())

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words).strip()

    @property
    def timed(self) -> bool:
        return bool(self.words) and all(w.start is not None for w in self.words)

    @staticmethod
    def from_text(text: str) -> Transcript:
        """A typed script: words without timings."""
        return Transcript(tuple(Word(t) for t in re.findall(r"\S+", text)))


@dataclass(frozen=True)
class Replay:
    """Another hearing of the same take, played faster or slower (see speech/recognizer.py)."""

    speed: float  # 0.9 = played 10% slower
    heard: Transcript  # word times mapped back onto the original take
