"""Scripts and the question plan: written from flags, scored, edited, switched, compared."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from tests.conftest import run_trainer

FACTS = [
    "--name",
    "Jordan Lee",
    "--background",
    "a marketing student at State",
    "--field",
    "user research",
    "--referral",
    "Professor Ellis",
    "--no-input",
]


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


# What you research, as typed -> how each kind is phrased, per style.
CONNECT = {
    ("warm", "field"): "a career in",
    ("warm", "role"): "a career as",
    ("warm", "organisation"): "a career at",
    ("brief", "field"): "careers in",
    ("brief", "role"): "the work of",
    ("brief", "organisation"): "careers at",
    ("formal", "field"): "a career in",
    ("formal", "role"): "a career as",
    ("formal", "organisation"): "careers at",
}
# name, background, field, referral, kind (None: guessed) -> the expected pieces
ODD_INPUTS = [
    (
        "jordan lee",
        "nursing student at State",
        "nurse manager",
        "my clinical instructor, Ms. Ortiz",
        None,
        "role",
        "a nurse manager",
        "My clinical instructor, Ms. Ortiz, suggested",
    ),
    (
        "Ann Lee",
        "I'm a teacher moving into UX design",
        "Google",
        "",
        None,
        "organisation",
        "Google",
        "I'm a teacher moving",
    ),
    (
        "Sam Ortiz",
        "Recent graduate",
        "Data Science",
        "Professor Ellis.",
        None,
        "field",
        "data science",
        "Professor Ellis suggested",
    ),
    (
        "Kim Park",
        "",
        "HR manager",
        "Dana Reyes, my former manager",
        None,
        "role",
        "an HR manager",
        "Dana Reyes, my former manager, suggested",
    ),
    (
        "Lee Chan",
        "an engineer",
        "the Red Cross",
        "Sam, Jo and Lee",
        None,
        "organisation",
        "the Red Cross",
        "Sam, Jo and Lee suggested",
    ),
    (
        "Pat Doe",
        "final-year marketing student",
        "a law firm",
        "Dr. Kim referred me to you",
        None,
        "organisation",
        "a law firm",
        "Dr. Kim referred me to you.",
    ),
    (
        "Ria Shah",
        "software engineers",
        "urban planners",
        "Tom Ortiz Jr.",
        None,
        "role",
        "an urban planner",
        "Tom Ortiz Jr. suggested",
    ),
    (
        "Max Roe",
        "studying nursing at State",
        "Boeing",
        "",
        None,
        "organisation",
        "Boeing",
        "studying nursing at State.",
    ),
    (
        "Eve Ng",
        "",
        "product manager at Google",
        "",
        None,
        "role",
        "a product manager at Google",
        "",
    ),
    (
        "Ana Lima",
        "Nursing student",
        "pediatric nursing",
        "",
        None,
        "field",
        "pediatric nursing",
        "a nursing student.",
    ),
    ("Tom Yu", "", "Apple", "", "organisation", "organisation", "Apple", ""),
    ("Bo Kim", "", "Software Engineer role", "", None, "role", "a software engineer", ""),
]


@pytest.mark.parametrize("style", ["warm", "brief", "formal"])
@pytest.mark.parametrize("row", ODD_INPUTS, ids=[r[2] for r in ODD_INPUTS])
def test_every_style_writes_grammatical_english_for_odd_inputs(style, row):
    from trainer.scoring.feedback import evaluate
    from trainer.scripts.writer import ScriptFacts, write
    from trainer.transcript import Transcript

    name, background, subject, referral, kind, expected_kind, phrase, piece = row
    text = write(
        ScriptFacts(
            name=name,
            background=background,
            field=subject,
            referral=referral,
            style=style,
            kind=kind,
        )
    )
    assert f"{CONNECT[style, expected_kind]} {phrase}" in text, text
    assert piece in text, text
    assert name.title() in text
    # Every sentence starts with a capital ("Jr. suggested" is not a sentence end).
    assert not re.search(r"(?<!Jr)(?<!Dr)(?<!Ms)[.?!] +[a-z]", text), text
    assert not re.search(r"  | [,.?!;]|[,;][,.;]|\.\.|\ban? an?\b|\ba [aeio]", text), text
    assert not re.search(r"(?:careers? in|a career as) (?:the |a )?[A-Z][a-z]", text), text
    scored = evaluate(Transcript.from_text(text))
    assert all(e.covered for e in scored.elements.values()), (text, scored.elements)
    assert not scored.flags["asks_for_job"], text
    assert (scored.referral is not None) == bool(referral), text


def test_force_without_as_replaces_the_script_named_from_the_field():
    assert run_trainer("script", "new", *FACTS).returncode == 0
    again = run_trainer("script", "new", *FACTS, "--style", "formal", "--force")
    assert again.returncode == 0, again.stderr
    assert "Replaced 'user-research'" in again.stdout
    assert run_trainer("script", "list").stdout.split() == ["*", "user-research"]
    assert "Good morning" in run_trainer("script", "show", "user-research").stdout
    third = run_trainer("script", "new", *FACTS)  # without --force: a new name, as before
    assert "user-research-2" in third.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_script_new_asks_style_and_minutes(monkeypatch, capsys):
    from trainer import cli

    monkeypatch.setattr(sys, "stdin", _Terminal("loud\nformal\n45\n10\n"))
    args = [
        "script",
        "new",
        "--name",
        "Jo Park",
        "--background",
        "a student",
        "--field",
        "pediatric nursing",
        "--referral",
        "Dr. Kim",
    ]
    assert cli.main(args) == 0
    out, err = capsys.readouterr()
    assert "Style (warm, brief, formal) [warm]:" in err and "Minutes to ask for" in err
    assert "Please answer one of" in err and "from 5 to 30" in err
    assert "Good morning, my name is Jo Park." in out and "spare ten minutes" in out

    monkeypatch.setattr(sys, "stdin", _Terminal(""))  # given as flags: nothing is asked
    assert cli.main([*args, "--style", "brief", "--minutes", "20", "--as", "b"]) == 0
    out, err = capsys.readouterr()
    assert "Style" not in err and "Could I have twenty minutes" in out


def test_edit_that_changes_nothing_says_so():
    run_trainer("script", "new", *FACTS, "--as", "acme")
    before = run_trainer("script", "show", "acme").stdout
    same = run_trainer("script", "edit", env={"EDITOR": "true"})
    assert same.returncode == 0, same.stderr
    assert "No changes: script 'acme' is as it was." in same.stdout
    assert "(edited)" not in same.stdout
    assert run_trainer("script", "show", "acme").stdout == before


def test_rename_and_delete_a_script():
    run_trainer("script", "new", *FACTS, "--as", "acme")
    run_trainer("questions", "plan", "--ids", "salary,advice")
    run_trainer("script", "new", *FACTS, "--as", "globex")
    run_trainer("script", "use", "acme")

    renamed = run_trainer("script", "rename", "acme", "initech")
    assert renamed.returncode == 0, renamed.stderr
    assert run_trainer("script", "list").stdout.split() == ["globex", "*", "initech"]
    assert "What advice would you give" in run_trainer("script", "show").stdout  # plan moved
    clash = run_trainer("script", "rename", "initech", "globex")
    assert clash.returncode == 2 and "exists" in clash.stderr
    missing = run_trainer("script", "rename", "nope", "x")
    assert missing.returncode == 2 and "no script named 'nope'" in missing.stderr

    kept = run_trainer("script", "delete", "initech", input="n\n")
    assert kept.returncode == 1 and "Nothing deleted" in kept.stderr
    gone = run_trainer("script", "delete", "initech", input="y\n")
    assert gone.returncode == 0, gone.stderr
    assert "It was your active script" in gone.stdout
    assert run_trainer("script", "list").stdout.split() == ["globex"]
    assert run_trainer("script", "delete", "globex", "--yes").returncode == 0
    assert "No scripts yet" in run_trainer("script", "list").stdout
    bad = run_trainer("script", "delete", "globex", "--yes")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
