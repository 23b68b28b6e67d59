"""Golden traces of the built-in scenarios: a fixed set of caller-intent sequences, played
through the real engine with a fixed seed, must give the same states, lines, outcome and
objections as recorded. A rewrite of a scenario file that should not change the call (such as
moving repeated rules into `[defaults]`) is proven by these still matching.

The expected traces (data/scenario_traces.json) were recorded before that rewrite. After a
change that is meant to alter a call, record them again and review the diff:
`PYTHONPATH=. python -m tests.calls.test_scenario_traces --write`.
"""

from __future__ import annotations

import json
import random
import sys
from collections import deque
from pathlib import Path

import pytest

from trainer.calls.engine import Conversation
from trainer.calls.intents import Question, TurnIntents
from trainer.calls.lint import _TURNS
from trainer.calls.scenario import Scenario, builtin_paths, find

DATA = Path(__file__).parent / "data" / "scenario_traces.json"
RANDOM_CALLS = 30  # fully random calls per scenario, on top of the systematic ones
RANDOM_LENGTH = 8


def _pool() -> dict[str, dict]:
    """Caller turns by short name: the lint's turns (each intent, a few combinations) and
    what they leave out: a turn that is hostile or asks for a job along with other intents,
    named times (the engine reads them from the text), and questions from the bank."""
    pool = {"+".join(sorted(t)) or "off-topic": {"intents": sorted(t)} for t in _TURNS}
    for combo in (
        {"hostile", "identified"},
        {"hostile", "goodbye"},
        {"hostile", "purpose"},
        {"job_ask", "identified", "purpose"},
        {"job_ask", "purpose"},
        {"job_ask", "goodbye"},
        {"identified", "purpose", "time", "convenience"},
        {"denies_job", "purpose"},
        {"contact", "goodbye"},
    ):
        pool["+".join(sorted(combo))] = {"intents": sorted(combo)}
    for name, intents, text in (
        ("callback@thu2pm", ["callback"], "Could I call you back on Thursday at 2 pm?"),
        ("yes@thu10", ["yes"], "Yes, Thursday morning at ten works."),
        ("yes@tomorrow2", ["yes"], "Sure, tomorrow afternoon around two."),
        ("no@friday", ["no"], "No, but Friday at 9 am would work."),
    ):
        pool[name] = {"intents": intents, "text": text}
    for qid in ("qualities", "salary", "journals", "typical_day"):
        pool[f"question:{qid}"] = {"intents": ["question"], "questions": [qid]}
    pool["question:unknown"] = {"intents": ["question"], "questions": []}
    return pool


def _turn(spec: dict) -> tuple[TurnIntents, str]:
    questions = ()
    if "questions" in spec:
        ids = tuple(spec["questions"])
        questions = (Question("What would you say about that?", ids, True),)
    return TurnIntents(frozenset(spec["intents"]), questions), spec.get("text", "")


def play(
    scenario: Scenario, pool: dict[str, dict], turns: list[str], seed: int, lines: list[str]
) -> str:
    """One call on one line: "SEED: TURNS => SAID => OUTCOME, ended by WHO; OBJECTIONS", where
    SAID is "state N" for each line (N its place in `lines`, which grows) and "|" where the
    caller spoke, and an objection is "state:handled"."""
    conv = Conversation(scenario, seed)

    def said(utterances) -> list[str]:
        out = []
        for u in utterances:
            if u.text not in lines:
                lines.append(u.text)
            out.append(f"{u.state} {lines.index(u.text)}")
        return out

    trace = said(conv.opening())
    played = 0
    for t in turns:
        if conv.ended:
            break
        trace += ["|", *said(conv.reply(*_turn(pool[t])))]
        played += 1
    conv.hang_up()
    objections = " ".join(f"{o.state}:{str(o.handled).lower()}" for o in conv.objections)
    return (
        f"{seed}: {' '.join(turns[:played])} => {' '.join(trace)}"
        f" => {conv.outcome}, ended by {conv.ended_by}" + (f"; {objections}" if objections else "")
    )


def _prefixes(scenario: Scenario, pool: dict[str, dict]) -> dict[str, list[str]]:
    """The shortest turns that bring the call to each state that listens, and to each
    "still there?" state from each state it can hand a turn back to (breadth first)."""
    found: dict[str, list[str]] = {}
    todo: deque[list[str]] = deque([[]])
    while todo:
        turns = todo.popleft()
        conv = Conversation(scenario, 0)
        conv.opening()
        for t in turns:
            conv.reply(*_turn(pool[t]))
        came_from = conv._came_from.id if conv.state.returns and conv._came_from else None
        where = f"{conv.state.id}<{came_from}" if came_from else conv.state.id
        if conv.ended or where in found or len(turns) > 6:
            continue
        found[where] = turns
        todo.extend([*turns, t] for t in pool)
    return found


def record() -> dict:
    """Every built-in scenario: each turn of the pool tried in each listening state it can
    reach, and seeded random calls (longer histories: what `had` rules see)."""
    pool = _pool()
    out: dict = {"pool": pool, "scenarios": {}}
    for name in sorted(builtin_paths()):
        scenario = find(name)
        rng = random.Random(f"traces:{name}")
        names = list(pool)
        lines: list[str] = []
        calls = []
        for _, prefix in sorted(_prefixes(scenario, pool).items()):
            for t in names:
                calls.append(play(scenario, pool, [*prefix, t], len(calls), lines))
        for _ in range(RANDOM_CALLS):
            turns = [rng.choice(names) for _ in range(RANDOM_LENGTH)]
            calls.append(play(scenario, pool, turns, len(calls), lines))
        out["scenarios"][name] = {"lines": lines, "calls": calls}
    return out


def _expected() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_every_built_in_scenario_has_recorded_traces():
    assert set(_expected()["scenarios"]) == set(builtin_paths())


@pytest.mark.parametrize("name", sorted(builtin_paths()))
def test_built_in_scenarios_play_as_recorded(name):
    expected = _expected()
    pool, recorded = expected["pool"], expected["scenarios"][name]
    lines = list(recorded["lines"])
    scenario = find(name)
    for call in recorded["calls"]:
        seed, _, rest = call.partition(": ")
        turns = rest.split(" => ")[0].split()
        got = play(scenario, pool, turns, int(seed), lines)
        if got != call:
            new = {i: line for i, line in enumerate(lines) if i >= len(recorded["lines"])}
            pytest.fail(f"{name}:\n  expected {call}\n  got      {got}\n  new lines {new}")


def _dump(data: dict) -> str:
    """One call per line: small diffs when a trace changes."""
    out = ['{"pool": ' + json.dumps(data["pool"], sort_keys=True) + ",", ' "scenarios": {']
    names = sorted(data["scenarios"])
    for i, name in enumerate(names):
        lines, calls = data["scenarios"][name]["lines"], data["scenarios"][name]["calls"]
        out.append(f"  {json.dumps(name)}: {{")
        out.append('   "lines": [')
        out.extend(
            "    " + json.dumps(x, ensure_ascii=False) + ("," if j < len(lines) - 1 else "")
            for j, x in enumerate(lines)
        )
        out.append('   ], "calls": [')
        out.extend(
            "    " + json.dumps(c, ensure_ascii=False) + ("," if j < len(calls) - 1 else "")
            for j, c in enumerate(calls)
        )
        out.append("  ]}" + ("," if i < len(names) - 1 else ""))
    out.append("}}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.calls.test_scenario_traces --write")
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(_dump(record()), encoding="utf-8")
    print(f"wrote {DATA}")
