"""Replays (opt-in) through the real model: narrowband takes are heard again, on the take's
own clock; by default every take is heard once."""

from __future__ import annotations

import pytest

from tests.conftest import speech_clip
from trainer.audio.clip import Clip
from trainer.audio.effects import telephone_band

TEXT = "My name is Alex Moreno. Would you have ten minutes to talk this week?"


@pytest.fixture(scope="module")
def late_phone_take(tmp_path_factory) -> Clip:
    """Speech starting 4 s in: a replay at 0.9x that kept its own clock would start at 4.4 s."""
    clip = speech_clip(TEXT, tmp_path_factory.mktemp("replay"))
    return telephone_band(Clip.silence(4.0, clip.rate).concat(clip, Clip.silence(0.5, clip.rate)))


def test_replay_words_are_placed_on_the_original_timeline(late_phone_take):
    from trainer.speech.recognizer import WhisperRecognizer

    heard = WhisperRecognizer(replays=True).transcribe(late_phone_take)
    assert [r.speed for r in heard.replays] == [0.9, 1.1, 0.8, 1.2]
    first = heard.words[0].start
    assert 3.7 <= first <= 4.3
    for replay in heard.replays:
        assert replay.heard.words, replay.speed
        assert replay.heard.words[0].start == pytest.approx(first, abs=0.25), replay.speed
        assert replay.heard.words[-1].end <= late_phone_take.duration + 0.05


def test_live_phrases_and_default_recognisers_hear_once(recognizer, late_phone_take):
    from trainer.speech.recognizer import WhisperRecognizer

    assert WhisperRecognizer(replays=True).transcribe(late_phone_take, live=True).replays == ()
    assert recognizer.transcribe(late_phone_take).replays == ()
