// Practice: the microphone streams to /ws/practice, the same live loop as `trainer practice`;
// the four parts tick as they are heard, and the report arrives when the take ends.
import { $, api, el, meta, partsList, markPart, setStatus, socketUrl } from "./util.js";
import { Mic, Player, meterSetter } from "./audio.js";
import { renderTake } from "./report.js";

const page = $('[data-page="practice"]');
const q = (selector) => $(selector, page);
let session = null;

let scriptsRequest = null;

export async function init() {
  scriptsRequest = api("/api/scripts"); // asked at once, while the labels arrive
  const m = await meta();
  partsList(q('[data-role="parts"]'), m.labels, m.elements);
  q('[data-action="start"]').addEventListener("click", start);
  q('[data-action="stop"]').addEventListener("click", stop);
  q('[data-action="upload"]').addEventListener("click", upload);
}

export async function show() {
  try {
    const scripts = await (scriptsRequest || api("/api/scripts"));
    scriptsRequest = null; // later visits ask again: the active script may have changed
    q('[data-role="script-note"]').textContent = scripts.active
      ? `Compared with your active script “${scripts.active}”.`
      : "No script yet: write one under Script & questions to see how closely you follow it.";
  } catch { /* the note is a nicety */ }
}

function reset() {
  for (const item of q('[data-role="parts"]').children) {
    item.dataset.covered = "false";
    delete item.dataset.state;
    item.querySelector(".evidence").replaceChildren();
  }
  q('[data-role="job-warning"]').hidden = true;
  q('[data-role="transcript"]').replaceChildren(el("span", { class: "placeholder", text: "Listening…" }));
  q('[data-role="report"]').hidden = true;
}

function buttons(running) {
  q('[data-action="start"]').disabled = running;
  q('[data-action="stop"]').disabled = !running;
  q('[data-role="opening"]').disabled = running;
}

async function start() {
  if (session) return;
  reset();
  buttons(true);
  const status = q('[data-role="status"]');
  setStatus(status, "Opening the microphone…");
  const meter = meterSetter($(".meter-fill", q('[data-role="meter"]')));
  const mic = new Mic({ onLevel: meter });
  try {
    await mic.open();
  } catch (error) {
    mic.release();
    buttons(false);
    setStatus(status, `No microphone: ${error.message || error}. Allow it in the address bar, or score a recording below.`, true);
    return;
  }
  const ws = new WebSocket(socketUrl("/ws/practice"));
  ws.binaryType = "arraybuffer";
  const player = new Player(mic.ctx);
  session = { ws, mic, player, ended: false };
  ws.onopen = () => {
    ws.send(JSON.stringify({ type: "start", rate: mic.rate, opening: q('[data-role="opening"]').checked }));
    mic.onPcm = (pcm) => { if (ws.readyState === WebSocket.OPEN) ws.send(pcm); };
  };
  ws.onmessage = (event) => {
    if (typeof event.data !== "string") player.play(event.data);
    else handle(JSON.parse(event.data));
  };
  ws.onclose = () => finish();
  ws.onerror = () => setStatus(status, "Lost the connection to trainer: is `trainer ui` still running?", true);
}

function stop() {
  if (!session) return;
  q('[data-action="stop"]').disabled = true;
  setStatus(q('[data-role="status"]'), "Stopping: scoring what you said…");
  if (session.ws.readyState === WebSocket.OPEN) session.ws.send(JSON.stringify({ type: "stop" }));
  session.mic.close();
}

function finish() {
  if (!session) return;
  session.mic.release();
  session.player.stop();
  session = null;
  buttons(false);
  $(".meter-fill", q('[data-role="meter"]')).style.width = "0";
}

function handle(event) {
  const status = q('[data-role="status"]');
  switch (event.type) {
    case "status":
      if (!/^Saved the take/.test(event.text)) setStatus(status, event.text);
      break;
    case "said":
      setStatus(status, `${event.who}: “${event.text}”`);
      break;
    case "listening":
      setStatus(status, "Listening: speak your intro, then pause for a few seconds.");
      break;
    case "heard": {
      const box = q('[data-role="transcript"]');
      $(".placeholder", box)?.remove();
      $(".partial", box)?.remove(); // the phrase's own words replace its provisional hearing
      box.querySelectorAll(".new").forEach((n) => n.classList.remove("new"));
      if (box.childNodes.length) box.append(" ");
      box.append(el("span", { class: "new", text: event.text }));
      break;
    }
    case "partial": {
      // What has been said of the phrase still going on: greyed, until the phrase is decoded.
      const box = q('[data-role="transcript"]');
      $(".placeholder", box)?.remove();
      $(".partial", box)?.remove();
      box.append(el("span", { class: "partial", text: `${box.childNodes.length ? " " : ""}${event.text}` }));
      break;
    }
    case "tick": {
      const item = q(`[data-element="${event.element}"]`);
      if (item) markPart(item, true, event.evidence, event.at_s, null);
      break;
    }
    case "warn":
      if (event.flag === "asks_for_job") {
        q('[data-role="job-quote"]').replaceChildren("You said ", el("q", { text: event.evidence }), ".");
        q('[data-role="job-warning"]').hidden = false;
      }
      break;
    case "report":
      showReport(event.report, event.problems || []);
      break;
    case "error":
      setStatus(status, event.error, true);
      break;
    default:
      break;
  }
}

async function showReport(report, problems) {
  const m = await meta();
  const root = q('[data-role="report"]');
  const audioUrl = report.id ? `/api/attempts/${report.id}/audio` : null;
  renderTake(root, report, m, { title: "Your take", audioUrl });
  // The live checklist ends as the report says (a part may be found only in the final pass).
  for (const [name, e] of Object.entries(report.elements)) {
    const item = q(`[data-element="${name}"]`);
    if (item) markPart(item, e.covered, e.evidence, e.at_s, e.covered ? null : e.tip);
  }
  // What could not be kept (a full disk, a read-only history) is told after the report.
  const done = `Done: ${report.score}/100. Your report is below.`;
  setStatus(q('[data-role="status"]'), [done, ...problems.map(sentence)].join(" "), problems.length > 0);
  root.scrollIntoView({ behavior: "smooth", block: "start" });
}

async function upload() {
  const input = q('[data-role="upload-file"]');
  const status = q('[data-role="upload-status"]');
  const file = input.files && input.files[0];
  if (!file) { setStatus(status, "Choose a recording first.", true); return; }
  setStatus(status, `Scoring ${file.name}…`);
  q('[data-action="upload"]').disabled = true;
  try {
    const response = await fetch(`/api/score?name=${encodeURIComponent(file.name)}`, {
      method: "POST", body: file, credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    const id = response.headers.get("x-attempt-id");
    const problems = JSON.parse(response.headers.get("x-trainer-problems") || "[]");
    renderTake(q('[data-role="report"]'), data, await meta(), {
      title: file.name, audioUrl: id ? `/api/attempts/${id}/audio` : null,
    });
    setStatus(status, [`Scored: ${data.score}/100.`, ...problems.map(sentence)].join(" "), problems.length > 0);
    q('[data-role="report"]').scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) {
    setStatus(status, error.message || String(error), true);
  } finally {
    q('[data-action="upload"]').disabled = false;
  }
}

// A problem line as the terminal prints it after "trainer: ", as a sentence.
function sentence(problem) {
  return `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}
