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


# Scenario-level rules: every listening state follows them unless it has its own.
DEFAULTS = """
name = "mini"
description = "A tiny scenario with default rules"
start = "hello"

[defaults]
on = [
    { when = ["hostile"], goto = "bye", handled = false },
    { when = ["silence"], goto = "still" },
]

[characters.expert]
role = "Expert"
voice = "interviewee"

[states.hello]
speaker = "expert"
lines = ["Hello?"]
on = [
    { had = ["purpose"], goto = "ask" },
    { goto = "bye" },
]

[states.ask]
speaker = "expert"
lines = ["Is this about a job?"]
objection = "Is this about a job?"
on = [
    { when = ["silence"], goto = "bye" },
    { when = ["denies_job"], goto = "yes", handled = true },
    { goto = "quiet", handled = false },
]

[states.quiet]
speaker = "expert"
lines = ["Well?"]
defaults = ["hostile"]
on = [{ goto = "bye" }]

[states.still]
speaker = "expert"
lines = ["Still there?"]
returns = true
on = [{ when = ["silence"], goto = "bye" }]

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


def goto(scenario, state: str, *intents: str) -> str:
    """Where a turn of these intents leads from `state`, by the engine's own choice."""
    from trainer.calls.engine import Conversation
    from trainer.calls.intents import TurnIntents

    conv = Conversation(scenario, seed=0)
    conv.state = scenario.states[state]
    said = conv.reply(TurnIntents(frozenset(intents)))
    return said[0].state if said else conv.state.id


def test_default_rules_come_first_in_every_listening_state(tmp_path):
    s = load(write(tmp_path, DEFAULTS))
    hello = s.states["hello"]
    assert [r.goto for r in hello.on] == ["bye", "still", "ask", "bye"]
    # Hostile wins over the state's own rules, whatever else the turn held.
    assert goto(s, "hello", "purpose", "hostile") == "bye"
    assert goto(s, "hello", "purpose") == "ask"
    assert goto(s, "hello", "silence") == "still"


def test_a_state_overrides_a_default_with_its_own_rule_or_opts_out(tmp_path):
    s = load(write(tmp_path, DEFAULTS))
    assert goto(s, "ask", "silence") == "bye"  # its own silence rule, not the default
    assert [r.goto for r in s.states["ask"].on] == ["bye", "bye", "yes", "quiet"]
    assert goto(s, "quiet", "silence") == "bye"  # only the hostile default: silence is "otherwise"
    assert [r.when for r in s.states["quiet"].on] == [frozenset({"hostile"}), frozenset()]
    none = load(write(tmp_path, DEFAULTS.replace('defaults = ["hostile"]', "defaults = false")))
    assert [r.when for r in none.states["quiet"].on] == [frozenset()]


def test_a_default_rule_keeps_its_objection_verdict(tmp_path):
    from trainer.calls.engine import Conversation
    from trainer.calls.intents import TurnIntents

    conv = Conversation(load(write(tmp_path, DEFAULTS)), seed=0)
    conv.opening()
    conv.reply(TurnIntents(frozenset({"purpose"})))
    conv.reply(TurnIntents(frozenset({"hostile"})))
    assert [(o.state, o.handled) for o in conv.objections] == [("ask", False)]


def test_a_returning_state_hands_back_to_the_state_whose_defaults_apply(tmp_path):
    from trainer.calls.engine import Conversation
    from trainer.calls.intents import TurnIntents

    s = load(write(tmp_path, DEFAULTS))
    assert [r.goto for r in s.states["still"].on] == ["bye"]  # no defaults of its own
    conv = Conversation(s, seed=0)
    conv.opening()
    assert [u.state for u in conv.reply(TurnIntents(frozenset({"silence"})))] == ["still"]
    # Hostile after "still there?": handed back to hello, whose default rule declines.
    assert [u.state for u in conv.reply(TurnIntents(frozenset({"hostile"})))] == ["bye"]


def test_reachability_and_the_end_follow_default_rules(tmp_path):
    # The only way to the end is a default rule: the call can end, and `bye` is reachable.
    loop = """
name = "loop"
description = "Only the default rule ends it"
start = "hello"

[defaults]
on = [{ when = ["hostile"], goto = "bye" }]

[characters.expert]
role = "Expert"
voice = "interviewee"

[states.hello]
speaker = "expert"
lines = ["Hello?"]
on = [{ goto = "hello" }]

[states.bye]
speaker = "expert"
lines = ["Bye."]
end = true
"""
    assert load(write(tmp_path, loop)).states["hello"].on[0].goto == "bye"
    opted_out = loop.replace('lines = ["Hello?"]', 'lines = ["Hello?"]\ndefaults = false')
    with pytest.raises(ScenarioError) as info:
        load(write(tmp_path, opted_out))
    assert "states.bye: unreachable from start state 'hello'" in info.value.problems
    assert any("no end state" in p for p in info.value.problems)


def test_a_default_catch_all_is_what_happens_otherwise(tmp_path):
    text = DEFAULTS.replace(
        '    { when = ["silence"], goto = "still" },\n',
        '    { when = ["silence"], goto = "still" },\n    { goto = "bye" },\n',
    )
    text = text.replace(
        'defaults = ["hostile"]\non = [{ goto = "bye" }]', 'on = [{ when = ["yes"], goto = "yes" }]'
    )
    s = load(write(tmp_path, text))
    assert goto(s, "quiet", "no") == "bye" and goto(s, "quiet", "yes") == "yes"
    assert goto(s, "hello", "no") == "bye"  # hello's own catch-all, not the default's
    assert [r.goto for r in s.states["hello"].on] == ["bye", "still", "ask", "bye"]
    # A list of intents picks the rules that react to them: not the catch-all.
    picky = text.replace('on = [{ when = ["yes"]', 'defaults = ["hostile"]\non = [{ when = ["yes"]')
    with pytest.raises(ScenarioError) as info:
        load(write(tmp_path, picky))
    assert any(p.startswith("states.quiet.on: ") for p in info.value.problems)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('goto = "bye", handled', 'goto = "nowhere", handled'), "defaults.on[0].goto", "no state"),
        (('when = ["hostile"]', 'when = ["rudeness"]'), "defaults.on[0].when", "unknown intent"),
        (("[defaults]\n", '[defaults]\ncolour = "red"\n'), "defaults.colour", "unknown key"),
        (
            (
                '    { when = ["hostile"], goto',
                '    { goto = "bye" },\n    { when = ["hostile"], goto',
            ),
            "defaults.on[0]",
            "must come last",
        ),
        (
            ('on = [\n    { when = ["hostile"]', 'rules = [\n    { when = ["hostile"]'),
            "defaults.on",
            "missing",
        ),
        (
            ('defaults = ["hostile"]', 'defaults = ["job_ask"]'),
            "states.quiet.defaults",
            "no rule in [defaults]",
        ),
        (
            ('defaults = ["hostile"]', 'defaults = ["flattery"]'),
            "states.quiet.defaults",
            "unknown intent",
        ),
        (('defaults = ["hostile"]', 'defaults = "yes"'), "states.quiet.defaults", "true, false"),
        (
            ('outcome = "connected"', 'outcome = "connected"\ndefaults = true'),
            "states.yes.defaults",
            "only a state that listens",
        ),
        (
            ('on = [{ goto = "bye" }]', 'on = [{ when = ["yes"], goto = "bye" }]'),
            "states.quiet.on",
            "last rule must have no conditions",
        ),
    ],
)
def test_mistakes_in_default_rules_name_the_file_and_field(tmp_path, change, field, words):
    old, new = change
    assert old in DEFAULTS
    path = write(tmp_path, DEFAULTS.replace(old, new, 1))
    with pytest.raises(ScenarioError) as info:
        load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert any(p.startswith(f"{field}: ") and words in p for p in info.value.problems), (
        info.value.problems
    )


def test_a_state_with_only_default_rules_needs_a_catch_all(tmp_path):
    text = DEFAULTS.replace('defaults = ["hostile"]\non = [{ goto = "bye" }]\n', "")
    with pytest.raises(ScenarioError) as info:
        load(write(tmp_path, text))
    assert any(p.startswith("states.quiet: ") and "no conditions" in p for p in info.value.problems)


def test_scenarios_check_validates_default_rules(tmp_path):
    ok = run_trainer("scenarios", "check", str(write(tmp_path, DEFAULTS)))
    assert ok.returncode == 0, ok.stderr
    path = write(tmp_path, DEFAULTS.replace('goto = "still"', 'goto = "gone"'))
    r = run_trainer("scenarios", "check", str(path))
    assert r.returncode == 2
    assert f"{path}: defaults.on[1].goto: no state named 'gone'" in r.stderr


def test_scenarios_and_turns_share_one_intent_vocabulary(tmp_path):
    """Issue 16: the vocabulary lives once (understanding/labels.py); a rule may name every
    intent a turn can carry, and the engine adds no intent a rule could not name."""
    from trainer.calls.engine import Conversation
    from trainer.calls.intents import TurnIntents, classify
    from trainer.understanding.labels import INTENT_OF_LABEL, INTENTS, LABELS

    every = ", ".join(f'{{ when = ["{i}"], goto = "yes" }}' for i in INTENTS)
    s = load(write(tmp_path, GOOD.replace('{ when = ["purpose"], goto = "yes" },', every + ",")))
    assert {i for r in s.states["hello"].on for i in r.when} == set(INTENTS)
    assert {INTENT_OF_LABEL[label] for label in LABELS} <= set(INTENTS)
    assert classify([]).intents <= set(INTENTS)
    conv = Conversation(find("busy-expert"), seed=0)
    conv.opening()
    conv.reply(TurnIntents(frozenset({"callback"})), "Could I call you back?")
    conv.reply(TurnIntents(frozenset({"yes"})), "Yes, Friday at 9 pm.")  # not the time offered
    assert {"time_given", "time_mismatch"} <= conv.so_far <= set(INTENTS)
