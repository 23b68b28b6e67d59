"""Helpers for the hostile-input suite: run the CLI in-process or as a user would, check that a
failure is one clean line, fill the history, and simulate a full disk."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.progress.conftest import attempt
from trainer import cli
from trainer.progress.store import HistoryStore


@dataclass
class Run:
    rc: int
    out: str
    err: str


@pytest.fixture
def trainer(capsys):
    """`trainer ARGS...` in this process (fast), returning exit status, stdout and stderr."""

    def _run(*args: str) -> Run:
        capsys.readouterr()
        rc = cli.main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(rc, captured.out, captured.err)

    return _run


def assert_one_line_error(run, *must_contain: str) -> str:
    """Exit 2, no traceback, and stderr is exactly one `trainer: ...` line."""
    out = getattr(run, "out", None) or getattr(run, "stdout", "")
    err = getattr(run, "err", None) or getattr(run, "stderr", "")
    rc = run.rc if hasattr(run, "rc") else run.returncode
    assert "Traceback" not in out + err, err
    assert rc == 2, (rc, out, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("trainer: "), lines[0]
    for text in must_contain:
        assert text in lines[0], (text, lines[0])
    return lines[0]


def seed(n: int = 1, profile: str = "default", text: str | None = None, **fields) -> list[int]:
    """Put `n` attempts straight into the history; returns their ids."""
    with HistoryStore.open() as store:
        ids = []
        for _ in range(n):
            a = attempt(text, profile) if text else attempt(profile=profile)
            for key, value in fields.items():
                setattr(a, key, value)
            ids.append(store.save(a))
        return ids


def home() -> Path:
    return Path(os.environ["TRAINER_HOME"])


def run_with_disk_limit(*args: str, max_bytes: int, **kw) -> subprocess.CompletedProcess:
    """The real CLI where no file can grow past `max_bytes`: writes fail with EFBIG, as they
    fail with ENOSPC on a full disk (SIGXFSZ is ignored so the write returns the error)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
        env=dict(os.environ),
        **kw,
    )
