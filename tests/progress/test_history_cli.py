"""History commands end to end: real takes scored into a temporary TRAINER_HOME."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import run_trainer

FULL = (
    "Hi, my name is Maria Lopez. I'm a nursing student and I'd love to learn about your work. "
    "Would you have ten minutes? Is now a good time?"
)
NO_CHECK = (
    "Hi, my name is Maria Lopez. I'm a nursing student and I'd love to learn about your work. "
    "Would you have ten minutes?"
)


def _score(*args: str) -> dict:
    proc = run_trainer("score", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_progress_figures_match_what_was_scored(make_take):
    takes = [make_take(FULL, "full1.wav"), make_take(NO_CHECK, "nocheck.wav", speed=150)]
    scored = _score(*map(str, takes))
    scored += _score("--text", FULL)
    proc = run_trainer("progress", "--json")
    assert proc.returncode == 0, proc.stderr
    p = json.loads(proc.stdout)
    assert p["attempts"] == 3 and p["days_practised"] == 1 and p["streak_days"] == 1
    scores = [s["score"] for s in scored]
    assert p["trend"] == scores
    assert p["best_score"] == max(scores) and p["latest_score"] == scores[-1]
    covered = [s["elements"]["convenience_check"]["covered"] for s in scored]
    assert p["elements"]["convenience_check"]["recent_rate"] == round(sum(covered) / 3, 2)
    wpms = [s["delivery"]["words_per_minute"] for s in scored[:2]]
    assert p["delivery"]["words_per_minute"]["recent"] == round(sum(wpms) / 2, 1)
    assert "convenience check in 1 of your last 3" in p["next_focus"]

    text = run_trainer("progress").stdout
    assert "3 attempts" in text and "Next focus" in text


def test_history_show_export_delete(make_take):
    take = make_take(FULL)
    _score(str(take))
    _score("--text", NO_CHECK)
    hist = json.loads(run_trainer("history", "--json").stdout)
    assert [h["mode"] for h in hist] == ["score", "text"]
    first = hist[0]
    assert first["audio_path"] == str(take.resolve())

    shown = run_trainer("show", str(first["id"]))
    assert shown.returncode == 0 and "Maria" in shown.stdout and str(take) in shown.stdout
    assert json.loads(run_trainer("show", str(first["id"]), "--json").stdout)["score"] > 0

    rows = list(csv.DictReader(io.StringIO(run_trainer("export", "--csv").stdout)))
    assert [r["mode"] for r in rows] == ["score", "text"]
    assert rows[1]["convenience_check"] == "0" and rows[0]["convenience_check"] == "1"
    exported = json.loads(run_trainer("export", "--json").stdout)
    assert exported[0]["report"]["elements"]["identification"]["covered"] is True

    declined = run_trainer("delete", str(first["id"]), input="n\n")
    assert declined.returncode == 1 and "Nothing deleted" in declined.stderr
    assert len(json.loads(run_trainer("history", "--json").stdout)) == 2
    done = run_trainer("delete", str(first["id"]), input="y\n")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(run_trainer("history", "--json").stdout)) == 1
    missing = run_trainer("show", str(first["id"]))
    assert missing.returncode == 2 and "no attempt" in missing.stderr


def test_no_save_and_profiles_keep_histories_apart():
    _score("--text", FULL, "--profile", "maria")
    _score("--text", FULL, "--profile", "james")
    _score("--text", FULL, "--profile", "james")
    _score("--text", FULL, "--no-save")
    counts = {
        name: json.loads(run_trainer("progress", "--json", "--profile", name).stdout)["attempts"]
        for name in ("maria", "james", "default")
    }
    assert counts == {"maria": 1, "james": 2, "default": 0}
