"""How closely a spoken take followed the written script: similarity, parts skipped or added."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from trainer.scoring.text import Text

MIN_PART_WORDS = 3  # shorter differences are usually recognition slips, not real changes


@dataclass(frozen=True)
class Adherence:
    similarity: float  # 0-100, word-level
    skipped: list[str] = field(default_factory=list)  # in the script, not said
    added: list[str] = field(default_factory=list)  # said, not in the script
    lost_elements: list[str] = field(default_factory=list)  # in the script, missing from the take

    def to_dict(self) -> dict:
        return asdict(self)


def compare(script: Text, take: Text) -> Adherence:
    a = [tok.norm for tok in script.tokens]
    b = [tok.norm for tok in take.tokens]
    similarity = round(fuzz.ratio(" ".join(a), " ".join(b)), 1)
    skipped: list[str] = []
    added: list[str] = []
    for op in Indel.opcodes(a, b):
        if op.tag in ("delete", "replace") and op.src_end - op.src_start >= MIN_PART_WORDS:
            first = script.tokens[op.src_start].word
            last = script.tokens[op.src_end - 1].word
            skipped.append(script.quote(first, last))
        if op.tag in ("insert", "replace") and op.dest_end - op.dest_start >= MIN_PART_WORDS:
            first = take.tokens[op.dest_start].word
            last = take.tokens[op.dest_end - 1].word
            added.append(take.quote(first, last))
    return Adherence(similarity, skipped, added)
