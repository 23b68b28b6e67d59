"""Delivery: pace, fillers, pauses, length, hedges and apologies, from timed words."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from trainer.scoring.text import HESITATIONS, Text

PACE_BAND = (120, 160)  # words per minute that sound calm and clear on the phone
LONG_PAUSE_S = 2.0
LENGTH_BAND_S = (12.0, 60.0)  # an intro shorter than this skips things; longer loses people

# Verbal fillers beyond hesitation sounds; "like" only when it is set off by commas.
_FILLER_PHRASES = re.compile(
    r"\b(?:you know|i mean|basically|literally|kind of like|sort of like|you see)\b"
)
_HEDGES = re.compile(
    r"\b(?:"
    r"sorry (?:to|for) (?:bother|bothering|disturb|disturbing|interrupt|interrupting|call|calling|trouble|troubling)"
    r"|i'm (?:so |really )?sorry|i apologi[sz]e|apologies for"
    r"|i know you(?:'re| are) (?:very |really |so |probably )?busy"
    r"|(?:i )?hope i'm not (?:bothering|disturbing|interrupting)"
    r"|i hate to (?:bother|disturb|interrupt)"
    r"|if it's not too much (?:trouble|to ask)|if you don't mind"
    r"|this (?:might|may) (?:be|sound) (?:a )?(?:silly|stupid|dumb|weird|strange)"
    r"|i was just wondering|just wondering|i was wondering if maybe|maybe possibly"
    r"|i don't want to (?:bother|impose|waste)|i'm not sure if"
    r")"
)


@dataclass(frozen=True)
class Delivery:
    word_count: int
    duration_s: float | None
    speaking_s: float | None
    words_per_minute: float | None
    pace_band: tuple[int, int] = PACE_BAND
    fillers: dict[str, int] = field(default_factory=dict)
    filler_count: int = 0
    fillers_per_minute: float | None = None
    pauses: list[dict[str, float]] = field(default_factory=list)  # long pauses: at_s, length_s
    longest_pause_s: float | None = None
    hedges: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["pace_band"] = list(self.pace_band)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Delivery:
        """Back from `to_dict` (a stored report), so it is rendered from the typed object."""
        return cls(**{**d, "pace_band": tuple(d["pace_band"])})


def measure(t: Text) -> Delivery:
    words = t.words
    fillers: dict[str, int] = {}
    content_words = 0
    for i, w in enumerate(words):
        bare = w.text.lower().strip(".,?!;:\"'-")
        if bare in HESITATIONS:
            fillers[bare] = fillers.get(bare, 0) + 1
        elif bare == "like" and _set_off(words, i):
            fillers["like"] = fillers.get("like", 0) + 1
        elif bare:
            content_words += 1
    for h in t.find(_FILLER_PHRASES):
        phrase = " ".join(x.norm for x in t.tokens if h.first <= x.word <= h.last)
        fillers[phrase] = fillers.get(phrase, 0) + 1
    hedges = [t.quote(h.first, h.last) for h in t.find(_HEDGES)]
    filler_count = sum(fillers.values())

    if not t.transcript.timed or not words:
        return Delivery(
            content_words,
            None,
            None,
            None,
            fillers=fillers,
            filler_count=filler_count,
            hedges=hedges,
        )

    pauses = []
    gaps = []
    for prev, cur in zip(words, words[1:], strict=False):
        gap = float(cur.start) - float(prev.end)
        gaps.append(gap)
        if gap >= LONG_PAUSE_S:
            pauses.append({"at_s": round(float(prev.end), 2), "length_s": round(gap, 2)})
    first, last = float(words[0].start), float(words[-1].end)
    # Speaking time excludes long silences, so a thoughtful pause does not read as slow speech.
    speaking = max(last - first - sum(g for g in gaps if g >= 1.0), 0.1)
    wpm = content_words / (speaking / 60)
    return Delivery(
        word_count=content_words,
        duration_s=round(t.transcript.duration or last, 2),
        speaking_s=round(speaking, 2),
        words_per_minute=round(wpm, 1),
        fillers=fillers,
        filler_count=filler_count,
        fillers_per_minute=round(filler_count / (speaking / 60), 2),
        pauses=pauses,
        longest_pause_s=round(max(gaps), 2) if gaps else 0.0,
        hedges=hedges,
    )


def pace_shown(wpm: float) -> int:
    """The pace as every report prints it (whole words a minute)."""
    return int(round(wpm))


def pace_off(wpm: float | None) -> int:
    """Words a minute outside PACE_BAND: negative too slow, positive too fast, 0 inside.

    Judged on the shown (rounded) pace, so "120 words/min (aim 120-160)" is never also told to
    speed up: the report, the tips, the score and progress all use this one definition.
    """
    if wpm is None:
        return 0
    shown = pace_shown(wpm)
    lo, hi = PACE_BAND
    return shown - hi if shown > hi else shown - lo if shown < lo else 0


def pace_tip(wpm: float | None) -> str | None:
    """The pace tip, or None when the pace is inside the band (or not measured)."""
    off = pace_off(wpm)
    if not off or wpm is None:
        return None
    band = f"aim for {PACE_BAND[0]}-{PACE_BAND[1]}"
    if off > 0:
        return f"Slow down: {pace_shown(wpm)} words a minute; {band}."
    return f"Pick up the pace a little: {pace_shown(wpm)} words a minute; {band}."


def _set_off(words, i: int) -> bool:
    """'It's, like, hard' uses like as a filler; 'I'd like to' does not."""
    prev = words[i - 1].text if i else ""
    return prev.endswith(",") or words[i].text.endswith(",")
