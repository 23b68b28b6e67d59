"""`delete` takes the attempt's own recording with it (never the user's files), `show` and
`play` agree about missing audio, and text from outside trainer never reaches the terminal
with its escape sequences."""

from __future__ import annotations

import io
import json

import numpy as np

from tests.hostile.conftest import assert_one_line_error, home, seed
from trainer.audio.clip import Clip
from trainer.audio.files import write_wav
from trainer.live import LiveDisplay

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x07\r"


def _take(path):
    return write_wav(path, Clip(0.1 * np.sin(np.arange(16000) / 3.0).astype(np.float32)))


def test_delete_removes_the_take_it_owns_but_never_the_users_audio(trainer, tmp_path):
    take = _take(home() / "takes" / "take-1.wav")
    mine = _take(tmp_path / "my-take.wav")
    [practice_id] = seed(mode="practice", audio_path=str(take), source=str(take))
    [scored_id] = seed(mode="score", audio_path=str(mine), source=str(mine))
    run = trainer("delete", practice_id, "--yes")
    assert run.rc == 0, run.err
    assert not take.exists(), "the attempt's audio was left in takes/"
    assert trainer("delete", scored_id, "--yes").rc == 0
    assert mine.exists(), "the user's own file was deleted"


def test_the_live_display_prints_no_escapes():
    out = io.StringIO()
    display = LiveDisplay(out, tty=False)
    display.status(f'Receptionist: "Hello{ESCAPES}"')
    display.heard(1.0, f"hi{ESCAPES}", f"hi{ESCAPES}")
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "Hello" in out.getvalue()


def test_show_and_play_agree_that_the_audio_is_missing(trainer):
    take = _take(home() / "takes" / "take-2.wav")
    [attempt_id] = seed(mode="practice", audio_path=str(take))
    take.unlink()
    shown = trainer("show", attempt_id)
    assert f"Audio: {take} (missing" in shown.out, shown.out
    assert_one_line_error(trainer("play", attempt_id), str(take), "missing")


def test_a_typed_script_with_escapes_prints_none_of_them(trainer):
    run = trainer("score", "--text", f"Hi, my name is Ann{ESCAPES}. Ten minutes?")
    assert run.rc == 0, run.err
    for ch in ("\x1b", "\x9b", "\x07", "\r"):
        assert ch not in run.out + run.err
    assert "Ann" in run.out


def test_stored_transcripts_and_sources_print_without_escapes(trainer):
    [attempt_id] = seed(text=f"My name is Ann{ESCAPES}.", source=f"evil{ESCAPES}.wav")
    for command in (("history",), ("show", attempt_id), ("progress",)):
        run = trainer(*command)
        assert run.rc == 0, run.err
        assert "\x1b" not in run.out and "\x07" not in run.out, command


def test_json_keeps_the_data_but_escapes_control_characters(trainer):
    [attempt_id] = seed(text=f"My name is Ann{ESCAPES}.")
    run = trainer("show", attempt_id, "--json")
    assert "\x1b" not in run.out and "\x9b" not in run.out
    assert "\x1b[2J\x1b]0;pwned\x07\x9b" in json.loads(run.out)["transcript"]  # data kept


def test_scenario_text_with_escapes_is_not_printed_raw(trainer, tmp_path):
    esc = "\\u001b[2J\\u001b]0;pwned\\u0007"  # TOML escapes: the parsed text holds ESC, BEL
    path = tmp_path / f"evil{ESCAPES[:4]}.toml"
    path.write_text(
        f'description = "x{esc}"\nstart = "a"\n'
        f'[characters.x]\nrole = "R"\nvoice = "nope{esc}"\n'
        f'[states.a]\nspeaker = "x"\nlines = ["Hi{esc}"]\nend = true\n'
        f'"junk{esc}" = 1\n',
        encoding="utf-8",
    )
    run = trainer("scenarios", "check", path)
    assert run.rc == 2 and "Traceback" not in run.err
    assert "nope" in run.err and "junk" in run.err, run.err
    assert "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err


def test_a_file_name_with_escapes_in_an_error_is_cleaned(trainer, tmp_path):
    run = trainer("score", tmp_path / f"missing{ESCAPES}.wav", "--no-save")
    line = assert_one_line_error(run, "missing")
    assert "\x1b" not in line and "\x07" not in line
