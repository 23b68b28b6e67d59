"""The README's examples run as written (those that need no microphone or speaker), and
`make run` ends with commands a new user can try next."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest

from tests.conftest import ROOT, espeak
from trainer import cli
from trainer.audio.files import load_audio

# README commands that need a microphone or a speaker, or serve until Ctrl-C (`trainer ui`,
# tested in tests/web/): checked to parse, not run.
NEEDS_DEVICE = {
    "trainer ui": "browser",
    "trainer ui --no-browser --port 8765 --profile sam": "browser",
    "trainer practice": "microphone",
    "trainer play LAST": "speaker",
    "trainer call gatekeeper": "microphone",
    "trainer call busy-expert --record call.wav": "microphone",
    'trainer voices say receptionist "Harper and Lane, how can I help?"': "speaker",
}
# Examples that run in real time (a take or a call played through the virtual microphone, lines
# spoken at their pace) mostly wait: they run side by side, and the commands that read the
# history wait for them.
READS_HISTORY = {"progress", "history", "show", "export", "delete", "report", "doctor"}
INTRO = (
    "Hi, my name is Jordan Lee. I'm a marketing student, and I'd love to learn about your work "
    "in user research. Would you have ten or fifteen minutes? Is now a good time?"
)


@dataclass(frozen=True)
class Example:
    """A README example running, and where its output goes (log.out, log.err)."""

    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _plays_in_real_time(words: list[str]) -> bool:
    return words[1] in {"practice", "demo"} or (words[1] == "call" and "--fast" not in words)


def readme_commands() -> list[str]:
    """Every `trainer ...` line of the README's sh blocks, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    commands = []
    for block in blocks:
        joined = re.sub(r"\\\n\s*", "", block)
        for line in joined.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "trainer":
                commands.append(shlex.join(words))
    return commands


def _m4a(wav: Path, out: Path) -> Path:
    """The same speech as AAC in an .m4a file (as a phone's voice memo would be)."""
    clip = load_audio(wav)
    pcm = (np.clip(clip.samples, -1, 1) * 32767).astype(np.int16)[None, :]
    with av.open(str(out), "w", format="ipod") as f:
        stream = f.add_stream("aac", rate=clip.rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.rate = clip.rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            f.mux(packet)
    return out


@pytest.fixture
def workdir(tmp_path) -> Path:
    """The files the README's examples name: takes, a script, call turns, a scenario."""
    espeak(INTRO, tmp_path / "take.wav")
    espeak(INTRO, tmp_path / "take2.wav")
    _m4a(tmp_path / "take.wav", tmp_path / "take1.m4a")
    (tmp_path / "my-intro.txt").write_text(INTRO + "\n")
    espeak(
        "Hi, this is Jordan Lee. I'd love to learn about your work in user research.",
        tmp_path / "turn1.wav",
    )
    espeak("Thank you so much. Goodbye.", tmp_path / "turn2.wav")
    shutil.copy(ROOT / "scenarios" / "gatekeeper.toml", tmp_path / "my-call.toml")
    return tmp_path


def test_every_readme_example_parses_and_device_free_ones_run(workdir):
    commands = readme_commands()
    needs_device = {shlex.join(shlex.split(c)) for c in NEEDS_DEVICE}
    assert needs_device <= set(commands), needs_device - set(commands)
    for command in commands:
        cli.build_parser().parse_args(shlex.split(command)[1:])  # exits (fails) on a bad example

    bin_dir = workdir / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "trainer"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m trainer "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "EDITOR": "true"}
    logs = workdir / "logs"
    logs.mkdir()
    ran: dict[str, tuple[int, str, str]] = {}
    playing: dict[str, Example] = {}  # real-time examples, running side by side

    def start(command: str) -> Example:
        """The example as a shell would run it, its output to files (a pipe nobody reads
        while it plays could fill and stall it)."""
        log = logs / str(len(ran) + len(playing))
        with log.with_suffix(".out").open("w") as out, log.with_suffix(".err").open("w") as err:
            proc = subprocess.Popen(
                command,
                shell=True,
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )
        return Example(proc, log)

    def finish(command: str, example: Example) -> None:
        try:
            example.proc.wait(timeout=600)
        finally:
            example.stop()
        out = example.log.with_suffix(".out").read_text()
        err = example.log.with_suffix(".err").read_text()
        assert example.proc.returncode == 0, (command, out[-1500:], err[-1500:])
        assert "Traceback" not in err, command
        ran[command] = (example.proc.returncode, out, err)

    try:
        for command in commands:
            if command in needs_device:
                continue
            words = shlex.split(command)
            if words[1] in READS_HISTORY:  # what the real-time examples saved must be there
                while playing:
                    finish(*playing.popitem())
            if _plays_in_real_time(words):
                playing[command] = start(command)
            else:
                finish(command, start(command))
        while playing:
            finish(*playing.popitem())
    finally:  # a failed example stops the test, never leaves the others running
        for example in playing.values():
            example.stop()
    assert len(ran) >= 25

    demo = ran["trainer demo"][1]
    assert "Against the demo script" in demo and "your script" not in demo
    assert (workdir / "progress.html").is_file() and (workdir / "history.csv").is_file()
    assert (workdir / "intro.wav").is_file()
    assert "ux-research" not in ran["trainer doctor"][1]  # scripts are not history


def test_make_run_ends_with_three_commands_to_try_next():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        ["make", "-n", "-s", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    echoes = [line for line in dry.stdout.splitlines() if line.startswith("echo ")]
    suggested = [shlex.split(line)[1] for line in echoes[-3:]]
    assert all(s.strip().startswith("trainer ") for s in suggested), echoes
    for s in suggested:
        words = shlex.split(s, comments=True)
        cli.build_parser().parse_args(words[1:])
    assert len({shlex.split(s)[1] for s in suggested}) == 3  # three different commands
