// The base models and their variants: recipe at a glance, size, quality gate, the default; activate and delete
// (operator mode, with confirmation). A variant's name leads to its report.

import { api } from "../api.js";
import { h, fill, announce, labelCells } from "../dom.js";
import { keys } from "../keys.js";
import * as fmt from "../format.js";
import { showBanner, confirmAction, refresh, explain } from "../ui.js";

export function render(root) {
  const body = h("div", {}, h("p", { class: "hint" }, "Loading variants…"));
  fill(root, h("h2", {}, "Variants"), body);
  api.variants().then((list) => fill(body, table(list)), (err) => {
    fill(body);
    showBanner(explain(err));
  });
}

function table(list) {
  const admin = keys.hasAdmin();
  const rows = list.variants.map((v) => h("tr", { dataset: { variant: v.name } },
    h("th", { scope: "row" }, h("a", { href: `#/variant/${encodeURIComponent(v.name)}` }, v.name),
      v.default ? [" ", h("span", { class: "badge default" }, "default")] : null),
    h("td", {}, v.base),
    h("td", {}, v.method),
    h("td", { class: "num" }, v.method === "base" ? fmt.DASH : fmt.percent(v.ratio)),
    h("td", {}, recipeSummary(v)),
    h("td", { class: "num" }, fmt.count(v.parameters)),
    h("td", { class: "num" }, fmt.bytes(v.bytes)),
    h("td", { class: "num" }, v.owned_percent_of_base === undefined ? fmt.bytes(v.owned_bytes)
      : `${fmt.bytes(v.owned_bytes)} (${v.owned_percent_of_base} %)`),
    h("td", {}, gate(v.gate)),
    h("td", {}, v.loaded ? "yes" : "no"),
    h("td", {}, actions(v, admin))));
  const n = list.variants.length;
  return h("div", { class: "table-wrap" }, labelCells(h("table", {},
    h("caption", {}, `${n} ${n === 1 ? "variant" : "variants"}; requests that name none go to ${list.default}`),
    h("thead", {}, h("tr", {}, ["Name", "Base", "Method", "Ratio", "Recipe", "Parameters", "Memory",
      "Owned", "Quality gate", "Loaded", "Actions"].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows))));
}

function recipeSummary(v) {
  if (v.method === "base") return "base model";
  const parts = [`layers ${v.retained_layers}/${v.num_layers}`];
  if (v.removed_layers && v.removed_layers.length) parts.push(`removed ${fmt.layers(v.removed_layers)}`);
  return parts.join("; ");
}

export function gate(g) {
  if (!g) return h("span", { class: "hint" }, "not gated");
  return h("span", { class: g.passed ? "badge ok" : "badge bad" },
    `${g.passed ? "passed" : "failed"}: kept ${fmt.percent(g.retention, 1)} (needs ${fmt.percent(g.min_retention, 0)})`);
}

function actions(v, admin) {
  const why = admin ? null : "Needs the admin key";
  const activate = h("button", {
    type: "button", class: "secondary", disabled: !admin || v.default, title: why,
    "aria-label": `Activate ${v.name}`,
    onclick: async () => {
      const ok = await confirmAction(`Activate ${v.name}?`,
        `Requests that name no model will go to ${v.name} instead of the current default. Requests already `
        + "queued finish on the current default.", "Activate");
      if (!ok) return;
      try {
        await api.activate(v.name);
        announce(`${v.name} is now the default.`);
        refresh();
      } catch (err) {
        showBanner(explain(err));
      }
    },
  }, "Activate");
  const removable = v.method !== "base" && !v.default;
  const remove = h("button", {
    type: "button", class: "danger", disabled: !admin || !removable,
    title: why || (removable ? null : "The default and base models cannot be deleted"),
    "aria-label": `Delete ${v.name}`,
    onclick: async () => {
      const ok = await confirmAction(`Delete ${v.name}?`,
        `The variant and its files are removed. This cannot be undone.`, "Delete");
      if (!ok) return;
      try {
        await api.remove(v.name);
        announce(`${v.name} deleted.`);
        refresh();
      } catch (err) {
        showBanner(explain(err));
      }
    },
  }, "Delete");
  return h("div", { class: "row" }, activate, remove);
}
