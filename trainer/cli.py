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
    s.add_argument("--no-script", action="store_true", help="don't compare with the active script")
    s.add_argument("--no-replay", action="store_true",
                   help="hear each take once (faster; by default phone-line takes and takes "
                   "missing a part are heard again at 0.8-1.2x speed)")  # fmt: skip

    pc = sub.add_parser(
        "practice", parents=[profile], help="speak your intro into the microphone, live feedback"
    )
    pc.add_argument("--script", metavar="FILE", help="your written script, to check adherence")
    pc.add_argument("--device", metavar="ID|NAME", help="input device (see `trainer devices`)")
    pc.add_argument("--mic-file", metavar="WAV", help="play this recording into the microphone "
                    "path in real time instead of using a microphone")  # fmt: skip
    pc.add_argument("--json", action="store_true", help="print the report as JSON")
    pc.add_argument("--silence", type=float, default=2.5, metavar="S",
                    help="seconds of silence that end your turn (default 2.5)")  # fmt: skip
    pc.add_argument("--max-seconds", type=float, default=180.0, metavar="S",
                    help="stop after this long whatever happens (default 180)")  # fmt: skip
    pc.add_argument("--wait", type=float, default=15.0, metavar="S",
                    help="give up if no speech is heard this long (default 15)")  # fmt: skip
    pc.add_argument("--no-opening", action="store_true", help="skip the other side's hello")
    pc.add_argument("--no-save", action="store_true", help="keep neither the take nor history")
    pc.add_argument("--no-script", action="store_true", help="don't compare with the active script")
    pc.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")

    dv = sub.add_parser("devices", help="list audio input and output devices")
    dv.add_argument("--check-input", action="store_true",
                    help="exit 0 if a microphone exists, 1 if not (for scripts)")  # fmt: skip
    pl = sub.add_parser("play", parents=[profile], help="listen to a saved take")
    pl.add_argument("which", metavar="LAST|ID", help="LAST, or an attempt ID from history")

    sc = sub.add_parser("script", help="write, edit and choose your intro scripts")
    ssub = sc.add_subparsers(dest="action", metavar="ACTION")
    n = ssub.add_parser("new", help="write a script from a few facts")
    n.add_argument("--name", help="your name")
    n.add_argument("--background", help="who you are, e.g. 'a nursing student at State'")
    n.add_argument("--field", help="the field, role or company you're researching")
    n.add_argument("--referral", help="who suggested you call")
    n.add_argument("--minutes", type=int, default=15, help="time to ask for (default 15)")
    n.add_argument("--style", default="warm", choices=["warm", "brief", "formal"])
    n.add_argument("--as", dest="save_as", metavar="NAME", help="save under this name")
    n.add_argument("--force", action="store_true", help="overwrite a script of that name")
    n.add_argument("--no-input", action="store_true", help="never prompt; use the flags only")
    for action, text in (("edit", "open in $EDITOR"), ("show", "print with its checklist")):
        a = ssub.add_parser(action, help=text)
        a.add_argument("name", nargs="?", help="default: the active script")
    ssub.add_parser("list", help="your scripts (* = active)")
    u = ssub.add_parser("use", help="make a script the active one")
    u.add_argument("name")
    sy = ssub.add_parser("say", help="hear the script read aloud at a natural pace")
    sy.add_argument("name", nargs="?", help="default: the active script")
    sy.add_argument("--voice", default="caller", help="voice profile (default caller)")
    sy.add_argument("--out", metavar="WAV", help="where to save the audio")

    q = sub.add_parser("questions", help="the question bank; `questions plan` picks yours")
    q.add_argument("action", nargs="?", choices=["plan"], help="plan: save your own list")
    q.add_argument("--category", choices=["occupation", "career"])
    q.add_argument("--pick", type=int, metavar="N", help="pick N questions (balanced)")
    q.add_argument("--ids", help="plan: comma-separated question ids")
    q.add_argument("--script", dest="script_name", metavar="NAME", help="plan: for this script")
    q.add_argument("--json", action="store_true")

    c = sub.add_parser("call", parents=[profile],
                       help="a mock phone call: a character talks, listens and reacts")  # fmt: skip
    c.add_argument("scenario", metavar="SCENARIO",
                   help="built-in name (see `trainer scenarios`) or a .toml file")  # fmt: skip
    who = c.add_mutually_exclusive_group()
    who.add_argument("--user-audio", nargs="+", metavar="FILE",
                     help="your turns, one file each, played into the microphone path in "
                     "real time after the character speaks")  # fmt: skip
    who.add_argument(
        "--user-text",
        nargs="+",
        metavar="TEXT",
        help="your turns as text, spoken by a synthetic caller (a self-playing demo)",
    )
    c.add_argument(
        "--record",
        metavar="OUT.wav",
        help="save the whole call: you on the left channel, them on the right",
    )
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.add_argument("--seed", type=int, help="pick the same line variants every time")
    c.add_argument("--device", metavar="ID|NAME", help="input device (see `trainer devices`)")
    c.add_argument("--output-device", metavar="ID|NAME", help="output device for their voice")
    c.add_argument("--silence", type=float, default=1.5, metavar="S",
                   help="seconds of silence that end your turn (default 1.5)")  # fmt: skip
    c.add_argument(
        "--wait",
        type=float,
        default=6.0,
        metavar="S",
        help="seconds of silence before they ask if you're there (default 6)",
    )
    c.add_argument("--no-save", action="store_true", help="do not keep this in your history")
    c.add_argument("--model", help="speech model: a directory or a name (default tiny.en)")

    scn = sub.add_parser("scenarios", help="list the mock-call scenarios; check your own")
    scn.add_argument("action", nargs="?", choices=["check"], help="check: validate FILE")
    scn.add_argument("file", nargs="?", metavar="FILE", help="a scenario .toml file to check")
    scn.add_argument("--json", action="store_true")
    vo = sub.add_parser("voices", help="voice profiles and system voices; preview one")
    vo.add_argument("action", nargs="?", choices=["say"], help='say PROFILE "text": preview')
    vo.add_argument("profile", nargs="?", metavar="PROFILE")
    vo.add_argument("text", nargs="?", metavar="TEXT")
    vo.add_argument("--out", metavar="WAV", help="say: save the preview instead of playing it")
    vo.add_argument("--json", action="store_true")

    ui = sub.add_parser(
        "ui", parents=[profile], help="the whole coach in a local web page (browser microphone)"
    )
    ui.add_argument(
        "--port", type=int, metavar="N", help="port on 127.0.0.1 (default 8765, else a free one)"
    )
    ui.add_argument("--no-browser", action="store_true", help="print the address, don't open it")

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

        return app.run_demo(
            bootstrap.synthesizer(), bootstrap.recognizer(args.model),
            play=not args.no_play, as_json=args.json,
        )  # fmt: skip
    if args.command == "practice":
        return _practice(args, parser)
    if args.command in ("script", "questions"):
        from trainer.scripts import commands as script_commands  # noqa: PLC0415

        if args.command == "script":
            return script_commands.run_script(args)
        if args.pick is not None and args.pick < 1:
            parser.error("--pick must be at least 1")
        return script_commands.questions(args)
    if args.command in ("call", "scenarios", "voices"):
        return _calls(args, parser)
    if args.command == "devices":
        return _devices(args)
    if args.command == "play":
        return _play(args)
    if args.command == "ui":
        from trainer.web.server import serve  # noqa: PLC0415

        if args.port is not None and not 0 <= args.port <= 65535:
            parser.error("--port must be between 0 and 65535")
        return serve(args.port, open_browser=not args.no_browser, profile=args.profile)
    from trainer.progress import commands  # noqa: PLC0415

    return commands.run(args)


def _score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap  # noqa: PLC0415
    from trainer.speech.recognizer import stderr_progress  # noqa: PLC0415

    if args.text is not None and args.audio:
        parser.error("give audio files or --text, not both")
    if args.text is None and not args.audio:
        parser.error("score needs at least one AUDIO file, or --text")
    script = _script_text(args)
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
            recognizer = lambda: bootstrap.recognizer(args.model, not args.no_replay)  # noqa: E731
            results = app.score_files(args.audio, recognizer, script, stderr_progress)
            mode = "score"
        if store is not None:
            app.save_results(results, store, args.profile, mode, script)
    finally:
        if store is not None:
            store.close()
    return app.emit(results, args.json)


def _practice(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap  # noqa: PLC0415
    from trainer.practice import OPENING_LINE, PracticeOptions  # noqa: PLC0415

    if args.silence <= 0.3 or args.max_seconds <= 0:
        parser.error("--silence must be above 0.3 s and --max-seconds above 0")
    script = _script_text(args)
    if args.mic_file:
        from trainer.audio.stream import VirtualMicrophone  # noqa: PLC0415

        mic = VirtualMicrophone(args.mic_file)
    else:
        from trainer.audio.device import DeviceMicrophone  # noqa: PLC0415

        mic = DeviceMicrophone(args.device)
    store = None
    if not args.no_save:
        from trainer.progress.store import HistoryStore  # noqa: PLC0415

        store = HistoryStore.open()
    options = PracticeOptions(
        turn_silence_s=args.silence, max_seconds=args.max_seconds,
        no_speech_timeout_s=args.wait,
        watch_enter=sys.stdin.isatty() and not args.mic_file,
    )  # fmt: skip
    try:
        return app.practice(
            mic, bootstrap.recognizer(args.model),
            None if args.no_opening else bootstrap.synthesizer(), options, script,
            opening=None if args.no_opening else OPENING_LINE, as_json=args.json,
            store=store, profile=args.profile, save_take=not args.no_save,
        )  # fmt: skip
    finally:
        if store is not None:
            store.close()


def _calls(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.calls import commands  # noqa: PLC0415

    if args.command == "scenarios":
        if (args.action == "check") != (args.file is not None):
            parser.error("usage: trainer scenarios [check FILE]")
        return commands.scenarios(args)
    if args.command == "voices":
        if args.action == "say" and (args.profile is None or args.text is None):
            parser.error('usage: trainer voices say PROFILE "text"')
        if args.action is None and args.profile is not None:
            parser.error('use `trainer voices` or `trainer voices say PROFILE "text"`')
        return commands.voices(args)
    if args.silence <= 0.3 or args.wait <= 0.5:
        parser.error("--silence must be above 0.3 s and --wait above 0.5 s")
    return commands.call(args)


def _devices(args: argparse.Namespace) -> int:
    from trainer.audio import device  # noqa: PLC0415

    found = device.list_devices()
    if args.check_input:
        return 0 if any(d["inputs"] for d in found) else 1
    if not found:
        print("No audio devices found (no sound card?). Practise with --mic-file, or score files.")
        return 0
    for d in found:
        kinds = ", ".join(k for k, n in (("input", d["inputs"]), ("output", d["outputs"])) if n)
        print(f"{d['index']:>3}  {d['name']}  ({kinds}, {d['default_samplerate']:.0f} Hz)")
    return 0


def _play(args: argparse.Namespace) -> int:
    from pathlib import Path  # noqa: PLC0415

    from trainer.audio import device  # noqa: PLC0415
    from trainer.audio.files import load_audio  # noqa: PLC0415
    from trainer.progress.store import HistoryStore  # noqa: PLC0415

    with HistoryStore.open() as store:
        if args.which.upper() == "LAST":
            with_audio = [a for a in store.attempts(args.profile) if a.audio_path]
            if not with_audio:
                raise InputError("no saved take yet: practise first (`trainer practice`)")
            attempt = with_audio[-1]
        elif args.which.isdigit():
            attempt = store.get(int(args.which), args.profile)
        else:
            raise InputError(f"play takes LAST or an attempt ID, not '{args.which}'")
    if not attempt.audio_path or not Path(attempt.audio_path).exists():
        raise InputError(f"attempt {attempt.id} has no saved audio")
    clip = load_audio(attempt.audio_path)
    try:
        device.play(clip)
    except TrainerError as exc:
        raise TrainerError(f"{exc}; the take is at {attempt.audio_path}") from None
    return 0


def _script_text(args: argparse.Namespace) -> str | None:
    """--script FILE, else the active script (unless --no-script)."""
    from trainer import app  # noqa: PLC0415
    from trainer.scripts import library  # noqa: PLC0415

    if args.script:
        return app.read_script(args.script)
    if args.no_script:
        return None
    active = library.active_text()
    return active[1] if active else None
