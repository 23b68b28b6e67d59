"""Elements taken from replays of a take: only what the main hearing missed, placed by time."""

from __future__ import annotations

from trainer.scoring.feedback import evaluate
from trainer.transcript import Replay, Transcript, Word


def timed(text: str, start: float = 0.0, step: float = 0.4) -> tuple[Word, ...]:
    return tuple(
        Word(w, round(start + i * step, 3), round(start + i * step + 0.3, 3))
        for i, w in enumerate(text.split())
    )


MAIN = "Hi, my name is Sam Ortiz. I'd love to learn about your work. Could I have ten minutes? Is how a goo dime?"  # noqa: E501
REPLAY = "Hi, my name is Sam Ortiz. I'd love to learn about your work. Could I have ten minutes? Is now a good time?"  # noqa: E501


def test_an_element_missed_by_the_main_hearing_comes_from_a_replay():
    plain = evaluate(Transcript(timed(MAIN), duration=10.0)).to_dict()
    assert not plain["elements"]["convenience_check"]["covered"]

    take = Transcript(timed(MAIN), duration=10.0, replays=(Replay(0.9, Transcript(timed(REPLAY))),))
    out = evaluate(take).to_dict()
    check = out["elements"]["convenience_check"]
    assert check["covered"] and check["tip"] is None
    assert "good time" in check["evidence"]
    assert check["replay_speed"] == 0.9
    assert check["at_s"] == next(w.start for w in timed(REPLAY) if w.text == "Is")
    assert out["score"] > plain["score"]
    # What the main hearing found keeps its own words, and says so.
    assert out["elements"]["identification"]["replay_speed"] is None
    assert out["elements"]["time_request"]["evidence"] == "Could I have ten minutes?"
    assert out["replays"] == [{"speed": 0.9, "transcript": REPLAY}]
    # Order checks see the replayed element in its place in the take.
    assert out["order"]["sequence"][-1] == "convenience_check"
    # The transcript shown and the delivery measured are the main hearing's.
    assert out["transcript"] == MAIN


def test_a_job_ask_heard_only_on_a_replay_is_flagged_with_the_replays_words():
    # The main hearing garbled the ask past recognising ("a no pen in four me" was still read
    # as a request for something, fairly: that garble is now taken as an ask on its own).
    main = "Hi, I'm Sam Ortiz. I was hoping you might have an oak pinning forum me."
    replay = "Hi, I'm Sam Ortiz. I was hoping you might have an opening for me."
    take = Transcript(timed(main), duration=8.0, replays=(Replay(1.1, Transcript(timed(replay))),))
    out = evaluate(take).to_dict()
    assert out["flags"]["asks_for_job"] is True
    assert any("opening" in q for q in out["flag_evidence"]["asks_for_job"])
    assert evaluate(Transcript(timed(main), duration=8.0)).flags["asks_for_job"] is False


def test_replays_cannot_take_away_what_the_main_hearing_found():
    take = Transcript(timed(REPLAY), duration=10.0, replays=(Replay(0.9, Transcript(timed(MAIN))),))
    check = evaluate(take).to_dict()["elements"]["convenience_check"]
    assert check["covered"] and check["replay_speed"] is None
