"""Renders the labelled intro corpus to speech under varied voices, speeds and lines.

Each intro is rendered twice: once clean, once through a simulated phone line (8 kHz,
300-3400 Hz, with line noise), in different voices and speeds chosen by its position, so every
condition is covered and the set is reproducible.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from tests.rendering import SpokenTake

CORPUS = Path(__file__).with_name("intros.toml")
LABELS = ("identification", "purpose", "time_request", "convenience_check", "asks_for_job")
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-scotland", "en+m3", "en-us+f2", "en-029", "en+f4")
SPEEDS = (140, 155, 170, 185)
PHONE_SNR_DB = (30, 24, 18)


@dataclass(frozen=True)
class Take:
    id: str
    condition: str
    spoken: SpokenTake  # rendered where it is decoded (`spoken.render()`)
    labels: dict[str, bool]
    fillers: int


def intros() -> list[dict]:
    return tomllib.loads(CORPUS.read_text(encoding="utf-8"))["intro"]


def corpus_takes() -> list[Take]:
    """Every intro twice, clean and through the phone line, in voices and speeds chosen by its
    position."""
    takes = []
    for i, item in enumerate(intros()):
        labels = {k: bool(item[k]) for k in LABELS}
        for j, phone in enumerate((False, True)):
            voice = VOICES[(i + 3 * j) % len(VOICES)]
            speed = SPEEDS[(i + 3 * j) % len(SPEEDS)]
            snr = PHONE_SNR_DB[i % len(PHONE_SNR_DB)] if phone else None
            spoken = SpokenTake(item["text"], voice, speed, snr, seed=i)
            line = f"phone {snr} dB" if phone else "clean"
            condition = f"{line}, {voice} @{speed}"
            takes.append(Take(item["id"], condition, spoken, labels, int(item["fillers"])))
    return takes


def f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 1.0 if fp == 0 and fn == 0 else 0.0
    return 2 * tp / (2 * tp + fp + fn)
