"""Text to speech with pyttsx3 (espeak-ng on Linux), rendered to a Clip rather than played.

pyttsx3's say() blocks on aplay and cannot be interrupted, so lines are saved to a WAV file and
read back; the caller decides where the audio goes (speaker, file, virtual microphone). On
Linux the samples come straight from libespeak-ng through pyttsx3's ctypes binding, because
pyttsx3's own espeak save path prints to stdout (see _Collector).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import sys
import tempfile
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

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
    except Exception as exc:  # noqa: BLE001 - no libespeak-ng: OSError, RuntimeError, ...
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


# espeak-ng's one synth callback and one queue are process-wide: one line at a time.
_ESPEAK_LOCK = threading.Lock()
_ESPEAK_RATE = 22050  # what libespeak-ng produces for its own voices (pyttsx3 assumes it too)


class _Collector:
    """espeak-ng's synth callback: gathers one line's samples and says when it has ended.

    pyttsx3 2.99's own callback writes the WAV file and then announces it with a bare print,
    on espeak's internal thread; capturing that meant swapping sys.stdout for the whole process
    (a main-thread print or a --json report could vanish). Collecting the samples ourselves
    leaves stdout alone and gives a real end-of-line signal."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.done = threading.Event()

    def __call__(self, wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0 and wav:
            self.chunks.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
        from pyttsx3.drivers import _espeak

        i = 0
        while events and events[i].type != _espeak.EVENT_LIST_TERMINATED:
            if events[i].type == _espeak.EVENT_MSG_TERMINATED:
                self.done.set()
            i += 1
        return 0


def _espeak_to_wav(text: str, out: Path) -> None:
    """Render `text` with libespeak-ng (already set up by _apply) into a WAV file at `out`."""
    from pyttsx3.drivers import _espeak

    collector = _Collector()
    # Registered on every line: each pyttsx3 driver instance re-registers its own on creation.
    _espeak.SetSynthCallback(collector)
    status = _espeak.Synth(text.encode("utf-8"), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
    if status != 0:  # EE_OK
        raise TrainerError(f"text-to-speech failed (espeak-ng error {status})")
    if not collector.done.wait(20 + len(text) / 20):
        _espeak.Cancel()
        raise TrainerError("text-to-speech timed out")
    with wave.open(str(out), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(_ESPEAK_RATE)
        f.writeframes(b"".join(collector.chunks))


class Pyttsx3Synthesizer:
    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip:
        settings = voice or VoiceSettings()
        with _ESPEAK_LOCK, tempfile.TemporaryDirectory(prefix="trainer-tts-") as tmp:
            engine = _engine()
            _apply(engine, settings)
            out = Path(tmp) / "line.wav"
            if sys.platform.startswith("linux"):
                _espeak_to_wav(text, out)
            else:
                # Other drivers write the file synchronously and print nothing.
                engine.save_to_file(text, str(out))
                engine.runAndWait()
            if not out.exists() or out.stat().st_size <= 44:
                raise TrainerError("text-to-speech produced no audio")
            return load_audio(out)
