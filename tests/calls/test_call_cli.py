"""Whole mock calls through the command line: recorded caller turns (espeak-ng, a different
engine from the characters' pyttsx3) played into the virtual microphone with `--fast` (the
same engine and report, without real-time pacing), the real model listening, the real history
kept."""

from __future__ import annotations

import json
import time
import wave

import numpy as np
import pytest

from tests.conftest import run_trainer
from trainer.audio.clip import Clip
from trainer.audio.files import write_wav

INTRO = (
    "Hi Dana, my name is Jordan Lee. I'm a nursing student, and I'd love to learn about "
    "your work as a nurse practitioner. Would you have fifteen minutes? Is now a good "
    "time?"
)


@pytest.fixture
def turns(make_take, tmp_path):
    """WAV files for the caller's turns; "" is a turn of silence."""

    def _turns(*texts: str) -> list[str]:
        paths = []
        for i, text in enumerate(texts):
            if text:
                paths.append(str(make_take(text, f"turn{i}.wav")))
            else:
                paths.append(str(write_wav(tmp_path / f"turn{i}.wav", Clip.silence(1.0))))
        return paths

    return _turns


def call(scenario: str, *args: str) -> dict:
    r = run_trainer("call", scenario, "--json", "--seed", "1", "--fast", *args)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return json.loads(r.stdout)


def test_polite_caller_is_transferred_and_the_call_is_recorded(turns, tmp_path):
    out = tmp_path / "call.wav"
    said = turns(
        "Hello, this is Jordan Lee. I'm a nursing student, and I'm calling to ask Dana "
        "Reyes for some advice about her career as a nurse practitioner."
    )
    began = time.monotonic()
    report = call("gatekeeper", "--record", str(out), "--user-audio", *said)
    # --fast: the call takes less time than it lasts (model loading included).
    assert time.monotonic() - began < report["timing"]["duration_s"]
    assert report["scenario"] == "gatekeeper"
    assert report["outcome"] == "connected"
    roles = [t["role"] for t in report["turns"]]
    assert roles == ["receptionist", "caller", "receptionist"]
    for t in report["turns"]:
        assert t["end_s"] > t["start_s"] >= 0
    greeting, caller, transfer = report["turns"]
    assert greeting["end_s"] <= caller["start_s"] < caller["end_s"] <= transfer["start_s"]
    ident = report["elements"]["identification"]
    assert ident["covered"] and caller["start_s"] <= ident["at_s"] <= caller["end_s"]
    assert report["elements"]["purpose"]["covered"]
    assert report["timing"]["reply_gaps_s"] and report["timing"]["talk_listen_ratio"] > 0
    assert {"questions_asked", "flags", "score", "timing"} <= set(report)

    # The recording: the caller on the left, the receptionist on the right, on one clock.
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 2
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, 2) / 32768

    def rms(channel: int, turn: dict) -> float:
        a, b = int(turn["start_s"] * rate), int(turn["end_s"] * rate)
        return float(np.sqrt(np.mean(data[a:b, channel] ** 2)))

    assert rms(0, caller) > 0.02 and rms(1, caller) < 0.005
    assert rms(1, greeting) > 0.02 and rms(0, greeting) < 0.005  # muted while they speak


def test_caller_without_a_purpose_is_asked_what_it_is_regarding_and_not_put_through(turns):
    report = call(
        "gatekeeper",
        "--no-save",
        "--user-audio",
        *turns(
            "Hi, this is Jordan Lee. Could I speak to Dana Reyes, please?",
            "It's a personal matter.",
            "I would rather tell her myself.",
            "No, thank you. Goodbye.",
        ),
    )
    said = [t for t in report["turns"] if t["role"] == "receptionist"]
    assert said[1]["state"] == "ask_regarding"
    assert report["outcome"] != "connected"
    assert not report["elements"]["purpose"]["covered"]
    assert report["flags"]["no_purpose"]
    missed = [o for o in report["objections"] if o["handled"] is False]
    assert missed and all(o["tip"] and o["tip"] in report["tips"] for o in missed)


def test_job_asking_caller_is_declined_and_flagged(turns):
    report = call(
        "skeptical-expert",
        "--no-save",
        "--user-audio",
        *turns(
            "Hi, this is Jordan Lee. I'm a nursing student.",
            "Yes, actually. I was hoping you might have a job opening on your team.",
        ),
    )
    assert report["outcome"] == "declined"
    assert report["flags"]["asks_for_job"]
    assert report["objections"][0]["handled"] is False
    assert "job" in report["top_fix"].lower()


def test_caller_who_offers_to_call_back_schedules_a_callback(turns):
    report = call(
        "busy-expert",
        "--no-save",
        "--user-audio",
        *turns(
            INTRO,
            "Of course, I understand. Could I call you back on Thursday at ten?",
            "Thursday at ten works. Thank you, goodbye.",
        ),
    )
    assert report["outcome"] == "scheduled_callback"
    assert report["objections"][0]["handled"] is True
    assert report["elements"]["convenience_check"]["covered"]


def test_silent_caller_is_prompted_then_the_call_is_abandoned(turns):
    report = call("gatekeeper", "--no-audio", "--wait", "3", "--user-audio", *turns("", ""))
    assert "audio" not in report  # --no-audio: kept in the history, without its audio
    history = json.loads(run_trainer("history", "--json").stdout)
    assert history[-1]["id"] == report["id"] and not history[-1]["audio_path"]
    states = [t.get("state") for t in report["turns"] if t["role"] != "caller"]
    assert "still_there" in states
    assert report["outcome"] == "abandoned"
    callers = [t for t in report["turns"] if t["role"] == "caller"]
    assert callers and all(t["text"] == "" for t in callers)


def test_voicemail_message_is_left_with_name_purpose_and_number(turns):
    report = call(
        "voicemail",
        "--no-save",
        "--user-audio",
        *turns(
            "Hi Dana, this is Jordan Lee, a nursing student. I'm calling to learn about your work "
            "as a nurse practitioner. You can reach me at 555 123 4567. Thank you."
        ),
    )
    assert report["outcome"] == "message_left"
    assert report["turns"][0]["text"].startswith(("Hi", "This is Dana"))
    assert all(report["elements"][k]["covered"] for k in ("identification", "purpose", "contact"))
    assert not report["flags"]["message_too_long"]


def test_friendly_expert_self_playing_call_shows_planned_questions(tmp_path):
    made = run_trainer(
        "script",
        "new",
        "--no-input",
        "--name",
        "Jordan Lee",
        "--background",
        "a nursing student",
        "--field",
        "nursing",
    )
    assert made.returncode == 0, made.stderr
    plan = run_trainer("questions", "plan", "--ids", "qualities,changing,advice")
    assert plan.returncode == 0, plan.stderr
    report = call(
        "friendly-expert",
        "--user-text",
        INTRO,
        "What qualities do you need to succeed in this work?",
        "How is the field changing?",
        "Thank you so much for your time. Goodbye.",
    )
    assert report["outcome"] == "connected" and report["ended_by"] == "character"
    # No --field: the active script's field (nursing) chose the expert and the answers.
    said = [t["text"] for t in report["turns"] if t["role"] == "expert"]
    assert report["field"] == "nursing" and any("nurses" in line for line in said)
    planned = {q["id"]: q["asked"] for q in report["planned_questions"]}
    assert planned == {"qualities": True, "changing": True, "advice": False}
    assert report["questions"]["open"] >= 2
    answers = [t["state"] for t in report["turns"] if t["role"] == "expert"]
    assert "answering:qualities" in answers and "answering:changing" in answers

    history = json.loads(run_trainer("history", "--json").stdout)
    assert history[-1]["mode"] == "call" and history[-1]["scenario"] == "friendly-expert"
    shown = run_trainer("show", str(history[-1]["id"]))
    assert shown.returncode == 0 and "Call: friendly-expert" in shown.stdout
    assert "[x] What personal qualities" in shown.stdout

    # The call kept its audio (both sides, stereo) under takes/, and `play ID` finds it.
    audio = history[-1]["audio_path"]
    assert audio and audio == report["audio"] and "/takes/" in audio
    with wave.open(audio) as w:
        assert w.getnchannels() == 2 and w.getnframes() / w.getframerate() > 10
    played = run_trainer("play", str(history[-1]["id"]))
    assert "no saved audio" not in played.stderr and "Traceback" not in played.stderr


def test_live_call_without_a_microphone_says_what_to_do():
    r = run_trainer("call", "gatekeeper", "--no-save")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "--user-audio" in lines[0] and "Traceback" not in r.stderr


def test_fast_needs_recorded_turns():
    r = run_trainer("call", "gatekeeper", "--no-save", "--fast")
    assert r.returncode == 2 and "--fast" in r.stderr and "Traceback" not in r.stderr


def test_bad_record_path_is_refused_before_the_call(tmp_path):
    r = run_trainer(
        "call", "gatekeeper", "--record", str(tmp_path / "nope" / "c.wav"), "--user-text", "Hello"
    )
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_a_bad_turn_file_is_named_before_the_call(tmp_path):
    bad = tmp_path / "turn.wav"
    bad.write_bytes(b"RIFF\x00\x00garbage")
    r = run_trainer("call", "gatekeeper", "--no-save", "--user-audio", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0]


def test_an_empty_text_turn_is_a_silence_not_an_error():
    """`--user-text ""` is a turn where the caller says nothing (it used to stop the call with
    "text-to-speech failed"): the expert asks whether anyone is there."""
    report = call(
        "friendly-expert",
        "--no-save",
        "--user-text",
        "",
        "Hi, this is Jordan Lee, I'd love ten minutes to learn about your work.",
    )
    said = [t["text"] for t in report["turns"] if t["role"] == "expert"]
    assert any("still there" in line for line in said), said
