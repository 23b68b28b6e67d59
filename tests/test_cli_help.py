"""Every command explains itself: a help line per option, and examples that run as written."""

from __future__ import annotations

import argparse
import shlex

import pytest

from trainer import cli
from trainer.cli_examples import EXAMPLES

PARSERS = list(cli.command_parsers().items())
SILENT = (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)


def _argv(example: str) -> list[str]:
    """The trainer arguments of an example: no VAR=value prefix, nothing after && or |."""
    words = shlex.split(example)
    for stop in ("&&", "|"):
        if stop in words:
            words = words[: words.index(stop)]
    while words and "=" in words[0]:
        words.pop(0)
    assert words[0] == "trainer", example
    return words[1:]


@pytest.mark.parametrize("path,parser", PARSERS, ids=[p or "trainer" for p, _ in PARSERS])
def test_every_option_has_a_help_line(path, parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help, f"trainer {path} {choice.dest}: no help line"
        elif not isinstance(action, SILENT):
            assert action.help and action.help.strip(), f"trainer {path} {action.dest}: no help"


@pytest.mark.parametrize("path,parser", PARSERS, ids=[p or "trainer" for p, _ in PARSERS])
def test_help_ends_with_two_or_three_examples_that_parse(path, parser):
    text = parser.format_help().rstrip("\n")
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line == "examples:")
    examples = [line.strip() for line in lines[start + 1 :]]
    assert 2 <= len(examples) <= 3, (path, examples)
    for example in examples:
        try:
            cli.build_parser().parse_args(_argv(example))
        except SystemExit:  # pragma: no cover - the message is on stderr
            pytest.fail(f"trainer {path}: example does not parse: {example}")


@pytest.mark.parametrize(
    "command", ["play", "progress", "history", "show", "export", "report", "delete"]
)
def test_commands_that_keep_nothing_do_not_claim_profile_keeps_a_history(command):
    parser = dict(PARSERS)[command]
    profile = next(a for a in parser._actions if a.dest == "profile")
    assert "separate history" not in profile.help and "keep" not in profile.help


def test_commands_that_save_say_profile_keeps_a_separate_history():
    for command in ("score", "practice", "call"):
        profile = next(a for a in dict(PARSERS)[command]._actions if a.dest == "profile")
        assert "separate history" in profile.help


def _argparse_tree(parser: argparse.ArgumentParser, path: str = ""):
    """Every (path, parser) argparse itself holds, read from its internals (tests only)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _argparse_tree(sub, f"{path} {name}".strip())


def test_every_command_is_known_by_its_path_and_has_examples():
    """A subcommand added around cli.Commands would escape the help and examples checks."""
    known = cli.command_parsers()
    held = dict(_argparse_tree(known[""]))
    assert held.keys() == known.keys()
    assert all(held[path] is known[path] for path in held)
    assert set(EXAMPLES) == set(known)  # every command has examples, and no stale ones
