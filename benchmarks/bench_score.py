"""Wall time of `trainer score` against plain faster-whisper on the same ~30 s take.

Measures and prints; it is not a test and exits 0 whether targets are met or missed (non-zero
only when a command fails). Run it as `HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_score.py`
(`make bench`).

1. `trainer score TAKE.wav --json` as a subprocess versus a subprocess running plain
   faster-whisper (`WhisperModel(dir, device="cpu", compute_type="int8")`, transcribe, consume
   the segments) with the same model directory. Both pay interpreter start-up and imports.
   Runs are interleaved; median and min are reported, and the ratio of medians trainer/plain is
   checked against TARGET_RATIO.
2. `trainer --help` wall time (median of HELP_RUNS), checked against TARGET_HELP_S.
3. For information: the in-process split of trainer's work (imports, decoding, model load,
   transcription, scoring).
4. The same take through a simulated phone line: `trainer score` (heard once, through the
   front end of speech/frontend.py) against plain faster-whisper, side by side, interleaved,
   medians of --repeat runs, checked against TARGET_RATIO; and for information
   `trainer score --replay` (heard five times: as recorded, then at 0.9x, 1.1x, 0.8x, 1.2x).
5. Phone-line word error rate before and after the front end, in-process with the same model:
   a few espeak-ng takes of the intro in other voices, speeds, noise and levels
   (benchmarks/phone_takes.py), decoded as they are (`WhisperRecognizer(frontend=False)`, as
   trainer did before) and conditioned (`WhisperRecognizer()`); per take and pooled.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trainer.audio.clip import Clip
from trainer.audio.effects import telephone_band
from trainer.audio.files import load_audio, write_wav
from trainer.speech.models import resolve_model

TARGET_RATIO = 1.3  # trainer score / plain faster-whisper, medians
TARGET_HELP_S = 0.5
HELP_RUNS = 5
TAKE_RANGE_S = (28.0, 32.0)
PAUSE_S = 1.0
COVERAGE = 0.8  # trainer transcript words / plain ones below this: timing not comparable

# An informational-interview intro; None marks a 1 s pause between spoken pieces.
TAKE_PIECES: list[str | None] = [
    "Hi, my name is Maya Chen. I'm finishing a master's in environmental engineering "
    "at Portland State.",
    "Priya Natarajan suggested I call you.",
    None,
    "I'm not looking for a job. I'm calling to learn how people get into municipal water work.",
    "Could I have about fifteen minutes? Is now a good time, or should I call back later?",
    None,
    "I'd love to ask what a typical week looks like, which skills matter most, "
    "and what you wish you had known starting out.",
]

PLAIN_PROGRAM = """\
import sys
from faster_whisper import WhisperModel
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8")
segments, _ = model.transcribe(sys.argv[2])
segments = list(segments)
print(" ".join(s.text.strip() for s in segments))
"""


def make_take(path: Path, workdir: Path) -> Clip:
    """Render TAKE_PIECES with espeak-ng and join them with pauses into one WAV."""
    if shutil.which("espeak-ng") is None:
        sys.exit("bench_score: espeak-ng not found (needed to render the take; or pass --audio)")
    clip: Clip | None = None
    for i, text in enumerate(TAKE_PIECES):
        if text is None:
            piece = Clip.silence(PAUSE_S)
        else:
            wav = workdir / f"piece{i}.wav"
            cmd = ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text]
            subprocess.run(cmd, check=True, capture_output=True)
            piece = load_audio(wav)
        clip = piece if clip is None else clip.concat(piece)
    assert clip is not None
    write_wav(path, clip)
    return clip


def timed_run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of one subprocess run, and its stdout; exits on failure."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(f"bench_score: command failed ({proc.returncode}): {' '.join(cmd)}\n")
        sys.stderr.write(proc.stderr[-2000:])
        sys.exit(1)
    return elapsed, proc.stdout


def in_process_split(audio: Path) -> list[tuple[str, float]]:
    """Trainer's own stages, timed in this process (first load: nothing cached yet)."""
    rows = []
    start = time.perf_counter()
    import faster_whisper  # noqa: F401 - timing the import is the point

    from trainer.scoring.feedback import evaluate
    from trainer.speech.recognizer import WhisperRecognizer

    rows.append(("import faster_whisper + recognizer", time.perf_counter() - start))

    start = time.perf_counter()
    clip = load_audio(audio)
    rows.append(("load_audio (decode, 16 kHz mono)", time.perf_counter() - start))

    rec = WhisperRecognizer()
    rec.load()
    assert rec.load_seconds is not None
    rows.append(("model load (WhisperModel)", rec.load_seconds))

    start = time.perf_counter()
    transcript = rec.transcribe(clip)  # the model is cached by now: transcription only
    rows.append(("transcribe (beam 5, words, VAD)", time.perf_counter() - start))

    start = time.perf_counter()
    evaluate(transcript)
    rows.append(("score (evaluate)", time.perf_counter() - start))
    return rows


def phone_wer(workdir: Path) -> list[list[str]]:
    """Word error rate on the phone takes, decoded as they are and through the front end."""
    from phone_takes import errors, render

    from trainer.speech.recognizer import WhisperRecognizer

    before_rec, after_rec = WhisperRecognizer(frontend=False), WhisperRecognizer()
    rows, totals = [], [0, 0, 0]
    for take in render(TAKE_PIECES, workdir):
        before = errors(take.reference, before_rec.transcribe(take.clip).text)
        after = errors(take.reference, after_rec.transcribe(take.clip).text)
        rows.append([take.name, f"{before[0] / before[1]:.1%}", f"{after[0] / after[1]:.1%}"])
        totals = [totals[0] + before[0], totals[1] + after[0], totals[2] + before[1]]
    rows.append(
        [
            f"all ({len(rows)} takes, {totals[2]} words)",
            f"{totals[0] / totals[2]:.1%}",
            f"{totals[1] / totals[2]:.1%}",
        ]
    )
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{c:>{w}}" for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    ap.add_argument("--audio", type=Path, help="use this audio file instead of rendering a take")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    bindir = Path(sys.executable).parent
    trainer_bin = bindir / "trainer"
    if not trainer_bin.exists():
        found = shutil.which("trainer")
        if found is None:
            sys.exit("bench_score: `trainer` command not found (pip install -e . first)")
        trainer_bin = Path(found)
    model_dir = resolve_model().location

    with tempfile.TemporaryDirectory(prefix="bench-score-") as tmp:
        tmpdir = Path(tmp)
        home = tmpdir / "home"
        home.mkdir()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRAINER_HOME": str(home)}

        if args.audio:
            audio = args.audio
            if not audio.is_file():
                sys.exit(f"bench_score: {audio}: no such file")
            duration = load_audio(audio).duration
            origin = "given"
        else:
            audio = tmpdir / "take.wav"
            duration = make_take(audio, tmpdir).duration
            origin = "espeak-ng, en-us, 150 wpm"

        print(f"python    {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(f"model     {model_dir}")
        print(f"take      {audio} ({origin})")
        note = ""
        if not args.audio and not TAKE_RANGE_S[0] <= duration <= TAKE_RANGE_S[1]:
            note = f"  (outside the intended {TAKE_RANGE_S[0]:.0f}-{TAKE_RANGE_S[1]:.0f} s)"
        print(f"duration  {duration:.2f} s{note}")
        print(f"repeat    {args.repeat} interleaved, after one untimed warm-up run of each")
        print()

        trainer_cmd = [str(trainer_bin), "score", str(audio), "--json"]
        plain_cmd = [sys.executable, "-c", PLAIN_PROGRAM, model_dir, str(audio)]
        help_cmd = [str(trainer_bin), "--help"]

        # Warm-up: page cache for the model, the venv and the audio; not counted.
        _, trainer_out = timed_run(trainer_cmd, env)
        _, plain_out = timed_run(plain_cmd, env)
        timed_run(help_cmd, env)

        trainer_times, plain_times = [], []
        for _ in range(args.repeat):
            trainer_times.append(timed_run(trainer_cmd, env)[0])
            plain_times.append(timed_run(plain_cmd, env)[0])
        help_times = [timed_run(help_cmd, env)[0] for _ in range(HELP_RUNS)]

        split = in_process_split(audio)

        phone = write_wav(tmpdir / "phone.wav", telephone_band(load_audio(audio)))
        phone_cmds = {
            "trainer score (phone line)": [
                str(trainer_bin),
                "score",
                str(phone),
                "--json",
                "--no-save",
            ],
            "plain faster-whisper (phone line)": [
                sys.executable,
                "-c",
                PLAIN_PROGRAM,
                model_dir,
                str(phone),
            ],
            "trainer score --replay (phone line, info)": [
                str(trainer_bin),
                "score",
                str(phone),
                "--json",
                "--no-save",
                "--replay",
            ],
        }
        phone_times: dict[str, list[float]] = {name: [] for name in phone_cmds}
        phone_out: dict[str, str] = {}
        for _ in range(args.repeat):
            for name, cmd in phone_cmds.items():
                elapsed, phone_out[name] = timed_run(cmd, env)
                phone_times[name].append(elapsed)

        wer_rows = phone_wer(tmpdir)

    t_med, p_med = statistics.median(trainer_times), statistics.median(plain_times)
    ratio = t_med / p_med
    h_med = statistics.median(help_times)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    rows = [
        ["trainer score --json", f"{t_med:.2f} s", f"{min(trainer_times):.2f} s", "", ""],
        ["plain faster-whisper", f"{p_med:.2f} s", f"{min(plain_times):.2f} s", "", ""],
        [
            "ratio trainer/plain",
            f"{ratio:.2f}x",
            f"{min(trainer_times) / min(plain_times):.2f}x",
            f"<= {TARGET_RATIO}x",
            verdict(ratio <= TARGET_RATIO),
        ],
        [
            f"trainer --help (x{HELP_RUNS})",
            f"{h_med:.3f} s",
            f"{min(help_times):.3f} s",
            f"< {TARGET_HELP_S} s",
            verdict(h_med < TARGET_HELP_S),
        ],
    ]
    print(table(["wall time (subprocess)", "median", "min", "target", "result"], rows))
    print()
    print("ratio: of medians (median column) and of minimums (min column); verdicts use medians")
    print()

    total = sum(s for _, s in split)
    split_rows = [[name, f"{s:.2f} s", f"{s / total:.0%}"] for name, s in split]
    split_rows.append(["total", f"{total:.2f} s", ""])
    print(table(["trainer in-process (one run, info)", "time", "share"], split_rows))
    print()

    plain_phone = statistics.median(phone_times["plain faster-whisper (phone line)"])
    trainer_phone = statistics.median(phone_times["trainer score (phone line)"])
    phone_rows = [
        [
            name,
            f"{statistics.median(t):.2f} s",
            f"{min(t):.2f} s",
            f"{statistics.median(t) / plain_phone:.2f}x",
        ]
        for name, t in phone_times.items()
    ]
    phone_ratio = trainer_phone / plain_phone
    phone_rows.append(
        [
            "ratio trainer/plain (phone line)",
            f"{phone_ratio:.2f}x",
            "",
            f"<= {TARGET_RATIO}x {verdict(phone_ratio <= TARGET_RATIO)}",
        ]
    )
    print(table(["phone-line take (wall time)", "median", "min", "vs plain"], phone_rows))
    try:
        heard = json.loads(phone_out["trainer score (phone line)"])["transcript"]
        print(
            f"trainer heard (phone line): {len(heard.split())} words; plain: "
            f"{len(phone_out['plain faster-whisper (phone line)'].split())} words"
        )
    except (ValueError, KeyError):
        pass
    print()
    print(table(["phone-line WER (same model, in-process)", "before", "after"], wer_rows))
    print()

    try:
        first = json.loads(trainer_out.splitlines()[0])
        trainer_words, score = len(first["transcript"].split()), first.get("score")
    except (ValueError, IndexError, KeyError):
        trainer_words, score = 0, None
    plain_words = len(plain_out.split())
    print(f"transcript words: trainer {trainer_words} (score {score}), plain {plain_words}")
    if trainer_words < COVERAGE * plain_words:
        print(
            f"WARNING: trainer's transcript has {trainer_words} of the {plain_words} words plain "
            "faster-whisper heard: the two runs did unequal work, so the ratio is not comparable"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
