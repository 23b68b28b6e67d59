// Charts for the progress page, drawn as SVG at the width they are shown (so the text stays
// readable on a phone): attempts on a time axis with dates, and a legend under each chart.
import { el, svg } from "./util.js";

const HEIGHT = 220;
const TOP = 12;
const BOTTOM = HEIGHT - 36; // the x axis; tick labels and the axis title go below it
export const COLORS = {
  take: "#2f5fd0", call: "#d9480f", wpm: "#2f5fd0", fillers: "#e8590c",
  identification: "#2f5fd0", purpose: "#0b7285", time_request: "#7048e8", convenience_check: "#c2255c",
};

// The x axis: one step per attempt, in order (practice comes in bursts: a time scale would
// pile a session's attempts on one spot), labelled with the date where a new day starts, or
// with times when every attempt is from one day (that day is then written under the axis).
function attemptAxis(attempts, x0, x1) {
  const n = attempts.length;
  const x = (i) => (n === 1 ? (x0 + x1) / 2 : x0 + 10 + ((x1 - x0 - 20) * i) / (n - 1));
  const dates = attempts.map((a) => new Date(a.created_at));
  const dayOf = (d) => d.toDateString();
  const oneDay = dates.every((d) => dayOf(d) === dayOf(dates[0]));
  const dateLabel = (d) => d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  const timeLabel = (d) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  let candidates = [];
  if (oneDay) {
    candidates = dates.map((d, i) => i);
  } else {
    dates.forEach((d, i) => { if (i === 0 || dayOf(d) !== dayOf(dates[i - 1])) candidates.push(i); });
  }
  // Keep labels at least ~80 px apart.
  const ticks = [];
  for (const i of candidates) {
    if (!ticks.length || x(i) - x(ticks[ticks.length - 1]) >= 80) ticks.push(i);
  }
  const label = (i) => (oneDay ? timeLabel(dates[i]) : dateLabel(dates[i]));
  const title = oneDay
    ? dates[0].toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" })
    : `attempts by date, ${dateLabel(dates[0])} – ${dateLabel(dates[n - 1])}`;
  return { x, ticks, label, title, x0, x1 };
}

function linear(lo, hi) {
  return (v) => BOTTOM - ((v - lo) / (hi - lo || 1)) * (BOTTOM - TOP);
}

function chartSvg(width, label) {
  return svg("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img", "aria-label": label });
}

function drawTimeAxis(root, axis) {
  root.append(svg("line", { class: "axis", x1: axis.x0, x2: axis.x1, y1: BOTTOM, y2: BOTTOM }));
  for (const t of axis.ticks) {
    const x = axis.x(t);
    root.append(svg("line", { class: "axis", x1: x, x2: x, y1: BOTTOM, y2: BOTTOM + 4 }),
      svg("text", { x, y: BOTTOM + 17, "text-anchor": "middle", text: axis.label(t) }));
  }
  root.append(svg("text", { x: (axis.x0 + axis.x1) / 2, y: HEIGHT - 3, "text-anchor": "middle", text: axis.title }));
}

function drawValueAxis(root, axis, y, ticks, format, side = "left") {
  for (const v of ticks) {
    if (side === "left") {
      root.append(svg("line", { class: "grid-line", x1: axis.x0, x2: axis.x1, y1: y(v), y2: y(v) }),
        svg("text", { x: axis.x0 - 6, y: y(v) + 4, "text-anchor": "end", text: format(v) }));
    } else {
      root.append(svg("text", { x: axis.x1 + 6, y: y(v) + 4, "text-anchor": "start", text: format(v) }));
    }
  }
}

function legend(items) {
  return el("ul", { class: "legend" }, ...items.map(([name, color, kind]) => {
    const swatch = el("span", { class: `swatch ${kind || ""}`.trim() });
    if (color) swatch.style.background = color;
    return el("li", {}, swatch, name);
  }));
}

function polyline(points, color, dashed = false) {
  if (points.length < 2) return null;
  return svg("polyline", {
    points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "),
    fill: "none", stroke: color, "stroke-width": 2, "stroke-dasharray": dashed ? "5 4" : null,
  });
}

function dot(x, y, color, title, hollow = false) {
  return svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 4.5, fill: hollow ? "#fff" : color, stroke: color, "stroke-width": 2 },
    svg("title", { text: title }));
}

function empty(box, text) {
  box.replaceChildren(el("p", { class: "empty", text }));
}

const isCall = (a) => a.mode === "call";
const whenText = (a) => new Date(a.created_at).toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export function scoreChart(box, attempts) {
  if (!attempts.length) return empty(box, "No attempts yet: your scores will show here.");
  const width = Math.max(280, box.clientWidth);
  const axis = attemptAxis(attempts, 40, width - 14);
  const y = linear(0, 100);
  const root = chartSvg(width, "Score per attempt over time");
  drawValueAxis(root, axis, y, [0, 25, 50, 75, 100], String);
  drawTimeAxis(root, axis);
  const shown = [];
  const series = [["intro takes", COLORS.take, (a) => !isCall(a), false], ["mock calls", COLORS.call, isCall, true]];
  for (const [name, color, keep, dashed] of series) {
    const chosen = attempts.map((a, i) => [a, i]).filter(([a]) => keep(a));
    if (!chosen.length) continue;
    shown.push([`${name} (score 0–100)`, color]);
    const pts = chosen.map(([a, i]) => [axis.x(i), y(a.score)]);
    const path = polyline(pts, color, dashed);
    if (path) root.append(path);
    chosen.forEach(([a], k) => root.append(dot(pts[k][0], pts[k][1], color, `${whenText(a)}: ${a.score}/100 (${a.mode})`)));
  }
  box.replaceChildren(root, legend(shown));
}

export function partsChart(box, attempts, labels, elements) {
  if (!attempts.length) return empty(box, "Each attempt's four parts will show here.");
  const width = Math.max(280, box.clientWidth);
  const axis = attemptAxis(attempts, 88, width - 14);
  const root = chartSvg(width, "Which of the four parts each attempt covered");
  const short = { identification: "Name", purpose: "Purpose", time_request: "Time ask", convenience_check: "Convenient?" };
  const rowY = (i) => TOP + 10 + ((BOTTOM - TOP - 24) * i) / Math.max(elements.length - 1, 1);
  elements.forEach((name, i) => {
    root.append(svg("line", { class: "grid-line", x1: axis.x0, x2: axis.x1, y1: rowY(i), y2: rowY(i) }),
      svg("text", { x: axis.x0 - 10, y: rowY(i) + 4, "text-anchor": "end", text: short[name] || name }));
  });
  drawTimeAxis(root, axis);
  attempts.forEach((a, k) => {
    elements.forEach((name, i) => {
      const e = a.elements[name] || {};
      const expected = e.expected !== false;
      const color = expected ? COLORS[name] : "#b8bfcc";
      const said = e.covered ? "said" : expected ? "missed" : "not asked for in this call";
      root.append(dot(axis.x(k), rowY(i), color, `${whenText(a)}: ${labels[name] || name}: ${said}`, !e.covered));
    });
  });
  box.replaceChildren(root, legend([["said", "#4a5468", "dot"], ["missed", null, "dot hollow"], ["not asked for in that call", "#b8bfcc", "dot"]]));
}

export function deliveryChart(box, attempts, band) {
  const timed = attempts.filter((a) => a.delivery && a.delivery.words_per_minute);
  if (!timed.length) return empty(box, "Pace and fillers of spoken attempts will show here.");
  const width = Math.max(280, box.clientWidth);
  const axis = attemptAxis(timed, 40, width - 34);
  const hiWpm = Math.ceil(Math.max(200, ...timed.map((a) => a.delivery.words_per_minute)) / 50) * 50;
  const wpmTicks = [];
  for (let v = 0; v <= hiWpm; v += hiWpm > 250 ? 100 : 50) wpmTicks.push(v);
  const y = linear(0, hiWpm);
  const fillers = timed.map((a) => a.delivery.fillers_per_minute || 0);
  const hiF = Math.max(4, Math.ceil(Math.max(...fillers)));
  const yF = linear(0, hiF);
  const root = chartSvg(width, "Words per minute and fillers per minute over time");
  root.append(svg("rect", { class: "band", x: axis.x0, width: axis.x1 - axis.x0, y: y(band[1]), height: y(band[0]) - y(band[1]) }));
  drawValueAxis(root, axis, y, wpmTicks, String);
  drawValueAxis(root, axis, yF, [0, hiF / 2, hiF], (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)), "right");
  drawTimeAxis(root, axis);
  timed.forEach((a, i) => {
    const x = axis.x(i);
    root.append(svg("rect", { x: (x - 4).toFixed(1), y: yF(fillers[i]).toFixed(1), width: 8, height: Math.max(0, BOTTOM - yF(fillers[i])).toFixed(1), fill: COLORS.fillers, opacity: 0.5 },
      svg("title", { text: `${whenText(a)}: ${fillers[i]} fillers a minute` })));
  });
  const pts = timed.map((a, i) => [axis.x(i), y(a.delivery.words_per_minute)]);
  const path = polyline(pts, COLORS.wpm);
  if (path) root.append(path);
  timed.forEach((a, i) => root.append(dot(pts[i][0], pts[i][1], COLORS.wpm, `${whenText(a)}: ${Math.round(a.delivery.words_per_minute)} words a minute`)));
  box.replaceChildren(root, legend([
    ["words per minute (left)", COLORS.wpm],
    [`aim ${band[0]}–${band[1]} a minute`, null, "band"],
    ["fillers per minute (right)", COLORS.fillers],
  ]));
}
