"""Writing a file the user named (`export -o`, `report --html`; `--record` and `--out` audio
through `may_replace`/`remember_file`) without ever losing theirs.

Regular files are replaced atomically (a crash or a full disk leaves the old one whole), a
symlink's target is written and the link kept, special files (FIFOs, terminals, /dev/null,
`/dev/stdout`, `>(cmd)`) are written in place, and an existing file trainer did not write is
refused unless the user says --force: trainer remembers what it wrote by content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from trainer import config
from trainer.errors import InputError, TrainerError

REGISTRY = "written-files.json"  # in the data directory: path -> sha256 of what we wrote
MAX_REMEMBERED = 500
# Names of this process's own descriptors: written through the descriptor, as a shell would.
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/(self|\d+)/fd)/(\d+)$")
_STD = {"/dev/stdout": 1, "/dev/stderr": 2}


def write_output(target: str, text: str, force: bool = False) -> str:
    """Write `text` to the file `target`; returns how to name it in a one-line message."""
    fd = _own_descriptor(target)
    if fd is not None:
        _write_descriptor(target, fd, text)
        return target
    path = Path(target)
    try:
        st: os.stat_result | None = path.stat()  # follows symlinks
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory")
    if st is not None and stat.S_ISBLK(st.st_mode):
        raise InputError(f"{path}: is a disk device; refusing to write to it")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(path, text)  # a FIFO, terminal, /dev/null: replacing it would break it
        return str(path)
    real = Path(os.path.realpath(path))  # a symlink stays; its target gets the new text
    if st is not None and st.st_size > 0:
        _refuse_unless_ours(path, real, force)
    _replace(real, text, st)
    _remember(real, text)
    return str(path)


def may_replace(target: str | Path, force: bool = False) -> Path:
    """`target`, checked before anything is made for it (a call, a recording): an existing
    regular file with something in it that trainer did not write is refused unless `force`.
    Audio (`--record`, `--out`) is written by audio/files.py; call `remember_file` after."""
    path = Path(target)
    real = Path(os.path.realpath(path))
    try:
        occupied = real.is_file() and real.stat().st_size > 0
    except OSError:
        occupied = False
    if occupied:
        _refuse_unless_ours(path, real, force)
    return path


def _refuse_unless_ours(path: Path, real: Path, force: bool) -> None:
    """An existing file with something in it: trainer's own, or the user said --force."""
    if not force and not _ours(real):
        raise InputError(
            f"{path}: exists and was not written by trainer; add --force to replace it"
        )


def remember_file(path: str | Path) -> None:
    """Note that trainer wrote `path` as it is now, so writing it again needs no --force."""
    real = Path(os.path.realpath(path))
    try:
        digest = _digest(real.read_bytes())
    except OSError:
        return
    _remember_digest(real, digest)


def _own_descriptor(target: str) -> int | None:
    if target in _STD:
        return _STD[target]
    m = _FD_PATH.match(target)
    if m is None or m.group(1) not in (None, "self", str(os.getpid())):
        return None
    return int(m.group(2))


def _write_descriptor(target: str, fd: int, text: str) -> None:
    """Through the descriptor itself: no truncation of an appended log, pipes work."""
    stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
    try:
        if stream is not None:
            stream.write(text)
            stream.flush()
            return
        with os.fdopen(os.dup(fd), "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _write_in_place(path: Path, text: str) -> None:
    try:
        with path.open("w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _replace(real: Path, text: str, st: os.stat_result | None) -> None:
    """Temp file in the same folder, synced, then renamed over: all or nothing."""
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as exc:
        raise InputError(f"{real}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st else 0o666 & ~_umask())
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        unchanged = "; it was not changed" if st is not None else ""
        raise InputError(f"{real}: cannot write ({exc.strerror or exc}){unchanged}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _registry_path() -> Path | None:
    try:
        return config.data_home() / REGISTRY
    except TrainerError:
        return None


def _load_registry() -> dict[str, str]:
    p = _registry_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8")) if p else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _ours(real: Path) -> bool:
    """The file holds exactly what trainer last wrote there (so the user has nothing in it)."""
    known = _load_registry().get(str(real))
    if not isinstance(known, str):
        return False
    try:
        return _digest(real.read_bytes()) == known
    except OSError:
        return False


def _remember(real: Path, text: str) -> None:
    _remember_digest(real, _digest(text.encode("utf-8")))


def _remember_digest(real: Path, digest: str) -> None:
    """Best effort: failing to remember only means the next write asks for --force."""
    p = _registry_path()
    if p is None:
        return
    entries = _load_registry()
    entries.pop(str(real), None)
    entries[str(real)] = digest
    entries = dict(list(entries.items())[-MAX_REMEMBERED:])
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f"{p.name}.{os.getpid()}.part")
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        tmp.replace(p)
    except OSError:
        pass
