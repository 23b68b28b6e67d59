// Progress: the figures of `trainer progress`, charts of the history, the attempts (open one
// to read its report and hear it), and the exports of `trainer export`.
import { $, api, debounce, el, meta, when } from "./util.js";
import { deliveryChart, partsChart, scoreChart } from "./charts.js";
import { chatFromTurns, renderCall, renderTake } from "./report.js";

const page = $('[data-page="progress"]');
const q = (selector) => $(selector, page);
let data = null;

export async function init() {
  window.addEventListener("resize", debounce(() => { if (data && !page.hidden) charts(); }, 150));
}

export async function show() {
  data = await api("/api/progress");
  const s = data.summary;
  q('[data-role="focus"]').textContent = s.attempts
    ? `Next focus: ${s.next_focus}`
    : "Nothing here yet: practise a take or a mock call, and your progress shows here.";
  const figure = (value, label, role) => el("div", { class: "figure", "data-figure": role },
    el("b", { text: value === null || value === undefined ? "–" : String(value) }), el("span", { text: label }));
  q('[data-role="figures"]').replaceChildren(
    figure(s.attempts, s.attempts === 1 ? "attempt" : "attempts", "attempts"),
    figure(s.days_practised, "days practised", "days"),
    figure(s.streak_days, "day streak", "streak"),
    figure(s.best_score, "best score", "best"),
    figure(s.latest_score, "latest score", "latest"),
  );
  await charts();
  table();
}

async function charts() {
  const m = await meta();
  scoreChart($('[data-chart="score"]', page), data.attempts);
  partsChart($('[data-chart="parts"]', page), data.attempts.slice(-40), m.labels, m.elements);
  deliveryChart($('[data-chart="delivery"]', page), data.attempts, m.pace_band);
  const partsTitle = $('[data-chart="parts"]', page).previousElementSibling;
  partsTitle.textContent = data.attempts.length > 40 ? "The four parts, last 40 attempts" : "The four parts, attempt by attempt";
}

function table() {
  const t = q('[data-role="attempts"]');
  if (!data.attempts.length) {
    t.replaceChildren(el("tbody", {}, el("tr", {}, el("td", { class: "empty", text: "No attempts yet. Practise, call, or score a recording: every attempt is kept here." }))));
    return;
  }
  const letters = { identification: "N", purpose: "P", time_request: "T", convenience_check: "C" };
  const rows = [...data.attempts].reverse().map((a) => {
    const parts = el("span", { class: "pill-parts", title: "name, purpose, time, convenience" },
      ...Object.entries(letters).map(([name, letter]) => el("span", { class: a.elements[name] && a.elements[name].covered ? "on" : "", text: letter })),
      a.flags && a.flags.asks_for_job ? el("span", { class: "job", title: "asked for a job", text: "!" }) : null);
    const what = a.mode === "call" ? `call · ${a.scenario}` : a.mode;
    const d = new Date(a.created_at);
    return el("tr", { "data-attempt": a.id, tabindex: "0", title: "Open this attempt", onclick: () => open(a.id),
      onkeydown: (e) => { if (e.key === "Enter") open(a.id); } },
      el("td", { class: "hide-narrow num", text: String(a.id) }),
      el("td", { class: "when" },
        el("span", { text: d.toLocaleDateString(undefined, { day: "numeric", month: "short" }) }), " ",
        el("span", { text: d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) })),
      el("td", { text: what }),
      el("td", { class: "num", text: String(a.score) }),
      el("td", {}, parts),
      el("td", { class: "src", title: a.source || "", text: a.source ? a.source.split("/").pop() : "" }),
      el("td", { class: "hide-narrow" }, el("button", { type: "button", class: "btn small", "data-action": "open",
        onclick: (e) => { e.stopPropagation(); open(a.id); } }, "Open")));
  });
  t.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { class: "hide-narrow num", text: "#" }), el("th", { text: "When" }), el("th", { text: "What" }),
      el("th", { class: "num", text: "Score" }), el("th", { text: "Parts" }), el("th", { class: "src", text: "Source" }), el("th", { class: "hide-narrow" }))),
    el("tbody", {}, ...rows));
}

async function open(id) {
  const root = q('[data-role="attempt-report"]');
  for (const row of page.querySelectorAll("tr[data-attempt]")) row.dataset.selected = String(row.dataset.attempt === String(id));
  const a = await api(`/api/attempts/${id}`);
  const m = await meta();
  const audioUrl = a.has_audio ? `/api/attempts/${id}/audio` : null;
  const title = `Attempt ${a.id}: ${a.mode}${a.scenario ? ` (${a.scenario})` : ""}, ${when(a.created_at)}`;
  if (a.mode === "call") {
    renderCall(root, a.report, m, { title, audioUrl });
    const chat = el("ol", { class: "chat" });
    chatFromTurns(chat, a.report);
    root.append(el("h3", { text: "The conversation" }), chat);
  } else {
    renderTake(root, a.report, m, { title, audioUrl });
  }
  root.append(el("div", { class: "controls" },
    el("button", { type: "button", class: "btn danger", "data-action": "delete", onclick: () => remove(a.id) }, "Delete this attempt")));
  root.scrollIntoView({ behavior: "smooth", block: "start" });
}

async function remove(id) {
  if (!confirm(`Delete attempt ${id}? This cannot be undone.`)) return;
  await api(`/api/attempts/${id}`, { method: "DELETE" });
  q('[data-role="attempt-report"]').hidden = true;
  await show();
}
