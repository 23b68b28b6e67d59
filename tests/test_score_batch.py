"""`trainer score` on many files: each result is printed the moment its file is scored (input
order kept), with a progress bar on stderr only when stderr is a terminal."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
import pytest

from trainer import bootstrap, cli
from trainer.audio.clip import Clip
from trainer.audio.files import write_wav
from trainer.transcript import Transcript

INTRO = (
    "Hi, my name is Maria Lopez. I'd love to learn about your work in pediatric nursing. "
    "Would you have ten or fifteen minutes? Is now a good time?"
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Recorder:
    """A recogniser that notes what had been printed when each take was heard."""

    def __init__(self, stdout: io.StringIO):
        self.stdout = stdout
        self.printed_before: list[str] = []

    def load(self, progress=None) -> None:
        return None

    def transcribe(self, clip, progress=None, live=False) -> Transcript:
        self.printed_before.append(self.stdout.getvalue())
        if progress:
            progress("Transcribing", 1.0)
        return Transcript.from_text(INTRO)

    def replay(self, clip, heard: Transcript, progress=None) -> Transcript:
        return heard


@pytest.fixture
def takes(tmp_path) -> list[str]:
    t = np.arange(16_000 * 2) / 16_000
    tone = Clip((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))
    paths = [str(write_wav(tmp_path / f"take{i}.wav", tone)) for i in range(3)]
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF not really")
    return [paths[0], str(bad), paths[1], paths[2]]


def _run(monkeypatch, args: list[str], err: io.StringIO) -> tuple[int, io.StringIO, _Recorder]:
    out = io.StringIO()
    rec = _Recorder(out)
    monkeypatch.setattr(bootstrap, "recognizer", lambda *a, **k: rec)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    return cli.main(args), out, rec


def test_each_json_line_is_out_before_the_next_file_is_heard(monkeypatch, takes):
    err = io.StringIO()
    rc, out, rec = _run(monkeypatch, ["score", *takes, "--json", "--no-save"], err)
    assert rc == 2  # one bad file
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == takes  # input order
    assert "error" in lines[1] and lines[0]["score"] == 100
    # When the third take was heard, the first two lines (one good, one bad) were printed.
    assert [before.count("\n") for before in rec.printed_before] == [0, 2, 3]
    assert "Scoring" not in err.getvalue() and "\r" not in err.getvalue()  # no bar: not a tty


def test_a_terminal_gets_a_progress_bar_on_stderr_only(monkeypatch, takes):
    err = _Terminal()
    rc, out, _ = _run(monkeypatch, ["score", *takes, "--json", "--no-save"], err)
    assert rc == 2
    assert "Scoring" in err.getvalue() and "4/4" in err.getvalue()
    assert "broken.wav" in err.getvalue()  # the bad file's one-line error
    assert all(json.loads(line) for line in out.getvalue().splitlines())  # stdout: only JSON
    assert "Scoring" not in out.getvalue()


def test_every_take_of_a_batch_is_kept_as_it_is_scored(monkeypatch, takes):
    from trainer.progress.store import HistoryStore

    rc, _, rec = _run(monkeypatch, ["score", *takes], io.StringIO())
    assert rc == 2 and len(rec.printed_before) == 3
    with HistoryStore.open() as store:
        assert [a.source for a in store.attempts("default")] == [takes[0], takes[2], takes[3]]


def test_a_batch_that_cannot_be_kept_is_still_shown_as_it_goes(monkeypatch, takes):
    """Issue 15 (streaming) with issue 17 (a full disk never hides a result): every take is
    printed as soon as it is scored although saving it fails, and one line after the batch
    says what was not kept."""
    from trainer.progress.store import HistoryError, HistoryStore

    def full(self, attempt):
        raise HistoryError("could not save to history: database or disk is full")

    monkeypatch.setattr(HistoryStore, "save", full)
    err = io.StringIO()
    rc, out, rec = _run(monkeypatch, ["score", *takes, "--json"], err)
    assert rc == 2
    assert [json.loads(line)["file"] for line in out.getvalue().splitlines()] == takes
    assert [before.count("\n") for before in rec.printed_before] == [0, 2, 3]
    problems = [ln for ln in err.getvalue().splitlines() if ln.startswith("trainer: ")]
    assert "broken.wav" in problems[0]
    assert problems[-1].startswith("trainer: 3 scored take(s) not kept in your history")
    assert "disk is full" in problems[-1] and len(problems) == 2


def test_a_long_take_notice_and_the_bar_share_stderr(monkeypatch, takes):
    """The up-front wait notice (issue 17) is printed on its own line, not into the bar."""
    from trainer import app

    monkeypatch.setattr(app, "LONG_TAKE_S", 1.0)  # the test takes (2 s) count as long
    err = _Terminal()
    rc, out, _ = _run(monkeypatch, ["score", *takes, "--json", "--no-save"], err)
    assert rc == 2 and len(out.getvalue().splitlines()) == 4
    notices = [ln for ln in err.getvalue().splitlines() if "minutes of audio" in ln]
    assert len(notices) == 3 and all(ln.lstrip("\r").startswith("/") for ln in notices), notices


def test_printed_reports_strip_control_characters_but_json_keeps_them(monkeypatch, tmp_path):
    """Streaming output still goes through printable() (issue 17); --json keeps the text."""
    t = np.arange(16_000 * 2) / 16_000
    tone = Clip((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))
    paths = [str(write_wav(tmp_path / f"take\x1b[2J{i}.wav", tone)) for i in range(2)]
    rc, out, _ = _run(monkeypatch, ["score", *paths, "--no-save"], io.StringIO())
    assert rc == 0 and "\x1b" not in out.getvalue() and "take[2J" not in out.getvalue()
    rc, out, _ = _run(monkeypatch, ["score", *paths, "--no-save", "--json"], io.StringIO())
    assert [json.loads(line)["file"] for line in out.getvalue().splitlines()] == paths
