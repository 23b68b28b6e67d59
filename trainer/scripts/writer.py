"""Writes an intro script from a few facts, in a chosen style. Every style covers the four
elements (identification, purpose as information, bounded time, convenience check)."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.errors import InputError

STYLES = ("warm", "brief", "formal")
_NUMBERS = {5: "five", 10: "ten", 15: "fifteen", 20: "twenty", 25: "twenty-five", 30: "thirty"}


@dataclass(frozen=True)
class ScriptFacts:
    name: str
    background: str = ""  # "a nursing student at State", "a teacher moving into UX design"
    field: str = ""  # the field, role or company being researched
    referral: str = ""  # who suggested the call
    minutes: int = 15
    style: str = "warm"

    def validate(self) -> None:
        if not self.name.strip():
            raise InputError("a script needs your name (--name)")
        if not self.field.strip():
            raise InputError(
                "a script needs the field, role or company you're researching (--field)"
            )
        if self.style not in STYLES:
            raise InputError(f"unknown style '{self.style}': choose {', '.join(STYLES)}")
        if not 5 <= self.minutes <= 30:
            raise InputError("--minutes: ask for between 5 and 30 minutes (10 or 15 is best)")


def minutes_phrase(minutes: int) -> str:
    if minutes == 15:
        return "ten or fifteen minutes"
    return f"{_NUMBERS.get(minutes, str(minutes))} minutes"


def _background(b: str, formal: bool) -> str:
    b = b.strip().rstrip(".")
    if not b:
        return ""
    lower = b.lower()
    if lower.startswith(("i'm ", "i am ")):
        return b[0].upper() + b[1:] + "."
    return ("I am " if formal else "I'm ") + b + "."


def _referral(r: str, formal: bool) -> str:
    r = r.strip().rstrip(".")
    if not r:
        return ""
    return f"{r} suggested I {'contact' if formal else 'call'} you."


def write(facts: ScriptFacts) -> str:
    facts.validate()
    name, fld = facts.name.strip(), facts.field.strip()
    formal = facts.style == "formal"
    bg, ref = _background(facts.background, formal), _referral(facts.referral, formal)
    mins = minutes_phrase(facts.minutes)
    if facts.style == "warm":
        parts = [
            f"Hi, my name is {name}.", bg, ref,
            f"I'm exploring a career in {fld}, and I'd love to learn about your experience and "
            "get your advice. I'm not looking for a job, just information.",
            f"Would you have {mins} to talk?",
            "Is now a good time, or could we schedule another time that works better for you?",
        ]  # fmt: skip
    elif facts.style == "brief":
        parts = [
            f"Hi, this is {name}.", bg, ref,
            f"I'm looking into careers in {fld} and would value your advice on the field.",
            f"Could I have {mins} of your time? Is now a good time, or should I call back later?",
        ]  # fmt: skip
    else:
        parts = [
            f"Good morning, my name is {name}.", bg, ref,
            f"I am researching a career in {fld}, and I would appreciate the chance to learn "
            "about your work and hear your advice. I am not asking about job openings.",
            f"Would you be able to spare {mins} for a short conversation?",
            "If now is not convenient, I would be glad to schedule another time.",
        ]  # fmt: skip
    return " ".join(p for p in parts if p) + "\n"
