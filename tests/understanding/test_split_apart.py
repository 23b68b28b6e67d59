"""The held-out split must stay held out: no training utterance may be (nearly) one of its
sentences. Short replies ("sure thing", "bye now") coincide by nature and are not checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[2]
MIN_WORDS = 7
NEAR = 92  # rapidfuzz ratio; "how many hours a week do you usually/really work" is 94


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w'\s]", " ", text.lower()).split())


def _split(text: str) -> list[str]:
    """Its sentences of MIN_WORDS words or more, normalised."""
    parts = (_norm(part) for part in re.split(r"(?<=[.?!])\s+", text))
    return [part for part in parts if len(part.split()) >= MIN_WORDS]


def _sentences(folder: Path) -> set[str]:
    out = set()
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.update(_split(json.loads(line)["text"]))
    return out


def test_no_training_utterance_is_a_held_out_sentence():
    held_out = sorted(_sentences(ROOT / "tests/understanding/data"))
    assert len(held_out) > 500
    copies = []
    for path in sorted((ROOT / "training/data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            for said in _split(item.get("source") or item["text"]):
                best = process.extractOne(said, held_out, scorer=fuzz.ratio)
                if best[1] >= NEAR:
                    copies.append((path.name, item["text"], best[0]))
    assert not copies, copies[:10]
