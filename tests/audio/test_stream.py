"""Live-input plumbing: the streaming resampler used for 44.1/48 kHz microphones."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.audio.stream import LinearResampler


@pytest.mark.parametrize("rate", [44_100, 48_000, 22_050, 16_000])
def test_block_by_block_resampling_keeps_length_pitch_and_continuity(rate):
    n = rate * 2
    tone = np.sin(2 * np.pi * 440 * np.arange(n) / rate).astype(np.float32)
    resampler = LinearResampler(rate, 16_000)
    block = int(rate * 0.032) + 7  # odd sizes, like real device callbacks
    out = np.concatenate([resampler.process(tone[i : i + block]) for i in range(0, n, block)])
    assert abs(len(out) - 32_000) <= 2
    spectrum = np.abs(np.fft.rfft(out))
    assert abs(np.argmax(spectrum) * 16_000 / len(out) - 440) < 2
    # No clicks at block joins: consecutive samples of a 440 Hz tone differ by < 0.2.
    assert np.max(np.abs(np.diff(out))) < 0.2
