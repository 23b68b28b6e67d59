"""Clause windows and how a judgement picks its evidence: pure, with made-up probabilities."""

from __future__ import annotations

import numpy as np

from trainer.transcript import Transcript, Word
from trainer.understanding.clauses import spans
from trainer.understanding.judge import Meaning
from trainer.understanding.labels import LABELS


def texts(text: str) -> list[str]:
    return [s.text for s in spans(Transcript.from_text(text).words)]


def test_sentences_and_clauses_are_windows_and_short_openers_join_the_next_clause():
    got = texts("Hi, this is Sam Ortiz. No pressure, but are you hiring?")
    assert "Hi, this is Sam Ortiz." in got  # "Hi," alone carries nothing
    assert "Hi," not in got
    assert "No pressure, but are you hiring?" in got


def test_a_clause_starts_at_but_and_at_and_before_a_subject():
    got = texts("I had a good time at your talk and I'd love to learn about your career.")
    assert "I had a good time at your talk" in got
    assert "and I'd love to learn about your career." in got
    # "ten or fifteen minutes" is not cut at "or".
    assert "Would you have ten or fifteen minutes?" in texts(
        "Would you have ten or fifteen minutes?"
    )


def test_a_long_pause_ends_a_sentence_without_punctuation():
    words = (
        Word("hi", 0.0, 0.2),
        Word("this", 0.3, 0.5),
        Word("is", 0.5, 0.6),
        Word("sam", 0.6, 0.9),
        Word("is", 2.0, 2.1),
        Word("now", 2.1, 2.3),
        Word("good", 2.3, 2.6),
    )
    got = [s.text for s in spans(words)]
    assert "hi this is sam" in got and "is now good" in got
    assert "hi this is sam is now good" not in got


def test_run_on_text_gets_bounded_windows():
    words = Transcript.from_text(" ".join(["word"] * 100)).words
    assert max(s.size for s in spans(words)) <= 28


def test_empty_and_punctuation_only_give_no_windows():
    assert spans(()) == []
    assert spans(Transcript.from_text("... ?").words) == []


def meaning(text: str, probs: dict[str, dict[str, float]]) -> Meaning:
    """A Meaning whose windows get the given label probabilities (0 elsewhere)."""
    windows = tuple(spans(Transcript.from_text(text).words))
    table = np.zeros((len(windows), len(LABELS)), dtype=np.float32)
    for i, w in enumerate(windows):
        for label, p in probs.get(w.text, {}).items():
            table[i, LABELS.index(label)] = p
    return Meaning(windows, table)


def test_evidence_is_the_surest_of_the_tightest_windows():
    m = meaning(
        "Is now a good time, or should I call back? Is now okay?",
        {
            "Is now a good time, or should I call back?": {"convenience_check": 0.9},
            "Is now a good time,": {"convenience_check": 0.8},
            "Is now okay?": {"convenience_check": 0.95},
        },
    )
    found = m.found("convenience_check")
    assert found is not None and found.span.text == "Is now okay?"
    assert [f.span.text for f in m.all_found("convenience_check")] == [
        "Is now a good time,",
        "Is now okay?",
    ]
    assert m.confidence("convenience_check") > 0.94


def test_a_job_ask_inside_a_reassurance_is_not_an_ask():
    text = "I'm not calling about a job, but asking you to hire me would be wrong."
    reassurance = {"denies_job": 0.9, "job_ask": 0.1}
    m = meaning(
        text, {text: reassurance, "but asking you to hire me would be wrong.": {"job_ask": 0.7}}
    )
    assert m.found("job_ask") is None
    # Without the reassurance around it, the same clause is an ask.
    m = meaning(
        text,
        {text: {"job_ask": 0.3}, "but asking you to hire me would be wrong.": {"job_ask": 0.7}},
    )
    assert m.found("job_ask") is not None


def test_a_fragment_whose_sentence_plainly_means_something_else_is_not_taken():
    text = "Could you give me, a quarter of an hour?"
    m = meaning(text, {"Could you give me,": {"job_ask": 0.9}, text: {"time_request": 0.9}})
    assert m.found("job_ask") is None
    assert m.found("time_request") is not None


def test_a_hedge_before_an_ask_does_not_cancel_it():
    text = "No pressure, but are you hiring?"
    m = meaning(text, {text: {"job_ask": 0.9, "denies_job": 0.6}})
    assert m.found("job_ask") is not None
