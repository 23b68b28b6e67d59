"""The original labelled corpus (90 intros): typed, and spoken clean through the real model.

This corpus guided the development of the scorer (it is the oldest dev set), so it is a
regression guard, not an accuracy claim: the held-out measures are in tests/understanding/
(typed and spoken, written separately). Spoken takes are scored as `trainer score` does
(app.score_clip: takes missing a part are replayed); filler detection is measured here because
this corpus marks fillers.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from tests.corpus.render import LABELS, f1, intros, render_all
from trainer.app import score_clip
from trainer.audio.files import load_audio
from trainer.scoring.feedback import evaluate
from trainer.speech.recognizer import NoSpeechError
from trainer.transcript import Transcript

ELEMENTS = LABELS[:4]


def _f1_table(rows: list[tuple[dict, dict]]) -> dict[str, float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in rows:
        for k in LABELS:
            if pred[k] and gold[k]:
                tp[k] += 1
            elif pred[k]:
                fp[k] += 1
            elif gold[k]:
                fn[k] += 1
    table = {k: round(f1(tp[k], fp[k], fn[k]), 3) for k in LABELS}
    table["macro4"] = round(sum(table[k] for k in ELEMENTS) / 4, 3)
    return table


def _prediction(feedback) -> dict[str, bool]:
    pred = {k: feedback.elements[k].covered for k in ELEMENTS}
    pred["asks_for_job"] = feedback.flags["asks_for_job"]
    return pred


def test_corpus_is_big_and_balanced():
    items = intros()
    assert len(items) >= 60
    assert len({i["id"] for i in items}) == len(items)
    for k in LABELS:
        positives = sum(bool(i[k]) for i in items)
        assert 8 <= positives <= len(items) - 8, k


def test_typed_corpus_macro_f1():
    rows = [(i, _prediction(evaluate(Transcript.from_text(i["text"])))) for i in intros()]
    table = _f1_table(rows)
    assert table["macro4"] >= 0.98, table
    assert table["asks_for_job"] >= 0.95, table


@pytest.fixture(scope="module")
def spoken_results(tmp_path_factory, recognizer):
    takes = [t for t in render_all(tmp_path_factory.mktemp("corpus")) if "clean" in t.condition]
    results = []
    for take in takes:
        try:
            fb = score_clip(recognizer, load_audio(take.path))
            once = evaluate(dataclasses.replace(fb.transcript, replays=()))
            results.append((take, _prediction(fb), fb, _prediction(once)))
        except NoSpeechError:
            nothing = dict.fromkeys(LABELS, False)
            results.append((take, nothing, None, nothing))
    return results


def test_spoken_corpus_macro_f1(spoken_results, tmp_path_factory):
    table = _f1_table([(t.labels, pred) for t, pred, _, _ in spoken_results])
    misses = [
        f"{t.id} [{t.condition}] {k}: expected {t.labels[k]} | {fb.transcript.text if fb else '-'}"
        for t, pred, fb, _ in spoken_results
        for k in LABELS
        if pred[k] != t.labels[k]
    ]
    print(json.dumps({"clean": table, "takes": len(spoken_results)}, indent=1))
    assert len(spoken_results) >= 60
    assert table["macro4"] >= 0.95, (table, misses[:30])
    assert table["asks_for_job"] >= 0.90, (table, misses[:30])


def test_spoken_corpus_filler_detection(spoken_results):
    """Whisper drops many fillers; measure what survives on clean speech and keep it honest."""
    gold = found = 0
    for take, _, fb, _ in spoken_results:
        if take.condition.startswith("clean") and fb is not None:
            gold += take.fillers
            hesitations = {"um", "uh", "er", "ah", "hmm", "erm", "mm", "hm"}
            found += min(
                take.fillers, sum(v for k, v in fb.delivery.fillers.items() if k in hesitations)
            )
    recall = found / gold
    print(f"filler recall on clean speech: {recall:.2f} ({found}/{gold})")
    assert gold >= 30
    assert recall >= 0.6
