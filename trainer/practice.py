"""The live practice loop: (optional) opening line, listen, decode while speaking, stop at the
end of the turn, score. Written against interfaces; bootstrap/cli pick the real devices.
"""

from __future__ import annotations

import math
import queue
import select
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from trainer.audio.clip import Clip
from trainer.audio.stream import Microphone
from trainer.errors import InputError
from trainer.live import LiveDisplay
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import Feedback, evaluate
from trainer.speech.endpoint import StreamingVad
from trainer.speech.phrases import PhraseCutter, PhraseDecoder, TurnAudio
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
    # While a phrase goes on, what has been said of it is heard provisionally this often, so
    # parts tick and a job ask is warned of before the person pauses (None: never).
    partial_every_s: float | None = 2.0
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
    clock_offset_s: float = 0.0,
) -> HeardTurn:
    """Listen to blocks from a running microphone until the person's turn ends, decoding
    phrases while they speak so little is left to do when they stop. Word times are seconds
    from the first block taken; what the display is told is timed on the same clock, plus
    `clock_offset_s` (a call's clock: where the turn began in the call). Returns (rather than
    raises) when nobody spoke. `keep_listening` holds the turn open past a pause (a recorded
    turn still playing)."""
    opts = options or PracticeOptions()
    vad = StreamingVad()
    audio = TurnAudio()
    cutter = PhraseCutter(
        opts.turn_silence_s,
        opts.min_phrase_s,
        opts.decode_after_s,
        opts.max_phrase_s,
        keep_listening,
    )
    # Closed however the turn ends (a decoder error is raised from inside the loop).
    with StreamingTranscriber(recognizer) as transcriber:
        decoder = PhraseDecoder(transcriber, audio, opts.context_s)
        judge = _Judge(display, on_words, clock_offset_s)
        timing: dict[str, float | None] = {
            "speech_end_s": None,
            "endpoint_s": None,
            "report_s": None,
        }
        stopped_by = "silence"
        partial_at = -math.inf  # stream time of the last provisional hearing sent

        def shown_at() -> float:
            return clock_offset_s + cutter.now_s

        opened = time.monotonic()
        decided_at: float | None = None
        try:
            while True:
                try:
                    block = blocks.get(timeout=0.2)
                except queue.Empty:
                    block = None
                if block is not None:
                    audio.add(block)
                    for span in cutter.push(vad.frame_prob(block)):
                        decoder.send(span)
                    display.level(shown_at(), float(np.sqrt(np.mean(block**2))))
                    if cutter.turn_over:
                        decided_at = time.monotonic()
                        timing["endpoint_s"] = round(decided_at - opened, 3)
                    if _hear_so_far(cutter, decoder, opts.partial_every_s, partial_at):
                        partial_at = cutter.now_s
                judge.heard(transcriber.results(), shown_at())
                judge.hearing(transcriber.provisional(), shown_at())
                if decided_at is not None:
                    break
                if not cutter.heard_speech and cutter.now_s >= opts.no_speech_timeout_s:
                    stopped_by = "no speech"
                    break
                if cutter.now_s >= opts.max_seconds:
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
        rest = cutter.rest()
        if rest is not None:
            decoder.send(rest)
        if cutter.heard_speech:
            timing["speech_end_s"] = round(cutter.endpointer.last_voice_end, 3)
            judge.heard(transcriber.drain(), shown_at())
        return HeardTurn(
            judge.words, audio.clip(), cutter.heard_speech, stopped_by, opened, decided_at, timing
        )


def _hear_so_far(
    cutter: PhraseCutter, decoder: PhraseDecoder, every_s: float | None, last_s: float
) -> bool:
    """Send what has been said of a long phrase to be heard provisionally, every `every_s`
    while the person speaks and the decoder is idle (phrases are never queued behind it);
    whether it was sent."""
    if every_s is None or cutter.now_s - last_s < every_s:
        return False
    span = cutter.speaking()
    if span is None or span.end_s - span.keep_from_s < every_s:
        return False
    return decoder.try_provisional(span)


class _Judge:
    """Judge stage: each phrase's words as they come back go to the display and to `on_words`
    (which ticks parts and warns of a job ask); a provisional hearing of the phrase still being
    spoken is shown and judged along with them, but never kept."""

    def __init__(
        self,
        display: LiveDisplay,
        on_words: Callable[[list[Word], float], None] | None,
        clock_offset_s: float,
    ):
        self.display = display
        self.on_words = on_words
        self.offset_s = clock_offset_s
        self.words: list[Word] = []

    def heard(self, batches: list[list[Word]], at_s: float) -> None:
        for batch in batches:
            if not batch:
                continue
            self.words.extend(batch)
            # Phrases come back in the order they were spoken (one decoder, FIFO); sorting by
            # word time would interleave the words around a cut, where timings are fuzzy.
            self.display.heard(at_s, _text(batch), _text(self.words), self._start(batch))
            if self.on_words is not None:
                self.on_words(self.words, at_s)

    def hearing(self, words: list[Word] | None, at_s: float) -> None:
        if not words:
            return
        self.display.partial(at_s, _text(words), self._start(words))
        if self.on_words is not None:
            self.on_words(self.words + words, at_s)

    def _start(self, words: list[Word]) -> float | None:
        """When `words` began, on the display's clock."""
        start = words[0].start
        return None if start is None else round(start + self.offset_s, 3)


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
