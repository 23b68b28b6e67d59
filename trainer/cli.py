"""Command line entry point. Commands stay thin: parse, call the use cases, print, exit.

Heavy libraries (faster-whisper, pyttsx3, sounddevice) are imported only by the commands that
need them, so `trainer --help` stays fast.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.cli_examples import add_examples
from trainer.errors import InputError, TrainerError
from trainer.safetext import has_control, printable

MODEL_HELP = "speech model: tiny.en (default), base (more accurate, slower), or a directory"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trainer",
        description="Rehearse informational-interview phone calls out loud, offline.",
    )
    p.add_argument("--version", action="version", version=f"trainer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    profile = _profile_option("keep a separate history for this person")
    reads = _profile_option("whose history to read")

    s = sub.add_parser(
        "score", parents=[profile], help="score spoken intros (audio files) or a typed script"
    )
    s.add_argument(
        "audio",
        nargs="*",
        metavar="AUDIO",
        help="audio files: wav, flac, mp3, m4a, ogg (any rate or channels; up to 15 minutes each)",
    )
    s.add_argument("--text", metavar="TEXT", help="score this typed script instead of audio")
    s.add_argument("--script", metavar="FILE", help="your written script, to check adherence")
    s.add_argument(
        "--json", action="store_true", help="one JSON object per take, per line, as each is scored"
    )
    s.add_argument("--model", help=MODEL_HELP)
    s.add_argument("--no-save", action="store_true", help="do not keep this in your history")
    s.add_argument("--no-script", action="store_true", help="don't compare with the active script")
    s.add_argument(
        "--replay",
        action="store_true",
        help="hear phone-line takes, and takes missing a part, again at 0.8-1.2x "
        "speed (about 5x slower; by default each take is heard once)",
    )
    s.add_argument("--no-replay", action="store_true", help=argparse.SUPPRESS)  # now the default

    pc = sub.add_parser(
        "practice", parents=[profile], help="speak your intro into the microphone, live feedback"
    )
    pc.add_argument("--script", metavar="FILE", help="your written script, to check adherence")
    pc.add_argument("--device", metavar="ID|NAME", help="input device (see `trainer devices`)")
    pc.add_argument(
        "--mic-file",
        metavar="WAV",
        help="play this recording into the microphone "
        "path in real time instead of using a microphone",
    )
    pc.add_argument("--json", action="store_true", help="print the report as JSON")
    pc.add_argument(
        "--silence",
        type=float,
        default=2.5,
        metavar="S",
        help="seconds of silence that end your turn (default 2.5)",
    )
    pc.add_argument(
        "--max-seconds",
        type=float,
        default=180.0,
        metavar="S",
        help="stop after this long whatever happens (default 180, at most 900: 15 minutes)",
    )
    pc.add_argument(
        "--wait",
        type=float,
        default=15.0,
        metavar="S",
        help="give up if no speech is heard this long (default 15)",
    )
    pc.add_argument("--no-opening", action="store_true", help="skip the other side's hello")
    pc.add_argument("--no-save", action="store_true", help="keep neither the take nor history")
    pc.add_argument("--no-script", action="store_true", help="don't compare with the active script")
    pc.add_argument("--model", help=MODEL_HELP)

    dv = sub.add_parser("devices", help="list audio input and output devices")
    dv.add_argument(
        "--check-input",
        action="store_true",
        help="exit 0 if a microphone exists, 1 if not (for scripts)",
    )
    pl = sub.add_parser("play", parents=[reads], help="listen to a saved take")
    pl.add_argument("which", metavar="LAST|ID", help="LAST, or an attempt ID from history")

    sc = sub.add_parser("script", help="write, edit and choose your intro scripts")
    ssub = sc.add_subparsers(dest="action", metavar="ACTION")
    n = ssub.add_parser("new", help="write a script from a few facts")
    n.add_argument("--name", help="your name")
    n.add_argument("--background", help="who you are, e.g. 'a nursing student at State'")
    n.add_argument(
        "--field",
        help="what you're researching: a field ('user research'), a "
        "role ('nurse manager') or an organisation ('Google')",
    )
    n.add_argument(
        "--kind",
        choices=["field", "role", "organisation"],
        help="say which --field is, if the script guesses wrong",
    )
    n.add_argument("--referral", help="who suggested you call, e.g. 'my instructor, Ms. Ortiz'")
    n.add_argument(
        "--minutes", type=int, help="time to ask for, 5-30 (default 15; asked on a terminal)"
    )
    n.add_argument(
        "--style",
        choices=["warm", "brief", "formal"],
        help="how it sounds (default warm; asked on a terminal)",
    )
    n.add_argument(
        "--as", dest="save_as", metavar="NAME", help="save under this name (default: from --field)"
    )
    n.add_argument(
        "--force",
        action="store_true",
        help="replace the script of that name (--as, or from --field)",
    )
    n.add_argument("--no-input", action="store_true", help="never prompt; use the flags only")
    for action, text in (("edit", "open in $EDITOR"), ("show", "print with its checklist")):
        a = ssub.add_parser(action, help=text)
        a.add_argument("name", nargs="?", help="default: the active script")
    ssub.add_parser("list", help="your scripts (* = active)")
    u = ssub.add_parser("use", help="make a script the active one")
    u.add_argument("name", help="a script name from `trainer script list`")
    sd = ssub.add_parser("delete", help="delete a script and its question plan (asks first)")
    sd.add_argument("name", help="a script name from `trainer script list`")
    sd.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    sr = ssub.add_parser("rename", help="give a script a new name (stays active if it was)")
    sr.add_argument("name", help="the script's name now")
    sr.add_argument("new_name", metavar="NEW_NAME", help="its new name (letters, digits, . _ -)")
    sy = ssub.add_parser("say", help="hear the script read aloud at a natural pace")
    sy.add_argument("name", nargs="?", help="default: the active script")
    sy.add_argument("--voice", default="caller", help="voice profile (default caller)")
    sy.add_argument("--out", metavar="WAV", help="where to save the audio")

    q = sub.add_parser("questions", help="the question bank; `questions plan` picks yours")
    q.add_argument("action", nargs="?", choices=["plan"], help="plan: save your own list")
    q.add_argument(
        "--category",
        choices=["occupation", "career"],
        help="only questions about the occupation, or about a career in it",
    )
    q.add_argument("--pick", type=int, metavar="N", help="pick N questions (balanced)")
    q.add_argument("--ids", help="plan: comma-separated question ids")
    q.add_argument("--script", dest="script_name", metavar="NAME", help="plan: for this script")
    q.add_argument("--json", action="store_true", help="print the questions as JSON")

    c = sub.add_parser(
        "call", parents=[profile], help="a mock phone call: a character talks, listens and reacts"
    )
    c.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="built-in name (see `trainer scenarios`) or a .toml file",
    )
    who = c.add_mutually_exclusive_group()
    who.add_argument(
        "--user-audio",
        nargs="+",
        metavar="FILE",
        help="your turns, one file each, played into the microphone path in "
        "real time after the character speaks",
    )
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
    c.add_argument(
        "--field",
        metavar="TEXT",
        help='your field, role or organisation ("pediatric nursing"): the expert '
        "answers from it (default: the active script's; else generic)",
    )
    c.add_argument(
        "--fast",
        action="store_true",
        help="with --user-text/--user-audio: no real-time pacing (same engine and "
        "report; nothing is played)",
    )
    c.add_argument(
        "--no-audio",
        action="store_true",
        help="do not keep the call's audio in your history (kept by default)",
    )
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.add_argument("--seed", type=int, help="pick the same line variants every time")
    c.add_argument("--device", metavar="ID|NAME", help="input device (see `trainer devices`)")
    c.add_argument("--output-device", metavar="ID|NAME", help="output device for their voice")
    c.add_argument(
        "--silence",
        type=float,
        default=1.5,
        metavar="S",
        help="seconds of silence that end your turn (default 1.5)",
    )
    c.add_argument(
        "--wait",
        type=float,
        default=6.0,
        metavar="S",
        help="seconds of silence before they ask if you're there (default 6)",
    )
    c.add_argument("--no-save", action="store_true", help="do not keep this in your history")
    c.add_argument("--model", help=MODEL_HELP)

    scn = sub.add_parser("scenarios", help="list the mock-call scenarios; check your own")
    scn.add_argument("action", nargs="?", choices=["check"], help="check: validate FILE")
    scn.add_argument("file", nargs="?", metavar="FILE", help="a scenario .toml file to check")
    scn.add_argument("--json", action="store_true", help="list the scenarios as JSON")
    vo = sub.add_parser("voices", help="the characters' voice profiles; preview one")
    vo.add_argument("action", nargs="?", choices=["say"], help='say PROFILE "text": preview')
    vo.add_argument("profile", nargs="?", metavar="PROFILE", help="say: a voice profile name")
    vo.add_argument("text", nargs="?", metavar="TEXT", help="say: the words to speak")
    vo.add_argument("--out", metavar="WAV", help="say: save the preview instead of playing it")
    vo.add_argument(
        "--all",
        action="store_true",
        help="also list the system's text-to-speech voices (often 100+)",
    )
    vo.add_argument("--json", action="store_true", help="profiles and system voices as JSON")

    ui = sub.add_parser(
        "ui",
        parents=[profile],
        help="the whole coach in a local web page (browser microphone)",
        description="Practice, mock calls, scripts and progress in a web page served on this\n"
        "machine only (127.0.0.1: nothing leaves it). The first line printed is the\n"
        "page's address with its access token; Ctrl-C stops the server.",
    )
    ui.add_argument(
        "--port", type=int, metavar="N", help="port on 127.0.0.1 (default 8765, else a free one)"
    )
    ui.add_argument("--no-browser", action="store_true", help="print the address, don't open it")

    d = sub.add_parser("demo", help="synthesise a sample intro, play it and score it")
    d.add_argument("--no-play", action="store_true", help="do not play the sample aloud")
    d.add_argument("--json", action="store_true", help="print the report as JSON")
    d.add_argument("--model", help=MODEL_HELP)

    pr = sub.add_parser("progress", parents=[reads], help="what is improving, and what next")
    pr.add_argument("--json", action="store_true", help="print the figures as JSON")
    h = sub.add_parser("history", parents=[reads], help="list past attempts")
    h.add_argument("--json", action="store_true", help="print the attempts as JSON")
    h.add_argument("--limit", type=int, default=50, help="newest N attempts (default 50)")
    sh = sub.add_parser("show", parents=[reads], help="the full report of a past attempt")
    sh.add_argument("id", type=int, metavar="ID", help="an attempt ID from `trainer history`")
    sh.add_argument("--json", action="store_true", help="print the attempt as JSON")
    ex = sub.add_parser("export", parents=[reads], help="export the history")
    fmt = ex.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", action="store_true", help="one row per attempt (spreadsheets)")
    fmt.add_argument("--json", action="store_true", help="every attempt with its full report")
    ex.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    ex.add_argument(
        "--force", action="store_true", help="replace FILE even if trainer did not write it"
    )
    de = sub.add_parser(
        "delete",
        parents=[_profile_option("whose history to delete from")],
        help="delete a past attempt (asks first)",
    )
    de.add_argument("id", type=int, metavar="ID", help="an attempt ID from `trainer history`")
    de.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    rp = sub.add_parser("report", parents=[reads], help="a self-contained HTML progress page")
    rp.add_argument("--html", metavar="FILE", required=True, help="where to write the page")
    rp.add_argument(
        "--force", action="store_true", help="replace FILE even if trainer did not write it"
    )
    sub.add_parser("doctor", help="check the history database; back up a damaged one")
    add_examples(p)
    return p


def _profile_option(what: str) -> argparse.ArgumentParser:
    """--profile, worded for what the command does with the history (read, keep, delete)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--profile",
        metavar="NAME",
        default=os.environ.get("TRAINER_PROFILE", "default"),
        help=f"{what} (default: 'default', or $TRAINER_PROFILE)",
    )
    return parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _run(args, parser)
    except TrainerError as exc:
        sys.stderr.write(f"trainer: {_one_line(exc)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("trainer: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the file system said no (full, read-only, not a folder...)
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"trainer: {_one_line(f'{where}{exc.strerror or exc}')}\n")
        return 2


def _one_line(exc: BaseException) -> str:
    """An error message as one printable line (it may quote a hostile file name or text)."""
    return " ".join(printable(exc).split())


def _check_values(args: argparse.Namespace) -> None:
    """Values argparse accepts but trainer cannot use: nan/inf seconds, an empty profile."""
    for flag in ("silence", "wait", "max_seconds"):
        value = getattr(args, flag, None)
        if value is not None and not math.isfinite(value):
            raise InputError(f"--{flag.replace('_', '-')} must be a number of seconds, not {value}")
    if args.command in PROFILE_COMMANDS:
        args.profile = check_profile(args.profile)


PROFILE_MAX = 64
# Commands with --profile (`voices` has a positional named profile: a voice, not a person).
PROFILE_COMMANDS = {
    "score",
    "practice",
    "play",
    "call",
    "progress",
    "history",
    "show",
    "export",
    "delete",
    "report",
    "ui",
}


def check_profile(name: str) -> str:
    """A profile name is shown in reports and stored: printable, non-empty, not huge."""
    if not name.strip():
        raise InputError("--profile needs a name (it is empty)")
    if has_control(name) or len(name) > PROFILE_MAX:
        raise InputError(
            f"--profile must be a short name ({PROFILE_MAX} characters at most) "
            "without control characters"
        )
    return name


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Usage errors name the subcommand's own usage line.
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parser = sub.choices.get(args.command, parser)
    _check_values(args)
    if args.command == "score":
        return _score(args, parser)
    if args.command == "demo":
        from trainer import app, bootstrap

        return app.run_demo(
            bootstrap.synthesizer(),
            bootstrap.recognizer(args.model),
            bootstrap.virtual_microphone(),
            speaker=None if args.no_play else bootstrap.speaker,
            as_json=args.json,
        )
    if args.command == "practice":
        return _practice(args, parser)
    if args.command in ("script", "questions"):
        from trainer.scripts import commands as script_commands

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
        from trainer.web.server import serve

        if args.port is not None and not 0 <= args.port <= 65535:
            parser.error("--port must be between 0 and 65535")
        return serve(args.port, open_browser=not args.no_browser, profile=args.profile)
    from trainer.progress import commands

    return commands.run(args)


def _score(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap
    from trainer.speech.recognizer import stderr_progress

    if args.text is not None and args.audio:
        parser.error("give audio files or --text, not both")
    if args.text is None and not args.audio:
        parser.error("score needs at least one AUDIO file, or --text")
    script = _script_text(args)
    # Opened first: a damaged history stops us before any work, and is never written.
    store, unsaved = app.open_history(not args.no_save)
    try:
        if args.text is not None:
            results = [app.TakeResult("--text", app.score_text(args.text, script))]
            if store is not None:
                unsaved = app.save_results(results, store, args.profile, "text", script)
            status = app.emit(results, args.json)
        else:
            recognizer = lambda: bootstrap.recognizer(args.model, args.replay)  # noqa: E731
            keep = None
            if store is not None:
                keep = lambda r: store.save(app.to_attempt(r, args.profile, "score", script))  # noqa: E731
            # Each result is printed as soon as its file is scored, even if keeping it fails.
            status = app.score_and_emit(
                args.audio,
                recognizer,
                script,
                args.json,
                keep,
                progress=stderr_progress,
                notice=_notice,
            )
    finally:
        if store is not None:
            store.close()
    if unsaved:  # the results were still shown; say what was lost after them
        sys.stderr.write(f"trainer: {printable(unsaved)}\n")
        return 2
    return status


def _notice(line: str) -> None:
    sys.stderr.write(printable(line) + "\n")
    sys.stderr.flush()


def _practice(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap
    from trainer.audio.files import MAX_SECONDS
    from trainer.practice import OPENING_LINE, PracticeOptions

    if args.silence <= 0.3 or not 0 < args.max_seconds <= MAX_SECONDS or args.wait <= 0:
        raise InputError(
            f"--silence must be above 0.3 s, --max-seconds from 0 to {MAX_SECONDS} "
            "(15 minutes), and --wait above 0"
        )
    script = _script_text(args)
    mic = bootstrap.microphone(args.device, file=args.mic_file)
    store, unsaved = app.open_history(not args.no_save)
    options = PracticeOptions(
        turn_silence_s=args.silence,
        max_seconds=args.max_seconds,
        no_speech_timeout_s=args.wait,
        watch_enter=sys.stdin.isatty() and not args.mic_file,
    )
    try:
        return app.practice(
            mic,
            bootstrap.recognizer(args.model),
            None if args.no_opening else bootstrap.synthesizer(),
            options,
            script,
            opening=None if args.no_opening else OPENING_LINE,
            speaker=None if args.no_opening else bootstrap.speaker_or_none(),
            as_json=args.json,
            store=store,
            profile=args.profile,
            save_take=not args.no_save,
            unsaved=unsaved,
        )
    finally:
        if store is not None:
            store.close()


def _calls(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.calls import commands

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
        raise InputError("--silence must be above 0.3 s and --wait above 0.5 s")
    if args.fast and not (args.user_audio or args.user_text):
        raise InputError(
            "--fast needs recorded turns (--user-audio or --user-text): "
            "a live call always runs in real time"
        )
    return commands.call(args)


def _devices(args: argparse.Namespace) -> int:
    from trainer.audio import device

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
    from pathlib import Path

    from trainer import bootstrap
    from trainer.audio.files import load_audio
    from trainer.progress.store import HistoryStore
    from trainer.progress.views import AUDIO_MISSING

    with HistoryStore.open() as store:
        if args.which.upper() == "LAST":
            with_audio = [a for a in store.attempts(args.profile) if a.audio_path]
            if not with_audio:
                raise InputError("no saved take yet: practise first (`trainer practice`)")
            attempt = with_audio[-1]
        elif args.which.isascii() and args.which.isdigit():
            attempt = store.get(int(args.which), args.profile)
        else:
            raise InputError(f"play takes LAST or an attempt ID, not '{args.which}'")
    if not attempt.audio_path:
        raise InputError(f"attempt {attempt.id} has no saved audio")
    if not Path(attempt.audio_path).is_file():
        raise InputError(f"attempt {attempt.id}: its audio {attempt.audio_path} is {AUDIO_MISSING}")
    clip = load_audio(attempt.audio_path)
    try:
        bootstrap.speaker().play(clip)
    except TrainerError as exc:
        raise TrainerError(f"{exc}; the take is at {attempt.audio_path}") from None
    return 0


def _script_text(args: argparse.Namespace) -> str | None:
    """--script FILE, else the active script (unless --no-script)."""
    from trainer import app
    from trainer.scripts import library

    if args.script:
        return app.read_script(args.script)
    if args.no_script:
        return None
    name = library.active()
    if name is None:
        return None
    try:
        return library.read(name)
    except InputError as exc:
        raise InputError(
            f"your active script '{name}' cannot be used: {exc}; mend it with "
            f"`trainer script edit {name}`, or add --no-script"
        ) from None
