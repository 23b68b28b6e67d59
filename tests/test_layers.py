"""Import boundaries: lower layers never reach up. The call report is pure (no call loop, no
speech), and the progress history knows nothing of calls beyond the reports it stores."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import trainer

PACKAGE = Path(trainer.__file__).parent
ROOT = PACKAGE.parent
HEAVY = ("av", "faster_whisper", "ctranslate2", "pyttsx3", "sounddevice", "onnxruntime")


def _loaded_after_import(*modules: str) -> set[str]:
    """Every module loaded by importing `modules` in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {list(modules)!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


def _imports(path: Path) -> set[str]:
    """What a source file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_the_call_report_imports_no_call_loop_and_no_speech():
    loaded = _loaded_after_import("trainer.calls.report")
    upward = {
        m
        for m in loaded
        if m in ("trainer.calls.session", "trainer.practice", "trainer.live")
        or m.startswith(("trainer.speech", "trainer.audio.stream", "trainer.audio.device"))
        or m.split(".")[0] in HEAVY
    }
    assert not upward


def test_progress_does_not_import_calls():
    sources = sorted((PACKAGE / "progress").glob("*.py"))
    assert len(sources) > 3
    for path in sources:
        calls = {m for m in _imports(path) if m.split(".")[:2] == ["trainer", "calls"]}
        assert not calls, f"{path.name} imports {calls}"
    modules = [f"trainer.progress.{p.stem}" for p in sources if p.stem != "__init__"]
    # The typed call report (trainer/callreport.py), which the history reads stored calls back
    # into, is plain data outside calls/.
    modules.append("trainer.callreport")
    assert not {m for m in _loaded_after_import(*modules) if m.startswith("trainer.calls")}
