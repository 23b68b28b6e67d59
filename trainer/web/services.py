"""What the server's routes and sockets share: one speech model (loaded once, in the
background at start-up), one voice engine (one line at a time), the profile, the limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from trainer.audio.clip import Clip
from trainer.speech.recognizer import Recognizer
from trainer.speech.synthesizer import Synthesizer, VoiceSettings

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # a 25 MB recording is over ten minutes of compressed audio
MAX_JSON_BYTES = 256 * 1024  # scripts are capped at 200 kB


class LockedSynthesizer:
    """pyttsx3 drives one process-wide engine: lines are rendered one at a time."""

    def __init__(self, inner: Synthesizer) -> None:
        self.inner = inner
        self._lock = threading.Lock()

    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip:
        with self._lock:
            return self.inner.synthesize(text, voice)


def _default_recognizer() -> Recognizer:
    from trainer import bootstrap  # faster-whisper is slow to import

    return bootstrap.recognizer()


def _default_synthesizer() -> Synthesizer:
    from trainer import bootstrap

    return bootstrap.synthesizer()


@dataclass
class Services:
    profile: str = "default"
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    make_recognizer: Callable[[], Recognizer] = _default_recognizer
    make_synthesizer: Callable[[], Synthesizer] = _default_synthesizer
    # One live session (practice or call) at a time: two would share the CPU and the voice.
    live: threading.Lock = field(default_factory=threading.Lock)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _recognizer: Recognizer | None = None
    _synthesizer: Synthesizer | None = None

    def recognizer(self) -> Recognizer:
        with self._lock:
            if self._recognizer is None:
                self._recognizer = self.make_recognizer()
            return self._recognizer

    def synthesizer(self) -> Synthesizer:
        with self._lock:
            if self._synthesizer is None:
                self._synthesizer = LockedSynthesizer(self.make_synthesizer())
            return self._synthesizer

    def warm_up(self) -> None:
        """Load the model now, so the first take is quick. Call it from a thread that lives
        as long as the server (the main one): a model loaded by a short-lived thread left its
        OpenMP workers spinning, and every decode after it ran 3-4 times slower (measured with
        benchmarks/bench_web.py)."""
        rec = self.recognizer()
        try:
            rec.load()
        except Exception:  # noqa: BLE001 - reported when a take needs the model
            pass
