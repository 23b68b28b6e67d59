"""Which time a caller's turn puts forward when it names more than one."""

from __future__ import annotations

import pytest

from trainer.calls.times import find_time, read_turn


@pytest.mark.parametrize(
    ("turn", "day"),
    [
        ("Actually Thursday is tricky for me, could we do Friday?", "friday"),
        ("I can't do Thursday. How about Friday at 10?", "friday"),
        ("I have a lecture on Thursday morning. Would Friday afternoon suit you?", "friday"),
        ("Could we do Friday instead of Thursday?", "friday"),
        ("Friday would be better than Thursday for me.", "friday"),
        ("Yes, Thursday at ten works, thanks.", "thursday"),
        ("Thursday at ten works, or Friday if you're busy then.", "thursday"),
    ],
)
def test_the_time_put_forward(turn, day):
    ref = read_turn(turn).proposed
    assert ref is not None and ref.day == day


def test_no_time_and_one_time():
    assert read_turn("Ten minutes is fine.").proposed is None
    assert read_turn("How about tomorrow around 2 pm?").proposed.hour == 14.0
    assert find_time("Could we do Friday instead of Thursday?").day == "friday"


@pytest.mark.parametrize(
    "text, forward",
    [
        ("Could we do Friday at three instead?", True),
        ("Ah, I've got a lecture then. Friday afternoon at three?", True),
        ("Thursday is tricky for me, could we do Friday?", True),
        ("How about tomorrow at two?", True),
        ("Great, Friday at four it is then.", False),
        ("Friday at four, perfect.", False),
        ("Okay, tomorrow at two.", False),
        ("Sounds good.", False),
        ("Friday at three would suit me better instead.", True),  # no question mark
        ("What about Monday at nine.", True),
    ],
)
def test_a_time_put_forward_is_told_from_a_time_agreed_to(text, forward):
    assert read_turn(text).puts_forward is forward


@pytest.mark.parametrize(
    "text, check",
    [
        ("Sorry, did you say Tuesday at ten?", True),
        ("Was that two o'clock tomorrow?", True),
        ("Could we do Friday at three instead?", False),
        ("Great, Friday at four it is.", False),
        ("Did you say you started as a paralegal?", False),  # no time: a question
    ],
)
def test_a_check_of_the_time_said_is_told_apart(text, check):
    assert read_turn(text).checks is check


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("Could we do Friday at three thirty p.m.?", 15.5),  # the dots end no clause
        ("Would Friday at 11 a.m. work?", 11.0),
        ("Could we do 10:30 on Thursday instead?", 10.5),
        ("Could we do eleven fifteen on Thursday?", 11.25),
        ("How about half ten on Thursday?", 10.5),
        ("Friday at 3.30 works?", 15.5),
        ("Could I call you back tomorrow at 3.30pm?", 15.5),
    ],
)
def test_hours_said_in_many_ways_are_read(text, hour):
    ref = read_turn(text).proposed
    assert ref is not None and ref.hour == hour and read_turn(text).puts_forward


def test_at_inside_a_word_is_no_time_and_asking_which_time_is_a_check():
    assert read_turn("That one is okay for me.").proposed is None  # "at" in "That"
    assert read_turn("Yes, Thursday is okay. At what time?").checks


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("Could we do ten past ten on Thursday?", 10 + 10 / 60),
        ("How about twenty to four tomorrow?", 15 + 40 / 60),
        ("Would twenty-five past two on Friday suit you?", 14 + 25 / 60),
        ("Could I call you at five to four?", 15 + 55 / 60),
        # As Whisper writes them: digits, and a dot set apart.
        ("could I call you back tomorrow at 10 past 10", 10 + 10 / 60),
        ("Could we do 20 to 4 on Friday instead?", 15 + 40 / 60),
        ("Okay, tomorrow at 3 .30pm.", 15.5),
    ],
)
def test_minutes_past_or_to_the_hour_are_read(text, hour):
    ref = read_turn(text).proposed
    assert ref is not None and ref.hour == pytest.approx(hour)


def test_a_count_is_no_time_and_a_time_is_said_back_in_lower_case():
    assert read_turn("We take on five to ten graduates a year.").proposed is None
    assert read_turn("We take on 5 to 10 graduates a year.").proposed is None
    half_heard = read_turn("Okay, tomorrow at 30pm.").proposed  # no clock shows 30 pm
    assert half_heard is not None and half_heard.hour is None
    assert read_turn("Could we do five to ten people?").proposed is None
    ref = read_turn("Could we do THURSDAY at Eleven Fifteen?").proposed
    assert ref is not None and ref.text == "Thursday at eleven fifteen"
