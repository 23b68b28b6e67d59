"""Trains the meaning classifier (trainer/understanding/classifier.npz) from training/data/.

    .venv/bin/python training/train.py [--calibrate]

Every *.jsonl file under training/data/ is a list of labelled utterances (see LABELS.md);
`spoken.jsonl` holds the same utterances as tiny.en heard them after speech synthesis and a
phone line (made by training/hear.py). Each typed utterance is also used as a recogniser would
write it (lower case, no punctuation). Training is deterministic (fixed seeds). With
`--calibrate`, a 4-fold cross-validation on the training data (an utterance and its variants
always in the same fold) picks each label's decision threshold and prints its F1 (otherwise 0.5
for all): a sanity check only; the accuracy that counts is measured on tests/understanding/data/,
which was written separately.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.understanding import classifier as clf  # noqa: E402
from trainer.understanding.encoder import Encoder  # noqa: E402
from trainer.understanding.features import NAMES, cues, model_text  # noqa: E402
from trainer.understanding.labels import LABELS  # noqa: E402

DATA = ROOT / "training" / "data"
DEV = ROOT / "training" / "dev"
HIDDEN = int(__import__("os").environ.get("HIDDEN", 256))
MEMBERS = int(os.environ.get("TRAIN_MEMBERS", 10))
EPOCHS = int(__import__("os").environ.get("EPOCHS", 60))
BATCH = 64
LEARNING_RATE = 2e-3
WEIGHT_DECAY = 1e-4
DROPOUT = 0.2
FOLDS = 4
F1_TIE = 0.005  # cross-validated F1 this close to the best is noise, not a better threshold
MIN_HEARD_SIMILARITY = 70
NEGATED_LABELS = frozenset({"denies_job", "no"})  # labels whose meaning rests on a negation


def dev_examples() -> list[dict]:
    """The dev set's caller turns (fully labelled) as training items, for the final model once
    settings were chosen on dev (`--with-dev`). Its intros and negation sentences carry only
    some labels, so they stay out."""
    lines = (DEV / "turns.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_examples(with_dev: bool = False) -> list[tuple[str, frozenset[str], str]]:
    """(text, labels, group): a typed utterance and its variants share a group, so that
    cross-validation never tests on a variant of a training sentence."""
    examples: dict[str, tuple[frozenset[str], str]] = {}
    skip = set(filter(None, os.environ.get("TRAIN_SKIP", "").split(",")))  # for experiments
    sources = [
        (path.name, [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x])
        for path in sorted(p for p in DATA.glob("*.jsonl") if p.stem not in skip)
    ]
    if with_dev:
        sources.append(("dev", dev_examples()))
    for name, items in sources:
        for n, item in enumerate(items, 1):
            labels = frozenset(item["labels"])
            unknown = labels - set(LABELS)
            if unknown:
                raise SystemExit(f"{name}:{n}: unknown labels {sorted(unknown)}")
            if "source" in item and (
                heard_badly(item["text"], item["source"])
                or lost_negation(item["text"], item["source"], labels)
            ):
                continue  # too garbled to still mean what the label says
            text = model_text(item["text"])
            group = as_recognised(item.get("source") or text)
            examples[text] = (labels, group)
            asr = as_recognised(text)
            if asr and asr not in examples:
                examples[asr] = (labels, group)
    return [(text, labels, group) for text, (labels, group) in examples.items()]


def heard_badly(heard: str, said: str) -> bool:
    """A hearing less than 70% similar to what was said no longer carries the label: a person
    reading it could not tell either. About 15% of hearings, mostly through the phone line."""
    return fuzz.ratio(as_recognised(heard), as_recognised(said)) < MIN_HEARD_SIMILARITY


def lost_negation(heard: str, said: str, labels: frozenset[str]) -> bool:
    """A denial or a "no" heard without any of its negation words ("It's not a job I'm after"
    heard as "It's a job I'm after") now says the opposite of its label. (A hedged ask that
    loses its "not" is still an ask, so only these labels.)"""
    if not labels & NEGATED_LABELS:
        return False
    return bool(has_negation(said)) and not has_negation(heard)


def has_negation(text: str) -> bool:
    return bool(cues(text.lower())[NAMES.index("negation")])


def as_recognised(text: str) -> str:
    """Lower case without punctuation, as some recognisers and hurried typists write."""
    return " ".join(re.sub(r"[^\w'@\s]", " ", text.lower()).split())


def targets(examples: list[tuple[str, frozenset[str], str]]) -> np.ndarray:
    y = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    for i, (_, labels, _) in enumerate(examples):
        for label in labels:
            y[i, LABELS.index(label)] = 1.0
    return y


def train_member(x: np.ndarray, y: np.ndarray, seed: int) -> clf.Network:
    """One network, trained with Adam on a weighted binary cross-entropy."""
    rng = np.random.default_rng(seed)
    n_in, n_out = x.shape[1], y.shape[1]
    params = {
        "w1": rng.normal(0, np.sqrt(2 / n_in), (n_in, HIDDEN)).astype(np.float32),
        "b1": np.zeros(HIDDEN, np.float32),
        "w2": rng.normal(0, np.sqrt(1 / HIDDEN), (HIDDEN, n_out)).astype(np.float32),
        "b2": np.zeros(n_out, np.float32),
    }
    pos = y.mean(axis=0).clip(1e-3, 1)
    pos_weight = np.sqrt((1 - pos) / pos).clip(1, 6).astype(np.float32)
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            idx = order[start : start + BATCH]
            xb, yb = x[idx], y[idx]
            pre = xb @ params["w1"] + params["b1"]
            h = np.maximum(pre, 0)
            keep = (rng.random(h.shape) > DROPOUT).astype(np.float32) / (1 - DROPOUT)
            hd = h * keep
            p = 1 / (1 + np.exp(-np.clip(hd @ params["w2"] + params["b2"], -30, 30)))
            weight = np.where(yb > 0, pos_weight, 1.0)
            g_logit = (p - yb) * weight / len(idx)
            grads = {"w2": hd.T @ g_logit, "b2": g_logit.sum(0)}
            g_h = (g_logit @ params["w2"].T) * keep * (pre > 0)
            grads["w1"] = xb.T @ g_h
            grads["b1"] = g_h.sum(0)
            step += 1
            for k in params:
                g = grads[k] + (WEIGHT_DECAY * params[k] if k.startswith("w") else 0)
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                m_hat = m[k] / (1 - 0.9**step)
                v_hat = v[k] / (1 - 0.999**step)
                params[k] -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    return clf.Network(params["w1"], params["b1"], params["w2"], params["b2"])


def fit(x: np.ndarray, y: np.ndarray, thresholds: tuple[float, ...]) -> clf.Classifier:
    members = tuple(train_member(x, y, seed) for seed in range(MEMBERS))
    return clf.Classifier(LABELS, members, thresholds)


def out_of_fold(examples, x, y, emb, texts) -> np.ndarray:
    """Each utterance's probabilities from a network that never saw it nor its variants."""
    groups = sorted({g for _, _, g in examples})
    fold_ids = np.random.default_rng(0).integers(0, FOLDS, len(groups))
    fold_of = dict(zip(groups, fold_ids, strict=True))
    folds = np.array([fold_of[g] for _, _, g in examples])
    p = np.zeros_like(y)
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        model = clf.Classifier(LABELS, (train_member(x[tr], y[tr], k),))
        p[te] = model.predict(emb[te], [t for t, f in zip(texts, te, strict=True) if f])
    return p


def calibrate(y: np.ndarray, p: np.ndarray) -> tuple[float, ...]:
    """Per label, a threshold with the best out-of-fold F1 (training data only), held between
    0.3 and 0.7 so that no label becomes a hair trigger. F1 is nearly flat across that range for
    most labels, so the thresholds within F1_TIE of the best count as equally good and the middle
    one is taken: the bare maximum of a flat curve moves from one end to the other when a few
    utterances are added (job_ask went from 0.5 to 0.3 for a gain of 0.004)."""
    grid = np.round(np.arange(0.3, 0.71, 0.05), 2)
    best = []
    for label in LABELS:
        scores = np.array([f1_per_label(y, p, {label: t})[label] for t in grid])
        good = grid[scores >= scores.max() - F1_TIE]
        best.append(float(good[(len(good) - 1) // 2]))
    return tuple(best)


def f1_per_label(
    y: np.ndarray, p: np.ndarray, thresholds: dict[str, float] | tuple[float, ...] = ()
) -> dict[str, float]:
    if isinstance(thresholds, tuple):
        thresholds = dict(zip(LABELS, thresholds, strict=False))
    cut = np.array([thresholds.get(label, clf.THRESHOLD) for label in LABELS])
    pred = p >= cut
    out = {}
    for j, label in enumerate(LABELS):
        tp = int((pred[:, j] & (y[:, j] > 0)).sum())
        fp = int((pred[:, j] & (y[:, j] == 0)).sum())
        fn = int((~pred[:, j] & (y[:, j] > 0)).sum())
        out[label] = 2 * tp / (2 * tp + fp + fn) if tp else float(fp == fn == 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calibrate", action="store_true", help="choose thresholds by cross-validation"
    )
    parser.add_argument(
        "--with-dev", action="store_true", help="also train on dev/ (for the final model)"
    )
    args = parser.parse_args()
    examples = load_examples(args.with_dev)
    texts = [t for t, _, _ in examples]
    y = targets(examples)
    print(f"{len(examples)} training utterances (typed, as recognised, and heard)")
    for j, label in enumerate(LABELS):
        print(f"  {label:18s} {int(y[:, j].sum()):5d}")
    encoder = Encoder(threads=2)
    emb = np.vstack([encoder.embed(texts[i : i + 256]) for i in range(0, len(texts), 256)])
    x = clf.inputs(emb, texts)
    thresholds = (clf.THRESHOLD,) * len(LABELS)
    if args.calibrate:
        oof = out_of_fold(examples, x, y, emb, texts)
        thresholds = calibrate(y, oof)
        for j, label in enumerate(LABELS):
            f_half = f1_per_label(y, oof)[label]
            f_cal = f1_per_label(y, oof, thresholds)[label]
            print(f"  cv F1 {label:18s} {f_half:.3f} at 0.5, {f_cal:.3f} at {thresholds[j]:.2f}")
    model = fit(x, y, thresholds)
    digest = hashlib.sha256("\n".join(sorted(texts)).encode()).hexdigest()[:16]
    model.save(
        Path(os.environ.get("TRAIN_OUT", clf.WEIGHTS)),
        data_sha256=digest,
        utterances=str(len(texts)),
        with_dev=str(args.with_dev),
    )
    print(f"wrote {os.environ.get('TRAIN_OUT', clf.WEIGHTS)} (data {digest})")


if __name__ == "__main__":
    main()
