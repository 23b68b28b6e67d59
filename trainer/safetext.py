"""Text from outside trainer (files, transcripts, --text, names) made safe to print.

A terminal obeys escape sequences in whatever it is sent: `\\x1b[2J` clears the screen, an OSC
sequence sets the window title or worse. Everything printed that trainer did not write itself
goes through `printable`; trainer's own colours are added after, by the renderers.
"""

from __future__ import annotations

import json
import re

# Whole escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes), so no
# readable debris such as "[2J" is left behind; then any single control character.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC/DCS/SOS/PM/APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit string commands
    r"|\x1b[ -~]?"  # any other escape and its next byte
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` with escape sequences and control characters removed (newlines and tabs kept)."""
    s = str(text)
    if not _CONTROL.search(s):
        return s
    return _CONTROL.sub("", _SEQUENCE.sub("", s))


def has_control(text: str) -> bool:
    """Whether `text` holds anything `printable` would remove."""
    return bool(_CONTROL.search(text))


# JSON escapes C0 controls itself; these it would print raw (C1 controls act on some terminals).
_JSON_RAW = str.maketrans({c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), 0x2028, 0x2029)})


def json_text(value: object, **options) -> str:
    """json.dumps(ensure_ascii=False) with every control character escaped: the same data,
    safe to print on a terminal."""
    return json.dumps(value, ensure_ascii=False, **options).translate(_JSON_RAW)
