// Small helpers shared by the pages. Every piece of text goes in through textContent or an
// attribute, never as HTML: what a person typed or said is always shown as text.

export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export class ApiError extends Error {}

export async function api(path, { method = "GET", json, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, credentials: "same-origin" };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["content-type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(path, init);
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const message = data && data.error ? data.error : `${response.status} ${response.statusText}`;
    throw new ApiError(message);
  }
  return data;
}

export function socketUrl(path) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${path}`;
}

let metaCache = null;
export function meta() {
  if (!metaCache) metaCache = api("/api/meta"); // one request, however many ask at once
  return metaCache;
}

export function seconds(s) {
  if (s === null || s === undefined) return "";
  return `${Number(s).toFixed(1)} s`;
}

export function clock(s) {
  const total = Math.max(0, Math.round(Number(s) || 0));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export function when(iso) {
  const d = new Date(iso);
  const day = d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  return `${day}, ${d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
}

export function setStatus(node, text, isError = false) {
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// The four parts as a checklist; used live (practice, the script editor) and in reports.
export function partsList(list, labels, elements, attribute = "data-element") {
  list.replaceChildren(
    ...elements.map((name) => el("li", { [attribute]: name, "data-covered": "false" },
      el("span", { class: "mark", "aria-hidden": "true" }),
      el("div", {},
        el("span", { class: "label", text: labels[name] || name }),
        el("span", { class: "evidence" }),
        el("span", { class: "tip" })))),
  );
}

export function markPart(item, covered, evidence, atS, tip, state) {
  item.dataset.covered = covered ? "true" : "false";
  item.dataset.state = state || (covered ? (tip ? "warn" : "ok") : "miss");
  const ev = item.querySelector(".evidence");
  ev.replaceChildren();
  if (covered && evidence) {
    ev.append(el("q", { text: evidence }));
    if (atS !== null && atS !== undefined) ev.append(el("span", { class: "when", text: ` at ${seconds(atS)}` }));
  }
  item.querySelector(".tip").textContent = tip || "";
}
