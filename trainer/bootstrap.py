"""The one place that picks the real adapters: speech model, voice engine, microphones and
speakers. Commands and use cases are handed what these return (tests hand them fakes), and
tests/test_bootstrap.py fails if a concrete adapter is constructed anywhere else.

The sound-card and call modules are imported inside the functions that need them, so a
command that only reads a file never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.speech.recognizer import Recognizer, WhisperRecognizer
from trainer.speech.synthesizer import Pyttsx3Synthesizer, Synthesizer

if TYPE_CHECKING:
    from trainer.audio.stream import Microphone, VirtualMicrophone
    from trainer.calls.session import Speaker


def recognizer(model: str | None = None, replays: bool = False) -> Recognizer:
    return WhisperRecognizer(model, replays=replays)


def synthesizer() -> Synthesizer:
    return Pyttsx3Synthesizer()


def microphone(device: str | None = None, file: str | Path | None = None) -> Microphone:
    """The sound card's input (`device`, else the default; DeviceError when there is none),
    or, given a `file`, that recording played into the same path in real time."""
    if file:
        return virtual_microphone(file)
    from trainer.audio.device import DeviceMicrophone

    return DeviceMicrophone(device)


def virtual_microphone(
    source: str | Path | None = None, realtime: bool = True
) -> VirtualMicrophone:
    """A microphone the program speaks into: a recording, or turns `feed`-ed to it later
    (the demo's sample, a mock call's recorded turns); `realtime=False` for --fast."""
    from trainer.audio.stream import VirtualMicrophone

    return VirtualMicrophone(source, realtime=realtime)


def speaker(device: str | None = None) -> Speaker:
    """The sound card's output (`device`, else the default); DeviceError when there is none."""
    from trainer.audio.device import DeviceSpeaker

    return DeviceSpeaker(device)


def no_speaker(paced: bool = False) -> Speaker:
    """Lines are shown, not heard. `paced`: wait as long as each line lasts, so a call keeps
    its conversational timing; else return at once (--fast, or nothing to keep in time)."""
    from trainer.calls.session import SilentSpeaker, TimedSpeaker

    return TimedSpeaker() if paced else SilentSpeaker()


def speaker_or_none(
    device: str | None = None,
    paced: bool = False,
    on_missing: Callable[[], None] | None = None,
) -> Speaker:
    """The sound card's output; when there is none and none was named, `no_speaker(paced)`
    (after `on_missing`, to say so). A named `device` that is missing is an error."""
    from trainer.errors import DeviceError

    try:
        return speaker(device)
    except DeviceError:
        if device:
            raise
    if on_missing is not None:
        on_missing()
    return no_speaker(paced)
