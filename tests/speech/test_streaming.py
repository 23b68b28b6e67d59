"""The streaming transcriber's worker: errors surface while the turn goes on, waits are bounded."""

from __future__ import annotations

import threading
import time

import pytest

from trainer.audio.clip import Clip
from trainer.speech.recognizer import NoSpeechError, Progress
from trainer.speech.streaming import DecodeTimeoutError, StreamingTranscriber
from trainer.transcript import Transcript, Word


class _Fake:
    """A recogniser whose decodes follow a script: a Transcript, an exception, or a wait."""

    def __init__(self, *script: Transcript | BaseException | threading.Event):
        self.script = list(script)
        self.calls = 0

    def load(self, progress: Progress | None = None) -> None:
        return None

    def transcribe(
        self, clip: Clip, progress: Progress | None = None, live: bool = False
    ) -> Transcript:
        step = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        if isinstance(step, threading.Event):
            step.wait(10)
            return Transcript(())
        if isinstance(step, BaseException):
            raise step
        return step

    def replay(self, clip: Clip, heard: Transcript, progress: Progress | None = None) -> Transcript:
        return heard


HELLO = Transcript((Word("hello", 0.3, 0.6),))


def _wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert condition()


def test_words_come_back_on_the_stream_clock():
    t = StreamingTranscriber(_Fake(HELLO))
    t.submit(2.0, Clip.silence(1.0))
    batches = t.drain(timeout=5)
    t.close()
    # 0.3 s into the padded phrase is 0.05 s into the phrase, which starts 2 s into the stream.
    assert [[(w.text, w.start, w.end) for w in b] for b in batches] == [[("hello", 2.05, 2.35)]]


def test_a_decoder_error_surfaces_at_the_next_results_call():
    broken = RuntimeError("model file is corrupt")
    fake = _Fake(HELLO, broken)
    t = StreamingTranscriber(fake)
    t.submit(0.0, Clip.silence(1.0))
    t.submit(1.0, Clip.silence(1.0))
    _wait_for(lambda: fake.calls == 2 and t.errors)
    with pytest.raises(RuntimeError, match="corrupt"):
        t.results()  # while the person is still talking, not once the turn has ended
    with pytest.raises(RuntimeError, match="corrupt"):
        t.submit(2.0, Clip.silence(1.0))
    t.close()


def test_no_speech_in_a_phrase_is_not_an_error():
    t = StreamingTranscriber(_Fake(NoSpeechError("a cough"), HELLO))
    t.submit(0.0, Clip.silence(1.0))
    t.submit(1.0, Clip.silence(1.0))
    batches = t.drain(timeout=5)
    t.close()
    assert [[w.text for w in b] for b in batches] == [[], ["hello"]]


def test_drain_honours_its_timeout():
    release = threading.Event()
    t = StreamingTranscriber(_Fake(release))
    t.submit(0.0, Clip.silence(1.0))
    start = time.monotonic()
    with pytest.raises(DecodeTimeoutError, match=r"within 0.2 s \(1 phrase"):
        t.drain(timeout=0.2)
    assert time.monotonic() - start < 2
    release.set()
    t.close()


def test_close_stops_the_worker_and_drops_phrases_not_started():
    release = threading.Event()
    fake = _Fake(release, HELLO)
    t = StreamingTranscriber(fake)
    for i in range(3):
        t.submit(float(i), Clip.silence(1.0))
    _wait_for(lambda: fake.calls == 1)
    threading.Timer(0.1, release.set).start()
    t.close(timeout=5)
    assert not t._thread.is_alive()
    assert fake.calls == 1  # the two phrases still queued were not decoded


def test_close_is_bounded_when_a_decode_hangs():
    release = threading.Event()
    t = StreamingTranscriber(_Fake(release))
    t.submit(0.0, Clip.silence(1.0))
    start = time.monotonic()
    t.close(timeout=0.2)
    assert time.monotonic() - start < 2
    release.set()
