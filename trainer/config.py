"""Settings read from the environment, so tests can point everything at a temporary place."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_home() -> Path:
    """Where takes and history live: $TRAINER_HOME, else the platform's user data directory."""
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
