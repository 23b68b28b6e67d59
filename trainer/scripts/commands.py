"""`trainer script ...` and `trainer questions ...`: thin commands over writer/library."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

from trainer import questions as qbank
from trainer import render
from trainer.errors import InputError, StorageError, TrainerError
from trainer.safetext import printable
from trainer.scoring.feedback import evaluate
from trainer.scripts import library, writer
from trainer.transcript import Transcript


def checklist(text: str, title: str) -> str:
    return printable(render.report(evaluate(Transcript.from_text(text)), title))


def _ask(label: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    sys.stderr.write(f"{label}{suffix}: ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:
        raise InputError("no answer given (use --no-input with flags to skip questions)")
    return answer.strip() or default


def _name_or_active(name: str | None) -> str:
    name = name or library.active()
    if not name:
        raise InputError("no active script: create one with `trainer script new`")
    return name


def _ask_choice(label: str, choices: tuple[str, ...], default: str) -> str:
    """Ask until the answer is one of `choices` (three tries, then a clear error)."""
    for _ in range(3):
        answer = _ask(f"{label} ({', '.join(choices)})", default).lower()
        if answer in choices:
            return answer
        sys.stderr.write(f"Please answer one of: {', '.join(choices)}.\n")
    raise InputError(f"no valid answer: choose one of {', '.join(choices)}")


def _ask_minutes(default: int) -> int:
    for _ in range(3):
        answer = _ask("Minutes to ask for (5-30; 10 or 15 is best)", str(default))
        if answer.isdigit() and 5 <= int(answer) <= 30:
            return int(answer)
        sys.stderr.write("Please give a whole number of minutes from 5 to 30.\n")
    raise InputError("no valid answer: give a number of minutes from 5 to 30")


def _facts(args: Namespace) -> writer.ScriptFacts:
    """The facts from the flags; on a terminal, questions for the ones left out."""
    interactive = not args.no_input and sys.stdin.isatty()
    fields = {
        "name": "Your name",
        "background": "Who you are (e.g. 'a nursing student at State')",
        "field": "The field, role or organisation you're researching (e.g. 'user research', "
        "'nurse manager', 'Google')",
        "referral": "Who suggested the call (blank if nobody)",
    }
    values = {k: getattr(args, k) or "" for k in fields}
    style, minutes = args.style, args.minutes
    if interactive:
        for key, label in fields.items():
            if not values[key]:
                values[key] = _ask(label)
        if style is None:
            style = _ask_choice("Style", writer.STYLES, "warm")
        if minutes is None:
            minutes = _ask_minutes(15)
    return writer.ScriptFacts(
        minutes=15 if minutes is None else minutes, style=style or "warm", kind=args.kind, **values
    )


def new(args: Namespace) -> int:
    facts = _facts(args)
    text = writer.write(facts)
    base = library.slug(facts.field)
    # --force replaces the script of that name; without it a new name is found (or refused).
    name = args.save_as or (base if args.force else library.unique_name(base))
    if args.save_as and library.exists(name) and not args.force:
        raise InputError(f"a script named '{name}' exists: choose another --as or add --force")
    replaced = library.exists(name)
    library.write(name, text)
    library.use(name)
    sys.stdout.write(printable(text) + "\n")
    sys.stdout.write(checklist(text, f"Script '{name}' ({facts.style})"))
    verb = "Replaced" if replaced else "Saved as"
    sys.stdout.write(f"\n{verb} '{name}' and made it your active script.\n")
    return 0


def edit(args: Namespace) -> int:
    name = _name_or_active(args.name)
    original = library.read_bytes(name)  # raw: a script in another encoding can be mended
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    draft = library.root() / f".{name}.editing.txt"
    try:
        draft.write_bytes(original)
    except OSError as exc:
        draft.unlink(missing_ok=True)
        raise StorageError(f"{draft}: cannot write the draft ({exc.strerror or exc})") from None
    keep = False
    try:
        try:
            rc = subprocess.call([*shlex.split(editor), str(draft)])
        except OSError as exc:
            raise InputError(f"could not start the editor '{editor}': {exc.strerror}") from None
        if rc != 0:
            raise InputError(f"the editor exited with status {rc}; the script was not changed")
        text = _edited_text(draft, original)
        if text is not None:
            library.write(name, text)
    except TrainerError as exc:
        keep = _has_edits(draft, original)
        if keep:
            # Never lose what the person typed: the draft is moved where they can find it.
            kept = library.keep_draft(draft, name)
            raise type(exc)(f"{exc}; your edits are kept in {kept}") from None
        raise
    finally:
        if not keep:
            draft.unlink(missing_ok=True)
    if text is None:
        print(f"No changes: script '{name}' is as it was.")
        return 0
    sys.stdout.write(checklist(text, f"Script '{name}' (edited)"))
    return 0


def _has_edits(draft: Path, original: bytes) -> bool:
    try:
        return draft.read_bytes().strip() not in (original.strip(), b"")
    except OSError:
        return False


def _edited_text(draft: Path, original: bytes) -> str | None:
    """The draft as UTF-8 text within the script size rule, None when it is the script as it
    was (nothing to save), or an error saying what is wrong."""
    try:
        data = draft.read_bytes()
    except OSError as exc:
        raise InputError(f"{draft}: the edited script cannot be read ({exc.strerror})") from None
    if data.strip() == original.strip():  # as it was (an editor may add a final newline)
        try:
            original.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                "the script was not changed and is still not UTF-8 text: change it, and set "
                "your editor to save as UTF-8"
            ) from None
        return None
    if len(data) > library.MAX_BYTES:
        library.check_size(data.decode("utf-8", "replace"), "the edited script")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the editor saved the script in another encoding than UTF-8 (byte "
            f"0x{data[exc.start]:02x} at position {exc.start}: Latin-1 or Windows-1252?); "
            "the script was not changed: set your editor to save as UTF-8"
        ) from None
    if not text.strip():
        raise InputError("the edited script is empty; the script was not changed")
    return text


def delete(args: Namespace) -> int:
    if not library.exists(args.name):  # a script that cannot be read can still be deleted
        raise InputError(f"no script named '{args.name}' (see `trainer script list`)")
    if not args.yes:
        sys.stderr.write(f"Delete script '{args.name}' and its question plan? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            sys.stderr.write("Nothing deleted.\n")
            return 1
    was_active = library.delete(args.name)
    print(f"Deleted script '{args.name}'.")
    if was_active:
        print("It was your active script: choose another with `trainer script use NAME`.")
    return 0


def rename(args: Namespace) -> int:
    library.rename(args.name, args.new_name)
    print(f"Renamed script '{args.name}' to '{args.new_name}'.")
    return 0


def list_(args: Namespace) -> int:
    active = library.active()
    found = library.names()
    if not found:
        print("No scripts yet: `trainer script new` writes one for you.")
    for name in found:
        print(f"{'*' if name == active else ' '} {name}")
    return 0


def show(args: Namespace) -> int:
    name = _name_or_active(args.name)
    text = library.read(name)
    sys.stdout.write(printable(text) + "\n" + checklist(text, f"Script '{name}'"))
    plan = library.plan(name)
    if plan:
        sys.stdout.write("\nYour questions:\n")
        for q in qbank.by_id(plan):
            sys.stdout.write(f"  - {q.text}\n")
    return 0


def use(args: Namespace) -> int:
    library.use(args.name)
    print(f"'{args.name}' is now your active script.")
    return 0


def say(args: Namespace) -> int:
    from trainer import bootstrap
    from trainer.audio.files import write_wav
    from trainer.errors import DeviceError
    from trainer.outputs import may_replace, remember_file
    from trainer.speech.voices import profile

    name = _name_or_active(args.name)
    if args.out:
        may_replace(args.out, args.force)  # before the work, not after
    text = " ".join(library.read(name).split())
    clip = bootstrap.synthesizer().synthesize(text, profile(args.voice).settings())
    out = write_wav(args.out or library.root() / f"{name}.wav", clip)
    remember_file(out)
    print(
        f"Read aloud ({clip.duration:.1f} s, {len(text.split()) / clip.duration * 60:.0f} "
        f"words a minute): {out}"
    )
    try:
        bootstrap.speaker().play(clip)
    except DeviceError as exc:
        print(f"Not playing it aloud: {exc}. Listen to {out} instead.")
    return 0


def questions(args: Namespace) -> int:
    if getattr(args, "action", None) == "plan":
        return plan(args)
    chosen = (
        qbank.pick(args.pick, args.category)
        if args.pick
        else [q for q in qbank.bank() if args.category in (None, q.category)]
    )
    if args.json:
        print(json.dumps([q.to_dict() for q in chosen], ensure_ascii=False))
        return 0
    for q in chosen:
        print(f"[{q.category}] {q.id}: {q.text}\n    why: {q.why}")
    return 0


def plan(args: Namespace) -> int:
    name = args.script_name or library.active()
    if not name:
        raise InputError("no active script to attach the plan to: `trainer script new` first")
    library.read(name)  # must exist
    if args.ids:
        chosen = qbank.by_id([i.strip() for i in args.ids.split(",") if i.strip()])
    else:
        chosen = qbank.pick(args.pick or 6, args.category)
    library.save_plan(name, [q.id for q in chosen])
    if args.json:
        print(json.dumps({"script": name, "questions": [q.to_dict() for q in chosen]}))
        return 0
    print(f"Your questions for '{name}':")
    for q in chosen:
        print(f"  - {q.text}")
    return 0
