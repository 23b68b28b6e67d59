"""Conditioning audio for recognition by what it is, before voice activity detection and decoding.

A take that went through a phone line (nothing above 4 kHz) is quiet, band-limited and noisy,
and faster-whisper's Silero VAD drops much of it: on 50 held-out phone-band takes it kept 94 %
of the speech on average but 54 % on the worst, and almost every word error was a deleted word
(tiny.en, 16.3 % WER). Band-passing such a take to 300-3400 Hz (what a phone line carries; the
rest is hum and hiss) and normalising it to -1 dBFS took that to 9.8 %. A high-pass alone (53 %)
and spectral noise reduction (48 %) made it far worse, so neither is done. Wideband takes are
left as they are.

Then, on such takes, the VAD (with a lower threshold) is checked against the signal itself:
where it would leave out frames clearly above the noise floor (a quiet sentence between louder
ones), decoding runs without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trainer.audio.clip import Clip
from trainer.audio.effects import high_band_share

NARROWBAND_SHARE = 1e-3  # energy share above 4 kHz below this: the take went through a phone line
PHONE_BAND_HZ = (300.0, 3400.0)
TARGET_PEAK = 10 ** (-1 / 20)  # -1 dBFS
# VAD settings: long pauses inside a sentence stay inside one chunk, and a chunk is padded so
# that no word's edge is cut. Narrowband speech scores lower with Silero, so its bar is lower.
VAD_PARAMETERS = {"min_silence_duration_ms": 700, "speech_pad_ms": 300}
NARROWBAND_VAD_THRESHOLD = 0.35
# The VAD must keep this share of the voiced frames, or decoding runs without it.
VAD_MIN_COVERAGE = 0.9
LONG_TAKE_S = 90.0


@dataclass(frozen=True)
class Conditioned:
    """Audio ready to decode, and how faster-whisper's VAD is to be used on it."""

    clip: Clip
    narrowband: bool
    vad_filter: bool = True
    vad_parameters: dict = field(default_factory=dict)
    vad_coverage: float | None = None  # share of voiced frames the VAD keeps (None: not checked)


def is_narrowband(clip: Clip) -> bool:
    return band_share(clip) < NARROWBAND_SHARE


def condition(clip16: Clip, narrowband: bool | None = None, check_vad: bool = True
              ) -> Conditioned:  # fmt: skip
    """`clip16` (16 kHz) conditioned for recognition. `narrowband` may be given when it was
    measured on a longer stretch (the whole take) than this clip (a window of it)."""
    if narrowband is None:
        narrowband = is_narrowband(clip16)
    params = dict(VAD_PARAMETERS)
    clip = clip16
    if narrowband:
        clip = normalised(band_passed(clip16, *PHONE_BAND_HZ))
        params["threshold"] = NARROWBAND_VAD_THRESHOLD
    if not narrowband or not check_vad:
        # Wideband takes keep the settings the clean corpus was tuned on (macro F1 0.99).
        return Conditioned(clip, narrowband, True, params)
    coverage = vad_coverage(clip, params)
    return Conditioned(clip, narrowband, coverage >= VAD_MIN_COVERAGE, params, coverage)


def band_passed(clip: Clip, low_hz: float, high_hz: float) -> Clip:
    """`clip` with only `low_hz`-`high_hz` kept, with 100 Hz skirts (a brick wall would ring)."""
    samples = clip.samples.astype(np.float64)
    spectrum = np.fft.rfft(samples)
    freqs = np.fft.rfftfreq(len(samples), 1 / clip.rate)
    gain = np.clip((freqs - (low_hz - 100)) / 100, 0, 1) * np.clip(
        (high_hz + 100 - freqs) / 100, 0, 1
    )
    return Clip(np.fft.irfft(spectrum * gain, len(samples)).astype(np.float32), clip.rate)


def normalised(clip: Clip, peak: float = TARGET_PEAK) -> Clip:
    current = clip.peak()
    if current <= 0:
        return clip
    return Clip((clip.samples * (peak / current)).astype(np.float32), clip.rate)


def voiced_frames(clip: Clip, frame_s: float = 0.03, min_run_s: float = 0.15) -> np.ndarray:
    """Per `frame_s` frame: clearly above the noise floor (15 dB over the quietest tenth of the
    take, and no more than 60 dB under its loudest frame), in runs of at least `min_run_s` so
    that clicks do not count. Model-free: what any listener would call sound."""
    n = int(clip.rate * frame_s)
    frames = len(clip.samples) // n
    if frames == 0:
        return np.zeros(0, dtype=bool)
    rms = np.sqrt(np.mean(np.square(clip.samples[: frames * n].reshape(frames, n)), axis=1))
    floor = float(np.percentile(rms, 10))
    threshold = max(floor * 5.6, float(np.max(rms)) * 10 ** (-60 / 20), 1e-5)
    voiced = rms > threshold
    run = max(1, round(min_run_s / frame_s))
    edges = np.flatnonzero(np.diff(np.concatenate(([0], voiced.astype(np.int8), [0]))))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a < run:
            voiced[a:b] = False
    return voiced


def vad_coverage(clip: Clip, params: dict, frame_s: float = 0.03) -> float:
    """Share of the voiced frames that faster-whisper's VAD, run with `params`, would keep."""
    voiced = voiced_frames(clip, frame_s)
    if voiced.sum() * frame_s < 0.3:
        return 1.0  # too little sound to judge: leave the VAD on
    from faster_whisper.vad import VadOptions, get_speech_timestamps  # noqa: PLC0415

    spans = get_speech_timestamps(clip.samples, VadOptions(**params), sampling_rate=clip.rate)
    kept = np.zeros(len(voiced), dtype=bool)
    n = int(clip.rate * frame_s)
    for span in spans:
        kept[span["start"] // n : -(-span["end"] // n)] = True
    return float(np.count_nonzero(voiced & kept)) / float(np.count_nonzero(voiced))


def band_share(clip: Clip, above_hz: float = 4000.0, frame: int = 2048) -> float:
    """Share of the signal's energy above `above_hz`, averaged over frames so that long
    takes cost little memory: about 0 for a phone line's 4 kHz, 0.4-5% for wideband speech."""
    if len(clip.samples) <= LONG_TAKE_S * clip.rate:
        return high_band_share(clip, above_hz)  # one FFT, as the thresholds were measured
    if clip.rate <= 2 * above_hz:
        return 0.0
    usable = len(clip.samples) // frame * frame
    frames = clip.samples[:usable].reshape(-1, frame)
    freqs = np.fft.rfftfreq(frame, 1 / clip.rate)
    window = np.hanning(frame)
    high = total = 0.0
    for i in range(0, len(frames), 512):  # a block of frames at a time: bounded memory
        power = np.abs(np.fft.rfft(frames[i : i + 512] * window, axis=1)) ** 2
        total += float(power.sum())
        high += float(power[:, freqs > above_hz].sum())
    return high / total if total > 0 else 0.0
