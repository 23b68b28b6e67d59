"""The history commands: progress, history, show, export, delete, report, doctor."""

from __future__ import annotations

import csv
import io
import sys
from argparse import Namespace
from pathlib import Path

from trainer import config
from trainer.outputs import write_output
from trainer.progress import html, stats, views
from trainer.progress.store import (
    Attempt,
    HistoryAccessError,
    HistoryError,
    HistoryStore,
    backup_and_reset,
    default_path,
)
from trainer.safetext import json_text, printable
from trainer.scoring.elements import ELEMENTS

CSV_FIELDS = [
    "id",
    "created_at",
    "profile",
    "mode",
    "scenario",
    "source",
    "score",
    "duration_s",
    *ELEMENTS,
    "asks_for_job",
    "words_per_minute",
    "fillers_per_minute",
    "audio_path",
    "transcript",
]


def run(args: Namespace) -> int:
    if args.command == "doctor":
        return doctor()
    with HistoryStore.open() as store:
        return COMMANDS[args.command](store, args)


def progress(store: HistoryStore, args: Namespace) -> int:
    summary = stats.summarize(store.attempts(args.profile))
    if args.json:
        print(json_text({"profile": args.profile, **summary}))
    else:
        sys.stdout.write(printable(views.progress(summary, args.profile)))
    return 0


def history(store: HistoryStore, args: Namespace) -> int:
    attempts = store.attempts(args.profile, limit=max(args.limit, 1))
    if args.json:
        rows = [{k: v for k, v in a.to_dict().items() if k not in ("report",)} for a in attempts]
        print(json_text(rows))
    else:
        sys.stdout.write(printable(views.history(attempts)))
    return 0


def show(store: HistoryStore, args: Namespace) -> int:
    attempt = store.get(args.id, args.profile)
    if args.json:
        print(json_text(attempt.to_dict()))
    else:
        sys.stdout.write(printable(views.show(attempt)))
    return 0


def export(store: HistoryStore, args: Namespace) -> int:
    attempts = store.attempts(args.profile)
    text = export_text(attempts, as_json=args.json)
    where = _write(args.output, text, args.force)
    if where is not None:
        kind = "JSON" if args.json else "CSV"
        sys.stderr.write(f"Wrote {len(attempts)} attempt(s) as {kind} to {where}\n")
    return 0


def export_text(attempts: list[Attempt], as_json: bool) -> str:
    """The history as JSON (every attempt whole, C1 controls escaped) or CSV (one row per
    attempt, every cell spreadsheet-safe): what `trainer export` writes and the web page
    serves."""
    if as_json:
        return json_text([a.to_dict() for a in attempts], indent=1) + "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for a in attempts:
        writer.writerow({k: spreadsheet_safe(v) for k, v in _csv_row(a).items()})
    return buf.getvalue()


def _csv_row(a: Attempt) -> dict:
    row = {k: v for k, v in a.to_dict().items() if k in CSV_FIELDS}
    row.update({n: int(a.summary.said(n)) for n in ELEMENTS})
    row["asks_for_job"] = int(a.summary.asks_for_job)
    row["words_per_minute"] = a.summary.words_per_minute
    row["fillers_per_minute"] = a.summary.fillers_per_minute
    return row


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula (`=1+2.wav`, `@SUM(..)`) gets a leading
    apostrophe, which spreadsheets show as plain text; numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def delete(store: HistoryStore, args: Namespace) -> int:
    attempt = store.get(args.id, args.profile)
    if not args.yes:
        when = attempt.created_at.replace("T", " ")[:16]
        sys.stderr.write(
            f"Delete attempt {attempt.id} ({printable(attempt.mode)}, {printable(when)}, "
            f"score {attempt.score})? "
            "This cannot be undone. [y/N] "
        )
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            sys.stderr.write("Nothing deleted.\n")
            return 1
    tail = remove_attempt(store, attempt, args.profile)
    sys.stderr.write(printable(f"Deleted attempt {attempt.id}{tail}.") + "\n")
    return 0


def remove_attempt(store: HistoryStore, attempt: Attempt, profile: str) -> str:
    """Delete the attempt and the take trainer recorded for it (what `trainer delete` and the
    web page do). Returns how to finish "Deleted attempt N": what happened to its audio."""
    store.delete(attempt.id, profile)
    return _delete_take(attempt)


def _delete_take(attempt) -> str:
    """The take trainer recorded for this attempt goes with it; audio the user gave us (a
    scored file, a --record path) is theirs and stays. Returns how to finish the message."""
    audio = owned_audio(attempt)
    if audio is None:
        return ""
    try:
        audio.unlink(missing_ok=True)
    except OSError as exc:
        return f"; its audio {audio} could not be removed ({exc.strerror or exc})"
    return f" and its audio {audio}"


def owned_audio(attempt) -> Path | None:
    """The attempt's audio when it is a take trainer saved under takes/, else None."""
    if not attempt.audio_path:
        return None
    try:
        audio = Path(attempt.audio_path).resolve()
        takes = config.takes_dir().resolve()
    except (OSError, RuntimeError):
        return None
    return audio if audio.parent == takes else None


def report(store: HistoryStore, args: Namespace) -> int:
    attempts = store.attempts(args.profile)
    page = html.render(attempts, args.profile)
    where = _write(args.html, page, args.force)
    if where is not None:
        sys.stderr.write(f"Wrote the progress report ({len(attempts)} attempt(s)) to {where}\n")
    return 0


def doctor() -> int:
    path = default_path()
    try:
        with HistoryStore.open(path, create=False) as store:
            count = sum(len(store.attempts(p)) for p in store.profiles())
            version = store.schema_version()
        print(f"History OK: {path} ({count} attempts, schema version {version}).")
        return 0
    except HistoryAccessError:
        raise  # unreachable is not damaged: never move a healthy history aside
    except HistoryError as exc:
        if not path.exists():
            print(f"No history yet ({path}): nothing to check.")
            return 0
        if "newer than this trainer" in str(exc):
            raise
        backup = backup_and_reset(path)
        with HistoryStore.open(path):
            pass
        print(f"The history database was damaged: moved it to {backup}.")
        print(f"Started a new, empty history at {path}.")
        return 0


def _write(target: str | None, text: str, force: bool) -> str | None:
    """stdout for no target or '-' (returns None), else the file, safely (see outputs.py)."""
    if not target or target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    return write_output(target, text, force)


COMMANDS = {
    "progress": progress,
    "history": history,
    "show": show,
    "export": export,
    "delete": delete,
    "report": report,
}
