"""Reading any audio file into a Clip (via PyAV, which faster-whisper already depends on) and
writing WAV files. Every failure becomes an InputError that names the file."""

from __future__ import annotations

import os
import tempfile
import wave
from pathlib import Path

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.errors import InputError, StorageError

MIN_SECONDS = 0.5
# The longest take trainer scores. An intro is about a minute; 15 minutes leaves room for a
# whole practice call, and keeps decoding time and memory bounded (README: Limits).
MAX_SECONDS = 15 * 60
# Below this a recording cannot hold speech: at a 2 kHz sample rate nothing above 1 kHz
# survives, and Whisper invents text from what is left. Phone audio is 8 kHz.
MIN_SOURCE_RATE = 4000


def load_audio(path: str | Path, rate: int = SAMPLE_RATE, max_seconds: float = MAX_SECONDS) -> Clip:
    """Decode, mix down to mono and resample. Raises InputError with a one-line reason; a
    take over `max_seconds` or sampled below MIN_SOURCE_RATE is refused before decoding."""
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
    samples = _decode(p, rate, max_seconds)
    clip = Clip(samples, rate)
    if clip.duration < MIN_SECONDS:
        raise InputError(
            f"{p}: too short ({clip.duration:.2f} s): record at least a sentence or two"
        )
    if not np.all(np.isfinite(clip.samples)):
        raise InputError(f"{p}: the audio data is damaged (not-a-number samples)")
    return clip


def too_long(path: Path | str, seconds: float | None, max_seconds: float = MAX_SECONDS) -> str:
    length = f"{seconds / 60:.0f} minutes" if seconds else "too long"
    return (
        f"{path}: {length}: trainer scores takes of up to {max_seconds / 60:g} minutes (an "
        "intro is about one); cut out the part to score"
    )


def _check_stream(path: Path, container, stream, max_seconds: float) -> None:
    """Refuse from the header alone, before any decoding: too long, or too low a rate."""
    source_rate = stream.rate or stream.codec_context.sample_rate
    if source_rate and source_rate < MIN_SOURCE_RATE:
        raise InputError(
            f"{path}: sampled at {source_rate} Hz, too low to hold speech (trainer needs at "
            f"least {MIN_SOURCE_RATE} Hz; phone audio is 8000): record or export at 16 kHz"
        )
    seconds = None
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        seconds = container.duration / 1_000_000  # av.time_base
    if seconds is not None and seconds > max_seconds + 1:
        raise InputError(too_long(path, seconds, max_seconds))


def _decode(path: Path, rate: int, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    try:
        import av  # heavy, only needed when decoding
    except ImportError:  # pragma: no cover - av comes with faster-whisper
        raise InputError("audio decoding needs PyAV: pip install av") from None
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InputError(f"{path}: no audio in this file")
            stream = container.streams.audio[0]
            _check_stream(path, container, stream, max_seconds)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
            chunks: list[np.ndarray] = []
            # Headers can lie or be missing: the decoded length is bounded too.
            budget, got = int((max_seconds + 1) * rate), 0
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray().reshape(-1))
                        got += len(chunks[-1])
                    if got > budget:
                        raise InputError(too_long(path, None, max_seconds))
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
    pcm = (np.clip(clip.samples, -1.0, 1.0) * 32767.0).astype("<i2")
    return _write_pcm(Path(path), pcm, 1, clip.rate)


def write_stereo_wav(path: str | Path, left: Clip, right: Clip) -> Path:
    """Two clips side by side (e.g. caller and other side); the shorter one is padded."""
    right = right.resampled(left.rate)
    n = max(len(left.samples), len(right.samples))
    frames = np.zeros((n, 2), np.float32)
    frames[: len(left.samples), 0] = left.samples
    frames[: len(right.samples), 1] = right.samples
    return _write_pcm(Path(path), (np.clip(frames, -1, 1) * 32767.0).astype("<i2"), 2, left.rate)


def _write_pcm(p: Path, pcm: np.ndarray, channels: int, rate: int) -> Path:
    """All or nothing: a full disk leaves no partial file behind, and the old file (if any)
    untouched; the failure is a StorageError naming the file."""
    tmp: Path | None = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(channels)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.tobytes())
        os.chmod(tmp, 0o644)
        tmp.replace(p)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise StorageError(f"{p}: cannot write the audio ({exc.strerror or exc})") from None
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    return p
