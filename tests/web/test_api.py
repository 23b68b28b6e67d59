"""The JSON API's contracts: the same answers as the commands they stand for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_trainer
from trainer import __version__
from trainer.scoring.elements import ELEMENTS


def test_health_answers_ok_and_the_version(web):
    reply = web.request("/api/health")
    assert reply.status == 200
    assert reply.json() == {"ok": True, "version": __version__}


def test_score_answers_what_trainer_score_json_prints_and_keeps_the_attempt(web, make_take):
    take = make_take(
        " ".join(
            [
                "Hi, my name is Jordan Lee.",
                "I'd love to learn about your work in user research.",
                "Would you have ten minutes?",
                "Is now a good time?",
            ]
        )
    )
    reply = web.request("/api/score?name=take.wav", "POST", take.read_bytes())
    assert reply.status == 200, reply.body
    got = reply.json()
    cli = run_trainer("score", str(take), "--json", "--no-save")
    assert cli.returncode == 0, cli.stderr
    want = json.loads(cli.stdout)
    assert list(got) == list(want)  # the same fields, in the same order
    assert got["file"] == "take.wav"
    for key in ("transcript", "elements", "flags", "delivery", "score", "top_fix", "tips"):
        assert got[key] == want[key], key
    assert all(got["elements"][n]["covered"] for n in ELEMENTS), got["elements"]

    # Kept like `trainer score` keeps it, with the recording to hear again.
    attempt_id = int(reply.headers["x-attempt-id"])
    history = web.request("/api/history").json()
    assert [a["id"] for a in history] == [attempt_id] and history[0]["mode"] == "score"
    audio = web.request(f"/api/attempts/{attempt_id}/audio")
    assert audio.status == 200 and audio.body == take.read_bytes()

    # Deleted as `trainer delete` deletes: the copy of the recording trainer kept goes too.
    kept = Path(web.request(f"/api/attempts/{attempt_id}").json()["audio_path"])
    assert kept.is_file() and kept.parent.name == "takes"
    deleted = web.request(f"/api/attempts/{attempt_id}", "DELETE").json()
    assert deleted["deleted"] == attempt_id and str(kept) in deleted["message"]
    assert not kept.exists() and take.is_file()


def test_a_score_that_cannot_be_kept_is_answered_and_says_so(web, make_take, monkeypatch):
    from trainer.progress.store import HistoryError, HistoryStore

    def full(self, attempt):
        raise HistoryError("could not save to history: database or disk is full")

    monkeypatch.setattr(HistoryStore, "save", full)
    take = make_take("Hi, my name is Jordan Lee. Would you have ten minutes?")
    reply = web.request("/api/score?name=take.wav", "POST", take.read_bytes())
    assert reply.status == 200, reply.body
    assert reply.json()["elements"]["identification"]["covered"]
    assert "x-attempt-id" not in reply.headers
    [problem] = json.loads(reply.headers["x-trainer-problems"])
    assert "not kept in your history" in problem and "disk is full" in problem


def test_bad_audio_is_a_400_naming_the_upload_not_a_server_path(web, tmp_path):
    reply = web.request("/api/score?name=notes.wav", "POST", b"this is not audio at all")
    assert reply.status == 400
    error = reply.json()["error"]
    assert error.startswith("notes.wav: ") and str(tmp_path) not in error
    assert "trainer-upload" not in error and "takes" not in error
    empty = web.request("/api/score", "POST", b"")
    assert empty.status == 400 and "empty" in empty.json()["error"]
    assert web.request("/api/history").json() == []


def test_uploads_over_the_limit_are_refused_with_a_clear_error(web, monkeypatch):
    monkeypatch.setattr(web.services, "max_upload_bytes", 1024 * 1024)
    reply = web.request("/api/score?name=long.wav", "POST", b"\0" * (1024 * 1024 + 1))
    assert reply.status == 413
    assert reply.json()["error"] == "the recording is too large (1.0 MB; the limit is 1 MB)"


def test_history_is_what_trainer_export_json_prints(web):
    for text in ("Hi, my name is Ana. Is now a good time?", "Could I have ten minutes?"):
        assert run_trainer("score", "--text", text).returncode == 0
    exported = run_trainer("export", "--json")
    assert exported.returncode == 0, exported.stderr
    reply = web.request("/api/history")
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
    assert reply.json() == json.loads(exported.stdout)
    assert len(reply.json()) == 2
    csv = web.request("/api/export.csv")
    assert csv.body.decode().splitlines() == run_trainer("export", "--csv").stdout.splitlines()


def test_attempts_open_and_delete_and_unknown_ones_are_404(web):
    assert run_trainer("score", "--text", "Hi, my name is Ana.").returncode == 0
    attempt = web.request("/api/history").json()[0]
    shown = web.request(f"/api/attempts/{attempt['id']}").json()
    assert shown["transcript"] == "Hi, my name is Ana." and shown["has_audio"] is False
    assert web.request(f"/api/attempts/{attempt['id']}/audio").status == 404
    assert web.request("/api/attempts/999").status == 404
    assert web.request(f"/api/attempts/{attempt['id']}", "DELETE").status == 200
    assert web.request("/api/history").json() == []


def test_scripts_plans_and_the_check_as_you_type(web):
    text = "Hi, my name is Ana Ruiz. Would you have ten minutes?"
    saved = web.request(
        "/api/scripts/my-intro",
        "PUT",
        json.dumps({"text": text}).encode(),
        {"content-type": "application/json"},
    )
    assert saved.status == 200, saved.body
    body = saved.json()
    assert body["active"] is True  # the first script becomes the active one
    assert body["check"]["elements"]["identification"]["covered"] is True
    assert body["check"]["elements"]["purpose"]["covered"] is False
    assert web.request("/api/scripts").json() == {"scripts": ["my-intro"], "active": "my-intro"}
    assert run_trainer("script", "list").stdout.strip() == "* my-intro"

    bank = web.request("/api/questions").json()
    ids = bank["suggested"][:2]
    plan = web.request("/api/scripts/my-intro/plan", "PUT", json.dumps({"ids": ids}).encode())
    assert plan.status == 200 and web.request("/api/scripts/my-intro").json()["plan"] == ids
    bad = web.request("/api/scripts/my-intro/plan", "PUT", json.dumps({"ids": ["nope"]}).encode())
    assert bad.status == 400 and "nope" in bad.json()["error"]

    drafted = web.request(
        "/api/scripts/write",
        "POST",
        json.dumps({"name": "Ana Ruiz", "field": "user research", "style": "brief"}).encode(),
    ).json()
    assert "Ana Ruiz" in drafted["text"] and drafted["suggested_name"] == "user-research"
    check = web.request("/api/check", "POST", json.dumps({"text": drafted["text"]}).encode())
    assert all(e["covered"] for e in check.json()["elements"].values())
    assert web.request("/api/scripts/..%2Fescape", "PUT", b'{"text": "x"}').status in (400, 404)


def test_scenarios_are_what_trainer_scenarios_json_prints(web):
    cli = run_trainer("scenarios", "--json")
    assert web.request("/api/scenarios").json() == json.loads(cli.stdout)
