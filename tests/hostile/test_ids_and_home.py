"""Hostile numbers, names and folders: huge IDs, nan seconds, empty profiles, a data folder that
is a file or cannot be written. One clean line each, and a healthy history is never called
damaged or moved aside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.hostile.conftest import assert_one_line_error, home, seed
from trainer.progress.store import DB_NAME, HistoryStore

HUGE = "9223372036854775808"  # one more than SQLite's largest integer


@pytest.mark.parametrize(
    "command",
    [("show", HUGE), ("delete", HUGE, "--yes"), ("play", HUGE), ("show", "9" * 40)],
    ids=["show", "delete", "play", "show-40-digits"],
)
def test_ids_beyond_sqlite_integers_are_not_found(trainer, command):
    seed()
    assert_one_line_error(trainer(*command), "no attempt")


def test_a_huge_history_limit_means_no_limit(trainer):
    seed(3)
    run = trainer("history", "--limit", "9" * 23)
    assert run.rc == 0, run.err
    assert run.out.count("text") >= 3


@pytest.mark.parametrize(
    "command",
    [
        ("practice", "--silence", "nan"),
        ("practice", "--silence", "inf"),
        ("practice", "--wait", "nan"),
        ("practice", "--max-seconds", "inf"),
        ("call", "gatekeeper", "--wait", "nan"),
        ("call", "gatekeeper", "--silence", "inf"),
    ],
)
def test_seconds_must_be_finite(trainer, command):
    assert_one_line_error(trainer(*command, "--no-save"), f"--{command[-2].lstrip('-')}")


@pytest.mark.parametrize("name", ["", "   ", "a\x1b[2Jb", "x" * 200])
def test_a_profile_needs_a_short_printable_name(trainer, name):
    run = trainer("score", "--text", "Hi, my name is Ann.", "--profile", name)
    assert_one_line_error(run, "--profile")
    assert not (home() / DB_NAME).exists()


@pytest.mark.parametrize(
    "command",
    [("score", "--text", "Hi, my name is Ann."), ("history",), ("doctor",), ("script", "list")],
)
def test_trainer_home_that_is_a_file(trainer, tmp_path, monkeypatch, command):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("mine\n")
    monkeypatch.setenv("TRAINER_HOME", str(blocker))
    assert_one_line_error(trainer(*command), str(blocker), "not a folder")
    assert blocker.read_text() == "mine\n"


def _without_override(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The CLI run by someone whom file permissions apply to (root drops the capabilities
    that let it ignore them)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        prefix = [setpriv, "--bounding-set", "-all", "--inh-caps", "-all", "--"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def locked_history(tmp_path):
    """A healthy history in a folder the person running trainer cannot write."""
    data = home()
    seed(2)
    data.chmod(0o555)
    before = sorted(p.name for p in data.iterdir())
    yield dict(os.environ), data, before
    data.chmod(0o755)


@pytest.mark.parametrize("command", [("history",), ("doctor",), ("score", "--text", "Hi.")])
def test_an_unwritable_history_folder_is_not_called_damaged(locked_history, command):
    env, data, before = locked_history
    proc = _without_override(*command, env=env)
    line = assert_one_line_error(proc, str(data))
    assert "damaged" not in line and "permission" in line, line
    assert sorted(p.name for p in data.iterdir()) == before, "the history was moved aside"
    with HistoryStore.open(data / DB_NAME) as store:
        assert len(store.attempts("default")) == 2
    if command[0] == "score":  # scored and shown all the same; only keeping it failed
        assert "Score:" in proc.stdout and "not kept" in line
