"""Speech to text with faster-whisper, tuned for short spoken intros.

The model is loaded once per process. Whisper invents text on silence ("Thanks for watching",
web addresses), so segments that look like that are dropped, and a take with no voice activity
is refused instead of transcribed.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import time
from collections.abc import Callable
from typing import Protocol

import numpy as np

from trainer.audio.clip import SAMPLE_RATE, Clip
from trainer.audio.effects import speed_changed
from trainer.errors import InputError, ModelError
from trainer.safetext import printable
from trainer.speech.frontend import NARROWBAND_SHARE, Conditioned, band_share, condition
from trainer.speech.models import ModelSource, resolve_model
from trainer.transcript import Replay, Transcript, Word

# Whisper drops disfluencies unless the prompt shows them; fillers are part of the feedback.
# A longer prompt ("So, um, I was, uh, calling...") made faster-whisper 1.2 lose all but the
# first sentence of 30 s takes with word timestamps on (measured in benchmarks/bench_score.py).
FILLER_PROMPT = "Um, uh, hmm, er, ah."
SILENCE_PEAK = 0.003  # below this the take is silent, whatever the model would say

Progress = Callable[[str, float], None]  # (message, fraction done 0..1)


class NoSpeechError(InputError):
    """The take has no detectable speech."""


class NarrowAudioError(InputError):
    """The take's bandwidth is too narrow to hold speech."""


class Recognizer(Protocol):
    """What trainer asks of a recogniser; every implementation, test fakes included, has all
    of it, so callers never probe with hasattr."""

    def load(self, progress: Progress | None = None) -> object:
        """Get the model ready now (before a microphone opens), so the first phrase is quick;
        returns the model, or None if there is nothing to load."""
        ...

    def transcribe(
        self, clip: Clip, progress: Progress | None = None, live: bool = False
    ) -> Transcript: ...

    def replay(self, clip: Clip, heard: Transcript, progress: Progress | None = None) -> Transcript:
        """`heard` with more hearings of `clip` added, or `heard` itself (the same object) when
        this recogniser was not asked for replays."""
        ...


# Live phrases are decoded while someone waits for the reply, so two of Whisper's slow paths
# are closed (both measured in a call: a 0.6 s decode became 2.5-3.1 s, benchmarks/bench_call.py):
# the re-decodes at rising temperatures when a pass looks poor, and a repetition loop that runs
# to the token limit. Nobody says more than about 5 tokens a second.
LIVE_TEMPERATURES = (0.0,)
LIVE_TOKENS_PER_S = 5.0


# Through a phone line (nothing above 4 kHz) tiny.en used to mishear a lot, and the same take
# played a little slower or faster is misheard differently, so narrowband takes were heard
# again at four speeds and scoring took an element from any hearing. The front end
# (speech/frontend.py) now conditions such takes so that they are heard right the first time;
# the replays remain only as an opt-in (`replays=True`, `trainer score --replay`), each one
# costing one more decode. With it, narrowband takes are heard again at these speeds, nearest
# first, and wideband takes when app.score_clip finds the first hearing missed a part.
REPLAY_SPEEDS = (0.9, 1.1, 0.8, 1.2)

# Long takes are decoded a window at a time, each cut at the quietest moment near its end and
# its word times moved by where it starts: memory stays flat in the take's length, and the
# times stay right (one 10-minute decode put words said at 0 s at 87-107 s and skipped whole
# minutes). Takes up to LONG_TAKE_S are decoded whole, as everything above was tuned on.
LONG_TAKE_S = 90.0
WINDOW_S = 60.0
CUT_SEARCH_S = 10.0  # how far back from a window's end to look for a pause to cut in
# Speech needs the band above 1.5 kHz (consonants, second formants); audio with none there
# was sampled below about 3 kHz somewhere on its way, and Whisper invents text from it.
SPEECH_BAND_HZ = 1500.0
SPEECH_BAND_SHARE = 1e-4


@functools.lru_cache(maxsize=2)
def _load(location: str, threads: int):
    try:
        from faster_whisper import WhisperModel  # slow import, only when used
    except ImportError:
        raise ModelError(
            "speech recognition needs faster-whisper: pip install faster-whisper"
        ) from None
    try:
        return WhisperModel(location, device="cpu", compute_type="int8", cpu_threads=threads)
    except Exception as exc:  # noqa: BLE001 - ctranslate2/huggingface raise many types; all mean the same
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"could not load speech model '{location}': {first}") from None


class WhisperRecognizer:
    """Recognizer backed by faster-whisper; `model` is a directory or a name (see models.py).
    `replays`: hear phone-line takes again at other speeds. `frontend=False` decodes audio as
    it is, as trainer did before speech/frontend.py (for measuring what the front end does)."""

    def __init__(
        self,
        model: str | None = None,
        beam_size: int = 5,
        threads: int = 0,
        replays: bool = False,
        frontend: bool = True,
    ):
        self.source: ModelSource = resolve_model(model)
        self.beam_size = beam_size
        self.threads = threads
        self.replays = replays
        self.frontend = frontend
        self.load_seconds: float | None = None

    def load(self, progress: Progress | None = None) -> object:
        if progress and self.load_seconds is None:
            progress(f"Loading speech model {self.source.name}", 0.0)
        start = time.perf_counter()
        model = _load(self.source.location, self.threads)
        if self.load_seconds is None:
            self.load_seconds = time.perf_counter() - start
        return model

    def transcribe(
        self, clip: Clip, progress: Progress | None = None, live: bool = False
    ) -> Transcript:
        """`live`: a phrase while someone waits for the answer, so no temperature fallback."""
        clip16 = clip.resampled(SAMPLE_RATE)
        if clip16.peak() < SILENCE_PEAK:
            raise NoSpeechError("no speech detected (the recording is silent)")
        if not live and band_share(clip16, SPEECH_BAND_HZ) < SPEECH_BAND_SHARE:
            raise NarrowAudioError(
                f"nothing above {SPEECH_BAND_HZ / 1000:g} kHz in this audio: too narrow a band "
                "to hold speech (was it saved at under 4 kHz?): record or export at 16 kHz"
            )
        model = self.load(progress)
        limits = {}
        if live:
            tokens = int(10 + LIVE_TOKENS_PER_S * min(clip16.duration, 30.0))
            limits = {"temperature": list(LIVE_TEMPERATURES), "max_new_tokens": tokens}
        narrowband = band_share(clip16) < NARROWBAND_SHARE  # once, on the whole take
        limits["narrowband"] = narrowband and self.frontend
        words = self._decode(model, clip16, FILLER_PROMPT, progress, limits)
        voiced = voiced_seconds(clip16)
        covered = sum(b - a for a, b in _spans(words, gap=0.5)) if words else 0.0
        if voiced > 3.0 and covered < 0.5 * voiced:
            # The prompt occasionally derails decoding (text skipped, times shifted); a second
            # pass without it costs one more decode only on such takes.
            retry = self._decode(model, clip16, None, None, limits)
            if len(retry) > len(words):
                words = retry
        if not words:
            raise NoSpeechError("no speech detected (only silence or noise)")
        heard = Transcript(tuple(words), duration=clip.duration, speech_spans=_spans(words))
        if not live and narrowband and self.replays:
            return self.replay(clip16, heard, progress)
        return heard

    def replay(self, clip: Clip, heard: Transcript, progress: Progress | None = None) -> Transcript:
        """`heard` with replays of `clip` at REPLAY_SPEEDS added (unchanged if turned off)."""
        if not self.replays or heard.replays or clip.duration > LONG_TAKE_S:
            return heard  # replays are for an intro's few words, not a long take's minutes
        clip16, model = clip.resampled(SAMPLE_RATE), self.load()
        replays = tuple(self._replay(model, clip16, speed, progress) for speed in REPLAY_SPEEDS)
        return dataclasses.replace(heard, replays=replays)

    def _replay(self, model, clip16: Clip, speed: float, progress: Progress | None) -> Replay:
        if progress:
            progress(f"Listening again at {speed:g}x speed", 0.0)
        narrowband = band_share(clip16) < NARROWBAND_SHARE
        words = self._decode(
            model,
            speed_changed(clip16, speed),
            FILLER_PROMPT,
            None,
            {"narrowband": narrowband and self.frontend},
        )
        if progress:
            progress(f"Listening again at {speed:g}x speed", 1.0)
        # A word heard t seconds into a replay played at `speed` was said at t * speed.
        return Replay(
            speed,
            Transcript(
                tuple(
                    Word(w.text, round(w.start * speed, 3), round(w.end * speed, 3), w.probability)
                    for w in words
                ),
                duration=clip16.duration,
            ),
        )

    def _decode(
        self,
        model,
        clip16: Clip,
        prompt: str | None,
        progress: Progress | None,
        extra: dict | None = None,
    ) -> list[Word]:
        """Words with times in the whole take, decoded whole or window by window."""
        if clip16.duration <= LONG_TAKE_S:
            return self._decode_window(model, clip16, prompt, progress, extra)
        words: list[Word] = []
        total = len(clip16.samples)
        for a, b in windows(clip16):
            offset = a / clip16.rate
            part = Clip(clip16.samples[a:b], clip16.rate)
            local = _scaled(progress, a / total, (b - a) / total)
            words.extend(
                Word(w.text, round(w.start + offset, 3), round(w.end + offset, 3), w.probability)
                for w in self._decode_window(model, part, prompt, local, extra)
            )
        return words

    def _decode_window(
        self,
        model,
        clip16: Clip,
        prompt: str | None,
        progress: Progress | None,
        extra: dict | None = None,
    ) -> list[Word]:
        extra = dict(extra or {})
        # Conditioned by what the audio is (speech/frontend.py): a phone-line window is
        # band-passed and levelled, and decoded over the VAD's stretches plus any speech the
        # VAD would have dropped.
        ready = condition(clip16, extra.pop("narrowband", None))
        words = self._heard(model, ready, prompt, progress, extra)
        if "max_new_tokens" in extra:
            return words  # a live phrase: a few seconds, and someone waiting for the reply
        return self._with_gaps_filled(model, ready, words, prompt, extra)

    def _heard(
        self, model, ready: Conditioned, prompt: str | None, progress: Progress | None, extra: dict
    ) -> list[Word]:
        """The words of one conditioned window, with times in the window."""
        audio = ready.clip.samples
        if ready.speech_chunks:  # the VAD's stretches (and any speech it would have dropped)
            audio = np.concatenate([audio[c["start"] : c["end"]] for c in ready.speech_chunks])
        segments, _info = model.transcribe(
            audio,
            # tiny.en knows only English; a multilingual model (base) must not guess.
            language="en",
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=ready.vad_filter,
            vad_parameters=ready.vad_parameters,
            initial_prompt=prompt,
            condition_on_previous_text=False,
            **extra,
        )
        if ready.speech_chunks:
            # Times in the joined stretches back to times in the take, as faster-whisper does
            # for its own VAD's.
            from faster_whisper.transcribe import restore_speech_timestamps

            segments = restore_speech_timestamps(segments, ready.speech_chunks, ready.clip.rate)
        words: list[Word] = []
        total = max(ready.clip.duration, 1e-6)
        for seg in segments:
            if progress:
                progress("Transcribing", min(seg.end / total, 1.0))
            if _looks_invented(seg):
                continue
            for w in seg.words or ():
                text = w.word.strip()
                if text:
                    words.append(
                        Word(
                            text,
                            round(float(w.start), 3),
                            round(float(w.end), 3),
                            round(float(w.probability), 3),
                        )
                    )
        if progress:
            progress("Transcribing", 1.0)
        return words

    def _with_gaps_filled(
        self, model, ready: Conditioned, words: list[Word], prompt: str | None, extra: dict
    ) -> list[Word]:
        """`words` plus what is said in any long stretch of speech they leave unheard.

        Whisper ends a 30 s window early when it emits end-of-text after a sentence (a quieter
        or noisier stretch follows, say): everything after it in the window is skipped. On a
        phone take whose middle was said away from the phone, tiny.en heard the first sentence
        of 30 s and nothing else. Each such stretch is decoded again on its own; the cost is
        one short decode per stretch, and nothing on takes heard whole."""
        whole = [(0.0, ready.clip.duration)]
        if not unheard(whole, words):
            return words  # no hole anywhere, so none inside speech: the VAD need not run again
        gaps = unheard(speech_spans(ready), words)
        if not gaps:
            return words
        rate, audio = ready.clip.rate, ready.clip.samples
        found: list[Word] = []
        for start, end in gaps:
            a = max(int((start - GAP_PAD_S) * rate), 0)
            b = min(int((end + GAP_PAD_S) * rate), len(audio))
            part = Conditioned(Clip(audio[a:b], rate), ready.narrowband, vad_filter=False)
            offset = a / rate
            found.extend(
                Word(w.text, round(w.start + offset, 3), round(w.end + offset, 3), w.probability)
                for w in self._heard(model, part, prompt, None, extra)
                if start <= (w.start + w.end) / 2 + offset <= end
            )
        return sorted([*words, *found], key=lambda w: w.start or 0.0)


# A stretch of speech at least this long with no word heard in it is decoded again on its own.
GAP_MIN_S = 1.5
GAP_MARGIN_S = 0.3  # around a heard word: its edges are fuzzy
GAP_PAD_S = 0.2


def speech_spans(ready: Conditioned) -> list[tuple[float, float]]:
    """Where the window holds speech, in seconds: the front end's stretches, or the VAD's."""
    rate = ready.clip.rate
    chunks = ready.speech_chunks
    if chunks is None:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        options = VadOptions(**ready.vad_parameters)
        chunks = get_speech_timestamps(ready.clip.samples, options, sampling_rate=rate)
    return [(c["start"] / rate, c["end"] / rate) for c in chunks]


def unheard(
    spans: list[tuple[float, float]],
    words: list[Word],
    min_s: float = GAP_MIN_S,
    margin_s: float = GAP_MARGIN_S,
) -> list[tuple[float, float]]:
    """The stretches of `spans`, at least `min_s` long, more than `margin_s` from any word."""
    heard = sorted((w.start or 0.0, w.end or 0.0) for w in words)
    gaps = []
    for a, b in spans:
        cursor = a
        for start, end in heard:
            if end + margin_s <= cursor or start - margin_s >= b:
                continue
            if start - margin_s - cursor >= min_s:
                gaps.append((cursor, start - margin_s))
            cursor = max(cursor, end + margin_s)
        if b - cursor >= min_s:
            gaps.append((cursor, b))
    return gaps


def windows(
    clip: Clip, window_s: float = WINDOW_S, search_s: float = CUT_SEARCH_S
) -> list[tuple[int, int]]:
    """Sample ranges of at most `window_s` covering the clip, each cut at the quietest
    half second in the last `search_s` of the window, so no word is cut in two."""
    n, size, search = len(clip.samples), int(window_s * clip.rate), int(search_s * clip.rate)
    cuts = [0]
    while n - cuts[-1] > size:
        hi = cuts[-1] + size
        lo = max(hi - search, cuts[-1] + 1)
        cuts.append(lo + _quietest(clip.samples[lo:hi], clip.rate))
    cuts.append(n)
    return list(zip(cuts, cuts[1:], strict=False))


def _quietest(samples: np.ndarray, rate: int, frame_s: float = 0.03, span_s: float = 0.5) -> int:
    """Offset of the middle of the quietest `span_s` stretch (a pause, not a dip in a word)."""
    n = max(1, int(rate * frame_s))
    frames = len(samples) // n
    if frames < 2:
        return len(samples) // 2
    energy = np.mean(np.square(samples[: frames * n].reshape(frames, n)), axis=1)
    span = max(1, min(frames, int(span_s / frame_s)))
    smooth = np.convolve(energy, np.ones(span) / span, mode="valid")
    return int((int(np.argmin(smooth)) + span / 2) * n)


def _scaled(progress: Progress | None, start: float, share: float) -> Progress | None:
    """A window's progress as part of the whole take's."""
    if progress is None:
        return None
    return lambda message, fraction: progress(message, min(start + fraction * share, 0.999))


def voiced_seconds(clip: Clip, frame_s: float = 0.03) -> float:
    """Seconds of frames clearly above the noise floor: a rough, model-free speech measure."""
    n = int(clip.rate * frame_s)
    frames = len(clip.samples) // n
    if frames == 0:
        return 0.0
    rms = np.sqrt(np.mean(np.square(clip.samples[: frames * n].reshape(frames, n)), axis=1))
    floor = float(np.percentile(rms, 10))
    threshold = max(floor * 4, float(np.max(rms)) * 0.1, 1e-4)
    return float(np.count_nonzero(rms > threshold)) * frame_s


def _looks_invented(seg) -> bool:
    """Heuristics for Whisper's hallucinations on silence/noise (see openai/whisper#1783)."""
    if seg.compression_ratio > 2.4:
        return True
    if seg.no_speech_prob > 0.5 and seg.avg_logprob < -0.8:
        return True
    words = seg.words or []
    if words:
        lengths = np.array([w.end - w.start for w in words])
        # Text squeezed into almost no time was not spoken.
        if len(words) >= 3 and np.mean(lengths < 0.02) > 0.5:
            return True
        if np.mean([w.probability for w in words]) < 0.3:
            return True
    return False


def _spans(words: list[Word], gap: float = 0.3) -> tuple[tuple[float, float], ...]:
    spans: list[list[float]] = []
    for w in words:
        assert w.start is not None and w.end is not None
        if spans and w.start - spans[-1][1] <= gap:
            spans[-1][1] = max(spans[-1][1], w.end)
        else:
            spans.append([w.start, w.end])
    return tuple((round(a, 3), round(b, 3)) for a, b in spans)


def stderr_progress(message: str, fraction: float) -> None:
    """A one-line progress display on a terminal; plain lines elsewhere."""
    message = printable(message)  # it may name a model directory the user gave
    if sys.stderr.isatty():
        end = "\n" if fraction >= 1.0 else ""
        sys.stderr.write(f"\r\033[K{message}... {fraction:4.0%}{end}")
    elif fraction == 0.0:
        sys.stderr.write(f"{message}...\n")
    sys.stderr.flush()
