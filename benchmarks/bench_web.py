"""`trainer ui`: first page load, live ticks and report latency against the terminal's
`trainer practice` on the same take, and the server's CPU when idle.

Measures and prints; it is not a test and exits 0 whether targets are met or missed (non-zero
only when a command fails). Run it as `HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_web.py`.

1. The server: `trainer ui --no-browser --port 0` as a subprocess (TRAINER_HOME in a temp dir);
   time to its first stdout line (the address).
2. First page load, server warm: headless Chromium (/usr/bin/chromium, Playwright), each load
   in a fresh browser context (empty cache): navigation start to the load event
   (`performance` navigation entry), and to the app being ready (the Practice page drawn:
   `body[data-ready]`, after its first API answers). Median of --loads. Target: <= 300 ms.
   Then the same loads again with the browser's cache kept (a reload in one context).
3. Report latency: bench_practice's take (espeak-ng, ~31 s) through both front ends, one after
   the other, --repeat times:
   - terminal: `trainer practice --mic-file TAKE --json --no-opening` (saving, like the page);
   - page: a WebSocket client doing what the page's AudioWorklet does (16-bit PCM at 16 kHz,
     40 ms chunks, in real time) into /ws/practice, with {"opening": false}.
   Both report `timing` from the same live loop; latency = report_s - endpoint_s (end-of-turn
   decision to the report). For the page also the latency seen by the client (report message
   received, minus the endpoint on the client's clock: the `listening` message's arrival plus
   endpoint_s). Live ticks: when each part ticked (seconds since the microphone opened), page
   minus terminal. Target: the page within 0.1 s of the terminal.
4. Idle: the server's CPU time (utime + stime from /proc) over --idle seconds with nothing to
   do, a page open in the browser. Target: ~0 %.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_practice import make_practice_take
from bench_score import table

from trainer.audio.files import load_audio

CHROMIUM = "/usr/bin/chromium"
TARGET_LOAD_MS = 300.0
TARGET_LATENCY_DIFF_S = 0.1
PAGE_RATE = 16_000  # the page asks the browser for a 16 kHz AudioContext
CHUNK_S = 0.04  # the page's worklet sends 40 ms chunks


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str, float]:
    cmd = [sys.executable, "-m", "trainer", "ui", "--no-browser", "--port", "0"]
    begin = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    line = proc.stdout.readline() if proc.stdout else ""
    took = time.perf_counter() - begin
    if not line.startswith("trainer ui: http://127.0.0.1:"):
        proc.kill()
        sys.exit(f"bench_web: unexpected first line from trainer ui: {line!r}")
    return proc, line.split(": ", 1)[1].strip(), took


def page_loads(url: str, loads: int) -> dict[str, list[float]]:
    """Milliseconds to the load event and to the app being ready, cold cache then warm."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {
        "cold load": [],
        "cold ready": [],
        "warm load": [],
        "warm ready": [],
    }
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]

    def one(page, kind: str) -> None:
        begin = time.perf_counter()
        if kind == "cold":
            page.goto(url)
        else:
            page.reload()  # the address no longer has the token: the cookie carries it
        page.wait_for_selector('body[data-ready="practice"]', state="attached")
        ready = (time.perf_counter() - begin) * 1000
        nav = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.loadEventEnd - n.startTime; })()"
        )
        out[f"{kind} load"].append(nav)
        out[f"{kind} ready"].append(ready)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        warm_up = browser.new_context()
        one(warm_up.new_page(), "cold")  # the server's first answers (imports, file cache)
        warm_up.close()
        for key in out:
            out[key].clear()
        for _ in range(loads):
            context = browser.new_context()
            page = context.new_page()
            one(page, "cold")
            one(page, "warm")  # same context: the browser's cache and the cookie are kept
            context.close()
        browser.close()
    return out


def cli_run(audio: Path, env: dict[str, str]) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "trainer",
        "practice",
        "--mic-file",
        str(audio),
        "--json",
        "--no-opening",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        sys.exit(f"bench_web: trainer practice failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def web_run(url: str, audio: Path) -> dict:
    """The page's part, without a browser: stream the take over /ws/practice in real time."""
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    base = url.split("/?")[0]
    token = url.split("token=")[1]
    clip = load_audio(audio).resampled(PAGE_RATE)
    pcm = (np.clip(clip.samples, -1, 1) * 32767).astype("<i2")
    chunk = int(PAGE_RATE * CHUNK_S)
    events: list[tuple[float, dict]] = []
    ws_url = base.replace("http://", "ws://") + f"/ws/practice?token={token}"
    report = None
    with connect(ws_url, origin=base, max_size=None) as ws:
        ws.send(json.dumps({"type": "start", "rate": PAGE_RATE, "opening": False}))
        begin = time.monotonic()
        sent = 0
        sending = True
        while report is None:
            # Send what the clock says is due (silence after the take, as a quiet room).
            due = int((time.monotonic() - begin) / CHUNK_S) + 1
            while sending and sent < due:
                block = pcm[sent * chunk : (sent + 1) * chunk]
                if len(block) < chunk:
                    block = np.zeros(chunk, "<i2")
                try:
                    ws.send(block.tobytes())
                except ConnectionClosed:
                    sending = False  # the report is on its way: the server has closed
                sent += 1
            try:
                message = ws.recv(timeout=CHUNK_S / 2)
            except TimeoutError:
                continue
            except ConnectionClosed:
                break
            if isinstance(message, bytes):
                continue
            event = json.loads(message)
            events.append((time.monotonic(), event))
            if event["type"] == "error":
                sys.exit(f"bench_web: the page's practice failed: {event['error']}")
            if event["type"] == "report":
                report = event["report"]
    if report is None:
        sys.exit("bench_web: the socket closed without a report")
    listening = next(t for t, e in events if e["type"] == "listening")
    received = events[-1][0]
    timing = report["timing"]
    report["client_latency_s"] = received - (listening + timing["endpoint_s"])
    return report


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(proc: subprocess.Popen, url: str, seconds: float) -> float:
    """Percent of one core the server used over `seconds`, a page open and doing nothing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector('body[data-ready="practice"]', state="attached")
        time.sleep(1.0)
        before, begin = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        used, wall = cpu_seconds(proc.pid) - before, time.monotonic() - begin
        browser.close()
    return 100 * used / wall


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="practice runs per front end")
    ap.add_argument("--loads", type=int, default=5, help="page loads (default 5)")
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idle measured")
    ap.add_argument("--audio", type=Path, help="use this take instead of rendering one")
    args = ap.parse_args()
    browser = Path(CHROMIUM).exists()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        tmpdir = Path(tmp)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRAINER_HOME": str(tmpdir / "home")}
        audio = args.audio or tmpdir / "take.wav"
        if not args.audio:
            make_practice_take(audio, tmpdir)
        duration = load_audio(audio).duration
        print(f"python    {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(f"take      {audio} ({duration:.1f} s)")
        proc, url, started = start_server(env)
        try:
            print(f"server    first line after {started:.2f} s")
            print()
            if browser:
                loads = page_loads(url, args.loads)
                rows = []
                for key, values in loads.items():
                    med = statistics.median(values)
                    target = f"<= {TARGET_LOAD_MS:.0f}" if key == "cold load" else ""
                    result = verdict(med <= TARGET_LOAD_MS) if target else ""
                    rows.append(
                        [
                            key,
                            f"{med:.0f}",
                            f"{min(values):.0f}",
                            f"{max(values):.0f}",
                            target,
                            result,
                        ]
                    )
                print(table(["page (ms)", "median", "min", "max", "target", "result"], rows))
                print("load = navigation start to the load event; ready = to the Practice page")
                print("drawn after its first API answers; cold = fresh context, warm = reload")
                print()
            else:
                print(f"(no {CHROMIUM}: page loads and idle with a page open not measured)\n")

            cli, web = [], []
            for _ in range(args.repeat):
                cli.append(cli_run(audio, env))
                web.append(web_run(url, audio))
            rows = []
            for name, runs in (("terminal (trainer practice)", cli), ("page (/ws/practice)", web)):
                for i, r in enumerate(runs, 1):
                    t = r["timing"]
                    client = r.get("client_latency_s")
                    rows.append(
                        [
                            f"{name} {i}",
                            f"{t['endpoint_s']:.2f}",
                            f"{t['report_s']:.2f}",
                            f"{t['report_s'] - t['endpoint_s']:.3f}",
                            "" if client is None else f"{client:.3f}",
                            str(sum(e["covered"] for e in r["elements"].values())),
                        ]
                    )
            print(table(["run", "endpoint_s", "report_s", "latency s", "client s", "parts"], rows))
            print("latency = report_s - endpoint_s (inside the live loop); client = as the")
            print("page's socket saw it (report received - endpoint), saving included")
            print()

            def lat(runs: list[dict]) -> float:
                return statistics.median(
                    r["timing"]["report_s"] - r["timing"]["endpoint_s"] for r in runs
                )

            diff = lat(web) - lat(cli)
            client = statistics.median(r["client_latency_s"] for r in web)
            tick_rows = []
            tick_deltas: list[float] = []
            for name in ("identification", "purpose", "time_request", "convenience_check"):
                at = []
                for runs in (cli, web):
                    ticks = [
                        next((t["at_s"] for t in r["ticks"] if t["element"] == name), None)
                        for r in runs
                    ]
                    known = [t for t in ticks if t is not None]
                    at.append(statistics.median(known) if known else None)
                if None not in at:
                    tick_deltas.append(at[1] - at[0])
                delta = "" if None in at else f"{at[1] - at[0]:+.2f}"
                tick_rows.append(
                    [f"tick {name}", *(f"{a:.2f}" if a is not None else "-" for a in at), delta]
                )
            print(
                table(
                    ["live ticks (s since mic open)", "terminal", "page", "page - term"], tick_rows
                )
            )
            print()
            rows = [
                ["report latency, terminal", f"{lat(cli):.3f} s", "", ""],
                ["report latency, page", f"{lat(web):.3f} s", "", ""],
                [
                    "page - terminal",
                    f"{diff:+.3f} s",
                    f"<= {TARGET_LATENCY_DIFF_S} s",
                    verdict(diff <= TARGET_LATENCY_DIFF_S),
                ],
                ["page, as its socket saw it", f"{client:.3f} s", "", ""],
                [
                    "live ticks, page later than terminal by at most",
                    f"{max(tick_deltas, default=0.0):+.2f} s",
                    f"<= {TARGET_LATENCY_DIFF_S} s",
                    verdict(max(tick_deltas, default=0.0) <= TARGET_LATENCY_DIFF_S),
                ],
            ]
            if browser:
                cpu = idle_cpu(proc, url, args.idle)
                rows.append(
                    [
                        f"server CPU idle ({args.idle:g} s, page open)",
                        f"{cpu:.2f} %",
                        "~0 %",
                        verdict(cpu < 1.0),
                    ]
                )
            print(table(["summary (medians)", "value", "target", "result"], rows))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
