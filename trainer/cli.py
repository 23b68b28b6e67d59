"""Command line entry point. Commands stay thin: parse, call the use cases, print, exit.

Each command is one `_add_*` function declaring its options, followed by the handler that
runs it; options several commands share (--profile, --json, --model, --device...) are
declared once, below. Heavy libraries (faster-whisper, pyttsx3, sounddevice) are imported
only by the handlers that need them, so `trainer --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
from collections.abc import Callable, Sequence

from trainer import __version__
from trainer.cli_examples import add_examples
from trainer.errors import InputError, TrainerError
from trainer.safetext import has_control, printable

Handler = Callable[[argparse.Namespace, argparse.ArgumentParser], int]

MODEL_HELP = "speech model: tiny.en (default), base (more accurate, slower), or a directory"
# How --profile reads for what the command does with the history.
KEEPS = "keep a separate history for this person"
READS = "whose history to read"
DELETES = "whose history to delete from"
PROFILE_MAX = 64
SECONDS = ("silence", "wait", "max_seconds")  # the options declared with _seconds


class Command:
    """What a command line runs: its handler, its own parser (so a usage error quotes the
    subcommand's usage line) and whether it takes --profile (checked before it runs).
    A plain class: dataclasses would add a tenth to `trainer --help`'s start-up."""

    __slots__ = ("run", "parser", "profile")

    def __init__(self, run: Handler, parser: argparse.ArgumentParser, profile: bool = False):
        self.run = run
        self.parser = parser
        self.profile = profile

    def __call__(self, args: argparse.Namespace) -> int:
        _check_values(args, self.profile)
        return self.run(args, self.parser)


class Commands:
    """The subcommands of one parser, each added with the handler that runs it. Every parser
    is kept by its command path ('script new'), so the examples and the tests walk the tree
    without argparse's internals."""

    def __init__(
        self,
        parser: argparse.ArgumentParser,
        parsers: dict[str, argparse.ArgumentParser],
        path: str = "",
        dest: str = "command",
        metavar: str = "COMMAND",
    ):
        self.path = path
        self.parsers = parsers
        self._sub = parser.add_subparsers(dest=dest, metavar=metavar)

    def add(
        self, name: str, run: Handler, help: str, profile: str | None = None, **kwargs
    ) -> argparse.ArgumentParser:
        """A subcommand run by `run`; `profile`: it takes --profile, worded so."""
        parser = self._sub.add_parser(name, help=help, **kwargs)
        if profile is not None:
            _profile(parser, profile)
        parser.set_defaults(func=Command(run, parser, profile is not None))
        self.parsers[f"{self.path} {name}".strip()] = parser
        return parser

    def under(self, name: str, dest: str, metavar: str) -> Commands:
        """The subcommands of the subcommand `name` (`trainer script new`)."""
        path = f"{self.path} {name}".strip()
        return Commands(self.parsers[path], self.parsers, path, dest, metavar)


def build_parser() -> argparse.ArgumentParser:
    """`trainer` and every command, each parser ending its help with its examples."""
    return _build()[0]


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every parser by command path: '' for `trainer` itself, 'score', 'script new'..."""
    return _build()[1]


def _build() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Rehearse informational-interview phone calls out loud, offline.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    parser.set_defaults(func=None)
    parsers = {"": parser}
    commands = Commands(parser, parsers)
    for add in COMMANDS:
        add(commands)
    add_examples(parsers)
    return parser, parsers


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
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


def _check_values(args: argparse.Namespace, has_profile: bool) -> None:
    """Values argparse accepts but trainer cannot use: nan/inf seconds, an empty profile."""
    for flag in SECONDS:
        value = getattr(args, flag, None)
        if value is not None and not math.isfinite(value):
            raise InputError(f"--{flag.replace('_', '-')} must be a number of seconds, not {value}")
    if has_profile:
        args.profile = check_profile(args.profile)


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


def _lazy(module: str, function: str) -> Handler:
    """A handler `function(args)` in `module`, imported only when it runs."""

    def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        return getattr(importlib.import_module(module), function)(args)

    return run


# --- options several commands share ------------------------------------------------------


def _profile(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--profile",
        metavar="NAME",
        default=os.environ.get("TRAINER_PROFILE", "default"),
        help=f"{what} (default: 'default', or $TRAINER_PROFILE)",
    )


def _json(p: argparse.ArgumentParser, what: str = "print the report as JSON") -> None:
    p.add_argument("--json", action="store_true", help=what)


def _model(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help=MODEL_HELP)


def _device(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", metavar="ID|NAME", help="input device (see `trainer devices`)")


def _script_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--script", metavar="FILE", help="your written script, to check adherence")


def _no_script(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-script", action="store_true", help="don't compare with the active script")


def _no_save(p: argparse.ArgumentParser, what: str = "do not keep this in your history") -> None:
    p.add_argument("--no-save", action="store_true", help=what)


def _seconds(p: argparse.ArgumentParser, flag: str, default: float, what: str) -> None:
    """A duration in seconds; nan and inf are refused before the command runs (SECONDS)."""
    assert flag.lstrip("-").replace("-", "_") in SECONDS, flag
    p.add_argument(flag, type=float, default=default, metavar="S", help=what)


def _yes(p: argparse.ArgumentParser) -> None:
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def _force(p: argparse.ArgumentParser, file: str = "FILE") -> None:
    p.add_argument(
        "--force", action="store_true", help=f"replace {file} even if trainer did not write it"
    )


def _attempt_id(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="ID", help="an attempt ID from `trainer history`")


# --- trainer score -------------------------------------------------------------------------


def _add_score(commands: Commands) -> None:
    s = commands.add(
        "score", _score, "score spoken intros (audio files) or a typed script", profile=KEEPS
    )
    s.add_argument(
        "audio",
        nargs="*",
        metavar="AUDIO",
        help="audio files: wav, flac, mp3, m4a, ogg (any rate or channels; up to 15 minutes each)",
    )
    s.add_argument("--text", metavar="TEXT", help="score this typed script instead of audio")
    _script_file(s)
    _json(s, "one JSON object per take, per line, as each is scored")
    _model(s)
    _no_save(s)
    _no_script(s)
    s.add_argument(
        "--replay",
        action="store_true",
        help="hear phone-line takes, and takes missing a part, again at 0.8-1.2x "
        "speed (about 5x slower; by default each take is heard once)",
    )
    s.add_argument("--no-replay", action="store_true", help=argparse.SUPPRESS)  # now the default


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


# --- trainer practice ----------------------------------------------------------------------


def _add_practice(commands: Commands) -> None:
    p = commands.add(
        "practice", _practice, "speak your intro into the microphone, live feedback", profile=KEEPS
    )
    _script_file(p)
    _device(p)
    p.add_argument(
        "--mic-file",
        metavar="WAV",
        help="play this recording into the microphone "
        "path in real time instead of using a microphone",
    )
    _json(p)
    _seconds(p, "--silence", 2.5, "seconds of silence that end your turn (default 2.5)")
    _seconds(
        p,
        "--max-seconds",
        180.0,
        "stop after this long whatever happens (default 180, at most 900: 15 minutes)",
    )
    _seconds(p, "--wait", 15.0, "give up if no speech is heard this long (default 15)")
    p.add_argument("--no-opening", action="store_true", help="skip the other side's hello")
    _no_save(p, "keep neither the take nor history")
    _no_script(p)
    _model(p)


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


# --- trainer devices, trainer play ---------------------------------------------------------


def _add_devices(commands: Commands) -> None:
    d = commands.add("devices", _devices, "list audio input and output devices")
    d.add_argument(
        "--check-input",
        action="store_true",
        help="exit 0 if a microphone exists, 1 if not (for scripts)",
    )


def _devices(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
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


def _add_play(commands: Commands) -> None:
    p = commands.add("play", _play, "listen to a saved take", profile=READS)
    p.add_argument("which", metavar="LAST|ID", help="LAST, or an attempt ID from history")


def _play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
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


# --- trainer script ..., trainer questions -------------------------------------------------

SCRIPTS = "trainer.scripts.commands"  # imported when a script command runs


def _add_script(commands: Commands) -> None:
    # `trainer script` with no action lists them.
    commands.add("script", _lazy(SCRIPTS, "list_"), "write, edit and choose your intro scripts")
    actions = commands.under("script", dest="action", metavar="ACTION")
    n = actions.add("new", _lazy(SCRIPTS, "new"), "write a script from a few facts")
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
    e = actions.add("edit", _lazy(SCRIPTS, "edit"), "open in $EDITOR")
    _script_name(e, optional=True)
    s = actions.add("show", _lazy(SCRIPTS, "show"), "print with its checklist")
    _script_name(s, optional=True)
    actions.add("list", _lazy(SCRIPTS, "list_"), "your scripts (* = active)")
    u = actions.add("use", _lazy(SCRIPTS, "use"), "make a script the active one")
    _script_name(u)
    d = actions.add(
        "delete", _lazy(SCRIPTS, "delete"), "delete a script and its question plan (asks first)"
    )
    _script_name(d)
    _yes(d)
    r = actions.add(
        "rename", _lazy(SCRIPTS, "rename"), "give a script a new name (stays active if it was)"
    )
    r.add_argument("name", help="the script's name now")
    r.add_argument("new_name", metavar="NEW_NAME", help="its new name (letters, digits, . _ -)")
    y = actions.add("say", _lazy(SCRIPTS, "say"), "hear the script read aloud at a natural pace")
    _script_name(y, optional=True)
    y.add_argument("--voice", default="caller", help="voice profile (default caller)")
    y.add_argument("--out", metavar="WAV", help="where to save the audio")
    _force(y, "WAV")


def _script_name(p: argparse.ArgumentParser, optional: bool = False) -> None:
    if optional:
        p.add_argument("name", nargs="?", help="default: the active script")
    else:
        p.add_argument("name", help="a script name from `trainer script list`")


def _add_questions(commands: Commands) -> None:
    q = commands.add("questions", _questions, "the question bank; `questions plan` picks yours")
    q.add_argument("action", nargs="?", choices=["plan"], help="plan: save your own list")
    q.add_argument(
        "--category",
        choices=["occupation", "career"],
        help="only questions about the occupation, or about a career in it",
    )
    q.add_argument("--pick", type=int, metavar="N", help="pick N questions (balanced)")
    q.add_argument("--ids", help="plan: comma-separated question ids")
    q.add_argument("--script", dest="script_name", metavar="NAME", help="plan: for this script")
    _json(q, "print the questions as JSON")


def _questions(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.pick is not None and args.pick < 1:
        parser.error("--pick must be at least 1")
    return _lazy(SCRIPTS, "questions")(args, parser)


# --- trainer call, trainer scenarios, trainer voices ---------------------------------------


def _add_call(commands: Commands) -> None:
    c = commands.add(
        "call", _call, "a mock phone call: a character talks, listens and reacts", profile=KEEPS
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
        help="your turns as text, spoken by a synthetic caller (a self-playing demo); "
        '"" is a turn where you say nothing',
    )
    c.add_argument(
        "--record",
        metavar="OUT.wav",
        help="save the whole call: you on the left channel, them on the right",
    )
    _force(c, "OUT.wav")
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
    _json(c)
    c.add_argument("--seed", type=int, help="pick the same line variants every time")
    _device(c)
    c.add_argument("--output-device", metavar="ID|NAME", help="output device for their voice")
    _seconds(c, "--silence", 1.5, "seconds of silence that end your turn (default 1.5)")
    _seconds(c, "--wait", 6.0, "seconds of silence before they ask if you're there (default 6)")
    _no_save(c)
    _model(c)


def _call(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.calls import commands

    if args.silence <= 0.3 or args.wait <= 0.5:
        raise InputError("--silence must be above 0.3 s and --wait above 0.5 s")
    if args.fast and not (args.user_audio or args.user_text):
        raise InputError(
            "--fast needs recorded turns (--user-audio or --user-text): "
            "a live call always runs in real time"
        )
    return commands.call(args)


def _add_scenarios(commands: Commands) -> None:
    s = commands.add("scenarios", _scenarios, "list the mock-call scenarios; check your own")
    s.add_argument("action", nargs="?", choices=["check"], help="check: validate FILE")
    s.add_argument("file", nargs="?", metavar="FILE", help="a scenario .toml file to check")
    _json(s, "list the scenarios as JSON")


def _scenarios(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.calls import commands

    if (args.action == "check") != (args.file is not None):
        parser.error("usage: trainer scenarios [check FILE]")
    return commands.scenarios(args)


def _add_voices(commands: Commands) -> None:
    v = commands.add("voices", _voices, "the characters' voice profiles; preview one")
    v.add_argument("action", nargs="?", choices=["say"], help='say PROFILE "text": preview')
    v.add_argument("profile", nargs="?", metavar="PROFILE", help="say: a voice profile name")
    v.add_argument("text", nargs="?", metavar="TEXT", help="say: the words to speak")
    v.add_argument("--out", metavar="WAV", help="say: save the preview instead of playing it")
    _force(v, "WAV")
    v.add_argument(
        "--all",
        action="store_true",
        help="also list the system's text-to-speech voices (often 100+)",
    )
    _json(v, "profiles and system voices as JSON")


def _voices(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.calls import commands

    if args.action == "say" and (args.profile is None or args.text is None):
        parser.error('usage: trainer voices say PROFILE "text"')
    if args.action is None and args.profile is not None:
        parser.error('use `trainer voices` or `trainer voices say PROFILE "text"`')
    return commands.voices(args)


# --- trainer ui, trainer demo --------------------------------------------------------------


def _add_ui(commands: Commands) -> None:
    u = commands.add(
        "ui",
        _ui,
        "the whole coach in a local web page (browser microphone)",
        profile=KEEPS,
        description="Practice, mock calls, scripts and progress in a web page served on this\n"
        "machine only (127.0.0.1: nothing leaves it). The first line printed is the\n"
        "page's address with its access token; Ctrl-C stops the server.",
    )
    u.add_argument(
        "--port", type=int, metavar="N", help="port on 127.0.0.1 (default 8765, else a free one)"
    )
    u.add_argument("--no-browser", action="store_true", help="print the address, don't open it")


def _ui(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer.web.server import serve

    if args.port is not None and not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    return serve(args.port, open_browser=not args.no_browser, profile=args.profile)


def _add_demo(commands: Commands) -> None:
    d = commands.add("demo", _demo, "synthesise a sample intro, play it and score it")
    d.add_argument("--no-play", action="store_true", help="do not play the sample aloud")
    _json(d)
    _model(d)


def _demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trainer import app, bootstrap

    return app.run_demo(
        bootstrap.synthesizer(),
        bootstrap.recognizer(args.model),
        bootstrap.virtual_microphone(),
        speaker=None if args.no_play else bootstrap.speaker,
        as_json=args.json,
    )


# --- the history: progress, history, show, export, delete, report, doctor ------------------

HISTORY = _lazy("trainer.progress.commands", "run")  # opens the history, runs args.command


def _add_progress(commands: Commands) -> None:
    p = commands.add("progress", HISTORY, "what is improving, and what next", profile=READS)
    _json(p, "print the figures as JSON")


def _add_history(commands: Commands) -> None:
    h = commands.add("history", HISTORY, "list past attempts", profile=READS)
    _json(h, "print the attempts as JSON")
    h.add_argument("--limit", type=int, default=50, help="newest N attempts (default 50)")


def _add_show(commands: Commands) -> None:
    s = commands.add("show", HISTORY, "the full report of a past attempt", profile=READS)
    _attempt_id(s)
    _json(s, "print the attempt as JSON")


def _add_export(commands: Commands) -> None:
    e = commands.add("export", HISTORY, "export the history", profile=READS)
    fmt = e.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", action="store_true", help="one row per attempt (spreadsheets)")
    fmt.add_argument("--json", action="store_true", help="every attempt with its full report")
    e.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    _force(e)


def _add_delete(commands: Commands) -> None:
    d = commands.add("delete", HISTORY, "delete a past attempt (asks first)", profile=DELETES)
    _attempt_id(d)
    _yes(d)


def _add_report(commands: Commands) -> None:
    r = commands.add("report", HISTORY, "a self-contained HTML progress page", profile=READS)
    r.add_argument("--html", metavar="FILE", required=True, help="where to write the page")
    _force(r)


def _add_doctor(commands: Commands) -> None:
    commands.add("doctor", HISTORY, "check the history database; back up a damaged one")


# The commands in the order `trainer --help` lists them.
COMMANDS: tuple[Callable[[Commands], None], ...] = (
    _add_score,
    _add_practice,
    _add_devices,
    _add_play,
    _add_script,
    _add_questions,
    _add_call,
    _add_scenarios,
    _add_voices,
    _add_ui,
    _add_demo,
    _add_progress,
    _add_history,
    _add_show,
    _add_export,
    _add_delete,
    _add_report,
    _add_doctor,
)
