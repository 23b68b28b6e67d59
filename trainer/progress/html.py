"""`trainer report --html`: one self-contained page (inline CSS and SVG, no scripts, no network)
to print for a career adviser: charts over dated axes with legends, filters for intro takes and
mock calls, every attempt in a table, and the latest feedback. Every piece of user text is
escaped. The filters are CSS radio buttons, so the page needs no JavaScript."""

from __future__ import annotations

import math
import os
from datetime import datetime
from html import escape

from trainer.callreport import Element
from trainer.progress.stats import summarize
from trainer.progress.store import Attempt
from trainer.scoring.delivery import PACE_BAND, pace_shown
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import LABELS

W, H = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40  # plot margins, room for tick labels
TAKE_COLOR, CALL_COLOR = "#2f6fdb", "#d9822b"
MODES = {"score": "audio file", "text": "typed", "practice": "practice", "call": "call"}
VIEWS = (
    ("all", "Everything", lambda a: True),
    ("takes", "Intro takes", lambda a: a.mode != "call"),
    ("calls", "Mock calls", lambda a: a.mode == "call"),
)
PART_LABELS = {**LABELS, "contact": "Leave a way to reach you"}
SHORT = {
    "identification": "Name",
    "purpose": "Purpose",
    "time_request": "Time",
    "convenience_check": "Convenient",
}

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5rem auto;max-width:60rem;
padding:0 1rem;color:#1d2330;background:#fafbfc;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
.figures{display:flex;gap:.8rem;flex-wrap:wrap}.fig{background:#fff;border:1px solid #dde2ea;
border-radius:8px;padding:.5rem .9rem;min-width:7rem;flex:1 1 7rem}
.fig b{display:block;font-size:1.4rem}
.chart-wrap{overflow-x:auto}
.chart{display:block;width:100%;min-width:30rem;height:auto;background:#fff;
border:1px solid #dde2ea;border-radius:8px}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.85rem;margin:.3rem 0 0 .2rem}
.legend i{display:inline-block;width:1.4rem;height:.7rem;margin-right:.35rem;
vertical-align:middle;border-radius:2px;border:1px solid #ccd3de}
.ok{color:#1a7f37}.miss{color:#c62828}.warn{color:#b26a00}.na{color:#889}
blockquote{margin:.2rem 0 .6rem 1.4rem;color:#444}.focus{background:#fff6d6;padding:.6rem 1rem;
border-radius:8px;border:1px solid #f0d98c}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;margin:1.5rem 0 0}
.filters label{border:1px solid #b8c2d3;border-radius:999px;padding:.25rem .9rem;cursor:pointer;
background:#fff}
.vsel{position:absolute;opacity:0}
.view{display:none}
#v-all:checked~#view-all,#v-takes:checked~#view-takes,#v-calls:checked~#view-calls{display:block}
#v-all:checked~.filters label[for=v-all],#v-takes:checked~.filters label[for=v-takes],
#v-calls:checked~.filters label[for=v-calls]{background:#1d2330;color:#fff;border-color:#1d2330}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.88rem;background:#fff}
th,td{border-bottom:1px solid #e4e8ef;padding:.3rem .5rem;text-align:left;white-space:nowrap}
td.num,th.num{text-align:right}td.what{white-space:normal;min-width:9rem;max-width:16rem;overflow-wrap:anywhere}
@media (max-width:600px){body{margin:.8rem auto}.fig b{font-size:1.15rem}}
@media print{.filters{display:none}body{background:#fff;max-width:none}
.chart,table{break-inside:avoid}h2{break-after:avoid}}
"""


def when(a: Attempt) -> datetime:
    """When an attempt was made, in local time (stored as UTC)."""
    return datetime.fromisoformat(a.created_at).astimezone()


def stamp(a: Attempt) -> str:
    return escape(when(a).strftime("%Y-%m-%d %H:%M"))


def _day(d: datetime) -> str:
    return f"{d:%b} {d.day}"


def nice_top(value: float, ticks: int = 4) -> float:
    """An axis maximum at or above `value` whose `ticks` steps are round: 13.9 -> 16,
    18.5 -> 20, 180 -> 200, 201 -> 240."""
    if value <= 0:
        return float(ticks)
    raw = value / ticks
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * step >= raw:
            return m * step * ticks
    return 10 * step * ticks


class Plot:
    """Coordinates for one chart: attempts spread along x (dated), values along y."""

    def __init__(self, attempts: list[Attempt], top: float):
        self.attempts, self.top = attempts, top

    def x(self, i: int) -> float:
        n = len(self.attempts)
        if n == 1:
            return LEFT + (W - LEFT - RIGHT) / 2
        return LEFT + (W - LEFT - RIGHT) * i / (n - 1)

    def y(self, v: float) -> float:
        return H - BOTTOM - (H - TOP - BOTTOM) * (v / self.top)

    def grid(self, unit: str) -> str:
        """Horizontal lines with their values, and the unit above them."""
        out = []
        for k in range(5):
            v = self.top * k / 4
            y = self.y(v)
            out.append(
                f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef0f4"/>'
                f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
                f'fill="#667">{v:g}</text>'
            )
        out.append(
            f'<text x="{LEFT}" y="{TOP - 4}" font-size="12" fill="#667">{escape(unit)}</text>'
        )
        return "".join(out)

    def axes(self, unit: str) -> str:
        """The grid, and a date under the first attempt of each day (where there is room)."""
        out = [self.grid(unit)]
        last_x, last_day = -1e9, None
        for i, a in enumerate(self.attempts):
            day = _day(when(a))
            x = self.x(i)
            if day == last_day or x - last_x < 56:
                continue
            last_x, last_day = x, day
            # Labels at the ends lean inwards so they are never cut off.
            anchor = "start" if x < LEFT + 24 else "end" if x > W - RIGHT - 24 else "middle"
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{H - BOTTOM}" y2="{H - BOTTOM + 4}" '
                f'stroke="#99a"/><text class="date" x="{x:.1f}" y="{H - BOTTOM + 17}" '
                f'font-size="12" text-anchor="{anchor}" fill="#334">{escape(day)}</text>'
            )
        out.append(
            f'<text x="{W - RIGHT}" y="{H - 6}" font-size="12" text-anchor="end" fill="#667">'
            "attempts, oldest to newest (date of practice)</text>"
        )
        return "".join(out)

    def series(self, values: list[float | None], color: str, name: str, unit: str = "") -> str:
        pts = [(i, v) for i, v in enumerate(values) if v is not None]
        if not pts:
            return ""
        line = " ".join(f"{self.x(i):.1f},{self.y(v):.1f}" for i, v in pts)
        dots = "".join(
            f'<circle cx="{self.x(i):.1f}" cy="{self.y(v):.1f}" r="3.5" fill="{color}">'
            f"<title>#{self.attempts[i].id} {stamp(self.attempts[i])} {escape(name)}: "
            f"{v:g}{unit}</title></circle>"
            for i, v in pts
        )
        return (
            f'<polyline class="series" data-name="{escape(name)}" points="{line}" fill="none" '
            f'stroke="{color}" stroke-width="2"/>{dots}'
        )


def _svg(chart_id: str, label: str, body: str) -> str:
    """A chart that scales with the page (down to a readable minimum, then scrolls)."""
    return (
        f'<div class="chart-wrap"><svg id="{chart_id}" class="chart" viewBox="0 0 {W} {H}" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{escape(label)}">'
        f"{body}</svg></div>"
    )


def legend(items: list[tuple[str, str]]) -> str:
    spans = "".join(
        f'<span><i style="background:{color}"></i>{escape(text)}</span>' for color, text in items
    )
    return f'<div class="legend">{spans}</div>'


def score_chart(attempts: list[Attempt], view: str) -> str:
    plot = Plot(attempts, 100)
    takes = [None if a.mode == "call" else float(a.score) for a in attempts]
    calls = [float(a.score) if a.mode == "call" else None for a in attempts]
    body = plot.axes("score (0-100)")
    items = []
    if any(v is not None for v in takes):
        body += plot.series(takes, TAKE_COLOR, "intro take score")
        items.append((TAKE_COLOR, "intro takes (score, typed and practice)"))
    if any(v is not None for v in calls):
        body += plot.series(calls, CALL_COLOR, "call score")
        items.append((CALL_COLOR, "mock calls"))
    return _svg(f"chart-score-{view}", "Score over time", body) + legend(items)


def _coverage(attempts: list[Attempt], name: str) -> float | None:
    counted = [a.summary for a in attempts if a.summary.expects(name)]
    if not counted:
        return None
    return sum(s.said(name) for s in counted) / len(counted)


def elements_chart(attempts: list[Attempt], view: str) -> str:
    plot = Plot(attempts, 100)
    group = (W - LEFT - RIGHT) / len(ELEMENTS)
    bar_w = min(52.0, group / 2 - 10)
    parts = [plot.grid("% of attempts where the part was said (only where it was expected)")]
    for i, name in enumerate(ELEMENTS):
        x0 = LEFT + i * group + group / 2 - bar_w - 2
        for j, (subset, color, what) in enumerate(
            ((attempts, "#9db7e8", "all attempts"), (attempts[-5:], TAKE_COLOR, "last 5"))
        ):
            value = _coverage(subset, name)
            x = x0 + j * (bar_w + 4)
            if value is None:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{H - BOTTOM - 6}" font-size="11" '
                    f'text-anchor="middle" fill="#889">n/a</text>'
                )
                continue
            y = plot.y(value * 100)
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{H - BOTTOM - y:.1f}" fill="{color}"><title>{escape(LABELS[name])}, '
                f"{what}: {value * 100:.0f}%</title></rect>"
                f'<text x="{x + bar_w / 2:.1f}" y="{max(y - 4, TOP + 8):.1f}" font-size="11" '
                f'text-anchor="middle" fill="#334">{value * 100:.0f}%</text>'
            )
        parts.append(
            f'<text x="{LEFT + i * group + group / 2:.1f}" y="{H - BOTTOM + 17}" font-size="12" '
            f'text-anchor="middle" fill="#334">{escape(SHORT[name])}</text>'
        )
    items = [
        ("#9db7e8", "all attempts"),
        (TAKE_COLOR, "last 5 attempts"),
        ("#fff", "n/a: no attempt here was expected to say it"),
    ]
    return _svg(f"chart-elements-{view}", "Coverage per part", "".join(parts)) + legend(items)


def pace_chart(attempts: list[Attempt], view: str) -> str:
    wpm = [a.summary.words_per_minute for a in attempts]
    measured = [v for v in wpm if v is not None]
    plot = Plot(attempts, nice_top(max(measured + [PACE_BAND[1] + 20])))
    band = (
        f'<rect x="{LEFT}" y="{plot.y(PACE_BAND[1]):.1f}" width="{W - LEFT - RIGHT}" '
        f'height="{plot.y(PACE_BAND[0]) - plot.y(PACE_BAND[1]):.1f}" fill="#e3f4e8">'
        f"<title>target pace {PACE_BAND[0]}-{PACE_BAND[1]} words/min</title></rect>"
    )
    body = band + plot.axes("words per minute") + _empty(measured)
    body += plot.series(wpm, "#1a7f37", "pace", " words/min")
    items = [
        ("#1a7f37", "your pace"),
        ("#e3f4e8", f"target {PACE_BAND[0]}-{PACE_BAND[1]} words/min"),
    ]
    return _svg(f"chart-pace-{view}", "Pace", body) + legend(items)


def fillers_chart(attempts: list[Attempt], view: str) -> str:
    fpm = [a.summary.fillers_per_minute for a in attempts]
    measured = [v for v in fpm if v is not None]
    plot = Plot(attempts, nice_top(max(measured + [5.0])))
    body = plot.axes("fillers per minute") + _empty(measured)
    body += plot.series(fpm, "#c62828", "fillers", " a minute")
    return _svg(f"chart-fillers-{view}", "Fillers", body) + legend(
        [("#c62828", "fillers a minute (um, uh, you know...): under 3 goes unnoticed")]
    )


def _empty(measured: list) -> str:
    if measured:
        return ""
    return (
        f'<text x="{W / 2}" y="{H / 2}" font-size="14" text-anchor="middle" fill="#667">'
        "No spoken takes here yet: pace and fillers are measured on audio.</text>"
    )


def _mark(a: Attempt, name: str) -> str:
    if not a.summary.expects(name):
        return '<td class="na" title="not expected in this call">&ndash;</td>'
    if a.summary.said(name):
        return '<td class="ok">&#10003;</td>'
    return '<td class="miss">&#10007;</td>'


def _what(a: Attempt) -> str:
    if a.mode == "call":
        outcome = a.call.outcome.replace("_", " ")
        return f"{a.scenario or 'call'}: {outcome}"
    if a.mode == "score" and a.source:
        return os.path.basename(a.source)
    return a.transcript[:60] + ("..." if len(a.transcript) > 60 else "")


def attempts_table(attempts: list[Attempt]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "Date", "Kind", "What"))
    head += '<th class="num">Score</th>' + "".join(f"<th>{SHORT[n]}</th>" for n in ELEMENTS)
    head += '<th class="num">Pace</th><th class="num">Fillers/min</th>'
    rows = []
    for a in reversed(attempts):
        wpm, fpm = a.summary.words_per_minute, a.summary.fillers_per_minute
        rows.append(
            f"<tr><td>{a.id}</td><td>{stamp(a)}</td>"
            f"<td>{escape(MODES.get(a.mode, a.mode))}</td>"
            f'<td class="what">{escape(_what(a))}</td><td class="num"><b>{a.score}</b></td>'
            + "".join(_mark(a, n) for n in ELEMENTS)
            + f'<td class="num">{"-" if wpm is None else pace_shown(wpm)}</td>'
            f'<td class="num">{"-" if fpm is None else f"{fpm:.1f}"}</td></tr>'
        )
    return (
        f'<div class="table-wrap"><table class="attempts"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="na">&#10003; said, &#10007; missed, &ndash; not expected in that call</p>'
    )


def latest_feedback(a: Attempt) -> str:
    """The newest attempt's parts, leaving out those its call did not expect."""
    r = a.call if a.mode == "call" else a.feedback
    items = []
    for name, e in r.elements.items():
        if isinstance(e, Element) and not e.expected and not e.covered:
            continue
        cls, mark = ("ok", "&#10003;") if e.covered else ("miss", "&#10007;")
        body = f'<span class="{cls}">{mark}</span> {escape(PART_LABELS.get(name, name))}'
        if e.evidence:
            body += f"<blockquote>&ldquo;{escape(e.evidence)}&rdquo;</blockquote>"
        if e.tip and not e.covered:
            body += f'<blockquote class="warn">{escape(e.tip)}</blockquote>'
        items.append(f"<li>{body}</li>")
    kind = escape(MODES.get(a.mode, a.mode))
    if a.mode == "call":
        kind += f" ({escape(_what(a))})"
    return (
        f"<p>Attempt #{a.id} ({kind}, {stamp(a)}): <b>{a.score}/100</b></p>"
        f'<p class="focus">Fix first: {escape(r.top_fix)}</p>'
        f"<ul>{''.join(items)}</ul>"
        f"<h3>What you said</h3><blockquote>{escape(a.transcript)}</blockquote>"
        + (f"<h3>Script</h3><blockquote>{escape(a.script)}</blockquote>" if a.script else "")
    )


def view(key: str, attempts: list[Attempt]) -> str:
    if not attempts:
        what = "mock calls" if key == "calls" else "intro takes"
        return f'<div class="view" id="view-{key}"><p>No {what} yet.</p></div>'
    spoken = [a for a in attempts if a.summary.words_per_minute is not None]
    return (
        f'<div class="view" id="view-{key}">'
        f"<h2>Score over time</h2>{score_chart(attempts, key)}"
        f"<h2>The four parts</h2>{elements_chart(attempts, key)}"
        f"<h2>Pace</h2>{pace_chart(spoken or attempts, key)}"
        f"<h2>Fillers</h2>{fillers_chart(spoken or attempts, key)}"
        f"<h2>Latest feedback</h2>{latest_feedback(attempts[-1])}"
        f"<h2>All attempts ({len(attempts)})</h2>{attempts_table(attempts)}</div>"
    )


def render(attempts: list[Attempt], profile: str) -> str:
    summary = summarize(attempts)
    figures = [
        ("Attempts", summary["attempts"]),
        ("Days practised", summary["days_practised"]),
        ("Streak (days)", summary["streak_days"]),
        ("Best score", summary["best_score"]),
        ("Latest score", summary["latest_score"]),
    ]
    figs = "".join(
        f'<div class="fig">{escape(k)}<b>{escape("-" if v is None else str(v))}</b></div>'
        for k, v in figures
    )
    span = ""
    if attempts:
        span = f", {_day(when(attempts[0]))} to {_day(when(attempts[-1]))} {when(attempts[-1]):%Y}"
    body = (
        f"<h1>Your rehearsal progress</h1><p>Profile: {escape(profile)}{escape(span)}</p>"
        f'<div class="figures">{figs}</div>'
        f'<h2>Next focus</h2><p class="focus">{escape(summary["next_focus"])}</p>'
    )
    if attempts:
        radios, labels, views = [], [], []
        for i, (key, title, keep) in enumerate(VIEWS):
            chosen = [a for a in attempts if keep(a)]
            checked = " checked" if i == 0 else ""
            radios.append(f'<input type="radio" name="view" id="v-{key}" class="vsel"{checked}>')
            labels.append(f'<label for="v-{key}">{escape(title)} ({len(chosen)})</label>')
            views.append(view(key, chosen))
        body += (
            "".join(radios)
            + f'<div class="filters" role="group" aria-label="Show">{"".join(labels)}</div>'
            + "".join(views)
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>trainer progress: {escape(profile)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
