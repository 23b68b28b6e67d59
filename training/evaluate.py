"""Prints how well the meaning judgement does on a labelled set, with every error.

    .venv/bin/python training/evaluate.py dev        # training/dev/ (the tuning set)
    .venv/bin/python training/evaluate.py dev2       # training/dev2/ (a second tuning set)
    .venv/bin/python training/evaluate.py dev3       # training/dev3/ (call turns, a third)
    .venv/bin/python training/evaluate.py corpus     # tests/corpus/intros.toml (typed)
    .venv/bin/python training/evaluate.py test       # tests/understanding/data (held out)
    .venv/bin/python training/evaluate.py check      # tests/understanding/check (written last)
    .venv/bin/python training/evaluate.py DIR        # any folder with some of the three files

Intro sets are scored through trainer's own `evaluate` (typed text), exactly as `trainer score
--text` would; turn sets through the call intents. Use `dev` while changing things; look at
`test` only to report. Each set also has a negation file: job-ask recall and false flags.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.understanding.metrics import (  # noqa: E402
    INTRO_LABELS,
    intro_scores,
    load_intros,
    load_turns,
    predicted,
    turn_scores,
)
from trainer.scoring.feedback import evaluate  # noqa: E402
from trainer.transcript import Transcript  # noqa: E402


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "dev"
    intros: list = []
    turns: list = []
    negation: list = []
    if which == "corpus":
        import tomllib

        items = tomllib.loads((ROOT / "tests/corpus/intros.toml").read_text())["intro"]
        intros = [(i["text"], {k: bool(i[k]) for k in INTRO_LABELS}) for i in items]
    else:
        data = {
            "dev": ROOT / "training/dev",
            "dev2": ROOT / "training/dev2",
            "dev3": ROOT / "training/dev3",
            "test": ROOT / "tests/understanding/data",
            "check": ROOT / "tests/understanding/check",
        }.get(which, Path(which))
        if (data / "intros.jsonl").exists():
            intros = load_intros(data / "intros.jsonl")
        if (data / "turns.jsonl").exists():
            turns = load_turns(data / "turns.jsonl")
        if (data / "negation.jsonl").exists():
            lines = (data / "negation.jsonl").read_text().splitlines()
            negation = [json.loads(x) for x in lines if x]
    if not (intros or turns or negation):
        sets = "dev, dev2, dev3, test, check, corpus or a folder"
        sys.exit(f"nothing to evaluate in {which}: give {sets}")
    if intros:
        report = intro_scores(intros)
        for err in report.errors:
            print("INTRO", json.dumps(err))
        print({k: round(v, 3) for k, v in report.f1.items()}, "macro4", round(report.macro4, 3))
    if turns:
        treport = turn_scores(turns)
        for err in treport.errors:
            print("TURN", json.dumps(err))
        print(
            {k: round(v, 3) for k, v in treport.f1.items()},
            "macro",
            round(sum(treport.f1.values()) / len(treport.f1), 3),
        )
    if negation:
        flagged = [
            (r, predicted(evaluate(Transcript.from_text(r["text"])))["asks_for_job"])
            for r in negation
        ]
        asks = [f for r, f in flagged if r["asks_for_job"]]
        for r, f in flagged:
            if f != r["asks_for_job"]:
                print("NEG", json.dumps({"expected": r["asks_for_job"], "text": r["text"]}))
        print(
            "negation: recall",
            round(sum(asks) / len(asks), 3),
            "false flags",
            sum(f for r, f in flagged if not r["asks_for_job"]),
        )


if __name__ == "__main__":
    main()
