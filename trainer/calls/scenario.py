"""Call scenarios as data (scenarios/*.toml): characters, states with line variants, and
transitions on what the caller's turn contained. Validated on load, naming file and field."""

from __future__ import annotations

import re
import sys
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from trainer.errors import InputError
from trainer.resources import data_dir
from trainer.textfiles import read_text_file
from trainer.understanding.labels import INTENTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PLACEHOLDER = re.compile(r"\{[^}]*\}")  # in a line: {offered} or {heard}, the callback times
# Filled during the call: the callback times; filled from the field (scenarios/fields/): the
# expert's name, employer and role.
PLACEHOLDERS = ("{offered}", "{heard}", "{expert}", "{employer}", "{role}")
OUTCOMES = ("connected", "scheduled_callback", "message_left", "declined", "abandoned")
DEFAULT_ANSWER = "default"  # the `answers` key used for questions not in the bank

_TOP = {"name", "description", "start", "characters", "states", "max_turns", "expect", "defaults"}
_DEFAULTS = {"on"}
# What the caller should get across in this call: the intro's elements, and for messages a way
# to be reached.
EXPECTABLE = ("identification", "purpose", "time_request", "convenience_check", "contact")
DEFAULT_EXPECT = EXPECTABLE[:4]
_CHARACTER = {"role", "voice"}
_STATE = {
    "speaker",
    "lines",
    "outcome",
    "end",
    "next",
    "on",
    "beep",
    "listen_s",
    "objection",
    "objection_tip",
    "answers",
    "returns",
    "defaults",
}
MAX_FILE_BYTES = 1_000_000
# A scenario is a short phone call: these bounds are far above any real one, and keep a
# hostile or runaway file from producing a call that talks forever and never listens.
MAX_DEPTH = 8  # tables and lists inside each other; a real scenario uses 6
MAX_STATES = 200
MAX_NEXT_CHAIN = 6  # states spoken one after another (via `next`) before the caller may speak
_RULE = {"when", "had", "unless", "goto", "handled"}


class ScenarioError(InputError):
    """A scenario file that cannot be used; `problems` lists every one found."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{path}: {problems[0]}{more}")


@dataclass(frozen=True)
class Character:
    id: str
    role: str
    voice: str  # a voice profile name (voices/<voice>.toml)


@dataclass(frozen=True)
class Rule:
    goto: str
    when: frozenset[str] = frozenset()  # all of these in this turn
    had: frozenset[str] = frozenset()  # all of these somewhere in the call so far
    unless: frozenset[str] = frozenset()  # none of these in this turn
    handled: bool | None = None  # for objection states: was this a good reply?

    @property
    def catch_all(self) -> bool:
        return not (self.when or self.had or self.unless)

    def matches(self, turn: set[str], so_far: set[str]) -> bool:
        return self.when <= turn and self.had <= so_far and not (self.unless & turn)


def with_defaults(own: list[Rule], defaults: list[Rule]) -> tuple[Rule, ...]:
    """A listening state's rules: the scenario's default rules first (a hostile caller, a job
    ask or silence decides the turn whatever else it holds), then the state's own; a default is
    left out where the state has its own rule for one of its `when` intents, and a default
    catch-all where the state has its own."""
    own_when = frozenset().union(*(r.when for r in own))
    own_catch_all = any(r.catch_all for r in own)
    first = [d for d in defaults if not d.catch_all and not d.when & own_when]
    last = [d for d in defaults if d.catch_all and not own_catch_all]
    return (*first, *own, *last)


@dataclass(frozen=True)
class State:
    id: str
    speaker: str
    lines: tuple[str, ...]
    # The rules the engine follows: the state's own merged on load with the scenario's
    # [defaults] (with_defaults), so the engine, the lint and reachability see one list.
    on: tuple[Rule, ...] = ()
    outcome: str | None = None
    end: bool = False
    next: str | None = None
    beep: bool = False
    listen_s: float | None = None
    objection: str | None = None
    objection_tip: str | None = None  # what to say instead, when the reply misses
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A prompt such as "Are you still there?": a turn its rules don't catch is handed back to
    # the state the call came from, as the answer to what was asked before the silence.
    returns: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    start: str
    characters: dict[str, Character]
    states: dict[str, State]
    path: Path
    max_turns: int = 20
    expect: tuple[str, ...] = DEFAULT_EXPECT
    field_id: str | None = None  # the field (scenarios/fields/) the characters speak from

    def with_field(self, f) -> Scenario:
        """The scenario with the field's expert in its lines and the field's answers."""
        states = {}
        for sid, st in self.states.items():
            answers = {**st.answers, **f.answers} if st.answers else {}
            states[sid] = replace(
                st,
                lines=tuple(f.fill(x) for x in st.lines),
                answers={k: tuple(f.fill(x) for x in v) for k, v in answers.items()},
                objection=f.fill(st.objection) if st.objection else st.objection,
                objection_tip=f.fill(st.objection_tip) if st.objection_tip else st.objection_tip,
            )
        characters = {cid: replace(c, role=f.fill(c.role)) for cid, c in self.characters.items()}
        return replace(self, states=states, characters=characters, field_id=f.id)

    @property
    def takes_questions(self) -> bool:
        """Whether anyone in this call answers career questions (a state with `answers`):
        only then does the report coach on questions."""
        return any(s.answers for s in self.states.values())

    def all_lines(self) -> list[tuple[str, str]]:
        """(character id, text) of every fixed line the scenario can say (a line with a
        {offered} or {heard} time in it is only known during the call)."""
        out = []
        for s in self.states.values():
            texts = [*s.lines, *(t for ts in s.answers.values() for t in ts)]
            out.extend((s.speaker, t) for t in texts if not PLACEHOLDER.search(t))
        return out


def load(path: str | Path, field_text: str | None = None) -> Scenario:
    """A scenario file, validated, spoken from the field `field_text` names (else generic)."""
    from trainer.calls import fields

    return load_raw(path).with_field(fields.match(field_text))


def load_raw(path: str | Path) -> Scenario:
    p = Path(path)
    text = read_text_file(p, "scenario", MAX_FILE_BYTES, expect="UTF-8 TOML")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: invalid TOML ({exc})") from None
    except RecursionError:
        raise InputError(
            f"{p}: nested too deeply (over {MAX_DEPTH} levels of tables and lists)"
        ) from None
    if _depth(raw) > MAX_DEPTH:
        raise InputError(f"{p}: nested too deeply (over {MAX_DEPTH} levels of tables and lists)")
    return _Validator(p).scenario(raw)


def _depth(value: object) -> int:
    """How deeply tables and lists sit inside each other (iterative: no recursion limit)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                todo.extend(
                    (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def builtin_paths() -> dict[str, Path]:
    """Built-in scenarios by name (the questions/ bank and other files are not scenarios)."""
    return {f.stem: f for f in sorted(data_dir("scenarios").glob("*.toml"))}


def find(name_or_path: str, field_text: str | None = None) -> Scenario:
    """A built-in scenario by name, or a user's own file by path."""
    builtins = builtin_paths()
    if name_or_path in builtins:
        return load(builtins[name_or_path], field_text)
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists():
        return load(p, field_text)
    known = ", ".join(builtins) or "none"
    raise InputError(
        f"no scenario named '{name_or_path}' (built in: {known}; or give a .toml file)"
    )


class _Validator:
    """Collects every problem, so one `scenarios check` run shows them all."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def unknown(self, where: str, table: dict, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(
                f"{where}{'.' if where else ''}{key}",
                f"unknown key (allowed: {', '.join(sorted(allowed))})",
            )

    def flag(self, where: str, value: object, default: bool | None = False) -> bool | None:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(where, "must be true or false")
            return default
        return value

    def text(self, where: str, value: object, required: bool = True) -> str | None:
        if value is None:
            if required:
                self.problem(where, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "must be a non-empty string")
            return None
        return value.strip()

    def lines(self, where: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.problem(where, "must be a non-empty list of lines")
            return ()
        out = []
        for i, line in enumerate(value):
            t = self.text(f"{where}[{i}]", line)
            bad = [p for p in PLACEHOLDER.findall(t or "") if p not in PLACEHOLDERS]
            if bad:
                self.problem(
                    f"{where}[{i}]",
                    f"unknown placeholder {bad[0]} (a line may hold {' or '.join(PLACEHOLDERS)})",
                )
            if t:
                out.append(t)
        return tuple(out)

    def intents(self, where: str, value: object) -> frozenset[str]:
        if value is None:
            return frozenset()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(where, "must be a list of intents")
            return frozenset()
        bad = [v for v in value if v not in INTENTS]
        if bad:
            self.problem(
                where, f"unknown intent(s) {', '.join(map(str, bad))} (known: {', '.join(INTENTS)})"
            )
        return frozenset(v for v in value if v in INTENTS)

    def scenario(self, raw: dict) -> Scenario:
        self.unknown("", raw, _TOP)
        name = self.text("name", raw.get("name"), required=False) or self.path.stem
        description = self.text("description", raw.get("description")) or ""
        start = self.text("start", raw.get("start")) or ""
        max_turns = raw.get("max_turns", 20)
        if not isinstance(max_turns, int) or isinstance(max_turns, bool) or max_turns < 1:
            self.problem("max_turns", "must be a positive whole number")
            max_turns = 20
        expect = raw.get("expect", list(DEFAULT_EXPECT))
        if (
            not isinstance(expect, list)
            or not expect
            or not all(isinstance(e, str) and e in EXPECTABLE for e in expect)
        ):
            self.problem("expect", f"must be a list drawn from {', '.join(EXPECTABLE)}")
            expect = list(DEFAULT_EXPECT)
        characters = self.characters(raw.get("characters"))
        names = set(raw["states"]) if isinstance(raw.get("states"), dict) else set()
        defaults = self.defaults(raw.get("defaults"), names)
        states = self.states(raw.get("states"), characters, defaults)
        if start and states and start not in states:
            self.problem("start", f"no state named '{start}'")
        if start in states:
            self.reachability(start, states)
        self.next_chains(states)
        if self.problems:
            raise ScenarioError(self.path, self.problems)
        return Scenario(
            name, description, start, characters, states, self.path, max_turns, tuple(expect)
        )

    def characters(self, raw: object) -> dict[str, Character]:
        if not isinstance(raw, dict) or not raw:
            self.problem("characters", "missing: at least one [characters.NAME] table")
            return {}
        from trainer.speech.voices import profile_names

        voices = profile_names()
        out = {}
        for cid, table in raw.items():
            where = f"characters.{cid}"
            if not isinstance(table, dict):
                self.problem(where, "must be a table with role and voice")
                continue
            self.unknown(where, table, _CHARACTER)
            role = self.text(f"{where}.role", table.get("role")) or cid
            voice = self.text(f"{where}.voice", table.get("voice")) or ""
            if voice and voice not in voices:
                self.problem(
                    f"{where}.voice",
                    f"no voice profile named '{voice}' (available: {', '.join(voices)})",
                )
            out[cid] = Character(cid, role, voice)
        return out

    def defaults(self, raw: object, names: set[str]) -> list[Rule]:
        """`[defaults] on`: rules every listening state follows, so that what every state
        does alike (a hostile caller, a job ask, silence) is written once."""
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.problem("defaults", "must be a table with 'on' rules")
            return []
        self.unknown("defaults", raw, _DEFAULTS)
        if "on" not in raw:
            self.problem("defaults.on", "missing: the rules every listening state follows")
        rules = self.rules("defaults", raw.get("on"), names)
        for i, r in enumerate(rules[:-1]):
            if r.catch_all:
                self.problem(
                    f"defaults.on[{i}]",
                    "a rule with no conditions must come last (it is what happens otherwise)",
                )
        return rules

    def picked_defaults(
        self, where: str, value: object, defaults: list[Rule], listens: bool
    ) -> list[Rule]:
        """The default rules a state follows: all (`defaults` absent or true), none (false), or
        those reacting to the intents listed. Only a state that listens follows any."""
        if value is not None and not listens:
            self.problem(
                f"{where}.defaults",
                "only a state that listens (no end, next or returns) follows default rules",
            )
            return []
        if value is None or value is True:
            return defaults if listens else []
        if value is False:
            return []
        if not isinstance(value, list):
            self.problem(f"{where}.defaults", "must be true, false, or a list of intents")
            return []
        chosen = self.intents(f"{where}.defaults", value)
        for intent in sorted(chosen):
            if not any(intent in d.when for d in defaults):
                self.problem(f"{where}.defaults", f"no rule in [defaults] on reacts to '{intent}'")
        return [d for d in defaults if d.when & chosen]

    def states(
        self, raw: object, characters: dict[str, Character], defaults: list[Rule]
    ) -> dict[str, State]:
        if not isinstance(raw, dict) or not raw:
            self.problem("states", "missing: at least one [states.NAME] table")
            return {}
        if len(raw) > MAX_STATES:
            self.problem("states", f"{len(raw)} states: a scenario has at most {MAX_STATES}")
            return {}
        names = set(raw)
        out = {}
        for sid, table in raw.items():
            where = f"states.{sid}"
            if not isinstance(table, dict):
                self.problem(where, "must be a table")
                continue
            self.unknown(where, table, _STATE)
            speaker = self.text(f"{where}.speaker", table.get("speaker")) or ""
            if speaker and characters and speaker not in characters:
                self.problem(f"{where}.speaker", f"no character named '{speaker}'")
            lines = self.lines(f"{where}.lines", table.get("lines"))
            outcome = table.get("outcome")
            if outcome is not None and (not isinstance(outcome, str) or outcome not in OUTCOMES):
                self.problem(f"{where}.outcome", f"'{outcome}' is not one of {', '.join(OUTCOMES)}")
                outcome = None
            end = self.flag(f"{where}.end", table.get("end"))
            nxt = table.get("next")
            own = self.rules(where, table.get("on"), names)
            if nxt is not None and not isinstance(nxt, str):
                self.problem(f"{where}.next", "must be the name of a state (a string)")
                nxt = None
            elif nxt is not None and nxt not in names:
                self.problem(f"{where}.next", f"no state named '{nxt}'")
            if end and (own or nxt):
                self.problem(where, "an end state cannot also have 'on' or 'next'")
            returns = self.flag(f"{where}.returns", table.get("returns"))
            # A returning state hands what it doesn't catch back to the state before the
            # silence, whose defaults then apply: its own would run before that hand-back.
            listens = not end and nxt is None and not returns
            picked = self.picked_defaults(where, table.get("defaults"), defaults, listens)
            rules = with_defaults(own, picked)
            if not end and not rules and nxt is None and not returns:
                self.problem(where, "needs 'on' rules, 'next', or end = true")
            if own and nxt is not None:
                self.problem(where, "has both 'on' and 'next': choose one")
            if returns and (end or nxt is not None):
                self.problem(f"{where}.returns", "a returning state must listen (no end or next)")
            if rules and not returns and not any(r.catch_all for r in rules):
                self.problem(
                    f"{where}.on" if own else where,
                    "the last rule must have no conditions (what happens otherwise)"
                    if own
                    else "its default rules need one with no conditions (what happens otherwise)",
                )
            elif own and not own[-1].catch_all and any(r.catch_all for r in own):
                self.problem(f"{where}.on", "the rule with no conditions must come last")
            listen_s = table.get("listen_s")
            if listen_s is not None and (
                not isinstance(listen_s, int | float)
                or isinstance(listen_s, bool)
                or not 3 <= listen_s <= 300
            ):
                self.problem(f"{where}.listen_s", "must be a number of seconds from 3 to 300")
                listen_s = None
            beep = self.flag(f"{where}.beep", table.get("beep"))
            objection = self.text(f"{where}.objection", table.get("objection"), required=False)
            objection_tip = self.text(
                f"{where}.objection_tip", table.get("objection_tip"), required=False
            )
            if objection_tip and not objection:
                self.problem(f"{where}.objection_tip", "needs an 'objection' in the same state")
            answers = self.answers(f"{where}.answers", table.get("answers"))
            if answers and (end or nxt is not None):
                self.problem(f"{where}.answers", "only a state that listens can answer questions")
            out[sid] = State(
                sid,
                speaker,
                lines,
                tuple(rules),
                outcome,
                end,
                nxt if nxt in names else None,
                beep,
                listen_s,
                objection,
                objection_tip,
                answers,
                returns,
            )
        return out

    def rules(self, where: str, raw: object, names: set[str]) -> list[Rule]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            self.problem(f"{where}.on", "must be a list of {when, goto} tables")
            return []
        out = []
        for i, r in enumerate(raw):
            w = f"{where}.on[{i}]"
            self.unknown(w, r, _RULE)
            goto = self.text(f"{w}.goto", r.get("goto")) or ""
            if goto and goto not in names:
                self.problem(f"{w}.goto", f"no state named '{goto}'")
            handled = self.flag(f"{w}.handled", r.get("handled"), default=None)
            out.append(
                Rule(
                    goto,
                    self.intents(f"{w}.when", r.get("when")),
                    self.intents(f"{w}.had", r.get("had")),
                    self.intents(f"{w}.unless", r.get("unless")),
                    handled,
                )
            )
        return out

    def answers(self, where: str, raw: object) -> dict[str, tuple[str, ...]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict) or not raw:
            self.problem(where, "must be a table of question id -> lines")
            return {}
        from trainer.questions import bank

        ids = {q.id for q in bank()} | {DEFAULT_ANSWER}
        out = {}
        for key, value in raw.items():
            if key not in ids:
                self.problem(
                    f"{where}.{key}",
                    f"not a question id from `trainer questions` (or '{DEFAULT_ANSWER}')",
                )
                continue
            lines = self.lines(f"{where}.{key}", value)
            if lines:
                out[key] = lines
        if DEFAULT_ANSWER not in out and out:
            self.problem(f"{where}.{DEFAULT_ANSWER}", "missing: lines for questions not listed")
        return out

    def next_chains(self, states: dict[str, State]) -> None:
        """`next` speaks on without listening: a loop, or a long run, would never let the
        caller speak."""
        for sid in states:
            chain, s = [sid], states[sid]
            while s.next is not None and s.next in states and len(chain) <= MAX_NEXT_CHAIN:
                if s.next in chain:
                    loop = " -> ".join([*chain, s.next])
                    message = f"the `next` chain loops ({loop}): the caller never speaks"
                    self.problem(f"states.{sid}.next", message)
                    return
                chain.append(s.next)
                s = states[s.next]
            if len(chain) > MAX_NEXT_CHAIN:
                self.problem(
                    f"states.{sid}.next",
                    f"more than {MAX_NEXT_CHAIN} states in a row "
                    "joined by `next`: the caller never gets to speak",
                )
                return

    def reachability(self, start: str, states: dict[str, State]) -> None:
        seen = {start}
        todo = deque([start])
        while todo:
            s = states.get(todo.popleft())
            if s is None:
                continue
            targets = [r.goto for r in s.on] + ([s.next] if s.next else [])
            for t in targets:
                if t in states and t not in seen:
                    seen.add(t)
                    todo.append(t)
        for sid in states:
            if sid not in seen:
                self.problem(f"states.{sid}", f"unreachable from start state '{start}'")
        if not any(states[s].end for s in seen):
            self.problem("states", "no end state (end = true) can be reached: the call never ends")
