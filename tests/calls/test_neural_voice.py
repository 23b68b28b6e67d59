"""Voice profiles choose an engine: the neural voice (hibari "heart", in its wheel, nothing
downloaded) where a profile asks for it, the system voice otherwise and as the fallback; the
other side sounds like a phone line."""

from __future__ import annotations

import pytest

from trainer import bootstrap
from trainer.audio.effects import high_band_share
from trainer.speech import neural
from trainer.speech.voices import load_profile, profile

pytest.importorskip("hibari")


def test_the_expert_speaks_in_the_neural_voice_through_a_phone_line():
    p = profile("interviewee")
    assert p.engine == "hibari" and p.neural and p.engine_used == "hibari/heart"
    clip = p.render(bootstrap.synthesizer(), "Hello, this is Dana. How can I help?")
    assert clip.rate == 24000 and 1.0 < clip.duration < 6.0 and clip.rms() > 0.01
    assert high_band_share(clip) < 0.001  # band-limited like a phone


def test_the_system_voice_is_the_fallback(monkeypatch):
    monkeypatch.setenv("TRAINER_NEURAL", "0")
    p = profile("interviewee")
    assert not p.neural and p.engine_used == "system"
    assert p.render(bootstrap.synthesizer(), "Hello there.").rate != 24000


def test_a_neural_failure_falls_back_to_the_system_voice(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("no model")

    monkeypatch.setattr(neural, "synthesize", broken)
    clip = profile("interviewee").render(bootstrap.synthesizer(), "Hello there.")
    assert clip.duration > 0.3 and clip.rate != 24000


def test_a_voice_outside_the_wheel_is_never_downloaded(tmp_path):
    path = tmp_path / "emma.toml"
    path.write_text('name = "emma"\nengine = "hibari"\nvoice = "emma"\n', encoding="utf-8")
    p = load_profile(path)
    assert p.engine == "hibari" and not p.neural and p.engine_used == "system"
