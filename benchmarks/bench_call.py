"""Mock-call responsiveness: the gap from the end-of-turn decision to the first sound of the
character's reply, on this machine with tiny.en.

Measures and prints; it is not a test and exits 0 whether the target is met or missed. Run it as
`HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_call.py`.

Each call is the real loop (`trainer.calls.session.run_call`) in this process: the real
recogniser, pyttsx3 lines rendered by the LineBank, the caller's turns synthesised with the
caller voice and fed to the virtual microphone in real time, a TimedSpeaker (no sound card).
The gap is measured inside run_call: `time.monotonic()` at the end-of-turn decision (the
endpointer's turn_end, 1.5 s after the last voiced frame) to the moment the first reply line
is handed to the speaker. Output-device latency (tens of ms on real hardware) is not included.

Three configurations, side by side, over the same scripted calls:
- trainer: phrases decoded while the end-of-turn silence is being confirmed (decode after
  0.5 s of quiet, 4 s of context), replies pre-rendered;
- no-partials: trainer without its provisional hearings of a phrase still being spoken (every
  2 s, only when the decoder is idle), to see what they cost;
- naive: no decoding during the end-of-turn silence (decode_after_s 10 s), so a last phrase
  still pending is decoded inside the gap (phrases of 4 s or more are still cut at pauses,
  which is why some naive gaps are small too).
Target: trainer's worst gap <= 0.5 s.

Each is run once per voice engine (`--engines`): "system" (pyttsx3 + espeak-ng everywhere,
TRAINER_NEURAL=0) and "hibari" (the profiles that ask for the neural voice get it); the gap is
printed per engine, median and worst.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time

from bench_score import table

TARGET_S = 0.5
CALLS = {
    "gatekeeper": [
        "Hi, this is Jordan Lee. Could I speak to Dana Reyes, please?",
        "I'm a nursing student, and I'm calling to ask her for some advice about her career.",
    ],
    "busy-expert": [
        "Hi Dana, my name is Jordan Lee. I'm a nursing student and I'd love to learn about "
        "your work as a nurse practitioner. Would you have fifteen minutes? Is now a good time?",
        "Of course, I understand. Could I call you back on Thursday at ten?",
        "Thursday at ten works. Thank you, goodbye.",
    ],
    "friendly-expert": [
        "Hi Dana, my name is Jordan Lee. I'm a nursing student and I'd love to learn about "
        "your work. Would you have fifteen minutes?",
        "What qualities do you need to succeed in this work?",
        "How is the field changing?",
        "Thank you so much for your time. Goodbye.",
    ],
}


# (label, decode_after_s, partial_every_s): trainer as shipped, without its provisional
# hearings of a phrase still being spoken, and naive.
CONFIGS = (("trainer", 0.5, 2.0), ("no-partials", 0.5, None), ("naive", 10.0, None))


def run(
    name: str, clips, synth, recognizer, decode_after_s: float, partial_every_s: float | None
) -> list[float]:
    from trainer.audio.stream import VirtualMicrophone
    from trainer.calls.scenario import find
    from trainer.calls.session import CallOptions, LineBank, TimedSpeaker, run_call
    from trainer.live import LiveDisplay

    scenario = find(name)
    mic = VirtualMicrophone()
    pending = list(clips)

    def next_turn() -> bool:
        if not pending:
            return False
        mic.feed(pending.pop(0))
        return True

    lines = LineBank.for_scenario(synth, scenario)
    options = CallOptions(seed=1, decode_after_s=decode_after_s, partial_every_s=partial_every_s)
    record = run_call(
        scenario,
        mic,
        TimedSpeaker(),
        recognizer,
        lines,
        LiveDisplay(io.StringIO(), tty=False),
        options,
        next_turn,
        lambda: mic.playing,
    )
    return record.reply_gaps_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="runs of each call (default 1)")
    ap.add_argument("--engines", default="system,hibari", help="voice engines to compare")
    ap.add_argument(
        "--configs",
        default=",".join(c[0] for c in CONFIGS),
        help="which of " + ", ".join(c[0] for c in CONFIGS) + " to run (default: all)",
    )
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["TRAINER_HOME"] = tempfile.mkdtemp(prefix="bench-call-")

    from trainer import bootstrap
    from trainer.calls.session import caller_turn
    from trainer.speech.voices import profile

    synth = bootstrap.synthesizer()
    recognizer = bootstrap.recognizer()
    recognizer.load()
    caller = profile("caller")
    turns = {
        name: [caller_turn(caller.render(synth, t)) for t in texts] for name, texts in CALLS.items()
    }
    results: dict[str, list[float]] = {}
    started = time.monotonic()
    for engine in args.engines.split(","):
        os.environ["TRAINER_NEURAL"] = "0" if engine == "system" else "1"
        for _ in range(args.repeat):
            for name in CALLS:
                for config, decode_after, partials in CONFIGS:
                    if config not in args.configs.split(","):
                        continue
                    gaps = run(name, turns[name], synth, recognizer, decode_after, partials)
                    results.setdefault(f"{engine}/{config}", []).extend(gaps)
                    print(
                        f"{name:<16} {engine}/{config:<8} gaps "
                        f"{', '.join(f'{g:.3f}' for g in gaps)}",
                        file=sys.stderr,
                    )
    rows = []
    for config, gaps in results.items():
        gaps = sorted(gaps)
        p90 = gaps[min(len(gaps) - 1, int(round(0.9 * (len(gaps) - 1))))]
        rows.append(
            [
                config,
                str(len(gaps)),
                f"{statistics.median(gaps):.3f}",
                f"{p90:.3f}",
                f"{max(gaps):.3f}",
            ]
        )
    print(
        f"Reply gap: end-of-turn decision -> first sound of the reply, seconds "
        f"({time.monotonic() - started:.0f} s of calls)"
    )
    print(table(["config", "replies", "median", "p90", "max"], rows))
    for key, gaps in results.items():
        if key.endswith("/trainer"):
            worst, median = max(gaps), statistics.median(gaps)
            verdict = "met" if median <= TARGET_S else "MISSED"
            print(
                f"{key.split('/')[0]}: median gap {median:.3f} s, worst {worst:.3f} s "
                f"(target: median <= {TARGET_S} s: {verdict})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
