"""Signal effects: speed changes for replays and the phone-line detector."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.audio.clip import Clip
from trainer.audio.effects import high_band_share, speed_changed, telephone_band


def tone(hz: float, seconds: float = 1.0, rate: int = 16000) -> Clip:
    t = np.arange(int(seconds * rate)) / rate
    return Clip((0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32), rate)


def dominant_hz(clip: Clip) -> float:
    spectrum = np.abs(np.fft.rfft(clip.samples))
    return float(np.fft.rfftfreq(len(clip.samples), 1 / clip.rate)[np.argmax(spectrum)])


@pytest.mark.parametrize("speed", [0.9, 1.1])
def test_speed_change_scales_duration_and_pitch_together(speed):
    out = speed_changed(tone(500.0, 2.0), speed)
    assert out.rate == 16000
    assert out.duration == pytest.approx(2.0 / speed, abs=0.001)
    assert dominant_hz(out) == pytest.approx(500.0 * speed, abs=2.0)


def test_phone_line_audio_has_no_high_band_and_wideband_speech_does():
    mixed = Clip(tone(1000.0).samples + 0.1 * tone(6000.0).samples, 16000)
    assert high_band_share(mixed) > 0.005
    assert high_band_share(telephone_band(mixed)) < 1e-4
    assert high_band_share(tone(6000.0, rate=8000)) == 0.0  # 8 kHz files hold nothing above 4 kHz
    assert high_band_share(Clip.silence(1.0)) == 0.0
