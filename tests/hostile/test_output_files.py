"""`export -o FILE` and `report --html FILE` never clobber what trainer did not write, follow
symlinks, write special files in place, and say on stderr what they wrote."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from tests.hostile.conftest import assert_one_line_error, run_with_disk_limit, seed

WRITERS = [("export", "--json", "-o"), ("export", "--csv", "-o"), ("report", "--html")]


@pytest.mark.parametrize("command", WRITERS, ids=["json", "csv", "html"])
def test_an_unrelated_file_is_refused_then_replaced_with_force(trainer, tmp_path, command):
    seed()
    precious = tmp_path / "thesis.txt"
    precious.write_text("three years of work\n")
    run = trainer(*command, precious)
    assert_one_line_error(run, str(precious), "--force")
    assert precious.read_text() == "three years of work\n"
    forced = trainer(*command, precious, "--force")
    assert forced.rc == 0, forced.err
    assert "three years" not in precious.read_text()


@pytest.mark.parametrize("command", WRITERS, ids=["json", "csv", "html"])
def test_a_file_trainer_wrote_is_replaced_and_stderr_says_so(trainer, tmp_path, command):
    seed(2)
    out = tmp_path / "out" / "history.file"
    first = trainer(*command, out)
    assert first.rc == 0 and out.is_file(), first.err
    lines = first.err.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "Wrote" in lines[0], first.err
    seed(1)
    again = trainer(*command, out)  # what trainer wrote is trainer's to replace
    assert again.rc == 0, again.err
    if command[1] == "--json":
        assert len(json.loads(out.read_text())) == 3


def test_a_file_edited_since_trainer_wrote_it_is_refused(trainer, tmp_path):
    seed()
    out = tmp_path / "h.json"
    assert trainer("export", "--json", "-o", out).rc == 0
    out.write_text(out.read_text() + "my notes\n")
    assert_one_line_error(trainer("export", "--json", "-o", out), "--force")
    assert out.read_text().endswith("my notes\n")


def test_a_symlink_is_followed_and_kept(trainer, tmp_path):
    seed()
    target = tmp_path / "real" / "report.html"
    target.parent.mkdir()
    link = tmp_path / "link.html"
    link.symlink_to(target)
    run = trainer("report", "--html", link)
    assert run.rc == 0, run.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "<html" in target.read_text().lower()


def test_a_fifo_is_written_in_place_not_replaced(trainer, tmp_path):
    seed()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = trainer("export", "--json", "-o", fifo)
    reader.join(timeout=10)
    assert run.rc == 0, run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert json.loads(got[0])[0]["mode"] == "text"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_is_written_in_place_not_replaced(trainer, tmp_path):
    seed()
    full = tmp_path / "full"  # a private /dev/full: writing to it fails with ENOSPC
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    run = trainer("report", "--html", full)
    assert_one_line_error(run, str(full))
    assert stat.S_ISCHR(os.lstat(full).st_mode), "the device node was deleted"


def test_dev_stdout_and_process_substitution_work(tmp_path):
    seed()
    env = dict(os.environ)
    to_stdout = subprocess.run(
        [sys.executable, "-m", "trainer", "export", "--json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert json.loads(to_stdout.stdout)[0]["mode"] == "text"
    # `-o >(wc -c)`: the shell hands over /dev/fd/N, the write end of a pipe.
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "report", "--html", f"/dev/fd/{write_end}"],
        pass_fds=(write_end,),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        page = pipe.read()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"<html" in page.lower()


def test_a_full_disk_leaves_the_old_file_whole_and_no_partial_file(tmp_path):
    seed(40)  # an export far larger than the file size limit below
    out = tmp_path / "exports" / "history.json"
    out.parent.mkdir()
    out.write_text("[]\n")
    proc = run_with_disk_limit("export", "--json", "-o", str(out), "--force", max_bytes=40_000)
    assert_one_line_error(proc, str(out))
    assert out.read_text() == "[]\n"
    assert [p.name for p in out.parent.iterdir()] == ["history.json"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(trainer):
    seed(text='=HYPERLINK("http://x","hi") my name is Ann', source="=1+2.wav")
    seed(profile="@evil", source="+cmd|' /C calc'!A0")
    seed(source="-2+3")
    rows = []
    for profile in ("default", "@evil"):
        run = trainer("export", "--csv", "--profile", profile)
        rows += list(csv.DictReader(io.StringIO(run.out)))
    for row in rows:
        for key, value in row.items():
            assert not value.startswith(("=", "+", "-", "@")), (key, value)
    assert {r["source"] for r in rows} == {"'=1+2.wav", "'+cmd|' /C calc'!A0", "'-2+3"}
    assert rows[0]["transcript"].startswith("'=HYPERLINK")


AUDIO_WRITERS = [
    ("voices", "say", "receptionist", "Harper and Lane, how can I help?", "--out"),
    ("script", "say", "--out"),
    ("call", "voicemail", "--fast", "--no-save", "--user-text", "Hi, this is Sam.", "--record"),
]


@pytest.mark.slow
@pytest.mark.parametrize("command", AUDIO_WRITERS, ids=["voices-say", "script-say", "call"])
def test_audio_outputs_refuse_an_unrelated_file_then_replace_it_with_force(
    trainer, tmp_path, command
):
    """--out / --record are checked before any work (a call is not lost to a refusal after it);
    what trainer wrote itself is replaced without asking."""
    if command[0] == "script":
        made = trainer("script", "new", "--name", "Sam Lee", "--field", "nursing", "--as", "s1")
        assert made.rc == 0, made.err
    precious = tmp_path / "interview.wav"
    precious.write_bytes(b"RIFF my only recording of the interview")
    refused = trainer(*command, precious)
    assert_one_line_error(refused, str(precious), "--force")
    assert precious.read_bytes() == b"RIFF my only recording of the interview"
    forced = trainer(*command, precious, "--force")
    assert forced.rc == 0, forced.err
    assert precious.read_bytes()[:4] == b"RIFF" and precious.stat().st_size > 1000
    again = trainer(*command, precious)  # now trainer's own file
    assert again.rc == 0, again.err
