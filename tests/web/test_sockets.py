"""The live sockets as the page uses them, without a browser: PCM in at the page's rate,
events out. Sound is sent faster than real time (the live loop keeps time by the samples it
takes, not the clock), so these run in seconds."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from websockets.sync.client import connect

from tests.web.conftest import spoken
from trainer.audio.files import load_audio

RATE = 48_000


@pytest.fixture(autouse=True)
def no_live_session(web):
    """One live session at a time: a session an earlier test's page left (closed browser,
    busy machine) may still be winding down; wait for it rather than be refused as busy."""
    assert web.services.live.acquire(timeout=120), "a live session never ended"
    web.services.live.release()


def _socket(web, path: str):
    return connect(
        f"ws://127.0.0.1:{web.port}{path}?token={web.token}",
        origin=web.base,
        open_timeout=10,
        max_size=None,
    )


def _pcm(wav, silence_s: float) -> bytes:
    clip = load_audio(wav).resampled(RATE)
    samples = np.concatenate([clip.samples, np.zeros(int(silence_s * RATE), np.float32)])
    return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()


def _events(ws, until: str, timeout: float = 60.0) -> list[dict]:
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    while not events or events[-1]["type"] not in (until, "error"):
        message = ws.recv(timeout=max(deadline - time.monotonic(), 0.1))
        if isinstance(message, str):
            events.append(json.loads(message))
    return events


def test_practice_socket_ticks_warns_of_a_job_ask_and_reports(web, tmp_path):
    wav = spoken(
        tmp_path,
        "job",
        ["Hi, my name is Sam Park.", "Do you have any openings on your team for me?"],
        lead_s=0.5,
        tail_s=0.2,
    )
    with _socket(web, "/ws/practice") as ws:
        ws.send(json.dumps({"type": "start", "rate": RATE, "opening": False}))
        events = _events(ws, "listening")  # sound sent before the microphone opens is dropped
        pcm = _pcm(wav, silence_s=4.0)
        chunk = int(RATE * 0.04) * 2
        for i in range(0, len(pcm), chunk):
            ws.send(pcm[i : i + chunk])
        events += _events(ws, "report")
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "report", events[-1]
    assert "listening" in kinds and "heard" in kinds
    ticks = [e for e in events if e["type"] == "tick"]
    assert ticks and ticks[0]["element"] == "identification"
    warns = [e for e in events if e["type"] == "warn"]
    assert len(warns) == 1 and warns[0]["flag"] == "asks_for_job"
    assert "opening" in warns[0]["evidence"]
    assert kinds.index("warn") < kinds.index("report")  # said while the take went on
    report = events[-1]["report"]
    assert report["flags"]["asks_for_job"] is True and report["stopped_by"] == "silence"
    assert report["id"] is not None and report["file"].endswith(".wav")
    history = web.request("/api/history").json()
    assert [a["id"] for a in history] == [report["id"]] and history[0]["mode"] == "practice"


def test_hanging_up_a_call_ends_it_with_a_report_and_a_second_session_waits(web):
    with _socket(web, "/ws/call") as ws:
        ws.send(json.dumps({"type": "start", "rate": RATE, "scenario": "gatekeeper", "seed": 1}))
        first = _events(ws, "play", timeout=30)
        said = [e for e in first if e["type"] == "said"]
        assert said and said[0]["who"] == "Receptionist" and said[0]["at_s"] < 1
        voice = ws.recv(timeout=10)
        assert isinstance(voice, bytes) and len(voice) > 16_000  # their line, 16-bit 16 kHz

        with _socket(web, "/ws/practice") as other:  # one live session at a time
            assert "another practice or mock call" in json.loads(other.recv(timeout=10))["error"]

        ws.send(json.dumps({"type": "stop"}))
        events = _events(ws, "report", timeout=30)
    report = events[-1]["report"]
    assert report["scenario"] == "gatekeeper" and report["outcome"] == "abandoned"
    assert report["ended_by"] == "caller"
    assert report["turns"][0]["role"] == "receptionist"
    assert web.request("/api/history").json()[0]["mode"] == "call"


@pytest.mark.parametrize(
    "start",
    [
        {"type": "start", "rate": RATE, "scenario": "/etc/passwd"},
        {"type": "start", "rate": RATE, "scenario": "../x.toml"},
    ],
)
def test_a_call_only_takes_built_in_scenarios(web, start):
    with _socket(web, "/ws/call") as ws:
        ws.send(json.dumps(start))
        error = _events(ws, "report", timeout=20)[-1]
    assert error["type"] == "error" and "no scenario named" in error["error"]
    assert "root:" not in error["error"]


def _full_disk(monkeypatch):
    from trainer.progress.store import HistoryError, HistoryStore

    def full(self, attempt):
        raise HistoryError("could not save to history: database or disk is full")

    monkeypatch.setattr(HistoryStore, "save", full)


def test_a_take_that_cannot_be_kept_is_still_reported_and_says_so(web, tmp_path, monkeypatch):
    _full_disk(monkeypatch)
    wav = spoken(tmp_path, "intro", ["Hi, my name is Sam Park."], lead_s=0.5, tail_s=0.2)
    with _socket(web, "/ws/practice") as ws:
        ws.send(json.dumps({"type": "start", "rate": RATE, "opening": False}))
        _events(ws, "listening")
        ws.send(_pcm(wav, silence_s=4.0))
        event = _events(ws, "report")[-1]
    assert event["type"] == "report", event
    assert event["report"]["elements"]["identification"]["covered"]
    assert event["report"]["id"] is None
    [problem] = event["problems"]
    assert "not kept in your history" in problem and "disk is full" in problem


def test_a_call_that_cannot_be_kept_is_still_reported_and_says_so(web, monkeypatch):
    _full_disk(monkeypatch)
    with _socket(web, "/ws/call") as ws:
        ws.send(json.dumps({"type": "start", "rate": RATE, "scenario": "gatekeeper", "seed": 1}))
        _events(ws, "play", timeout=30)
        ws.send(json.dumps({"type": "stop"}))
        event = _events(ws, "report", timeout=30)[-1]
    assert event["type"] == "report" and event["report"]["scenario"] == "gatekeeper"
    assert "id" not in event["report"] and event["report"]["recording"]
    [problem] = event["problems"]
    assert problem.startswith("the call was not kept in your history") and "full" in problem
