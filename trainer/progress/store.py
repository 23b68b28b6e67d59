"""The history database: one SQLite file in the data directory, written transactionally.

Safety rules: WAL journaling so a killed process never damages committed attempts; a busy
timeout so concurrent savers wait instead of failing; a damaged file is reported and never
written to (`trainer doctor` moves it aside); a newer schema is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import config
from trainer.errors import TrainerError
from trainer.progress.migrations import LATEST, MIGRATIONS

if TYPE_CHECKING:
    from trainer.callreport import CallReport
    from trainer.scoring.feedback import Feedback

DB_NAME = "history.sqlite3"
DEFAULT_PROFILE = "default"
BUSY_TIMEOUT_S = 30.0


SQLITE_MAX_INT = 2**63 - 1
# SQLite's words for "cannot get at the file" (permissions, full disk, missing folder): the
# database itself may be perfectly healthy, so it is never called damaged or moved aside.
_ACCESS = (
    "readonly",
    "read-only",
    "unable to open",
    "disk i/o",
    "full",
    "permission",
    "locking protocol",
    "out of memory",
)


class HistoryError(TrainerError):
    """The history database cannot be used safely."""


class HistoryAccessError(HistoryError):
    """The history cannot be reached or written (permissions, full disk); it is not damaged."""


@dataclass(frozen=True)
class PartMark:
    """One part in the history's columns: said or not, and whether it was asked for (a
    receptionist needs no time request, so a call can leave a part out)."""

    covered: bool
    expected: bool = True


@dataclass(frozen=True)
class Summary:
    """What every history view reads from an attempt (the parts, the job ask, pace and
    fillers), typed once from the stored columns; attempts of every version parse."""

    parts: dict[str, PartMark]
    asks_for_job: bool
    words_per_minute: float | None
    fillers_per_minute: float | None

    @classmethod
    def from_columns(cls, elements: dict, flags: dict, delivery: dict) -> Summary:
        parts = {
            name: PartMark(bool(e.get("covered")), bool(e.get("expected", True)))
            for name, e in elements.items()
            if isinstance(e, dict)
        }
        return cls(
            parts=parts,
            asks_for_job=bool(flags.get("asks_for_job")),
            words_per_minute=_number(delivery.get("words_per_minute")),
            fillers_per_minute=_number(delivery.get("fillers_per_minute")),
        )

    def expects(self, name: str) -> bool:
        """The part was asked for in this attempt (stored, and expected)."""
        return name in self.parts and self.parts[name].expected

    def said(self, name: str) -> bool:
        return name in self.parts and self.parts[name].covered


def _number(value: object) -> float | None:
    """A stored measure as it was written (an int stays an int in exports), or None."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass
class Attempt:
    """One row of the history. `report` is the report as stored, JSON-shaped: what `show
    --json`, `export` and the web write out, byte for byte whatever version stored it;
    `feedback` (an intro take) or `call` (a mock call) is the same report typed, which the
    terminal and HTML views render."""

    profile: str
    mode: str
    transcript: str
    elements: dict
    flags: dict
    delivery: dict
    score: int
    report: dict
    created_at: str = field(default_factory=lambda: utc_now())
    scenario: str | None = None
    script: str | None = None
    source: str | None = None
    duration_s: float | None = None
    audio_path: str | None = None
    id: int | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "profile": self.profile,
            "mode": self.mode,
            "scenario": self.scenario,
            "script": self.script,
            "source": self.source,
            "created_at": self.created_at,
            "duration_s": self.duration_s,
            "transcript": self.transcript,
            "elements": self.elements,
            "flags": self.flags,
            "delivery": self.delivery,
            "score": self.score,
            "audio_path": self.audio_path,
            "report": self.report,
        }

    @classmethod
    def of_take(
        cls,
        feedback: Feedback,
        profile: str,
        mode: str,
        *,
        script: str | None = None,
        source: str | None = None,
        audio_path: str | None = None,
    ) -> Attempt:
        """The history record of one scored intro: its report as JSON, and the columns drawn
        from it."""
        d = feedback.to_dict()
        return cls(
            profile=profile,
            mode=mode,
            transcript=d["transcript"],
            elements=d["elements"],
            flags=d["flags"],
            delivery=d["delivery"],
            score=d["score"],
            report=d,
            script=script,
            source=source,
            duration_s=d["delivery"]["duration_s"],
            audio_path=audio_path,
        )

    @classmethod
    def of_call(cls, report: CallReport, profile: str) -> Attempt:
        """The history record of one mock call: what the caller said, and the call's report."""
        d = report.to_dict()
        caller_text = " ".join(t.text for t in report.turns if t.role == "caller")
        return cls(
            profile=profile,
            mode="call",
            transcript=caller_text.strip(),
            elements=d["elements"],
            flags=d["flags"],
            delivery=d["delivery"],
            score=report.score,
            report=d,
            scenario=report.scenario,
            source=f"call:{report.scenario}",
            duration_s=report.timing.duration_s,
            audio_path=report.kept.get("audio") or report.kept.get("recording"),
        )

    @property
    def summary(self) -> Summary:
        """The columns, typed (cheap: parsed on each use, so never stale)."""
        return Summary.from_columns(self.elements, self.flags, self.delivery)

    # Parsed on first use, so listing or exporting a history never depends on it.
    @cached_property
    def feedback(self) -> Feedback:
        """An intro take's stored report, typed."""
        from trainer.scoring.feedback import Feedback

        return Feedback.from_dict(self.report)

    @cached_property
    def call(self) -> CallReport:
        """A mock call's stored report, typed."""
        from trainer.callreport import CallReport

        return CallReport.from_dict(self.report)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_path() -> Path:
    return config.data_home() / DB_NAME


def _damaged(path: Path, exc: Exception | str) -> HistoryError:
    if any(word in str(exc).lower() for word in _ACCESS):
        return _no_access(path, str(exc))
    return HistoryError(
        f"history database {path} is damaged ({exc}); it was left untouched: run "
        "`trainer doctor` to back it up and start a new one"
    )


def _no_access(path: Path, reason: str) -> HistoryAccessError:
    return HistoryAccessError(
        f"cannot use the history at {path} ({reason}); it was left untouched: check the "
        "folder's permissions and free space"
    )


def _check_access(path: Path) -> None:
    """Before SQLite: a folder we may not write in is said so plainly, never 'damaged'."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _no_access(path, f"cannot create {folder}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _no_access(path, f"no permission to write in {folder}")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise _no_access(path, "no permission to read and write the file")


class HistoryStore:
    """Open with `HistoryStore.open()`; every method is one short transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, create: bool = True) -> HistoryStore:
        path = path or default_path()
        if path.is_dir():
            raise HistoryError(f"history database {path} is a directory")
        if not path.exists() and not create:
            raise HistoryError(f"no history yet at {path}")
        _check_access(path)
        if path.exists() and path.stat().st_size > 0:
            _check_header(path)
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot open history database {path}: {exc}") from None
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise sqlite3.DatabaseError(ok)
                # Switching to WAL needs a moment alone with the file; SQLite reports "locked"
                # without waiting when another process is creating it at the same time.
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                store = cls(conn, path)
                store._migrate()
                return store
            except sqlite3.OperationalError as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                conn.close()
                if _is_busy(exc):
                    raise HistoryError(f"history database {path} is busy: try again") from None
                raise _damaged(path, exc) from None
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise _damaged(path, exc) from None
            except HistoryError:
                conn.close()
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if row is None:
            return 0
        return self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > LATEST:
            raise HistoryError(
                f"history database {self.path} has schema version {current}, newer than this "
                f"trainer knows ({LATEST}): upgrade trainer to use it"
            )
        if current == LATEST:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = self.conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
            ).fetchone()[0]
            for version, sql in MIGRATIONS:
                if version > current:
                    for statement in filter(str.strip, sql.split(";")):
                        self.conn.execute(statement)
                    self.conn.execute(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        (version, utc_now()),
                    )
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # --- attempts -----------------------------------------------------------------------
    def save(self, attempt: Attempt) -> int:
        row = (
            attempt.profile,
            attempt.mode,
            attempt.scenario,
            attempt.script,
            attempt.source,
            attempt.created_at,
            attempt.duration_s,
            attempt.transcript,
            json.dumps(attempt.elements),
            json.dumps(attempt.flags),
            json.dumps(attempt.delivery),
            int(attempt.score),
            attempt.audio_path,
            json.dumps(attempt.report),
        )
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                "INSERT INTO attempts (profile, mode, scenario, script, source, created_at, "
                "duration_s, transcript, elements, flags, delivery, score, audio_path, report) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise HistoryError(f"could not save to history {self.path}: {exc}") from None
        attempt.id = int(cur.lastrowid)
        return attempt.id

    def attempts(self, profile: str, limit: int | None = None) -> list[Attempt]:
        """Oldest first (the natural order for trends); `limit` keeps the newest ones."""
        sql = "SELECT * FROM attempts WHERE profile = ? ORDER BY created_at DESC, id DESC"
        params: tuple = (profile,)
        if limit is not None:
            sql += " LIMIT ?"
            params += (min(limit, SQLITE_MAX_INT),)  # larger than SQLite counts: no limit
        rows = self._query(sql, params)
        return [_from_row(r) for r in reversed(rows)]

    def get(self, attempt_id: int, profile: str) -> Attempt:
        rows = []
        if 0 < attempt_id <= SQLITE_MAX_INT:  # beyond SQLite's integers no attempt can exist
            rows = self._query(
                "SELECT * FROM attempts WHERE id = ? AND profile = ?", (attempt_id, profile)
            )
        if not rows:
            raise HistoryError(f"no attempt {attempt_id} in profile '{profile}'")
        return _from_row(rows[0])

    def delete(self, attempt_id: int, profile: str) -> None:
        self.get(attempt_id, profile)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "DELETE FROM attempts WHERE id = ? AND profile = ?", (attempt_id, profile)
        )
        self.conn.execute("COMMIT")

    def profiles(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT profile FROM attempts ORDER BY 1", ())]

    def _query(self, sql: str, params: tuple) -> list[sqlite3.Row]:
        self.conn.row_factory = sqlite3.Row
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise HistoryError(f"history database {self.path} is busy: try again") from None
            raise _damaged(self.path, exc) from None
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from None


def _from_row(r: sqlite3.Row) -> Attempt:
    return Attempt(
        id=r["id"],
        profile=r["profile"],
        mode=r["mode"],
        scenario=r["scenario"],
        script=r["script"],
        source=r["source"],
        created_at=r["created_at"],
        duration_s=r["duration_s"],
        transcript=r["transcript"],
        elements=json.loads(r["elements"]),
        flags=json.loads(r["flags"]),
        delivery=json.loads(r["delivery"]),
        score=r["score"],
        audio_path=r["audio_path"],
        report=json.loads(r["report"]),
    )


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before sqlite3 gets a chance to touch it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise HistoryError(f"cannot read history database {path}: {exc.strerror}") from None
    if head != _SQLITE_MAGIC:
        raise _damaged(path, "not an SQLite database")


def backup_and_reset(path: Path | None = None) -> Path | None:
    """Move a database (and its WAL files) aside to a timestamped name; None if none exists."""
    path = path or default_path()
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    try:
        path.rename(backup)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
    except OSError as exc:
        raise _no_access(path, f"cannot move it aside: {exc.strerror or exc}") from None
    return backup
