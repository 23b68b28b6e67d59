"""`trainer report --html`: one self-contained page (inline CSS and SVG, no scripts, no network)
with charts of the history and the latest feedback. Every piece of user text is escaped."""

from __future__ import annotations

from html import escape

from trainer.progress.stats import summarize
from trainer.progress.store import Attempt
from trainer.scoring.delivery import PACE_BAND
from trainer.scoring.elements import ELEMENTS
from trainer.scoring.feedback import LABELS

W, H, PAD = 640, 220, 36

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:760px;
color:#1d2330;background:#fafbfc;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
.figures{display:flex;gap:1rem;flex-wrap:wrap}.fig{background:#fff;border:1px solid #dde2ea;
border-radius:8px;padding:.6rem 1rem;min-width:7rem}.fig b{display:block;font-size:1.4rem}
svg{background:#fff;border:1px solid #dde2ea;border-radius:8px}
.ok{color:#1a7f37}.miss{color:#c62828}.warn{color:#b26a00}
blockquote{margin:.2rem 0 .6rem 1.4rem;color:#444}.focus{background:#fff6d6;padding:.6rem 1rem;
border-radius:8px;border:1px solid #f0d98c}
"""


def _x(i: int, n: int) -> float:
    return PAD + (W - 2 * PAD) * (i / max(n - 1, 1))


def _y(v: float, lo: float, hi: float) -> float:
    return H - PAD - (H - 2 * PAD) * ((v - lo) / max(hi - lo, 1e-9))


def _axes(lo: float, hi: float, label: str) -> str:
    ticks = []
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = _y(v, lo, hi)
        ticks.append(
            f'<line x1="{PAD}" x2="{W - PAD}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef0f4"/>'
            f'<text x="{PAD - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#667">{v:.0f}</text>'
        )
    return "".join(ticks) + (
        f'<text x="{PAD}" y="16" font-size="12" fill="#334">{escape(label)}</text>'
    )


def _series(values: list[float | None], lo: float, hi: float, color: str, name: str) -> str:
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if not pts:
        return ""
    n = len(values)
    path = " ".join(f"{_x(i, n):.1f},{_y(v, lo, hi):.1f}" for i, v in pts)
    dots = "".join(
        f'<circle cx="{_x(i, n):.1f}" cy="{_y(v, lo, hi):.1f}" r="3.5" fill="{color}">'
        f"<title>{escape(name)} #{i + 1}: {v:g}</title></circle>"
        for i, v in pts
    )
    return (
        f'<polyline class="series" data-name="{escape(name)}" points="{path}" fill="none" '
        f'stroke="{color}" stroke-width="2"/>{dots}'
    )


def score_chart(attempts: list[Attempt]) -> str:
    scores = [float(a.score) for a in attempts]
    return (
        f'<svg id="chart-score" class="chart" width="{W}" height="{H}" role="img" '
        f'aria-label="Score over time">{_axes(0, 100, "Score (0-100) per attempt")}'
        f"{_series(scores, 0, 100, '#2f6fdb', 'score')}</svg>"
    )


def elements_chart(summary: dict, attempts: list[Attempt]) -> str:
    bar_w, gap = 46, 18
    group_w = 2 * bar_w + gap
    parts = [_axes(0, 100, "Coverage per element (%): all attempts vs last 5")]
    for i, name in enumerate(ELEMENTS):
        overall = sum(bool(a.elements[name]["covered"]) for a in attempts) / max(len(attempts), 1)
        recent = summary["elements"][name]["recent_rate"] or 0.0
        x0 = PAD + 20 + i * (group_w + 20)
        for j, (value, color, what) in enumerate(
            ((overall, "#9db7e8", "all"), (recent, "#2f6fdb", "last 5"))
        ):
            y = _y(value * 100, 0, 100)
            parts.append(
                f'<rect class="bar" x="{x0 + j * (bar_w + 4)}" y="{y:.1f}" width="{bar_w}" '
                f'height="{H - PAD - y:.1f}" fill="{color}"><title>{escape(LABELS[name])}, '
                f"{what}: {value * 100:.0f}%</title></rect>"
            )
        short = name.replace("_", " ")
        parts.append(
            f'<text x="{x0 + bar_w}" y="{H - PAD + 16}" font-size="11" text-anchor="middle" '
            f'fill="#334">{escape(short)}</text>'
        )
    return (
        f'<svg id="chart-elements" class="chart" width="{W}" height="{H}" role="img" '
        f'aria-label="Coverage per element">{"".join(parts)}</svg>'
    )


def delivery_chart(attempts: list[Attempt]) -> str:
    wpm = [a.delivery.get("words_per_minute") for a in attempts]
    fpm = [a.delivery.get("fillers_per_minute") for a in attempts]
    top = max([v for v in wpm if v is not None] + [PACE_BAND[1] + 20])
    fpm_scaled = [None if v is None else min(v * 10, top) for v in fpm]
    band = (
        f'<rect x="{PAD}" y="{_y(PACE_BAND[1], 0, top):.1f}" width="{W - 2 * PAD}" '
        f'height="{_y(PACE_BAND[0], 0, top) - _y(PACE_BAND[1], 0, top):.1f}" fill="#e3f4e8">'
        f"<title>target pace {PACE_BAND[0]}-{PACE_BAND[1]} words/min</title></rect>"
    )
    empty = ""
    if all(v is None for v in wpm):
        empty = (
            f'<text x="{W / 2}" y="{H / 2}" font-size="14" text-anchor="middle" fill="#667">'
            "No spoken takes yet: pace and fillers are measured on audio.</text>"
        )
    return (
        f'<svg id="chart-delivery" class="chart" width="{W}" height="{H}" role="img" '
        f'aria-label="Pace and fillers">{band}{empty}'
        f"{_axes(0, top, 'Pace (words/min, green = target) and fillers per minute x10')}"
        f"{_series(wpm, 0, top, '#1a7f37', 'words per minute')}"
        f"{_series(fpm_scaled, 0, top, '#c62828', 'fillers per minute x10')}</svg>"
    )


def latest_feedback(a: Attempt) -> str:
    r = a.report
    items = []
    for name in ELEMENTS:
        e = r["elements"][name]
        cls, mark = ("ok", "&#10003;") if e["covered"] else ("miss", "&#10007;")
        body = f'<span class="{cls}">{mark}</span> {escape(LABELS[name])}'
        if e.get("evidence"):
            body += f"<blockquote>&ldquo;{escape(e['evidence'])}&rdquo;</blockquote>"
        if e.get("tip"):
            body += f'<blockquote class="warn">{escape(e["tip"])}</blockquote>'
        items.append(f"<li>{body}</li>")
    when = escape(a.created_at.replace("T", " ")[:16])
    return (
        f"<p>Attempt #{a.id} ({escape(a.mode)}, {when}): <b>{a.score}/100</b></p>"
        f'<p class="focus">Fix first: {escape(r.get("top_fix", ""))}</p>'
        f"<ul>{''.join(items)}</ul>"
        f"<h3>Transcript</h3><blockquote>{escape(a.transcript)}</blockquote>"
        + (f"<h3>Script</h3><blockquote>{escape(a.script)}</blockquote>" if a.script else "")
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
    body = (
        f"<h1>Your rehearsal progress</h1><p>Profile: {escape(profile)}</p>"
        f'<div class="figures">{figs}</div>'
        f'<h2>Next focus</h2><p class="focus">{escape(summary["next_focus"])}</p>'
    )
    if attempts:
        body += (
            f"<h2>Score over time</h2>{score_chart(attempts)}"
            f"<h2>The four parts</h2>{elements_chart(summary, attempts)}"
            f"<h2>Pace and fillers</h2>{delivery_chart(attempts)}"
            f"<h2>Latest feedback</h2>{latest_feedback(attempts[-1])}"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>trainer progress: {escape(profile)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
