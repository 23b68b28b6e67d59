"""Live practice on a ~30 s take: latency after the end of the turn, accuracy, memory.

Measures and prints; it is not a test and exits 0 whether targets are met or missed (non-zero
only when a command fails). Run it as
`HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_practice.py`.

The take is bench_score.py's informational-interview intro, rendered with espeak-ng (en-us,
150 wpm) sentence group by sentence group, each trimmed of espeak's own trailing silence, with
0.8-1.2 s pauses between them and 0.5 s of silence at the end.

1. Latency: `trainer practice --mic-file TAKE.wav --json --no-save --no-opening` as a
   subprocess (TRAINER_HOME in a temp dir), --repeat times; from its JSON `timing`,
   `report_s - endpoint_s` (end-of-turn decision to full report), median over runs. Against it,
   plain batch transcription of the same take with the same recogniser in this process
   (`WhisperRecognizer().transcribe(load_audio(take))`, after one warm-up call, median of
   BATCH_RUNS). Target: latency / batch <= TARGET_LATENCY_RATIO.
2. Accuracy: word error rate against the rendered text, of practice's (streaming) final
   transcript and of the batch one, both normalised the same way (lowercase, no punctuation,
   numbers as words). Target: streaming WER <= batch WER.
3. Peak memory (max RSS) of the practice process. The subprocess is a tiny launcher running
   `trainer.cli.main` in-process, which prints `getrusage(RUSAGE_SELF).ru_maxrss` at exit; it
   also counts the phrases handed to the streaming transcriber and times their decoding
   (wrappers around trainer's classes, no change to what runs).
4. For information: speech_end_s, endpoint_s, report_s, phrases, provisional hearings (of a
   phrase still being spoken, decoded only when the decoder is idle), ticks, and the timeline
   of the last run's decodes. `--no-partials` turns the provisional hearings off, to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_score import TAKE_PIECES, TAKE_RANGE_S, table
from rapidfuzz.distance import Levenshtein

from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav

TARGET_LATENCY_RATIO = 0.25  # (report_s - endpoint_s) / batch transcription time, medians
BATCH_RUNS = 3
MARK = "BENCH_PRACTICE "  # the launcher's stderr line carrying its measurements

# bench_score's intro, one sentence group per piece, with a pause (seconds) after each.
PAUSES_S = [1.0, 0.8, 1.2, 1.0]
TAIL_S = 0.5
TEXTS = [t for t in TAKE_PIECES if t is not None]
assert len(TEXTS) == len(PAUSES_S) + 1

LAUNCHER = """\
import json, os, resource, sys, threading, time
from trainer.audio import stream
from trainer.speech import recognizer, streaming

marks = {"opened": None, "submits": [], "decodes": []}
_start = stream.VirtualMicrophone.start
_submit = streaming.StreamingTranscriber.submit
_try_provisional = streaming.StreamingTranscriber.try_provisional
_transcribe = recognizer.WhisperRecognizer.transcribe

def start(self, on_block):
    _start(self, on_block)
    marks["opened"] = time.monotonic()  # practice reads its clock right after this returns

def submit(self, start_s, clip, **kw):
    marks["submits"].append((time.monotonic(), start_s, clip.duration, "phrase"))
    return _submit(self, start_s, clip, **kw)

def try_provisional(self, start_s, clip, keep_from_s):
    if os.environ.get("BENCH_NO_PARTIALS"):
        return False  # as if the decoder were always busy: no provisional hearings
    at = time.monotonic()
    sent = _try_provisional(self, start_s, clip, keep_from_s)
    if sent:  # queued behind nothing, so decoded in this order
        marks["submits"].append((at, start_s, clip.duration, "provisional"))
    return sent

def transcribe(self, clip, progress=None, **kw):
    begin = time.monotonic()
    try:
        return _transcribe(self, clip, progress, **kw)
    finally:
        if threading.current_thread() is not threading.main_thread():
            marks["decodes"].append((begin, time.monotonic()))

stream.VirtualMicrophone.start = start
streaming.StreamingTranscriber.submit = submit
streaming.StreamingTranscriber.try_provisional = try_provisional
recognizer.WhisperRecognizer.transcribe = transcribe

from trainer.cli import main
rc = 1
try:
    rc = main(sys.argv[1:])
finally:
    t0 = marks["opened"] or 0.0
    phrases = []
    for i, (at, start_s, dur, kind) in enumerate(marks["submits"]):
        dec = marks["decodes"][i] if i < len(marks["decodes"]) else (None, None)
        phrases.append({"start_s": start_s, "dur_s": dur, "submitted_s": at - t0, "kind": kind,
                        "decode_begin_s": None if dec[0] is None else dec[0] - t0,
                        "decode_end_s": None if dec[1] is None else dec[1] - t0})
    info = {"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "phrases": phrases}
    sys.stderr.write("\\nBENCH_PRACTICE " + json.dumps(info) + "\\n")
    sys.stderr.flush()
sys.exit(rc)
"""
assert MARK in LAUNCHER

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """0-99 as words ("15" -> "fifteen", "45" -> "forty five"); larger numbers stay digits."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    return str(n)


def normalise(text: str) -> list[str]:
    """Words for WER: lowercase, numbers as words, hyphens split, punctuation (and apostrophes:
    "I'm" -> "im") dropped. Applied to the reference and to both hypotheses alike."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    text = re.sub(r"[-\u2010-\u2015/]", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    return text.split()


def wer(reference: str, hypothesis: str) -> tuple[float, list[str]]:
    """Word error rate, and the errors as readable edits ("a->b", "-a", "+b")."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    edits = []
    for op in Levenshtein.editops(ref, hyp):
        if op.tag == "replace":
            edits.append(f"{ref[op.src_pos]}->{hyp[op.dest_pos]}")
        elif op.tag == "delete":
            edits.append(f"-{ref[op.src_pos]}")
        else:
            edits.append(f"+{hyp[op.dest_pos]}")
    return Levenshtein.distance(ref, hyp) / max(len(ref), 1), edits


def trimmed(clip: Clip, floor: float = 0.02) -> Clip:
    """The clip without its leading and trailing near-silence (espeak-ng ends each piece with
    ~0.4 s of it), so the pauses between pieces are the stated ones."""
    loud = np.flatnonzero(np.abs(clip.samples) > floor * clip.peak())
    if not len(loud):
        return clip
    return Clip(clip.samples[loud[0] : loud[-1] + 1], clip.rate)


def make_practice_take(path: Path, workdir: Path) -> Clip:
    """Render TEXTS with espeak-ng, a pause after each (PAUSES_S, then TAIL_S), into one WAV."""
    if shutil.which("espeak-ng") is None:
        sys.exit("bench_practice: espeak-ng not found (needed to render the take; or --audio)")
    parts: list[Clip] = []
    for i, (text, pause) in enumerate(zip(TEXTS, [*PAUSES_S, TAIL_S], strict=True)):
        wav = workdir / f"piece{i}.wav"
        cmd = ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text]
        subprocess.run(cmd, check=True, capture_output=True)
        parts += [trimmed(load_audio(wav)), Clip.silence(pause)]
    clip = parts[0].concat(*parts[1:])
    write_wav(path, clip)
    return clip


def practice_run(audio: Path, env: dict[str, str]) -> dict:
    """One `trainer practice` run through the launcher: its JSON report plus measurements."""
    cmd = [
        sys.executable,
        "-c",
        LAUNCHER,
        "practice",
        "--mic-file",
        str(audio),
        "--json",
        "--no-save",
        "--no-opening",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(f"bench_practice: trainer practice failed ({proc.returncode})\n")
        sys.stderr.write(proc.stderr[-2000:])
        sys.exit(1)
    marks = [ln for ln in proc.stderr.splitlines() if ln.startswith(MARK)]
    if not marks:
        sys.exit("bench_practice: the launcher printed no measurements")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"report": report, "wall_s": wall, **json.loads(marks[-1][len(MARK) :])}


def batch_times(audio: Path) -> tuple[list[float], str, int]:
    """Plain batch transcription in this process, after one warm-up call (model load); also
    how many decoding passes one transcription made (2 when trainer's retry without the filler
    prompt ran)."""
    from trainer.speech.recognizer import WhisperRecognizer

    rec = WhisperRecognizer()
    passes = 0
    decode = rec._decode

    def counted(*args, **kwargs):
        nonlocal passes
        passes += 1
        return decode(*args, **kwargs)

    rec._decode = counted  # this instance only: counts passes, changes nothing else
    text = rec.transcribe(load_audio(audio)).text  # warm-up: loads the model
    times = []
    for _ in range(BATCH_RUNS):
        passes = 0
        start = time.perf_counter()
        text = rec.transcribe(load_audio(audio)).text
        times.append(time.perf_counter() - start)
    return times, text, passes


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def wrapped(label: str, text: str, width: int = 100) -> str:
    """`label` then `text`, wrapped at `width` with continuation lines indented under it."""
    lines, line = [], ""
    for word in text.split():
        if line and len(label) + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    indent = " " * len(label)
    return "\n".join(label + ln if i == 0 else indent + ln for i, ln in enumerate([*lines, line]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="practice runs (default 2)")
    ap.add_argument("--audio", type=Path, help="use this audio file instead of rendering a take")
    ap.add_argument("--reference", type=Path, help="with --audio: its text, for the WER")
    ap.add_argument(
        "--no-partials",
        action="store_true",
        help="no provisional hearings of phrases still being spoken (to compare)",
    )
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.reference and not args.audio:
        ap.error("--reference goes with --audio")

    with tempfile.TemporaryDirectory(prefix="bench-practice-") as tmp:
        tmpdir = Path(tmp)
        home = tmpdir / "home"
        home.mkdir()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRAINER_HOME": str(home)}
        if args.no_partials:
            env["BENCH_NO_PARTIALS"] = "1"

        if args.audio:
            audio = args.audio
            if not audio.is_file():
                sys.exit(f"bench_practice: {audio}: no such file")
            duration = load_audio(audio).duration
            reference = args.reference.read_text("utf-8") if args.reference else None
            origin = "given"
        else:
            audio = tmpdir / "take.wav"
            duration = make_practice_take(audio, tmpdir).duration
            reference = " ".join(TEXTS)
            pauses = ", ".join(f"{p:g}" for p in PAUSES_S)
            origin = f"espeak-ng, en-us, 150 wpm; pauses {pauses} s, tail {TAIL_S:g} s"

        print(f"python    {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(f"take      {audio} ({origin})")
        note = ""
        if not args.audio and not TAKE_RANGE_S[0] <= duration <= TAKE_RANGE_S[1]:
            note = f"  (outside the intended {TAKE_RANGE_S[0]:.0f}-{TAKE_RANGE_S[1]:.0f} s)"
        print(f"duration  {duration:.2f} s{note}")
        print(f"runs      practice x{args.repeat} (real time), batch x{BATCH_RUNS} after a warm-up")
        print()

        runs = [practice_run(audio, env) for _ in range(args.repeat)]
        b_times, batch_text, b_passes = batch_times(audio)

    b_med = statistics.median(b_times)
    latencies, run_rows = [], []
    for i, run in enumerate(runs, 1):
        t, rep = run["report"]["timing"], run["report"]
        latency = t["report_s"] - t["endpoint_s"]
        latencies.append(latency)
        run["wer"], run["edits"] = wer(reference, rep["transcript"]) if reference else (None, [])
        run_rows.append(
            [
                f"practice run {i}",
                f"{t['speech_end_s']:.2f}",
                f"{t['endpoint_s']:.2f}",
                f"{t['report_s']:.2f}",
                f"{latency:.3f}",
                str(sum(p["kind"] == "phrase" for p in run["phrases"])),
                str(sum(p["kind"] == "provisional" for p in run["phrases"])),
                str(len(rep["ticks"])),
                rep["stopped_by"],
                f"{run['maxrss_kb'] / 1024:.0f}",
                f"{run['wall_s']:.1f}",
            ]
        )
    headers = [
        "run",
        "speech_end_s",
        "endpoint_s",
        "report_s",
        "latency s",
        "phrases",
        "provisional",
        "ticks",
        "stopped_by",
        "max RSS MB",
        "wall s",
    ]
    print(table(headers, run_rows))
    print()
    print("latency = report_s - endpoint_s; times are seconds since the microphone opened")
    print()

    l_med = statistics.median(latencies)
    ratio = l_med / b_med
    rss_mb = [r["maxrss_kb"] / 1024 for r in runs]
    rows = [
        [
            "practice latency (end of turn -> report)",
            f"{l_med:.3f} s",
            f"{min(latencies):.3f} s",
            "",
            "",
        ],
        ["batch transcription, same take", f"{b_med:.3f} s", f"{min(b_times):.3f} s", "", ""],
        [
            "ratio latency/batch",
            f"{ratio:.3f}",
            f"{min(latencies) / min(b_times):.3f}",
            f"<= {TARGET_LATENCY_RATIO}",
            verdict(ratio <= TARGET_LATENCY_RATIO),
        ],
        [
            "practice peak memory (max RSS)",
            f"{statistics.median(rss_mb):.0f} MB",
            f"{min(rss_mb):.0f} MB",
            "",
            "",
        ],
    ]
    if reference:
        s_wer = statistics.median(r["wer"] for r in runs)
        b_wer, b_edits = wer(reference, batch_text)
        rows += [
            [
                "WER streaming (practice transcript)",
                f"{s_wer:.1%}",
                f"{min(r['wer'] for r in runs):.1%}",
                "<= batch",
                verdict(s_wer <= b_wer),
            ],
            ["WER batch", f"{b_wer:.1%}", "", "", ""],
        ]
    print(table(["practice vs batch", "median", "min", "target", "result"], rows))
    print()
    print("verdicts use medians; WER against the rendered text, normalised alike")
    if b_passes > 1:
        note = (
            f"each batch transcription decoded the take {b_passes} times (trainer retries "
            "without the filler prompt when the first pass covers under half the voiced "
            f"audio), so the batch time is that of {b_passes} passes"
        )
        print(wrapped("note: ", note))
    print()

    if reference:
        print(wrapped("reference  ", reference))
    for i, run in enumerate(runs, 1):
        print(wrapped(f"practice {i} ", run["report"]["transcript"]))
        if run["wer"] is not None:
            print(wrapped("  errors   ", " ".join(run["edits"]) or "(none)"))
    print(wrapped("batch      ", batch_text))
    if reference:
        print(wrapped("  errors   ", " ".join(b_edits) or "(none)"))
    print()

    last = runs[-1]
    timing = last["report"]["timing"]
    p_rows = []
    for j, p in enumerate(last["phrases"], 1):
        begin, end = p["decode_begin_s"], p["decode_end_s"]
        p_rows.append(
            [
                str(j),
                p["kind"],
                f"{p['start_s']:.2f}-{p['start_s'] + p['dur_s']:.2f}",
                f"{p['submitted_s']:.2f}",
                "-" if begin is None else f"{begin:.2f}",
                "-" if end is None else f"{end:.2f}",
                "-" if end is None else f"{end - begin:.2f}",
                "-" if end is None else f"{end - timing['endpoint_s']:+.2f}",
            ]
        )
    print(f"phrase timeline, run {len(runs)} (seconds since the microphone opened; info)")
    print(
        table(
            [
                "#",
                "kind",
                "audio span",
                "submitted",
                "decode start",
                "decode end",
                "decode s",
                "end vs endpoint",
            ],
            p_rows,
        )
    )
    ticks = ", ".join(f"{t['element']} {t['at_s']:.1f}" for t in last["report"]["ticks"])
    print(f"ticks: {ticks or '(none)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
