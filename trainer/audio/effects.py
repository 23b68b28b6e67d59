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


def phone_line(clip: Clip, noise_rms: float = 0.004) -> Clip:
    """The other side of a phone call: a quiet line hiss (the same every time), then the
    phone band."""
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(len(clip.samples)).astype(np.float32) * noise_rms
    return telephone_band(Clip(clip.samples + noise, clip.rate))


def speed_changed(clip: Clip, speed: float) -> Clip:
    """Played `speed` times as fast, pitch moving with it, as a tape would (0.9 = 10% slower)."""
    n = max(1, round(len(clip.samples) / speed))
    positions = np.linspace(0, len(clip.samples) - 1, n)
    samples = np.interp(positions, np.arange(len(clip.samples)), clip.samples)
    return Clip(samples.astype(np.float32), clip.rate)


def high_band_share(clip: Clip, above_hz: float = 4000.0) -> float:
    """Share of the signal's energy above `above_hz`: about 0 for audio that went through a
    phone line (8 kHz sampling), 0.4-5% for wideband speech."""
    if clip.rate <= 2 * above_hz:
        return 0.0
    # Zero-padded to a power of two: an FFT of an awkward length (a 31 s take) took 0.25 s.
    size = fast_length(len(clip.samples))
    power = np.abs(np.fft.rfft(clip.samples.astype(np.float64), size)) ** 2
    total = float(power.sum())
    if total <= 0:
        return 0.0
    freqs = np.fft.rfftfreq(size, 1 / clip.rate)
    return float(power[freqs > above_hz].sum()) / total


def fast_length(n: int) -> int:
    """The power of two at or above `n`: a length numpy's FFT is fast at."""
    return 1 << max(0, int(n - 1).bit_length())


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
