"""Synthetic speech the live loop's tests can hear exactly, in milliseconds: each word is a
steady tone whose loudness says which word of the vocabulary it is. `loudness_vad` stands in
for Silero and ToneRecognizer for Whisper; everything between them (endpointing, cutting,
decoding in a thread, judging) is the real code, and EventDisplay keeps what it showed."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.stream import BLOCK
from trainer.live import LiveDisplay
from trainer.transcript import Transcript, Word

WORD_S = 0.4  # fluent speech: no gap between words
BASE, STEP = 0.2, 0.012  # the loudness of word i: BASE + i * STEP
CARRIER_HZ = 250.0
FRAME = 320  # 20 ms: the recogniser's resolution


class ToneVoice:
    """Says texts made of `vocabulary`'s words (split on spaces, punctuation kept)."""

    def __init__(self, vocabulary: str):
        self.words = list(dict.fromkeys(vocabulary.split()))

    def say(self, text: str) -> Clip:
        n = int(WORD_S * SAMPLE_RATE)
        carrier = np.sin(2 * np.pi * CARRIER_HZ * np.arange(n) / SAMPLE_RATE)
        pieces = [(BASE + self.words.index(w) * STEP) * carrier for w in text.split()]
        return Clip(np.concatenate(pieces).astype(np.float32))


class ToneRecognizer:
    """Hears a ToneVoice: each run of frames at one loudness is a word. `delay_s` stands for
    the time a real decode takes; `decoded` keeps the length of every clip it was given."""

    def __init__(self, voice: ToneVoice, delay_s: float = 0.0):
        self.voice = voice
        self.delay_s = delay_s
        self.decoded: list[float] = []

    def transcribe(self, clip: Clip, progress: object = None, live: bool = False) -> Transcript:
        self.decoded.append(clip.duration)
        time.sleep(self.delay_s)
        n = len(clip.samples) // FRAME
        peaks = np.abs(clip.samples[: n * FRAME]).reshape(n, FRAME).max(axis=1)
        index = np.where(peaks > BASE / 2, np.round((peaks - BASE) / STEP), -1).astype(int)
        words: list[Word] = []
        start = 0
        for k in range(1, n + 1):
            if k == n or index[k] != index[start]:
                if index[start] >= 0:
                    text = self.voice.words[index[start]]
                    words.append(Word(text, start * FRAME / SAMPLE_RATE, k * FRAME / SAMPLE_RATE))
                start = k
        return Transcript(tuple(words), duration=clip.duration)


class LoudnessVad:
    """Stands in for StreamingVad on tone speech: a tone is speech, silence is not."""

    def frame_prob(self, frame: np.ndarray) -> float:
        return 1.0 if float(np.abs(frame).max()) > BASE / 2 else 0.0


class PacedMicrophone:
    """Plays `clip` into the capture path `speed` times faster than real time, then silence
    until stopped: a microphone the live loop can keep up with, in a fraction of the time."""

    rate = SAMPLE_RATE

    def __init__(self, clip: Clip, speed: float = 10.0):
        self.clip = clip
        self.speed = speed
        self.muted = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_block: Callable[[np.ndarray], None]) -> None:
        self._thread = threading.Thread(target=self._run, args=(on_block,), daemon=True)
        self._thread.start()

    def _run(self, on_block: Callable[[np.ndarray], None]) -> None:
        samples, i = self.clip.samples, 0
        while not self._stop.wait(BLOCK / SAMPLE_RATE / self.speed):
            block = np.zeros(BLOCK, np.float32)
            if not self.muted:
                played = samples[i : i + BLOCK]
                block[: len(played)] = played
            i += BLOCK
            on_block(block)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)


class EventDisplay(LiveDisplay):
    """A display that keeps what it was told, in order: (kind, time, text) with kind heard,
    partial, tick, warn or said; text is the phrase, hearing, part, flag or line."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), tty=False)
        self.events: list[tuple[str, float, str]] = []
        self.starts: list[tuple[str, float | None]] = []  # heard's and partial's start_s

    def heard(self, elapsed: float, text: str, full: str, start_s: float | None = None) -> None:
        super().heard(elapsed, text, full, start_s)
        self.events.append(("heard", elapsed, text))
        self.starts.append(("heard", start_s))

    def partial(self, elapsed: float, text: str, start_s: float | None = None) -> None:
        super().partial(elapsed, text, start_s)
        self.events.append(("partial", elapsed, text))
        self.starts.append(("partial", start_s))

    def tick(self, elapsed: float, element: str, evidence: str | None) -> None:
        super().tick(elapsed, element, evidence)
        self.events.append(("tick", elapsed, element))

    def warn(self, elapsed: float, flag: str, evidence: str) -> None:
        super().warn(elapsed, flag, evidence)
        self.events.append(("warn", elapsed, flag))

    def said(self, who: str, text: str, at_s: float) -> None:
        super().said(who, text, at_s)
        self.events.append(("said", at_s, text))

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.events]

    @property
    def printed(self) -> str:
        """What a terminal (or a pipe) would have shown."""
        assert isinstance(self.out, io.StringIO)
        return self.out.getvalue()
