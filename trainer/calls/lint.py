"""Coherence as a checked property: walk every path a scenario can take (the real engine, fed
one representative turn after another) and refuse what a listener would find wrong.

- a line that refers back ("Like I said", "as I mentioned") where the character has said
  nothing yet but hello;
- a line that asks for more ("What else?", "Anything else?") before a question was answered;
- a hostile turn ("None of your business... forget it") that does not end the call declined;
- `message_left` without a way to reach the caller;
- `scheduled_callback` unless the caller accepted the offered time (yes, or the same time) or
  named one the character then took; a different time must not be confirmed.
"""

from __future__ import annotations

import copy
import random
import re
from collections import deque
from dataclasses import dataclass

from trainer.calls.engine import Conversation, Utterance
from trainer.calls.intents import TurnIntents
from trainer.calls.scenario import Scenario
from trainer.understanding.labels import INTENTS, TIME_INTENTS

BACK_REFERENCE = re.compile(
    r"\b(?:like|as) i (?:said|mentioned|told you)\b|\bi (?:already|just) (?:said|told you)\b",
    re.IGNORECASE,
)
FOLLOW_UP = re.compile(
    r"\bwhat else\b|\b(?:anything|something) else\s*\?"
    r"|\bany (?:other|more) questions\b",
    re.IGNORECASE,
)
MAX_DEPTH = 8  # caller turns per path; the built-in calls settle within five
MAX_NODES = 20_000  # distinct call situations walked; the built-ins need a few hundred

_TURNS: tuple[frozenset[str], ...] = (
    frozenset(),  # off-topic: nothing the scenario knows
    *(frozenset({i}) for i in INTENTS if i not in TIME_INTENTS),
    frozenset({"identified", "purpose"}),
    frozenset({"callback", "time_given"}),
    frozenset({"yes", "time_given"}),
    frozenset({"time_given", "time_mismatch"}),
    frozenset({"yes", "time_given", "time_mismatch"}),
    frozenset({"time_given"}),
    frozenset({"thanks", "goodbye"}),
    frozenset({"question", "goodbye"}),
)


@dataclass
class _Path:
    conv: Conversation
    steps: tuple[str, ...]  # "state <- intents" so far, to show where a problem arises
    answered: bool = False  # the character has answered a question
    said: frozenset[str] = frozenset()  # speakers who said more than hello


def check(scenario: Scenario, max_depth: int = MAX_DEPTH) -> list[str]:
    """Every coherence problem found on any path, one line each, naming the state."""
    problems: dict[str, str] = {}
    conv = Conversation(scenario, seed=0)
    start = _Path(conv, (scenario.start,))
    _look(scenario, start, conv.opening(), frozenset(), problems, opening=True)
    todo = deque([(start, 0)])
    seen: set[tuple] = set()
    relevant = frozenset({"contact", "question", "yes", "time_given"}).union(
        *(r.had for s in scenario.states.values() for r in s.on)
    )
    while todo:
        if len(seen) > MAX_NODES:
            problems["budget"] = (
                f"states: more than {MAX_NODES} distinct situations; only the "
                "first were checked (simplify the scenario)"
            )
            break
        path, depth = todo.popleft()
        if path.conv.ended or depth >= max_depth:
            continue
        for turn in _TURNS:
            child = _Path(
                _clone(path.conv),
                (*path.steps, "<" + ",".join(sorted(turn)) + ">"),
                path.answered,
                path.said,
            )
            before = child.conv.outcome
            said = child.conv.reply(TurnIntents(turn))
            child.steps = (*child.steps, *(u.state for u in said))
            _look(scenario, child, said, turn, problems, before)
            c = child.conv
            key = (
                c.state.id,
                c._came_from.id if c._came_from else None,
                c.ended,
                c.outcome,
                frozenset(c.so_far & relevant),
                child.answered,
                child.said,
                c.silent_run,
                c.offered is not None,
            )
            if key not in seen:
                seen.add(key)
                todo.append((child, depth + 1))
    return list(problems.values())


def _look(
    scenario: Scenario,
    path: _Path,
    said: list[Utterance],
    turn: frozenset[str],
    problems: dict[str, str],
    before: str | None = None,
    opening: bool = False,
) -> None:
    conv = path.conv
    route = " -> ".join(path.steps[-8:])

    def problem(key: str, where: str, message: str) -> None:
        problems.setdefault(key, f"{where}: {message} (path: {route})")

    for u in said:
        sid, _, answer = u.state.partition(":")
        state = scenario.states[sid]
        if answer:
            path.answered = True
            continue
        for line in state.lines:
            if BACK_REFERENCE.search(line) and u.character not in path.said:
                problem(
                    f"back:{sid}:{line}",
                    f"states.{sid}.lines",
                    f'"{line}" refers back to something {u.character} has not said',
                )
            if FOLLOW_UP.search(line) and not path.answered:
                problem(
                    f"more:{sid}:{line}",
                    f"states.{sid}.lines",
                    f'"{line}" asks for more before any question was answered',
                )
        if not opening and not state.returns:
            path.said = path.said | {u.character}
    if "hostile" in turn and not (conv.ended and conv.outcome == "declined"):
        where = path.steps[-2 - len(said)].partition(":")[0]
        problem(
            f"hostile:{where}",
            f"states.{where}",
            'a hostile caller must be declined (end = true, outcome = "declined"), '
            f"not led on ({conv.state.id}, outcome {conv.outcome or 'none'})",
        )
    if conv.ended and conv.outcome == "message_left" and "contact" not in conv.so_far:
        problem(
            f"contact:{conv.state.id}",
            f"states.{conv.state.id}",
            "outcome message_left, but the caller never left a way to reach them",
        )
    if conv.outcome == "scheduled_callback" and before != "scheduled_callback":
        took_theirs = any(
            "{heard}" in line and "{offered}" not in line
            for u in said
            for line in scenario.states[u.state.partition(":")[0]].lines
        )
        agreed = ({"yes", "time_given"} & turn) and ("time_mismatch" not in turn or took_theirs)
        if not agreed:
            problem(
                f"callback:{conv.state.id}",
                f"states.{conv.state.id}",
                "scheduled_callback without the caller accepting a time (yes, or the "
                "offered time) or naming one",
            )


def _clone(conv: Conversation) -> Conversation:
    c = copy.copy(conv)
    c.rng = random.Random()
    c.rng.setstate(conv.rng.getstate())
    c.so_far = set(conv.so_far)
    c.objections = list(conv.objections)
    c._last_line = dict(conv._last_line)
    c.time_mismatches = list(conv.time_mismatches)
    c.wishes_answered = list(conv.wishes_answered)
    return c
