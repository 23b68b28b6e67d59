"""pyttsx3 through the espeak driver is quirky; these pin down what trainer relies on."""

from __future__ import annotations

import contextlib
import io
import threading
import time

from trainer.speech.synthesizer import Pyttsx3Synthesizer, VoiceSettings
from trainer.speech.voices import profile

LONG = (
    "Hi, my name is Jordan Lee. I'm a final-year marketing student at State University, and "
    "Professor Ellis suggested I call you. I'm exploring a career in user research and would "
    "love to learn about your experience in the field. Would you have ten minutes?"
)


def test_long_line_is_rendered_completely_and_quietly():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        clip = Pyttsx3Synthesizer().synthesize(LONG, VoiceSettings(rate=170))
    # ~45 words at 170 wpm is ~16 s; a truncated or missing file would be far shorter.
    assert 10 < clip.duration < 30
    assert clip.rms() > 0.01
    assert out.getvalue() == ""


def test_main_thread_prints_reach_stdout_while_another_thread_synthesises(capsys):
    """The pre-render thread synthesises while the main thread reports: nothing it prints may
    be swallowed (the old stdout capture swapped sys.stdout for the whole process)."""
    synth = Pyttsx3Synthesizer()
    worker = threading.Thread(target=lambda: [synth.synthesize(LONG) for _ in range(4)])
    worker.start()
    printed = []
    while worker.is_alive():
        printed.append(f"marker-{len(printed)}")
        print(printed[-1])
        time.sleep(0.001)
    worker.join()
    out = capsys.readouterr().out
    assert len(printed) > 20  # the prints overlapped the synthesis
    assert out.split() == printed  # every one arrived, and nothing of the driver's did


def test_repeated_lines_and_rates():
    """A long line leaves espeak busy; the next rate change must still apply at once."""
    synth = Pyttsx3Synthesizer()
    synth.synthesize(LONG, VoiceSettings(rate=170))
    slow = synth.synthesize("Is now a good time to talk?", VoiceSettings(rate=120))
    fast = synth.synthesize("Is now a good time to talk?", VoiceSettings(rate=220))
    assert slow.duration > fast.duration * 1.3


def test_caller_profile_loads_and_speaks():
    voice = profile("caller")
    clip = Pyttsx3Synthesizer().synthesize("Hello there.", voice.settings())
    assert clip.duration > 0.3


def test_synthesised_speech_is_recognised(recognizer):
    clip = Pyttsx3Synthesizer().synthesize("My name is Jordan Lee.", VoiceSettings(rate=150))
    text = recognizer.transcribe(clip).text.lower()
    assert "jordan" in text and "name" in text
