"""The live practice loop: (optional) opening line, listen, decode while speaking, stop at the
end of the turn, score. Written against interfaces; bootstrap/cli pick the real devices.
"""

from __future__ import annotations

import queue
import select
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.stream import Microphone
from trainer.errors import InputError
from trainer.live import LiveDisplay
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import Feedback, evaluate
from trainer.speech.endpoint import FRAME, Endpointer, StreamingVad
from trainer.speech.recognizer import Recognizer
from trainer.speech.streaming import StreamingTranscriber
from trainer.transcript import Transcript, Word

OPENING_LINE = "Hello, this is Dana speaking."


@dataclass
class PracticeOptions:
    turn_silence_s: float = 2.5  # a pause this long ends the turn; mid-script pauses are shorter
    max_seconds: float = 180.0
    no_speech_timeout_s: float = 15.0
    min_phrase_s: float = 4.0  # speech gathered before a short pause is worth decoding alone
    decode_after_s: float = 0.8  # a pause this long sends whatever is pending
    context_s: float = 8.0  # earlier audio decoded along with a phrase, for context
    max_phrase_s: float = 10.0
    watch_enter: bool = False  # stop on Enter (interactive terminals only)


@dataclass
class PracticeResult:
    feedback: Feedback
    clip: Clip
    timing: dict[str, float | None]
    ticks: list[dict] = field(default_factory=list)
    stopped_by: str = "silence"

    def to_dict(self) -> dict:
        return {
            **self.feedback.to_dict(),
            "timing": self.timing,
            "ticks": self.ticks,
            "stopped_by": self.stopped_by,
        }


class NoSpeechHeard(InputError):
    pass


class StopSignal(Protocol):
    """Ends a turn when asked (Enter on a terminal, a Stop button in a page); `reason` is
    what `stopped_by` then says."""

    reason: str

    def pressed(self) -> bool: ...


@dataclass
class HeardTurn:
    """One turn of the person's speech, as heard through the live path."""

    words: list[Word]
    clip: Clip  # every block taken from the microphone during the turn
    heard_speech: bool
    stopped_by: str  # silence | no speech | time limit | interrupted | a stop's reason
    opened_at: float  # time.monotonic() when listening began
    decided_at: float  # time.monotonic() when the end of the turn was decided
    timing: dict[str, float | None]


def run_practice(
    mic: Microphone,
    recognizer: Recognizer,
    display: LiveDisplay,
    options: PracticeOptions | None = None,
    script: str | None = None,
    speak: Callable[[], None] | None = None,
    stop: StopSignal | None = None,
) -> PracticeResult:
    """One take. `speak` plays the other side's opening line before the microphone opens;
    `stop` ends the take on request (default: Enter, when `options.watch_enter`)."""
    opts = options or PracticeOptions()
    if speak is not None:
        mic.muted = True  # never hear our own voice
        speak()
        mic.muted = False
    ticks: list[dict] = []
    ticked: set[str] = set()

    def tick(words: list[Word], elapsed: float) -> None:
        partial = evaluate(Transcript(tuple(words)))
        for name in ELEMENTS:
            element = partial.elements[name]
            if element.covered and name not in ticked:
                ticked.add(name)
                ticks.append(
                    {"element": name, "at_s": round(elapsed, 2), "evidence": element.evidence}
                )
                display.tick(elapsed, name, element.evidence)
        job = partial.flag_evidence.get("asks_for_job") or []
        if job and "asks_for_job" not in ticked:
            ticked.add("asks_for_job")  # warned once: the report lists every quote
            display.warn(elapsed, "asks_for_job", job[0])

    enter = stop or (_EnterWatcher() if opts.watch_enter else None)
    by_enter = isinstance(enter, _EnterWatcher)
    display.status(
        "Listening... speak your intro; stop talking when you're done"
        + (" (or press Enter)." if by_enter else ".")
    )
    blocks: queue.Queue[np.ndarray] = queue.Queue()
    mic.start(blocks.put)
    try:
        turn = listen_turn(blocks, recognizer, display, opts, on_words=tick, stop=enter)
    finally:
        mic.stop()
    if turn.stopped_by == "no speech":
        raise NoSpeechHeard(
            f"no speech heard in {opts.no_speech_timeout_s:.0f} s: check the microphone "
            "(`trainer devices`) or use --mic-file"
        )
    if not turn.heard_speech:
        raise NoSpeechHeard("no speech heard: nothing to score")
    if not turn.words:
        raise NoSpeechHeard("no words recognised in what was heard")
    feedback = evaluate(Transcript(tuple(turn.words), duration=turn.clip.duration), script)
    timing = dict(turn.timing)
    timing["report_s"] = round(time.monotonic() - turn.opened_at, 3)
    display.end(f"Stopped ({turn.stopped_by}).")
    return PracticeResult(feedback, turn.clip, timing, ticks, turn.stopped_by)


def listen_turn(
    blocks: queue.Queue[np.ndarray],
    recognizer: Recognizer,
    display: LiveDisplay,
    options: PracticeOptions | None = None,
    on_words: Callable[[list[Word], float], None] | None = None,
    stop: StopSignal | None = None,
    keep_listening: Callable[[], bool] | None = None,
) -> HeardTurn:
    """Listen to blocks from a running microphone until the person's turn ends, decoding
    phrases while they speak so little is left to do when they stop. Word times are seconds
    from the first block taken. Returns (rather than raises) when nobody spoke.
    `keep_listening` holds the turn open past a pause (a recorded turn still playing)."""
    opts = options or PracticeOptions()
    vad = StreamingVad()
    endpointer = Endpointer(turn_silence_s=opts.turn_silence_s)
    transcriber = StreamingTranscriber(recognizer)
    captured: list[np.ndarray] = []
    words: list[Word] = []
    timing: dict[str, float | None] = {"speech_end_s": None, "endpoint_s": None, "report_s": None}
    stopped_by = "silence"
    stream_s = 0.0
    phrase_cut = 0.0  # stream time up to which audio has been sent for decoding

    def take_words(batches: list[list[Word]], elapsed: float) -> None:
        for batch in batches:
            if not batch:
                continue
            words.extend(batch)
            # Phrases come back in the order they were spoken (one decoder, FIFO); sorting by
            # word time would interleave the words around a cut, where timings are fuzzy.
            display.heard(elapsed, " ".join(w.text for w in batch), _text(words))
            if on_words is not None:
                on_words(words, elapsed)

    first_pending: list[float | None] = [None]  # start of speech not yet sent for decoding

    def pending_from() -> float:
        if first_pending[0] is None or first_pending[0] < phrase_cut:
            first_pending[0] = max(endpointer.phrase_start or 0.0, phrase_cut)
        return first_pending[0]

    def cut(start_s: float, end_s: float) -> None:
        nonlocal phrase_cut
        audio = np.concatenate(captured) if captured else np.zeros(0, np.float32)
        keep = max(start_s - 0.1, phrase_cut)
        a = int(max(keep - opts.context_s, 0.0) * SAMPLE_RATE)
        b = int(end_s * SAMPLE_RATE)
        if b - int(keep * SAMPLE_RATE) > FRAME:
            transcriber.submit(a / SAMPLE_RATE, Clip(audio[a:b]), keep_from_s=keep)
        phrase_cut = max(phrase_cut, end_s)
        first_pending[0] = None

    opened = time.monotonic()
    decided_at: float | None = None
    try:
        while True:
            try:
                block = blocks.get(timeout=0.2)
            except queue.Empty:
                block = None
            elapsed = time.monotonic() - opened
            if block is not None:
                captured.append(block)
                stream_s += len(block) / SAMPLE_RATE
                display.level(elapsed, float(np.sqrt(np.mean(block**2))))
                prob = vad.frame_prob(block)
                for ev in endpointer.push(prob):
                    # Whisper needs context: short phrases decoded alone come back garbled
                    # ("could I have about" -> "can I hand my mouth"), so pauses only cut once
                    # enough speech has gathered; the rest waits for the next pause.
                    if ev.kind == "phrase_end" and ev.end_s - pending_from() >= opts.min_phrase_s:
                        cut(pending_from(), ev.end_s)
                    elif ev.kind == "turn_end" and keep_listening and keep_listening():
                        endpointer.turn_over = False  # decide again after the next pause
                    elif ev.kind == "turn_end":
                        decided_at = time.monotonic()
                        timing["endpoint_s"] = round(decided_at - opened, 3)
                quiet = stream_s - endpointer.last_voice_end
                if (
                    endpointer.heard_speech
                    and not endpointer.in_speech
                    and quiet >= opts.decode_after_s
                    and endpointer.last_voice_end > phrase_cut
                ):
                    # A longer pause may be the end of the turn: decode what is pending now,
                    # while the end-of-turn silence is still being confirmed.
                    cut(pending_from(), endpointer.last_voice_end)
                if endpointer.phrase_open and endpointer.phrase_start is not None:
                    length = stream_s - pending_from()
                    # A long run-on sentence is decoded in parts, cut in the dip between two
                    # words so no word is split (or anywhere, if it never dips).
                    if (
                        length > opts.max_phrase_s and prob < 0.3
                    ) or length > 2 * opts.max_phrase_s:
                        cut(pending_from(), stream_s)
            take_words(transcriber.results(), elapsed)
            if timing["endpoint_s"] is not None:
                break
            if not endpointer.heard_speech and stream_s >= opts.no_speech_timeout_s:
                stopped_by = "no speech"
                break
            if stream_s >= opts.max_seconds:
                stopped_by = "time limit"
                break
            if stop is not None and stop.pressed():
                stopped_by = stop.reason
                break
    except KeyboardInterrupt:
        stopped_by = "interrupted"  # keep and score what was said
    if decided_at is None:
        decided_at = time.monotonic()
        timing["endpoint_s"] = round(decided_at - opened, 3)
    if endpointer.heard_speech and endpointer.last_voice_end > phrase_cut:
        end = stream_s if endpointer.phrase_open else endpointer.last_voice_end
        cut(pending_from(), end)
    try:
        if endpointer.heard_speech:
            timing["speech_end_s"] = round(endpointer.last_voice_end, 3)
            take_words(transcriber.drain(), time.monotonic() - opened)
    finally:
        transcriber.close()
    clip = Clip(np.concatenate(captured)) if captured else Clip.silence(0.1)
    return HeardTurn(words, clip, endpointer.heard_speech, stopped_by, opened, decided_at, timing)


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


class _EnterWatcher:
    """Notices a line on stdin without blocking the capture loop (POSIX terminals)."""

    reason = "enter"

    def pressed(self) -> bool:
        try:
            ready, _, _ = select.select([sys.stdin], [], [], 0)
        except (ValueError, OSError):
            return False
        if ready:
            sys.stdin.readline()
            return True
        return False
