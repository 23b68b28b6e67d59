"""Use cases behind the commands: score takes, score typed text, run the demo.

Written against the Recognizer/Synthesizer interfaces; bootstrap.py supplies the real ones.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from trainer import config, render
from trainer.audio import device
from trainer.audio.files import load_audio, write_wav
from trainer.errors import DeviceError, InputError
from trainer.resources import data_dir
from trainer.scoring.feedback import Feedback, evaluate
from trainer.speech.recognizer import Progress, Recognizer
from trainer.speech.synthesizer import Synthesizer
from trainer.speech.voices import profile
from trainer.transcript import Transcript

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
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: script file not found" if not p.exists() else f"{p}: not a file")
    if p.stat().st_size > MAX_SCRIPT_BYTES:
        raise InputError(f"{p}: too large for a script (over {MAX_SCRIPT_BYTES // 1000} kB)")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not a text file (expected UTF-8 text)") from None
    if not text.strip():
        raise InputError(f"{p}: the script is empty")
    return text


def score_text(text: str, script: str | None = None) -> Feedback:
    if not text.strip():
        raise InputError("--text: nothing to score (the text is empty)")
    return evaluate(Transcript.from_text(text), script)


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
            transcript = rec.transcribe(clip, progress)
            results.append(TakeResult(path, evaluate(transcript, script)))
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


def run_demo(
    synthesizer: Synthesizer,
    recognizer: Callable[[], Recognizer],
    play: bool = True,
    as_json: bool = False,
    progress: Progress | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Synthesise the sample intro, play it if there is a speaker, and score it."""
    text = (data_dir("scenarios") / "demo-intro.txt").read_text(encoding="utf-8")
    voice = profile("caller")
    err.write("Synthesising a sample intro with text-to-speech...\n")
    clip = synthesizer.synthesize(" ".join(text.split()), voice.settings())
    take = write_wav(config.data_home() / "demo" / "demo-intro.wav", clip)
    err.write(f"Saved the sample take to {take}\n")
    if play:
        try:
            device.play(clip)
        except DeviceError as exc:
            err.write(f"Not playing it aloud: {exc}.\n")
    results = score_files([str(take)], recognizer, script=text, progress=progress)
    return emit(results, as_json, out, err)
