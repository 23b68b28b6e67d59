"""What judging meaning costs: model load, a 30 s take, a live tick, and peak memory.

Measures and prints; it is not a test (exit 0 whether targets are met or not). Run it as
`HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_understanding.py` (`make bench`).

1. Loading the sentence encoder and the classifier in a fresh process (target <= 1.0 s), and
   `trainer --help` (target < 0.5 s: nothing is loaded for it).
2. Judging the transcript of a ~30 s intro (the words of bench_score.py's take, with word times
   at 150 words a minute), cache cleared each run: median added time (target <= 60 ms).
3. A live tick: the transcript grows by one phrase and is judged again, as practice does after
   each decoded phrase (earlier clauses come from the cache): median (target <= 0.3 s).
4. Peak RSS of `trainer score TAKE.wav --json --no-save` on a 30 s take (target <= 450 MB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_score import TAKE_PIECES, make_take

from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript, Word

RUNS = 15
LOAD_PROGRAM = """\
import time
t = time.perf_counter()
from trainer.understanding.judge import understand
from trainer.transcript import Transcript
understand(Transcript.from_text("Hello there.").words)
print(time.perf_counter() - t)
"""
RSS_PROGRAM = """\
import resource, sys
from trainer.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""


def timed_words(text: str, wpm: float = 150.0) -> tuple[Word, ...]:
    step = 60.0 / wpm
    return tuple(
        Word(w, round(i * step, 3), round(i * step + step * 0.8, 3))
        for i, w in enumerate(text.split())
    )


def main() -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", LOAD_PROGRAM],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(3)
    ]
    print(
        f"model load (fresh process, encoder + classifier + first judgement): "
        f"median {statistics.median(loads):.3f} s (target <= 1.0)"
    )
    helps = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "trainer", "--help"], env=env, check=True, capture_output=True
        )
        helps.append(time.perf_counter() - t)
    print(f"trainer --help: median {statistics.median(helps):.3f} s (target < 0.5)")

    from trainer.understanding.encoder import shared_encoder
    from trainer.understanding.judge import understand

    text = " ".join(p for p in TAKE_PIECES if p)
    words = timed_words(text)
    understand(words)  # load
    times = []
    for _ in range(RUNS):
        shared_encoder()._cache.clear()
        t = time.perf_counter()
        understand(words)
        times.append(time.perf_counter() - t)
    print(
        f"judging a {words[-1].end:.0f} s take ({len(words)} words): median "
        f"{1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms "
        "(target <= 60 ms)"
    )

    shared_encoder()._cache.clear()
    ticks = []
    pieces = [p for p in TAKE_PIECES if p]
    so_far = ""
    for piece in pieces:
        so_far = f"{so_far} {piece}".strip()
        t = time.perf_counter()
        evaluate(Transcript(timed_words(so_far)))
        ticks.append(time.perf_counter() - t)
    print(
        f"live tick (judge the transcript again after each of {len(pieces)} phrases): median "
        f"{1000 * statistics.median(ticks):.1f} ms, max {1000 * max(ticks):.1f} ms "
        "(target <= 300 ms)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        take = Path(tmp) / "take.wav"
        make_take(take, Path(tmp))
        run = subprocess.run(
            [sys.executable, "-c", RSS_PROGRAM, "score", str(take), "--json", "--no-save"],
            env={**env, "TRAINER_HOME": tmp},
            capture_output=True,
            text=True,
            check=True,
        )
        rss = int(run.stderr.strip().splitlines()[-1])
        print(f"trainer score on a 30 s take: peak RSS {rss} MB (target <= 450)")


if __name__ == "__main__":
    main()
