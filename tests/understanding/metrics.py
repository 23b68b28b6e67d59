"""Scoring trainer's judgement against labelled sets: F1 per label, and the errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.calls.intents import classify
from trainer.scoring.feedback import Feedback, evaluate
from trainer.transcript import Transcript
from trainer.understanding.labels import INTENT_OF_LABEL, INTRO_PARTS, LABELS

INTRO_LABELS = (*INTRO_PARTS, "asks_for_job")

Intro = tuple[str, dict[str, bool]]  # text, expected label -> present


@dataclass
class Scores:
    f1: dict[str, float]
    errors: list[dict] = field(default_factory=list)

    @property
    def macro4(self) -> float:
        return sum(self.f1[k] for k in INTRO_PARTS) / len(INTRO_PARTS)


def f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 1.0 if fp == 0 and fn == 0 else 0.0
    return 2 * tp / (2 * tp + fp + fn)


def load_intros(path: Path) -> list[Intro]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [(r["text"], {k: bool(r[k]) for k in INTRO_LABELS}) for r in rows]


def unpunctuated(text: str) -> str:
    """The text as a recogniser writes it when it leaves out punctuation, as tiny.en does in
    about a quarter of its longer phone-line hearings: no punctuation, sentence starts in lower
    case, names and "I" kept capitalised."""
    out: list[str] = []
    starts_sentence = True
    for word in text.split():
        bare = re.sub(r"[.,;:!?\u2014]", "", word)
        if bare:
            keep = not starts_sentence or re.match(r"I(?:'|$)", bare)
            out.append(bare if keep else bare.lower())
        starts_sentence = word.endswith((".", "?", "!")) or (starts_sentence and not bare)
    return " ".join(out)


def load_turns(path: Path) -> list[tuple[str, set[str]]]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [(r["text"], set(r["labels"])) for r in rows]


def predicted(feedback: Feedback) -> dict[str, bool]:
    out = {k: feedback.elements[k].covered for k in INTRO_PARTS}
    out["asks_for_job"] = feedback.flags["asks_for_job"]
    return out


def intro_scores(
    intros: list[Intro], judge: Callable[[str], dict[str, bool]] | None = None
) -> Scores:
    """F1 per label over whole intros; `judge` defaults to scoring the typed text."""
    judge = judge or (lambda text: predicted(evaluate(Transcript.from_text(text))))
    counts = {k: [0, 0, 0] for k in INTRO_LABELS}
    errors = []
    for text, expected in intros:
        got = judge(text)
        for k in INTRO_LABELS:
            c = counts[k]
            if got[k] and expected[k]:
                c[0] += 1
            elif got[k]:
                c[1] += 1
                errors.append({"label": k, "kind": "false", "text": text})
            elif expected[k]:
                c[2] += 1
                errors.append({"label": k, "kind": "missed", "text": text})
    return Scores({k: f1(*c) for k, c in counts.items()}, errors)


def turn_scores(turns: list[tuple[str, set[str]]]) -> Scores:
    """F1 per call intent over single caller turns."""
    counts = {label: [0, 0, 0] for label in LABELS}
    errors = []
    for text, expected in turns:
        got_intents = classify(Transcript.from_text(text).words).intents
        for label in LABELS:
            got, want = INTENT_OF_LABEL[label] in got_intents, label in expected
            c = counts[label]
            c[0 if got and want else 1 if got else 2] += got or want
            if got != want:
                errors.append({"label": label, "kind": "false" if got else "missed", "text": text})
    return Scores({k: f1(*c) for k, c in counts.items()}, errors)


@dataclass(frozen=True)
class NegationResult:
    """Job-ask recall on a negation set's asks, and the sentences flagged that ask nothing."""

    recall: float
    false_flags: list[str]
    asks: int
    safe: int


def negation_result(path: Path) -> NegationResult:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    flagged = [(r, evaluate(Transcript.from_text(r["text"])).flags["asks_for_job"]) for r in rows]
    asks = [f for r, f in flagged if r["asks_for_job"]]
    false_flags = [r["text"] for r, f in flagged if f and not r["asks_for_job"]]
    return NegationResult(sum(asks) / len(asks), false_flags, len(asks), len(rows) - len(asks))
