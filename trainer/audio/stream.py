"""Live audio plumbing shared by real and virtual microphones: fixed 32 ms blocks at 16 kHz."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.files import load_audio

BLOCK = 512  # samples per block at 16 kHz: 32 ms, the VAD's frame


class Microphone(Protocol):
    rate: int
    muted: bool

    def start(self, on_block: Callable[[np.ndarray], None]) -> None: ...
    def stop(self) -> None: ...


class LinearResampler:
    """Streaming linear-interpolation resampler (keeps phase across blocks); for live input."""

    def __init__(self, src: int, dst: int):
        self.step = src / dst
        self.pos = 0.0  # position of the next output sample, in input samples
        self.prev = np.zeros(1, np.float32)

    def process(self, block: np.ndarray) -> np.ndarray:
        if self.step == 1.0:
            return block.astype(np.float32)
        data = np.concatenate([self.prev, block.astype(np.float32)])
        n = int(max(0.0, (len(data) - 1 - self.pos)) // self.step) + 1
        idx = self.pos + self.step * np.arange(n)
        idx = idx[idx <= len(data) - 1]
        out = np.interp(idx, np.arange(len(data)), data).astype(np.float32)
        self.pos = (idx[-1] + self.step if len(idx) else self.pos) - (len(data) - 1)
        self.prev = data[-1:]
        return out


class PushMicrophone:
    """A microphone whose sound is handed to it (`push`) by whoever captures it elsewhere,
    e.g. a browser streaming over a socket, at that side's own rate. It delivers the same
    16 kHz blocks a sound card's microphone does; sound pushed while stopped is dropped."""

    def __init__(self, native_rate: int = SAMPLE_RATE):
        self.native_rate = native_rate
        self.rate = SAMPLE_RATE
        self.muted = False
        self._resampler = LinearResampler(native_rate, SAMPLE_RATE)
        self._pending = np.zeros(0, np.float32)
        self._on_block: Callable[[np.ndarray], None] | None = None
        self._lock = threading.Lock()

    def start(self, on_block: Callable[[np.ndarray], None]) -> None:
        with self._lock:
            self._on_block = on_block

    def push(self, samples: np.ndarray) -> None:
        """Mono float32 samples at `native_rate`, in order."""
        with self._lock:
            if self._on_block is None:
                return
            mono = np.zeros(len(samples), np.float32) if self.muted else samples
            self._pending = np.concatenate([self._pending, self._resampler.process(mono)])
            while len(self._pending) >= BLOCK:
                self._on_block(self._pending[:BLOCK].copy())
                self._pending = self._pending[BLOCK:]

    def stop(self) -> None:
        with self._lock:
            self._on_block = None


class VirtualMicrophone:
    """Plays recordings into the capture path block by block at the real pace, and sends
    silence in between, like a real microphone in a quiet room, until stopped. `feed` queues
    more speech (a mock call's next caller turn)."""

    def __init__(self, source: str | Path | Clip | None = None, realtime: bool = True):
        self.rate = SAMPLE_RATE
        self.realtime = realtime
        self.muted = False
        self._pending = np.zeros(0, np.float32)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if source is not None:
            self.feed(source if isinstance(source, Clip) else load_audio(source))

    def feed(self, clip: Clip) -> None:
        with self._lock:
            self._pending = np.concatenate([self._pending, clip.resampled(SAMPLE_RATE).samples])

    @property
    def playing(self) -> bool:
        """Whether fed speech is still waiting to be heard."""
        with self._lock:
            return len(self._pending) > 0

    def start(self, on_block: Callable[[np.ndarray], None]) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_block,), daemon=True)
        self._thread.start()

    def _next_block(self) -> np.ndarray:
        with self._lock:
            block, self._pending = self._pending[:BLOCK], self._pending[BLOCK:]
        if len(block) < BLOCK:
            block = np.concatenate([block, np.zeros(BLOCK - len(block), np.float32)])
        return block

    def _run(self, on_block: Callable[[np.ndarray], None]) -> None:
        start = time.monotonic()
        i = 0
        while not self._stop.is_set():
            block = self._next_block()
            on_block(np.zeros(BLOCK, np.float32) if self.muted else block)
            i += 1
            if self.realtime:
                delay = start + i * BLOCK / SAMPLE_RATE - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
