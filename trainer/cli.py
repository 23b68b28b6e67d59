"""Command line entry point. Commands stay thin: parse, call the use cases, print, exit.

Heavy libraries (faster-whisper, pyttsx3, sounddevice) are imported only by the commands that
need them, so `trainer --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.errors import InputError, TrainerError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trainer",
        description="Rehearse informational-interview phone calls out loud, offline.",
    )
    p.add_argument("--version", action="version", version=f"trainer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    profile = argparse.ArgumentParser(add_help=False)
    profile.add_argument(
        "--profile",
        default=os.environ.get("TRAINER_PROFILE", "default"),
        help="keep a separate history for this person (default: 'default')",
    )

    s = sub.add_parser(
        "score", parents=[profile], help="score spoken intros (audio files) or a typed script"
    )
    s.add_argument("audio", nargs="*", metavar="AUDIO",
                   help="audio files: wav, flac, mp3, m4a, ogg (any rate or channels)")  # fmt: skip
    s.add_argument("--text", help="score this typed script instead of audio")
    s.add_argument("--script", metavar="FILE", help="your written script, to check adherence")
    s.add_argument("--json", action="store_true", help="one JSON object per take, per line")
    s.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")
    s.add_argument("--no-save", action="store_true", help="do not keep this in your history")

    d = sub.add_parser("demo", help="synthesise a sample intro, play it and score it")
    d.add_argument("--no-play", action="store_true", help="do not play the sample aloud")
    d.add_argument("--json", action="store_true", help="print the report as JSON")
    d.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")

    pr = sub.add_parser("progress", parents=[profile], help="what is improving, and what next")
    pr.add_argument("--json", action="store_true")
    h = sub.add_parser("history", parents=[profile], help="list past attempts")
    h.add_argument("--json", action="store_true")
    h.add_argument("--limit", type=int, default=50, help="newest N attempts (default 50)")
    sh = sub.add_parser("show", parents=[profile], help="the full report of a past attempt")
    sh.add_argument("id", type=int)
    sh.add_argument("--json", action="store_true")
    ex = sub.add_parser("export", parents=[profile], help="export the history")
    fmt = ex.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", action="store_true")
    fmt.add_argument("--json", action="store_true")
    ex.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    de = sub.add_parser("delete", parents=[profile], help="delete a past attempt (asks first)")
    de.add_argument("id", type=int)
    de.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    rp = sub.add_parser("report", parents=[profile], help="a self-contained HTML progress page")
    rp.add_argument("--html", metavar="FILE", required=True)
    sub.add_parser("doctor", help="check the history database; back up a damaged one")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _run(args, parser)
    except TrainerError as exc:
        sys.stderr.write(f"trainer: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("trainer: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Usage errors name the subcommand's own usage line.
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parser = sub.choices.get(args.command, parser)
    if args.command == "score":
        return _score(args, parser)
    if args.command == "demo":
        from trainer import app, bootstrap  # noqa: PLC0415
        from trainer.speech.recognizer import stderr_progress  # noqa: PLC0415

        return app.run_demo(
            bootstrap.synthesizer(), lambda: bootstrap.recognizer(args.model),
            play=not args.no_play, as_json=args.json, progress=stderr_progress,
        )  # fmt: skip
    from trainer.progress import commands  # noqa: PLC0415

    return commands.run(args)


def _score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap  # noqa: PLC0415
    from trainer.speech.recognizer import stderr_progress  # noqa: PLC0415

    if args.text is not None and args.audio:
        parser.error("give audio files or --text, not both")
    if args.text is None and not args.audio:
        parser.error("score needs at least one AUDIO file, or --text")
    script = app.read_script(args.script) if args.script else None
    store = None
    if not args.no_save:
        from trainer.progress.store import HistoryStore  # noqa: PLC0415

        # Opened first: a damaged history stops us before any work, and is never written.
        store = HistoryStore.open()
    try:
        if args.text is not None:
            results = [app.TakeResult("--text", app.score_text(args.text, script))]
            mode = "text"
        else:
            recognizer = lambda: bootstrap.recognizer(args.model)  # noqa: E731
            results = app.score_files(args.audio, recognizer, script, stderr_progress)
            mode = "score"
        if store is not None:
            app.save_results(results, store, args.profile, mode, script)
    except InputError as exc:
        raise exc
    finally:
        if store is not None:
            store.close()
    return app.emit(results, args.json)
