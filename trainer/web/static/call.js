// Mock call: the character's lines play in the page, the microphone streams to /ws/call (the
// same turn-taking loop as `trainer call`), the conversation grows as chat bubbles.
import { $, api, el, meta, socketUrl } from "./util.js";
import { Mic, Player, meterSetter } from "./audio.js";
import { bubble, chatFromTurns, renderCall } from "./report.js";

const page = $('[data-page="call"]');
const q = (selector) => $(selector, page);
let session = null;
let scenarios = [];

export async function init() {
  q('[data-action="call"]').addEventListener("click", start);
  q('[data-action="hangup"]').addEventListener("click", hangUp);
  q('[data-role="scenario"]').addEventListener("change", describe);
  q('[data-role="call-field"]').addEventListener("input", cue);
  scenarios = await api("/api/scenarios");
  const select = q('[data-role="scenario"]');
  select.replaceChildren(...scenarios.map((s) => el("option", { value: s.name, text: `${s.name} · ${s.characters.join(", ")}` })));
  describe();
}

export async function show() {
  await cue();
}

function describe() {
  const chosen = scenarios.find((s) => s.name === q('[data-role="scenario"]').value);
  q('[data-role="scenario-description"]').textContent = chosen ? chosen.description : "";
}

async function cue() {
  const box = q('[data-role="cue"]');
  const field = q('[data-role="call-field"]').value.trim();
  const parts = [];
  if (field) parts.push(el("p", {}, el("b", { text: "You are calling about: " }), field));
  try {
    const scripts = await api("/api/scripts");
    if (scripts.active) {
      const script = await api(`/api/scripts/${encodeURIComponent(scripts.active)}`);
      parts.push(el("p", {}, el("b", { text: `Your script (${script.name}): ` }), script.text));
    }
  } catch { /* no script: nothing to show */ }
  box.replaceChildren(...parts);
  box.hidden = !parts.length;
}

function setTurn(who, text) {
  const turn = q('[data-role="turn"]');
  turn.dataset.who = who;
  turn.textContent = text;
}

function buttons(running) {
  q('[data-action="call"]').disabled = running;
  q('[data-action="hangup"]').disabled = !running;
  q('[data-role="scenario"]').disabled = running;
}

async function start() {
  if (session) return;
  const chat = q('[data-role="chat"]');
  chat.replaceChildren();
  q('[data-role="call-report"]').hidden = true;
  buttons(true);
  setTurn("none", "Opening the microphone…");
  const mic = new Mic({ onLevel: meterSetter($(".meter-fill", q('[data-role="call-meter"]'))), echoCancellation: true });
  try {
    await mic.open();
  } catch (error) {
    mic.release();
    buttons(false);
    setTurn("none", `No microphone: ${error.message || error}. Allow it in the address bar.`);
    return;
  }
  const ws = new WebSocket(socketUrl("/ws/call"));
  ws.binaryType = "arraybuffer";
  const player = new Player(mic.ctx);
  session = { ws, mic, player, forming: null, heard: "" };
  // ?seed=N picks the same line variants every time, ?wait=S the silence before "still
  // there?" (the command's --seed and --wait).
  const params = new URLSearchParams(location.search);
  const number = (name) => (params.get(name) === null ? null : Number(params.get(name)));
  ws.onopen = () => {
    ws.send(JSON.stringify({
      type: "start", rate: mic.rate, scenario: q('[data-role="scenario"]').value,
      seed: number("seed"), wait: number("wait"),
    }));
    mic.onPcm = (pcm) => { if (ws.readyState === WebSocket.OPEN) ws.send(pcm); };
  };
  ws.onmessage = (event) => {
    if (typeof event.data !== "string") player.play(event.data);
    else handle(JSON.parse(event.data));
  };
  ws.onclose = () => finish();
  setTurn("none", "Dialling…");
}

function hangUp() {
  if (!session) return;
  q('[data-action="hangup"]').disabled = true;
  session.player.stop();
  if (session.ws.readyState === WebSocket.OPEN) session.ws.send(JSON.stringify({ type: "stop" }));
  setTurn("ended", "You hung up. Preparing the report…");
}

function finish() {
  if (!session) return;
  session.mic.release();
  session.player.stop();
  session = null;
  buttons(false);
  $(".meter-fill", q('[data-role="call-meter"]')).style.width = "0";
}

// The caller's bubble while they speak, timed (like every line) on the call's clock.
function forming(event) {
  if (!session.forming) {
    session.forming = bubble("You", "", event.start_s ?? event.at_s, true, "forming");
    q('[data-role="chat"]').append(session.forming);
  }
  return $(".text", session.forming);
}

function handle(event) {
  const chat = q('[data-role="chat"]');
  switch (event.type) {
    case "status":
      if (/^Loading|^Calling/.test(event.text)) setTurn("none", event.text);
      break;
    case "said":
      session.forming = null;
      session.heard = "";
      chat.append(bubble(event.who, event.text, event.at_s, false));
      chat.scrollTop = chat.scrollHeight;
      break;
    case "turn":
      if (event.who === "them") setTurn("them", "Their turn: listen.");
      else setTurn("you", "Your turn: speak, then pause.");
      break;
    case "heard":
      forming(event).textContent = event.full;
      session.heard = event.full;
      chat.scrollTop = chat.scrollHeight;
      break;
    case "partial": {
      // What has been said of the phrase still going on: greyed, until the phrase is decoded.
      const heard = session.heard;
      forming(event).replaceChildren(heard, el("span", { class: "partial", text: `${heard ? " " : ""}${event.text}` }));
      chat.scrollTop = chat.scrollHeight;
      break;
    }
    case "report":
      showReport(event.report, event.problems || []);
      break;
    case "error":
      setTurn("ended", event.error);
      break;
    default:
      break;
  }
}

async function showReport(report, problems) {
  const m = await meta();
  chatFromTurns(q('[data-role="chat"]'), report);
  // What could not be kept (a full disk, a read-only history) is told after the report.
  const kept = problems.map((p) => ` ${p.charAt(0).toUpperCase()}${p.slice(1)}.`).join("");
  setTurn("ended", `Call ended: ${report.outcome.replace(/_/g, " ")}.${kept}`);
  const root = q('[data-role="call-report"]');
  renderCall(root, report, m, { audioUrl: report.id && report.recording ? `/api/attempts/${report.id}/audio` : null });
  root.scrollIntoView({ behavior: "smooth", block: "start" });
}
