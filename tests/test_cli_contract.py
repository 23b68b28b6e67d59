"""The command line is a contract other tools rely on: every command name, flag, default and
the names the commands read (the parsed namespace) stay exactly as they are. Help text may
improve; these may not change without breaking someone's scripts."""

from __future__ import annotations

import re

import pytest

from trainer import cli

# Added by the parser for dispatch (which function runs), not an option of any command.
INTERNAL = {"func"}

COMMANDS = [
    "score",
    "practice",
    "devices",
    "play",
    "script",
    "questions",
    "call",
    "scenarios",
    "voices",
    "ui",
    "demo",
    "progress",
    "history",
    "show",
    "export",
    "delete",
    "report",
    "doctor",
]
SCRIPT_ACTIONS = ["new", "edit", "show", "list", "use", "delete", "rename", "say"]

CALL_DEFAULTS = {
    "command": "call",
    "profile": "default",
    "scenario": "gatekeeper",
    "user_audio": None,
    "user_text": None,
    "record": None,
    "force": False,
    "field": None,
    "fast": False,
    "no_audio": False,
    "json": False,
    "seed": None,
    "device": None,
    "output_device": None,
    "silence": 1.5,
    "wait": 6.0,
    "no_save": False,
    "model": None,
}

# (argv, the namespace the command receives): once with defaults, once with every option.
PARSED = [
    (
        ["score"],
        {
            "command": "score",
            "profile": "default",
            "audio": [],
            "text": None,
            "script": None,
            "json": False,
            "model": None,
            "no_save": False,
            "no_script": False,
            "replay": False,
            "no_replay": False,
        },
    ),
    (
        "score a.wav b.wav --text t --script s.txt --json --model base --no-save --no-script "
        "--replay --no-replay --profile sam".split(),
        {
            "command": "score",
            "profile": "sam",
            "audio": ["a.wav", "b.wav"],
            "text": "t",
            "script": "s.txt",
            "json": True,
            "model": "base",
            "no_save": True,
            "no_script": True,
            "replay": True,
            "no_replay": True,
        },
    ),
    (
        ["practice"],
        {
            "command": "practice",
            "profile": "default",
            "script": None,
            "device": None,
            "mic_file": None,
            "json": False,
            "silence": 2.5,
            "max_seconds": 180.0,
            "wait": 15.0,
            "no_opening": False,
            "no_save": False,
            "no_script": False,
            "model": None,
        },
    ),
    (
        "practice --script s.txt --device 2 --mic-file m.wav --json --silence 3 --max-seconds 60 "
        "--wait 5 --no-opening --no-save --no-script --model base --profile sam".split(),
        {
            "command": "practice",
            "profile": "sam",
            "script": "s.txt",
            "device": "2",
            "mic_file": "m.wav",
            "json": True,
            "silence": 3.0,
            "max_seconds": 60.0,
            "wait": 5.0,
            "no_opening": True,
            "no_save": True,
            "no_script": True,
            "model": "base",
        },
    ),
    (["devices"], {"command": "devices", "check_input": False}),
    (["devices", "--check-input"], {"command": "devices", "check_input": True}),
    (["play", "LAST"], {"command": "play", "profile": "default", "which": "LAST"}),
    (["play", "12", "--profile", "sam"], {"command": "play", "profile": "sam", "which": "12"}),
    (["script"], {"command": "script", "action": None}),
    (
        ["script", "new"],
        {
            "command": "script",
            "action": "new",
            "name": None,
            "background": None,
            "field": None,
            "kind": None,
            "referral": None,
            "minutes": None,
            "style": None,
            "save_as": None,
            "force": False,
            "no_input": False,
        },
    ),
    (
        "script new --name N --background B --field F --kind role --referral R --minutes 10 "
        "--style brief --as x --force --no-input".split(),
        {
            "command": "script",
            "action": "new",
            "name": "N",
            "background": "B",
            "field": "F",
            "kind": "role",
            "referral": "R",
            "minutes": 10,
            "style": "brief",
            "save_as": "x",
            "force": True,
            "no_input": True,
        },
    ),
    (["script", "edit"], {"command": "script", "action": "edit", "name": None}),
    (["script", "edit", "x"], {"command": "script", "action": "edit", "name": "x"}),
    (["script", "show"], {"command": "script", "action": "show", "name": None}),
    (["script", "list"], {"command": "script", "action": "list"}),
    (["script", "use", "x"], {"command": "script", "action": "use", "name": "x"}),
    (
        ["script", "delete", "x", "-y"],
        {"command": "script", "action": "delete", "name": "x", "yes": True},
    ),
    (
        ["script", "delete", "x"],
        {"command": "script", "action": "delete", "name": "x", "yes": False},
    ),
    (
        ["script", "rename", "x", "y"],
        {"command": "script", "action": "rename", "name": "x", "new_name": "y"},
    ),
    (
        ["script", "say"],
        {
            "command": "script",
            "action": "say",
            "name": None,
            "voice": "caller",
            "out": None,
            "force": False,
        },
    ),
    (
        "script say x --voice skeptic --out o.wav --force".split(),
        {
            "command": "script",
            "action": "say",
            "name": "x",
            "voice": "skeptic",
            "out": "o.wav",
            "force": True,
        },
    ),
    (
        ["questions"],
        {
            "command": "questions",
            "action": None,
            "category": None,
            "pick": None,
            "ids": None,
            "script_name": None,
            "json": False,
        },
    ),
    (
        "questions plan --category career --pick 4 --ids a,b --script x --json".split(),
        {
            "command": "questions",
            "action": "plan",
            "category": "career",
            "pick": 4,
            "ids": "a,b",
            "script_name": "x",
            "json": True,
        },
    ),
    (["call", "gatekeeper"], CALL_DEFAULTS),
    (
        "call g.toml --user-audio a.wav b.wav --record r.wav --force --field F --fast --no-audio "
        "--json "
        "--seed 3 --device 1 --output-device 2 --silence 2 --wait 7 --no-save --model base "
        "--profile sam".split(),
        {
            "command": "call",
            "profile": "sam",
            "scenario": "g.toml",
            "user_audio": ["a.wav", "b.wav"],
            "user_text": None,
            "record": "r.wav",
            "force": True,
            "field": "F",
            "fast": True,
            "no_audio": True,
            "json": True,
            "seed": 3,
            "device": "1",
            "output_device": "2",
            "silence": 2.0,
            "wait": 7.0,
            "no_save": True,
            "model": "base",
        },
    ),
    (
        ["call", "gatekeeper", "--user-text", "hi", "there"],
        {**CALL_DEFAULTS, "user_text": ["hi", "there"]},
    ),
    (["scenarios"], {"command": "scenarios", "action": None, "file": None, "json": False}),
    (
        ["scenarios", "check", "f.toml", "--json"],
        {"command": "scenarios", "action": "check", "file": "f.toml", "json": True},
    ),
    (
        ["voices"],
        {
            "command": "voices",
            "action": None,
            "profile": None,
            "text": None,
            "out": None,
            "force": False,
            "all": False,
            "json": False,
        },
    ),
    (
        "voices say caller hello --out o.wav --force --all --json".split(),
        {
            "command": "voices",
            "action": "say",
            "profile": "caller",
            "text": "hello",
            "out": "o.wav",
            "force": True,
            "all": True,
            "json": True,
        },
    ),
    (["ui"], {"command": "ui", "profile": "default", "port": None, "no_browser": False}),
    (
        "ui --port 8800 --no-browser --profile sam".split(),
        {"command": "ui", "profile": "sam", "port": 8800, "no_browser": True},
    ),
    (["demo"], {"command": "demo", "no_play": False, "json": False, "model": None}),
    (
        "demo --no-play --json --model base".split(),
        {"command": "demo", "no_play": True, "json": True, "model": "base"},
    ),
    (["progress"], {"command": "progress", "profile": "default", "json": False}),
    (
        "progress --json --profile sam".split(),
        {"command": "progress", "profile": "sam", "json": True},
    ),
    (["history"], {"command": "history", "profile": "default", "json": False, "limit": 50}),
    (
        "history --json --limit 5 --profile sam".split(),
        {"command": "history", "profile": "sam", "json": True, "limit": 5},
    ),
    (["show", "3"], {"command": "show", "profile": "default", "id": 3, "json": False}),
    (
        "show 3 --json --profile sam".split(),
        {"command": "show", "profile": "sam", "id": 3, "json": True},
    ),
    (
        ["export", "--csv"],
        {
            "command": "export",
            "profile": "default",
            "csv": True,
            "json": False,
            "output": None,
            "force": False,
        },
    ),
    (
        "export --json -o f.json --force --profile sam".split(),
        {
            "command": "export",
            "profile": "sam",
            "csv": False,
            "json": True,
            "output": "f.json",
            "force": True,
        },
    ),
    (
        "export --csv --output f.csv".split(),
        {
            "command": "export",
            "profile": "default",
            "csv": True,
            "json": False,
            "output": "f.csv",
            "force": False,
        },
    ),
    (["delete", "4"], {"command": "delete", "profile": "default", "id": 4, "yes": False}),
    (
        "delete 4 --yes --profile sam".split(),
        {"command": "delete", "profile": "sam", "id": 4, "yes": True},
    ),
    (
        ["report", "--html", "p.html"],
        {"command": "report", "profile": "default", "html": "p.html", "force": False},
    ),
    (
        "report --html p.html --force --profile sam".split(),
        {"command": "report", "profile": "sam", "html": "p.html", "force": True},
    ),
    (["doctor"], {"command": "doctor"}),
]


@pytest.fixture(autouse=True)
def _no_profile_from_the_environment(monkeypatch):
    monkeypatch.delenv("TRAINER_PROFILE", raising=False)


def _parse(argv: list[str]) -> dict:
    """What the command receives, without the parser's own dispatch entries."""
    parsed = vars(cli.build_parser().parse_args(argv))
    return {k: v for k, v in parsed.items() if k not in INTERNAL}


def _choices(argv: list[str], capsys) -> list[str]:
    """The names argparse offers after an unknown one, in order."""
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(argv)
    assert exit_.value.code == 2
    offered = capsys.readouterr().err.split("choose from", 1)[1]
    return re.findall(r"[a-z][a-z-]*", offered)


@pytest.mark.parametrize("argv,expected", PARSED, ids=[" ".join(a) for a, _ in PARSED])
def test_every_flag_reaches_the_command_under_its_name(argv, expected):
    assert _parse(argv) == expected


def test_the_commands_and_script_actions_are_these_in_this_order(capsys):
    assert _choices(["no-such-command"], capsys) == COMMANDS
    assert _choices(["script", "no-such-action"], capsys) == SCRIPT_ACTIONS


def test_trainer_profile_sets_the_default_profile(monkeypatch):
    monkeypatch.setenv("TRAINER_PROFILE", "sam")
    assert _parse(["history"])["profile"] == "sam"
    assert _parse(["history", "--profile", "ann"])["profile"] == "ann"


@pytest.mark.parametrize(
    "argv",
    [
        ["call", "gatekeeper", "--user-text", "hi", "--user-audio", "a.wav"],
        ["export"],
        ["export", "--csv", "--json"],
        ["report"],
        ["script", "new", "--kind", "planet"],
        ["show", "abc"],
        ["questions", "list"],
    ],
)
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(argv)
    assert exit_.value.code == 2


def test_no_replay_is_accepted_but_not_advertised(capsys):
    assert _parse(["score", "--no-replay"])["no_replay"] is True  # kept: scripts may pass it
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["score", "--help"])
    assert "--no-replay" not in capsys.readouterr().out
