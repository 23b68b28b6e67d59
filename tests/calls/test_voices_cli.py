"""`trainer voices`: the profiles and the system's voices; `voices say` previews one."""

from __future__ import annotations

import json

from tests.conftest import run_trainer
from trainer.audio.files import load_audio
from trainer.calls.scenario import builtin_paths, load
from trainer.speech.voices import profile, profile_names


def test_every_character_has_a_profile_with_a_voice_the_system_has():
    from trainer.speech.synthesizer import system_voices

    ids = {i.lower() for i, _ in system_voices()}
    for path in builtin_paths().values():
        for c in load(path).characters.values():
            voice = profile(c.voice).settings().voice
            assert voice is None or voice.lower() in ids, (c.voice, voice)


def test_voices_lists_profiles_and_system_voices():
    r = run_trainer("voices", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {p["name"] for p in data["profiles"]} == set(profile_names())
    assert len(data["system_voices"]) > 5
    text = run_trainer("voices")
    assert "receptionist" in text.stdout and "trainer voices --all" in text.stdout
    assert "System voices" not in text.stdout and "gmw/en-us-nyc " not in text.stdout
    assert len(text.stdout.splitlines()) < len(profile_names()) + 6  # profiles, not 100+ voices
    every = run_trainer("voices", "--all")
    assert "receptionist" in every.stdout and "System voices" in every.stdout
    assert len(every.stdout.splitlines()) > len(data["system_voices"])


def test_voices_say_previews_a_profile(tmp_path):
    out = tmp_path / "preview.wav"
    r = run_trainer(
        "voices", "say", "receptionist", "Harper and Lane, how can I help?", "--out", str(out)
    )
    assert r.returncode == 0, r.stderr
    clip = load_audio(out)
    assert 1.0 < clip.duration < 6.0 and clip.rms() > 0.01


def test_voices_say_without_a_speaker_says_how_to_save_instead():
    r = run_trainer("voices", "say", "interviewee", "Hello")
    assert r.returncode == 2
    assert "--out" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_unknown_profile_is_one_clear_line():
    r = run_trainer("voices", "say", "darth", "Hello", "--out", "x.wav")
    assert r.returncode == 2 and "no voice profile named 'darth'" in r.stderr
    assert "Traceback" not in r.stderr
