"""Accuracy on the sets other authors wrote after the choices were made, each guarded an item
or two below what was measured (another CPU's floats differ a little).

The check set (tests/understanding/check/): a third pass, written by an author who saw only
training/LABELS.md, after every choice of an earlier model was made; nothing was tuned on it.
Transcript-like text (a third lower case without punctuation, small recognition slips), names
that are words, many Englishes. Measured with the shipped model: macro-F1 0.978 over the four
parts, job asks 0.947, call turns 0.935 over 16 intents, negation recall 0.975 with 3 false
flags of 50. Five of its 394 sentences of seven words or more are close to a training
sentence, all formulaic time requests ("would you have twenty minutes to spare").

The blind set (tests/understanding/blind/): written in one pass by an author who saw only
LABELS.md (no training data, no other set), sealed while the shipped model was made, and
scored once, on the final model. 160 intros, 220 call turns, 100 negation sentences, in many
Englishes (Scottish, Welsh, Kenyan, Ghanaian, Jamaican, Singaporean, Hong Kong, Filipino,
Pakistani, learners...), a fifth in recogniser style. Measured: macro-F1 0.988 over the four
parts (the model at the start of that round: 0.985), job asks F1 0.945 (0.943); call turns
0.945 over 16 intents (0.944); negation recall 0.90 (0.90) with 2 false flags of 50 (4). Its
negation recall is below the issue's 0.95: reported, not hidden. 21 of its 512 sentences of
seven words or more are near copies of training sentences, all formulaic ("have I caught you
at a bad time", "what does a typical day look like for you"), and all but one written before
the set existed: the same words found twice, not a leak (test_split_apart.py keeps the
held-out split free of them, not this set)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.understanding.metrics import (
    intro_scores,
    load_intros,
    load_turns,
    negation_result,
    turn_scores,
)

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Guard:
    parts: float  # macro-F1 over the four parts
    job_asks: float  # F1 of asks_for_job on the intros
    turns: float  # macro-F1 over the call intents
    recall: float  # job-ask recall on the negation sentences
    false_flags: int  # of the negation sentences that ask nothing


GUARDS = {
    "check": Guard(parts=0.96, job_asks=0.90, turns=0.92, recall=0.95, false_flags=4),
    "blind": Guard(parts=0.975, job_asks=0.92, turns=0.93, recall=0.86, false_flags=3),
}


@pytest.mark.parametrize("name", GUARDS)
def test_the_four_parts_on_the_intros(name):
    report = intro_scores(load_intros(HERE / name / "intros.jsonl"))
    assert report.macro4 >= GUARDS[name].parts, report.f1
    assert report.f1["asks_for_job"] >= GUARDS[name].job_asks, report.f1


@pytest.mark.parametrize("name", GUARDS)
def test_call_intents_on_the_turns(name):
    report = turn_scores(load_turns(HERE / name / "turns.jsonl"))
    assert sum(report.f1.values()) / len(report.f1) >= GUARDS[name].turns, report.f1


@pytest.mark.parametrize("name", GUARDS)
def test_job_asks_on_the_negation_set(name):
    result = negation_result(HERE / name / "negation.jsonl")
    assert result.recall >= GUARDS[name].recall
    assert len(result.false_flags) <= GUARDS[name].false_flags, result.false_flags
