"""Conditioning audio for recognition by what it is, before voice activity detection and decoding.

A take that went through a phone line (nothing above 4 kHz) is quiet, band-limited and noisy,
and faster-whisper's Silero VAD drops much of it: on 50 held-out phone-band takes it kept 94 %
of the speech on average but 54 % on the worst, and almost every word error was a deleted word
(tiny.en, 16.3 % WER). Band-passing such a take to 300-3400 Hz (what a phone line carries; the
rest is hum and hiss) and normalising it to -1 dBFS took that to 9.8 %; a sentence much
quieter than the rest (said away from the phone) is lifted too. A high-pass alone (53 %)
and spectral noise reduction (48 %) made it far worse, so neither is done. Wideband takes are
left as they are.

Then, on such takes, the VAD (with a lower threshold) is checked against the signal itself:
where it would leave out frames clearly above the noise floor (a quiet sentence between louder
ones), those stretches are added back to what it kept. (Turning the VAD off instead keeps the
words but not their times: tiny.en put a sentence said at 4.7 s at 1.3 s.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trainer.audio.clip import Clip
from trainer.audio.effects import fast_length, high_band_share

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
FRAME_S = 0.03  # frames for the voiced/kept comparison


@dataclass(frozen=True)
class Conditioned:
    """Audio ready to decode, and how faster-whisper's VAD is to be used on it."""

    clip: Clip
    narrowband: bool
    vad_filter: bool = True
    vad_parameters: dict = field(default_factory=dict)
    vad_coverage: float | None = None  # share of voiced frames the VAD keeps (None: not checked)
    # The stretches to decode ({"start", "end"} in samples, as faster-whisper's VAD gives
    # them), with vad_filter False: the VAD's own, plus the speech it would drop.
    speech_chunks: list[dict] | None = None


def is_narrowband(clip: Clip) -> bool:
    return band_share(clip) < NARROWBAND_SHARE


def condition(clip16: Clip, narrowband: bool | None = None, check_vad: bool = True) -> Conditioned:
    """`clip16` (16 kHz) conditioned for recognition. `narrowband` may be given when it was
    measured on a longer stretch (the whole take) than this clip (a window of it)."""
    if narrowband is None:
        narrowband = is_narrowband(clip16)
    params = dict(VAD_PARAMETERS)
    clip = clip16
    if narrowband:
        clip = levelled(band_passed(clip16, *PHONE_BAND_HZ))
        params["threshold"] = NARROWBAND_VAD_THRESHOLD
    if not narrowband or not check_vad:
        # Wideband takes keep the settings the clean corpus was tuned on (macro F1 0.99).
        return Conditioned(clip, narrowband, True, params)
    voiced, kept, spans = _voiced_and_kept(clip, params)
    coverage = _coverage(voiced, kept)
    if spans is None:
        return Conditioned(clip, narrowband, True, params, coverage)
    if coverage >= VAD_MIN_COVERAGE:
        # The VAD's own stretches, handed over so that it does not run a second time.
        return Conditioned(clip, narrowband, False, params, coverage, spans)
    pad = round(params["speech_pad_ms"] / 1000 / FRAME_S)
    bridge = round(params["min_silence_duration_ms"] / 1000 / FRAME_S)
    chunks = _chunks(kept | _dilated(voiced, pad), bridge, clip.rate)
    return Conditioned(clip, narrowband, False, params, coverage, chunks)


def band_passed(clip: Clip, low_hz: float, high_hz: float) -> Clip:
    """`clip` with only `low_hz`-`high_hz` kept, with 100 Hz skirts (a brick wall would ring)."""
    samples = clip.samples.astype(np.float64)
    size = fast_length(len(samples))  # zero-padded: fast, and no wrap-around at the ends
    spectrum = np.fft.rfft(samples, size)
    freqs = np.fft.rfftfreq(size, 1 / clip.rate)
    gain = np.clip((freqs - (low_hz - 100)) / 100, 0, 1) * np.clip(
        (high_hz + 100 - freqs) / 100, 0, 1
    )
    filtered = np.fft.irfft(spectrum * gain, size)[: len(samples)]
    return Clip(filtered.astype(np.float32), clip.rate)


def normalised(clip: Clip, peak: float = TARGET_PEAK) -> Clip:
    current = clip.peak()
    if current <= 0:
        return clip
    return Clip((clip.samples * (peak / current)).astype(np.float32), clip.rate)


def levelled(
    clip: Clip, peak: float = TARGET_PEAK, within_db: float = 10.0, most_db: float = 30.0
) -> Clip:
    """`clip` normalised to `peak`, and any stretch of sound (pauses under 0.7 s bridged) more
    than `within_db` under the loudest lifted to that (by at most `most_db`), the gain gliding
    across the pauses around it, never within a phrase: a sentence said away from the phone is
    then heard by the VAD and the model like the rest. Takes of one level are only normalised
    (lifting every phrase to the peak amplified the line noise: corpus phone F1 0.88 -> 0.87)."""
    voiced = voiced_frames(clip, FRAME_S)
    whole = normalised(clip, peak)
    if not voiced.any():
        return whole
    n = int(clip.rate * FRAME_S)
    phrases = _chunks(_dilated(voiced, 5), round(0.7 / FRAME_S), clip.rate)
    top_all = max(clip.peak(), 1e-9)
    floor = top_all * 10 ** (-within_db / 20)
    base = peak / top_all
    at, gains = [], []
    for p in phrases:
        top = float(np.max(np.abs(clip.samples[p["start"] : p["end"]]), initial=0.0))
        lift = min(max(floor / max(top, 1e-9), 1.0), 10 ** (most_db / 20))
        at.extend((p["start"] // n, max(p["start"] // n, p["end"] // n - 1)))
        gains.extend((base * lift, base * lift))
    if max(gains) <= base:
        return whole
    frame_gain = np.interp(np.arange(len(voiced)), at, gains)
    centres = np.arange(len(voiced)) * n + n / 2
    sample_gain = np.interp(np.arange(len(clip.samples)), centres, frame_gain)
    out = np.clip(clip.samples * sample_gain, -peak, peak)  # a stray click: clipped, no more
    return Clip(out.astype(np.float32), clip.rate)


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


def vad_coverage(clip: Clip, params: dict) -> float:
    """Share of the voiced frames that faster-whisper's VAD, run with `params`, would keep."""
    voiced, kept, _ = _voiced_and_kept(clip, params)
    return _coverage(voiced, kept)


def _voiced_and_kept(clip: Clip, params: dict) -> tuple[np.ndarray, np.ndarray, list[dict] | None]:
    """Per frame: voiced (model-free), and kept by the VAD; and the VAD's stretches (None
    when there is too little sound to judge, and the VAD is left to faster-whisper)."""
    voiced = voiced_frames(clip, FRAME_S)
    kept = np.zeros(len(voiced), dtype=bool)
    if voiced.sum() * FRAME_S < 0.3:
        return voiced, ~kept, None
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans = get_speech_timestamps(clip.samples, VadOptions(**params), sampling_rate=clip.rate)
    n = int(clip.rate * FRAME_S)
    for span in spans:
        kept[span["start"] // n : -(-span["end"] // n)] = True
    return voiced, kept, spans


def _coverage(voiced: np.ndarray, kept: np.ndarray) -> float:
    total = np.count_nonzero(voiced)
    return float(np.count_nonzero(voiced & kept)) / total if total else 1.0


def _dilated(mask: np.ndarray, by: int) -> np.ndarray:
    """`mask` grown by `by` frames each side."""
    if by <= 0 or not mask.any():
        return mask
    return np.convolve(mask.astype(np.int8), np.ones(2 * by + 1, dtype=np.int8), "same") > 0


def _chunks(mask: np.ndarray, bridge: int, rate: int) -> list[dict]:
    """Runs of `mask` as sample ranges, joining runs less than `bridge` frames apart."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    runs: list[list[int]] = []
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if runs and a - runs[-1][1] < bridge:
            runs[-1][1] = int(b)
        else:
            runs.append([int(a), int(b)])
    n = int(rate * FRAME_S)
    return [{"start": a * n, "end": b * n} for a, b in runs]


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
