"""Reading any audio file into a Clip (via PyAV, which faster-whisper already depends on) and
writing WAV files. Every failure becomes an InputError that names the file."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.errors import InputError

MIN_SECONDS = 0.5


def load_audio(path: str | Path, rate: int = SAMPLE_RATE) -> Clip:
    """Decode, mix down to mono and resample. Raises InputError with a one-line reason."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not an audio file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{p}: the file is empty")
    samples = _decode(p, rate)
    clip = Clip(samples, rate)
    if clip.duration < MIN_SECONDS:
        raise InputError(
            f"{p}: too short ({clip.duration:.2f} s): record at least a sentence or two"
        )
    if not np.all(np.isfinite(clip.samples)):
        raise InputError(f"{p}: the audio data is damaged (not-a-number samples)")
    return clip


def _decode(path: Path, rate: int) -> np.ndarray:
    try:
        import av  # noqa: PLC0415 - heavy, only needed when decoding
    except ImportError:  # pragma: no cover - av comes with faster-whisper
        raise InputError("audio decoding needs PyAV: pip install av") from None
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InputError(f"{path}: no audio in this file")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
            chunks: list[np.ndarray] = []
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray().reshape(-1))
            except av.error.FFmpegError:
                # A truncated or partly damaged file: keep what decoded, if anything.
                if not chunks:
                    raise
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except InputError:
        raise
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).split(":")[0] or type(exc).__name__
        raise InputError(f"{path}: not a readable audio file ({reason.strip()})") from None
    if not chunks:
        raise InputError(f"{path}: no audio could be decoded (empty or damaged file)")
    data = np.concatenate(chunks).astype(np.float32) / 32768.0
    return data


def write_wav(path: str | Path, clip: Clip) -> Path:
    """16-bit PCM WAV, written to a temporary name then renamed so a crash never leaves half."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".part")
    pcm = (np.clip(clip.samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(clip.rate)
        w.writeframes(pcm.tobytes())
    tmp.replace(p)
    return p


def write_stereo_wav(path: str | Path, left: Clip, right: Clip) -> Path:
    """Two clips side by side (e.g. caller and other side); the shorter one is padded."""
    right = right.resampled(left.rate)
    n = max(len(left.samples), len(right.samples))
    frames = np.zeros((n, 2), np.float32)
    frames[: len(left.samples), 0] = left.samples
    frames[: len(right.samples), 1] = right.samples
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".part")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(left.rate)
        w.writeframes((np.clip(frames, -1, 1) * 32767.0).astype("<i2").tobytes())
    tmp.replace(p)
    return p
