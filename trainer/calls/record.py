"""What a finished call leaves behind: its turns and both sides' audio. Plain data here, so
the report (calls/report.py) needs neither the call loop nor the speech modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.audio.clip import Clip
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

    def to_dict(self) -> dict:
        d: dict = {
            "role": self.role,
            "text": self.text,
            "start_s": round(self.start_s, 2),
            "end_s": round(self.end_s, 2),
        }
        if self.state:
            d["state"] = self.state
        if self.intents is not None:
            d["intents"] = sorted(self.intents.intents)
        return d


@dataclass
class CallRecord:
    scenario: Scenario
    conversation: Conversation
    turns: list[CallTurn]
    caller_audio: Clip
    other_audio: Clip
    reply_gaps_s: list[float]
    ended_by: str
