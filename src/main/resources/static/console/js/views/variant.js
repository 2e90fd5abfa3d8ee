// One variant's report: what the recipe removed and kept, the layer-similarity heatmap the layer methods ranked
// by, each retained layer's width, the recovery curves when a recovery ran, quality against ratio over the
// variants of the same base, and the service's PNG report.

import { api } from "../api.js";
import { h, fill } from "../dom.js";
import * as fmt from "../format.js";
import { heatmap, bars, lines, legend, dataTable, PALETTE } from "../charts.js";
import { findCurves, recoveryOf } from "../curves.js";
import { gate } from "./variants.js";
import { showBanner, explain } from "../ui.js";

export function render(root, [name]) {
  const body = h("div", {}, h("p", { class: "hint" }, "Loading…"));
  fill(root, h("p", {}, h("a", { href: "#/variants" }, "← All variants")), h("h2", {}, `Variant ${name ?? ""}`),
    body);
  if (!name) return undefined;
  let blobUrl = null;
  Promise.all([api.variant(name), api.variants()]).then(([v, list]) => {
    fill(body, summary(v), similarity(v), widths(v), recovery(v), qualityVsRatio(v, list),
      h("section", { class: "panel", "aria-labelledby": "png-h" }, h("h3", { id: "png-h" }, "Report image"),
        h("p", { id: "png", class: "hint" }, "Loading the report image…")));
    return api.report(name).then((res) => res.blob()).then((blob) => {
      blobUrl = URL.createObjectURL(blob);
      fill(document.getElementById("png"), h("img", { class: "report", src: blobUrl,
        alt: `The service's report for ${name}: per-layer scores, retained layers and widths` }));
    }, (err) => fill(document.getElementById("png"), `The report image could not be loaded: ${err.message}`));
  }).catch((err) => {
    fill(body);
    showBanner(explain(err));
  });
  return () => { if (blobUrl) URL.revokeObjectURL(blobUrl); };
}

function summary(v) {
  const recipe = v.recipe || {};
  const deltas = recipe.deltas || [];
  const widthLayers = Object.keys(recipe.widths || {}).length;
  const items = [
    ["Base", v.base],
    ["Method", v.method],
    ["Ratio", v.method === "base" ? fmt.DASH : fmt.percent(v.ratio)],
    ["Decoder layers", `${v.retained_layers} of ${v.num_layers} kept`],
    ["Removed layers", fmt.layers(v.removed_layers)],
    ["Narrowed layers", widthLayers ? String(widthLayers) : "none"],
    ["Low-rank deltas", deltas.length ? `${deltas.length} (ranks ${deltas.map((d) => d.rank).join(", ")}; `
      + `${recipe.delta_mode || "factored"})` : "none"],
    ["Parameters", fmt.count(v.parameters)],
    ["Memory", fmt.bytes(v.bytes)],
    ["Owned by this variant", v.owned_percent_of_base === undefined ? fmt.bytes(v.owned_bytes)
      : `${fmt.bytes(v.owned_bytes)} (${v.owned_percent_of_base} % of the base)`],
    ["Quality gate", gate(v.gate)],
    ["Default", v.default ? "yes" : "no"],
    ["Created", fmt.time(v.created_at)],
    ["Job", v.job_id || fmt.DASH],
  ];
  return h("section", { class: "panel", "aria-labelledby": "sum-h" }, h("h3", { id: "sum-h" }, "Recipe"),
    h("dl", { class: "grid" }, items.map(([k, val]) => h("div", {}, h("dt", {}, h("strong", {}, k)),
      h("dd", {}, val)))));
}

function reportOf(v) {
  return (v.recipe && v.recipe.report) || {};
}

function similarity(v) {
  const scores = reportOf(v).layer_scores || [];
  const section = h("section", { class: "panel", "aria-labelledby": "sim-h" },
    h("h3", { id: "sim-h" }, "Layer similarity"));
  if (!scores.length) {
    return fill(section, section.firstChild, h("p", { class: "hint" },
      "This variant's method did not score layers (no layer was ranked for removal)."));
  }
  const kinds = [...new Set(scores.flatMap((s) => Object.keys(s.similarity || {})))];
  const cols = kinds.length ? kinds : ["score"];
  const rowLabels = scores.map((s) => `layer ${s.layer}`);
  const values = scores.map((s) => cols.map((k) => (kinds.length ? s.similarity[k] : s.score)));
  const removed = new Set((v.removed_layers || []).map((l) => `layer ${l}`));
  section.append(
    h("p", { class: "hint" }, "Cosine similarity between each candidate layer's input and output, by the tokens "
      + "it was measured on (higher: the layer changes less, so removing it costs less). Framed rows were removed; "
      + `the method ranked by “${reportOf(v).scored_by || "score"}”.`),
    heatmap({ label: `Layer-similarity heatmap of ${v.name}`, rowLabels, colLabels: cols, values,
      marked: removed }),
    dataTable("Layer similarity", ["layer", ...cols, "removed"], scores.map((s, i) => [String(s.layer),
      ...values[i].map((x) => fmt.number(x, 4)), removed.has(rowLabels[i]) ? "yes" : "no"])));
  return section;
}

function widths(v) {
  const layers = v.layers || [];
  const section = h("section", { class: "panel", "aria-labelledby": "w-h" },
    h("h3", { id: "w-h" }, "Retained layers and their widths"));
  if (!layers.length) return section;
  const cats = layers.map((l) => l.layer);
  const heads = [
    { name: "attention heads", values: layers.map((l) => l.heads), colour: PALETTE[0] },
    { name: "key/value heads", values: layers.map((l) => l.kv_heads), colour: PALETTE[1] },
  ];
  const neurons = [{ name: "MLP neurons", values: layers.map((l) => l.neurons), colour: PALETTE[2] }];
  section.append(
    h("p", { class: "hint" }, `Retained layers: ${cats.join(", ")}.`),
    legend(heads), bars({ label: `Heads per retained layer of ${v.name}`, categories: cats, series: heads }),
    legend(neurons), bars({ label: `MLP neurons per retained layer of ${v.name}`, categories: cats,
      series: neurons }),
    dataTable("Widths", ["layer", "heads", "kv heads", "neurons", "delta rank"], layers.map((l) =>
      [l.layer, l.heads, l.kv_heads, l.neurons, l.delta_rank].map(String))));
  return section;
}

function recovery(v) {
  const rec = recoveryOf(reportOf(v));
  const section = h("section", { class: "panel", "aria-labelledby": "rec-h" },
    h("h3", { id: "rec-h" }, "Recovery"));
  if (!rec) {
    section.append(h("p", { class: "hint" }, "No recovery ran for this variant."));
    return section;
  }
  const facts = Object.entries(rec).filter(([, x]) => x !== null && typeof x !== "object");
  section.append(h("dl", { class: "grid" }, facts.map(([k, x]) => h("div", {}, h("dt", {}, h("strong", {}, k)),
    h("dd", {}, String(x))))));
  const curves = findCurves(rec);
  if (curves.length) {
    section.append(legend(curves), lines({ label: `Recovery curves of ${v.name}`, series: curves, xLabel: "step" }),
      dataTable("Recovery curves", ["curve", "points", "first", "last"], curves.map((c) => [c.name,
        String(c.points.length), fmt.number(c.points[0][1], 4), fmt.number(c.points[c.points.length - 1][1], 4)])));
  }
  return section;
}

function qualityVsRatio(v, list) {
  const section = h("section", { class: "panel", "aria-labelledby": "q-h" },
    h("h3", { id: "q-h" }, `Quality against ratio (variants of ${v.base})`));
  const gated = list.variants.filter((x) => x.base === v.base && x.gate && x.method !== "base");
  if (!gated.length) {
    section.append(h("p", { class: "hint" }, "No variant of this base was gated yet: start a prune with a "
      + "quality gate to compare ratios."));
    return section;
  }
  const methods = [...new Set(gated.map((x) => x.method))];
  const series = methods.map((m) => ({ name: m, points: [[0, 1], ...gated.filter((x) => x.method === m)
    .map((x) => [x.ratio, x.gate.retention])].sort((a, b) => a[0] - b[0]) }));
  section.append(h("p", { class: "hint" }, "Retention of the base's accuracy on the quality gate's held-out "
    + "slice; the base is 100 % at ratio 0."), legend(series),
  lines({ label: `Retention against ratio for ${v.base}`, series, xLabel: "ratio", yLabel: "retention",
    yMin: 0 }),
  dataTable("Quality against ratio", ["variant", "method", "ratio", "retention", "gate"], gated.map((x) =>
    [x.name, x.method, fmt.percent(x.ratio), fmt.percent(x.gate.retention, 1), x.gate.passed ? "passed" : "failed"])));
  return section;
}
