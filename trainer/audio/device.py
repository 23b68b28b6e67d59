"""Sound hardware. The only module that imports sounddevice (and so needs libportaudio)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.stream import BLOCK, LinearResampler
from trainer.errors import DeviceError

NO_INPUT_HINT = (
    "no microphone found (no input device): use `trainer practice --mic-file TAKE.wav` to "
    "practise with a recording, or `trainer score TAKE.wav`"
)


def _sd():
    try:
        import sounddevice  # loads libportaudio; only when hardware is used
    except OSError:
        raise DeviceError(
            "audio devices need PortAudio: install libportaudio2 (Debian/Ubuntu) or portaudio"
        ) from None
    except ImportError:
        raise DeviceError("audio devices need sounddevice: pip install sounddevice") from None
    return sounddevice


def list_devices() -> list[dict]:
    """Every device PortAudio knows, with index, name, channels and default rate."""
    sd = _sd()
    try:
        devices = sd.query_devices()
    except sd.PortAudioError:
        return []
    out = []
    for i, d in enumerate(devices):
        out.append(
            {
                "index": i,
                "name": d["name"],
                "inputs": int(d["max_input_channels"]),
                "outputs": int(d["max_output_channels"]),
                "default_samplerate": float(d["default_samplerate"]),
            }
        )
    return out


def _find(kind: str, spec: str | None) -> dict:
    sd = _sd()
    if spec is None:
        try:
            return dict(sd.query_devices(kind=kind))
        except (sd.PortAudioError, ValueError):
            if kind == "input":
                raise DeviceError(NO_INPUT_HINT) from None
            raise DeviceError("no audio output device found") from None
    key = "inputs" if kind == "input" else "outputs"
    candidates = [d for d in list_devices() if d[key] > 0]
    for d in candidates:
        if spec.isdigit() and d["index"] == int(spec) or spec.lower() in d["name"].lower():
            return d
    names = ", ".join(f"{d['index']}: {d['name']}" for d in candidates) or "none"
    raise DeviceError(f"no {kind} device matches '{spec}' (available: {names})")


def output_device(spec: str | None = None) -> dict:
    """The output device to use, or DeviceError when there is none (e.g. no sound card)."""
    return _find("output", spec)


def input_device(spec: str | None = None) -> dict:
    return _find("input", spec)


def play(clip: Clip, device: str | None = None) -> None:
    """Play and wait until done."""
    sd = _sd()
    out = output_device(device)
    rate = int(out.get("default_samplerate") or clip.rate)
    try:
        sd.play(clip.resampled(rate).samples, rate, blocking=True, device=out.get("index"))
    except sd.PortAudioError as exc:
        raise DeviceError(f"could not play audio: {exc}") from None


class DeviceSpeaker:
    """An output device; fails at construction when there is none."""

    audible = True

    def __init__(self, device: str | None = None):
        self.device = device
        output_device(device)

    def play(self, clip: Clip) -> None:
        play(clip, self.device)


class DeviceMicrophone:
    """A real input device, recorded at its native rate and resampled to 16 kHz blocks."""

    def __init__(self, device: str | None = None):
        self.info = input_device(device)
        self.native_rate = int(self.info.get("default_samplerate") or SAMPLE_RATE)
        self.rate = SAMPLE_RATE
        self.muted = False
        self._stream = None
        self._resampler = LinearResampler(self.native_rate, SAMPLE_RATE)
        self._pending = np.zeros(0, np.float32)

    def start(self, on_block: Callable[[np.ndarray], None]) -> None:
        sd = _sd()

        def callback(indata, frames, time_info, status):  # runs on PortAudio's thread
            mono = indata[:, 0].astype(np.float32)
            if self.muted:
                mono = np.zeros_like(mono)
            self._pending = np.concatenate([self._pending, self._resampler.process(mono)])
            while len(self._pending) >= BLOCK:
                on_block(self._pending[:BLOCK].copy())
                self._pending = self._pending[BLOCK:]

        try:
            self._stream = sd.InputStream(
                device=self.info.get("index"),
                channels=1,
                samplerate=self.native_rate,
                blocksize=int(self.native_rate * BLOCK / SAMPLE_RATE),
                callback=callback,
            )
            self._stream.start()
        except sd.PortAudioError as exc:
            raise DeviceError(f"could not open the microphone: {exc}") from None

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
