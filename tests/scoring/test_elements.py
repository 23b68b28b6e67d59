"""Element detection on typed text: the rules, their traps, and recognition slips."""

from __future__ import annotations

import pytest

from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript


def elements(text: str) -> dict:
    return evaluate(Transcript.from_text(text)).to_dict()


COMPLETE = (
    "Hi, my name is Jordan Lee. I'm a student at State and I'd love to learn about your work "
    "in data science. Would you have ten or fifteen minutes? Is now a good time?"
)


def test_complete_intro_covers_all_four_with_evidence():
    out = elements(COMPLETE)
    for name in ("identification", "purpose", "time_request", "convenience_check"):
        assert out["elements"][name]["covered"], name
        assert out["elements"][name]["tip"] is None
    assert "Jordan" in out["elements"]["identification"]["evidence"]
    assert "learn about your work" in out["elements"]["purpose"]["evidence"]
    assert out["elements"]["time_request"]["minutes"] == 15
    assert "good time" in out["elements"]["convenience_check"]["evidence"]
    assert out["flags"]["asks_for_job"] is False
    assert out["order"]["name_first"] and out["order"]["purpose_early"]


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (
            "Hi, I'm a student at State. I'd love to learn about your work. Would you have ten "
            "minutes? Is now a good time?",
            "identification",
        ),
        (
            "Hi, my name is Ann Lee. I was hoping to talk with you. Would you have ten minutes? "
            "Is now a good time?",
            "purpose",
        ),
        (
            "Hi, my name is Ann Lee. I've taught for fifteen years and I'd love to learn about "
            "your career. Is now a good time?",
            "time_request",
        ),
        (
            "Hi, my name is Ann Lee. I had a good time at your talk and I'd love to learn about "
            "your career. Would you have ten minutes? Thanks for your time.",
            "convenience_check",
        ),
    ],
)
def test_each_missing_element_is_reported_with_a_tip(text, missing):
    out = elements(text)
    assert out["elements"][missing]["covered"] is False
    assert out["elements"][missing]["tip"]
    others = {"identification", "purpose", "time_request", "convenience_check"} - {missing}
    assert all(out["elements"][n]["covered"] for n in others)
    # The one missing part is the first thing to fix, with its own tip.
    assert out["top_fix"] == out["elements"][missing]["tip"] == out["tips"][0]


@pytest.mark.parametrize(
    "text",
    [
        "Hi, my name is Ann Lee. Are you hiring any nurses right now?",
        "Hi, my name is Ann Lee. I'm looking for a job in accounting. Can I send you my resume?",
        "Hi, this is Ann Lee. I think I'd be a great fit for your team.",
    ],
)
def test_job_asks_raise_the_flag_and_are_not_purpose(text):
    out = elements(text)
    assert out["flags"]["asks_for_job"] is True
    assert out["flag_evidence"]["asks_for_job"]
    assert out["elements"]["purpose"]["covered"] is False
    assert "job" in out["top_fix"].lower()


@pytest.mark.parametrize(
    "text",
    [
        "Hi, my name is Ann Lee. I'm not looking for a job; I'd like to learn about your work.",
        "Hi, my name is Ann Lee. This isn't about a job opening. I'd love your advice.",
        "Hi, my name is Ann Lee. I'm not asking you to hire me, just to hear about your career.",
    ],
)
def test_negated_job_talk_is_not_flagged(text):
    out = elements(text)
    assert out["flags"]["asks_for_job"] is False
    assert out["elements"]["purpose"]["covered"] is True


def test_vague_and_long_time_requests_get_tips():
    vague = elements("Hi, my name is Ann Lee. Could I have a few minutes of your time?")
    assert vague["elements"]["time_request"]["covered"]
    assert vague["flags"]["time_vague"] and "specific" in vague["elements"]["time_request"]["tip"]
    long = elements("Hi, my name is Ann Lee. Would you have forty five minutes to talk?")
    assert long["elements"]["time_request"]["covered"]
    assert long["flags"]["time_long"] and long["elements"]["time_request"]["minutes"] == 45


def test_elapsed_time_is_not_a_time_request():
    out = elements("Hi, my name is Ann Lee. Can I call you back in ten minutes?")
    assert out["elements"]["time_request"]["covered"] is False
    assert out["elements"]["convenience_check"]["covered"] is True


@pytest.mark.parametrize(
    ("heard", "element"),
    [
        ("Would you have 10 minutes? Is our good time?", "convenience_check"),
        ("Would you have 10 minutes? Is how a good time?", "convenience_check"),
        ("Am I catching you at a mad time?", "convenience_check"),
        ("I might name it Laura Wilson. I'm a student.", "identification"),
        ("Hi there, Anne White calling. I am a student.", "identification"),
    ],
)
def test_common_recognition_slips_still_count(heard, element):
    assert elements(heard)["elements"][element]["covered"], heard


def test_referral_is_noticed():
    out = elements("Hi, my name is Ann Lee. Your name came from my professor, Dr. Ellis.")
    assert out["referral"]["mentioned"] and "came from" in out["referral"]["evidence"]
    assert elements(COMPLETE)["referral"]["mentioned"] is False


def test_name_last_is_an_order_problem():
    out = elements(
        "I'd love to learn about your work. Would you have ten minutes? Is now a good time? "
        "By the way, my name is Ann Lee."
    )
    assert out["elements"]["identification"]["covered"]
    assert out["order"]["name_first"] is False
    assert any("name" in tip.lower() for tip in out["tips"])


def test_score_orders_complete_above_partial_above_job_ask():
    complete = elements(COMPLETE)["score"]
    partial = elements("Hi, my name is Ann Lee. I'd love to learn about your work.")["score"]
    job = elements("Hi, my name is Ann Lee. Are you hiring? Would you have ten minutes?")["score"]
    assert complete > partial > job
    assert 0 <= job and complete <= 100
