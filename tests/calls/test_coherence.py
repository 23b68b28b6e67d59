"""Coherence as a checked property: every built-in scenario's reachable paths are walked, and
the lint refuses each kind of line or ending that does not follow (the bugs of issue 13)."""

from __future__ import annotations

import re

import pytest
import tomllib

from tests.calls.test_engine import play
from tests.conftest import run_trainer
from trainer.calls import lint
from trainer.calls.scenario import builtin_paths, load

HEAD = """
name = "mini"
description = "A tiny scenario"
start = "hello"

[characters.expert]
role = "Expert"
voice = "interviewee"
"""
BYE = """
[states.bye]
speaker = "expert"
lines = ["Bye."]
outcome = "declined"
end = true
"""


def lint_text(tmp_path, states: str) -> list[str]:
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + states + BYE, encoding="utf-8")
    return lint.check(load(path))


@pytest.mark.parametrize("name", sorted(builtin_paths()))
def test_every_path_of_every_built_in_scenario_is_coherent(name):
    assert lint.check(load(builtin_paths()[name])) == []


def test_like_i_said_before_anything_was_said_is_refused(tmp_path):
    problems = lint_text(
        tmp_path,
        """
[states.hello]
speaker = "expert"
lines = ["Morgan Blake."]
on = [{ when = ["job_ask"], goto = "no" }, { goto = "bye" }]

[states.no]
speaker = "expert"
lines = ["Like I said, we're not hiring. Goodbye."]
outcome = "declined"
end = true
""",
    )
    assert len(problems) == 1 and "states.no.lines" in problems[0] and "refers back" in problems[0]


def test_what_else_before_any_question_was_answered_is_refused(tmp_path):
    problems = lint_text(
        tmp_path,
        """
[states.hello]
speaker = "expert"
lines = ["Sure. What do you want to know?"]
outcome = "connected"
next = "more"

[states.more]
speaker = "expert"
lines = ["What else?"]
answers.default = ["It depends."]
on = [{ when = ["goodbye"], goto = "bye" }, { goto = "more" }]
""",
    )
    lines = [p for p in problems if "states.more.lines" in p]
    assert lines and "before any question was answered" in lines[0]


def test_a_hostile_caller_led_to_a_message_left_without_a_number_is_refused(tmp_path):
    problems = lint_text(
        tmp_path,
        """
[states.hello]
speaker = "expert"
lines = ["Can I take a message?"]
on = [{ when = ["silence"], goto = "bye" }, { goto = "taken" }]

[states.taken]
speaker = "expert"
lines = ["Thank you, I'll pass that along to her today. Goodbye."]
outcome = "message_left"
end = true
""",
    )
    assert any("hostile caller must be declined" in p for p in problems)
    assert any("never left a way to reach them" in p for p in problems)


def test_a_callback_scheduled_before_the_caller_accepted_a_time_is_refused(tmp_path):
    problems = lint_text(
        tmp_path,
        """
[states.hello]
speaker = "expert"
lines = ["I'm busy."]
on = [{ when = ["callback"], goto = "schedule" }, { goto = "bye" }]

[states.schedule]
speaker = "expert"
lines = ["How about Thursday at ten?"]
outcome = "scheduled_callback"
on = [{ when = ["no"], goto = "bye" }, { goto = "done" }]

[states.done]
speaker = "expert"
lines = ["Great, I've made a note."]
end = true
""",
    )
    assert any("scheduled_callback without the caller accepting" in p for p in problems)


def test_scenarios_check_runs_the_coherence_lint(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        HEAD
        + """
[states.hello]
speaker = "expert"
lines = ["Hello."]
on = [{ when = ["job_ask"], goto = "no" }, { goto = "bye" }]

[states.no]
speaker = "expert"
lines = ["As I mentioned, no jobs. Goodbye."]
outcome = "declined"
end = true
"""
        + BYE,
        encoding="utf-8",
    )
    r = run_trainer("scenarios", "check", str(path))
    assert r.returncode == 2 and "refers back" in r.stderr and "Traceback" not in r.stderr
    ok = run_trainer("scenarios", "check", str(builtin_paths()["busy-expert"]))
    assert ok.returncode == 0, ok.stderr


def test_a_rude_caller_is_declined_not_given_a_message(tmp_path):
    conv, said = play(
        "gatekeeper", "Hi, could I speak to Dana Reyes?", "None of your business. Forget it."
    )
    assert conv.ended and conv.outcome == "declined"
    assert not any("pass that along" in line for line in said)


def test_an_off_topic_caller_gets_no_message_left():
    conv, _ = play(
        "gatekeeper",
        "Did you see the game last night?",
        "I want to order a pizza.",
        "Yes.",
        "My cat is called Felix.",
        "I like turtles.",
    )
    assert conv.outcome != "message_left"


def test_a_different_callback_time_is_caught_and_said(tmp_path):
    conv, said = play(
        "busy-expert",
        "Hi Dana, it's Jordan Lee, a nursing student.",
        "Of course. Could I call you back another time?",
        "Great, Thursday at 2 works, thanks.",
        seed=0,
    )
    offered = next(line for line in said if "How about" in line or "try me" in line)
    assert conv.time_mismatches and conv.time_mismatches[0]["heard"].lower().endswith("2")
    assert "not Thursday at 2" in said[-1] and conv.offered.text in offered
    conv.hang_up()
    assert conv.outcome != "scheduled_callback"


def test_the_offered_time_accepted_is_a_scheduled_callback():
    conv, said = play(
        "busy-expert",
        "Hi Dana, it's Jordan Lee, a nursing student.",
        "Of course. Could I call you back another time?",
        "Yes, that works.",
        seed=0,
    )
    assert conv.outcome == "scheduled_callback" and not conv.time_mismatches
    conv2, said2 = play("busy-expert", "Hi, it's Jordan. Could I call you back Friday at 3?")
    assert conv2.outcome == "scheduled_callback" and "Friday at 3" in said2[1]


@pytest.mark.parametrize("name", sorted(builtin_paths()))
def test_no_line_guesses_the_experts_gender(name):
    """The expert comes from the caller's field (Sam Okafor, Robin Hayes...): lines name them
    ({expert}) or say "we", never "she" or "he"."""
    raw = tomllib.loads(builtin_paths()[name].read_text(encoding="utf-8"))
    texts = [
        text
        for state in raw.get("states", {}).values()
        for key in ("lines", "objection", "objection_tip")
        for text in ([state[key]] if isinstance(state.get(key), str) else state.get(key, []))
    ]
    assert texts
    gendered = [t for t in texts if re.search(r"\b(she|her|hers|he|him|his)\b|\bshe's\b", t, re.I)]
    assert gendered == []
