"""A full disk never costs the person their report: it is shown, kept when possible, and what
could not be written is said in one line, with no partial file left behind."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys

from tests.conftest import espeak
from tests.hostile.conftest import assert_one_line_error, home, run_with_disk_limit
from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav
from trainer.progress.store import HistoryError, HistoryStore

INTRO = "Hi, my name is Ann Lee. Would you have ten minutes? Is now a good time?"


def test_practice_on_a_full_disk_still_shows_and_keeps_the_report(tmp_path):
    raw = load_audio(espeak(INTRO, tmp_path / "raw.wav"))
    take = write_wav(tmp_path / "take.wav", Clip.silence(0.3).concat(raw, Clip.silence(1.0)))
    with HistoryStore.open():
        pass  # the history exists; the take's audio (~200 kB) cannot be written
    proc = run_with_disk_limit(
        "practice",
        "--mic-file",
        str(take),
        "--no-opening",
        "--json",
        "--silence",
        "0.6",
        "--no-script",
        max_bytes=120_000,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    assert report["elements"]["identification"]["covered"], report
    assert report["file"] is None
    problems = [ln for ln in proc.stderr.splitlines() if ln.startswith("trainer: ")]
    assert len(problems) == 1 and "audio was not saved" in problems[0], proc.stderr
    assert proc.returncode == 2
    assert not list((home() / "takes").glob("*")), "a partial take was left behind"
    with HistoryStore.open() as store:  # the report itself was kept
        [kept] = store.attempts("default")
    assert kept.mode == "practice" and kept.audio_path is None


def test_write_wav_on_a_full_disk_removes_its_partial_file(tmp_path):
    code = (
        "import numpy as np, sys\n"
        "from trainer.audio.clip import Clip\n"
        "from trainer.audio.files import write_wav\n"
        "from trainer.errors import StorageError\n"
        "try:\n"
        f"    write_wav({str(tmp_path / 'out.wav')!r}, Clip(np.zeros(160000, np.float32)))\n"
        "except StorageError as e:\n"
        "    print(e); sys.exit(3)\n"
    )

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    proc = subprocess.run(
        [sys.executable, "-c", code], preexec_fn=limit, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 3, proc.stderr
    assert "out.wav" in proc.stdout
    assert list(tmp_path.iterdir()) == []


def test_score_shows_every_result_when_the_history_cannot_be_saved(trainer, monkeypatch):
    def full(self, attempt):
        raise HistoryError("could not save to history: database or disk is full")

    monkeypatch.setattr(HistoryStore, "save", full)
    run = trainer("score", "--text", INTRO, "--json")
    assert json.loads(run.out)["elements"]["time_request"]["covered"]
    line = assert_one_line_error(run, "not kept in your history", "disk is full")
    assert "1 scored take" in line


def test_script_new_on_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path):
    proc = run_with_disk_limit(
        "script",
        "new",
        "--no-input",
        "--name",
        "Ann Lee",
        "--background",
        "a student",
        "--field",
        "nursing " * 3000,
        "--as",
        "big",
        max_bytes=8_000,
    )
    assert_one_line_error(proc, "cannot write")
    scripts = home() / "scripts"
    assert not scripts.exists() or not [p for p in scripts.rglob("*") if p.is_file()]
