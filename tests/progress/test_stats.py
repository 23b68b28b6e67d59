"""Progress figures from a history (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tests.progress.conftest import FULL, NO_CONVENIENCE, attempt
from trainer.progress.stats import sparkline, streak, summarize


def _at(day: date, hour: int = 12) -> str:
    local = datetime(day.year, day.month, day.day, hour).astimezone()
    return local.astimezone(timezone.utc).isoformat(timespec="seconds")


def test_streak_counts_consecutive_days_up_to_today_or_yesterday():
    today = date(2026, 11, 25)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert streak(days, today) == 3
    assert streak({today - timedelta(days=1), today - timedelta(days=2)}, today) == 2
    assert streak({today - timedelta(days=3)}, today) == 0


def test_summary_of_a_history():
    today = date(2026, 11, 25)
    history = [attempt(FULL, created_at=_at(today - timedelta(days=3)))]
    history += [attempt(FULL, created_at=_at(today - timedelta(days=1))) for _ in range(2)]
    history += [attempt(NO_CONVENIENCE, created_at=_at(today)) for _ in range(3)]
    s = summarize(history, today)
    assert s["attempts"] == 6 and s["days_practised"] == 3 and s["streak_days"] == 2
    assert s["latest_score"] == history[-1].score < s["best_score"] == history[0].score
    assert s["trend"] == [a.score for a in history]
    conv = s["elements"]["convenience_check"]
    assert conv["recent_rate"] == 0.4 and conv["before_rate"] == 1.0
    assert s["elements"]["identification"]["recent_rate"] == 1.0
    assert s["next_focus"].startswith("You skipped the convenience check in 3 of your last 5")


def test_job_asks_come_first_in_next_focus():
    history = [attempt(FULL), attempt("Hi, my name is Ann. Are you hiring?")]
    assert "asked for a job in 1 of your last 2" in summarize(history)["next_focus"]


def test_empty_history_and_sparkline():
    s = summarize([])
    assert s["attempts"] == 0 and s["best_score"] is None and "first take" in s["next_focus"]
    assert sparkline([0, 50, 100]) == "▁▅█"


def test_call_parts_a_scenario_does_not_ask_for_are_not_counted_as_missed():
    gate = attempt(NO_CONVENIENCE, mode="call")
    for name in ("time_request", "convenience_check"):
        gate.elements[name] = {**gate.elements[name], "covered": False, "expected": False}
    s = summarize([attempt(FULL), gate])
    assert s["elements"]["convenience_check"]["recent_rate"] == 1.0  # only the intro counts
    assert s["elements"]["identification"]["recent_rate"] == 1.0
    assert "convenience" not in s["next_focus"]


def test_columns_kept_by_older_versions_are_read_without_guessing():
    """An attempt whose stored parts lack `expected` (before mock calls) or a part altogether,
    and whose delivery has no measures (a typed take), still counts where it can."""
    old = attempt(FULL)
    old.elements = {
        name: {"covered": e["covered"]} for name, e in old.elements.items() if name != "purpose"
    }
    old.delivery = {}
    old.flags = {"asks_for_job": True}
    spoken = attempt(FULL)
    spoken.delivery = {"words_per_minute": 150, "fillers_per_minute": 1.5}
    s = summarize([old, spoken])
    assert s["elements"]["identification"]["recent_rate"] == 1.0
    assert s["elements"]["purpose"]["recent_rate"] == 1.0  # the old one never asked for it
    assert s["delivery"]["words_per_minute"]["recent"] == 150
    assert s["job_asks_recent"] == 1
    assert old.summary.expects("identification") and not old.summary.expects("purpose")
    assert not old.summary.said("purpose")
