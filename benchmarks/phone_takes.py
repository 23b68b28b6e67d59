"""A few phone-line takes of the benchmark intro, for word error rates (bench_score, bench_models).

Each is the intro of bench_score.TAKE_PIECES spoken by espeak-ng in another voice and speed, with
line noise, through a simulated phone line (8 kHz, 300-3400 Hz), at a level a phone gives; one
has its middle said away from the phone (26 dB quieter), one is quiet throughout.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from trainer.audio.clip import Clip
from trainer.audio.effects import add_noise, telephone_band
from trainer.audio.files import load_audio

# voice, words a minute, line SNR (dB), peak level, gain of the middle pieces (dB)
TAKES = (
    ("en-us", 150, 24, 0.5, 0),
    ("en-gb", 150, 18, 0.5, 0),
    ("en-us+f3", 170, 24, 0.5, 0),
    ("en+m3", 160, 30, 0.5, -26),
    ("en-029", 155, 24, 0.03, 0),
)
PAUSE_S = 1.0


@dataclass(frozen=True)
class PhoneTake:
    name: str
    clip: Clip
    reference: str


def render(pieces: list[str | None], workdir: Path) -> list[PhoneTake]:
    texts = [p for p in pieces if p is not None]
    reference = " ".join(texts)
    takes = []
    for t, (voice, wpm, snr, level, middle_db) in enumerate(TAKES):
        clip = Clip.silence(0.4)
        spoken = 0
        for i, text in enumerate(pieces):
            if text is None:
                clip = clip.concat(Clip.silence(PAUSE_S))
                continue
            wav = workdir / f"phone{t}-{i}.wav"
            cmd = ["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(wav), text]
            subprocess.run(cmd, check=True, capture_output=True)
            piece = load_audio(wav)
            if 0 < spoken < len(texts) - 1 and middle_db:
                piece = Clip(piece.samples * 10 ** (middle_db / 20), piece.rate)
            clip = clip.concat(piece)
            spoken += 1
        clip = telephone_band(add_noise(clip.concat(Clip.silence(0.6)), snr, seed=t))
        clip = Clip(clip.samples * (level / max(clip.peak(), 1e-9)), clip.rate)
        quiet = f", middle {middle_db} dB" if middle_db else ""
        name = f"{voice} @{wpm}, {snr} dB SNR, peak {level:g}{quiet}"
        takes.append(PhoneTake(name, clip, reference))
    return takes


def errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(word errors, reference words), normalised as bench_practice does."""
    from bench_practice import normalise  # bench_practice imports bench_score
    from rapidfuzz.distance import Levenshtein

    ref = normalise(reference)
    return Levenshtein.distance(ref, normalise(hypothesis)), len(ref)
