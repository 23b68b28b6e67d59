"""Scripts on disk: $TRAINER_HOME/scripts/<name>.txt, the active one named in `active`, and a
question plan per script in <name>.questions.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from trainer import config
from trainer.errors import InputError

MAX_BYTES = 200_000


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
    return p.read_text(encoding="utf-8")


def write(name: str, text: str) -> Path:
    p = path(name)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
    return p


def active() -> str | None:
    marker = root() / "active"
    if not marker.is_file():
        return None
    name = marker.read_text(encoding="utf-8").strip()
    return name if name and exists(name) else None


def use(name: str) -> None:
    if not exists(name):
        raise InputError(f"no script named '{name}' (see `trainer script list`)")
    marker = root() / "active"
    tmp = marker.with_name("active.part")
    tmp.write_text(name + "\n", encoding="utf-8")
    tmp.replace(marker)


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
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps({"questions": question_ids}, indent=1), encoding="utf-8")
    return p


def plan(name: str) -> list[str]:
    p = root() / f"{_check_name(name)}.questions.json"
    if not p.is_file():
        return []
    try:
        return list(json.loads(p.read_text(encoding="utf-8"))["questions"])
    except (ValueError, KeyError, TypeError):
        raise InputError(
            f"{p}: damaged question plan; run `trainer questions plan` again"
        ) from None
