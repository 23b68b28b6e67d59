"""Which bank question a caller asked, judged by meaning (trainer/understanding/topics.py).

The held-out set (bank_questions/test.jsonl: 130 questions, Indian, Nigerian, Singaporean,
Filipino, Caribbean, Scottish, learners' and recogniser-style English) was written by another
author from the bank's texts alone, in a separate pass from the dev set the examples and the
threshold were chosen on (training/bank_questions/dev.jsonl). Measured with the shipped bank:
the right bank question for 91 of 111 questions that ask one (0.820; the keywords used before:
0.270), and 8 of the 19 questions the bank does not cover left unmatched (keywords: 17). It was
scored twice: 94 of 111 and 6 of 19 the first time, before two examples were added to
`training` for a question the engine tests ask. When the bank gained `work_life` (hours,
pressure, flexibility), three of those 19 became questions it covers and were labelled so
("do you have to work nights or weekends", "Your office got hybrid or not?", "how do you
handle stress"): now 92 of 114 (0.807; the 111 as before, and one of the three), and 7 of 16
left unmatched. Its examples were chosen on the dev set; the held-out set was scored twice
with it. The guards sit a few items below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.calls.intents import question_core
from trainer.questions import bank
from trainer.understanding.topics import NEAR_ENOUGH, Topics, topics_of

HELD_OUT = Path(__file__).with_name("bank_questions") / "test.jsonl"


def test_the_bank_question_asked_on_the_held_out_set():
    rows = [json.loads(line) for line in HELD_OUT.read_text().splitlines() if line]
    asking = [r for r in rows if r["ids"]]
    right = sum(bool(m := topics_of(question_core(r["text"]))) and m[0] in r["ids"] for r in asking)
    assert right / len(asking) >= 0.78, right
    uncovered = [r for r in rows if not r["ids"]]
    assert sum(not topics_of(question_core(r["text"])) for r in uncovered) >= 6


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What could a graduate expect to take home?", "salary"),
        ("If I followed you around for a day, what would I see?", "typical_day"),
        ("Would it be okay to connect with you on LinkedIn?", "keep_in_touch"),
        ("How is the balance between work and home life?", "work_life"),
    ],
)
def test_a_question_is_matched_by_what_it_means(question, topic):
    assert topics_of(question) == (topic,)


def test_every_bank_question_matches_itself_and_nothing_matches_an_empty_question():
    for q in bank():
        assert topics_of(q.text) == (q.id,)
    assert topics_of("  ") == ()


def test_a_question_far_from_every_phrasing_matches_none():
    class Fixed:
        """An encoder whose every text is one of two orthogonal directions."""

        def embed(self, texts):
            import numpy as np

            return np.array([[1.0, 0.0] if "pay" in t else [0.0, 1.0] for t in texts])

    q = bank()[0]
    topics = Topics(Fixed(), (q.__class__(q.id, q.category, "What does it pay?", q.why, ()),))
    assert topics.of("How is the pay?") == (q.id,)
    assert topics.of("Do you like cats?") == () and NEAR_ENOUGH > 0
