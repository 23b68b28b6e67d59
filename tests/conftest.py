"""Shared fixtures: an isolated data directory, offline mode, real speech on generated audio."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav

ROOT = Path(__file__).resolve().parent.parent

# The fast tier (`make test-fast`) leaves out what runs the real recogniser, speaks with real
# TTS, plays audio in real time, starts a browser or builds a wheel; `make test` runs it all.
SLOW_FIXTURES = frozenset({"recognizer", "make_take"})
SLOW_FILES = frozenset(
    {
        "test_corpus.py",
        "test_spoken.py",
        "test_call_cli.py",
        "test_practice.py",
        "test_readme.py",
        "test_packaging.py",
        "test_replays.py",
        "test_synthesizer.py",
        "test_long_and_narrow_audio.py",
        "test_voices_cli.py",
    }
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: needs the real model, TTS, real time or a browser")
    config.addinivalue_line(
        "markers",
        "all_cores: decodes on every core (tests/decoding.py); `make test` runs these alone, "
        "after the rest has run two at a time",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        uses = set(getattr(item, "fixturenames", ()))
        if uses & SLOW_FIXTURES or path.name in SLOW_FILES or "web" in path.parts:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("TRAINER_MODEL", raising=False)


def espeak(text: str, path: Path, voice: str = "en-us", speed: int = 160) -> Path:
    """Render speech with the espeak-ng command (a different path from pyttsx3, on purpose)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
    return path


def speech_clip(text: str, tmp: Path, voice: str = "en-us", speed: int = 160) -> Clip:
    return load_audio(espeak(text, tmp / "speech.wav", voice, speed))


@pytest.fixture(scope="session")
def recognizer():
    """The real default model, loaded once for the whole run."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from trainer.speech.recognizer import WhisperRecognizer

    return WhisperRecognizer()


@pytest.fixture
def make_take(tmp_path):
    """Write a spoken take (WAV) of `text`, optionally padded with silence."""

    def _make(
        text: str,
        name: str = "take.wav",
        voice: str = "en-us",
        speed: int = 160,
        lead_s: float = 0.3,
        tail_s: float = 0.5,
    ) -> Path:
        raw = espeak(text, tmp_path / f"raw-{name}.wav", voice, speed)
        clip = load_audio(raw)
        padded = Clip.silence(lead_s).concat(clip, Clip.silence(tail_s))
        return write_wav(tmp_path / name, padded)

    return _make


def run_trainer(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a user would."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        cwd=cwd,
        timeout=600,
    )
