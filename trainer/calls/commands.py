"""The call, scenarios and voices commands: run with the adapters bootstrap picks, print,
keep."""

from __future__ import annotations

import json
import sys
import threading
from argparse import Namespace
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.audio.clip import Clip
from trainer.errors import DeviceError, InputError, TrainerError
from trainer.safetext import json_text, printable

if TYPE_CHECKING:
    from trainer.callreport import CallReport

SILENT_TURN_S = 3.0  # a --user-text turn of "": the caller says nothing for this long

USER_VOICE = "caller"  # the voice --user-text turns are spoken in
NO_CALL_INPUT_HINT = (
    "no microphone found (no input device): rehearse the call with your turns as recordings "
    '(--user-audio TURN1.wav TURN2.wav ...) or as text (--user-text "..." "...")'
)


def scenarios(args: Namespace) -> int:
    from trainer.calls import scenario as sc

    if args.action == "check":
        try:
            s = sc.load(args.file)
        except sc.ScenarioError as exc:
            for problem in exc.problems:
                sys.stderr.write(printable(f"{exc.path}: {problem}") + "\n")
            return 2
        from trainer.calls.lint import check

        incoherent = check(s)
        for problem in incoherent:
            sys.stderr.write(printable(f"{s.path}: {problem}") + "\n")
        if incoherent:
            return 2
        print(
            printable(
                f"{s.path}: ok: '{s.name}', {len(s.states)} states, "
                f"{len(s.characters)} character(s)"
            )
        )
        return 0
    rows = [(name, sc.load(path)) for name, path in sc.builtin_paths().items()]
    if args.json:
        print(json.dumps(catalogue()))
        return 0
    width = max(len(n) for n, _ in rows)
    for name, s in rows:
        print(printable(f"{name:<{width}}  {s.description}"))
    print("\nPractise one: trainer call NAME   (your own: trainer scenarios check FILE.toml)")
    return 0


def catalogue() -> list[dict]:
    """The built-in scenarios, one line each: what `trainer scenarios --json` prints."""
    from trainer.calls import scenario as sc

    rows = [sc.load(path) for path in sc.builtin_paths().values()]
    return [
        {
            "name": s.name,
            "description": s.description,
            "characters": [c.role for c in s.characters.values()],
        }
        for s in rows
    ]


def voices(args: Namespace) -> int:
    from trainer.speech import voices as vp

    if args.action == "say":
        return _say(args.profile, args.text, args.out, args.force)
    from trainer.speech.synthesizer import system_voices

    profiles = [vp.profile(n) for n in vp.profile_names()]
    if args.json:
        available = system_voices()
        print(
            json.dumps(
                {
                    "profiles": [
                        {
                            "name": p.name,
                            "description": p.description,
                            "rate": p.rate,
                            "pitch": p.pitch,
                            "volume": p.volume,
                            "telephone": p.telephone,
                            "engine": p.engine_used,
                            "voice": p.settings().voice,
                        }
                        for p in profiles
                    ],
                    "system_voices": [{"id": i, "name": n} for i, n in available],
                }
            )
        )
        return 0
    print("Voice profiles (voices/*.toml):")
    for p in profiles:
        phone = ", phone line" if p.telephone else ""
        voice = p.settings().voice or "default voice"
        if p.neural:
            voice = f"neural: hibari {p.voice}"
        elif p.engine != "system":
            voice += f"; {p.engine} not installed: pip install 'trainer[neural]'"
        print(printable(f"  {p.name:<13} {p.description} ({voice}, {p.rate} wpm{phone})"))
    if getattr(args, "all", False):
        # The system's own voices are many (100+ with espeak-ng) and mostly not English:
        # listed only on request, for people writing their own voice profiles.
        available = system_voices()
        print(f"\nSystem voices ({len(available)}):")
        for vid, name in available:
            print(printable(f"  {vid:<28} {name}"))
    else:
        print("\nThe system's text-to-speech voices, for your own profiles: trainer voices --all")
    print('Preview: trainer voices say PROFILE "text"')
    return 0


def _say(name: str, text: str, out: str | None, force: bool = False) -> int:
    from trainer import bootstrap
    from trainer.audio.files import write_wav
    from trainer.outputs import may_replace, remember_file
    from trainer.speech.voices import profile

    if not text.strip():
        raise InputError("voices say: give some text to say")
    if out:
        may_replace(out, force)
    clip = profile(name).render(bootstrap.synthesizer(), text)
    if out:
        written = write_wav(out, clip)
        remember_file(written)
        print(f"Saved to {written}")
        return 0
    try:
        bootstrap.speaker().play(clip)
    except DeviceError as exc:
        raise DeviceError(f"{exc}: use --out FILE.wav to save the preview instead") from None
    return 0


def call(args: Namespace) -> int:
    from trainer import bootstrap
    from trainer.calls import report as call_report
    from trainer.calls.fields import default_text
    from trainer.calls.scenario import find
    from trainer.calls.session import caller_turn
    from trainer.speech.voices import profile

    # Everything that can be wrong with the input is checked before the call starts.
    scenario = find(args.scenario, args.field if args.field else default_text())
    record_to = _check_output(args.record, args.force) if args.record else None
    user_clips = [_load_turn(f) for f in args.user_audio or []]
    planned = planned_questions()
    live = not (args.user_audio or args.user_text)
    mic = _live_microphone(args.device) if live else None
    from trainer.app import open_history

    # A damaged history stops us before the call, untouched; an unwritable one is told after.
    store, unsaved = open_history(not args.no_save)
    problems: list[str] = [unsaved] if unsaved else []
    try:
        synth = bootstrap.synthesizer()
        if args.user_text:
            user = profile(USER_VOICE)
            user_clips = [
                caller_turn(user.render(synth, t)) if t.strip() else Clip.silence(SILENT_TURN_S)
                for t in args.user_text
            ]
        speaker = bootstrap.no_speaker() if args.fast else _speaker(args.output_device)
        record = _run(args, scenario, synth, speaker, mic, user_clips)
        report, kept = keep_call(
            record,
            planned,
            store,
            args.profile,
            record_to,
            keep_audio=not args.no_audio,
            field=scenario.field_id,
        )
        problems += kept  # told after the report
    finally:
        if store is not None:
            store.close()
    if args.json:
        print(json_text(report.to_dict()))
    else:
        sys.stdout.write(printable(call_report.render(report)))
        if report.kept.get("recording"):
            print(printable(f"Recording (left: you, right: {scenario.name}): {record_to}"))
        if report.kept.get("audio") and report.kept.get("id") is not None:
            print(printable(f"Listen again: trainer play {report.kept['id']}"))
    for problem in problems:
        sys.stderr.write(f"trainer: {printable(problem)}\n")
    return 2 if problems else 0


def _record(path: Path, record, problems: list[str], what: str = "the recording") -> str | None:
    """Both sides of the call in one stereo WAV; None (and a line in `problems`) if it
    cannot be written."""
    from trainer.audio.files import write_stereo_wav
    from trainer.outputs import remember_file

    try:
        written = write_stereo_wav(path, record.caller_audio, record.other_audio)
        remember_file(written)
        return str(written)
    except TrainerError as exc:
        problems.append(f"{what} was not saved: {exc}")
        return None


def _keep_audio(record, problems: list[str]) -> str | None:
    """The call's audio (you left, them right) in takes/, for `trainer play ID`."""
    import time

    from trainer import config
    from trainer.app import unique_path

    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = unique_path(config.takes_dir() / f"call-{stamp}.wav")
    return _record(path, record, problems, what="the call's audio")


def _run(args: Namespace, scenario, synth, speaker, mic, user_clips: list[Clip]):
    """The call itself, with a live microphone or recorded turns fed in real time."""
    from trainer import bootstrap
    from trainer.calls.session import CallOptions, LineBank, run_call
    from trainer.live import LiveDisplay

    next_turn = still_speaking = None
    if mic is None:
        mic = bootstrap.virtual_microphone(realtime=not args.fast)
        pending = list(user_clips)

        def next_turn() -> bool:
            if not pending:
                return False  # the recorded caller has said everything: they hang up
            clip = pending.pop(0)
            mic.feed(clip)
            if speaker.audible:  # let the person hear both sides of the demo
                threading.Thread(target=_play_quietly, args=(speaker, clip), daemon=True).start()
            return True

        def still_speaking() -> bool:
            return mic.playing

    display = LiveDisplay(sys.stderr)
    recognizer = bootstrap.recognizer(args.model)
    display.status("Loading the speech model...")
    recognizer.load()
    lines = LineBank.for_scenario(synth, scenario)
    options = CallOptions(
        turn_silence_s=args.silence, no_speech_timeout_s=args.wait, seed=args.seed, fast=args.fast
    )
    display.status(f"Calling ({scenario.name}): {scenario.description}")
    record = run_call(
        scenario, mic, speaker, recognizer, lines, display, options, next_turn, still_speaking
    )
    display.end(f"Call ended ({record.ended_by}).")
    return record


def _live_microphone(spec: str | None):
    from trainer import bootstrap
    from trainer.audio.device import NO_INPUT_HINT

    try:
        return bootstrap.microphone(spec)
    except DeviceError as exc:
        if str(exc) != NO_INPUT_HINT:
            raise
        raise DeviceError(NO_CALL_INPUT_HINT) from None


def keep_call(
    record,
    planned,
    store,
    profile: str,
    record_to: Path | None = None,
    keep_audio: bool = True,
    field: str | None = None,
) -> tuple[CallReport, list[str]]:
    """The call's report, with its recording written and its attempt saved (when asked):
    what every way of running a call does once it is over. Saving never raises: the report
    comes back with what could not be kept (one line each), to be told after it."""
    from trainer.calls import report as call_report
    from trainer.progress.store import Attempt

    report = call_report.build(record, planned)
    kept: dict[str, object] = {"field": field}
    problems: list[str] = []
    if record_to is not None:
        kept["recording"] = _record(record_to, record, problems)
    if store is not None and keep_audio:
        kept["audio"] = _keep_audio(record, problems)
    report = replace(report, kept=kept)
    if store is not None:
        try:
            saved = store.save(Attempt.of_call(report, profile))
            report = replace(report, kept={**kept, "id": saved})
        except (TrainerError, OSError) as exc:
            problems.append(f"the call was not kept in your history: {exc}")
    return report, problems


def planned_questions():
    """The active script's question plan, to show which planned questions were asked."""
    from trainer import questions
    from trainer.scripts import library

    name = library.active()
    ids = library.plan(name) if name else []
    return questions.by_id(ids) if ids else None


def _load_turn(path: str) -> Clip:
    from trainer.audio.files import load_audio
    from trainer.calls.session import caller_turn

    return caller_turn(load_audio(path))


def _check_output(path: str, force: bool = False) -> Path:
    """--record's file, checked before the call starts (not after the user has talked)."""
    from trainer.outputs import may_replace

    p = Path(path)
    if p.is_dir():
        raise InputError(f"--record {p}: is a directory; give a file name like call.wav")
    if p.suffix.lower() != ".wav":
        raise InputError(f"--record {p}: the recording is a WAV file; name it *.wav")
    if not p.parent.resolve().is_dir():
        raise InputError(f"--record {p}: the folder {p.parent} does not exist")
    return may_replace(p, force)


def _speaker(device_spec: str | None):
    """Their voice on the sound card; with none (and none named), shown at the pace it
    would be spoken, after saying so."""
    from trainer import bootstrap

    return bootstrap.speaker_or_none(device_spec, paced=True, on_missing=_no_speaker_notice)


def _no_speaker_notice() -> None:
    sys.stderr.write(
        "No speaker found: the other side's lines are shown as text, "
        "at the pace they would be spoken.\n"
    )


def _play_quietly(speaker, clip: Clip) -> None:
    try:
        speaker.play(clip)
    except TrainerError:
        pass
