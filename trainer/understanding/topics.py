"""Which question of the bank a caller's question asks, judged by meaning.

Each bank question is written out several ways (its text and `examples` in
scenarios/questions/bank.toml); a caller's question is matched to the bank question with the
nearest phrasing by the sentence encoder's cosine similarity, if it is near enough. Keywords
("salary", "typical day") missed most ways people actually ask ("What could a graduate expect
to take home?", "If I followed you around for a day, what would I see?"): on a held-out set
written by another author they picked the right question for 27 % of questions, this for 82 %
(81 % once the bank gained `work_life`; tests/understanding/test_topics.py).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from trainer.questions import Question, bank
from trainer.understanding.encoder import Encoder, shared_encoder

# Cosine similarity below which a question matches none of the bank and is answered in general
# terms rather than with the nearest, wrong, topic ("Do you like cats?"). Chosen on the dev set
# (training/bank_questions/dev.jsonl) before the held-out set was scored once.
NEAR_ENOUGH = 0.40
# A statement that names a topic without asking ("I'm curious about the salary side of things")
# must name it clearly: near one bank question and well ahead of every other. "I'd love to learn
# about your work" is about as near journals (0.54) as satisfying (0.51): it names none.
CLEARLY_NEAR, CLEAR_LEAD = 0.55, 0.08


class Topics:
    """The bank's phrasings, embedded once."""

    def __init__(self, encoder: Encoder, questions: tuple[Question, ...]):
        self._encoder = encoder
        self._ids = [q.id for q in questions]
        phrasings = [p for q in questions for p in q.phrasings]
        self._owner = np.array([i for i, q in enumerate(questions) for _ in q.phrasings])
        self._vectors = encoder.embed(phrasings)

    def of(self, question: str, clearly: bool = False) -> tuple[str, ...]:
        """The id of the bank question `question` asks, or () when none is near enough (with
        `clearly`, near enough and well ahead of the others)."""
        if not question.strip():
            return ()
        similarity = self._vectors @ self._encoder.embed([question])[0]
        best = int(np.argmax(similarity))
        if similarity[best] < (CLEARLY_NEAR if clearly else NEAR_ENOUGH):
            return ()
        others = similarity[self._owner != self._owner[best]]
        if clearly and others.size and similarity[best] - others.max() < CLEAR_LEAD:
            return ()
        return (self._ids[self._owner[best]],)


@cache
def shared_topics() -> Topics:
    """The process-wide matcher over the built-in bank, built on first use."""
    return Topics(shared_encoder(), bank())


def topics_of(question: str, clearly: bool = False) -> tuple[str, ...]:
    return shared_topics().of(question, clearly)
