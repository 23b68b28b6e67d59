"""Audio in and out: the clip type, files, effects and (in device.py only) sound hardware."""

from trainer.audio.clip import SAMPLE_RATE, Clip

__all__ = ["SAMPLE_RATE", "Clip"]
