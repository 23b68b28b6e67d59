"""The trained classifier: sentence embedding + cues -> a probability per label.

A small ensemble of one-hidden-layer networks (numpy only), trained by training/train.py on
labelled utterances written for this project, and their speech-recognised versions. Weights
live in classifier.npz next to this file; loading them is a few milliseconds.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from trainer.errors import ModelError
from trainer.understanding import features
from trainer.understanding.labels import LABELS

WEIGHTS = Path(os.environ.get("TRAINER_CLASSIFIER") or Path(__file__).with_name("classifier.npz"))
THRESHOLD = 0.5


@dataclass(frozen=True)
class Network:
    w1: np.ndarray  # (inputs, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden, labels)
    b2: np.ndarray

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x @ self.w1 + self.b1, 0.0) @ self.w2 + self.b2


@dataclass(frozen=True)
class Classifier:
    labels: tuple[str, ...]
    members: tuple[Network, ...]
    thresholds: tuple[float, ...] = ()  # per label, chosen by cross-validation in training

    def threshold_array(self) -> np.ndarray:
        return np.array(self.thresholds or (THRESHOLD,) * len(self.labels), dtype=np.float32)

    def predict(self, embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
        """(n, len(labels)) probabilities, the mean over the ensemble."""
        x = inputs(embeddings, texts)  # embeddings of features.model_text(text)
        probs = [1.0 / (1.0 + np.exp(-np.clip(m.logits(x), -30, 30))) for m in self.members]
        return np.mean(probs, axis=0)

    def save(self, path: Path, **meta: str) -> None:
        arrays: dict[str, np.ndarray] = {
            "labels": np.array(self.labels),
            "thresholds": self.threshold_array(),
        }
        for i, m in enumerate(self.members):
            arrays.update({f"w1_{i}": m.w1, f"b1_{i}": m.b1, f"w2_{i}": m.w2, f"b2_{i}": m.b2})
        arrays.update({k: np.array(v) for k, v in meta.items()})
        partial = path.with_suffix(".part.npz")  # readers never see a half-written file
        np.savez_compressed(partial, **arrays)
        partial.replace(path)


def inputs(embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
    cue_rows = np.stack([features.cues(t) for t in texts]) if texts else np.zeros((0, 0))
    return np.hstack([embeddings, cue_rows]).astype(np.float32)


def load(path: Path = WEIGHTS) -> Classifier:
    try:
        with np.load(path) as data:
            labels = tuple(str(x) for x in data["labels"])
            thresholds = tuple(float(x) for x in data["thresholds"])
            count = sum(1 for k in data.files if k.startswith("w1_"))
            members = tuple(
                Network(data[f"w1_{i}"], data[f"b1_{i}"], data[f"w2_{i}"], data[f"b2_{i}"])
                for i in range(count)
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelError(
            f"the meaning classifier ({path.name}) is missing or damaged: reinstall trainer"
        ) from exc
    if labels != LABELS or not members:
        raise ModelError(f"the meaning classifier ({path.name}) does not match this trainer")
    return Classifier(labels, members, thresholds)


@cache
def shared_classifier() -> Classifier:
    return load()
