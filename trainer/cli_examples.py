"""The examples that end each command's --help: two or three commands that run as written.

Kept apart from cli.py so the parser stays readable; tests parse every example.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "trainer demo",
        'trainer score --text "Hi, my name is Jordan Lee..."',
        "trainer call gatekeeper",
    ),
    "score": (
        "trainer score take.wav",
        "trainer score take1.m4a take2.wav --json",
        'trainer score --text "Hi, my name is Jordan Lee..." --script my-intro.txt',
    ),
    "practice": (
        "trainer practice",
        "trainer practice --mic-file take.wav",
        "trainer practice --script my-intro.txt --silence 3",
    ),
    "devices": ("trainer devices", "trainer devices --check-input && trainer practice"),
    "play": ("trainer play LAST", "trainer play 12"),
    "script": ("trainer script list", "trainer script new", "trainer script show"),
    "script new": (
        'trainer script new --name "Jordan Lee" --field "user research"',
        'trainer script new --name "Sam Ortiz" --field "nurse manager" --style brief --minutes 10',
        'trainer script new --name "Ann Lee" --field Google --as google --force',
    ),
    "script edit": ("trainer script edit", "EDITOR=nano trainer script edit user-research"),
    "script show": ("trainer script show", "trainer script show user-research"),
    "script list": ("trainer script list", "trainer script"),
    "script use": ("trainer script use user-research", "trainer script list"),
    "script say": ("trainer script say", "trainer script say user-research --out intro.wav"),
    "script delete": ("trainer script delete old-draft", "trainer script delete old-draft --yes"),
    "script rename": ("trainer script rename user-research ux", "trainer script list"),
    "questions": (
        "trainer questions --category career",
        "trainer questions plan --pick 6",
        "trainer questions plan --ids salary,advice,journals",
    ),
    "call": (
        "trainer call gatekeeper",
        "trainer call busy-expert --record call.wav",
        'trainer call gatekeeper --user-text "Hi, this is Jordan Lee..." "It\'s about advice."',
    ),
    "scenarios": ("trainer scenarios", "trainer scenarios check my-call.toml"),
    "voices": (
        "trainer voices",
        "trainer voices --all",
        'trainer voices say receptionist "Harper and Lane, how can I help?"',
    ),
    "ui": ("trainer ui", "trainer ui --port 8800 --no-browser", "trainer ui --profile sam"),
    "demo": ("trainer demo", "trainer demo --no-play --json"),
    "progress": ("trainer progress", "trainer progress --profile sam --json"),
    "history": ("trainer history", "trainer history --limit 10 --json"),
    "show": ("trainer show 12", "trainer show 12 --json"),
    "export": (
        "trainer export --csv -o history.csv",
        "trainer export --json",
        "trainer export --json -o notes.json --force",
    ),
    "delete": ("trainer delete 12", "trainer delete 12 --yes"),
    "report": (
        "trainer report --html progress.html",
        "trainer report --html sam.html --profile sam",
        "trainer report --html progress.html --force",
    ),
    "doctor": ("trainer doctor", "TRAINER_HOME=/tmp/other trainer doctor"),
}


def add_examples(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    """End each command's --help with its examples (raw text, so one command per line).
    `parsers`: every parser by command path ('' for trainer itself, 'script new')."""
    for path, p in parsers.items():
        examples = EXAMPLES.get(path)
        if examples:
            p.formatter_class = argparse.RawDescriptionHelpFormatter
            p.epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
