// Script & questions: write or draft the intro, see the four parts as you type (the same
// check as `trainer score --text`), pick the question plan from the bank.
import { $, $$, api, debounce, el, meta, partsList, markPart, setStatus } from "./util.js";

const page = $('[data-page="script"]');
const q = (selector) => $(selector, page);
const NEW = "\u0000new";
let bank = { questions: [], suggested: [] };

export async function init() {
  const m = await meta();
  partsList(q('[data-role="script-parts"]'), m.labels, m.elements, "data-part");
  q('[data-role="script-text"]').addEventListener("input", debounce(check, 250));
  q('[data-role="script-list"]').addEventListener("change", () => load(q('[data-role="script-list"]').value));
  q('[data-action="save-script"]').addEventListener("click", save);
  q('[data-action="use-script"]').addEventListener("click", use);
  q('[data-action="draft"]').addEventListener("click", draft);
  q('[data-action="suggest-plan"]').addEventListener("click", () => tick(bank.suggested));
  q('[data-action="save-plan"]').addEventListener("click", savePlan);
  bank = await api("/api/questions");
  renderBank();
}

export async function show() {
  await refresh();
}

async function refresh(select = null) {
  const { scripts, active } = await api("/api/scripts");
  const list = q('[data-role="script-list"]');
  list.replaceChildren(
    ...scripts.map((name) => el("option", { value: name, text: name === active ? `${name} (active)` : name })),
    el("option", { value: NEW, text: "New script…" }),
  );
  const chosen = select || (scripts.includes(list.dataset.current) ? list.dataset.current : active) || scripts[0] || NEW;
  list.value = chosen;
  await load(chosen);
}

async function load(name) {
  const list = q('[data-role="script-list"]');
  list.dataset.current = name;
  const status = q('[data-role="script-status"]');
  setStatus(status, "");
  if (name === NEW) {
    q('[data-role="script-text"]').value = "";
    q('[data-role="script-name"]').value = "";
    q('[data-role="active-badge"]').hidden = true;
    tick([]);
    await check();
    return;
  }
  try {
    const script = await api(`/api/scripts/${encodeURIComponent(name)}`);
    q('[data-role="script-text"]').value = script.text;
    q('[data-role="script-name"]').value = script.name;
    q('[data-role="active-badge"]').hidden = !script.active;
    tick(script.plan);
    showCheck(script.check);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

async function check() {
  const text = q('[data-role="script-text"]').value;
  try {
    showCheck(await api("/api/check", { method: "POST", json: { text } }));
  } catch (error) {
    setStatus(q('[data-role="script-status"]'), error.message, true);
  }
}

function showCheck(result) {
  const items = $$("li", q('[data-role="script-parts"]'));
  const job = q('[data-role="script-job"]');
  if (!result || result.empty) {
    for (const item of items) markPart(item, false, null, null, null, "none");
    job.hidden = true;
    return;
  }
  for (const item of items) {
    const e = result.elements[item.dataset.part];
    markPart(item, e.covered, e.evidence, null, e.tip);
  }
  const quotes = (result.flag_evidence && result.flag_evidence.asks_for_job) || [];
  job.hidden = !result.flags.asks_for_job;
  job.replaceChildren(el("b", { text: "This sounds like asking for a job: " }),
    ...quotes.map((t, i) => [i ? "; " : "", el("q", { text: t })]).flat());
}

function nameToSave() {
  return q('[data-role="script-name"]').value.trim();
}

async function save() {
  const status = q('[data-role="script-status"]');
  const name = nameToSave();
  if (!name) { setStatus(status, "Give the script a name first (letters, digits, . _ -).", true); return; }
  try {
    await api(`/api/scripts/${encodeURIComponent(name)}`, { method: "PUT", json: { text: q('[data-role="script-text"]').value } });
    await refresh(name);
    setStatus(status, `Saved “${name}”.`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

async function use() {
  const status = q('[data-role="script-status"]');
  const name = q('[data-role="script-list"]').value;
  if (name === NEW) { setStatus(status, "Save the script first.", true); return; }
  try {
    await api(`/api/scripts/${encodeURIComponent(name)}/use`, { method: "POST" });
    await refresh(name);
    setStatus(status, `“${name}” is now your active script: practice compares you with it.`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

async function draft() {
  const status = q('[data-role="script-status"]');
  const facts = {};
  for (const input of $$("[data-fact]", page)) facts[input.dataset.fact] = input.value;
  try {
    const result = await api("/api/scripts/write", { method: "POST", json: facts });
    q('[data-role="script-list"]').value = NEW;
    q('[data-role="script-text"]').value = result.text;
    if (!nameToSave() || q('[data-role="script-list"]').dataset.current === NEW) {
      q('[data-role="script-name"]').value = result.suggested_name;
    }
    q('[data-role="script-list"]').dataset.current = NEW;
    q('[data-role="active-badge"]').hidden = true;
    setStatus(status, "Drafted: edit it as you like, then Save.");
    await check();
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

function renderBank() {
  const box = q('[data-role="bank"]');
  const byCategory = {};
  for (const question of bank.questions) (byCategory[question.category] ||= []).push(question);
  const nodes = [];
  for (const [category, questions] of Object.entries(byCategory)) {
    nodes.push(el("h3", { text: `About the ${category}` }));
    for (const question of questions) {
      nodes.push(el("label", {},
        el("input", { type: "checkbox", value: question.id, "data-question": question.id }),
        el("span", {}, question.text, el("span", { class: "why", text: question.why }))));
    }
  }
  box.replaceChildren(...nodes);
}

function tick(ids) {
  const chosen = new Set(ids || []);
  for (const box of $$("[data-question]", page)) box.checked = chosen.has(box.value);
}

async function savePlan() {
  const status = q('[data-role="script-status"]');
  const name = q('[data-role="script-list"]').value;
  const note = q('[data-role="plan-note"]');
  if (name === NEW) { setStatus(note, "Save the script first: the plan is kept with it.", true); return; }
  const ids = $$("[data-question]", page).filter((b) => b.checked).map((b) => b.value);
  try {
    await api(`/api/scripts/${encodeURIComponent(name)}/plan`, { method: "PUT", json: { ids } });
    setStatus(note, `Saved ${ids.length} question${ids.length === 1 ? "" : "s"} with “${name}”.`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}
