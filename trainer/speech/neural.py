"""Neural voices, offline: hibari-tts (Apache-2.0, numpy + onnxruntime), the American voice
"heart" that ships inside its wheel. Its other voices download on first use, so trainer never
asks for them. Optional: `pip install 'trainer[neural]'`; without it, profiles fall back to the
system voice (pyttsx3 + espeak-ng).

piper-tts (GPL-3.0-or-later) was weighed and left out: trainer is MIT, and hibari's one bundled
voice is as clear to tiny.en (0.5 % WER through a phone band) at a sixth of the cost per line.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

from trainer.audio.clip import Clip

ENGINE = "hibari"
BUNDLED_ONLY = ("heart",)  # voices inside the wheel: nothing is downloaded
_lock = threading.Lock()  # one onnxruntime session, one line at a time


def available(voice: str = "heart") -> bool:
    """Whether hibari is installed and `voice` is one trainer may use (bundled, no download)."""
    if voice not in BUNDLED_ONLY or os.environ.get("TRAINER_NEURAL") == "0":
        return False  # TRAINER_NEURAL=0: the system voice everywhere (benchmarks, comparisons)
    try:
        from hibari.voices import VOICES
    except ImportError:
        return False
    return bool(VOICES.get(voice, {}).get("bundled"))


@lru_cache(maxsize=2)
def _model(voice: str):
    from hibari import Hibari
    from hibari.voices import voice_path

    # download_missing=False: a voice that is not in the wheel is an error, never a download.
    return Hibari(voice=voice, model=voice_path(voice, download_missing=False), threads=1)


def synthesize(text: str, voice: str = "heart", speed: float = 1.0) -> Clip:
    """The line in a neural voice (24 kHz), the same every time (fixed noise seed)."""
    with _lock:
        tts = _model(voice)
        audio = tts(text, speed=speed, seed=0)
    if not len(audio):
        raise ValueError("hibari produced no audio")
    return Clip(np.asarray(audio, np.float32), tts.sample_rate)
