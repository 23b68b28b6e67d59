"""How closely a spoken take followed the written script: similarity, and the sentences or
clauses skipped or added (whole clauses, never fragments like "have ten or")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from trainer.scoring.text import Text

MIN_CLAUSE_TOKENS = 4  # a comma splits a sentence only when both sides are at least this long
MIN_REPORTED_TOKENS = 2  # "Hi," alone is not worth reporting
SENTENCE_ENDS = (".", "?", "!", ";", ":")
SAID_FRACTION = 0.5  # a clause counts as said when at least half its words were said in order


@dataclass(frozen=True)
class Adherence:
    similarity: float  # 0-100, word-level
    skipped: list[str] = field(default_factory=list)  # clauses in the script, not said
    added: list[str] = field(default_factory=list)  # clauses said, not in the script
    lost_elements: list[str] = field(default_factory=list)  # in the script, missing from the take

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Adherence:
        """Back from `to_dict` (a stored report)."""
        return cls(**d)


def compare(script: Text, take: Text) -> Adherence:
    a = [tok.norm for tok in script.tokens]
    b = [tok.norm for tok in take.tokens]
    similarity = round(fuzz.ratio(" ".join(a), " ".join(b)), 1)
    said_a: set[int] = set()
    said_b: set[int] = set()
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            said_a.update(range(op.src_start, op.src_end))
            said_b.update(range(op.dest_start, op.dest_end))
    return Adherence(similarity, _unmatched(script, said_a), _unmatched(take, said_b))


def _unmatched(t: Text, said: set[int]) -> list[str]:
    """Clauses of `t` with less than SAID_FRACTION of their tokens matched; neighbouring ones
    in the same sentence are quoted together."""
    runs: list[tuple[int, int, int]] = []  # sentence, first token, last token
    for sentence, first, last in clauses(t):
        n = last - first + 1
        if n < MIN_REPORTED_TOKENS or sum(i in said for i in range(first, last + 1)) >= (
            SAID_FRACTION * n
        ):
            continue
        if runs and runs[-1][0] == sentence and runs[-1][2] + 1 == first:
            runs[-1] = (sentence, runs[-1][1], last)
        else:
            runs.append((sentence, first, last))
    return [t.quote(t.tokens[first].word, t.tokens[last].word) for _, first, last in runs]


def clauses(t: Text) -> list[tuple[int, int, int]]:
    """(sentence number, first token, last token) of each clause: sentences, split further at
    commas between two parts of at least MIN_CLAUSE_TOKENS."""
    spans: list[tuple[int, int, int]] = []
    start = sentence = 0
    for i, tok in enumerate(t.tokens):
        if i + 1 < len(t.tokens) and t.tokens[i + 1].word == tok.word:
            continue  # not the last token of its word
        ending = t.words[tok.word].text.rstrip("\"')")
        end_sentence = ending.endswith(SENTENCE_ENDS)
        comma = (
            ending.endswith(",")
            and i + 1 - start >= MIN_CLAUSE_TOKENS
            and _tokens_to_sentence_end(t, i + 1) >= MIN_CLAUSE_TOKENS
        )
        if end_sentence or comma:
            spans.append((sentence, start, i))
            start = i + 1
            sentence += end_sentence
    if start < len(t.tokens):
        spans.append((sentence, start, len(t.tokens) - 1))
    return spans


def _tokens_to_sentence_end(t: Text, start: int) -> int:
    for i in range(start, len(t.tokens)):
        if t.words[t.tokens[i].word].text.rstrip("\"')").endswith(SENTENCE_ENDS):
            return i - start + 1
    return len(t.tokens) - start
