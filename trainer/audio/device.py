"""Sound hardware. The only module that imports sounddevice (and so needs libportaudio)."""

from __future__ import annotations

from trainer.audio.clip import Clip
from trainer.errors import DeviceError


def _sd():
    try:
        import sounddevice  # noqa: PLC0415 - loads libportaudio; only when hardware is used
    except OSError:
        raise DeviceError(
            "audio devices need PortAudio: install libportaudio2 (Debian/Ubuntu) or portaudio"
        ) from None
    except ImportError:
        raise DeviceError("audio devices need sounddevice: pip install sounddevice") from None
    return sounddevice


def output_device() -> dict:
    """The default output device, or DeviceError when there is none (e.g. no sound card)."""
    sd = _sd()
    try:
        return dict(sd.query_devices(kind="output"))
    except (sd.PortAudioError, ValueError):
        raise DeviceError("no audio output device found") from None


def play(clip: Clip) -> None:
    """Play and wait until done."""
    sd = _sd()
    device = output_device()
    rate = int(device.get("default_samplerate") or clip.rate)
    try:
        sd.play(clip.resampled(rate).samples, rate, blocking=True)
    except sd.PortAudioError as exc:
        raise DeviceError(f"could not play audio: {exc}") from None
