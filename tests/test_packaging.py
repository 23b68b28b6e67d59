"""`pip install .` must carry the data directories the program reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_voices_scenarios_and_models(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("trainer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "trainer/_data/voices/caller.toml" in names
    assert "trainer/_data/scenarios/demo-intro.txt" in names
    assert "trainer/_data/models/README.md" in names
    for scenario in ROOT.glob("scenarios/*.toml"):
        assert f"trainer/_data/scenarios/{scenario.name}" in names
    for voice in ROOT.glob("voices/*.toml"):
        assert f"trainer/_data/voices/{voice.name}" in names
    assert "trainer/_data/scenarios/questions/bank.toml" in names
    # The web page is served from the package: every static file travels in the wheel.
    static = ROOT / "trainer" / "web" / "static"
    assert {"index.html", "app.js", "worklet.js", "app.css"} <= {f.name for f in static.iterdir()}
    for asset in static.iterdir():
        assert f"trainer/web/static/{asset.name}" in names, asset.name
    assert any(n.endswith("entry_points.txt") for n in names)

    # The installed layout finds its data without the source tree.
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = subprocess.run(
        [sys.executable, "-c", "from trainer.resources import data_dir; print(data_dir('voices'))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
    )
    assert probe.returncode == 0, probe.stderr
    assert str(unpacked) in probe.stdout
    # The unpacked wheel on the path, with this environment's dependencies but not the checkout.
    site = ":".join(p for p in sys.path if "site-packages" in p)
    installed_env = {"PYTHONPATH": f"{unpacked}:{site}", "PATH": "/usr/bin:/bin"}
    served = subprocess.run(
        [sys.executable, "-c", "from trainer.web.routes import STATIC; print(STATIC)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=installed_env,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == str(unpacked / "trainer" / "web" / "static")

    # ...and its scenarios, validated against its own voices and question bank.
    check = subprocess.run(
        [sys.executable, "-m", "trainer", "scenarios", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=installed_env,
    )
    assert check.returncode == 0, check.stderr
    assert "gatekeeper" in check.stdout and "voicemail" in check.stdout

    # ...and judges meaning with the classifier and tokenizer it carries.
    assert "trainer/understanding/classifier.npz" in names
    assert "trainer/_data/models/minilm-l6-v2/tokenizer.json" in names
    judged = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "score",
            "--json",
            "--no-save",
            "--text",
            "Hi, my name is Sam Ortiz. Is now a good time?",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**installed_env, "TRAINER_HOME": str(tmp_path / "home")},
    )
    assert judged.returncode == 0, judged.stderr
    assert '"convenience_check": {"covered": true' in judged.stdout
