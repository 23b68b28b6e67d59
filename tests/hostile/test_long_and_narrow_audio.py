"""Audio that is too long, or too narrow to hold speech: refused up front in one line. Long
takes that are allowed are decoded in bounded windows with word times that stay right."""

from __future__ import annotations

import time
import wave
from types import SimpleNamespace

import numpy as np
import pytest

from tests.conftest import speech_clip
from tests.hostile.conftest import assert_one_line_error
from trainer.audio import files
from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.files import MAX_SECONDS, load_audio, write_wav
from trainer.errors import InputError
from trainer.speech import recognizer as rec_mod
from trainer.speech.recognizer import WhisperRecognizer, windows

INTRO = "Hi, my name is Ann Lee. Would you have ten minutes? Is now a good time?"


def _silent_wav(path, seconds: float, rate: int = 8000):
    """A long file cheaply: 8-bit mono."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(b"\x80" * int(seconds * rate))
    return path


def test_a_take_over_the_maximum_is_refused_before_decoding(trainer, tmp_path):
    long = _silent_wav(tmp_path / "two-hours.wav", MAX_SECONDS + 60)
    start = time.monotonic()
    run = trainer("score", long, "--no-save")
    assert_one_line_error(run, str(long), "16 minutes", "up to 15 minutes")
    assert time.monotonic() - start < 5, "it decoded (or transcribed) before refusing"


def test_a_header_that_hides_the_length_is_caught_while_decoding(tmp_path, monkeypatch):
    take = _silent_wav(tmp_path / "take.wav", 8.0)
    monkeypatch.setattr(files, "_check_stream", lambda *a: None)  # as if the header said nothing
    with pytest.raises(InputError, match="up to 0.1 minutes"):
        load_audio(take, max_seconds=6)


@pytest.mark.parametrize("rate", [2000, 3000])
def test_a_sample_rate_too_low_for_speech_is_refused(trainer, tmp_path, rate):
    clip = speech_clip(INTRO, tmp_path).resampled(rate)
    take = write_wav(tmp_path / f"take-{rate}.wav", clip)
    assert_one_line_error(trainer("score", take, "--no-save"), str(take), f"{rate} Hz")


def test_audio_whose_band_cannot_hold_speech_is_refused(trainer, tmp_path):
    # Saved at 16 kHz, but it went through 2 kHz on the way: nothing above 1 kHz is left.
    clip = speech_clip(INTRO, tmp_path).resampled(2000).resampled(SAMPLE_RATE)
    take = write_wav(tmp_path / "upsampled.wav", clip)
    assert_one_line_error(trainer("score", take, "--no-save"), str(take), "too narrow")


class _BurstModel:
    """Stands in for faster-whisper: a 'word' wherever the window holds a burst of sound,
    timed from the window's own start, as the real model times them."""

    def __init__(self):
        self.lengths: list[int] = []

    def transcribe(self, samples, **kw):
        self.lengths.append(len(samples))
        frame = SAMPLE_RATE // 100
        loud = np.abs(samples[: len(samples) // frame * frame]).reshape(-1, frame).max(1) > 0.1
        edges = np.flatnonzero(np.diff(np.r_[0, loud.astype(int), 0]))
        words = [
            SimpleNamespace(word=f" w{a}", start=a / 100, end=b / 100, probability=0.99)
            for a, b in zip(edges[::2], edges[1::2], strict=True)
        ]
        seg = SimpleNamespace(
            words=words,
            end=len(samples) / SAMPLE_RATE,
            compression_ratio=1.0,
            no_speech_prob=0.0,
            avg_logprob=-0.1,
        )
        return [seg] if words else [], SimpleNamespace(duration=len(samples) / SAMPLE_RATE)


def _bursts(seconds: float, every: float = 1.3, length: float = 0.4) -> tuple[Clip, list]:
    rng = np.random.default_rng(0)
    samples = np.zeros(int(seconds * SAMPLE_RATE), np.float32)
    starts = np.arange(0.2, seconds - 1, every)
    for s in starts:
        a = int(s * SAMPLE_RATE)
        samples[a : a + int(length * SAMPLE_RATE)] = rng.uniform(
            -0.5, 0.5, int(length * SAMPLE_RATE)
        )
    return Clip(samples), [round(float(s), 2) for s in starts]


def test_long_takes_are_decoded_in_bounded_windows_with_right_times(monkeypatch):
    clip, starts = _bursts(600.0)  # ten minutes
    model = _BurstModel()
    recognizer = WhisperRecognizer.__new__(WhisperRecognizer)
    recognizer.source = SimpleNamespace(name="tiny.en")
    recognizer.beam_size = 1
    words = recognizer._decode(model, clip, None, None)
    assert max(model.lengths) <= rec_mod.WINDOW_S * SAMPLE_RATE, "a window was not bounded"
    assert len(model.lengths) >= 600 / rec_mod.WINDOW_S
    got = [w.start for w in words]
    assert len(got) == len(starts), "words were lost or doubled at window cuts"
    assert np.max(np.abs(np.array(got) - starts)) < 0.02, "word times moved across windows"


def test_windows_are_cut_in_pauses_and_cover_the_take():
    clip, _ = _bursts(200.0)
    cuts = windows(clip)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(clip.samples)
    assert all(a == b for (_, a), (b, _) in zip(cuts, cuts[1:], strict=False))
    for _, end in cuts[:-1]:
        assert np.abs(clip.samples[end - 800 : end + 800]).max() == 0, "a cut split a word"


def test_a_long_take_says_how_long_it_will_take(tmp_path, monkeypatch):
    from trainer import app

    take = _silent_wav(tmp_path / "long.wav", 200, rate=8000)
    notices: list[str] = []

    class Quick:
        def load(self, progress=None) -> None:
            return None

        def transcribe(self, clip, progress=None, live=False):
            raise InputError("no speech detected")

        def replay(self, clip, heard, progress=None):
            return heard

    app.score_files([str(take)], lambda: Quick(), notice=notices.append)
    assert len(notices) == 1 and "3.3 minutes" in notices[0] and "about" in notices[0]


def test_the_real_model_keeps_word_times_across_windows(recognizer, tmp_path, monkeypatch):
    speech = speech_clip(INTRO, tmp_path)
    gap = 14.0
    clip = Clip.silence(1.0).concat(speech, Clip.silence(gap), speech, Clip.silence(1.0))
    monkeypatch.setattr(rec_mod, "LONG_TAKE_S", 10.0)  # make this short take "long"
    monkeypatch.setattr(rec_mod, "WINDOW_S", 16.0)
    heard = recognizer.transcribe(clip)
    second = 1.0 + speech.duration + gap
    names = [w.start for w in heard.words if w.text.strip(".,").lower() == "ann"]
    assert len(names) == 2, heard.text
    assert abs(names[0] - 1.9) < 1.0 and abs(names[1] - (second + 0.9)) < 1.0, names
