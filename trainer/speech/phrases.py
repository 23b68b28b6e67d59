"""The stages of a live turn between the microphone and the judge, each usable alone on
synthetic input: the audio taken so far (TurnAudio), where to cut it into phrases and when the
turn is over (PhraseCutter, fed one speech probability per 32 ms frame), and what is sent to
the decoder, with earlier audio as context (PhraseDecoder). trainer.practice.listen_turn wires
them: audio -> VAD -> endpoint -> decode -> judge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.speech.endpoint import FRAME, Endpointer
from trainer.speech.streaming import StreamingTranscriber

CUT_MARGIN_S = 0.1  # a phrase's audio starts this much before its speech (or at the last cut)


@dataclass(frozen=True)
class Span:
    """Audio to hear, on the stream clock: the words from `keep_from_s` to `end_s` are new."""

    keep_from_s: float
    end_s: float


class TurnAudio:
    """Every block taken from the microphone during a turn, joined only when audio is needed."""

    def __init__(self) -> None:
        self._blocks: list[np.ndarray] = []
        self._joined = np.zeros(0, np.float32)
        self._n_joined = 0

    def add(self, block: np.ndarray) -> None:
        self._blocks.append(block)

    def samples(self) -> np.ndarray:
        if self._n_joined < len(self._blocks):
            self._joined = np.concatenate([self._joined, *self._blocks[self._n_joined :]])
            self._n_joined = len(self._blocks)
        return self._joined

    def clip(self) -> Clip:
        """The whole turn (a tenth of a second of silence if nothing was taken)."""
        return Clip(self.samples()) if self._blocks else Clip.silence(0.1)


class PhraseCutter:
    """Endpoint stage: one speech probability per frame in, the spans to decode now out, and
    whether the turn is over. Whisper needs context: short phrases decoded alone come back
    garbled ("could I have about" -> "can I hand my mouth"), so a pause only cuts once
    `min_phrase_s` of speech has gathered (the rest waits for the next pause); a longer pause
    (`decode_after_s`), which may end the turn, sends whatever is pending; a long run-on
    sentence is cut after `max_phrase_s` in the dip between two words, so no word is split (or
    anywhere after twice that, if it never dips). `keep_listening` holds the turn open past a
    pause (a recorded turn still playing)."""

    def __init__(
        self,
        turn_silence_s: float,
        min_phrase_s: float = 4.0,
        decode_after_s: float = 0.8,
        max_phrase_s: float = 10.0,
        keep_listening: Callable[[], bool] | None = None,
    ):
        self.endpointer = Endpointer(turn_silence_s=turn_silence_s)
        self.min_phrase_s = min_phrase_s
        self.decode_after_s = decode_after_s
        self.max_phrase_s = max_phrase_s
        self.keep_listening = keep_listening
        self.sent_to = 0.0  # stream time up to which audio has been sent for decoding
        self._pending_from: float | None = None  # start of speech not yet sent
        self.turn_over = False

    @property
    def now_s(self) -> float:
        """Stream time: the end of the last frame pushed."""
        return self.endpointer.t

    @property
    def heard_speech(self) -> bool:
        return self.endpointer.heard_speech

    def push(self, prob: float) -> list[Span]:
        ep = self.endpointer
        spans: list[Span] = []
        for ev in ep.push(prob):
            if ev.kind == "phrase_end" and ev.end_s - self._pending() >= self.min_phrase_s:
                spans.append(self._cut(ev.end_s))
            elif ev.kind == "turn_end" and self.keep_listening and self.keep_listening():
                ep.reopen_turn()
            elif ev.kind == "turn_end":
                self.turn_over = True
        quiet = ep.t - ep.last_voice_end
        if (
            ep.heard_speech
            and not ep.in_speech
            and quiet >= self.decode_after_s
            and ep.last_voice_end > self.sent_to
        ):
            # A longer pause may be the end of the turn: decode what is pending now, while the
            # end-of-turn silence is still being confirmed.
            spans.append(self._cut(ep.last_voice_end))
        if ep.phrase_open and ep.phrase_start is not None:
            length = ep.t - self._pending()
            if (length > self.max_phrase_s and prob < 0.3) or length > 2 * self.max_phrase_s:
                spans.append(self._cut(ep.t))
        return spans

    def speaking(self) -> Span | None:
        """While the person is speaking, the span not yet sent (to hear it provisionally);
        None in a pause, where a cut may come at any frame."""
        ep = self.endpointer
        if not (ep.in_speech and ep.phrase_open and ep.phrase_start is not None):
            return None
        return Span(self._keep_from(self._start_of_pending()), ep.t)

    def rest(self) -> Span | None:
        """When the turn is over: what has not been sent yet (up to now if mid-phrase)."""
        ep = self.endpointer
        if not (ep.heard_speech and ep.last_voice_end > self.sent_to):
            return None
        return self._cut(ep.t if ep.phrase_open else ep.last_voice_end)

    def _pending(self) -> float:
        self._pending_from = self._start_of_pending()
        return self._pending_from

    def _start_of_pending(self) -> float:
        """Where the speech not yet sent starts: fixed when first asked after a cut, so the
        phrases that follow a short one (too short to cut alone) join it."""
        if self._pending_from is None or self._pending_from < self.sent_to:
            return max(self.endpointer.phrase_start or 0.0, self.sent_to)
        return self._pending_from

    def _keep_from(self, start_s: float) -> float:
        return max(start_s - CUT_MARGIN_S, self.sent_to)

    def _cut(self, end_s: float) -> Span:
        span = Span(self._keep_from(self._pending()), end_s)
        self.sent_to = max(self.sent_to, end_s)
        self._pending_from = None
        return span


class PhraseDecoder:
    """Decode stage: spans of the turn's audio to the streaming transcriber, each with up to
    `context_s` of earlier audio: Whisper hears the phrase in its sentence."""

    def __init__(self, transcriber: StreamingTranscriber, audio: TurnAudio, context_s: float):
        self.transcriber = transcriber
        self.audio = audio
        self.context_s = context_s

    def send(self, span: Span) -> None:
        """Decode a phrase (nothing if it holds less than a frame of new audio)."""
        window = self._window(span)
        if window is not None:
            self.transcriber.submit(*window, keep_from_s=span.keep_from_s)

    def try_provisional(self, span: Span) -> bool:
        """Hear a phrase still being spoken, if the decoder is idle; whether it was sent."""
        window = self._window(span)
        return window is not None and self.transcriber.try_provisional(*window, span.keep_from_s)

    def _window(self, span: Span) -> tuple[float, Clip] | None:
        a = int(max(span.keep_from_s - self.context_s, 0.0) * SAMPLE_RATE)
        b = int(span.end_s * SAMPLE_RATE)
        if b - int(span.keep_from_s * SAMPLE_RATE) <= FRAME:
            return None
        return a / SAMPLE_RATE, Clip(self.audio.samples()[a:b])
