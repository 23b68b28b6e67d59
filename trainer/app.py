"""Use cases behind the commands: score takes, score typed text, run the demo.

Written against the Recognizer/Synthesizer interfaces; bootstrap.py supplies the real ones.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from trainer import config, render
from trainer.audio import device
from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav
from trainer.errors import DeviceError, InputError
from trainer.resources import data_dir
from trainer.scoring.feedback import Feedback, evaluate
from trainer.speech.recognizer import Progress, Recognizer
from trainer.speech.synthesizer import Synthesizer
from trainer.speech.voices import profile
from trainer.textfiles import read_text_file
from trainer.transcript import Transcript

if TYPE_CHECKING:
    from trainer.live import LiveDisplay
    from trainer.practice import PracticeResult, StopSignal

MAX_SCRIPT_BYTES = 200_000


@dataclass
class TakeResult:
    source: str
    feedback: Feedback | None = None
    error: str | None = None

    def to_json(self) -> str:
        if self.feedback is None:
            return json.dumps({"file": self.source, "error": self.error})
        return json.dumps({"file": self.source, **self.feedback.to_dict()}, ensure_ascii=False)


def read_script(path: str | Path) -> str:
    text = read_text_file(path, "script", MAX_SCRIPT_BYTES)
    if not text.strip():
        raise InputError(f"{path}: the script is empty")
    return text


def score_text(text: str, script: str | None = None) -> Feedback:
    if not text.strip():
        raise InputError("--text: nothing to score (the text is empty)")
    return evaluate(Transcript.from_text(text), script)


def score_clip(rec: Recognizer, clip: Clip, script: str | None = None,
               progress: Progress | None = None) -> Feedback:  # fmt: skip
    """One recorded take, heard again at other speeds when the first hearing missed a part."""
    transcript = rec.transcribe(clip, progress)
    feedback = evaluate(transcript, script)
    if not all(e.covered for e in feedback.elements.values()) and hasattr(rec, "replay"):
        # Missing or misheard? Replays tell them apart (speech/recognizer.py); complete takes
        # are heard once, so the common case costs nothing more.
        replayed = rec.replay(clip, transcript, progress)
        if replayed is not transcript:
            feedback = evaluate(replayed, script)
    return feedback


def score_files(
    paths: list[str],
    recognizer: Callable[[], Recognizer],
    script: str | None = None,
    progress: Progress | None = None,
) -> list[TakeResult]:
    """Each file scored independently: one bad file never stops the others."""
    results: list[TakeResult] = []
    rec: Recognizer | None = None
    for path in paths:
        try:
            clip = load_audio(path)
            if rec is None:
                rec = recognizer()
            results.append(TakeResult(path, score_clip(rec, clip, script, progress)))
        except InputError as exc:
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            results.append(TakeResult(path, error=message))
    return results


def to_attempt(result: TakeResult, profile: str, mode: str, script: str | None):
    """The history record of one scored take."""
    from trainer.progress.store import Attempt  # noqa: PLC0415

    assert result.feedback is not None
    d = result.feedback.to_dict()
    audio = None
    if mode == "score":
        audio = str(Path(result.source).resolve())
    return Attempt(
        profile=profile,
        mode=mode,
        transcript=d["transcript"],
        elements=d["elements"],
        flags=d["flags"],
        delivery=d["delivery"],
        score=d["score"],
        report=d,
        script=script,
        source=result.source,
        duration_s=d["delivery"]["duration_s"],
        audio_path=audio,
    )


def save_results(results: list[TakeResult], store, profile: str, mode: str,
                 script: str | None) -> list[int]:  # fmt: skip
    """Keep every scored take; failed ones have nothing to keep."""
    return [store.save(to_attempt(r, profile, mode, script)) for r in results if r.feedback]


def emit(results: list[TakeResult], as_json: bool, out: TextIO = sys.stdout,
         err: TextIO = sys.stderr) -> int:  # fmt: skip
    """Print results in input order; exit status 2 if any take failed."""
    color = render.use_color(out)
    for r in results:
        if as_json:
            out.write(r.to_json() + "\n")
            if r.error:
                err.write(f"trainer: {r.error}\n")
        elif r.feedback is not None:
            out.write(render.report(r.feedback.to_dict(), r.source, color))
            out.write("\n")
        else:
            err.write(f"trainer: {r.error}\n")
    out.flush()
    return 2 if any(r.error for r in results) else 0


def takes_dir() -> Path:
    return config.data_home() / "takes"


@dataclass
class KeptTake:
    """A practice take once it is kept: the result, where its audio went, its history id."""

    result: PracticeResult
    take_path: Path | None
    attempt_id: int | None

    def to_dict(self) -> dict:
        return {"file": str(self.take_path) if self.take_path else None, "id": self.attempt_id,
                **self.result.to_dict()}  # fmt: skip


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
    by the terminal and the web page, which differ only in microphone, display and speaker."""
    from trainer.practice import run_practice  # noqa: PLC0415

    if hasattr(recognizer, "load"):
        display.status("Loading the speech model...")
        recognizer.load()  # before the microphone opens, so the first phrase isn't delayed
    result = run_practice(mic, recognizer, display, options, script, speak, stop)
    take_path = None
    if save_take:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        take_path = write_wav(unique_path(takes_dir() / f"take-{stamp}.wav"), result.clip)
        display.status(f"Saved the take to {take_path} (listen: trainer play LAST)")
    attempt_id = None
    if store is not None:
        attempt = to_attempt(TakeResult("microphone", result.feedback), profile, "practice",
                             script)  # fmt: skip
        attempt.audio_path = str(take_path) if take_path else None
        attempt.source = str(take_path) if take_path else "microphone"
        attempt.report = {**attempt.report, "timing": result.timing, "ticks": result.ticks}
        attempt_id = store.save(attempt)
    return KeptTake(result, take_path, attempt_id)


def practice(
    mic,
    recognizer: Recognizer,
    synthesizer: Synthesizer | None,
    options,
    script: str | None = None,
    opening: str | None = None,
    play_device: str | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    as_json: bool = False,
    store=None,
    profile: str = "default",
    save_take: bool = True,
) -> int:
    """A live take: the opening line, the microphone, the report; kept unless told not to."""
    from trainer.live import LiveDisplay  # noqa: PLC0415

    display = LiveDisplay(err)
    speak = None
    if opening and synthesizer is not None:
        line = synthesizer.synthesize(opening, profile_settings("interviewee"))

        def speak() -> None:
            display.status(f'Dana: "{opening}"')
            try:
                device.play(line, play_device)
            except DeviceError:
                pass  # no speaker: the line is shown instead

    kept = practice_take(mic, recognizer, display, options, script, speak, store, profile,
                         save_take)  # fmt: skip
    result = kept.result
    if as_json:
        payload = {"file": str(kept.take_path) if kept.take_path else None, **result.to_dict()}
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        out.write(render.report(result.feedback.to_dict(), "Your take", render.use_color(out)))
        t = result.timing
        out.write(f"\n(report ready {t['report_s'] - t['endpoint_s']:.2f} s after you stopped)\n")
    out.flush()
    return 0


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
    play: bool = True,
    as_json: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Synthesise the sample intro and practise with it through the virtual microphone."""
    from trainer.audio.stream import VirtualMicrophone  # noqa: PLC0415
    from trainer.practice import PracticeOptions  # noqa: PLC0415

    text = " ".join((data_dir("scenarios") / "demo-intro.txt").read_text("utf-8").split())
    err.write("Synthesising a sample intro with text-to-speech...\n")
    clip = synthesizer.synthesize(text, profile("caller").settings())
    take = write_wav(config.data_home() / "demo" / "demo-intro.wav", clip)
    err.write(f"Saved the sample take to {take}; playing it into the virtual microphone.\n")
    if play:
        threading.Thread(target=_play_quietly, args=(clip,), daemon=True).start()
    mic = VirtualMicrophone(clip)
    return practice(mic, recognizer, synthesizer if play else None, PracticeOptions(), text,
                    opening=None, out=out, err=err, as_json=as_json, save_take=False)  # fmt: skip


def _play_quietly(clip: Clip) -> None:
    try:
        device.play(clip)
    except DeviceError as exc:
        sys.stderr.write(f"Not playing it aloud: {exc}.\n")
