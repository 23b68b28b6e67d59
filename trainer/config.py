"""Settings read from the environment, so tests can point everything at a temporary place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from trainer.errors import TrainerError


def data_home() -> Path:
    """Where takes and history live: $TRAINER_HOME, else the platform's user data directory.
    A file in its place is refused here, once, rather than failing later in every command."""
    home = _home()
    if home.exists() and not home.is_dir():
        name = "TRAINER_HOME" if os.environ.get("TRAINER_HOME") else "the data folder"
        raise TrainerError(
            f"{name} {home} is a file, not a folder: trainer keeps your history and takes in "
            "a folder there; move the file or set TRAINER_HOME"
        )
    return home


def _home() -> Path:
    override = os.environ.get("TRAINER_HOME")
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "trainer"
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "trainer"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "trainer"


def offline() -> bool:
    """True when nothing may be downloaded (tests, air-gapped machines)."""
    flags = ("HF_HUB_OFFLINE", "TRAINER_OFFLINE", "TRANSFORMERS_OFFLINE")
    return any(os.environ.get(f, "").strip() not in ("", "0", "false") for f in flags)


def takes_dir() -> Path:
    """Where practice takes are kept; audio here belongs to trainer (and to its attempt)."""
    return data_home() / "takes"
