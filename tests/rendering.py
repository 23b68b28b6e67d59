"""Spoken takes for the accuracy tests: espeak-ng speech, padded with silence, optionally through
a simulated phone line, cached by content hash in .cache/spoken/ (ignored by git).

A `SpokenTake` is a recipe, cheap to send to a decoding worker: the worker renders it (or finds
it in the cache) right before decoding, so rendering is spread over both cores instead of
running alone before the decoding starts.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, espeak
from trainer.audio.clip import Clip
from trainer.audio.effects import add_noise, telephone_band
from trainer.audio.files import load_audio, write_wav

CACHE = ROOT / ".cache" / "spoken"
RECIPE_VERSION = "v1"  # bump when the rendering below changes


@dataclass(frozen=True)
class SpokenTake:
    text: str
    voice: str
    speed: int
    phone_snr_db: int | None = None  # None: clean; else line noise at this SNR, then the band
    seed: int = 0  # the line noise's seed

    @property
    def phone(self) -> bool:
        return self.phone_snr_db is not None

    def key(self) -> str:
        recipe = f"{self.text}|{self.voice}|{self.speed}|{self.phone_snr_db}|{self.seed}"
        return hashlib.sha256(f"{recipe}|{RECIPE_VERSION}".encode()).hexdigest()[:20]

    def render(self) -> Path:
        """The take as a WAV file, from the cache when it is already there."""
        path = CACHE / f"{self.key()}.wav"
        if path.exists():
            return path
        tag = f"{self.key()}.{os.getpid()}"  # two workers never share a scratch file
        raw = espeak(self.text, CACHE / f"{tag}.raw.wav", self.voice, self.speed)
        clip = Clip.silence(0.4).concat(load_audio(raw), Clip.silence(0.6))
        if self.phone_snr_db is not None:
            # Line noise is band-limited like the voice, so noise goes in before the filter.
            clip = telephone_band(add_noise(clip, self.phone_snr_db, seed=self.seed))
        write_wav(CACHE / f"{tag}.part.wav", clip).replace(path)
        raw.unlink()
        return path
