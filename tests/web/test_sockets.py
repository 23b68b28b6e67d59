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


def _until(ws, wanted, sent_silence: bool = True, timeout: float = 60.0) -> list[dict]:
    """Events until one `wanted(event)` accepts; while the other side speaks, the silence a
    page's muted microphone would send meanwhile (the call's clock is the audio taken)."""
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    while not events or not wanted(events[-1]):
        message = ws.recv(timeout=max(deadline - time.monotonic(), 0.1))
        if isinstance(message, str):
            events.append(json.loads(message))
            assert events[-1]["type"] != "error", events[-1]
            if events[-1]["type"] == "play" and sent_silence:
                ws.send(bytes(2 * int(RATE * events[-1]["duration_s"])))
    return events


def _your_turn(event: dict) -> bool:
    return event == {"type": "turn", "who": "you"}


def test_a_call_is_timed_on_one_clock_from_turn_to_turn(web, tmp_path):
    turns = [
        "Hi, this is Jordan Lee. Could I speak to Dana Reyes, please?",
        "I'm a nursing student, and I'm calling to ask her for some advice about her career.",
    ]
    with _socket(web, "/ws/call") as ws:
        ws.send(json.dumps({"type": "start", "rate": RATE, "scenario": "gatekeeper", "seed": 1}))
        events = _until(ws, _your_turn)
        for i, text in enumerate(turns):
            wav = spoken(tmp_path, f"turn{i}", [text], lead_s=0.3, tail_s=0.2)
            ws.send(_pcm(wav, silence_s=2.5))
            events += _until(ws, lambda e: e["type"] == "said")
            events += _until(ws, _your_turn if i < len(turns) - 1 else lambda e: True)
        ws.send(json.dumps({"type": "stop"}))
        events += _events(ws, "report", timeout=60)
    report = events[-1]["report"]
    callers = [t for t in report["turns"] if t["role"] == "caller"]
    assert len(callers) == 2, report["turns"]
    said = [e["at_s"] for e in events if e["type"] == "said"]
    heard = [e for e in events if e["type"] == "heard"]
    first = [e for e in heard if e["at_s"] < said[1]]
    second = [e for e in heard if e["at_s"] > said[1]]
    # Each turn is heard on the call's clock, after what came before it: not from 0 again.
    assert first and second and len(first) + len(second) == len(heard), (said, heard)
    assert said[0] < first[0]["at_s"] and second[0]["at_s"] > callers[1]["start_s"] > said[1]
    # A turn's bubble starts where its words do, as the transcript in the report says.
    assert [first[0]["start_s"], second[0]["start_s"]] == [t["start_s"] for t in callers]


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
