"""What a finished call leaves behind: its turns and both sides' audio. Plain data here, so
the report (calls/report.py) needs neither the call loop nor the speech modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.audio.clip import Clip
from trainer.callreport import Turn
from trainer.calls.engine import Conversation
from trainer.calls.intents import TurnIntents
from trainer.calls.scenario import Scenario
from trainer.transcript import Word


@dataclass
class CallTurn:
    role: str  # "caller", or the character's id
    text: str
    start_s: float
    end_s: float
    state: str | None = None
    intents: TurnIntents | None = None
    words: list[Word] = field(default_factory=list)

    def summary(self) -> Turn:
        """The turn as the call report keeps it."""
        intents = None if self.intents is None else sorted(self.intents.intents)
        return Turn(
            self.role, self.text, round(self.start_s, 2), round(self.end_s, 2), self.state, intents
        )


@dataclass
class CallRecord:
    scenario: Scenario
    conversation: Conversation
    turns: list[CallTurn]
    caller_audio: Clip
    other_audio: Clip
    reply_gaps_s: list[float]
    ended_by: str
