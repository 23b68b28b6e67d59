"""Hostile scenario files: every one is a clean error from `scenarios check` (and `call`), never
a traceback; a byte-order mark is fine; `next` chains and state counts are bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_line_error
from trainer.calls.scenario import MAX_NEXT_CHAIN, MAX_STATES, load

ROOT = Path(__file__).resolve().parents[2]
VOICEMAIL = (ROOT / "scenarios" / "voicemail.toml").read_text(encoding="utf-8")

HEAD = """name = "t"
description = "a test"
start = "a"
[characters.x]
role = "Receptionist"
voice = "receptionist"
"""


def _states(*tables: str) -> str:
    return HEAD + "\n".join(tables)


def _check(trainer, tmp_path: Path, text: str | bytes):
    path = tmp_path / "mine.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path, trainer("scenarios", "check", path)


def _problems(run) -> list[str]:
    """Each problem line without its `path: ` prefix."""
    assert "Traceback" not in run.out + run.err
    assert run.rc == 2, (run.out, run.err)
    return [ln.split(": ", 1)[1] for ln in run.err.strip().splitlines()]


def test_deep_nesting_is_one_clean_line(trainer, tmp_path):
    path, run = _check(trainer, tmp_path, "a = " + "[" * 100_000)
    assert_one_line_error(run, str(path), "nested too deeply")


def test_nesting_that_parses_is_still_capped(trainer, tmp_path):
    path, run = _check(trainer, tmp_path, "a = " + "[" * 50 + "]" * 50)
    assert_one_line_error(run, "nested too deeply")


END = '[states.b]\nspeaker = "x"\nlines = ["Bye."]\nend = true\n'


@pytest.mark.parametrize(
    "bad, where",
    [
        ('next = ["b"]', "states.a.next"),
        ("next = {x = 1}", "states.a.next"),
    ],
)
def test_wrong_types_in_a_state_are_named_not_crashed_on(trainer, tmp_path, bad, where):
    text = _states(f'[states.a]\nspeaker = "x"\nlines = ["Hello."]\n{bad}\n', END)
    problems = _problems(_check(trainer, tmp_path, text)[1])
    assert any(where in p for p in problems), problems


@pytest.mark.parametrize("expect", ['[["purpose"]]', "[{a = 1}]"])
def test_wrong_types_in_expect_are_named(trainer, tmp_path, expect):
    text = f"expect = {expect}\n" + _states(
        '[states.a]\nspeaker = "x"\nlines = ["Hello."]\nnext = "b"\n', END
    )
    problems = _problems(_check(trainer, tmp_path, text)[1])
    assert any(p.startswith("expect") for p in problems), problems


def test_a_utf8_byte_order_mark_is_accepted(trainer, tmp_path):
    path, run = _check(trainer, tmp_path, b"\xef\xbb\xbf" + VOICEMAIL.encode("utf-8"))
    assert run.rc == 0, run.err
    assert load(path).name == "voicemail"


def test_a_long_next_chain_is_refused(trainer, tmp_path):
    n = MAX_NEXT_CHAIN + 1
    chain = [
        f'[states.{"a" if i == 0 else f"s{i}"}]\nspeaker = "x"\nlines = ["Line {i}."]\n'
        f'next = "{f"s{i + 1}" if i + 1 < n else "b"}"\n'
        for i in range(n)
    ]
    problems = _problems(_check(trainer, tmp_path, _states(*chain, END))[1])
    assert any("next" in p and "never" in p for p in problems), problems


def test_a_next_loop_is_refused(trainer, tmp_path):
    text = _states(
        '[states.a]\nspeaker = "x"\nlines = ["Hello?"]\n'
        'on = [{when = ["goodbye"], goto = "b"}, {goto = "l1"}]\n',
        '[states.l1]\nspeaker = "x"\nlines = ["One."]\nnext = "l2"\n',
        '[states.l2]\nspeaker = "x"\nlines = ["Two."]\nnext = "l1"\n',
        END,
    )
    problems = _problems(_check(trainer, tmp_path, text)[1])
    assert any("loop" in p for p in problems), problems


def test_too_many_states_are_refused(trainer, tmp_path):
    states = [
        f'[states.{"a" if i == 0 else f"s{i}"}]\nspeaker = "x"\nlines = ["Hm."]\n'
        f'on = [{{goto = "b"}}]\n'
        for i in range(MAX_STATES + 1)
    ]
    problems = _problems(_check(trainer, tmp_path, _states(*states, END))[1])
    assert any("at most" in p and "states" in p for p in problems), problems


def test_call_with_a_hostile_scenario_is_one_line(trainer, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(_states('[states.a]\nspeaker = "x"\nlines = ["Hi."]\nnext = ["b"]\n', END))
    run = trainer("call", path, "--user-text", "hello", "--no-save")
    assert_one_line_error(run, str(path), "next")
