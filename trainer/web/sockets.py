"""Live sessions over a WebSocket: the browser streams its microphone (16-bit PCM at its own
rate) into the same live loop the terminal uses (trainer.app.practice_take, calls.session.
run_call); what that loop shows a terminal is sent to the page as JSON events, and what it
would play on a speaker is sent as 16 kHz PCM for the page to play.

Messages from the page: {"type": "start", "rate": N, ...} first, then binary PCM frames, and
{"type": "stop"} (Stop, or hang up). To the page: status, listening, turn, heard, partial (a
provisional hearing of the phrase still being spoken, replaced by the next heard), tick, warn,
said, play (followed by one binary PCM message), then report or error, and the socket closes.
Times (`at_s`, `start_s`) are seconds on one clock: since the take began, or the call began.
A report comes with `problems`: what could not be kept (a full disk, a read-only history),
one line each, as the terminal tells them after its report; the report is never lost to them.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
from starlette.websockets import WebSocket, WebSocketDisconnect

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.stream import PushMicrophone
from trainer.errors import InputError, TrainerError
from trainer.live import LiveDisplay
from trainer.web.services import Services

Emit = Callable[[Any], None]  # a JSON-able dict, or bytes of PCM; safe from any thread
PLAYBACK_MARGIN_S = 0.15  # the page starts playing a moment after the server sends the line
START_TIMEOUT_S = 30.0
BUSY = "another practice or mock call is running (in another tab?): finish it first"


def pcm16(clip: Clip) -> bytes:
    """16 kHz mono 16-bit little-endian: what the page turns into an AudioBuffer."""
    samples = clip.resampled(SAMPLE_RATE).samples
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


class StopButton:
    """The page's Stop (or Hang up) button, or the page going away: a practice.StopSignal."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self._event = threading.Event()

    def press(self) -> None:
        self._event.set()

    def pressed(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


class SocketMicrophone(PushMicrophone):
    """The browser's microphone. Tells the page when it opens, and whose turn it is: muted
    means the other side is speaking, unmuted means the person may talk."""

    def __init__(self, native_rate: int, emit: Emit) -> None:
        self._emit: Emit | None = None
        super().__init__(native_rate)
        self._emit = emit

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        changed = value != getattr(self, "_muted", None)
        self._muted = value
        if changed and self._emit is not None:
            self._emit({"type": "turn", "who": "them" if value else "you"})

    def start(self, on_block: Callable[[np.ndarray], None]) -> None:
        super().start(on_block)
        if self._emit is not None:
            self._emit({"type": "listening"})


class SocketSpeaker:
    """Plays a line in the page and waits as long as it lasts (a calls.session.Speaker)."""

    audible = True

    def __init__(self, emit: Emit, stop: StopButton) -> None:
        self.emit = emit
        self.stop = stop

    def play(self, clip: Clip) -> None:
        self.emit({"type": "play", "duration_s": round(clip.duration, 3)})
        self.emit(pcm16(clip))
        self.stop.wait(clip.duration + PLAYBACK_MARGIN_S)  # Stop cuts the line short


class SocketDisplay(LiveDisplay):
    """What a terminal would show, as events for the page."""

    def __init__(self, emit: Emit) -> None:
        super().__init__(io.StringIO(), tty=False)
        self.emit = emit

    def status(self, message: str) -> None:
        self.emit({"type": "status", "text": message.strip()})

    def level(self, elapsed: float, rms: float) -> None:
        pass  # the page measures its own level, without a round trip

    def heard(self, elapsed: float, text: str, full: str, start_s: float | None = None) -> None:
        self.text = full
        self.emit(
            {
                "type": "heard",
                "at_s": round(elapsed, 2),
                "text": text,
                "full": full,
                "start_s": _rounded(start_s),
            }
        )

    def partial(self, elapsed: float, text: str, start_s: float | None = None) -> None:
        self.emit(
            {
                "type": "partial",
                "at_s": round(elapsed, 2),
                "text": text,
                "start_s": _rounded(start_s),
            }
        )

    def tick(self, elapsed: float, element: str, evidence: str | None) -> None:
        self.ticked[element] = elapsed
        self.emit(
            {"type": "tick", "element": element, "at_s": round(elapsed, 2), "evidence": evidence}
        )

    def warn(self, elapsed: float, flag: str, evidence: str) -> None:
        self.emit({"type": "warn", "flag": flag, "at_s": round(elapsed, 2), "evidence": evidence})

    def said(self, who: str, text: str, at_s: float) -> None:
        self.emit({"type": "said", "who": who, "text": text, "at_s": round(at_s, 2)})

    def end(self, message: str) -> None:
        self.status(message)


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 2)


class _LiveSocket:
    """One live session per socket, one at a time per server; the loop runs in a thread."""

    reason = "stop"

    def __init__(self, services: Services) -> None:
        self.services = services

    def session(self, start: dict, mic: SocketMicrophone, stop: StopButton, emit: Emit) -> dict:
        raise NotImplementedError

    async def run(self, websocket: WebSocket) -> None:
        await websocket.accept()
        if not self.services.live.acquire(blocking=False):
            await websocket.send_json({"type": "error", "error": BUSY})
            await websocket.close()
            return
        try:
            await self._serve(websocket)
        finally:
            self.services.live.release()

    async def _serve(self, websocket: WebSocket) -> None:
        try:
            start = json.loads(await asyncio.wait_for(websocket.receive_text(), START_TIMEOUT_S))
            rate = int(start.get("rate", SAMPLE_RATE))
            if not 8000 <= rate <= 192_000:
                raise ValueError(rate)
        except (asyncio.TimeoutError, WebSocketDisconnect):
            return
        except (ValueError, TypeError, AttributeError, KeyError):
            await websocket.send_json({"type": "error", "error": "bad start message"})
            await websocket.close()
            return
        loop = asyncio.get_running_loop()
        out: asyncio.Queue[Any] = asyncio.Queue()

        def emit(item: Any) -> None:
            loop.call_soon_threadsafe(out.put_nowait, item)

        stop = StopButton(self.reason)
        mic = SocketMicrophone(rate, emit)
        receiver = asyncio.create_task(self._receive(websocket, mic, stop))
        worker = asyncio.create_task(self._work(start, mic, stop, emit, out))
        connected = True
        while True:
            item = await out.get()
            if item is None:
                break
            if not connected:
                continue  # the page went away: let the loop finish, keep what was said
            try:
                if isinstance(item, bytes):
                    await websocket.send_bytes(item)
                else:
                    await websocket.send_json(item)
            except (WebSocketDisconnect, RuntimeError, OSError):
                connected = False
                stop.press()
        await worker
        receiver.cancel()
        if connected:
            try:
                await websocket.close()
            except (RuntimeError, OSError):
                pass

    async def _receive(self, websocket: WebSocket, mic: SocketMicrophone, stop: StopButton) -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                stop.press()
                return
            data = message.get("bytes")
            if data:
                pcm = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
                mic.push(pcm.astype(np.float32) / 32768.0)
            elif message.get("text"):
                try:
                    kind = json.loads(message["text"]).get("type")
                except (ValueError, AttributeError):
                    continue
                if kind == "stop":
                    stop.press()

    async def _work(
        self,
        start: dict,
        mic: SocketMicrophone,
        stop: StopButton,
        emit: Emit,
        out: asyncio.Queue[Any],
    ) -> None:
        try:
            event = await asyncio.to_thread(self.session, start, mic, stop, emit)
        except TrainerError as exc:
            event = {"type": "error", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - shown in the page, with the trace on stderr
            traceback.print_exc(file=sys.stderr)
            event = {
                "type": "error",
                "error": f"something went wrong ({type(exc).__name__}: "
                f"{exc}); the details are in the terminal running `trainer ui`",
            }
        out.put_nowait(event)
        out.put_nowait(None)


def _active_script() -> tuple[str | None, str | None]:
    from trainer.scripts import library

    active = library.active_text()
    return active if active else (None, None)


class PracticeSocket(_LiveSocket):
    """`trainer practice` in the page: Dana's hello (unless turned off), the take, the report.
    Start message: {"type": "start", "rate": N, "opening": true}."""

    reason = "stop button"

    def session(self, start: dict, mic: SocketMicrophone, stop: StopButton, emit: Emit) -> dict:
        from trainer import app
        from trainer.practice import OPENING_LINE, PracticeOptions

        display = SocketDisplay(emit)
        script_name, script = _active_script()
        # A damaged history stops us before any work; an unwritable one is told after.
        store, unsaved = app.open_history()
        try:
            speak = None
            if start.get("opening", True):
                settings = app.profile_settings("interviewee")
                line = self.services.synthesizer().synthesize(OPENING_LINE, settings)
                speaker = SocketSpeaker(emit, stop)

                def speak() -> None:
                    display.said("Dana", OPENING_LINE, 0.0)
                    speaker.play(line)

            kept = app.practice_take(
                mic,
                self.services.recognizer(),
                display,
                PracticeOptions(),
                script,
                speak,
                store,
                self.services.profile,
                stop=stop,
            )
        finally:
            if store is not None:
                store.close()
        report = kept.to_dict()
        report["script_name"] = script_name
        problems = ([unsaved] if unsaved else []) + kept.problems
        return {"type": "report", "report": report, "problems": problems}


class CallSocket(_LiveSocket):
    """`trainer call SCENARIO` in the page. Start message:
    {"type": "start", "rate": N, "scenario": NAME, "seed": N | null, "wait": S | null} (as
    the command's --seed and --wait). Only built-in
    scenarios: a page never names a file on this machine."""

    reason = "hung up"

    def session(self, start: dict, mic: SocketMicrophone, stop: StopButton, emit: Emit) -> dict:
        from trainer import app
        from trainer.calls import commands as call_commands
        from trainer.calls import scenario as sc
        from trainer.calls.session import CallOptions, LineBank, run_call

        name = str(start.get("scenario", ""))
        builtins = sc.builtin_paths()
        if name not in builtins:
            raise InputError(f"no scenario named '{name}' (built in: {', '.join(builtins)})")
        seed = start.get("seed")
        seed = int(seed) if isinstance(seed, int | float) else None
        options = CallOptions(seed=seed)
        wait = start.get("wait")
        if isinstance(wait, int | float) and 0.5 < wait <= 60:
            options.no_speech_timeout_s = float(wait)
        scenario = sc.load(builtins[name])
        planned = call_commands.planned_questions()
        display = SocketDisplay(emit)
        store, unsaved = app.open_history()
        try:
            recognizer = self.services.recognizer()
            display.status("Loading the speech model...")
            recognizer.load()
            lines = LineBank.for_scenario(self.services.synthesizer(), scenario)
            display.status(f"Calling ({scenario.name}): {scenario.description}")
            record = run_call(
                scenario,
                mic,
                SocketSpeaker(emit, stop),
                recognizer,
                lines,
                display,
                options,
                stop=stop,
            )
            display.end(f"Call ended ({record.ended_by}).")
            stamp = time.strftime("%Y%m%d-%H%M%S")
            record_to = app.unique_path(app.takes_dir() / f"call-{stamp}.wav")
            typed, kept = call_commands.keep_call(
                record, planned, store, self.services.profile, record_to
            )
            report = typed.to_dict()  # the page's JSON: the output edge
        finally:
            if store is not None:
                store.close()
        problems = ([unsaved] if unsaved else []) + kept
        return {"type": "report", "report": report, "problems": problems}
