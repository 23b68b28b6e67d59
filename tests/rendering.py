"""Spoken takes for the accuracy tests: espeak-ng speech, padded with silence, optionally through
a simulated phone line, cached by content hash in .cache/spoken/ (ignored by git).

A `SpokenTake` is a recipe, cheap to send to a decoding worker: the worker renders it (or finds
it in the cache) right before decoding, so rendering is spread over both cores instead of
running alone before the decoding starts.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, espeak
from trainer.audio.clip import Clip
from trainer.audio.effects import add_noise, telephone_band
from trainer.audio.files import load_audio, write_wav

CACHE = ROOT / ".cache" / "spoken"
RECIPE_VERSION = "v1"  # bump when the rendering below changes


@functools.cache
def _renderers() -> str:
    """What else makes the audio: the espeak-ng build and trainer's line effects. A change to
    either renders the takes again rather than testing stale ones."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return "no espeak-ng"  # espeak() below says how to install it
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    effects = (ROOT / "trainer" / "audio" / "effects.py").read_bytes()
    return f"{version.strip()}|{hashlib.sha256(effects).hexdigest()[:12]}"


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
        made_by = f"{RECIPE_VERSION}|{_renderers()}"
        return hashlib.sha256(f"{recipe}|{made_by}".encode()).hexdigest()[:20]

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
