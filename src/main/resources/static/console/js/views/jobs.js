// Prune jobs, live: polled every second while one is queued or running (the API has no event stream for jobs),
// every five seconds otherwise. Stage, percent, ETA and — when the job reports them, as a recovery stage does — its
// step count and loss; fields this console does not know are ignored, and stages are shown by whatever name the
// service gives them. Cancel asks for confirmation.

import { api } from "../api.js";
import { h, fill, announce, labelCells } from "../dom.js";
import { keys } from "../keys.js";
import * as fmt from "../format.js";
import { showBanner, hideBanner, confirmAction, explain } from "../ui.js";

const ACTIVE = new Set(["queued", "running"]);

export function render(root) {
  const body = h("div", {}, h("p", { class: "hint" }, "Loading jobs…"));
  fill(root, h("h2", {}, "Prune jobs"), body);
  if (!keys.hasAdmin()) {
    fill(body, h("p", { class: "banner info", role: "status" }, "Jobs show the requests that started them, so "
      + "they are for operators: enter the admin key under “Keys” to see them."));
    return undefined;
  }
  let timer = null;
  let stopped = false;
  const states = new Map();
  const tick = async () => {
    let list;
    try {
      list = await api.jobs();
      hideBanner();
    } catch (err) {
      showBanner(explain(err));
      if (!stopped) timer = setTimeout(tick, 5000);
      return;
    }
    if (stopped) return;
    for (const j of list) {
      const before = states.get(j.id);
      if (before && before !== j.state) announce(`Job ${j.id} ${j.state}.`);
      states.set(j.id, j.state);
    }
    // Re-rendering every second must not take keyboard focus away from a Cancel button or link.
    const focused = body.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label")
      || document.activeElement.textContent : null;
    fill(body, table(list, () => { clearTimeout(timer); tick(); }));
    if (focused) {
      const again = [...body.querySelectorAll("a, button")].find((el) => (el.getAttribute("aria-label")
        || el.textContent) === focused);
      if (again) again.focus();
    }
    timer = setTimeout(tick, list.some((j) => ACTIVE.has(j.state)) ? 1000 : 5000);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Loss and step of a job that reports them (a recovery stage), wherever the job puts them. */
export function trainingOf(job) {
  const src = [job, job.recovery, job.progress, job.training].find((o) => o && typeof o === "object"
    && (Number.isFinite(o.loss) || Number.isFinite(o.current_loss) || Number.isFinite(o.step)));
  if (!src) return { loss: null, step: null, total: null };
  const loss = Number.isFinite(src.current_loss) ? src.current_loss : src.loss;
  return {
    loss: Number.isFinite(loss) ? loss : null,
    step: Number.isFinite(src.step) ? src.step : null,
    total: Number.isFinite(src.total_steps) ? src.total_steps : Number.isFinite(src.steps) ? src.steps
      : Number.isFinite(src.total) ? src.total : null,
  };
}

function table(list, reload) {
  if (!list.length) return h("p", {}, "No jobs yet. ", h("a", { href: "#/prune" }, "Start a prune"), ".");
  const rows = [...list].reverse().map((j) => {
    const t = trainingOf(j);
    const active = ACTIVE.has(j.state);
    return h("tr", { dataset: { job: j.id, state: j.state } },
      h("th", { scope: "row" }, j.id, j.replica ? h("div", { class: "hint" }, `on ${j.replica}`) : null),
      h("td", {}, j.variant ? (j.state === "succeeded"
        ? h("a", { href: `#/variant/${encodeURIComponent(j.variant)}` }, j.variant) : j.variant) : fmt.DASH),
      h("td", {}, `${j.method} ${fmt.percent(j.ratio)}`),
      h("td", { class: `state-${j.state}` }, j.state, j.cancel_requested && active ? " (cancelling)" : null),
      h("td", {}, j.stage || fmt.DASH, t.step !== null ? ` (step ${t.step}${t.total !== null ? ` of ${t.total}` : ""})` : null),
      h("td", {}, h("progress", { max: 100, value: j.percent, "aria-label": `Progress of ${j.id}` }),
        ` ${fmt.number(j.percent, 0)} %`),
      h("td", { class: "num" }, t.loss === null ? fmt.DASH : fmt.number(t.loss, 4)),
      h("td", { class: "num" }, active ? fmt.eta(j.eta_seconds) : fmt.DASH),
      h("td", {}, outcome(j)),
      h("td", {}, active ? h("button", {
        type: "button", class: "danger", "aria-label": `Cancel ${j.id}`, disabled: j.cancel_requested,
        onclick: async () => {
          if (!(await confirmAction(`Cancel ${j.id}?`, `The prune of ${j.variant} stops at its next check and `
            + "leaves no variant behind.", "Cancel job"))) return;
          try {
            await api.cancelJob(j.id);
            announce(`Cancelling ${j.id}.`);
            reload();
          } catch (err) {
            showBanner(explain(err));
          }
        },
      }, "Cancel") : null));
  });
  return h("div", { class: "table-wrap" }, labelCells(h("table", {},
    h("caption", {}, "Newest first; refreshed every second while a job runs"),
    h("thead", {}, h("tr", {}, ["Job", "Variant", "Method", "State", "Stage", "Progress", "Loss", "ETA", "Result",
      ""].map((x, i) => h("th", { scope: "col" }, i === 9 ? h("span", { class: "visually-hidden" }, "Actions") : x)))),
    h("tbody", {}, rows))));
}

function outcome(j) {
  if (j.error) return h("span", { class: "error" }, j.error);
  const parts = [];
  if (j.gate) parts.push(`gate ${j.gate.passed ? "passed" : "failed"} (${fmt.percent(j.gate.retention, 1)})`);
  if (j.activated) parts.push("activated");
  if (j.kubernetes) {
    const k = j.kubernetes;
    parts.push(`Kubernetes Job ${k.name || ""}${k.phase ? `: ${k.phase}` : ""}${k.reason ? ` (${k.reason})` : ""}`);
  }
  if (j.finished_at && j.started_at) {
    parts.push(`took ${fmt.eta((Date.parse(j.finished_at) - Date.parse(j.started_at)) / 1000)}`);
  }
  return parts.join("; ") || fmt.DASH;
}
