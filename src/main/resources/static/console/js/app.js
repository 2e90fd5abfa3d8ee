// The console's shell: the key panel, the read-only / operator mode and hash routing between the views (the banner
// and the confirmation dialog are in ui.js). Each view module exports render(root, params) and may return a function that stops
// whatever it started (polling), called when the operator leaves the view.

import { keys } from "./keys.js";
import { $, $$, announce } from "./dom.js";
import { hideBanner, onRefresh } from "./ui.js";
import * as variants from "./views/variants.js";
import * as variant from "./views/variant.js";
import * as prune from "./views/prune.js";
import * as jobs from "./views/jobs.js";
import * as playground from "./views/playground.js";
import * as metrics from "./views/metrics.js";

const routes = { variants, variant, prune, jobs, playground, metrics };
let stopCurrent = null;

function route() {
  const [, name = "variants", ...rest] = location.hash.replace(/^#/, "").split("/");
  const view = routes[name] ? name : "variants";
  if (stopCurrent) stopCurrent();
  stopCurrent = null;
  hideBanner();
  for (const a of $$(".top nav a")) {
    const current = a.dataset.view === (view === "variant" ? "variants" : view);
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const root = $("#view");
  root.replaceChildren();
  root.dataset.view = view;
  const params = rest.map((p) => decodeURIComponent(p));
  const stop = routes[view].render(root, params);
  if (typeof stop === "function") stopCurrent = stop;
}

function showMode() {
  const admin = keys.hasAdmin();
  $("#mode").textContent = admin ? "Operator mode" : "Read-only: enter the admin key to make changes";
  document.body.classList.toggle("read-only", !admin);
}

function setUpKeys() {
  const form = $("#keys");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    keys.set({ admin: $("#admin-key").value.trim(), inference: $("#inference-key").value.trim() });
    $("#admin-key").value = "";
    $("#inference-key").value = "";
    $("#keys-details").open = false;
    announce(keys.hasAdmin() ? "Keys set: operator mode." : "Keys set: read-only.");
  });
  $("#forget-keys").addEventListener("click", () => {
    keys.forget();
    announce("Keys forgotten: read-only.");
  });
  keys.onChange(() => {
    showMode();
    route();
  });
}

window.addEventListener("hashchange", () => {
  route();
  $("#main").focus();
});
onRefresh(route);
setUpKeys();
showMode();
route();
