"""A mock call shown on one clock: every line the terminal prints, the other side's and what
was heard of the caller, is timed in seconds since the call began, as the transcript is."""

from __future__ import annotations

import re

from tests.synthetic import EventDisplay, LoudnessVad, ToneRecognizer, ToneVoice
from trainer import practice
from trainer.audio.clip import Clip
from trainer.audio.stream import VirtualMicrophone
from trainer.calls.scenario import find
from trainer.calls.session import CallOptions, LineBank, SilentSpeaker, caller_turn, run_call
from trainer.speech.synthesizer import VoiceSettings
from trainer.speech.voices import VoiceProfile

TURNS = [
    "Hi, this is Jordan Lee. Could I speak to Dana Reyes, please?",
    "I'm a nursing student, and I'm calling to ask her for some advice about her career.",
]


class Silent:
    """Lines without text-to-speech: a second of silence plus a tenth per word."""

    def synthesize(self, text: str, voice: VoiceSettings | None = None) -> Clip:
        return Clip.silence(1.0 + 0.1 * len(text.split()))


def test_the_second_turn_is_timed_after_the_first_on_the_call_clock(monkeypatch):
    monkeypatch.setattr(practice, "StreamingVad", LoudnessVad)
    scenario = find("gatekeeper")
    voices = {c: VoiceProfile(c, "silent", {}) for c in scenario.characters}
    lines = LineBank(Silent(), voices, scenario.all_lines())
    voice = ToneVoice(" ".join(TURNS))
    mic = VirtualMicrophone(realtime=False)
    pending = [caller_turn(voice.say(text)) for text in TURNS]

    def next_turn() -> bool:
        if pending:
            mic.feed(pending.pop(0))
        return bool(pending) or mic.playing

    display = EventDisplay()
    record = run_call(
        scenario,
        mic,
        SilentSpeaker(),
        ToneRecognizer(voice),
        lines,
        display,
        CallOptions(seed=1, fast=True),
        next_turn,
        lambda: mic.playing,
    )
    callers = [t for t in record.turns if t.role == "caller"]
    assert [t.text for t in callers] == TURNS, record.turns
    heard = [(at_s, text) for kind, at_s, text in display.events if kind == "heard"]
    said = [at_s for kind, at_s, _ in display.events if kind == "said"]
    assert len(heard) == 2 and len(said) >= 2
    # Turn two is heard after the reply to turn one, which came after turn one was heard:
    # not on a clock that starts again every turn.
    assert heard[0][0] < said[1] < heard[1][0]
    assert heard[1][0] > callers[1].end_s > callers[1].start_s > said[1]
    starts = [start_s for kind, start_s in display.starts if kind == "heard"]
    assert starts == [round(t.start_s, 3) for t in callers]

    # The terminal prints them all on that clock, in the order they happened.
    printed = [float(m) for m in re.findall(r"^ *(\d+\.\d)s ", display.printed, re.M)]
    assert len(printed) >= len(heard) + len(said)
    assert printed == sorted(printed), display.printed
