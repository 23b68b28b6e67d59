"""Scripts and the question plan: written from flags, scored, edited, switched, compared."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import run_trainer

FACTS = ["--name", "Jordan Lee", "--background", "a marketing student at State",
         "--field", "user research", "--referral", "Professor Ellis", "--no-input"]  # fmt: skip


@pytest.mark.parametrize("style", ["warm", "brief", "formal"])
@pytest.mark.parametrize("minutes", ["10", "15"])
def test_every_style_covers_all_four_elements(style, minutes):
    proc = run_trainer("script", "new", *FACTS, "--style", style, "--minutes", minutes)
    assert proc.returncode == 0, proc.stderr
    name = run_trainer("script", "list").stdout.split("*")[1].split()[0]
    text = run_trainer("script", "show", name).stdout.split("\n\n")[0]
    assert "Jordan Lee" in text and "user research" in text
    scored = json.loads(run_trainer("score", "--text", text, "--json", "--no-save").stdout)
    assert all(e["covered"] for e in scored["elements"].values()), (style, scored["elements"])
    assert scored["flags"]["asks_for_job"] is False
    assert scored["elements"]["time_request"]["minutes"] == int(minutes)
    assert scored["referral"]["mentioned"]
    assert "[x] Check it is convenient" in proc.stdout  # the checklist is shown


def test_missing_facts_without_prompting_is_a_clear_error():
    proc = run_trainer("script", "new", "--field", "nursing", "--no-input")
    assert proc.returncode == 2 and "--name" in proc.stderr and "Traceback" not in proc.stderr


def test_edit_list_use_and_adherence_against_the_active_script(tmp_path):
    assert run_trainer("script", "new", *FACTS, "--as", "acme").returncode == 0
    assert (
        run_trainer("script", "new", *FACTS, "--style", "brief", "--as", "globex").returncode == 0
    )
    listing = run_trainer("script", "list").stdout
    assert "* globex" in listing and "  acme" in listing

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('Jordan Lee', 'Jordan Q. Lee'))\n"
    )
    edited = run_trainer("script", "edit", env={"EDITOR": f"{sys.executable} {editor}"})
    assert edited.returncode == 0, edited.stderr
    assert "Jordan Q. Lee" in run_trainer("script", "show").stdout
    failing = run_trainer("script", "edit", env={"EDITOR": "false"})
    assert failing.returncode == 2 and "not changed" in failing.stderr
    assert "Jordan Q. Lee" in run_trainer("script", "show", "globex").stdout

    assert run_trainer("script", "use", "acme").returncode == 0
    take = "Hi, my name is Jordan Lee. I'd love to learn about your experience."
    out = json.loads(run_trainer("score", "--text", take, "--json").stdout)
    assert out["adherence"]["lost_elements"] == ["time_request", "convenience_check"]
    assert any("Would you have ten or fifteen minutes" in s for s in out["adherence"]["skipped"])
    plain = json.loads(run_trainer("score", "--text", take, "--json", "--no-script").stdout)
    assert "adherence" not in plain
    assert run_trainer("script", "use", "nope").returncode == 2


def test_question_bank_and_plan():
    bank = json.loads(run_trainer("questions", "--json").stdout)
    assert len(bank) >= 18
    assert {q["category"] for q in bank} == {"occupation", "career"}
    assert all(q["why"] and q["text"].endswith("?") for q in bank)
    picked = json.loads(run_trainer("questions", "--pick", "4", "--json").stdout)
    assert len(picked) == 4 and {q["category"] for q in picked} == {"occupation", "career"}
    career = json.loads(run_trainer("questions", "--category", "career", "--json").stdout)
    assert career and all(q["category"] == "career" for q in career)

    assert run_trainer("questions", "plan", "--pick", "3").returncode == 2  # no script yet
    run_trainer("script", "new", *FACTS, "--as", "acme")
    plan = run_trainer("questions", "plan", "--ids", "salary,advice,journals", "--json")
    assert plan.returncode == 0, plan.stderr
    assert [q["id"] for q in json.loads(plan.stdout)["questions"]] == [
        "salary",
        "advice",
        "journals",
    ]
    assert "What advice would you give" in run_trainer("script", "show").stdout
    bad = run_trainer("questions", "plan", "--ids", "salary,nonsense")
    assert bad.returncode == 2 and "nonsense" in bad.stderr


def test_script_say_renders_audio_without_a_speaker(tmp_path):
    run_trainer("script", "new", *FACTS)
    out = tmp_path / "say.wav"
    proc = run_trainer("script", "say", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 100_000 and "no audio output device" in proc.stdout
