"""The held-out intros, spoken: espeak-ng voices, half through a simulated phone line, heard by
the real recogniser (one hearing, no replays) and judged as `trainer score` judges a take.

Rendered audio is cached by content hash (tests/rendering.py), so a rerun costs decoding only;
decoding is never cached.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.decoding import map_on_cores, worker_recognizer
from tests.rendering import SpokenTake
from tests.understanding.metrics import INTRO_LABELS, f1, load_intros, predicted
from trainer.audio.files import load_audio
from trainer.scoring.feedback import evaluate
from trainer.speech.recognizer import NoSpeechError

pytestmark = pytest.mark.all_cores

DATA = Path(__file__).with_name("data")
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-scotland", "en+m3", "en-us+f2", "en-029", "en+f4")
SPEEDS = (145, 160, 175)
PHONE_SNR_DB = (30, 24, 18)


def take(i: int, text: str) -> tuple[str, SpokenTake]:
    """Intro i's recipe (voice, speed and line chosen by its position), and its condition."""
    snr = PHONE_SNR_DB[i % len(PHONE_SNR_DB)] if i % 2 == 1 else None
    spoken = SpokenTake(text, VOICES[i % len(VOICES)], SPEEDS[i % len(SPEEDS)], snr, seed=i)
    return ("clean" if snr is None else f"phone {snr} dB"), spoken


def hear(item: tuple[str, SpokenTake, dict[str, bool]]) -> tuple[str, dict, dict]:
    """One take rendered (or found in the cache), heard once (no replays) and judged, in a
    decoding worker."""
    condition, spoken, expected = item
    try:
        got = predicted(evaluate(worker_recognizer().transcribe(load_audio(spoken.render()))))
    except NoSpeechError:
        got = dict.fromkeys(INTRO_LABELS, False)
    return condition.split()[0], expected, got


@pytest.fixture(scope="module")
def heard():
    takes = [
        (*take(i, text), expected)
        for i, (text, expected) in enumerate(load_intros(DATA / "intros.jsonl"))
    ]
    return map_on_cores(hear, takes)


def table(rows) -> dict[str, float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for _, expected, got in rows:
        for k in INTRO_LABELS:
            tp[k] += got[k] and expected[k]
            fp[k] += got[k] and not expected[k]
            fn[k] += expected[k] and not got[k]
    out = {k: round(f1(tp[k], fp[k], fn[k]), 3) for k in INTRO_LABELS}
    out["macro4"] = round(sum(out[k] for k in INTRO_LABELS[:4]) / 4, 3)
    return out


def test_spoken_held_out_intros(heard):
    """Regression guards below the levels measured (whole 0.894, clean 0.941, phone 0.843
    macro-F1; job asks 0.811), not the issue's 0.95 target, which the phone half misses:
    tiny.en mishears half the words of espeak voices there. Job asks were 0.849 with the
    model before (0.764 before job asks had to be heard clearly); the data added since cost
    about three of the 37 ask takes here while raising job asks on the spoken corpus, the
    development set for speech, from 0.868 to 0.885 (see the README). The job-ask guard leaves
    room for three takes: CTranslate2 decodes differ slightly between CPUs (a previous model
    measured 0.765 on the CI machine and 0.795 here), and one take flipping moves that F1 by
    ~0.015."""
    whole = table(heard)
    clean = table([r for r in heard if r[0] == "clean"])
    phone = table([r for r in heard if r[0] == "phone"])
    print("spoken held-out:", whole, "clean:", clean, "phone:", phone)
    assert len(heard) >= 200
    assert whole["macro4"] >= 0.87, (whole, clean, phone)
    assert clean["macro4"] >= 0.92, clean
    assert whole["asks_for_job"] >= 0.76, whole
