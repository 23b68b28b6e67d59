"""Callers use the whole Recognizer protocol without probing, so every recogniser has all of it."""

from __future__ import annotations

import inspect

import pytest

from tests.speech.test_streaming import _Fake
from tests.test_score_batch import INTRO, _Recorder
from trainer.app import score_clip
from trainer.audio.clip import Clip
from trainer.speech.recognizer import Progress, Recognizer, WhisperRecognizer
from trainer.transcript import Transcript

PROTOCOL = {n for n, v in vars(Recognizer).items() if inspect.isfunction(v) and n[0] != "_"}


def test_the_protocol_has_what_callers_use():
    assert {"load", "transcribe", "replay"} <= PROTOCOL


@pytest.mark.parametrize("impl", [WhisperRecognizer, _Recorder, _Fake])
def test_every_recognizer_has_the_whole_protocol(impl):
    missing = {n for n in PROTOCOL if not inspect.isfunction(getattr(impl, n, None))}
    assert not missing


class _Replaying:
    """Hears only a name at first; a replay, when asked for one, hears the whole intro."""

    def __init__(self) -> None:
        self.replays_asked = 0

    def load(self, progress: Progress | None = None) -> None:
        return None

    def transcribe(
        self, clip: Clip, progress: Progress | None = None, live: bool = False
    ) -> Transcript:
        return Transcript.from_text("Hi, my name is Maria Lopez.")

    def replay(self, clip: Clip, heard: Transcript, progress: Progress | None = None) -> Transcript:
        self.replays_asked += 1
        return Transcript.from_text(INTRO)


def test_a_take_missing_parts_is_replayed_by_any_recognizer():
    rec = _Replaying()
    feedback = score_clip(rec, Clip.silence(1.0))
    assert rec.replays_asked == 1
    assert all(e.covered for e in feedback.elements.values())


def test_a_complete_take_is_heard_once():
    class Complete(_Replaying):
        def transcribe(self, clip, progress=None, live=False) -> Transcript:
            return Transcript.from_text(INTRO)

    rec = Complete()
    score_clip(rec, Clip.silence(1.0))
    assert rec.replays_asked == 0
