"""Command line entry point. Commands stay thin: parse, call app.py, print, exit.

Heavy libraries (faster-whisper, pyttsx3, sounddevice) are imported only by the commands that
need them, so `trainer --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.errors import TrainerError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trainer",
        description="Rehearse informational-interview phone calls out loud, offline.",
    )
    p.add_argument("--version", action="version", version=f"trainer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("score", help="score spoken intros (audio files) or a typed script")
    s.add_argument("audio", nargs="*", metavar="AUDIO",
                   help="audio files: wav, flac, mp3, m4a, ogg (any rate or channels)")  # fmt: skip
    s.add_argument("--text", help="score this typed script instead of audio")
    s.add_argument("--script", metavar="FILE", help="your written script, to check adherence")
    s.add_argument("--json", action="store_true", help="one JSON object per take, per line")
    s.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")

    d = sub.add_parser("demo", help="synthesise a sample intro, play it and score it")
    d.add_argument("--no-play", action="store_true", help="do not play the sample aloud")
    d.add_argument("--json", action="store_true", help="print the report as JSON")
    d.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")
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


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Usage errors name the subcommand's own usage line.
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parser = sub.choices.get(args.command, parser)
    from trainer import app, bootstrap  # noqa: PLC0415
    from trainer.speech.recognizer import stderr_progress  # noqa: PLC0415

    def recognizer():
        return bootstrap.recognizer(args.model)

    if args.command == "score":
        script = app.read_script(args.script) if args.script else None
        if args.text is not None:
            if args.audio:
                parser.error("give audio files or --text, not both")
            fb = app.score_text(args.text, script)
            return app.emit([app.TakeResult("--text", fb)], args.json)
        if not args.audio:
            parser.error("score needs at least one AUDIO file, or --text")
        results = app.score_files(args.audio, recognizer, script, stderr_progress)
        return app.emit(results, args.json)
    if args.command == "demo":
        return app.run_demo(
            bootstrap.synthesizer(), recognizer, play=not args.no_play, as_json=args.json,
            progress=stderr_progress,
        )  # fmt: skip
    parser.error(f"unknown command {args.command}")
    return 2
