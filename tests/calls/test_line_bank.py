"""The line pre-renderer stops with the call: its thread is joined, within a bound."""

from __future__ import annotations

import threading
import time

from trainer.audio.clip import Clip
from trainer.calls.session import LineBank
from trainer.speech.synthesizer import VoiceSettings
from trainer.speech.voices import VoiceProfile

VOICE = VoiceProfile("plain", "", {})


class _SlowSynth:
    """Each line takes `seconds`, or until `gate` opens; notes when each line finished."""

    def __init__(self, seconds: float = 0.0, gate: threading.Event | None = None):
        self.seconds = seconds
        self.gate = gate
        self.started: list[str] = []
        self.finished: list[tuple[str, float]] = []

    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip:
        self.started.append(text)
        if self.gate is not None:
            self.gate.wait(10)
        time.sleep(self.seconds)
        self.finished.append((text, time.monotonic()))
        return Clip.silence(0.1)


def _bank(synth: _SlowSynth, n: int) -> LineBank:
    return LineBank(synth, {"pat": VOICE}, [("pat", f"line {i}") for i in range(n)])


def test_close_waits_for_the_line_being_rendered_and_renders_no_more():
    synth = _SlowSynth(seconds=0.2)
    bank = _bank(synth, 20)
    bank.start([("pat", "line 0")])
    deadline = time.monotonic() + 5
    while len(synth.started) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    bank.close()
    closed_at = time.monotonic()
    assert not bank._thread.is_alive()
    assert all(at <= closed_at for _, at in synth.finished)  # nothing rendered after close
    assert len(synth.started) < 20


def test_close_gives_up_on_a_line_that_never_ends():
    gate = threading.Event()
    synth = _SlowSynth(gate=gate)
    bank = _bank(synth, 3)
    bank.start([])
    start = time.monotonic()
    bank.close(timeout=0.2)
    assert time.monotonic() - start < 2
    gate.set()
    bank._thread.join(5)
    assert synth.started == ["line 0"]  # stopped after the line it was on
