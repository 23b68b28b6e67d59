"""Scenario files: the built-ins load, and every kind of mistake is named by file and field."""

from __future__ import annotations

import pytest

from tests.conftest import run_trainer
from trainer.calls.scenario import OUTCOMES, ScenarioError, builtin_paths, find, load
from trainer.errors import InputError

GOOD = """
name = "mini"
description = "A tiny scenario"
start = "hello"

[characters.expert]
role = "Expert"
voice = "interviewee"

[states.hello]
speaker = "expert"
lines = ["Hello?"]
on = [
    { when = ["purpose"], goto = "yes" },
    { goto = "bye" },
]

[states.yes]
speaker = "expert"
lines = ["Sure."]
outcome = "connected"
end = true

[states.bye]
speaker = "expert"
lines = ["Bye."]
outcome = "declined"
end = true
"""


def write(tmp_path, text: str):
    p = tmp_path / "mine.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_builtins_load_and_cover_the_issue_list():
    names = set(builtin_paths())
    assert {
        "gatekeeper",
        "busy-expert",
        "friendly-expert",
        "skeptical-expert",
        "voicemail",
    } <= names
    for name in names:
        s = find(name)
        assert s.description and s.start in s.states
        assert all(st.outcome in (None, *OUTCOMES) for st in s.states.values())


def test_friendly_expert_answers_every_bank_question():
    from trainer.questions import bank

    answering = find("friendly-expert").states["answering"]
    assert {q.id for q in bank()} <= set(answering.answers)


def test_a_good_user_file_loads(tmp_path):
    s = load(write(tmp_path, GOOD))
    assert s.name == "mini" and set(s.states) == {"hello", "yes", "bye"}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            ('lines = ["Hello?"]', 'lines = ["Hello?"]\ncolour = "red"'),
            "states.hello.colour",
            "unknown key",
        ),
        (('goto = "yes"', 'goto = "maybe"'), "states.hello.on[0].goto", "no state named 'maybe'"),
        (('start = "hello"', 'start = "nowhere"'), "start", "no state named 'nowhere'"),
        (
            ('when = ["purpose"]', 'when = ["flattery"]'),
            "states.hello.on[0].when",
            "unknown intent",
        ),
        (
            ('voice = "interviewee"', 'voice = "robot"'),
            "characters.expert.voice",
            "no voice profile named 'robot'",
        ),
        (
            ('speaker = "expert"\nlines = ["Sure."]', 'speaker = "boss"\nlines = ["Sure."]'),
            "states.yes.speaker",
            "no character named 'boss'",
        ),
        (('outcome = "connected"', 'outcome = "won"'), "states.yes.outcome", "not one of"),
        (('    { goto = "bye" },\n', ""), "states.hello.on", "last rule must have no conditions"),
        (('lines = ["Bye."]', "lines = []"), "states.bye.lines", "non-empty list"),
        (
            ('outcome = "declined"', 'outcome = "declined"\nbeep = "yes"'),
            "states.bye.beep",
            "must be true or false",
        ),
        (
            ('lines = ["Sure."]', 'lines = ["Sure."]\nobjection_tip = "Say more."'),
            "states.yes.objection_tip",
            "needs an 'objection'",
        ),
    ],
)
def test_mistakes_name_the_file_and_field(tmp_path, change, field, words):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ScenarioError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert any(p.startswith(f"{field}: ") and words in p for p in info.value.problems), (
        info.value.problems
    )


def test_a_huge_scenario_file_is_refused_unread(tmp_path):
    path = write(tmp_path, GOOD + "#" * 1_100_000)
    with pytest.raises(InputError, match="too large for a scenario"):
        load(path)


def test_unreachable_states_are_reported(tmp_path):
    extra = GOOD + '\n[states.lonely]\nspeaker = "expert"\nlines = ["Hi"]\nend = true\n'
    with pytest.raises(ScenarioError) as info:
        load(write(tmp_path, extra))
    assert "states.lonely: unreachable from start state 'hello'" in info.value.problems


def test_a_call_that_can_never_end_is_refused(tmp_path):
    looping = GOOD.replace('goto = "yes"', 'goto = "hello"')
    looping = looping.replace('goto = "bye"', 'goto = "hello"')
    with pytest.raises(ScenarioError) as info:
        load(write(tmp_path, looping))
    assert any("no end state" in p for p in info.value.problems)


def test_scenarios_check_lists_every_problem_and_exits_2(tmp_path):
    bad = GOOD.replace('goto = "yes"', 'goto = "maybe"').replace('role = "Expert"', 'rolle = "x"')
    path = write(tmp_path, bad)
    r = run_trainer("scenarios", "check", str(path))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) >= 2 and all(line.startswith(f"{path}: ") for line in lines)
    assert "Traceback" not in r.stderr
    ok = run_trainer("scenarios", "check", str(write(tmp_path, GOOD)))
    assert ok.returncode == 0 and "ok" in ok.stdout


@pytest.mark.parametrize("content", ["this is [not toml", "", "name = 3\n", b"\xff\xfe\x00garbage"])
def test_malformed_scenario_file_gets_one_clear_line(tmp_path, content):
    path = tmp_path / "broken.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    r = run_trainer("call", str(path), "--user-text", "Hello", "--no-save")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"trainer: {path}: "), r.stderr


def test_unknown_scenario_name_lists_the_builtins():
    r = run_trainer("call", "receptionist-from-hell", "--user-text", "Hello", "--no-save")
    assert r.returncode == 2
    assert "no scenario named 'receptionist-from-hell'" in r.stderr and "gatekeeper" in r.stderr


def test_scenarios_lists_each_with_a_description():
    r = run_trainer("scenarios")
    assert r.returncode == 0
    for name in ("gatekeeper", "busy-expert", "friendly-expert", "skeptical-expert", "voicemail"):
        line = next(x for x in r.stdout.splitlines() if x.startswith(name))
        assert len(line.split(None, 1)[1]) > 20
