"""What the person sees while speaking: level, time, transcript so far, elements ticking.

On a terminal it redraws one status line; elsewhere (pipes, tests) it prints one line per
event on stderr, which is also what tests read.
"""

from __future__ import annotations

import sys
from typing import TextIO

from trainer.safetext import printable
from trainer.scoring.elements import ELEMENTS

SHORT = {
    "identification": "name",
    "purpose": "purpose",
    "time_request": "time",
    "convenience_check": "convenience",
}


class LiveDisplay:
    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None):
        self.out = stream
        self.tty = stream.isatty() if tty is None else tty
        self.ticked: dict[str, float] = {}
        self.text = ""
        self._last_draw = -1.0

    def _line(self, message: str) -> None:
        # Messages quote what was heard or a scenario's lines: never raw control characters.
        if self.tty:
            self.out.write("\r\033[K")
        self.out.write(printable(message) + "\n")
        self.out.flush()

    def status(self, message: str) -> None:
        self._line(message)

    def level(self, elapsed: float, rms: float) -> None:
        """Redraw the meter at most 10 times a second (terminal only)."""
        if not self.tty or elapsed - self._last_draw < 0.1:
            return
        self._last_draw = elapsed
        bars = min(int(rms * 60), 10)
        meter = "#" * bars + "." * (10 - bars)
        ticks = " ".join(("[x] " if n in self.ticked else "[ ] ") + SHORT[n] for n in ELEMENTS)
        tail = printable(self.text[-40:])
        self.out.write(f"\r\033[K[{meter}] {elapsed:5.1f}s  {ticks}  {tail}")
        self.out.flush()

    def heard(self, elapsed: float, text: str, full: str) -> None:
        self.text = full
        self._line(f"{elapsed:6.1f}s heard: {text}")

    def tick(self, elapsed: float, element: str, evidence: str | None) -> None:
        self.ticked[element] = elapsed
        self._line(f'{elapsed:6.1f}s tick {element}: "{evidence or ""}"')

    def warn(self, elapsed: float, flag: str, evidence: str) -> None:
        """A mistake heard while speaking (asking for a job): said at once, not only at the end."""
        self._line(f'{elapsed:6.1f}s warning {flag}: "{evidence}"')

    def said(self, who: str, text: str, at_s: float) -> None:
        """The other side of a mock call spoke a line (`at_s`: seconds into the call)."""
        self._line(f'{who}: "{text}"')

    def end(self, message: str) -> None:
        self._line(message)
