"""Terminal text for the history commands (progress, history, show)."""

from __future__ import annotations

from pathlib import Path

from trainer import render
from trainer.progress.store import Attempt
from trainer.scoring.elements import ELEMENTS

NAMES = {
    "identification": "Your name",
    "purpose": "Purpose",
    "time_request": "Time request",
    "convenience_check": "Convenience check",
}
AUDIO_MISSING = "missing: moved or deleted"  # the same words in `show` and `play`
SHORT = {"identification": "N", "purpose": "P", "time_request": "T", "convenience_check": "C"}


def _pct(v: float | None) -> str:
    return "  -" if v is None else f"{v * 100:3.0f}%"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def progress(summary: dict, profile: str) -> str:
    if not summary["attempts"]:
        return f"No attempts yet in profile '{profile}'. {summary['next_focus']}\n"
    s = summary
    lines = [
        f"Progress ({profile}): {s['attempts']} attempts over {s['days_practised']} day(s), "
        f"streak {s['streak_days']} day(s)",
        f"Best score {s['best_score']}, latest {s['latest_score']}",
        f"Trend (last {len(s['trend'])}): {s['sparkline']}  {' '.join(map(str, s['trend']))}",
        "",
        "Coverage          last 5   before",
    ]
    for name in ELEMENTS:
        e = s["elements"][name]
        lines.append(f"  {NAMES[name]:<18} {_pct(e['recent_rate'])}    {_pct(e['before_rate'])}")
    d = s["delivery"]
    lines += [
        "",
        "Delivery          last 5   before",
        f"  words per minute   {_num(d['words_per_minute']['recent']):>6}  "
        f"{_num(d['words_per_minute']['before']):>6}",
        f"  fillers per minute {_num(d['fillers_per_minute']['recent']):>6}  "
        f"{_num(d['fillers_per_minute']['before']):>6}",
        "",
        f"Next focus: {s['next_focus']}",
    ]
    return "\n".join(lines) + "\n"


def history(attempts: list[Attempt]) -> str:
    if not attempts:
        return "No attempts yet.\n"
    lines = [f"{'ID':>5}  {'when':<16}  {'mode':<8}  score  parts  source"]
    for a in reversed(attempts):
        parts = "".join(SHORT[n] if a.summary.said(n) else "-" for n in ELEMENTS) + (
            "!" if a.summary.asks_for_job else ""
        )
        when = a.created_at.replace("T", " ")[:16]
        lines.append(
            f"{a.id:>5}  {when:<16}  {a.mode:<8}  {a.score:>5}  {parts:<5}  {a.source or ''}"
        )
    lines.append("parts: N name, P purpose, T time, C convenience; ! asked for a job")
    return "\n".join(lines) + "\n"


def show(a: Attempt) -> str:
    title = f"Attempt {a.id}: {a.mode}, {a.created_at.replace('T', ' ')[:16]}"
    if a.mode == "call":
        text = render.call_report(a.call, title)
    else:
        text = render.report(a.feedback, title)
    if a.audio_path:
        missing = "" if Path(a.audio_path).is_file() else f" ({AUDIO_MISSING})"
        text += f"\nAudio: {a.audio_path}{missing}\n"
    return text
