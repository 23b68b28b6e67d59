"""Scripts: an editor that saves Latin-1 never costs the edits, one size rule everywhere, and a
damaged active script is a clear error instead of a crash in every command."""

from __future__ import annotations

import sys

import pytest

from tests.hostile.conftest import assert_one_line_error, home
from trainer.scripts import library

SCRIPT = "Hi, my name is Ann Lee. Would you have ten minutes? Is now a good time?\n"


def _editor(tmp_path, monkeypatch, body: str) -> None:
    """$EDITOR: a small program that rewrites the file it is given."""
    prog = tmp_path / "editor.py"
    prog.write_text(f"import sys\npath = sys.argv[1]\n{body}\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {prog}")
    monkeypatch.delenv("VISUAL", raising=False)


def test_an_editor_saving_latin1_keeps_the_draft_and_explains(trainer, tmp_path, monkeypatch):
    library.write("intro", SCRIPT)
    library.use("intro")
    edit = "Hi, my name is Zoë Müller. Would you have ten minutes? Is now a good time?\n"
    _editor(tmp_path, monkeypatch, f"open(path, 'wb').write({edit!r}.encode('latin-1'))")
    line = assert_one_line_error(trainer("script", "edit"), "UTF-8", "Latin-1", "kept in")
    kept = line.rsplit("kept in ", 1)[1].strip()
    assert open(kept, "rb").read() == edit.encode("latin-1"), "the edits were lost"
    assert library.read("intro") == SCRIPT, "the script changed"
    assert "drafts" not in library.names()


def test_script_edit_refuses_an_oversized_script_and_keeps_it(trainer, tmp_path, monkeypatch):
    library.write("intro", SCRIPT)
    _editor(tmp_path, monkeypatch, "open(path, 'w').write('Hello there. ' * 800_000)")
    line = assert_one_line_error(trainer("script", "edit", "intro"), "too large", "200 kB")
    assert "kept in" in line
    assert library.read("intro") == SCRIPT


def test_one_size_rule_for_scripts(trainer, tmp_path):
    big = "Hello there, my name is Ann. " * 10_000  # 290 kB
    path = tmp_path / "big.txt"
    path.write_text(big)
    assert_one_line_error(trainer("score", "--text", "hi", "--script", path), "too large")
    with pytest.raises(Exception, match="too large"):
        library.write("big", big)
    assert_one_line_error(trainer("score", "--text", big), "too large")


@pytest.mark.parametrize(
    "command",
    [("score", "--text", SCRIPT, "--no-save"), ("script", "show"), ("script", "say")],
    ids=["score-text", "script-show", "script-say"],
)
def test_an_invalid_utf8_active_script_is_a_clear_error(trainer, command):
    library.write("intro", SCRIPT)
    library.use("intro")
    (home() / "scripts" / "intro.txt").write_bytes(b"Hi, my name is Zo\xeb. Ten minutes?\n")
    assert_one_line_error(trainer(*command), "intro", "UTF-8")


def test_an_invalid_utf8_active_script_can_be_mended_with_edit(trainer, tmp_path, monkeypatch):
    library.write("intro", SCRIPT)
    library.use("intro")
    (home() / "scripts" / "intro.txt").write_bytes(b"Hi, my name is Zo\xeb.\n")
    _editor(tmp_path, monkeypatch, "open(path, 'w', encoding='utf-8').write('Hi, I am Zoë.')")
    assert trainer("script", "edit").rc == 0
    assert library.read("intro") == "Hi, I am Zoë."
    assert trainer("score", "--text", SCRIPT, "--no-save").rc == 0


def test_a_script_file_with_a_byte_order_mark_is_read(trainer, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SCRIPT.encode())
    run = trainer("score", "--text", SCRIPT, "--script", path, "--no-save", "--json")
    assert run.rc == 0, run.err


def test_an_unchanged_edit_says_no_changes_even_with_a_final_newline(
    trainer, tmp_path, monkeypatch
):
    """Issue 15's "No changes" survives issue 17's byte-level edit: an editor that only adds
    a final newline changed nothing, and no draft is kept."""
    library.write("intro", SCRIPT.strip())
    _editor(tmp_path, monkeypatch, "open(path, 'ab').write(b'\\n')")
    run = trainer("script", "edit", "intro")
    assert run.rc == 0 and "No changes: script 'intro' is as it was." in run.out, run.err
    assert library.read("intro") == SCRIPT.strip()
    assert not (home() / "scripts" / "drafts").exists()


def test_an_unchanged_invalid_utf8_script_is_not_called_an_editor_problem(
    trainer, tmp_path, monkeypatch
):
    library.write("intro", SCRIPT)
    (home() / "scripts" / "intro.txt").write_bytes(b"Hi, my name is Zo\xeb.\n")
    _editor(tmp_path, monkeypatch, "pass")
    line = assert_one_line_error(trainer("script", "edit", "intro"), "not changed", "UTF-8")
    assert "kept in" not in line and "No changes" not in line
    assert not (home() / "scripts" / "drafts").exists()
