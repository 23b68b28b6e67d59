"""Helpers to build attempts without audio, for store and statistics tests."""

from __future__ import annotations

from trainer.progress.store import Attempt
from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript

FULL = (
    "Hi, my name is Ann Lee. I'd love to learn about your work. Would you have ten minutes? "
    "Is now a good time?"
)
NO_CONVENIENCE = "Hi, my name is Ann Lee. I'd love to learn about your work. Ten minutes?"


def attempt(
    text: str = FULL, profile: str = "default", created_at: str | None = None, mode: str = "text"
) -> Attempt:
    """A typed intro kept as `trainer score --text` keeps it."""
    a = Attempt.of_take(evaluate(Transcript.from_text(text)), profile, mode, source="--text")
    if created_at:
        a.created_at = created_at
    return a
