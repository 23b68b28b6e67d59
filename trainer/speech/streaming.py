"""Decode phrases while the person is still talking, so little is left when they stop.

A worker thread owns the recogniser; phrases (cut at pauses by the endpointer) queue up and
come back as timed words on the take's own clock.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass

from trainer.audio.clip import Clip
from trainer.speech.recognizer import NoSpeechError, Recognizer
from trainer.transcript import Word

PAD_S = 0.25  # silence around a phrase: Whisper clips words that touch the window edge


@dataclass
class Phrase:
    start_s: float  # stream time where `clip` begins (it may include earlier audio as context)
    clip: Clip
    keep_from_s: float  # only words from here on are new


class StreamingTranscriber:
    def __init__(self, recognizer: Recognizer):
        self.recognizer = recognizer
        self._jobs: queue.Queue[Phrase | None] = queue.Queue()
        self._done: queue.Queue[list[Word]] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def submit(self, start_s: float, clip: Clip, keep_from_s: float | None = None) -> None:
        """Decode `clip` (starting at stream time `start_s`); keep the words after
        `keep_from_s`. Audio before that is context: Whisper hears the phrase in its sentence,
        which fixes most of the slips a phrase decoded alone suffers."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._jobs.put(Phrase(start_s, clip, start_s if keep_from_s is None else keep_from_s))

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            words: list[Word] = []
            try:
                padded = Clip.silence(PAD_S).concat(job.clip, Clip.silence(PAD_S))
                transcript = self.recognizer.transcribe(padded, live=True)
                offset = job.start_s - PAD_S
                words = [
                    Word(
                        w.text,
                        round(max(w.start + offset, 0.0), 3),
                        round(max(w.end + offset, 0.0), 3),
                        w.probability,
                    )
                    for w in transcript.words
                    if (w.start + w.end) / 2 + offset >= job.keep_from_s
                ]
            except NoSpeechError:
                pass  # a cough or a click: nothing to add
            except BaseException as exc:  # surfaced by drain(); the stream keeps going
                self.errors.append(exc)
            self._done.put(words)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()

    def results(self) -> list[list[Word]]:
        """Phrases decoded since the last call (non-blocking)."""
        out = []
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                return out

    def drain(self, timeout: float = 120.0) -> list[list[Word]]:
        """Wait until every submitted phrase is decoded; return what was not yet collected."""
        self._idle.wait(timeout)
        if self.errors:
            raise self.errors[0]
        return self.results()

    def close(self) -> None:
        self._jobs.put(None)
