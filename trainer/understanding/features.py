"""A few exact, explainable cues the classifier sees beside the sentence embedding.

Sentence embeddings blur some distinctions that matter here: a negation ("I'm not looking for a
job"), a question mark, a number of minutes, a spelled-out phone number. These cues are given
to the classifier as extra inputs; it learns from the training data how much each one counts.
"""

from __future__ import annotations

import re

import numpy as np

_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|a|an|few"
    r"|couple|half|quarter)"
)
_CUES: dict[str, re.Pattern[str]] = {
    "negation": re.compile(r"\b(?:not|no|never|nothing|neither|nor)\b|n't\b"),
    "question_mark": re.compile(r"\?"),
    "duration": re.compile(
        rf"\b{_NUMBER}(?:[\s-]+(?:or|to)[\s-]+{_NUMBER})?[\s-]+"
        r"(?:more\s+)?(?:minutes?|mins?|hours?|moments?|seconds?|secs?)\b"
    ),
    "name_intro": re.compile(
        r"\b(?:my name(?:'s| is)|this is|it's|i'm|i am|name's|speaking with|call me)\s+[A-Z]"
    ),
    "digits": re.compile(  # a number read out in groups: "zero four one two, three three..."
        r"(?:\d(?:[\s().-]|,\s)*){5,}|\b(?:oh|zero|one|two|three|four|five|six|seven"
        r"|eight|nine|double|triple)(?:[\s,.-]+(?:oh|zero|one|two|three|four|five|six|seven"
        r"|eight|nine|double|triple)){4,}\b"
    ),
    "email": re.compile(r"@|\bat\s+\w+\s+dot\s+(?:com|org|net|edu|co)\b|\bdot com\b"),
}
NAMES = tuple(_CUES)
_HESITATION = re.compile(r"\b(?:um+|uh+|er+m?|ah+|hmm+|mm+)\b[,.]?\s*", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:and|so|but|okay|ok|well|also|oh|like|right)\b[,.]?\s+)+", re.I)


def model_text(text: str) -> str:
    """What the encoder sees: hesitations and a leading "and"/"so"/"well" carry no meaning,
    and dropping them makes "And what qualities do you need?" read as the question it is."""
    text = _HESITATION.sub("", text)
    return _LEADING.sub("", text.strip()) or text.strip()


def cues(text: str) -> np.ndarray:
    """0/1 per cue, in NAMES order. Case matters only for the name cue (a capitalised name)."""
    low = text.lower()
    out = np.zeros(len(_CUES), dtype=np.float32)
    for i, (name, pattern) in enumerate(_CUES.items()):
        out[i] = bool(pattern.search(text if name == "name_intro" else low))
    return out
