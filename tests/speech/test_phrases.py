"""The live turn's stages alone, on synthetic input: speech probabilities into the phrases to
decode and the end of the turn; the decoder's provisional hearings, which never hold up or
join a phrase."""

from __future__ import annotations

import threading

import pytest

from trainer.audio.clip import Clip
from trainer.speech.endpoint import FRAME_S
from trainer.speech.phrases import PhraseCutter, Span
from trainer.speech.streaming import StreamingTranscriber
from trainer.transcript import Transcript, Word

SPEECH, PAUSE = 0.9, 0.0
TOL = 2.5 * FRAME_S  # runs are whole frames: each is up to half a frame off


def _frames(*parts: tuple[float, float]) -> list[float]:
    """(seconds, probability) runs, as one probability per 32 ms frame."""
    return [prob for seconds, prob in parts for _ in range(round(seconds / FRAME_S))]


def _cut(cutter: PhraseCutter, probs: list[float]) -> list[tuple[float, Span]]:
    """Each span sent, with the stream time it was sent at."""
    return [(cutter.now_s, span) for prob in probs for span in cutter.push(prob)]


def test_a_short_phrase_waits_for_the_next_pause_and_goes_with_it():
    cutter = PhraseCutter(turn_silence_s=2.5, min_phrase_s=4.0, decode_after_s=0.8)
    sent = _cut(
        cutter,
        _frames((0.5, PAUSE), (2.0, SPEECH), (0.6, PAUSE), (3.0, SPEECH), (0.6, PAUSE)),
    )
    [(at_s, span)] = sent  # 2 s is too short to decode alone; 5.6 s is not
    assert span.keep_from_s == pytest.approx(0.5 - 0.1, abs=TOL)
    assert span.end_s == pytest.approx(6.1, abs=TOL)
    assert at_s == pytest.approx(6.1 + 0.45, abs=TOL)  # once the pause is a phrase's end
    assert not cutter.turn_over


def test_a_pause_that_may_end_the_turn_sends_the_rest_before_the_turn_ends():
    cutter = PhraseCutter(turn_silence_s=2.5, decode_after_s=0.8)
    probs = _frames((0.5, PAUSE), (1.5, SPEECH), (3.0, PAUSE))
    sent, over_at = [], None
    for prob in probs:
        sent += [(cutter.now_s, span) for span in cutter.push(prob)]
        if cutter.turn_over and over_at is None:
            over_at = cutter.now_s
    [(at_s, span)] = sent
    assert span.end_s == pytest.approx(2.0, abs=TOL)
    assert at_s == pytest.approx(2.0 + 0.8, abs=TOL)
    assert over_at == pytest.approx(2.0 + 2.5, abs=TOL)
    assert cutter.rest() is None  # nothing left to send


def test_a_run_on_sentence_is_cut_in_a_dip_after_max_phrase_else_at_twice_that():
    dips = _frames(*[(0.96, SPEECH), (FRAME_S, 0.2)] * 15)  # a dip between words every second
    cutter = PhraseCutter(turn_silence_s=2.5, max_phrase_s=10.0)
    first = _cut(cutter, _frames((0.5, PAUSE)) + dips)[0][1]
    assert 10.0 < first.end_s - 0.5 < 11.0

    cutter = PhraseCutter(turn_silence_s=2.5, max_phrase_s=10.0)
    [(_, span)] = _cut(cutter, _frames((0.5, PAUSE), (25.0, SPEECH)))
    assert span.end_s - 0.5 == pytest.approx(20.0, abs=TOL)


def test_a_turn_held_open_goes_on_past_a_long_pause():
    playing = [True]
    cutter = PhraseCutter(turn_silence_s=1.0, keep_listening=lambda: playing[0])
    _cut(cutter, _frames((1.0, SPEECH), (2.0, PAUSE)))
    assert not cutter.turn_over
    playing[0] = False
    _cut(cutter, _frames((FRAME_S, PAUSE)))
    assert cutter.turn_over


def test_what_is_being_said_is_offered_only_while_speaking():
    cutter = PhraseCutter(turn_silence_s=2.5)
    _cut(cutter, _frames((0.5, PAUSE), (3.0, SPEECH)))
    span = cutter.speaking()
    assert span is not None
    assert (span.keep_from_s, span.end_s) == pytest.approx((0.4, 3.5), abs=TOL)
    _cut(cutter, _frames((0.2, PAUSE)))
    assert cutter.speaking() is None  # in a pause a cut may come at any frame


class GatedRecognizer:
    """Hears one word per clip, once let through (`gate`): a decode that takes a while."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)
        self.heard = 0

    def transcribe(self, clip: Clip, progress: object = None, live: bool = False) -> Transcript:
        self.started.release()
        assert self.gate.wait(10)
        self.heard += 1
        return Transcript((Word(f"word{self.heard}", 0.3, 0.6),), duration=clip.duration)


def test_a_provisional_hearing_is_skipped_while_a_phrase_is_being_decoded():
    recognizer = GatedRecognizer()
    transcriber = StreamingTranscriber(recognizer)
    try:
        transcriber.submit(0.0, Clip.silence(1.0))
        assert recognizer.started.acquire(timeout=10)
        assert not transcriber.try_provisional(1.0, Clip.silence(1.0), keep_from_s=1.0)
        recognizer.gate.set()
        assert [w.text for [w] in transcriber.drain()] == ["word1"]
        assert recognizer.heard == 1  # the skipped hearing was never decoded

        assert transcriber.try_provisional(1.0, Clip.silence(1.0), keep_from_s=1.0)
        transcriber.drain()
        [word] = transcriber.provisional() or []
        assert (word.text, word.start) == ("word2", pytest.approx(1.05))
        assert transcriber.results() == []  # never among the phrases
    finally:
        transcriber.close()


def test_a_provisional_hearing_overtaken_by_its_phrase_is_dropped():
    recognizer = GatedRecognizer()
    transcriber = StreamingTranscriber(recognizer)
    try:
        assert transcriber.try_provisional(0.0, Clip.silence(1.0), keep_from_s=0.0)
        assert recognizer.started.acquire(timeout=10)
        transcriber.submit(0.0, Clip.silence(2.0))  # the pause came: the phrase itself
        recognizer.gate.set()
        assert [w.text for [w] in transcriber.drain()] == ["word2"]
        assert transcriber.provisional() is None  # stale: the phrase says it now
    finally:
        transcriber.close()


def test_a_failed_provisional_hearing_does_not_fail_the_turn():
    class Failing:
        def transcribe(self, clip: Clip, progress: object = None, live: bool = False):
            raise RuntimeError("decoder broke")

    transcriber = StreamingTranscriber(Failing())
    try:
        assert transcriber.try_provisional(0.0, Clip.silence(1.0), keep_from_s=0.0)
        assert transcriber.drain() == []
        assert transcriber.provisional() == []
        transcriber.submit(0.0, Clip.silence(1.0))
        with pytest.raises(RuntimeError, match="decoder broke"):
            transcriber.drain()
    finally:
        transcriber.close()
