"""Accuracy on the blind set (tests/understanding/blind/): written in one pass by an author who
saw only training/LABELS.md (no training data, no other set), sealed while this model was made,
and scored once, on the final model. 160 intros, 220 call turns, 100 negation sentences, in
many Englishes (Scottish, Welsh, Kenyan, Ghanaian, Jamaican, Singaporean, Hong Kong, Filipino,
Pakistani, learners...), a fifth in recogniser style. Measured: macro-F1 0.988 over the four
parts (the model at the start of that session: 0.985), job asks F1 0.945 (0.943); call turns
macro-F1 0.945 over 16 intents (0.944); negation recall 0.90 (0.90) with 2 false flags of 50
(4). Recall on its negation sentences is below the issue's 0.95: it is reported, not hidden.
The guards sit an item or two below, for another CPU's floats. 21 of its 512 sentences of
seven words or more are near copies of training sentences, all formulaic ("have I caught you
at a bad time", "what does a typical day look like for you", "could you spare fifteen minutes
at some point"), and all but one written before this set existed: the same words found twice,
not a leak; test_split_apart.py keeps the held-out split free of them, not this set."""

from __future__ import annotations

from pathlib import Path

from tests.understanding.metrics import (
    intro_scores,
    load_intros,
    load_turns,
    negation_result,
    turn_scores,
)

BLIND = Path(__file__).with_name("blind")


def test_the_four_parts_on_the_blind_intros():
    report = intro_scores(load_intros(BLIND / "intros.jsonl"))
    assert report.macro4 >= 0.975, report.f1
    assert report.f1["asks_for_job"] >= 0.92, report.f1


def test_call_intents_on_the_blind_turns():
    report = turn_scores(load_turns(BLIND / "turns.jsonl"))
    assert sum(report.f1.values()) / len(report.f1) >= 0.93, report.f1


def test_job_asks_on_the_blind_negation_set():
    result = negation_result(BLIND / "negation.jsonl")
    assert result.recall >= 0.86
    assert len(result.false_flags) <= 3, result.false_flags
