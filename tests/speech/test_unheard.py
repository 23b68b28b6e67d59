"""Speech a decode left unheard is decoded again on its own: Whisper can end a 30 s window after
one sentence (a quieter, noisier stretch follows) and skip everything after it."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT, espeak
from trainer.audio.clip import Clip
from trainer.audio.effects import add_noise, telephone_band
from trainer.audio.files import load_audio
from trainer.speech import recognizer as rec
from trainer.speech.recognizer import unheard
from trainer.transcript import Word


def _bench_intro() -> list[str | None]:
    """The benchmark's intro (benchmarks/bench_score.py, not a package): one text for both."""
    spec = importlib.util.spec_from_file_location("bench_score", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TAKE_PIECES


BENCH = ROOT / "benchmarks" / "bench_score.py"
# The benchmark's intro, a second apart where it pauses; all but the first and last pieces
# said away from the phone (26 dB quieter), then a phone line.
PIECES = _bench_intro()


def test_stretches_without_a_word_are_found_and_heard_ones_are_not():
    words = [Word("hi", 1.0, 1.3), Word("there", 1.4, 1.7), Word("bye", 6.0, 6.3)]
    assert unheard([(0.8, 8.5)], words) == [(2.0, 5.7), (6.6, 8.5)]
    assert unheard([(0.8, 2.0)], words) == []  # all heard, up to the margin
    assert unheard([(2.0, 3.0)], words) == []  # a stretch shorter than the minimum
    assert unheard([(0.0, 4.0)], []) == [(0.0, 4.0)]


@pytest.mark.slow
def test_a_quiet_middle_on_a_phone_line_is_heard(recognizer, tmp_path, monkeypatch):
    take = Clip.silence(0.4)
    said = [p for p in PIECES if p is not None]
    for i, text in enumerate(PIECES):
        if text is None:
            take = take.concat(Clip.silence(1.0))
            continue
        piece = load_audio(espeak(text, tmp_path / f"{i}.wav", "en+m3", 160))
        if text not in (said[0], said[-1]):
            piece = Clip(piece.samples * 10 ** (-26 / 20), piece.rate)
        take = take.concat(piece)
    phone = telephone_band(add_noise(take.concat(Clip.silence(0.6)), 30, seed=3))
    phone = Clip(phone.samples * (0.5 / phone.peak()), phone.rate)

    heard = recognizer.transcribe(phone).text.lower()
    assert "portland" in heard
    assert "minutes" in heard and "typical week" in heard, heard

    monkeypatch.setattr(rec, "unheard", lambda *a, **k: [])  # without the pass: the rest is lost
    alone = recognizer.transcribe(phone).text.lower()
    assert "typical week" not in alone, alone
