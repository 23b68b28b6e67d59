"""`trainer practice` through the virtual microphone: the real capture loop, in real time."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import wave

from tests.conftest import ROOT, espeak, run_trainer
from trainer.audio.clip import Clip
from trainer.audio.files import load_audio, write_wav

PARTS = [
    "Hi, my name is Maria Lopez.",
    "I'm a nursing student, and I'd love to learn about your work in pediatrics.",
    "Would you have ten or fifteen minutes?",
    "Is now a good time?",
]


def _take(tmp_path, parts=PARTS, pause_s=1.2, tail_s=0.5, lead_s=0.5):
    """Speech with mid-script pauses, like someone thinking between sentences."""
    clip = Clip.silence(lead_s)
    for i, text in enumerate(parts):
        piece = load_audio(espeak(text, tmp_path / f"part{i}.wav", speed=160))
        clip = clip.concat(piece, Clip.silence(pause_s if i < len(parts) - 1 else tail_s))
    return write_wav(tmp_path / "take.wav", clip), clip.duration


def test_pauses_mid_script_do_not_end_the_turn_and_everything_is_reported(tmp_path):
    take, duration = _take(tmp_path)
    proc = run_trainer("practice", "--mic-file", str(take), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert all(e["covered"] for e in out["elements"].values()), out["elements"]
    assert "Maria" in out["transcript"] and "good time" in out["transcript"]

    timing = out["timing"]
    speech_end = duration - 0.5
    assert abs(timing["speech_end_s"] - speech_end) < 0.6, timing
    assert 2.0 <= timing["endpoint_s"] - timing["speech_end_s"] <= 3.5, timing
    assert 0 <= timing["report_s"] - timing["endpoint_s"] < 2.0, timing

    # The checklist ticked while the person was still speaking, in the order it was said.
    ticks = {t["element"]: t["at_s"] for t in out["ticks"]}
    assert set(ticks) == {"identification", "purpose", "time_request", "convenience_check"}
    assert ticks["identification"] < ticks["time_request"] < timing["endpoint_s"]
    assert ticks["identification"] < speech_end - 2
    assert "tick identification" in proc.stderr and "heard:" in proc.stderr

    # The take is kept, and so is the attempt.
    saved = out["file"]
    with wave.open(saved) as w:
        assert abs(w.getnframes() / w.getframerate() - timing["endpoint_s"]) < 1.0
    history = json.loads(run_trainer("history", "--json").stdout)
    assert history[-1]["mode"] == "practice" and history[-1]["audio_path"] == saved


def test_long_trailing_silence_is_cut_at_the_configured_pause(tmp_path):
    take, duration = _take(tmp_path, parts=PARTS[:1], tail_s=12.0)
    proc = run_trainer(
        "practice", "--mic-file", str(take), "--json", "--silence", "1.5", "--no-save"
    )
    assert proc.returncode == 0, proc.stderr
    timing = json.loads(proc.stdout)["timing"]
    assert 1.2 <= timing["endpoint_s"] - timing["speech_end_s"] <= 2.5, timing
    assert timing["endpoint_s"] < duration - 8


def test_no_speech_at_all_is_a_clear_error(tmp_path):
    silent = write_wav(tmp_path / "silence.wav", Clip.silence(4.0))
    proc = run_trainer("practice", "--mic-file", str(silent), "--wait", "3")
    assert proc.returncode == 2
    assert "no speech heard" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_no_microphone_points_to_the_alternatives():
    proc = run_trainer("practice")
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("trainer: no microphone found")
    assert "--mic-file" in last and "trainer score" in last
    assert "Traceback" not in proc.stderr


def test_devices_and_play_without_a_sound_card(tmp_path):
    devices = run_trainer("devices")
    assert devices.returncode == 0 and "No audio devices found" in devices.stdout
    assert run_trainer("devices", "--check-input").returncode == 1
    take, _ = _take(tmp_path, parts=PARTS[:1])
    assert run_trainer("practice", "--mic-file", str(take), "--silence", "1").returncode == 0
    played = run_trainer("play", "LAST")
    assert played.returncode == 2
    assert "no audio output device" in played.stderr and "takes" in played.stderr


def test_ctrl_c_keeps_and_scores_what_was_said(tmp_path):
    # Pauses long enough to end a phrase (not the turn), so the name is heard while the take
    # goes on; at 0.8 s (the decode-after pause) whether a phrase ended was up to VAD jitter.
    take, _ = _take(tmp_path, pause_s=1.2)
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "practice", "--mic-file", str(take), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        # A suite started in the background (`make test &`, some CI runners) ignores SIGINT,
        # and a child inherits that: Python then never raises KeyboardInterrupt. Ctrl-C in a
        # terminal reaches a foreground trainer with the default disposition, as here.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    line = ""
    # Interrupt once the name has been heard (a tick), not after a fixed sleep: on a busy
    # machine the first decode can come late, and a fixed sleep then races the take's end.
    seen = []
    while "tick identification" not in line and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break  # the take ended first
        seen.append(line)
    assert "tick identification" in line, "".join(seen)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    result = json.loads(out)
    assert result["stopped_by"] == "interrupted"
    assert result["elements"]["identification"]["covered"]
    assert not result["elements"]["convenience_check"]["covered"]
