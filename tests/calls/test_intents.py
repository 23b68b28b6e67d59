"""Turn intents, including the slips a recogniser makes."""

from __future__ import annotations

import pytest

from trainer.calls.intents import classify
from trainer.questions import bank
from trainer.transcript import Transcript


def intents(text: str) -> set[str]:
    return set(classify(Transcript.from_text(text).words).intents)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "Hi, this is Jordan Lee calling for some advice about your career.",
            {"identified", "purpose"},
            {"job_ask"},
        ),
        ("Jordan Lee.", {"identified"}, {"purpose"}),
        ("Grace.", {"identified"}, {"yes"}),
        ("Absolutely.", {"yes"}, {"identified"}),  # a reply, not a name
        ("Cheers.", {"thanks"}, {"identified"}),
        ("Pardon?", set(), {"identified"}),
        ("Are you hiring right now?", {"job_ask"}, {"denies_job", "purpose"}),
        (
            "No, I'm not looking for a job, just information about the field.",
            {"denies_job", "no", "purpose"},
            {"job_ask"},
        ),
        ("Of course. Could I call you back Thursday at ten?", {"callback", "yes"}, {"job_ask"}),
        ("When would be a better time to reach you?", {"callback"}, set()),
        ("Thank you so much for your time, goodbye.", {"goodbye", "thanks"}, {"question"}),
        ("My number is 555 123 4567.", {"contact"}, set()),
        ("What is our good time? Would you have 15 minutes?", {"time"}, {"question"}),
        ("What do you find most satisfying about your work?", {"question"}, {"job_ask"}),
        ("Sure.", {"yes"}, {"identified"}),
        ("Evening.", set(), {"identified"}),  # a greeting, not a name
        ("Cheerio.", set(), {"identified"}),
        ("Exactly.", set(), {"identified"}),
    ],
)
def test_intents(text, present, absent):
    found = intents(text)
    assert present <= found, found
    assert not (absent & found), found


def test_silence_is_its_own_intent():
    assert classify([]).intents == {"silence"}


def test_questions_are_matched_to_the_bank_and_typed_open_or_yes_no():
    r = classify(
        Transcript.from_text(
            "Great, thanks. And what qualities do you need? Do you enjoy it? Is now a good time?"
        ).words
    )
    qs = [q.to_dict() for q in r.questions]
    assert [q["open"] for q in qs] == [True, False]  # the convenience check is not a question
    assert "qualities" in qs[0]["ids"] and "satisfying" in qs[1]["ids"]


def test_statements_are_not_questions():
    r = classify(Transcript.from_text("I studied biology and I love learning new things.").words)
    assert not r.questions


def test_a_wish_to_know_is_kept_as_a_question_for_the_expert_to_answer():
    """ "I'd be keen to know what the training pathway looked like" reads as a purpose (as it
    would in an intro), so it is not the `question` intent; it is kept apart as a wish, open
    and matched to the bank, for a character who is answering questions."""
    turn = classify(
        Transcript.from_text(
            "I'd be keen to know what the training pathway looked like for you."
        ).words
    )
    assert "question" not in turn.intents
    assert [q.open for q in turn.wishes] == [True]
    assert "training" in turn.wishes[0].ids
    plain = classify(Transcript.from_text("I'd love to learn about your work.").words)
    assert plain.wishes == ()
    hiring = classify(Transcript.from_text("I'd love to know whether you're hiring.").words)
    assert hiring.wishes == ()


@pytest.mark.parametrize("question", bank(), ids=lambda q: q.id)
def test_the_questions_trainer_suggests_are_never_read_as_job_asks(question):
    """The question bank is what `trainer questions` tells callers to ask; asking one must
    not end the call as a job ask ("Does your organisation offer training or support for
    professional development?" read 0.94 as one, and the friendly expert hung up). These texts
    are in the training data, so this is a guarantee, not a measure of accuracy."""
    turn = classify(Transcript.from_text(question.text).words)
    assert "question" in turn.intents and "job_ask" not in turn.intents
    assert any(question.id in q.ids for q in turn.questions)


@pytest.mark.parametrize(
    "text", ["Sorry, could you say that again?", "Pardon?", "Sorry, what time did you say?"]
)
def test_asking_to_hear_it_again_is_its_own_intent(text):
    assert intents(text) & {"repeat", "question", "identified"} == {"repeat"}
