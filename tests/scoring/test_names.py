"""The exact name frames: a caller's own name in the usual frames counts even when the name is
also a word, and other people's names, places and possessives do not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from trainer.scoring.elements import NOT_NAMES
from trainer.scoring.feedback import evaluate
from trainer.scoring.names import cased, introduced_name, may_hold_name
from trainer.transcript import Transcript


def framed(text: str) -> str | None:
    words = Transcript.from_text(text).words
    span = introduced_name(words, NOT_NAMES)
    return None if span is None else " ".join(w.text for w in words[span[0] : span[1] + 1])


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("This is Darnell Price, I'm hoping to learn about your work.", "This is Darnell Price,"),
        ("G'day, Bec Thornton here, I'm ringing for some advice.", "Bec Thornton here,"),
        ("Hope Young here.", "Hope Young here."),
        ("Hello this is Dr. Ama Owusu from Korle Bu.", "this is Dr. Ama Owusu"),
        ("Hi, this is Sgt. Marcus Bell from the reserve.", "this is Sgt. Marcus Bell"),
        ("Hi, it's Will Baker calling about your work.", "it's Will Baker"),
        ("you're through to Joy Fields", "you're through to Joy Fields"),
        ("Grace speaking.", "Grace speaking."),
        ("Good morning this is Sam Lee.", "this is Sam Lee."),
        ("Hi \u2014 this is Sam Lee.", "this is Sam Lee."),
        ("This is Sam Ortiz, is now a good time?", "This is Sam Ortiz,"),
        ("Emily here, sorry to bother you.", "Emily here,"),
    ],
)
def test_own_name_in_a_frame_is_found(text, quote):
    assert framed(text) == quote


@pytest.mark.parametrize(
    "text",
    [
        "Hi, is this Dr. Patel?",
        "Hi, this is Karen Wells?",
        "Could I speak to Hope Young?",
        "Mr. Price suggested I call you.",
        "It's Tuesday, so I thought I'd call.",
        "It's Leeds University that sent me.",
        "This is Karen's office line, right?",
        "I think this is Marketing.",
        "Someone here told me to call.",
        "This is a great time.",
        "It's English I'm worried about, sorry.",
        "It's Python I want to learn.",
        "It's Amazon that I'm hoping to join.",
        "Hi, this is Karen Wells, right?",
        "Is Mike here?",
        "Is Dr. Patel here?",
        "Same here.",
        "Frankly speaking, I want the truth.",
        "Hypothetically speaking, what would make a CV stand out?",
        "Cold calling, I know, sorry.",
        "Raining here.",
        "It's LinkedIn where I found you.",
        "this is darnell price",  # no capitals: left to the sentence model
    ],
)
def test_other_names_places_and_statements_are_not_the_callers_name(text):
    assert framed(text) is None


def test_a_word_like_name_counts_in_a_scored_intro_with_its_words_as_evidence():
    out = evaluate(
        Transcript.from_text("This is Darnell Price, I'm hoping to learn how you got into HVAC.")
    ).to_dict()
    assert out["elements"]["identification"]["covered"]
    assert "Darnell Price" in out["elements"]["identification"]["evidence"]


def holds_name(text: str) -> bool:
    words = Transcript.from_text(text).words
    return may_hold_name(words, 0, len(words) - 1, NOT_NAMES)


@pytest.mark.parametrize(
    "text",
    [
        "Hi, this is Sam Ortiz.",
        "Tina here.",
        "I'm Priya, a final year student.",
        "Good afternoon, you're speaking with Maria Gonzalez.",
        "Hi, this is fan of cars.",  # "Hannah Scott" as the recogniser wrote it
        "The line's bad, Anna White calling.",
        "my name is um jordan",
        "This is Dr. Ama Owusu.",
        "Hi, this is April, a nursing student.",  # a month as a name
        "Morning, is Ravi Persad here, from Chaguanas.",  # Trinidad: "it's"
        "Hello sir, myself ramesh, final year student.",
        "Good morning, this side ramesh.",
        "Hello from Tunde, a final year student in Ibadan.",
        "Hi, this is a message from Ana Lopez.",
        "Hi, I'm a nursing student, ANA LOPEZ.",
        "Hello Sam Ortiz here.",
        "It's me, Jordan.",
    ],
)
def test_a_window_with_a_name_or_a_word_in_its_place_may_identify(text):
    assert holds_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I'm a pre-med student and I'd love to ask about your path.",
        "Sir, I am a final year MCA student.",
        "Hello, I am calling from Rawalpindi,",
        "oh, it's you?",
        "Hello, sorry for my English, I am from Brazil",
        "Hi, um, so I'm, uh, I'm a junior in college",
        "Hi, I'm calling for Ms. Reyes.",
        "I'm really interested in how people get into speech therapy.",
        "Hi there, sorry, I've been on hold for about ten minutes.",
        "Hello, I'm a final year B.Tech student from Pune.",
        "Namaste sir, I am a final year student.",
        "I'm from northern Nigeria, a final year student.",
        "I am a student at the University of Nairobi.",
        "I'm a Ghanaian nurse.",
        "Hi Sarah, I'm a nursing student at Leeds.",  # the listener
        "Hi, I'm Priya's brother.",
        "Hi, I am calling from Rawalpindi, Dr. Khan suggested I call you.",
        "I'm a paralegal, calling about your work.",
        "I'm a teaching assistant here.",
        "Sir, I\u00b4m a final year MCA student.",  # another apostrophe
        "It's April, so the term is over.",
        "Hi there, I'm tryin' to reach Coach Billy Ray Jenkins.",
        "Hi, is Dana in today?",  # asking about someone
        "Is Dr. Patel available this afternoon?",
        "Hello is Kwame there",
        "Good morning, could I speak with Dana please?",
    ],
)
def test_a_window_with_no_name_does_not_identify(text):
    assert not holds_name(text)


def test_capitals_count_only_where_the_text_has_them():
    assert cased(Transcript.from_text("Hi, this is Ava.").words)
    assert cased(Transcript.from_text("hi, I'm a student").words)
    assert not cased(Transcript.from_text("Hi myself ramesh from chennai").words)
    assert not cased(Transcript.from_text("").words)


def test_a_described_caller_is_not_identified():
    """The model reads "I am calling from Rawalpindi" as an introduction (about 0.8); with no
    name in it, typed text gets no identification, but a hearing the recogniser was unsure of
    keeps it: the name may be what it garbled."""
    text = "Hello, I am calling from Rawalpindi, I'm a final year engineering student."
    typed = Transcript.from_text(text)
    assert not evaluate(typed).elements["identification"].covered
    unsure = Transcript(tuple(replace(w, probability=0.4) for w in typed.words))
    assert evaluate(unsure).elements["identification"].covered
    named = Transcript.from_text("Hello, I am Arjun, calling from Rawalpindi.")
    assert evaluate(named).elements["identification"].covered
