"""Bad inputs through the real command line, in a subprocess, as a user would hit them.

Every bad input must give exit status 2 and one clean `trainer: ...` line naming the file, never a
traceback; in a batch the good takes are still scored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import run_trainer
from trainer.audio.clip import Clip
from trainer.audio.files import write_wav

GOOD_TEXT = (
    "Hi, my name is Maria Lopez. I'm a nursing student and I'd love to learn about your work. "
    "Would you have ten minutes? Is now a good time?"
)
GOOD_TEXT_2 = (
    "Hello, this is David Chen. I'm studying accounting and I'm hoping to get your advice on "
    "the field. Could you spare fifteen minutes? Is this a convenient time?"
)
ELEMENTS = ("identification", "purpose", "time_request", "convenience_check")
SCORED_KEYS = {"file", "transcript", "elements", "flags", "delivery", "score"}

# Progress lines the recogniser writes to a non-terminal stderr while it works (by design:
# trainer/speech/recognizer.py stderr_progress). They are not error output.
PROGRESS = re.compile(r"^(Loading speech model \S+|Transcribing)\.\.\.$")


def error_lines(stderr: str) -> list[str]:
    """stderr without blank lines and without the recogniser's progress lines."""
    return [ln for ln in stderr.splitlines() if ln.strip() and not PROGRESS.match(ln)]


def assert_one_clean_error(proc, *must_contain: str) -> str:
    """Exit 2, no traceback, and stderr is one `trainer: ` line containing `must_contain`."""
    everything = proc.stdout + proc.stderr
    assert "Traceback" not in everything, everything
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("trainer: "), line
    for text in must_contain:
        assert text in line, (text, line)
    return line


# --- the bad files ------------------------------------------------------------------------------


def _empty(d: Path) -> Path:
    p = d / "empty.wav"
    p.write_bytes(b"")
    return p


def _random_bytes(d: Path) -> Path:
    p = d / "noise-bytes.wav"
    p.write_bytes(np.random.default_rng(0).integers(0, 256, 8000, dtype=np.uint8).tobytes())
    return p


def _truncated_header(d: Path) -> Path:
    real = write_wav(d / "real.wav", Clip(0.3 * np.sin(np.arange(32000) / 5.0)))
    p = d / "truncated.wav"
    p.write_bytes(real.read_bytes()[:30])
    return p


def _text_as_mp3(d: Path) -> Path:
    p = d / "notes.mp3"
    p.write_text("Hi, my name is Maria Lopez.\nThis is a text file, not audio.\n" * 20)
    return p


def _missing(d: Path) -> Path:
    return d / "does-not-exist.wav"


def _directory(d: Path) -> Path:
    p = d / "folder.wav"
    p.mkdir()
    return p


def _too_short(d: Path) -> Path:
    t = np.arange(int(0.2 * 16000)) / 16000
    return write_wav(d / "short.wav", Clip(0.3 * np.sin(2 * np.pi * 220 * t)))


def _silence(d: Path) -> Path:
    return write_wav(d / "silence.wav", Clip.silence(5.0))


def _low_noise(d: Path) -> Path:
    noise = np.random.default_rng(1).normal(0.0, 0.01, 5 * 16000)
    return write_wav(d / "room-noise.wav", Clip(noise.astype(np.float32)))


# (maker, what the one-line reason must match)
BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (_empty, r"empty"),
    "random-bytes": (_random_bytes, r"audio|damaged"),
    "truncated-header": (_truncated_header, r"audio|damaged|short"),
    "text-as-mp3": (_text_as_mp3, r"audio"),
    "missing": (_missing, r"no such file|not found"),
    "directory": (_directory, r"directory"),
    "too-short": (_too_short, r"short"),
    "silence": (_silence, r"silent|speech"),
    "low-noise": (_low_noise, r"speech|noise|silent"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_one_clean_line(tmp_path, case):
    make, reason = BAD_FILES[case]
    path = make(tmp_path)

    proc = run_trainer("score", str(path))

    line = assert_one_clean_error(proc, str(path))
    assert re.search(reason, line[len("trainer: ") + len(str(path)) :], re.I), line
    assert proc.stdout.strip() == "", proc.stdout  # no report, not even a partial one


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_as_json_is_an_error_object(tmp_path, case):
    make, _ = BAD_FILES[case]
    path = make(tmp_path)

    proc = run_trainer("score", str(path), "--json")

    assert_one_clean_error(proc, str(path))
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    obj = json.loads(lines[0])
    assert obj["file"] == str(path)
    if "error" in obj:
        assert set(obj) == {"file", "error"}
        assert str(path) in obj["error"]
    else:
        # Only acceptable for noise: scored, but with nothing heard and nothing claimed.
        assert case == "low-noise", obj
        assert not obj["words"] and not obj["transcript"].strip(), obj
    if case == "low-noise":
        # Whisper invents words on noise; none may get through as covered elements.
        assert "speech" in obj.get("error", "speech"), obj
        for name in ELEMENTS:
            assert not obj.get("elements", {}).get(name, {}).get("covered"), obj


# --- a batch with one bad file ------------------------------------------------------------------


def test_batch_scores_good_takes_around_a_bad_one(tmp_path, make_take):
    good = make_take(GOOD_TEXT, name="good.wav")
    good2 = make_take(GOOD_TEXT_2, name="good2.wav")
    bad = _random_bytes(tmp_path)

    proc = run_trainer("score", str(good), str(bad), str(good2), "--json")

    assert_one_clean_error(proc, str(bad))
    assert str(good) not in error_lines(proc.stderr)[0]
    lines = proc.stdout.splitlines()
    assert len(lines) == 3, proc.stdout
    objs = [json.loads(ln) for ln in lines]
    assert [o["file"] for o in objs] == [str(good), str(bad), str(good2)]
    assert set(objs[1]) == {"file", "error"}
    assert str(bad) in objs[1]["error"]
    for obj, heard in ((objs[0], "maria"), (objs[2], "accounting")):
        assert SCORED_KEYS <= set(obj), sorted(obj)
        assert "error" not in obj
        assert obj["transcript"].strip()
        assert heard in obj["transcript"].lower(), obj["transcript"]  # each take its own text
        assert set(ELEMENTS) <= set(obj["elements"])
        assert obj["elements"]["identification"]["covered"] is True
        assert isinstance(obj["score"], int | float) and 0 <= obj["score"] <= 100


# --- bad --script files -------------------------------------------------------------------------


def _script_missing(d: Path) -> Path:
    return d / "no-script.txt"


def _script_empty(d: Path) -> Path:
    p = d / "empty-script.txt"
    p.write_text("")
    return p


def _script_blank(d: Path) -> Path:
    p = d / "blank-script.txt"
    p.write_text("  \n\n\t \n")
    return p


def _script_binary(d: Path) -> Path:
    p = d / "script.txt"
    p.write_bytes(b"\x00\xff\xfe\x80\x81" + bytes(range(256)) * 8)
    return p


SCRIPTS = {
    "missing": (_script_missing, r"not found"),
    "empty": (_script_empty, r"empty"),
    "blank": (_script_blank, r"empty"),
    "binary": (_script_binary, r"text"),
}


@pytest.mark.parametrize("case", list(SCRIPTS))
def test_bad_script_is_one_clean_line(tmp_path, make_take, case):
    take = make_take(GOOD_TEXT)
    make, reason = SCRIPTS[case]
    script = make(tmp_path)

    proc = run_trainer("score", str(take), "--script", str(script))

    line = assert_one_clean_error(proc, str(script))
    assert re.search(reason, line, re.I), line
    assert proc.stdout.strip() == ""


# --- usage and model errors ---------------------------------------------------------------------


def test_score_without_arguments_prints_usage(tmp_path):
    proc = run_trainer("score", cwd=tmp_path)

    assert proc.returncode != 0
    assert "usage" in proc.stderr.lower(), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.strip() == ""


@pytest.mark.parametrize("how", ["env", "flag"])
def test_missing_model_directory_is_one_clean_line(make_take, how):
    take = make_take(GOOD_TEXT)
    missing = "/nonexistent/dir"
    if how == "env":
        proc = run_trainer("score", str(take), env={"TRAINER_MODEL": missing})
    else:
        proc = run_trainer("score", str(take), "--model", missing)

    line = assert_one_clean_error(proc, "model")
    assert missing in line, line
    assert proc.stdout.strip() == ""


def test_broken_model_directory_is_one_clean_line(tmp_path, make_take):
    take = make_take(GOOD_TEXT)
    fake = tmp_path / "fake-model"
    fake.mkdir()
    (fake / "config.json").write_text("{}")
    (fake / "model.bin").write_bytes(np.random.default_rng(2).bytes(4096))

    proc = run_trainer("score", str(take), env={"TRAINER_MODEL": str(fake)})

    line = assert_one_clean_error(proc, "model")
    assert str(fake) in line, line
    assert proc.stdout.strip() == ""
