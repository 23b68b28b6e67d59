"""Reading the small text files a user hands us (scripts, scenarios) with one-line errors."""

from __future__ import annotations

from pathlib import Path

from trainer.errors import InputError


def read_text_file(path: str | Path, kind: str, max_bytes: int, expect: str = "UTF-8 text") -> str:
    """The file's text; a missing, oversized, unreadable or non-UTF-8 file is an InputError
    naming the file, checked before anything is parsed. A UTF-8 byte-order mark (Windows
    editors write one) is accepted and dropped."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: {kind} file not found" if not p.exists() else f"{p}: not a file")
    if p.stat().st_size > max_bytes:
        raise InputError(f"{p}: too large for a {kind} (over {max_bytes // 1000} kB)")
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not a text file (expected {expect})") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
