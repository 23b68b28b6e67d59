"""The exact name frames: a caller's own name in the usual frames counts even when the name is
also a word, and other people's names, places and possessives do not."""

from __future__ import annotations

import pytest

from trainer.scoring.elements import NOT_NAMES
from trainer.scoring.feedback import evaluate
from trainer.scoring.names import introduced_name
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
