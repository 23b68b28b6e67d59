// The page's entry: one app, four pages switched by the address's #fragment.
import { $, $$, meta } from "./util.js";
import * as practice from "./practice.js";
import * as call from "./call.js";
import * as script from "./script.js";
import * as progress from "./progress.js";

const PAGES = { practice, call, script, progress };
const ready = {};

// The token came in the address; the page now holds it as a cookie, so take it out of the
// address bar (and out of the history and of screenshots).
if (new URLSearchParams(location.search).has("token")) {
  const url = new URL(location.href);
  url.searchParams.delete("token");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

async function route() {
  const name = (location.hash || "#practice").slice(1);
  const current = PAGES[name] ? name : "practice";
  for (const section of $$("[data-page]")) section.hidden = section.dataset.page !== current;
  for (const link of $$("[data-nav]")) {
    if (link.dataset.nav === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const module = PAGES[current];
  try {
    if (!ready[current]) ready[current] = module.init();
    await ready[current];
    await module.show();
  } catch (error) {
    console.error(error);
  }
  document.body.dataset.ready = current;
}

window.addEventListener("hashchange", route);
meta().then((m) => { $('[data-role="profile"]').textContent = `profile: ${m.profile}`; }).catch(() => {});
route();
