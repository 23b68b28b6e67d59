"""The terminal report: checklist with marks, quotes and tips, then a delivery table."""

from __future__ import annotations

import os
import sys

from trainer.scoring.delivery import PACE_BAND
from trainer.scoring.feedback import LABELS


def _style(code: str, text: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


def use_color(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def report(fb: dict, title: str, color: bool = False) -> str:
    """The report of one take, from its JSON form (so stored attempts render the same)."""
    ok = _style("32", "[x]", color)
    miss = _style("31", "[ ]", color)
    warn = _style("33", "[!]", color)
    lines = [_style("1", f"== {title} ==", color), ""]
    lines.append("Transcript:")
    lines.append(f'  "{fb["transcript"]}"')
    lines.append("")
    lines.append(f"Score: {_style('1', str(fb['score']), color)}/100")
    lines.append(f"Fix first: {fb['top_fix']}")
    lines.append("")
    lines.append("The four parts of the intro:")
    for name, r in fb["elements"].items():
        mark = ok if r["covered"] and not r["tip"] else warn if r["covered"] else miss
        when = f" at {r['at_s']:.1f}s" if r.get("at_s") is not None else ""
        lines.append(f"  {mark} {LABELS[name]}")
        if r["evidence"]:
            replay = f" (on a {r['replay_speed']:g}x replay)" if r.get("replay_speed") else ""
            lines.append(f'        heard{when}{replay}: "{r["evidence"]}"')
        if r["tip"]:
            lines.append(f"        tip: {r['tip']}")
    if fb["flags"]["asks_for_job"]:
        quotes = "; ".join(f'"{q}"' for q in fb["flag_evidence"]["asks_for_job"])
        lines.append(f"  {warn} Sounds like asking for a job: {quotes}")
    referral = fb["referral"]["evidence"]
    said = f'mentioned: "{referral}"' if referral else "not mentioned (fine if you have none)"
    lines.append(f"  {ok if referral else '[-]'} Referral {said}")
    order = fb["order"]
    lines.append(
        f"  {ok if order['name_first'] else warn} Name first   "
        f"{ok if order['purpose_early'] else warn} Purpose early"
    )
    lines.append("")
    lines.append("Delivery:")
    d = fb["delivery"]
    rows: list[tuple[str, str]] = []
    if d["duration_s"] is not None:
        rows.append(("Length", f"{d['duration_s']:.1f} s (speaking {d['speaking_s']:.1f} s)"))
        band = f"aim {PACE_BAND[0]}-{PACE_BAND[1]}"
        rows.append(("Pace", f"{d['words_per_minute']:.0f} words/min ({band})"))
    else:
        rows.append(("Words", f"{d['word_count']} (pace not measured on typed text)"))
    fillers = ", ".join(f"{k} x{v}" for k, v in d["fillers"].items()) or "none heard"
    fpm = d["fillers_per_minute"]
    rate = f" ({fpm:.1f}/min)" if fpm is not None else ""
    rows.append(("Fillers", f"{d['filler_count']}{rate}: {fillers}"))
    if d["longest_pause_s"] is not None:
        rows.append(
            ("Long pauses", f"{len(d['pauses'])} (longest gap {d['longest_pause_s']:.1f} s)")
        )
    rows.append(("Hedges", "; ".join(f'"{h}"' for h in d["hedges"]) or "none"))
    width = max(len(k) for k, _ in rows)
    lines.extend(f"  {k.ljust(width)}  {v}" for k, v in rows)
    a = fb.get("adherence")
    if a is not None:
        lines.append("")
        lines.append(f"Against your script: {a['similarity']:.0f}% similar")
        for part in a["skipped"]:
            lines.append(f'  skipped: "{part}"')
        for part in a["added"]:
            lines.append(f'  added:   "{part}"')
        if a["lost_elements"]:
            lost = ", ".join(LABELS[n] for n in a["lost_elements"])
            lines.append(f"  {warn} in your script but not said: {lost}")
    if len(fb["tips"]) > 1:
        lines.append("")
        lines.append("Also worth working on:")
        lines.extend(f"  - {tip}" for tip in fb["tips"][1:])
    return "\n".join(lines) + "\n"
