"""What the history says: counts, streaks, trends and the one thing to focus on next. Pure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from statistics import mean

from trainer.progress.store import Attempt
from trainer.scoring.delivery import PACE_BAND, pace_off, pace_shown
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import LABELS

RECENT = 5  # "your last 5 takes"
TREND = 20  # attempts shown in the score trend
SPARKS = "▁▂▃▄▅▆▇█"


def local_day(iso: str) -> date:
    return datetime.fromisoformat(iso).astimezone().date()


def streak(days: set[date], today: date) -> int:
    """Consecutive practice days ending today (or yesterday, so the day isn't over yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def sparkline(values: list[float], lo: float = 0, hi: float = 100) -> str:
    span = max(hi - lo, 1e-9)
    return "".join(SPARKS[min(int((v - lo) / span * (len(SPARKS) - 1) + 0.5), 7)] for v in values)


def _rate(attempts: list[Attempt], element: str) -> float | None:
    """How often the part was said where it was asked for (a receptionist needs no time
    request), or None when no attempt asked for it."""
    counted = [a.summary for a in attempts if a.summary.expects(element)]
    if not counted:
        return None
    return round(sum(s.said(element) for s in counted) / len(counted), 2)


def _avg(values: list[float | None]) -> float | None:
    measured = [v for v in values if v is not None]
    return round(mean(measured), 1) if measured else None


def _pace(attempts: list[Attempt]) -> float | None:
    return _avg([a.summary.words_per_minute for a in attempts])


def _fillers(attempts: list[Attempt]) -> float | None:
    return _avg([a.summary.fillers_per_minute for a in attempts])


def summarize(attempts: list[Attempt], today: date | None = None) -> dict:
    """The figures behind `trainer progress`; attempts are oldest first."""
    today = today or date.today()
    days = {local_day(a.created_at) for a in attempts}
    recent, before = attempts[-RECENT:], attempts[:-RECENT]
    scores = [a.score for a in attempts]
    trend = scores[-TREND:]
    elements = {
        name: {"recent_rate": _rate(recent, name), "before_rate": _rate(before, name)}
        for name in ELEMENTS
    }
    delivery = {
        key: {"recent": measure(recent), "before": measure(before)}
        for key, measure in (("words_per_minute", _pace), ("fillers_per_minute", _fillers))
    }
    return {
        "attempts": len(attempts),
        "days_practised": len(days),
        "streak_days": streak(days, today) if days else 0,
        "first_at": attempts[0].created_at if attempts else None,
        "latest_at": attempts[-1].created_at if attempts else None,
        "best_score": max(scores) if scores else None,
        "latest_score": scores[-1] if scores else None,
        "average_recent": round(mean(s.score for s in recent), 1) if recent else None,
        "average_before": round(mean(s.score for s in before), 1) if before else None,
        "trend": trend,
        "sparkline": sparkline(trend) if trend else "",
        "elements": elements,
        "delivery": delivery,
        "job_asks_recent": sum(a.summary.asks_for_job for a in recent),
        "next_focus": next_focus(recent),
    }


def next_focus(recent: list[Attempt]) -> str:
    if not recent:
        return "Score your first take: `trainer score take.wav` or `trainer demo`."
    n = len(recent)
    last = "take" if n == 1 else f"{n} takes"
    job = sum(a.summary.asks_for_job for a in recent)
    if job:
        return (
            f"You asked for a job in {job} of your last {last}: ask for information and advice "
            "instead."
        )
    missed = {
        name: sum(a.summary.expects(name) and not a.summary.said(name) for a in recent)
        for name in ELEMENTS
    }
    worst = max(ELEMENTS, key=lambda name: missed[name])  # ties go to the earlier element
    if missed[worst]:
        what = {
            "identification": "skipped saying your name",
            "purpose": "didn't state your purpose",
            "time_request": "didn't ask for a bounded time",
            "convenience_check": "skipped the convenience check",
        }[worst]
        return f"You {what} in {missed[worst]} of your last {last}. {LABELS[worst]}."
    wpm = _pace(recent)
    if wpm is not None and pace_off(wpm):
        direction = "Slow down" if pace_off(wpm) > 0 else "Speed up a little"
        return (
            f"{direction}: {pace_shown(wpm)} words a minute lately; "
            f"aim for {PACE_BAND[0]}-{PACE_BAND[1]}."
        )
    fpm = _fillers(recent)
    if fpm is not None and fpm > 3:
        return f"Cut the fillers: {fpm:.1f} a minute lately; pause silently instead."
    return "All four parts are there: keep rehearsing until it feels natural, then make the call."
