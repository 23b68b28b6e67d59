"""The live loop on synthetic fluent speech, through `run_practice` as `trainer practice` runs
it: what the person sees while they talk without pausing, and what is kept once they stop."""

from __future__ import annotations

import io
import queue
import threading

import numpy as np
import pytest

from tests.conftest import speech_clip
from tests.synthetic import EventDisplay, LoudnessVad, PacedMicrophone, ToneRecognizer, ToneVoice
from trainer import practice
from trainer.audio.clip import Clip
from trainer.live import DIM, PLAIN, LiveDisplay
from trainer.practice import PracticeOptions, PracticeResult, listen_turn, run_practice
from trainer.speech.recognizer import Recognizer
from trainer.transcript import Transcript

# 40 words, 16 s without a pause; the job ask ("openings") begins 10.8 s in.
SCRIPT = (
    "Hi, my name is Maria Lopez. I am a nursing student, and I would love to learn about your "
    "work in pediatrics. Do you have any openings on your team? Would you have ten minutes? "
    "Is now a good time?"
)
VOICE = ToneVoice(SCRIPT)
LEAD_S, TAIL_S = 0.5, 3.5


@pytest.fixture
def tone_vad(monkeypatch):
    monkeypatch.setattr(practice, "StreamingVad", LoudnessVad)


def _take(text: str = SCRIPT) -> Clip:
    return Clip.silence(LEAD_S).concat(VOICE.say(text), Clip.silence(TAIL_S))


def _practise(
    partial_every_s: float | None,
    take: Clip | None = None,
    recognizer: Recognizer | None = None,
    speed: float = 10.0,
) -> tuple[PracticeResult, EventDisplay]:
    """One take through run_practice (tone speech and its recogniser unless told otherwise),
    played `speed` times faster than real time."""
    display = EventDisplay()
    mic = PacedMicrophone(take or _take(), speed)
    options = PracticeOptions(partial_every_s=partial_every_s)
    heard_by = recognizer or ToneRecognizer(VOICE, delay_s=0.01)
    return run_practice(mic, heard_by, display, options), display


def test_fluent_speech_ticks_parts_and_warns_of_a_job_ask_before_the_first_pause(tone_vad):
    result, display = _practise(partial_every_s=2.0)
    kinds = display.kinds()
    first_heard = kinds.index("heard")
    assert first_heard == len(kinds) - 1 - kinds[::-1].index("heard")  # one phrase: the take
    before = display.events[:first_heard]
    assert [e for e in before if e[0] == "partial"], display.events
    ticked = {text for kind, _, text in before if kind == "tick"}
    assert {"identification", "purpose"} <= ticked, display.events
    assert ("warn", "asks_for_job") in [(kind, text) for kind, _, text in before]
    # Each hearing is of the phrase so far: it grows, and starts where the speech does.
    partials = [text for kind, _, text in before if kind == "partial"]
    for earlier, later in zip(partials[:-1], partials[1:], strict=True):
        assert later.startswith(earlier.rsplit(" ", 1)[0]) and len(later) > len(earlier)
    assert "hearing: Hi, my name is" in display.printed

    # What is kept is the phrase's own decode: each word once, as said.
    assert [w.text for w in result.feedback.transcript.words] == SCRIPT.split()
    assert result.feedback.flags["asks_for_job"] is True
    assert all(e.covered for e in result.feedback.elements.values())


def test_provisional_hearings_change_nothing_that_is_kept(tone_vad):
    with_partials, _ = _practise(partial_every_s=2.0)
    without, display = _practise(partial_every_s=None)
    assert "partial" not in display.kinds()
    # Without them nothing ticks until the person pauses (what issue 15 saw).
    assert display.kinds().index("tick") > display.kinds().index("heard")
    assert with_partials.feedback.transcript.words == without.feedback.transcript.words
    assert with_partials.feedback.to_dict() == without.feedback.to_dict()


def test_a_turn_in_a_call_is_shown_on_the_call_clock(tone_vad):
    blocks: queue.Queue[np.ndarray] = queue.Queue()
    mic = PacedMicrophone(_take("Hi, my name is Maria Lopez."))
    display = EventDisplay()
    mic.start(blocks.put)
    try:
        turn = listen_turn(
            blocks, ToneRecognizer(VOICE), display, PracticeOptions(), clock_offset_s=100.0
        )
    finally:
        mic.stop()
    kind, at_s, text = display.events[-1]
    assert kind == "heard" and text == "Hi, my name is Maria Lopez."
    assert 100 + LEAD_S + 2.4 < at_s < 100 + LEAD_S + 2.4 + TAIL_S
    assert all(100 + LEAD_S < at for _, at, _ in display.events), display.events
    # The words stay on the turn's own clock (the call moves them); the display's start_s,
    # for the provisional hearing and the phrase alike, is where they began in the call.
    assert turn.words[0].start == pytest.approx(LEAD_S, abs=0.03)
    assert [start_s for _, start_s in display.starts] == [
        pytest.approx(100 + LEAD_S, abs=0.03)
    ] * len(display.events)


def test_real_speech_without_a_pause_ticks_while_it_goes_on(recognizer, tmp_path):
    """The real model and VAD on ~10 s of espeak-ng without a pause, played in real time."""
    text = SCRIPT.lower().replace(",", "").replace(".", "").replace("?", "")
    take = Clip.silence(LEAD_S).concat(speech_clip(text, tmp_path), Clip.silence(TAIL_S))
    result, display = _practise(2.0, take, recognizer, speed=1.0)
    kinds = display.kinds()
    before = display.events[: kinds.index("heard")]
    assert "partial" in [kind for kind, _, _ in before], display.printed
    assert ("tick", "identification") in [(kind, text) for kind, _, text in before]

    # Heard without provisional hearings (and faster: the cuts do not depend on the pace),
    # the take keeps the same words.
    without, _ = _practise(None, take, recognizer, speed=4.0)
    assert result.feedback.transcript.words == without.feedback.transcript.words


def test_a_terminal_greys_the_hearing_at_the_end_of_its_status_line():
    out = io.StringIO()
    display = LiveDisplay(out, tty=True)
    display.heard(1.0, "Hi, my name is Maria.", "Hi, my name is Maria.")
    display.partial(3.0, "I am a nursing\x1b[2J student")
    display.level(3.2, 0.1)
    status = out.getvalue().rsplit("\r\033[K", 1)[-1]
    assert status.endswith(f"Maria. {DIM}I am a nursing student{PLAIN}"), repr(status)
    assert "hearing" not in out.getvalue()  # a terminal redraws it; it prints no line for it

    display.heard(4.0, "I am a nursing student.", "Hi, my name is Maria. I am a nursing student.")
    display.level(4.2, 0.1)
    status = out.getvalue().rsplit("\r\033[K", 1)[-1]
    assert status.endswith("is Maria. I am a nursing student.") and DIM not in status


class _BrokenRecognizer(ToneRecognizer):
    """A model that fails on every phrase (a corrupt file, say)."""

    def transcribe(self, clip: Clip, progress: object = None, live: bool = False) -> Transcript:
        raise RuntimeError("model exploded")


def test_a_decoder_error_ends_the_turn_and_leaves_no_decoder_thread(tone_vad):
    before = {t.ident for t in threading.enumerate()}
    with pytest.raises(RuntimeError, match="model exploded"):
        _practise(partial_every_s=None, recognizer=_BrokenRecognizer(VOICE))
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    assert not [t for t in left if "_work" in t.name], left
