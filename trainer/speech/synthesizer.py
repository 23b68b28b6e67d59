"""Text to speech with pyttsx3 (espeak-ng on Linux), rendered to a Clip rather than played.

pyttsx3's say() blocks on aplay and cannot be interrupted, so lines are saved to a WAV file and
read back; the caller decides where the audio goes (speaker, file, virtual microphone).
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trainer.audio.clip import Clip
from trainer.audio.files import load_audio
from trainer.errors import TrainerError


@dataclass(frozen=True)
class VoiceSettings:
    voice: str | None = None  # a system voice id or espeak name ("gmw/en-US", "en-us+f3")
    rate: int = 165  # words per minute
    volume: float = 1.0
    pitch: int | None = None  # espeak 0-99; None keeps the voice's own


class Synthesizer(Protocol):
    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip: ...


@functools.lru_cache(maxsize=1)
def _engine():
    try:
        import pyttsx3
    except ImportError:
        raise TrainerError("speech output needs pyttsx3: pip install pyttsx3") from None
    driver = "espeak" if sys.platform.startswith("linux") else None
    try:
        return pyttsx3.init(driver) if driver else pyttsx3.init()
    except Exception as exc:  # missing libespeak-ng shows up as OSError or RuntimeError
        raise TrainerError(
            f"text-to-speech unavailable ({str(exc).splitlines()[0] if str(exc) else exc!r}): "
            "install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng)"
        ) from None


def system_voices() -> list[tuple[str, str]]:
    """(id, name) of each voice the platform's engine offers."""
    return [(v.id, v.name) for v in _engine().getProperty("voices")]


def _apply(engine, settings: VoiceSettings) -> None:
    """Set voice, rate, volume and pitch before the next line, reliably (see below)."""
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    target = driver if driver is not None and hasattr(driver, "setProperty") else engine
    if settings.voice:
        target.setProperty("voice", settings.voice)
    target.setProperty("rate", settings.rate)
    target.setProperty("volume", settings.volume)
    if settings.pitch is not None:
        with contextlib.suppress(Exception):  # only some drivers know pitch
            target.setProperty("pitch", settings.pitch)
    if sys.platform.startswith("linux"):
        # After a long line espeak-ng still has commands in its queue, and a new rate set now
        # applied only two lines later; Synchronize() waits for the queue to drain.
        with contextlib.suppress(Exception):
            from pyttsx3.drivers import _espeak

            _espeak.Synchronize()


class Pyttsx3Synthesizer:
    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip:
        settings = voice or VoiceSettings()
        engine = _engine()
        _apply(engine, settings)
        with tempfile.TemporaryDirectory(prefix="trainer-tts-") as tmp:
            out = Path(tmp) / "line.wav"
            # pyttsx3 2.99's espeak driver: runAndWait() can return before a long line is
            # written (the file appears later, from espeak's callback), and it announces the
            # finished file with a print on stdout. Capture stdout, so reports stay clean, and
            # wait for that announcement, which comes after the file is closed.
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                engine.save_to_file(text, str(out))
                engine.runAndWait()
                deadline = time.monotonic() + 20 + len(text) / 20
                while f"saved to {out}" not in buffer.getvalue() and time.monotonic() < deadline:
                    if sys.platform.startswith("linux"):
                        time.sleep(0.01)
                    elif out.exists() and out.stat().st_size > 44:
                        break  # other drivers write synchronously and print nothing
                # The announcement comes just before the driver marks itself idle; settings
                # made while it is still busy are queued and can be lost, so wait for idle.
                settle = time.monotonic() + 2.0
                while engine.isBusy() and time.monotonic() < settle:
                    time.sleep(0.005)
            if not out.exists() or out.stat().st_size <= 44:
                raise TrainerError("text-to-speech produced no audio")
            return load_audio(out)
