"""Voice activity and end-of-turn decisions on a live stream, 32 ms frame by frame.

Silero VAD (shipped inside faster-whisper) gives a speech probability per 512-sample frame; its
recurrent state is carried across calls so a stream scores like one long file. The Endpointer
turns probabilities into events: a phrase ends after a short pause (so it can be decoded while
the person pauses), the turn ends after a longer one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

FRAME = 512  # samples at 16 kHz = 32 ms, what Silero expects
FRAME_S = FRAME / 16_000
CONTEXT = 64


@functools.lru_cache(maxsize=1)
def _silero_session():
    from faster_whisper.vad import get_vad_model

    return get_vad_model().session


class StreamingVad:
    """Speech probability per frame, keeping Silero's state between calls."""

    def __init__(self) -> None:
        self.session = _silero_session()
        self.h = np.zeros((1, 1, 128), np.float32)
        self.c = np.zeros((1, 1, 128), np.float32)
        self.context = np.zeros(CONTEXT, np.float32)

    def frame_prob(self, frame: np.ndarray) -> float:
        x = np.concatenate([self.context, frame.astype(np.float32)])[None, :]
        out, self.h, self.c = self.session.run(None, {"input": x, "h": self.h, "c": self.c})
        self.context = frame[-CONTEXT:].astype(np.float32)
        return float(np.asarray(out).reshape(-1)[0])


@dataclass
class Event:
    kind: str  # "speech_start" | "phrase_end" | "turn_end"
    at_s: float  # stream time of the event (end of the frame that decided it)
    start_s: float = 0.0  # for phrase_end: the phrase's span
    end_s: float = 0.0


class Endpointer:
    """Pure state machine over per-frame speech probabilities."""

    def __init__(
        self,
        turn_silence_s: float = 2.5,
        phrase_silence_s: float = 0.45,
        threshold: float = 0.5,
        min_speech_s: float = 0.15,
    ):
        self.turn_silence_s = turn_silence_s
        self.phrase_silence_s = phrase_silence_s
        self.on = threshold
        self.off = threshold - 0.15
        self.min_speech_s = min_speech_s
        self.t = 0.0
        self.in_speech = False
        self.heard_speech = False
        self.phrase_start: float | None = None
        self.last_voice_end = 0.0
        self.speech_run = 0.0
        self.phrase_open = False
        self.turn_over = False

    def push(self, prob: float) -> list[Event]:
        events: list[Event] = []
        start = self.t
        self.t += FRAME_S
        voiced = prob >= self.on or (self.in_speech and prob >= self.off)
        if voiced:
            self.speech_run += FRAME_S
            if not self.in_speech and self.speech_run >= self.min_speech_s:
                self.in_speech = True
                if not self.phrase_open:
                    self.phrase_open = True
                    self.phrase_start = max(0.0, start - self.speech_run + FRAME_S)
                if not self.heard_speech:
                    self.heard_speech = True
                    events.append(Event("speech_start", self.t))
            if self.in_speech:
                self.last_voice_end = self.t
        else:
            self.speech_run = 0.0
            self.in_speech = False
        silence = self.t - self.last_voice_end
        if self.phrase_open and not self.in_speech and silence >= self.phrase_silence_s:
            self.phrase_open = False
            events.append(
                Event(
                    "phrase_end",
                    self.t,
                    start_s=self.phrase_start or 0.0,
                    end_s=self.last_voice_end,
                )
            )
        if self.heard_speech and not self.in_speech and silence >= self.turn_silence_s:
            if not self.turn_over:
                self.turn_over = True
                events.append(Event("turn_end", self.t, end_s=self.last_voice_end))
        return events

    def reopen_turn(self) -> None:
        """The turn goes on after all (a recorded turn still playing): its end is decided
        again on the next silent frame."""
        self.turn_over = False
