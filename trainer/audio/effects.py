"""Signal effects used for telephone realism (voices) and for building test conditions."""

from __future__ import annotations

import numpy as np

from trainer.audio.clip import Clip


def telephone_band(clip: Clip, low_hz: float = 300.0, high_hz: float = 3400.0) -> Clip:
    """What a phone line does to a voice: 8 kHz sampling and a 300-3400 Hz pass band."""
    narrow = clip.resampled(8000)
    spectrum = np.fft.rfft(narrow.samples.astype(np.float64))
    freqs = np.fft.rfftfreq(len(narrow.samples), 1 / 8000)
    # Smooth 100 Hz skirts rather than a brick wall, which would ring.
    gain = np.clip((freqs - (low_hz - 100)) / 100, 0, 1) * np.clip(
        (high_hz + 100 - freqs) / 100, 0, 1
    )
    filtered = np.fft.irfft(spectrum * gain, len(narrow.samples)).astype(np.float32)
    return Clip(filtered, 8000).resampled(clip.rate)


def add_noise(clip: Clip, snr_db: float, seed: int = 0) -> Clip:
    """White noise at a signal-to-noise ratio measured against the clip's own speech level."""
    rng = np.random.default_rng(seed)
    level = clip.rms() or 1e-4
    noise_rms = level / (10 ** (snr_db / 20))
    noisy = clip.samples + rng.normal(0, noise_rms, len(clip.samples)).astype(np.float32)
    return Clip(noisy, clip.rate)


def gain_to_peak(clip: Clip, peak: float = 0.9) -> Clip:
    current = clip.peak()
    if current <= 0:
        return clip
    return Clip(clip.samples * (peak / current), clip.rate)
