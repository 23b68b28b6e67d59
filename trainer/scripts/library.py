"""Scripts on disk: $TRAINER_HOME/scripts/<name>.txt, the active one named in `active`, and a
question plan per script in <name>.questions.json."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

from trainer import config
from trainer.errors import InputError, StorageError
from trainer.textfiles import read_text_file

MAX_BYTES = 200_000  # the one size rule for scripts: --script FILE, --text, saved and edited


def root() -> Path:
    return config.data_home() / "scripts"


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40] or "my-script"


def _check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,60}", name or ""):
        raise InputError(f"'{name}' is not a usable script name (letters, digits, . _ -)")
    return name


def path(name: str) -> Path:
    return root() / f"{_check_name(name)}.txt"


def names() -> list[str]:
    if not root().is_dir():
        return []
    return sorted(p.stem for p in root().glob("*.txt"))


def exists(name: str) -> bool:
    return path(name).is_file()


def read(name: str) -> str:
    p = path(name)
    if not p.is_file():
        raise InputError(f"no script named '{name}' (see `trainer script list`)")
    return read_text_file(p, "script", MAX_BYTES)


def read_bytes(name: str) -> bytes:
    """The saved script as it is on disk, readable or not (so `script edit` can mend it)."""
    p = path(name)
    if not p.is_file():
        raise InputError(f"no script named '{name}' (see `trainer script list`)")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None


def check_size(text: str, what: str = "the script") -> str:
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise InputError(
            f"{what} is too large ({size // 1000} kB; a script is at most "
            f"{MAX_BYTES // 1000} kB, about 30,000 words)"
        )
    return text


def write(name: str, text: str) -> Path:
    p = path(name)
    check_size(text)
    _atomic_write(p, text)
    return p


def _atomic_write(p: Path, text: str) -> None:
    """Temp file then rename: a full disk leaves the old file whole and no partial file."""
    tmp: str | None = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise StorageError(
            f"{p}: cannot write ({exc.strerror or exc}); nothing was changed"
        ) from None


def keep_draft(draft: Path, name: str) -> Path:
    """Move an edited draft that could not be saved where the user can find it."""
    kept = root() / "drafts" / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    n = 1
    while kept.exists():
        kept = kept.with_name(f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{n}.txt")
        n += 1
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        draft.replace(kept)
    except OSError:
        return draft  # left where the editor wrote it
    return kept


def active() -> str | None:
    marker = root() / "active"
    if not marker.is_file():
        return None
    try:
        name = marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None  # a damaged marker: as if no script were active
    try:
        return name if name and exists(name) else None
    except InputError:
        return None


def use(name: str) -> None:
    if not exists(name):
        raise InputError(f"no script named '{name}' (see `trainer script list`)")
    _atomic_write(root() / "active", name + "\n")


def active_text() -> tuple[str, str] | None:
    name = active()
    return (name, read(name)) if name else None


def _companions(name: str) -> list[Path]:
    """Every file that belongs to a script: its text, question plan and read-aloud audio."""
    return [root() / f"{name}{suffix}" for suffix in (".txt", ".questions.json", ".wav")]


def delete(name: str) -> bool:
    """Remove a script and its files; True if it was the active one (now there is none)."""
    if not exists(name):
        raise InputError(f"no script named '{name}' (see `trainer script list`)")
    was_active = active() == name
    for p in _companions(name):
        p.unlink(missing_ok=True)
    if was_active:
        (root() / "active").unlink(missing_ok=True)
    return was_active


def rename(old: str, new: str) -> None:
    """Move a script and its files to a new name; the active marker follows it."""
    if not exists(old):
        raise InputError(f"no script named '{old}' (see `trainer script list`)")
    path(new)  # a usable name, or a clear error
    if exists(new):
        raise InputError(f"a script named '{new}' exists: choose another name")
    was_active = active() == old
    for src, dst in zip(_companions(old), _companions(new), strict=True):
        if src.exists():
            src.replace(dst)
    if was_active:
        use(new)


def unique_name(base: str) -> str:
    name, n = base, 2
    while exists(name):
        name = f"{base}-{n}"
        n += 1
    return name


def save_plan(name: str, question_ids: list[str]) -> Path:
    p = root() / f"{_check_name(name)}.questions.json"
    _atomic_write(p, json.dumps({"questions": question_ids}, indent=1))
    return p


def plan(name: str) -> list[str]:
    p = root() / f"{_check_name(name)}.questions.json"
    if not p.is_file():
        return []
    try:
        return list(json.loads(p.read_text(encoding="utf-8"))["questions"])
    except (ValueError, KeyError, TypeError, OSError):
        raise InputError(
            f"{p}: damaged question plan; run `trainer questions plan` again"
        ) from None
