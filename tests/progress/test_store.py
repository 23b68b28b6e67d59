"""The history database: migrations, safety under kill and concurrency, damage handling."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_trainer
from tests.progress.conftest import attempt
from trainer.progress.migrations import LATEST
from trainer.progress.store import HistoryError, HistoryStore, default_path

ROOT = Path(__file__).resolve().parents[2]

SAVER = """
import sys
from tests.progress.conftest import attempt
from trainer.progress.store import HistoryStore
store = HistoryStore.open()
for i in range(int(sys.argv[1])):
    new_id = store.save(attempt(profile=sys.argv[2]))
    print(new_id, flush=True)
"""


def _saver(count: int, profile: str = "default") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SAVER, str(count), profile],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_migrations_are_recorded_and_idempotent():
    with HistoryStore.open() as store:
        assert store.schema_version() == LATEST
        store.save(attempt())
    with HistoryStore.open() as store:
        assert store.schema_version() == LATEST
        rows = store.conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == list(range(1, LATEST + 1))
        assert len(store.attempts("default")) == 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_round_trip_keeps_everything():
    a = attempt(profile="maria")
    with HistoryStore.open() as store:
        new_id = store.save(a)
        back = store.get(new_id, "maria")
    assert back.to_dict() == a.to_dict()
    with HistoryStore.open() as store, pytest.raises(HistoryError, match="no attempt"):
        store.get(new_id, "someone-else")


def test_killed_writer_leaves_every_committed_attempt_intact():
    with HistoryStore.open() as store:
        for _ in range(3):
            store.save(attempt(profile="before"))
    for round_ in range(3):
        proc = _saver(100_000, profile=f"killed-{round_}")
        committed: list[int] = []
        while len(committed) < 20 + 15 * round_:
            line = proc.stdout.readline()
            assert line, "the saver process died on its own"
            committed.append(int(line))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with HistoryStore.open() as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = {a.id for a in store.attempts(f"killed-{round_}")}
            assert set(committed) <= ids
            assert len(store.attempts("before")) == 3


def test_two_writers_at_once_lose_nothing():
    procs = [_saver(60, "a"), _saver(60, "b")]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    with HistoryStore.open() as store:
        assert len(store.attempts("a")) == 60
        assert len(store.attempts("b")) == 60
    ids = [int(x) for out in outputs for x in out.split()]
    assert len(set(ids)) == 120


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_database_is_reported_and_never_overwritten(damage):
    with HistoryStore.open() as store:
        for _ in range(30):
            store.save(attempt())
    path = default_path()
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    data = path.read_bytes()
    if damage == "garbage":
        damaged = b"this is not a database" * 100
    else:
        damaged = data[:100] + b"\xff" * 4000 + data[4100:6000]
    path.write_bytes(damaged)
    for args in (["progress"], ["score", "--text", "Hi, my name is Ann."], ["history"]):
        proc = run_trainer(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "damaged" in lines[0] and "trainer doctor" in lines[0]
        assert "Traceback" not in proc.stderr
        assert path.read_bytes() == damaged
    proc = run_trainer("doctor")
    assert proc.returncode == 0, proc.stderr
    backups = list(path.parent.glob("history.sqlite3.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    assert run_trainer("progress").returncode == 0


def test_newer_schema_is_refused():
    with HistoryStore.open() as store:
        store.conn.execute("INSERT INTO schema_migrations VALUES (?, 'future')", (LATEST + 7,))
    before = default_path().read_bytes()
    proc = run_trainer("progress")
    assert proc.returncode == 2
    assert "newer than this trainer knows" in proc.stderr
    assert proc.stderr.count("\n") == 1
    time.sleep(0.1)
    con = sqlite3.connect(default_path())
    assert con.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == LATEST + 7
    con.close()
    assert len(default_path().read_bytes()) == len(before)
