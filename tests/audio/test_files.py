"""load_audio on real encoded files (made here with PyAV's own ffmpeg encoders), write_wav and
Clip.resampled. No mocks: every file is encoded, written to disk and decoded again."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.files import load_audio, write_stereo_wav, write_wav
from trainer.errors import InputError

FREQ = 440.0
LEAD_S = 0.5  # silence before the tone, to check the timing survives decoding
TONE_S = 1.5
TOTAL_S = LEAD_S + TONE_S
AMP = 0.5
DURATION_TOL = 0.05
RATES = [8000, 22050, 44100, 48000]


def _encoder(*names: str) -> str | None:
    """The first of `names` that this PyAV build can encode with, or None."""
    for name in names:
        try:
            av.codec.Codec(name, "w")
        except Exception:  # noqa: BLE001 - PyAV raises several types for "no such encoder"
            continue
        return name
    return None


MP3 = _encoder("libmp3lame", "mp3")
AAC = _encoder("aac", "libfdk_aac")
OPUS = _encoder("libopus", "opus")
VORBIS = _encoder("libvorbis", "vorbis")

# (format, extension, codec, extra encoder options, rates, channel layouts)
# "left"/"right": stereo with the tone on that channel only and the other channel silent.
ALL_LAYOUTS = ["mono", "left", "right"]
FORMATS = [
    ("wav", "wav", "pcm_s16le", {}, RATES, ALL_LAYOUTS),
    ("wav", "wav", "pcm_s24le", {}, [48000], ["mono", "right"]),
    ("wav", "wav", "pcm_f32le", {}, [44100], ["mono", "left"]),
    ("wav", "wav", "pcm_u8", {}, [8000], ["mono"]),
    ("flac", "flac", "flac", {}, RATES, ALL_LAYOUTS),
    ("mp3", "mp3", MP3, {}, RATES, ["mono", "right"]),
    ("ipod", "m4a", AAC, {}, RATES, ["mono", "right"]),
    # Opus only encodes at 8/12/16/24/48 kHz.
    ("ogg", "ogg", OPUS, {}, [8000, 48000], ["mono", "right"]),
    # ffmpeg's own Vorbis encoder is experimental and stereo-only; libvorbis does anything.
    (
        "ogg",
        "ogg",
        VORBIS,
        {"strict": "experimental"} if VORBIS == "vorbis" else {},
        [22050, 44100],
        ["left", "right"] if VORBIS == "vorbis" else ["mono", "right"],
    ),
]


def _cases():
    return list(_iter_cases())


def _iter_cases():
    for fmt, ext, codec, options, rates, layouts in FORMATS:
        for rate in rates:
            for layout in layouts:
                marks = []
                if codec is None:
                    marks.append(pytest.mark.skip(reason=f"no {ext} encoder in this PyAV"))
                yield pytest.param(
                    fmt,
                    ext,
                    codec,
                    options,
                    rate,
                    layout,
                    id=f"{ext}-{codec}-{rate}-{layout}",
                    marks=marks,
                )


def tone(rate: int, freq: float = FREQ, seconds: float = TONE_S, lead: float = LEAD_S):
    """`lead` seconds of silence, then a sine of amplitude AMP."""
    t = np.arange(int(round(seconds * rate))) / rate
    sine = AMP * np.sin(2 * np.pi * freq * t)
    return np.concatenate([np.zeros(int(round(lead * rate))), sine]).astype(np.float32)


def encode(path: Path, fmt: str, codec: str, rate: int, layout: str, options=None) -> Path:
    """Write `tone(rate)` to `path` with a real ffmpeg encoder, in 1000-sample frames."""
    mono = (tone(rate) * 32767).astype(np.int16)
    if layout == "mono":
        planes = mono[None, :]
        av_layout = "mono"
    else:
        planes = np.zeros((2, len(mono)), np.int16)
        planes[0 if layout == "left" else 1] = mono
        av_layout = "stereo"
    interleaved = np.ascontiguousarray(planes.T).reshape(1, -1)
    channels = planes.shape[0]
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout=av_layout, options=options or {})
        for start in range(0, len(mono), 1000):
            chunk = interleaved[:, start * channels : (start + 1000) * channels]
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout=av_layout)
            frame.rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def dominant_hz(clip: Clip) -> float:
    x = clip.samples.astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spectrum)) * clip.rate / len(x)


def tone_energy_share(clip: Clip, freq: float = FREQ, width: float = 15.0) -> float:
    """Share of the spectral energy within `width` Hz of `freq` (1.0: a pure tone)."""
    x = clip.samples.astype(np.float64)
    power = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    hz = np.fft.rfftfreq(len(x), 1 / clip.rate)
    return float(power[np.abs(hz - freq) <= width].sum() / power.sum())


def onset_s(clip: Clip, threshold: float = 0.05) -> float:
    """When the smoothed level first reaches `threshold`."""
    win = max(1, clip.rate // 200)  # 5 ms
    level = np.convolve(np.abs(clip.samples), np.ones(win) / win, mode="same")
    above = np.flatnonzero(level >= threshold)
    assert len(above), "the tone never shows up"
    return float(above[0]) / clip.rate


# --- load_audio: every format, rate and channel layout ------------------------------------------


@pytest.mark.parametrize(("fmt", "ext", "codec", "options", "rate", "layout"), _cases())
def test_load_audio_decodes_to_16k_mono_float(tmp_path, fmt, ext, codec, options, rate, layout):
    path = encode(tmp_path / f"tone.{ext}", fmt, codec, rate, layout, options)

    clip = load_audio(path)

    assert clip.rate == SAMPLE_RATE
    assert clip.samples.dtype == np.float32
    assert clip.samples.ndim == 1
    assert abs(clip.duration - TOTAL_S) <= DURATION_TOL, clip.duration
    assert np.all(np.isfinite(clip.samples))
    assert clip.peak() <= 1.0
    # The tone is there, at its frequency, and nearly all the energy is in it.
    assert abs(dominant_hz(clip) - FREQ) < 3.0
    assert tone_energy_share(clip) > 0.9
    # Not lost in the mix-down: a tone on one stereo channel keeps at least half its level.
    body = clip.samples[int((LEAD_S + 0.2) * SAMPLE_RATE) : int((TOTAL_S - 0.2) * SAMPLE_RATE)]
    tone_rms = AMP / np.sqrt(2)
    expected = tone_rms if layout == "mono" else tone_rms / 2
    assert float(np.sqrt(np.mean(body.astype(np.float64) ** 2))) > 0.7 * expected
    # The silence stays silent and the tone starts on time (encoder delay is removed).
    lead = clip.samples[: int((LEAD_S - 0.06) * SAMPLE_RATE)]
    assert float(np.max(np.abs(lead))) < 0.02
    assert abs(onset_s(clip) - LEAD_S) <= DURATION_TOL


def test_load_audio_passes_a_16k_wav_through_unchanged(tmp_path):
    rng = np.random.default_rng(7)
    pcm = rng.integers(-20000, 20000, SAMPLE_RATE, dtype=np.int16)
    path = tmp_path / "plain.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())

    clip = load_audio(path)

    np.testing.assert_array_equal(clip.samples, pcm.astype(np.float32) / 32768.0)


def test_load_audio_stereo_mixes_both_channels(tmp_path):
    """Different tones on left and right: the mono result has both."""
    rate = 44100
    left = (tone(rate, 440.0, lead=0.0) * 32767).astype(np.int16)
    right = (tone(rate, 1000.0, lead=0.0) * 32767).astype(np.int16)
    path = tmp_path / "two.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.stack([left, right], axis=1).tobytes())

    clip = load_audio(path)

    assert abs(clip.duration - TONE_S) <= DURATION_TOL
    assert tone_energy_share(clip, 440.0) > 0.3
    assert tone_energy_share(clip, 1000.0) > 0.3


def test_load_audio_accepts_str_paths(tmp_path):
    path = write_wav(tmp_path / "s.wav", Clip(tone(SAMPLE_RATE)))
    assert abs(load_audio(str(path)).duration - TOTAL_S) < 0.01


def test_load_audio_errors_name_the_file(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.wav"):
        load_audio(empty)
    with pytest.raises(InputError, match="nothere.flac"):
        load_audio(tmp_path / "nothere.flac")


# --- write_wav ----------------------------------------------------------------------------------


def test_write_wav_round_trips(tmp_path):
    rng = np.random.default_rng(3)
    samples = np.clip(tone(SAMPLE_RATE) + rng.normal(0, 0.05, int(TOTAL_S * SAMPLE_RATE)), -1, 1)
    clip = Clip(samples)

    out = write_wav(tmp_path / "round.wav", clip)
    back = load_audio(out)

    assert out == tmp_path / "round.wav"
    assert back.rate == SAMPLE_RATE
    assert len(back.samples) == len(clip.samples)
    np.testing.assert_allclose(back.samples, clip.samples, atol=2e-4)
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
        assert w.getnframes() == len(clip.samples)


def test_write_wav_keeps_the_clip_rate(tmp_path):
    out = write_wav(tmp_path / "cd.wav", Clip(tone(44100), 44100))
    with wave.open(str(out), "rb") as w:
        assert w.getframerate() == 44100
        assert w.getnframes() == int(TOTAL_S * 44100)
    back = load_audio(out)
    assert abs(back.duration - TOTAL_S) <= DURATION_TOL
    assert abs(dominant_hz(back) - FREQ) < 3.0


def test_write_wav_clips_instead_of_wrapping(tmp_path):
    loud = Clip(np.array([1.5, -1.5, 0.99, -2.0] * 4000, np.float32))
    back = load_audio(write_wav(tmp_path / "loud.wav", loud))
    assert back.samples[0] > 0.99  # not wrapped round to a negative value
    assert back.samples[1] < -0.99
    assert back.samples[3] < -0.99
    assert back.peak() <= 1.0


def test_write_wav_is_atomic_and_leaves_no_part_file(tmp_path):
    target = tmp_path / "deep" / "er" / "take.wav"  # missing parents are created
    write_wav(target, Clip(tone(SAMPLE_RATE)))
    write_wav(target, Clip.silence(1.0))  # overwrite in place

    assert target.is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["take.wav"]
    assert not list(tmp_path.rglob("*.part"))
    assert abs(load_audio(target).duration - 1.0) < 0.01


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # wave.__del__
def test_write_wav_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = write_wav(tmp_path / "take.wav", Clip(tone(SAMPLE_RATE)))
    before = target.read_bytes()

    def full(self, data):  # the disk fills up halfway through the new take
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wave.Wave_write, "writeframes", full)
    with pytest.raises(OSError):
        write_wav(target, Clip.silence(1.0))

    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["take.wav"]


def test_write_stereo_wav_keeps_both_sides(tmp_path):
    left = Clip(tone(SAMPLE_RATE, 440.0, lead=0.0))
    right = Clip(tone(8000, 1000.0, seconds=2.5, lead=0.0), 8000)  # other rate, longer

    out = write_stereo_wav(tmp_path / "call.wav", left, right)

    assert not list(tmp_path.glob("*.part"))
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getframerate()) == (2, SAMPLE_RATE)
        frames = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)
    assert abs(len(frames) / SAMPLE_RATE - 2.5) < 0.01
    lch = Clip(frames[:, 0].astype(np.float32) / 32768)
    rch = Clip(frames[:, 1].astype(np.float32) / 32768)
    assert abs(dominant_hz(lch) - 440.0) < 3.0
    assert abs(dominant_hz(rch) - 1000.0) < 3.0
    assert np.all(frames[int(TONE_S * SAMPLE_RATE) + 10 :, 0] == 0)  # left padded with silence


# --- Clip.resampled -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "dst"),
    [(44100, 16000), (48000, 16000), (22050, 16000), (8000, 16000), (16000, 8000), (16000, 48000)],
)
def test_resampled_keeps_duration_and_frequency(src, dst):
    clip = Clip(tone(src, lead=0.0), src)

    out = clip.resampled(dst)

    assert out.rate == dst
    assert out.samples.dtype == np.float32
    assert abs(len(out.samples) - TONE_S * dst) <= 1
    assert abs(out.duration - clip.duration) < 1.0 / min(src, dst) + 1e-9
    assert abs(dominant_hz(out) - FREQ) < 2.0
    assert tone_energy_share(out) > 0.95
    assert abs(out.rms() - clip.rms()) < 0.02


def test_resampled_drops_content_above_the_new_nyquist():
    clip = Clip(tone(48000, freq=12000.0, lead=0.0), 48000)  # above 8 kHz Nyquist of 16 kHz
    out = clip.resampled(16000)
    assert out.rms() < 0.01  # removed, not aliased down into the speech band


def test_resampled_same_rate_and_empty():
    clip = Clip(tone(SAMPLE_RATE))
    assert np.array_equal(clip.resampled(SAMPLE_RATE).samples, clip.samples)
    empty = Clip(np.zeros(0, np.float32), 44100).resampled(16000)
    assert empty.rate == 16000 and len(empty.samples) == 0
