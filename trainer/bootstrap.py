"""The one place that picks the real adapters (model, voice engine, sound devices)."""

from __future__ import annotations

from trainer.speech.recognizer import Recognizer, WhisperRecognizer
from trainer.speech.synthesizer import Pyttsx3Synthesizer, Synthesizer


def recognizer(model: str | None = None, replays: bool = False) -> Recognizer:
    return WhisperRecognizer(model, replays=replays)


def synthesizer() -> Synthesizer:
    return Pyttsx3Synthesizer()
