// Reports in the page: the same content as the terminal's (trainer/render.py and
// calls/report.py), built from the same JSON, with the take's audio and its words lit as
// they play.
import { el, clock, seconds, partsList, markPart } from "./util.js";

const OUTCOMES = {
  connected: ["Put through: you got the conversation", true],
  scheduled_callback: ["A time to call back was agreed", true],
  message_left: ["Your message was left", true],
  declined: ["They declined", false],
  abandoned: ["The call ended without a result", false],
};

function head(score, fix, extra) {
  const ring = el("div", { class: "score", role: "img", "aria-label": `Score ${score} out of 100` },
    el("span", {}, el("div", {}, String(score), el("small", { text: "/ 100" }))));
  ring.style.setProperty("--score", String(Math.max(0, Math.min(100, Number(score) || 0))));
  ring.style.setProperty("--score-color", score >= 80 ? "#1a7f37" : score >= 50 ? "#2f5fd0" : "#c62828");
  return el("div", { class: "report-head" }, ring,
    el("div", { class: "fix" }, extra || null, el("b", { text: "Fix first" }), el("p", { text: fix })));
}

// An <audio> player whose transcript words light up as they are said; click a word to jump.
export function karaoke(url, words) {
  const audio = el("audio", { controls: true, preload: "metadata", src: url });
  const spans = [];
  const text = el("p", { class: "words", "data-role": "words" });
  (words || []).forEach((w, i) => {
    if (i) text.append(" ");
    const span = el("span", { class: "w", "data-start": w.start, "data-end": w.end, text: w.word });
    span.addEventListener("click", () => {
      if (w.start !== null && w.start !== undefined) audio.currentTime = w.start;
      audio.play().catch(() => {});
    });
    spans.push(span);
    text.append(span);
  });
  let frame = 0;
  let lit = -1;
  const update = () => {
    const t = audio.currentTime;
    let now = -1;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.start === null || w.start === undefined) continue;
      if (t >= w.start && t <= (w.end ?? w.start) + 0.08) { now = i; break; }
      if (w.start > t) break;
    }
    if (now !== lit) {
      if (lit >= 0) spans[lit].classList.remove("now");
      if (now >= 0) spans[now].classList.add("now");
      lit = now;
    }
    if (!audio.paused && !audio.ended) frame = requestAnimationFrame(update);
  };
  audio.addEventListener("play", () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(update); });
  audio.addEventListener("seeked", update);
  audio.addEventListener("pause", () => cancelAnimationFrame(frame));
  audio.addEventListener("ended", () => { cancelAnimationFrame(frame); if (lit >= 0) spans[lit].classList.remove("now"); lit = -1; });
  return el("div", { class: "player" }, audio, words && words.length ? text : null);
}

function kv(rows) {
  const list = el("dl", { class: "kv" });
  for (const [key, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", { text: key }), el("dd", {}, value));
  }
  return list;
}

// Whole words a minute as every report shows them (Python's round: halves to even), and
// the verdict judged on that shown pace (scoring/delivery.py pace_shown, pace_off).
function paceShown(wpm) {
  const floor = Math.floor(wpm);
  const diff = wpm - floor;
  if (Math.abs(diff - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(wpm);
}

function paceVerdict(wpm, band) {
  const shown = paceShown(wpm);
  return shown > band[1] ? ", too fast" : shown < band[0] ? ", too slow" : "";
}

// What the score is made of, and why each lost point was lost (render.py score_lines).
function breakdown(parts, names) {
  if (!parts || !parts.length) return null;
  const name = (p) => names[p.part] || p.part.replace(/_/g, " ");
  const made = parts.map((p) => `${name(p)} ${p.points}${p.max ? `/${p.max}` : ""}`).join(", ");
  const lost = parts.filter((p) => p.points < p.max || p.points < 0);
  return el("div", { class: "breakdown", "data-role": "score-breakdown" },
    el("p", { class: "note", text: `Made of: ${made}.` }),
    lost.length ? el("ul", { class: "tips" }, ...lost.map((p) => el("li", { text: `−${p.max - p.points} ${name(p)}: ${p.why}` }))) : null);
}

function quotes(items) {
  return items.map((q, i) => [i ? "; " : "", el("q", { text: q })]).flat();
}

export function renderTake(root, r, meta, { title = "Your report", audioUrl = null } = {}) {
  root.replaceChildren();
  root.hidden = false;
  root.append(el("h2", { text: title }), head(r.score, r.top_fix));
  const made = breakdown(r.score_breakdown, meta.part_names || {});
  if (made) root.append(made);
  if (audioUrl) root.append(karaoke(audioUrl, r.words || []));
  else root.append(el("p", { class: "transcript" }, el("q", { text: r.transcript || "" })));

  const grid = el("div", { class: "report-grid" });
  const left = el("div", {}, el("h3", { text: "The four parts of the intro" }));
  const list = el("ul", { class: "parts" });
  partsList(list, meta.labels, Object.keys(r.elements), "data-part");
  for (const item of list.children) {
    const e = r.elements[item.dataset.part];
    markPart(item, e.covered, e.evidence, e.at_s, e.tip === r.top_fix ? "The fix first, above." : e.tip);
    if (e.covered && e.replay_speed) {
      item.querySelector(".evidence").append(el("span", { class: "when", text: ` (on a ${e.replay_speed}x replay)` }));
    }
  }
  left.append(list);
  if (r.flags && r.flags.asks_for_job) {
    left.append(el("div", { class: "alert bad", "data-role": "job-flag" },
      el("b", { text: "Sounds like asking for a job: " }), ...quotes(r.flag_evidence.asks_for_job || [])));
  } else if (r.flags && r.flags.asks_for_job_unclear) {
    left.append(el("div", { class: "alert warn", "data-role": "job-unclear" },
      el("b", { text: "Heard unclearly, so not counted as a job ask (if you asked for a job there, leave it out): " }),
      ...quotes(r.flag_evidence.asks_for_job_unclear || [])));
  }
  const referral = r.referral && r.referral.evidence;
  const order = r.order || {};
  left.append(kv([
    ["Referral", referral ? el("q", { text: referral }) : "not mentioned (fine if you have none)"],
    ["Name first", order.name_first ? "yes" : "no"],
    ["Purpose early", order.purpose_early ? "yes" : "no"],
  ]));
  grid.append(left);

  const right = el("div", {}, el("h3", { text: "Delivery" }));
  const d = r.delivery || {};
  const band = d.pace_band || meta.pace_band;
  const fillers = Object.entries(d.fillers || {}).map(([k, v]) => `${k} ×${v}`).join(", ") || "none heard";
  right.append(kv([
    ["Length", d.duration_s !== null && d.duration_s !== undefined
      ? `${seconds(d.duration_s)} (speaking ${seconds(d.speaking_s)})` : `${d.word_count} words (typed)`],
    ["Pace", d.words_per_minute !== null && d.words_per_minute !== undefined && d.duration_s !== null && d.duration_s !== undefined
      ? `${paceShown(d.words_per_minute)} words/min (aim ${band[0]}–${band[1]}${paceVerdict(d.words_per_minute, band)})` : null],
    ["Fillers", `${d.filler_count}${d.fillers_per_minute !== null && d.fillers_per_minute !== undefined ? ` (${d.fillers_per_minute.toFixed(1)}/min)` : ""}: ${fillers}`],
    ["Long pauses", d.longest_pause_s !== null && d.longest_pause_s !== undefined
      ? `${(d.pauses || []).length} (longest gap ${seconds(d.longest_pause_s)})` : null],
    ["Hedges", (d.hedges || []).length ? el("span", {}, ...quotes(d.hedges)) : "none"],
  ]));
  const a = r.adherence;
  if (a) {
    right.append(el("h3", { text: `Against your script${r.script_name ? ` “${r.script_name}”` : ""}: ${Math.round(a.similarity)}% similar` }));
    const diffs = el("ul", { class: "tips" });
    for (const part of a.skipped) diffs.append(el("li", { class: "diff-skip" }, "skipped: ", el("q", { text: part })));
    for (const part of a.added) diffs.append(el("li", { class: "diff-add" }, "added: ", el("q", { text: part })));
    if (a.lost_elements.length) {
      diffs.append(el("li", { text: `in your script but not said: ${a.lost_elements.map((n) => meta.labels[n] || n).join(", ")}` }));
    }
    if (diffs.children.length) right.append(diffs);
  }
  grid.append(right);
  root.append(grid);
  // Each tip once: under its part, as the fix first, or here (as the terminal report).
  const partTips = new Set(Object.values(r.elements).map((e) => e.tip));
  const more = (r.tips || []).slice(1).filter((t) => !partTips.has(t));
  if (more.length) {
    root.append(el("h3", { text: "Also worth working on" }),
      el("ul", { class: "tips" }, ...more.map((t) => el("li", { text: t }))));
  }
  if (r.timing && r.timing.report_s !== null && r.timing.endpoint_s !== null && r.timing.report_s !== undefined) {
    root.append(el("p", { class: "note", text: `Report ready ${(r.timing.report_s - r.timing.endpoint_s).toFixed(2)} s after you stopped.` }));
  }
  return root;
}

// The conversation as chat bubbles, with the time each line started.
export function bubble(who, text, atS, mine, extraClass = "") {
  return el("li", { class: `${mine ? "you" : "them"} ${extraClass}`.trim() },
    el("span", { class: "who" }, who, atS === null || atS === undefined ? null : el("time", { text: clock(atS) })),
    el("span", { class: "text", text }));
}

export function chatFromTurns(list, report) {
  const roles = report.roles || {};
  list.replaceChildren(...report.turns.map((t) => {
    const mine = t.role === "caller";
    return bubble(mine ? "You" : roles[t.role] || t.role, t.text || "(silence)", t.start_s, mine);
  }));
}

export function renderCall(root, r, meta, { title = null, audioUrl = null } = {}) {
  root.replaceChildren();
  root.hidden = false;
  const [outcomeText, good] = OUTCOMES[r.outcome] || [r.outcome, false];
  root.append(el("h2", { text: title || `Call report: ${r.scenario}` }));
  root.append(head(r.score, r.top_fix,
    el("p", {}, el("span", { class: `outcome ${good ? "good" : "bad"}`, "data-role": "outcome", "data-outcome": r.outcome, text: outcomeText }))));
  const made = breakdown(r.score_breakdown, {});
  if (made) root.append(made);
  if (audioUrl) root.append(el("p", { class: "note", text: "The whole call (you on the left, them on the right):" }), karaoke(audioUrl, []));

  const grid = el("div", { class: "report-grid" });
  const left = el("div", {}, el("h3", { text: "What you got across" }));
  const list = el("ul", { class: "parts" });
  const shown = Object.entries(r.elements).filter(([, e]) => e.expected || e.covered);
  const labels = { ...meta.labels, contact: "Leave a way to reach you" };
  partsList(list, labels, shown.map(([n]) => n), "data-part");
  for (const item of list.children) {
    const e = r.elements[item.dataset.part];
    markPart(item, e.covered, e.evidence, e.at_s, e.covered ? null : e.tip === r.top_fix ? "The fix first, above." : e.tip);
  }
  left.append(list);
  if (r.flags.asks_for_job) {
    left.append(el("div", { class: "alert bad" }, el("b", { text: "Sounds like asking for a job: " }),
      ...quotes((r.flag_evidence && r.flag_evidence.asks_for_job) || [])));
  } else if (r.flags.asks_for_job_unclear) {
    left.append(el("div", { class: "alert warn", "data-role": "job-unclear" },
      el("b", { text: "Heard unclearly, so not counted as a job ask: " }),
      ...quotes((r.flag_evidence && r.flag_evidence.asks_for_job_unclear) || [])));
  }
  if (r.objections.length) {
    left.append(el("h3", { text: "Objections" }));
    const ul = el("ul", { class: "tips" });
    for (const o of r.objections) {
      const verdict = o.handled === true ? "handled" : o.handled === false ? "not handled" : "no reply needed";
      ul.append(el("li", {}, el("q", { text: o.objection }), ` → ${verdict}: `,
        o.reply ? el("q", { text: o.reply }) : "(silence)",
        o.handled === false && o.tip ? el("span", { class: "tip", text: ` ${o.tip}` }) : null));
    }
    left.append(ul);
  }
  grid.append(left);

  const right = el("div", {});
  const q = r.questions;
  right.append(el("h3", { text: `Questions asked: ${q.asked} (${q.open} open, ${q.yes_no} yes/no)` }));
  if (r.questions_asked.length) {
    right.append(el("ul", { class: "tips" }, ...r.questions_asked.map((item) =>
      el("li", {}, el("q", { text: item.text }), ` (${item.open ? "open" : "yes/no"}, ${clock(item.at_s)})`))));
  }
  if (r.planned_questions) {
    right.append(el("p", { class: "note", text: "Your plan:" }), el("ul", { class: "tips" },
      ...r.planned_questions.map((p) => el("li", {}, p.asked ? "✓ " : "○ ", p.text))));
  }
  const t = r.timing;
  const d = r.delivery;
  right.append(el("h3", { text: "Timing and delivery" }), kv([
    ["Call", `${Math.round(t.duration_s)} s: you talked ${Math.round(t.caller_talk_s)} s, they talked ${Math.round(t.other_talk_s)} s`],
    ["Talk / listen", t.talk_listen_ratio !== null ? t.talk_listen_ratio.toFixed(2) : null],
    ["Purpose stated", t.time_to_purpose_s !== null ? `${seconds(t.time_to_purpose_s)} into the call` : "not stated"],
    ["Pace", d.words_per_minute ? `${paceShown(d.words_per_minute)} words/min (aim ${(d.pace_band || meta.pace_band)[0]}–${(d.pace_band || meta.pace_band)[1]})` : null],
    ["Fillers", String(d.filler_count)],
    ["Reply gap", t.reply_gap_mean_s !== null ? `${t.reply_gap_mean_s.toFixed(2)} s on average` : null],
  ]));
  grid.append(right);
  root.append(grid);
  const partTips = new Set(Object.values(r.elements).filter((e) => !e.covered).map((e) => e.tip));
  const more = r.tips.slice(1).filter((tip) => !partTips.has(tip));
  if (more.length) {
    root.append(el("h3", { text: "Also worth working on" }),
      el("ul", { class: "tips" }, ...more.map((tip) => el("li", { text: tip }))));
  }
  return root;
}
