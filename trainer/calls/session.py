"""The mock call loop: the character speaks (microphone muted), the caller's turn is heard
through the live path until they stop, the scenario reacts, and so on until someone hangs up.

Written against ports (microphone, speaker, recogniser, synthesiser); bootstrap picks the
real devices, or a virtual microphone fed with recorded turns, and the command hands them in.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.stream import Microphone
from trainer.calls.engine import Conversation, Utterance
from trainer.calls.intents import classify
from trainer.calls.record import CallRecord, CallTurn
from trainer.calls.scenario import Scenario
from trainer.live import LiveDisplay
from trainer.practice import PracticeOptions, StopSignal, listen_turn
from trainer.speech.recognizer import Recognizer
from trainer.speech.synthesizer import Synthesizer
from trainer.speech.voices import VoiceProfile, profile
from trainer.transcript import Transcript, Word

BEEP_HZ = 1000.0
BEEP_S = 0.45


class Speaker(Protocol):
    audible: bool

    def play(self, clip: Clip) -> None:
        """Play and return when the sound has finished."""


class TimedSpeaker:
    """No speaker (no sound card): lines are shown, and the call waits as long as they last,
    so the caller's side keeps real conversational timing."""

    audible = False

    def play(self, clip: Clip) -> None:
        time.sleep(clip.duration)


class SilentSpeaker:
    """`--fast`: nothing is played and nothing waits; the call's clock is the audio itself."""

    audible = False

    def play(self, clip: Clip) -> None:
        pass


@dataclass
class CallOptions:
    turn_silence_s: float = 1.5  # a conversational turn ends sooner than a rehearsed intro
    no_speech_timeout_s: float = 6.0  # then "Hello? Are you still there?"
    max_turn_s: float = 60.0
    max_call_s: float = 900.0
    seed: int | None = None
    # Decode sooner and with less earlier audio than a monologue, so the last phrase is done
    # before the end of the turn is confirmed (the reply gap budget is 0.5 s).
    decode_after_s: float = 0.5
    context_s: float = 4.0
    # Recorded turns heard as fast as they can be decoded (no real-time pacing): the same
    # engine, endpointing and report, on a clock counted in samples.
    fast: bool = False
    # What has been said of a long phrase is heard provisionally this often, for the display
    # (never when `fast`: the audio would outrun it and the phrases would wait behind it).
    partial_every_s: float | None = 2.0


class LineBank:
    """Every line the scenario can say, rendered ahead in a background thread, so a reply
    starts as soon as it is chosen instead of waiting for text-to-speech."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        voices: dict[str, VoiceProfile],
        lines: list[tuple[str, str]],
    ):
        self.synthesizer = synthesizer
        self.voices = voices
        self._clips: dict[tuple[str, str], Clip] = {}
        self._lock = threading.Lock()  # one text-to-speech engine: one line at a time
        self._todo = list(dict.fromkeys(lines))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._prerender, daemon=True)

    @classmethod
    def for_scenario(cls, synthesizer: Synthesizer, scenario: Scenario) -> LineBank:
        voices = {c.id: profile(c.voice) for c in scenario.characters.values()}
        return cls(synthesizer, voices, scenario.all_lines())

    def start(self, first: list[tuple[str, str]]) -> None:
        for key in first:  # the opening is needed right away: render it before the rest
            self.get(*key)
        self._thread.start()

    def _prerender(self) -> None:
        for key in self._todo:
            if self._stop.is_set():
                return
            try:
                self.get(*key)
            except Exception:  # noqa: BLE001 - rendered again (and reported) when needed
                continue

    def get(self, character: str, text: str) -> Clip:
        key = (character, text)
        with self._lock:
            if key not in self._clips:
                clip = self.voices[character].render(self.synthesizer, text)
                self._clips[key] = clip.resampled(SAMPLE_RATE)
            return self._clips[key]

    def close(self, timeout: float = 30.0) -> None:
        """Stop pre-rendering and wait (at most `timeout` s: a line cannot be interrupted) for
        the line being rendered, so no text-to-speech outlives the call and its report."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


def caller_turn(clip: Clip) -> Clip:
    """A recorded caller turn as it should enter the microphone: a breath before, a clean end."""
    return Clip.silence(0.3).concat(clip.resampled(SAMPLE_RATE), Clip.silence(0.2))


def beep() -> Clip:
    t = np.arange(int(BEEP_S * SAMPLE_RATE)) / SAMPLE_RATE
    ramp = np.minimum(1.0, np.minimum(t, BEEP_S - t) / 0.02)
    return Clip((0.4 * np.sin(2 * np.pi * BEEP_HZ * t) * ramp).astype(np.float32))


class _Timeline:
    """Both sides on one clock: the count of microphone samples taken so far (the caller's
    channel, zeros while muted) and the other side's lines placed where they started."""

    def __init__(self, blocks: queue.Queue[np.ndarray]):
        self.blocks = blocks
        self.caller: list[np.ndarray] = []
        self.samples = 0
        self.other: list[tuple[int, Clip]] = []

    def drain(self) -> None:
        while True:
            try:
                self.add(self.blocks.get_nowait())
            except queue.Empty:
                return

    def add(self, samples: np.ndarray) -> None:
        self.caller.append(samples)
        self.samples += len(samples)

    @property
    def now_s(self) -> float:
        return self.samples / SAMPLE_RATE

    def place(self, clip: Clip) -> float:
        self.drain()
        self.other.append((self.samples, clip))
        return self.now_s

    def render(self) -> tuple[Clip, Clip]:
        caller = np.concatenate(self.caller) if self.caller else np.zeros(0, np.float32)
        end = max([len(caller)] + [s + len(c.samples) for s, c in self.other])
        other = np.zeros(end, np.float32)
        for start, clip in self.other:
            other[start : start + len(clip.samples)] += clip.samples
        caller = np.concatenate([caller, np.zeros(end - len(caller), np.float32)])
        return Clip(caller), Clip(other)


def _warm_up_judgement() -> None:
    try:
        classify(Transcript.from_text("Hi, what does a typical day look like?").words)
    except Exception:  # noqa: BLE001 - a broken model is reported by the turn that needs it
        pass


def run_call(
    scenario: Scenario,
    mic: Microphone,
    speaker: Speaker,
    recognizer: Recognizer,
    lines: LineBank,
    display: LiveDisplay,
    options: CallOptions | None = None,
    next_turn: Callable[[], bool] | None = None,
    still_speaking: Callable[[], bool] | None = None,
    stop: StopSignal | None = None,
) -> CallRecord:
    """One whole call. `next_turn` is asked before each caller turn (a recorded caller feeds
    the microphone there; False means they have nothing more to say and hang up). `stop`
    hangs up on request, even in the middle of the caller's turn."""
    opts = options or CallOptions()
    conv = Conversation(scenario, opts.seed)
    # In fast mode the microphone runs ahead of nothing: a short queue makes it wait for the
    # listener, so the caller's channel holds only the silence that was really "heard".
    blocks: queue.Queue[np.ndarray] = queue.Queue(maxsize=4 if opts.fast else 0)
    stopping = threading.Event()

    def push(block: np.ndarray) -> None:
        while not stopping.is_set():
            try:
                blocks.put(block, timeout=0.1)
                return
            except queue.Full:
                continue

    timeline = _Timeline(blocks)
    turns: list[CallTurn] = []
    gaps: list[float] = []
    roles = {c.id: c.role for c in scenario.characters.values()}

    def speak(said: list[Utterance], decided_at: float | None) -> None:
        mic.muted = True  # never hear the character as the caller
        try:
            for i, u in enumerate(said):
                clip = lines.get(u.character, u.text)
                if u.beep:
                    clip = clip.concat(Clip.silence(0.3), beep())
                start = timeline.place(clip)
                if i == 0 and decided_at is not None:
                    gaps.append(round(time.monotonic() - decided_at, 3))
                display.said(
                    roles.get(u.character, u.character),
                    u.text + (" [beep]" if u.beep else ""),
                    start,
                )
                turns.append(CallTurn(u.character, u.text, start, start + clip.duration, u.state))
                speaker.play(clip)
                if opts.fast:  # the muted microphone's silence for as long as they spoke
                    timeline.add(np.zeros(len(clip.samples), np.float32))
        finally:
            timeline.drain()
            mic.muted = False

    opening = conv.opening()
    lines.start([(u.character, u.text) for u in opening])
    # The sentence model and the bank's phrasings load while the character speaks (about
    # 0.8 s), not when the caller's first turn is waiting for an answer.
    warming = threading.Thread(target=_warm_up_judgement, name="warm-up", daemon=True)
    warming.start()
    mic.start(push if opts.fast else blocks.put)
    ended_by = None
    try:
        said, decided_at = opening, None
        while True:
            speak(said, decided_at)
            if conv.ended:
                break
            if timeline.now_s >= opts.max_call_s:
                ended_by = "time limit"
                conv.hang_up()
                break
            if (next_turn is not None and not next_turn()) or (stop and stop.pressed()):
                conv.hang_up()
                break
            timeline.drain()
            offset = timeline.now_s
            listen = PracticeOptions(
                turn_silence_s=opts.turn_silence_s,
                max_seconds=conv.listen_s or opts.max_turn_s,
                no_speech_timeout_s=opts.no_speech_timeout_s,
                decode_after_s=opts.decode_after_s,
                context_s=opts.context_s,
                partial_every_s=None if opts.fast else opts.partial_every_s,
            )
            if next_turn is None:  # a person at the microphone: say when it is their turn
                display.status("  (your turn: speak, then pause)")
            heard = listen_turn(
                blocks,
                recognizer,
                display,
                listen,
                keep_listening=still_speaking,
                stop=stop,
                clock_offset_s=offset,
            )
            timeline.add(heard.clip.samples)
            words = [
                Word(w.text, _shift(w.start, offset), _shift(w.end, offset), w.probability)
                for w in heard.words
            ]
            intents = classify(words)
            text = " ".join(w.text for w in words)
            start = words[0].start if words else offset
            end = words[-1].end if words else offset + heard.clip.duration
            turns.append(
                CallTurn("caller", text, start or offset, end or offset, None, intents, words)
            )
            if heard.stopped_by == "interrupted":
                ended_by = "interrupted"
                conv.hang_up()
                break
            if stop is not None and heard.stopped_by == stop.reason:
                conv.hang_up()  # what they said before hanging up still counts in the report
                break
            said, decided_at = conv.reply(intents, text), heard.decided_at
    except KeyboardInterrupt:  # Ctrl-C while they speak: hang up and keep what happened
        ended_by = "interrupted"
        conv.hang_up()
    finally:
        stopping.set()
        mic.stop()
        lines.close()
        warming.join()  # a model still loading at exit aborts the interpreter
    caller, other = timeline.render()
    return CallRecord(
        scenario, conv, turns, caller, other, gaps, ended_by or conv.ended_by or "caller"
    )


def _shift(t: float | None, offset: float) -> float | None:
    return None if t is None else round(t + offset, 3)
