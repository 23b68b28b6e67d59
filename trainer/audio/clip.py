"""The one audio type passed around: mono float32 samples at a known rate (16 kHz for speech)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Clip:
    samples: np.ndarray  # float32, mono, nominally in [-1, 1]
    rate: int = SAMPLE_RATE

    def __post_init__(self) -> None:
        data = np.asarray(self.samples, dtype=np.float32)
        if data.ndim != 1:
            raise ValueError("Clip samples must be mono (one dimension)")
        object.__setattr__(self, "samples", data)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0

    def rms(self) -> float:
        if not len(self.samples):
            return 0.0
        return float(np.sqrt(np.mean(np.square(self.samples, dtype=np.float64))))

    def peak(self) -> float:
        return float(np.max(np.abs(self.samples))) if len(self.samples) else 0.0

    def resampled(self, rate: int) -> Clip:
        """Band-limited resampling (FFT based): good enough for speech, no SciPy needed."""
        if rate == self.rate or not len(self.samples):
            return Clip(self.samples, rate)
        n_out = max(1, int(round(len(self.samples) * rate / self.rate)))
        spectrum = np.fft.rfft(self.samples.astype(np.float64))
        n_bins = n_out // 2 + 1
        if n_bins <= len(spectrum):
            spectrum = spectrum[:n_bins]
        else:
            spectrum = np.concatenate([spectrum, np.zeros(n_bins - len(spectrum), complex)])
        out = np.fft.irfft(spectrum, n_out) * (n_out / len(self.samples))
        return Clip(out.astype(np.float32), rate)

    def concat(self, *others: Clip) -> Clip:
        parts = [self.samples] + [o.resampled(self.rate).samples for o in others]
        return Clip(np.concatenate(parts), self.rate)

    @staticmethod
    def silence(seconds: float, rate: int = SAMPLE_RATE) -> Clip:
        return Clip(np.zeros(int(round(seconds * rate)), np.float32), rate)
