"""The labelled corpus, spoken: 90+ intros x (clean, phone line) through the real model.

This corpus guided the development of the scorer (the oldest dev set), so it is a regression
guard more than an accuracy claim: the held-out measures are in tests/understanding/.
As measured with the default model (Whisper tiny.en):
macro F1 over the four elements >= 0.95 over the whole spoken corpus, and on clean speech in
several voices and speeds. Through a simulated phone line (8 kHz, 300-3400 Hz, noise) tiny.en
mishears espeak voices badly ("is now a good time" -> "is how I'm going to time"): one hearing
of the take as recorded measured ~0.84 there; through the front end (speech/frontend.py:
band-pass, levelling, a VAD that keeps quiet speech) one hearing measures 0.88, and the opt-in
replays at other speeds (`trainer score --replay`) measured ~0.93. Takes are scored as
`trainer score` does by default (app.score_clip: heard once). The same labels are checked on
the typed text too.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from tests.corpus.render import LABELS, Take, corpus_takes, f1, intros
from tests.decoding import map_on_cores, worker_recognizer
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


def _score(take: Take):
    """A take rendered (or found in the cache) and scored as `trainer score` scores it (and its
    first hearing alone), in a decoding worker."""
    try:
        fb = score_clip(worker_recognizer(), load_audio(take.spoken.render()))
    except NoSpeechError:
        nothing = dict.fromkeys(LABELS, False)
        return nothing, None, nothing
    once = evaluate(dataclasses.replace(fb.transcript, replays=()))
    return _prediction(fb), fb, _prediction(once)


@pytest.fixture(scope="module")
def spoken_results():
    takes = corpus_takes()
    scored = map_on_cores(_score, takes)
    return [(take, pred, fb, once) for take, (pred, fb, once) in zip(takes, scored, strict=True)]


@pytest.mark.all_cores
def test_spoken_corpus_macro_f1(spoken_results, tmp_path_factory):
    table = _f1_table([(t.labels, pred) for t, pred, _, _ in spoken_results])
    by_condition = {
        cond: _f1_table(
            [(t.labels, p) for t, p, _, _ in spoken_results if t.condition.startswith(cond)]
        )
        for cond in ("clean", "phone")
    }
    phone_once = _f1_table(
        [(t.labels, p) for t, _, _, p in spoken_results if t.condition.startswith("phone")]
    )
    misses = [
        f"{t.id} [{t.condition}] {k}: expected {t.labels[k]} | {fb.transcript.text if fb else '-'}"
        for t, pred, fb, _ in spoken_results
        for k in LABELS
        if pred[k] != t.labels[k]
    ]
    report = {
        "all": table,
        **by_condition,
        "phone, heard once": phone_once,
        "takes": len(spoken_results),
        "misses": misses,
    }
    out = tmp_path_factory.mktemp("report") / "corpus-report.json"
    out.write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "misses"}, indent=1))
    assert len(spoken_results) >= 120
    # Heard once (no replays by default since issue 12): 0.93 overall measured, 0.95 with them.
    assert table["macro4"] >= 0.91, (table, misses[:30])  # 0.929 measured
    assert by_condition["clean"]["macro4"] >= 0.95, (by_condition, misses[:30])
    # One hearing through the front end (0.879 measured, 0.887-0.895 with earlier models; 0.84
    # before it).
    assert by_condition["phone"]["macro4"] >= 0.85, (by_condition, misses[:30])
    # Job asks heard once, judged by the sentence model: 0.868 measured (phone 0.815), 0.75
    # before job asks had to be heard clearly (judge.CLEARLY_HEARD, chosen on this corpus:
    # garbled phone takes read as asks). The guard leaves room for a take or two decoded
    # differently on another CPU.
    assert table["asks_for_job"] >= 0.82, (table, misses[:30])


@pytest.mark.all_cores
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
