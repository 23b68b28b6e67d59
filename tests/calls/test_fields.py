"""Characters who know the caller's field: scenarios/fields/*.toml give the expert and the
answers; --field picks one (or the generic one), and the lines and answers follow it."""

from __future__ import annotations

import pytest

from trainer.calls import fields
from trainer.calls.engine import Conversation
from trainer.calls.intents import classify
from trainer.calls.scenario import builtin_paths, find
from trainer.questions import bank
from trainer.transcript import Transcript


def test_at_least_twelve_fields_and_a_generic_one_answer_from_the_question_bank():
    known = fields.paths()
    assert fields.GENERIC in known and len(known) >= 13
    ids = {q.id for q in bank()} | {"default"}
    for path in known.values():
        f = fields.load(path)
        assert f.expert and f.employer and f.role
        assert set(f.answers) <= ids and len(f.answers) >= 10, f.id


@pytest.mark.parametrize(
    "text, fid",
    [
        ("pediatric nursing", "nursing"),
        ("nurse manager", "nursing"),
        ("Google", "software"),
        ("user research", "design"),
        ("a law firm", "law"),
        ("electrician", "skilled-trades"),
        ("building site carpentry", "construction-trades"),
        ("astronaut", "generic"),
        (None, "generic"),
    ],
)
def test_a_field_text_picks_the_field(text, fid):
    assert fields.match(text).id == fid


def test_the_expert_greets_and_answers_from_the_field():
    scenario = find("friendly-expert", "pediatric nursing")
    nursing = fields.match("nursing")
    greetings = " ".join(scenario.states["greeting"].lines)
    assert nursing.expert in greetings and nursing.employer in greetings
    assert nursing.role in greetings
    assert all("{" not in line for _, line in scenario.all_lines())
    conv = Conversation(scenario, 0)
    conv.opening()
    for text in (
        "Hi, I'm Jordan Lee, a nursing student, and I'd love your advice about your career.",
        "What qualities do you need to succeed in this work?",
    ):
        said = conv.reply(classify(Transcript.from_text(text).words), text)
    assert said[-1].text in nursing.answers["qualities"]
    assert "clients" not in said[-1].text


def test_every_scenario_speaks_every_field_without_placeholders_left():
    for path in builtin_paths().values():
        for fid in fields.paths():
            scenario = find(str(path), fid.replace("-", " "))
            for _, line in scenario.all_lines():
                assert not any(p in line for p in fields.PLACEHOLDERS), (path.name, fid, line)


@pytest.mark.parametrize("name", sorted(builtin_paths()))
def test_no_placeholder_is_left_in_what_the_report_quotes(name):
    """The gatekeeper's objection tip said "I'm calling {expert} for some career advice." in
    the report: objections and their tips are filled from the field like the lines."""
    for state in find(name, "nursing").states.values():
        for text in (state.objection or "", state.objection_tip or ""):
            assert "{" not in text, (name, state.id, text)
