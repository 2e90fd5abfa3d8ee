// Pieces of the shell every view uses: the banner above the view, the confirmation dialog, and a way to re-render
// the current view. app.js registers the renderer, so views need not import the shell (no import cycle).

import { $ } from "./dom.js";

let rerender = () => {};

/** An error of a whole view (the service unreachable, a key refused), above the view. */
export function showBanner(text, kind = "error") {
  const b = $("#banner");
  b.textContent = text;
  b.className = kind === "info" ? "banner info" : "banner";
  b.hidden = false;
}

export function hideBanner() {
  $("#banner").hidden = true;
}

/** Resolves true when the operator confirms; the dialog is modal, and Escape or Cancel refuses. */
export function confirmAction(title, text, okLabel) {
  const dialog = $("#confirm");
  $("#confirm-title").textContent = title;
  $("#confirm-text").textContent = text;
  $("#confirm-ok").textContent = okLabel;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

/** Re-renders the current view (after an action that changed what it shows). */
export function refresh() {
  rerender();
}

export function onRefresh(f) {
  rerender = f;
}

/** The banner text for a failed call: a refused key says which key to enter. */
export function explain(err) {
  if (err && err.status === 401) return `${err.message} Enter the key under “Keys”.`;
  if (err && err.status === 403) return `${err.message} Check the key under “Keys”.`;
  return err && err.message ? err.message : String(err);
}
