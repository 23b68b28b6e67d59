"""bootstrap.py is the one place that picks the real adapters: no other module of the package
constructs a concrete microphone, speaker, recogniser or synthesiser, or plays and records on
the sound card itself. Read from the source (AST), so a new adapter class is covered as soon
as it is written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trainer"
BOOTSTRAP = "bootstrap.py"
DEVICE = "audio/device.py"

ADAPTER_NAME = re.compile(r"(Microphone|Speaker|Recognizer|Synthesizer)$")
# Adapters with nothing to choose, built where they are used (module, relative to trainer/):
ALLOWED = {
    # The web page's microphone and speaker are its socket: they exist only inside it.
    "SocketMicrophone": "web/sockets.py",
    "SocketSpeaker": "web/sockets.py",
    # One voice at a time, around the synthesiser bootstrap gives the server.
    "LockedSynthesizer": "web/services.py",
}
# What other modules may use of the sound-card module: its device list and its messages.
DEVICE_PUBLIC = {"list_devices", "NO_INPUT_HINT"}


def _modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text("utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


MODULES = _modules()


def _is_protocol(node: ast.ClassDef) -> bool:
    return any(getattr(b, "id", getattr(b, "attr", None)) == "Protocol" for b in node.bases)


def concrete_adapters(modules: dict[str, ast.Module]) -> set[str]:
    """Every class named like an adapter that is not an interface (a Protocol)."""
    return {
        node.name
        for tree in modules.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and ADAPTER_NAME.search(node.name)
        and not _is_protocol(node)
    }


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def constructions(modules: dict[str, ast.Module], adapters: set[str]) -> list[str]:
    """'module: Class' for every adapter built outside bootstrap.py (and its allowed home)."""
    found = []
    for name, tree in modules.items():
        if name == BOOTSTRAP:
            continue
        for node in ast.walk(tree):
            called = isinstance(node, ast.Call) and _called_name(node)
            if called in adapters and ALLOWED.get(called) != name:
                found.append(f"{name}:{node.lineno}: {called}(...)")
    return found


def device_uses(modules: dict[str, ast.Module]) -> list[str]:
    """'module: name' for every use of trainer.audio.device beyond its list and messages."""
    found = []
    for name, tree in modules.items():
        if name in (BOOTSTRAP, DEVICE):
            continue
        imports_module = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "trainer.audio.device":
                found += [
                    f"{name}:{node.lineno}: {a.name}"
                    for a in node.names
                    if a.name not in DEVICE_PUBLIC
                ]
            if isinstance(node, ast.ImportFrom) and node.module == "trainer.audio":
                imports_module = imports_module or any(a.name == "device" for a in node.names)
        if not imports_module:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "device"
                and node.attr not in DEVICE_PUBLIC
            ):
                found.append(f"{name}:{node.lineno}: device.{node.attr}")
    return found


def test_the_adapters_are_found():
    adapters = concrete_adapters(MODULES)
    assert {
        "DeviceMicrophone",
        "VirtualMicrophone",
        "DeviceSpeaker",
        "TimedSpeaker",
        "SilentSpeaker",
        "WhisperRecognizer",
        "Pyttsx3Synthesizer",
    } <= adapters
    assert "Microphone" not in adapters and "Speaker" not in adapters  # interfaces


def test_only_bootstrap_constructs_adapters():
    assert constructions(MODULES, concrete_adapters(MODULES)) == []


def test_only_bootstrap_and_the_device_module_touch_the_sound_card():
    assert device_uses(MODULES) == []


@pytest.mark.parametrize(
    "source,what",
    [
        ("from trainer.audio.device import DeviceMicrophone\nmic = DeviceMicrophone(None)\n", 2),
        ("from trainer.audio import device\ndevice.play(clip)\n", 1),
        ("from trainer.audio.stream import VirtualMicrophone\nVirtualMicrophone('t.wav')\n", 1),
        ("from trainer.audio import device\nspeaker = device.DeviceSpeaker()\n", 2),
    ],
)
def test_the_checks_catch_an_adapter_built_elsewhere(source, what):
    """The checks themselves can fail: an adapter built in a command is caught."""
    modules = {**MODULES, "cli.py": ast.parse(source)}
    caught = constructions(modules, concrete_adapters(MODULES)) + device_uses(modules)
    assert len([c for c in caught if c.startswith("cli.py")]) == what, caught


@pytest.fixture
def no_sound_card(monkeypatch):
    """As on a machine without an output device, whatever this one has."""
    from trainer.audio import device
    from trainer.errors import DeviceError

    def missing(spec=None):
        raise DeviceError("no audio output device found")

    monkeypatch.setattr(device, "DeviceSpeaker", missing)


def test_without_a_sound_card_a_call_is_shown_at_its_pace_after_saying_so(no_sound_card):
    from trainer import bootstrap
    from trainer.calls.session import SilentSpeaker, TimedSpeaker

    told = []
    speaker = bootstrap.speaker_or_none(paced=True, on_missing=lambda: told.append(1))
    assert isinstance(speaker, TimedSpeaker) and told == [1]
    assert isinstance(bootstrap.speaker_or_none(), SilentSpeaker)


def test_a_named_speaker_that_is_missing_is_an_error(no_sound_card):
    from trainer import bootstrap
    from trainer.errors import DeviceError

    with pytest.raises(DeviceError):
        bootstrap.speaker_or_none("hdmi", paced=True)


def test_a_mic_file_is_played_into_the_microphone_path(tmp_path):
    from trainer import bootstrap
    from trainer.audio.clip import Clip
    from trainer.audio.files import write_wav
    from trainer.audio.stream import VirtualMicrophone

    take = write_wav(tmp_path / "take.wav", Clip.silence(0.5))
    mic = bootstrap.microphone("no-such-device", file=take)
    assert isinstance(mic, VirtualMicrophone) and mic.realtime and mic.playing
