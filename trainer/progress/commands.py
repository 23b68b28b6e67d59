"""The history commands: progress, history, show, export, delete, report, doctor."""

from __future__ import annotations

import csv
import io
import json
import sys
from argparse import Namespace
from pathlib import Path

from trainer.errors import InputError
from trainer.progress import html, stats, views
from trainer.progress.store import (
    Attempt,
    HistoryError,
    HistoryStore,
    backup_and_reset,
    default_path,
)
from trainer.scoring.elements import ELEMENTS

CSV_FIELDS = [
    "id", "created_at", "profile", "mode", "scenario", "source", "score", "duration_s",
    *ELEMENTS, "asks_for_job", "words_per_minute", "fillers_per_minute", "audio_path",
    "transcript",
]  # fmt: skip


def run(args: Namespace) -> int:
    if args.command == "doctor":
        return doctor()
    with HistoryStore.open() as store:
        return COMMANDS[args.command](store, args)


def progress(store: HistoryStore, args: Namespace) -> int:
    summary = stats.summarize(store.attempts(args.profile))
    if args.json:
        print(json.dumps({"profile": args.profile, **summary}, ensure_ascii=False))
    else:
        sys.stdout.write(views.progress(summary, args.profile))
    return 0


def history(store: HistoryStore, args: Namespace) -> int:
    attempts = store.attempts(args.profile, limit=max(args.limit, 1))
    if args.json:
        rows = [{k: v for k, v in a.to_dict().items() if k not in ("report",)} for a in attempts]
        print(json.dumps(rows, ensure_ascii=False))
    else:
        sys.stdout.write(views.history(attempts))
    return 0


def show(store: HistoryStore, args: Namespace) -> int:
    attempt = store.get(args.id, args.profile)
    if args.json:
        print(json.dumps(attempt.to_dict(), ensure_ascii=False))
    else:
        sys.stdout.write(views.show(attempt))
    return 0


def export(store: HistoryStore, args: Namespace) -> int:
    _write(args.output, export_text(store.attempts(args.profile), as_json=args.json))
    return 0


def export_text(attempts: list[Attempt], as_json: bool) -> str:
    """The history as JSON (every attempt whole) or CSV (one row per attempt)."""
    if as_json:
        return json.dumps([a.to_dict() for a in attempts], ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for a in attempts:
        row = {k: v for k, v in a.to_dict().items() if k in CSV_FIELDS}
        row.update({n: int(bool(a.elements[n]["covered"])) for n in ELEMENTS})
        row["asks_for_job"] = int(bool(a.flags.get("asks_for_job")))
        row["words_per_minute"] = a.delivery.get("words_per_minute")
        row["fillers_per_minute"] = a.delivery.get("fillers_per_minute")
        writer.writerow(row)
    return buf.getvalue()


def delete(store: HistoryStore, args: Namespace) -> int:
    attempt = store.get(args.id, args.profile)
    if not args.yes:
        when = attempt.created_at.replace("T", " ")[:16]
        sys.stderr.write(
            f"Delete attempt {attempt.id} ({attempt.mode}, {when}, score {attempt.score})? "
            "This cannot be undone. [y/N] "
        )
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            sys.stderr.write("Nothing deleted.\n")
            return 1
    store.delete(attempt.id, args.profile)
    sys.stderr.write(f"Deleted attempt {attempt.id}.\n")
    return 0


def report(store: HistoryStore, args: Namespace) -> int:
    page = html.render(store.attempts(args.profile), args.profile)
    _write(args.html, page)
    sys.stderr.write(f"Wrote {args.html}\n")
    return 0


def doctor() -> int:
    path = default_path()
    try:
        with HistoryStore.open(path, create=False) as store:
            count = sum(len(store.attempts(p)) for p in store.profiles())
            version = store.schema_version()
        print(f"History OK: {path} ({count} attempts, schema version {version}).")
        return 0
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


def _write(target: str | None, text: str) -> None:
    if not target or target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None


COMMANDS = {
    "progress": progress,
    "history": history,
    "show": show,
    "export": export,
    "delete": delete,
    "report": report,
}
