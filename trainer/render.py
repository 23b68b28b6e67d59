"""The terminal report: checklist with marks, quotes and tips, then a delivery table."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable

from trainer.callreport import CallReport
from trainer.scoring.adherence import Adherence
from trainer.scoring.delivery import PACE_BAND, pace_off, pace_shown
from trainer.scoring.feedback import LABELS, Feedback, ScorePart

PART_NAMES = {
    "identification": "name",
    "purpose": "purpose",
    "time_request": "time ask",
    "convenience_check": "convenience",
    "name_first": "name first",
    "purpose_early": "purpose early",
    "pace": "pace",
    "fillers": "fillers",
    "pauses": "pauses",
    "length": "length",
    "delivery": "delivery",
    "hedges": "apologies",
    "asks_for_job": "job ask",
}
NBSP = "\u00a0"


def _style(code: str, text: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def use_color(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def report(
    fb: Feedback,
    title: str,
    color: bool = False,
    script_label: str = "your script",
    clean: Callable[[str], str] | None = None,
) -> str:
    """The report of one take; a stored attempt is read back into a Feedback, so it renders
    as it did when it was scored.

    `clean` (`printable` on a terminal) is applied to every piece of text the report quotes
    before it is laid out, so the colours added here are never stripped. Each tip is printed
    once: under its part, as the fix first, or in the list at the end.
    """
    c = clean or _as_is

    def cn(text: str | None) -> str | None:
        return None if text is None else c(text)

    ok = _style("32", "[x]", color)
    miss = _style("31", "[ ]", color)
    warn = _style("33", "[!]", color)
    lines = [_style("1", f"== {title} ==", color), ""]
    lines.append("Transcript:")
    lines.append(f'  "{c(fb.transcript.text)}"')
    lines.append("")
    lines.append(f"Score: {_style('1', str(fb.score), color)}/100")
    lines.extend(score_lines(fb.score_breakdown, c))
    top_fix = c(fb.top_fix)
    lines.append(f"Fix first: {top_fix}")
    lines.append("")
    lines.append("The four parts of the intro:")
    for name, r in fb.elements.items():
        tip, evidence = cn(r.tip), cn(r.evidence)
        mark = ok if r.covered and not tip else warn if r.covered else miss
        when = f" at {r.at_s:.1f}s" if r.at_s is not None else ""
        lines.append(f"  {mark} {LABELS[name]}")
        if evidence:
            replay = f" (on a {r.replay_speed:g}x replay)" if r.replay_speed else ""
            lines.append(f'        heard{when}{replay}: "{evidence}"')
        if tip == top_fix:
            lines.append("        tip: the fix first, above")
        elif tip:
            lines.append(f"        tip: {tip}")
    if fb.flags["asks_for_job"]:
        quotes = "; ".join(f'"{c(q)}"' for q in fb.flag_evidence["asks_for_job"])
        lines.append(f"  {warn} Sounds like asking for a job: {quotes}")
    elif fb.flags.get("asks_for_job_unclear"):
        quotes = "; ".join(f'"{c(q)}"' for q in fb.flag_evidence["asks_for_job_unclear"])
        lines.append(
            f"  [?] Heard unclearly, so not counted as a job ask: {quotes}; if you asked for a "
            "job there, leave it out"
        )
    referral = cn(fb.referral)
    said = f'mentioned: "{referral}"' if referral else "not mentioned (fine if you have none)"
    lines.append(f"  {ok if referral else '[-]'} Referral {said}")
    order = fb.order
    lines.append(
        f"  {ok if order['name_first'] else warn} Name first   "
        f"{ok if order['purpose_early'] else warn} Purpose early"
    )
    lines.append("")
    lines.append("Delivery:")
    d = fb.delivery
    rows: list[tuple[str, str]] = []
    if d.duration_s is not None:
        rows.append(("Length", f"{d.duration_s:.1f} s (speaking {d.speaking_s:.1f} s)"))
        band = f"aim {PACE_BAND[0]}-{PACE_BAND[1]}"
        wpm = d.words_per_minute
        off = pace_off(wpm)
        verdict = "" if not off else ", too fast" if off > 0 else ", too slow"
        rows.append(("Pace", f"{pace_shown(wpm)} words/min ({band}{verdict})"))
    else:
        rows.append(("Words", f"{d.word_count} (pace not measured on typed text)"))
    heard = {c(k): v for k, v in d.fillers.items()}
    fillers = ", ".join(f"{k} x{v}" for k, v in heard.items()) or "none heard"
    fpm = d.fillers_per_minute
    rate = f" ({fpm:.1f}/min)" if fpm is not None else ""
    rows.append(("Fillers", f"{d.filler_count}{rate}: {fillers}"))
    if d.longest_pause_s is not None:
        rows.append(("Long pauses", f"{len(d.pauses)} (longest gap {d.longest_pause_s:.1f} s)"))
    rows.append(("Hedges", "; ".join(f'"{c(h)}"' for h in d.hedges) or "none"))
    width = max(len(k) for k, _ in rows)
    lines.extend(f"  {k.ljust(width)}  {v}" for k, v in rows)
    if fb.adherence is not None:
        lines.append("")
        lines.extend(adherence_lines(fb.adherence, script_label, warn, c))
    shown = {cn(r.tip) for r in fb.elements.values()}
    more = [tip for tip in map(c, fb.tips[1:]) if tip not in shown]
    if more:
        lines.append("")
        lines.append("Also worth working on:")
        lines.extend(f"  - {tip}" for tip in more)
    return "\n".join(lines) + "\n"


def _as_is(text: str) -> str:
    return text


def score_lines(breakdown: list[ScorePart], clean: Callable[[str], str] | None = None) -> list[str]:
    """What the score is made of, and why each lost point was lost (reports before 0.x have
    no breakdown: nothing is shown)."""
    if not breakdown:
        return []
    c = clean or _as_is
    made = ", ".join(
        (f"{PART_NAMES.get(p.part, p.part)} {p.points}").replace(" ", NBSP)
        + (f"/{p.max}" if p.max else "")
        for p in breakdown
    )
    # Non-breaking spaces inside an item keep "purpose early 3/3" on one line.
    wrapped = textwrap.wrap(made, 96, initial_indent="  made of: ", subsequent_indent=" " * 11)
    lines = [line.replace(NBSP, " ") for line in wrapped]
    for p in breakdown:
        if p.points < p.max or p.points < 0:
            lost = p.max - p.points
            lines.append(f"  -{lost} {PART_NAMES.get(p.part, p.part)}: {c(p.why)}")
    return lines


def adherence_lines(
    a: Adherence, script_label: str, warn: str, clean: Callable[[str], str] | None = None
) -> list[str]:
    c = clean or _as_is
    lines = [f"Against {script_label}: {a.similarity:.0f}% similar"]
    for part in a.skipped:
        lines.append(f'  you skipped: "{c(part)}"')
    for part in a.added:
        lines.append(f'  you added:   "{c(part)}"')
    if a.lost_elements:
        lost = ", ".join(LABELS[n] for n in a.lost_elements)
        lines.append(f"  {warn} in {script_label} but not said: {lost}")
    return lines


def call_report(report: CallReport, title: str | None = None) -> str:
    """A mock call's report (calls/report.py builds it); a stored call is read back into a
    CallReport, so it renders as it did when the call ended."""
    roles = report.roles
    out = [title] if title else []
    out += [
        f"Call: {report.scenario}   outcome: {report.outcome.replace('_', ' ')}"
        f"   score: {report.score}/100",
        "",
    ]
    out.append("Transcript")
    for t in report.turns:
        who = "You" if t.role == "caller" else roles.get(t.role, t.role)
        out.append(f"  {t.start_s:6.1f}s  {who}: {t.text or '(silence)'}")
    out += ["", "What you got across"]
    for name, e in report.elements.items():
        if not e.expected and not e.covered:
            continue
        label = LABELS.get(name, "Leave a way to reach you")
        mark = "[x]" if e.covered else "[ ]"
        when = f" at {e.at_s:.1f}s" if e.covered and e.at_s is not None else ""
        quote = f' "{e.evidence}"' if e.covered and e.evidence else ""
        out.append(f"  {mark} {label}{when}{quote}")
        if not e.covered and e.tip and e.tip != report.top_fix:
            out.append(f"      tip: {e.tip}")
    if report.flags.get("asks_for_job_unclear") and not report.flags.get("asks_for_job"):
        unsure = "; ".join(f'"{q}"' for q in report.flag_evidence.get("asks_for_job_unclear", []))
        out.append(f"  [?] Heard unclearly, so not counted as a job ask: {unsure}")
    if report.objections:
        out += ["", "Objections"]
        for o in report.objections:
            verdict = {True: "handled", False: "not handled", None: "-"}[o.handled]
            out.append(f'  "{o.objection}" -> {verdict}: "{o.reply or "(silence)"}"')
    q = report.questions
    # Only where the call takes questions, and never an empty "Questions asked: 0" section.
    if q.expected and (q.asked or report.planned_questions):
        out += ["", f"Questions asked: {q.asked} ({q.open} open, {q.yes_no} yes/no)"]
    for item in report.questions_asked:
        kind = "open" if item.open else "yes/no"
        ids = f", {', '.join(item.ids)}" if item.ids else ""
        out.append(f"  - {item.text} ({kind}{ids})")
    if report.planned_questions:
        out.append("  Your plan:")
        for p in report.planned_questions:
            out.append(f"    {'[x]' if p.asked else '[ ]'} {p.text}")
    t, d = report.timing, report.delivery
    out += ["", "Timing and delivery"]
    ratio = t.talk_listen_ratio or 0.0
    out.append(
        f"  call {t.duration_s:.0f}s; you talked {t.caller_talk_s:.0f}s, they "
        f"talked {t.other_talk_s:.0f}s (talk/listen {ratio:.2f})"
    )
    if t.time_to_purpose_s is not None:
        out.append(f"  purpose stated {t.time_to_purpose_s:.1f}s into the call")
    if d.words_per_minute:
        pace = pace_shown(d.words_per_minute)
        out.append(
            f"  pace {pace} wpm (aim {PACE_BAND[0]}-{PACE_BAND[1]}), fillers {d.filler_count}"
        )
    if t.reply_gap_mean_s is not None:
        out.append(f"  reply gap (your turn ends -> they speak): mean {t.reply_gap_mean_s:.2f}s")
    out += ["", f"Fix first: {report.top_fix}"]
    shown = {e.tip for e in report.elements.values() if not e.covered}
    more = [tip for tip in report.tips[1:] if tip not in shown]
    if more:
        out += ["Also worth working on:", *(f"  - {tip}" for tip in more)]
    if report.score_breakdown:
        made = ", ".join(
            f"{p.part.replace('_', ' ')} {p.points}/{p.max}" for p in report.score_breakdown
        )
        out.append(f"Score {report.score} = {made}")
        out += [
            f"  -{p.max - p.points} {p.part.replace('_', ' ')}: {p.why}"
            for p in report.score_breakdown
            if p.points < p.max
        ]
    return "\n".join(out) + "\n"
