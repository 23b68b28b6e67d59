"""Use cases behind the commands: score takes, score typed text, run the demo.

Written against the Recognizer/Synthesizer interfaces; bootstrap.py supplies the real ones.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from trainer import config, render
from trainer.audio.clip import Clip
from trainer.audio.files import MAX_SECONDS, load_audio, write_wav
from trainer.errors import DeviceError, InputError, TrainerError
from trainer.resources import data_dir
from trainer.safetext import json_text, printable
from trainer.scoring.feedback import Feedback, evaluate
from trainer.scripts import library
from trainer.speech.recognizer import LONG_TAKE_S, Progress, Recognizer
from trainer.speech.synthesizer import Synthesizer
from trainer.speech.voices import profile
from trainer.textfiles import read_text_file
from trainer.transcript import Transcript

if TYPE_CHECKING:
    from trainer.audio.stream import VirtualMicrophone
    from trainer.calls.session import Speaker
    from trainer.live import LiveDisplay
    from trainer.practice import PracticeResult, StopSignal


@dataclass
class TakeResult:
    source: str
    feedback: Feedback | None = None
    error: str | None = None

    def to_json(self) -> str:
        if self.feedback is None:
            return json_text({"file": self.source, "error": self.error})
        return json_text({"file": self.source, **self.feedback.to_dict()})


def read_script(path: str | Path) -> str:
    text = read_text_file(path, "script", library.MAX_BYTES)
    if not text.strip():
        raise InputError(f"{path}: the script is empty")
    return text


def score_text(text: str, script: str | None = None) -> Feedback:
    if not text.strip():
        raise InputError("--text: nothing to score (the text is empty)")
    library.check_size(text, "--text")
    return evaluate(Transcript.from_text(text), script)


def score_clip(
    rec: Recognizer, clip: Clip, script: str | None = None, progress: Progress | None = None
) -> Feedback:
    """One recorded take, heard once; with a recogniser that was asked for replays
    (`trainer score --replay`), heard again at other speeds when the first hearing missed a
    part."""
    transcript = rec.transcribe(clip, progress)
    feedback = evaluate(transcript, script)
    if not all(e.covered for e in feedback.elements.values()):
        # Missing or misheard? Replays tell them apart (speech/recognizer.py); complete takes
        # are heard once, so the common case costs nothing more. A recogniser not asked for
        # replays hands `transcript` back.
        replayed = rec.replay(clip, transcript, progress)
        if replayed is not transcript:
            feedback = evaluate(replayed, script)
    return feedback


def iter_scores(
    paths: list[str],
    recognizer: Callable[[], Recognizer],
    script: str | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> Iterator[TakeResult]:
    """Each file scored independently, handed on as soon as it is done, in input order: one
    bad file never stops the others, and a long batch shows results as it goes. `notice`
    hears how long a long take will take to decode, before the wait starts."""
    rec: Recognizer | None = None
    for path in paths:
        try:
            clip = load_audio(path)
            if notice is not None and clip.duration > LONG_TAKE_S:
                notice(expected_wait(path, clip.duration))
            if rec is None:
                rec = recognizer()
            yield TakeResult(path, score_clip(rec, clip, script, progress))
        except InputError as exc:
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            yield TakeResult(path, error=message)


def score_files(
    paths: list[str],
    recognizer: Callable[[], Recognizer],
    script: str | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> list[TakeResult]:
    """Every file scored (see iter_scores), as a list."""
    return list(iter_scores(paths, recognizer, script, progress, notice))


def score_and_emit(
    paths: list[str],
    recognizer: Callable[[], Recognizer],
    script: str | None,
    as_json: bool,
    keep: Callable[[TakeResult], None] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    progress: Progress | None = None,
    notice: Callable[[str], None] | None = None,
) -> int:
    """Score files, printing (and keeping) each result the moment it is ready.

    A take that cannot be kept (a full disk) is shown all the same; one line after the batch
    says how many were not kept, and the exit status is 2. On a terminal, a batch shows a
    progress bar on stderr (never on stdout, which may be JSON); elsewhere stderr gets the
    usual plain progress lines. The streams are looked up when called, not when imported."""
    out, err = out or sys.stdout, err or sys.stderr
    bar = _progress_bar(len(paths), err)
    if bar is not None:

        def progress(message: str, fraction: float) -> None:
            bar.set_postfix_str(f"{printable(message)} {fraction:.0%}")

        if notice is not None:
            tell = notice

            def notice(line: str) -> None:
                bar.clear()
                tell(line)
                bar.refresh()

    failed, lost, reason = False, 0, None
    try:
        for result in iter_scores(paths, recognizer, script, progress, notice):
            if keep is not None and result.feedback is not None:
                why = _try_keep(keep, result)
                if why is not None:
                    lost, reason = lost + 1, why
            if bar is not None:
                bar.clear()
            emit_one(result, as_json, out, err)
            failed = failed or result.error is not None
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    if lost:  # the results were all shown; say what was not kept after them
        line = f"{lost} scored take(s) not kept in your history: {reason}"
        err.write(f"trainer: {printable(line)}\n")
        err.flush()
        return 2
    return 2 if failed else 0


def _try_keep(keep: Callable[[TakeResult], None], result: TakeResult) -> str | None:
    """Keep one take; why it could not be kept, or None."""
    try:
        keep(result)
    except (TrainerError, OSError) as exc:
        return _reason(exc)
    return None


def _reason(exc: Exception) -> str:
    return str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)


def _progress_bar(total: int, err: TextIO):
    """A tqdm bar for a batch on a terminal, else None."""
    if total < 2 or not err.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=err, unit="file", desc="Scoring", dynamic_ncols=True)


# Measured with tiny.en on a shared two-core machine: a 10-minute take decoded in 39 s and a
# 4-minute one in 15 s (about 4 s a minute, rounded up for busier machines); a long take is
# heard once (no replays).
DECODE_S_PER_MINUTE = 5.0


def expected_wait(path: str, seconds: float) -> str:
    """One line telling how long a long take is and about how long decoding it will take."""
    wait_s = seconds / 60 * DECODE_S_PER_MINUTE
    if wait_s < 90:
        wait = f"{max(10, round(wait_s, -1)):.0f} seconds"
    else:
        wait = f"{wait_s / 60:.0f} minutes"
    return (
        f"{path}: {seconds / 60:.1f} minutes of audio: decoding takes about {wait} "
        f"(takes of up to {MAX_SECONDS // 60} minutes are scored)"
    )


def to_attempt(result: TakeResult, profile: str, mode: str, script: str | None):
    """The history record of one scored take (a scored file keeps where its audio is)."""
    from trainer.progress.store import Attempt

    assert result.feedback is not None
    audio = str(Path(result.source).resolve()) if mode == "score" else None
    return Attempt.of_take(
        result.feedback, profile, mode, script=script, source=result.source, audio_path=audio
    )


def open_history(wanted: bool = True):
    """(store, None), or (None, why) when the history cannot be reached or written (a full
    disk, a read-only folder): the take is still scored and shown, and why it was not kept
    is told after. A damaged or newer history still stops everything, untouched."""
    if not wanted:
        return None, None
    from trainer.progress.store import HistoryAccessError, HistoryStore

    try:
        return HistoryStore.open(), None
    except HistoryAccessError as exc:
        return None, f"not kept in your history: {exc}"


def save_results(
    results: list[TakeResult], store, profile: str, mode: str, script: str | None
) -> str | None:
    """Keep every scored take; failed ones have nothing to keep. Returns what could not be
    kept (one line) rather than raising, so the results are still shown."""
    scored = [r for r in results if r.feedback is not None]
    for i, r in enumerate(scored):
        try:
            store.save(to_attempt(r, profile, mode, script))
        except (TrainerError, OSError) as exc:
            return f"{len(scored) - i} scored take(s) not kept in your history: {_reason(exc)}"
    return None


def emit(
    results: list[TakeResult], as_json: bool, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print results in input order; exit status 2 if any take failed."""
    for r in results:
        emit_one(r, as_json, out, err)
    return 2 if any(r.error for r in results) else 0


def emit_one(
    r: TakeResult, as_json: bool, out: TextIO | None = None, err: TextIO | None = None
) -> None:
    """One take's report (or JSON line), flushed at once so a batch reads as it goes. The
    streams are looked up when called (not when imported), so a redirected sys.stdout is
    honoured. JSON keeps the text as it was (escaped); a printed report has control
    characters stripped from everything that did not come from trainer."""
    out, err = out or sys.stdout, err or sys.stderr
    if as_json:
        out.write(r.to_json() + "\n")
        if r.error:
            err.write(f"trainer: {printable(r.error)}\n")
    elif r.feedback is not None:
        color = render.use_color(out)
        out.write(render.report(r.feedback, printable(r.source), color, clean=printable))
        out.write("\n")
    else:
        err.write(f"trainer: {printable(r.error)}\n")
    out.flush()
    err.flush()


def takes_dir() -> Path:
    return config.takes_dir()


@dataclass
class KeptTake:
    """A practice take once it is kept: the result, where its audio went, its history id,
    and what could not be kept (a full disk, a read-only history), for the caller to tell
    after the report: the take is never lost to a failed save."""

    result: PracticeResult
    take_path: Path | None
    attempt_id: int | None
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "file": str(self.take_path) if self.take_path else None,
            "id": self.attempt_id,
            **self.result.to_dict(),
        }


def practice_take(
    mic,
    recognizer: Recognizer,
    display: LiveDisplay,
    options,
    script: str | None = None,
    speak: Callable[[], None] | None = None,
    store=None,
    profile: str = "default",
    save_take: bool = True,
    stop: StopSignal | None = None,
) -> KeptTake:
    """A live take, heard and scored, its audio and attempt kept unless told not to. Shared
    by the terminal and the web page, which differ only in microphone, display and speaker.
    Saving never raises: what could not be kept is in `problems`."""
    from trainer.practice import run_practice

    display.status("Loading the speech model...")
    recognizer.load()  # before the microphone opens, so the first phrase isn't delayed
    result = run_practice(mic, recognizer, display, options, script, speak, stop)
    # What the person said is shown whatever happens to the disk; failures are told after.
    problems: list[str] = []
    take_path = _keep_take(result.clip, display, problems) if save_take else None
    attempt_id = None
    if store is not None:
        attempt = to_attempt(TakeResult("microphone", result.feedback), profile, "practice", script)
        attempt.audio_path = str(take_path) if take_path else None
        attempt.source = str(take_path) if take_path else "microphone"
        attempt.report = {**attempt.report, "timing": result.timing, "ticks": result.ticks}
        attempt_id = try_save(lambda: store.save(attempt), problems)
    return KeptTake(result, take_path, attempt_id, problems)


def practice(
    mic,
    recognizer: Recognizer,
    synthesizer: Synthesizer | None,
    options,
    script: str | None = None,
    opening: str | None = None,
    speaker: Speaker | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    as_json: bool = False,
    store=None,
    profile: str = "default",
    save_take: bool = True,
    unsaved: str | None = None,
    script_label: str = "your script",
) -> int:
    """A live take: the opening line (heard on `speaker`, else only shown), the microphone,
    the report; kept unless told not to. `unsaved`: why the history could not be opened, told
    after the report. `script_label` names what the take is compared with ("the demo script"
    for the demo)."""
    from trainer.live import LiveDisplay

    display = LiveDisplay(err)
    speak = None
    if opening and synthesizer is not None:
        line = synthesizer.synthesize(opening, profile_settings("interviewee"))

        def speak() -> None:
            display.status(f'Dana: "{opening}"')
            if speaker is None:
                return  # no speaker: the line is shown instead
            try:
                speaker.play(line)
            except DeviceError:
                pass  # the speaker failed: the line was shown all the same

    kept = practice_take(
        mic, recognizer, display, options, script, speak, store, profile, save_take
    )
    result, problems = kept.result, ([unsaved] if unsaved else []) + kept.problems
    if as_json:
        payload = {"file": str(kept.take_path) if kept.take_path else None, **result.to_dict()}
        out.write(json_text(payload) + "\n")
    else:
        color = render.use_color(out)
        out.write(render.report(result.feedback, "Your take", color, script_label, printable))
        t = result.timing
        out.write(f"\n(report ready {t['report_s'] - t['endpoint_s']:.2f} s after you stopped)\n")
    out.flush()
    for problem in problems:
        err.write(f"trainer: {printable(problem)}\n")
    return 2 if problems else 0


def _keep_take(clip: Clip, display, problems: list[str]) -> Path | None:
    """The take's audio in takes/; on a full disk, no file at all and one line saying so."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        path = write_wav(unique_path(takes_dir() / f"take-{stamp}.wav"), clip)
    except TrainerError as exc:
        problems.append(f"the take's audio was not saved: {exc}")
        return None
    display.status(f"Saved the take to {path} (listen: trainer play LAST)")
    return path


def try_save(save: Callable[[], int], problems: list[str]) -> int | None:
    """The attempt's id, or None (and a line in `problems`) when it could not be kept: what
    was scored is still shown, and the line is told after it."""
    try:
        return save()
    except (TrainerError, OSError) as exc:
        problems.append(f"the take was not kept in your history: {_reason(exc)}")
        return None


def unique_path(path: Path) -> Path:
    """`path`, or the first free `name-N` beside it: a take never overwrites another."""
    n = 1
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def profile_settings(name: str):
    try:
        return profile(name).settings()
    except InputError:
        return None


def run_demo(
    synthesizer: Synthesizer,
    recognizer: Recognizer,
    mic: VirtualMicrophone,
    speaker: Callable[[], Speaker] | None = None,
    as_json: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Synthesise the sample intro and practise with it, fed into `mic` (a virtual
    microphone). `speaker` (None: --no-play) is asked for only once the sample is ready, so
    a missing sound card is told after it, and never stops the demo."""
    from trainer.practice import PracticeOptions

    text = " ".join((data_dir("scenarios") / "demo-intro.txt").read_text("utf-8").split())
    err.write("Synthesising a sample intro with text-to-speech...\n")
    clip = synthesizer.synthesize(text, profile("caller").settings())
    take = write_wav(config.data_home() / "demo" / "demo-intro.wav", clip)
    err.write(f"Saved the sample take to {take}; playing it into the virtual microphone.\n")
    if speaker is not None:
        threading.Thread(target=_play_quietly, args=(speaker, clip), daemon=True).start()
    mic.feed(clip)
    # The demo is compared with its own script, never the person's: say so in the report.
    return practice(
        mic,
        recognizer,
        synthesizer if speaker is not None else None,
        PracticeOptions(),
        text,
        opening=None,
        out=out,
        err=err,
        as_json=as_json,
        save_take=False,
        script_label="the demo script",
    )


def _play_quietly(speaker: Callable[[], Speaker], clip: Clip) -> None:
    try:
        speaker().play(clip)
    except DeviceError as exc:
        sys.stderr.write(f"Not playing it aloud: {exc}.\n")
