"""The question bank (scenarios/questions/bank.toml): load and pick questions. Which one a
caller asked is judged by meaning, in trainer/understanding/topics.py."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

from trainer.errors import InputError
from trainer.resources import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATEGORIES = ("occupation", "career")
_KEYS = {"id", "category", "text", "why", "examples"}


@dataclass(frozen=True)
class Question:
    id: str
    category: str
    text: str
    why: str
    examples: tuple[str, ...]  # other ways to ask it, for matching by meaning

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.text, *self.examples)

    def to_dict(self) -> dict:
        return {"id": self.id, "category": self.category, "text": self.text, "why": self.why}


@functools.lru_cache(maxsize=1)
def bank() -> tuple[Question, ...]:
    path = data_dir("scenarios") / "questions" / "bank.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, q in enumerate(raw.get("question", [])):
        unknown = set(q) - _KEYS
        if unknown or q.get("category") not in CATEGORIES:
            raise InputError(f"{path}: question {i + 1}: bad keys or category")
        examples = q.get("examples", [])
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise InputError(f"{path}: question {i + 1}: examples must be a list of strings")
        out.append(Question(q["id"], q["category"], q["text"], q["why"], tuple(examples)))
    return tuple(out)


def by_id(ids: list[str]) -> list[Question]:
    known = {q.id: q for q in bank()}
    missing = [i for i in ids if i not in known]
    if missing:
        raise InputError(f"unknown question id(s): {', '.join(missing)} (see `trainer questions`)")
    return [known[i] for i in ids]


def pick(n: int, category: str | None = None) -> list[Question]:
    """A balanced plan: alternate categories in bank order (most useful first)."""
    pool = [q for q in bank() if category in (None, q.category)]
    if category is not None:
        return pool[:n]
    groups = [[q for q in pool if q.category == c] for c in CATEGORIES]
    out: list[Question] = []
    while len(out) < n and any(groups):
        for g in groups:
            if g and len(out) < n:
                out.append(g.pop(0))
    return out
