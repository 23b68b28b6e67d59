"""Decode phrases while the person is still talking, so little is left when they stop.

A worker thread owns the recogniser; phrases (cut at pauses by the endpointer) queue up and
come back as timed words on the take's own clock. While a long phrase is still being spoken,
its audio so far can be heard provisionally (`try_provisional`), only when the worker is idle,
so that the checklist can tick before the person pauses; those hearings never join the
phrases' words.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass

from trainer.audio.clip import Clip
from trainer.errors import TrainerError
from trainer.speech.recognizer import NoSpeechError, Recognizer
from trainer.transcript import Word

PAD_S = 0.25  # silence around a phrase: Whisper clips words that touch the window edge


@dataclass
class Phrase:
    start_s: float  # stream time where `clip` begins (it may include earlier audio as context)
    clip: Clip
    keep_from_s: float  # only words from here on are new
    # For a provisional hearing, how many phrases had been submitted when it was asked for:
    # once another phrase is submitted, its audio is being heard for real and it is stale.
    provisional_after: int | None = None


class DecodeTimeoutError(TrainerError, TimeoutError):
    """The decoder did not finish the turn's phrases in time (a stuck or far too slow model)."""


class StreamingTranscriber:
    """Decodes phrases on one worker thread. The first decoder error ends the worker and is
    raised by the next submit(), results() or drain(): a broken model fails the turn while the
    person is still talking, not after they have finished."""

    def __init__(self, recognizer: Recognizer):
        self.recognizer = recognizer
        self._jobs: queue.Queue[Phrase | None] = queue.Queue()
        self._done: queue.Queue[list[Word]] = queue.Queue()
        self._heard_so_far: queue.Queue[tuple[int, list[Word]]] = queue.Queue()
        self._pending = 0
        self._submitted = 0  # phrases (not provisional hearings) submitted so far
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self.errors: list[BaseException] = []
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def submit(self, start_s: float, clip: Clip, keep_from_s: float | None = None) -> None:
        """Decode `clip` (starting at stream time `start_s`); keep the words after
        `keep_from_s`. Audio before that is context: Whisper hears the phrase in its sentence,
        which fixes most of the slips a phrase decoded alone suffers."""
        self._raise_error()
        with self._lock:
            self._pending += 1
            self._submitted += 1
            self._idle.clear()
        self._jobs.put(Phrase(start_s, clip, start_s if keep_from_s is None else keep_from_s))

    def try_provisional(self, start_s: float, clip: Clip, keep_from_s: float) -> bool:
        """Hear a phrase still being spoken, as `submit` would, if the worker is idle (a phrase
        waiting for it is never delayed by one queued behind a provisional hearing); False when
        it is busy. The words come back from `provisional()`, never from `results()`."""
        with self._lock:
            if self._pending:
                return False
            self._pending += 1
            self._idle.clear()
            after = self._submitted
        self._jobs.put(Phrase(start_s, clip, keep_from_s, provisional_after=after))
        return True

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None or self._closing.is_set():
                return
            if job.provisional_after is not None:
                self._heard_so_far.put((job.provisional_after, self._provisional(job)))
            else:
                try:
                    words = self._decode(job)
                except NoSpeechError:
                    words = []  # a cough or a click: nothing to add
                except BaseException as exc:  # noqa: BLE001 - any failure reaches the caller (at
                    # its next call) and frees it: a thread that died silently would leave
                    # drain() waiting for phrases that never come.
                    with self._lock:
                        self.errors.append(exc)
                        self._pending = 0
                        self._idle.set()
                    return  # the phrases after it would fail the same way
                self._done.put(words)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()

    def _decode(self, job: Phrase) -> list[Word]:
        """The words of `job` from `keep_from_s` on, on the stream's clock."""
        padded = Clip.silence(PAD_S).concat(job.clip, Clip.silence(PAD_S))
        transcript = self.recognizer.transcribe(padded, live=True)
        offset = job.start_s - PAD_S
        return [
            Word(
                w.text,
                round(max(w.start + offset, 0.0), 3),
                round(max(w.end + offset, 0.0), 3),
                w.probability,
            )
            for w in transcript.words
            if (w.start + w.end) / 2 + offset >= job.keep_from_s
        ]

    def _provisional(self, job: Phrase) -> list[Word]:
        """A provisional hearing's words; its failure is ignored (its phrase will be heard)."""
        try:
            return self._decode(job)
        except Exception:  # noqa: BLE001 - the final hearing of the phrase reports it
            return []

    def _raise_error(self) -> None:
        if self.errors:
            raise self.errors[0]

    def results(self) -> list[list[Word]]:
        """Phrases decoded since the last call (non-blocking); raises the decoder's error."""
        self._raise_error()
        out = []
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                return out

    def provisional(self) -> list[Word] | None:
        """The latest provisional hearing, if one came back since the last call and no phrase
        has been submitted since it was asked for (else it is stale and dropped)."""
        latest: tuple[int, list[Word]] | None = None
        while True:
            try:
                latest = self._heard_so_far.get_nowait()
            except queue.Empty:
                break
        if latest is None:
            return None
        after, words = latest
        with self._lock:
            return words if after == self._submitted else None

    def drain(self, timeout: float = 120.0) -> list[list[Word]]:
        """Wait until every submitted phrase is decoded; return what was not yet collected.
        Raises DecodeTimeoutError if that takes longer than `timeout` seconds."""
        if not self._idle.wait(timeout):
            self._raise_error()
            with self._lock:
                pending = self._pending
            raise DecodeTimeoutError(
                f"speech recognition did not finish within {timeout:g} s "
                f"({pending} phrase(s) still decoding)"
            )
        return self.results()

    def __enter__(self) -> StreamingTranscriber:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker, dropping phrases not yet started, and wait (at most `timeout` s, as
        a decode cannot be interrupted) for the one it is decoding, so none outlives the turn."""
        self._closing.set()
        self._jobs.put(None)
        self._thread.join(timeout)
