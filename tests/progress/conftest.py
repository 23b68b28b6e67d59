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
    d = evaluate(Transcript.from_text(text)).to_dict()
    a = Attempt(
        profile=profile,
        mode=mode,
        transcript=d["transcript"],
        elements=d["elements"],
        flags=d["flags"],
        delivery=d["delivery"],
        score=d["score"],
        report=d,
        source="--text",
    )
    if created_at:
        a.created_at = created_at
    return a
