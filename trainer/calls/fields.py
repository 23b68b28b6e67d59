"""Characters who know your field: `scenarios/fields/*.toml` give the expert (name, employer,
role) and answers to the question bank in that field's words; a scenario's lines say
{expert}, {employer} and {role}, and its `answers` are taken over by the field's.

`trainer call SCENARIO --field "pediatric nursing"` picks the field whose aliases the text
contains (the longest alias wins), else the generic one; without --field, the active script's
field (scripts are named after it).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from trainer.errors import InputError
from trainer.resources import data_dir
from trainer.textfiles import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GENERIC = "generic"
PLACEHOLDERS = ("{expert}", "{employer}", "{role}")
_TOP = {"name", "aliases", "expert", "answers"}
_EXPERT = {"name", "employer", "role"}


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    aliases: tuple[str, ...]
    expert: str
    employer: str
    role: str
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def fill(self, line: str) -> str:
        return (
            line.replace("{expert}", self.expert)
            .replace("{employer}", self.employer)
            .replace("{role}", self.role)
        )


def paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_dir("scenarios").joinpath("fields").glob("*.toml"))}


def load(path: Path) -> Field:
    from trainer.questions import bank

    text = read_text_file(path, "field", 200_000, expect="UTF-8 TOML")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from None
    problems = [f"{k}: unknown key" for k in sorted(set(raw) - _TOP)]
    expert = raw.get("expert", {})
    if not isinstance(expert, dict) or set(expert) != _EXPERT:
        problems.append(f"expert: must have exactly {', '.join(sorted(_EXPERT))}")
        expert = {}
    ids = {q.id for q in bank()} | {"default"}
    answers = {}
    for key, lines in (raw.get("answers") or {}).items():
        if key not in ids:
            problems.append(f"answers.{key}: not a question id from `trainer questions`")
        elif (
            not isinstance(lines, list)
            or not lines
            or not all(isinstance(x, str) and x.strip() for x in lines)
        ):
            problems.append(f"answers.{key}: must be a non-empty list of lines")
        else:
            answers[key] = tuple(x.strip() for x in lines)
    if "default" not in answers:
        problems.append("answers.default: missing (lines for questions not listed)")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.append("aliases: must be a list of words")
        aliases = []
    if problems:
        raise InputError(
            f"{path}: {problems[0]}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
        )
    return Field(
        path.stem,
        str(raw.get("name", path.stem)),
        tuple(a.lower() for a in aliases),
        str(expert["name"]),
        str(expert["employer"]),
        str(expert["role"]),
        answers,
    )


def match(text: str | None) -> Field:
    """The field for a --field text ("pediatric nursing", "nurse manager", "Google"), or the
    generic one."""
    known = paths()
    wanted = " ".join((text or "").lower().replace("-", " ").split())
    best, best_len = GENERIC, 0
    if wanted:
        for fid, path in known.items():
            if fid == GENERIC:
                continue
            for alias in (fid.replace("-", " "), *load(path).aliases):
                if (
                    alias
                    and len(alias) > best_len
                    and re.search(rf"\b{re.escape(alias)}\b", wanted)
                ):
                    best, best_len = fid, len(alias)
    return load(known[best])


def default_text() -> str | None:
    """The active script's field: scripts are named after --field ("user-research")."""
    from trainer.scripts import library

    name = library.active()
    return name.replace("-", " ") if name else None
