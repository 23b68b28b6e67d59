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


DIM, PLAIN = "\033[2m", "\033[0m"
TAIL = 40  # characters of the transcript on the terminal's status line


class LiveDisplay:
    """Times (`elapsed`, `at_s`, `start_s`) are seconds on one clock: since the take began, or
    since the call began in a mock call."""

    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None):
        self.out = stream
        self.tty = stream.isatty() if tty is None else tty
        self.ticked: dict[str, float] = {}
        self.text = ""
        self.hearing = ""  # a provisional hearing of the phrase still being spoken
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
        self.out.write(f"\r\033[K[{meter}] {elapsed:5.1f}s  {ticks}  {self._tail()}")
        self.out.flush()

    def _tail(self) -> str:
        """The end of the transcript, with the provisional hearing greyed after it."""
        done = printable(self.text)
        hearing = printable(self.hearing)[-TAIL:]
        if not hearing:
            return done[-TAIL:]
        room = TAIL - len(hearing) - 1
        done = done[-room:] if room > 0 and done else ""
        return f"{done} {DIM}{hearing}{PLAIN}" if done else f"{DIM}{hearing}{PLAIN}"

    def heard(self, elapsed: float, text: str, full: str, start_s: float | None = None) -> None:
        """A phrase was decoded: `text` (said from `start_s` on); `full` is all heard so far."""
        self.text = full
        self.hearing = ""
        self._line(f"{elapsed:6.1f}s heard: {text}")

    def partial(self, elapsed: float, text: str, start_s: float | None = None) -> None:
        """A provisional hearing of the phrase still being spoken (from `start_s` on): shown
        until the phrase is decoded, which replaces it. On a terminal it is the greyed end of
        the status line; elsewhere one line each."""
        self.hearing = text
        if not self.tty:
            self._line(f"{elapsed:6.1f}s hearing: {text} ...")

    def tick(self, elapsed: float, element: str, evidence: str | None) -> None:
        self.ticked[element] = elapsed
        self._line(f'{elapsed:6.1f}s tick {element}: "{evidence or ""}"')

    def warn(self, elapsed: float, flag: str, evidence: str) -> None:
        """A mistake heard while speaking (asking for a job): said at once, not only at the end."""
        self._line(f'{elapsed:6.1f}s warning {flag}: "{evidence}"')

    def said(self, who: str, text: str, at_s: float) -> None:
        """The other side of a mock call spoke a line (`at_s`: seconds into the call)."""
        self._line(f'{at_s:6.1f}s {who}: "{text}"')

    def end(self, message: str) -> None:
        self._line(message)
