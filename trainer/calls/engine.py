"""The other side of the call as a pure state machine: given what the caller's turn contained,
pick the next state and the words to say. No audio, no clocks; seeded, so reproducible."""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.callreport import Objection  # what the report keeps of each objection
from trainer.calls.intents import Question, TurnIntents
from trainer.calls.scenario import DEFAULT_ANSWER, Scenario, State
from trainer.calls.times import TimeRef, find_time, read_turn

# Placeholders a line may hold: the time the character offered, and the one the caller named.
OFFERED, HEARD = "{offered}", "{heard}"

MAX_SILENT_TURNS = 3  # a caller silent this many turns in a row has gone, whatever the data says
# Questions answered from one turn: three asked in one breath all get an answer; a fourth
# waits to be asked again (the expert would otherwise talk for minutes).
MAX_ANSWERS = 3


@dataclass(frozen=True)
class Utterance:
    character: str
    text: str
    state: str
    beep: bool = False


class Conversation:
    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self.rng = random.Random(seed)
        self.state: State = scenario.states[scenario.start]
        self.outcome: str | None = None
        self.ended = False
        self.ended_by: str | None = None
        self.so_far: set[str] = set()
        self.turns = 0
        self.silent_run = 0
        self.objections: list[Objection] = []
        self._last_line: dict[tuple[str, tuple[str, ...]], str] = {}
        self._came_from: State | None = None  # for `returns` states: where to hand a turn back
        self.offered: TimeRef | None = None  # the callback time the character last offered
        self.heard: TimeRef | None = None  # the time the caller last named
        self.time_mismatches: list[dict] = []
        self.wishes_answered: list[Question] = []  # questions said as a wish to know
        self._last_said: list[Utterance] = []  # what the other side said last, to repeat it

    def opening(self) -> list[Utterance]:
        self._last_said = self._enter(self.state)
        return self._last_said

    @property
    def listen_s(self) -> float | None:
        return self.state.listen_s

    def reply(self, turn: TurnIntents, text: str = "") -> list[Utterance]:
        """React to one caller turn; returns what the other side says next (maybe nothing)."""
        if self.ended:
            return []
        said = self._react(turn, text)
        if said and not self.scenario.states[said[-1].state.partition(":")[0]].returns:
            self._last_said = said  # "Sorry, what?" after "Are you still there?": the question
        return said

    def _react(self, turn: TurnIntents, text: str) -> list[Utterance]:
        self.turns += 1
        intents = set(turn.intents)
        times = read_turn(text)
        if (intents == {"repeat"} or times.checks) and self._last_said:
            # "Sorry, did you say Thursday?" checks the line: it neither accepts nor names a time.
            self.silent_run = 0
            return self._say_again()
        named = times.proposed
        if times.turns_down:
            # "Thursday morning is difficult for me, I have a lecture": a no to that time,
            # never a time agreed, whatever polite words ("sure, but...") came with it.
            intents.discard("yes")
            intents.add("no")
        if named is not None:
            self.heard = named
            intents.add("time_given")
            if (
                self.offered is not None
                and named.conflicts(self.offered)
                and not times.puts_forward
            ):
                intents.add("time_mismatch")  # agreed to a time never offered: misheard
                self.time_mismatches.append({"offered": self.offered.text, "heard": named.text})
        self.so_far |= intents - {"silence"}
        self.silent_run = self.silent_run + 1 if "silence" in intents else 0
        state = self.state
        rule = next(
            (r for r in state.on if not r.catch_all and r.matches(intents, self.so_far)), None
        )
        if rule is None and state.returns and self._came_from is not None:
            # "Hello? Are you still there?" and the caller speaks: the turn answers the
            # question asked before the silence.
            state = self.state = self._came_from
            rule = next(
                (r for r in state.on if not r.catch_all and r.matches(intents, self.so_far)), None
            )
        if rule is None and state.answers and ("question" in intents or turn.wishes):
            self._note_objection(state, text, None)
            if "question" not in intents:
                self.wishes_answered.extend(turn.wishes)
            return self._answers(state, turn)
        if rule is None and "repeat" in intents and self._last_said:
            return self._say_again()
        if rule is None:
            rule = next((r for r in state.on if r.catch_all), None)
        if rule is None:  # validated scenarios always have a catch-all; stay put otherwise
            return [self._say(state)]
        self._note_objection(state, text, rule.handled)
        target = self.scenario.states[rule.goto]
        if target.returns and not state.returns:
            self._came_from = state
        if self.silent_run >= MAX_SILENT_TURNS or self.turns >= self.scenario.max_turns:
            self.ended = True
            self.ended_by = "silence" if self.silent_run >= MAX_SILENT_TURNS else "turn limit"
            self.outcome = self.outcome or "abandoned"
            return []
        said = self._enter(target)
        return self._answer_on_arrival(said, turn)

    def _answer_on_arrival(self, said: list[Utterance], turn: TurnIntents) -> list[Utterance]:
        """A turn that gets the caller through and asks at once ("...I'd love to learn about
        your work. How did you get started?") is answered: the state that invites questions
        ("So, what would you like to know?"), reached after another line ("Sure, I'd be happy
        to help"), answers it instead of inviting it."""
        if self.ended or len(said) < 2 or not self.state.answers or not turn.questions:
            return said
        if said[-1].state != self.state.id:
            return said
        return [*said[:-1], *self._answers(self.state, turn)]

    def _say_again(self) -> list[Utterance]:
        """ "Sorry, could you say that again?": whatever the state, people repeat their last
        line (the one before "Are you still there?", which `reply` does not keep)."""
        return [self._last_said[-1]]

    def hang_up(self) -> None:
        """The caller left (or ran out of turns to play)."""
        if not self.ended:
            self.ended = True
            self.ended_by = "caller"
            if self.outcome is None:
                self.outcome = "abandoned"

    def _enter(self, state: State) -> list[Utterance]:
        said = []
        seen: set[str] = set()
        while True:
            self.state = state
            if state.outcome:
                self.outcome = state.outcome
            said.append(self._say(state))
            if state.end:
                self.ended = True
                self.ended_by = "character"
                self.outcome = self.outcome or "abandoned"
                return said
            if state.next is None or state.id in seen:
                return said
            seen.add(state.id)
            state = self.scenario.states[state.next]

    def _say(self, state: State, lines: tuple[str, ...] | None = None) -> Utterance:
        options = lines or state.lines
        last = self._last_line.get((state.id, options))
        fresh = [line for line in options if line != last] or list(options)
        text = self.rng.choice(fresh)
        self._last_line[(state.id, options)] = text
        return Utterance(state.speaker, self._fill(text), state.id, state.beep)

    def _fill(self, text: str) -> str:
        """Put the times into a line, and note the time a line offers."""
        if HEARD in text and OFFERED not in text and self.heard is not None:
            self.offered = self.heard  # the character takes the caller's time: a time put
            # forward, not one misheard, so no longer a mismatch to coach on
            heard = self.heard.text
            self.time_mismatches = [m for m in self.time_mismatches if m["heard"] != heard]
        filled = text.replace(OFFERED, self.offered.text if self.offered else "the time I said")
        filled = filled.replace(HEARD, self.heard.text if self.heard else "that time")
        filled = filled[:1].upper() + filled[1:]  # "{heard} works for me." -> "Tomorrow works..."
        if OFFERED not in text and HEARD not in text:
            offer = find_time(text)
            if offer is not None:
                self.offered = offer
        return filled

    def _answers(self, state: State, turn: TurnIntents) -> list[Utterance]:
        """An answer to each topic the turn asks about, up to MAX_ANSWERS ("How did you get
        started, and what do you wish you'd known?" gets both), else the default answer."""
        keys: list[str] = []
        for q in turn.questions or turn.wishes:
            key = next((i for i in q.ids if i in state.answers and i not in keys), None)
            if key is not None:
                keys.append(key)
        said = []
        for key in keys[:MAX_ANSWERS] or [DEFAULT_ANSWER]:
            u = self._say(state, state.answers[key])
            said.append(Utterance(u.character, u.text, f"{state.id}:{key}"))
        return said

    def _note_objection(self, state: State, reply: str, handled: bool | None) -> None:
        if state.objection and not any(o.state == state.id for o in self.objections):
            self.objections.append(
                Objection(state.id, state.objection, reply, handled, state.objection_tip)
            )
