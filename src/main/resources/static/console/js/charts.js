// Small canvas charts: a heatmap, grouped bars and lines. A canvas is one picture to a screen reader, so each chart
// comes with a label and the caller puts the same numbers in a table beside it (dataTable). Drawing uses the
// canvas API only: no inline styles, nothing the Content-Security-Policy would refuse.

import { h } from "./dom.js";

export const PALETTE = ["#1d4e89", "#c25e00", "#1b6e3a", "#7b2d8e", "#a3231f", "#4a525c"];
const FONT = "12px system-ui, sans-serif";

function canvas(label, width, height) {
  const c = h("canvas", { class: "chart", width, height, role: "img", "aria-label": label });
  return [c, c.getContext("2d")];
}

/** Blue (low) to orange (high) through white; t in [0, 1]. */
export function heatColour(t) {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const lo = [29, 78, 137];
  const mid = [247, 247, 247];
  const hi = [194, 94, 0];
  const [a, b, f] = x < 0.5 ? [lo, mid, x * 2] : [mid, hi, (x - 0.5) * 2];
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * rows × cols values, each cell coloured between the smallest and largest finite value; rows whose label is in
 * `marked` get a dark frame (the removed layers).
 */
export function heatmap({ label, rowLabels, colLabels, values, marked = new Set() }) {
  const cell = { w: Math.max(56, 8 + 7 * Math.max(...colLabels.map((l) => l.length))), h: 22 };
  const left = 70;
  const top = 24;
  const [c, g] = canvas(label, left + cell.w * colLabels.length + 10, top + cell.h * rowLabels.length + 30);
  const finite = values.flat().filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  g.font = FONT;
  g.textBaseline = "middle";
  g.fillStyle = "#1a1d21";
  colLabels.forEach((l, j) => g.fillText(l, left + j * cell.w + 4, top - 10));
  rowLabels.forEach((l, i) => {
    const y = top + i * cell.h;
    g.fillStyle = "#1a1d21";
    g.fillText(l, 4, y + cell.h / 2);
    values[i].forEach((v, j) => {
      g.fillStyle = Number.isFinite(v) ? heatColour(max > min ? (v - min) / (max - min) : 0.5) : "#e3e6ea";
      g.fillRect(left + j * cell.w, y, cell.w - 2, cell.h - 2);
    });
    if (marked.has(l)) {
      g.strokeStyle = "#1a1d21";
      g.lineWidth = 2;
      g.strokeRect(left - 1, y - 1, cell.w * colLabels.length, cell.h);
    }
  });
  g.fillStyle = "#4a525c";
  const legendY = top + cell.h * rowLabels.length + 16;
  g.fillText(`${min.toFixed(2)}`, left, legendY);
  for (let k = 0; k < 60; k++) {
    g.fillStyle = heatColour(k / 59);
    g.fillRect(left + 60 + k * 2, legendY - 6, 2, 12);
  }
  g.fillStyle = "#4a525c";
  g.fillText(`${max.toFixed(2)}`, left + 190, legendY);
  return c;
}

/** Vertical bars per category, one colour per series; values ≥ 0. */
export function bars({ label, categories, series, yLabel }) {
  const width = Math.max(360, 60 + categories.length * (10 + 8 * series.length));
  const height = 220;
  const [c, g] = canvas(label, width, height);
  const plot = { x: 50, y: 12, w: width - 62, h: height - 56 };
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  axes(g, plot, 0, max, yLabel);
  const groupW = plot.w / categories.length;
  const barW = Math.max(2, (groupW - 4) / series.length);
  categories.forEach((cat, i) => {
    series.forEach((s, k) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) return;
      const bh = (v / max) * plot.h;
      g.fillStyle = s.colour || PALETTE[k % PALETTE.length];
      g.fillRect(plot.x + i * groupW + 2 + k * barW, plot.y + plot.h - bh, barW - 1, bh);
    });
    if (categories.length <= 40 && (categories.length <= 20 || i % 2 === 0)) {
      g.fillStyle = "#1a1d21";
      g.fillText(String(cat), plot.x + i * groupW + 2, plot.y + plot.h + 14);
    }
  });
  return c;
}

/** Lines (or points only, with points: true) of [x, y] pairs on shared axes. */
export function lines({ label, series, xLabel, yLabel, points = false, yMin }) {
  const width = 560;
  const height = 240;
  const [c, g] = canvas(label, width, height);
  const plot = { x: 56, y: 12, w: width - 72, h: height - 60 };
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (!all.length) return c;
  let x0 = Math.min(...all.map((p) => p[0]));
  let x1 = Math.max(...all.map((p) => p[0]));
  let y0 = yMin ?? Math.min(...all.map((p) => p[1]));
  let y1 = Math.max(...all.map((p) => p[1]));
  if (x1 === x0) { x0 -= 0.5; x1 += 0.5; }
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  axes(g, plot, y0, y1, yLabel);
  g.fillStyle = "#1a1d21";
  g.fillText(x0.toPrecision(3), plot.x, plot.y + plot.h + 14);
  g.fillText(x1.toPrecision(3), plot.x + plot.w - 30, plot.y + plot.h + 14);
  if (xLabel) g.fillText(xLabel, plot.x + plot.w / 2 - 30, plot.y + plot.h + 30);
  const px = (x) => plot.x + ((x - x0) / (x1 - x0)) * plot.w;
  const py = (y) => plot.y + plot.h - ((y - y0) / (y1 - y0)) * plot.h;
  series.forEach((s, k) => {
    const colour = s.colour || PALETTE[k % PALETTE.length];
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = 2;
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (!points) {
      g.beginPath();
      pts.forEach(([x, y], i) => (i ? g.lineTo(px(x), py(y)) : g.moveTo(px(x), py(y))));
      g.stroke();
    }
    pts.forEach(([x, y]) => {
      g.beginPath();
      g.arc(px(x), py(y), points ? 4 : 2, 0, 2 * Math.PI);
      g.fill();
    });
  });
  return c;
}

function axes(g, plot, y0, y1, yLabel) {
  g.font = FONT;
  g.textBaseline = "middle";
  g.strokeStyle = "#7b838d";
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(plot.x, plot.y);
  g.lineTo(plot.x, plot.y + plot.h);
  g.lineTo(plot.x + plot.w, plot.y + plot.h);
  g.stroke();
  g.fillStyle = "#1a1d21";
  g.fillText(fmt(y1), 2, plot.y + 4);
  g.fillText(fmt(y0), 2, plot.y + plot.h);
  if (yLabel) g.fillText(yLabel, plot.x + 6, plot.y + 4);
}

/** Axis ends: counts as integers (6, not 6.00), other values to three significant digits without trailing zeros. */
function fmt(v) {
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return v.toFixed(0);
  return String(Number(v.toPrecision(3)));
}

/** A legend: a swatch (coloured through the CSSOM, which the CSP allows) and a name per series. */
export function legend(series) {
  return h("p", { class: "legend" }, series.map((s, k) => {
    const sw = h("span", { class: "swatch", "aria-hidden": "true" });
    sw.style.background = s.colour || PALETTE[k % PALETTE.length];
    return h("span", {}, sw, s.name);
  }));
}

/** The chart's numbers as a table, folded away under a summary (screen readers and copying). */
export function dataTable(caption, head, rows) {
  return h("details", {},
    h("summary", {}, `${caption}: the numbers`),
    h("div", { class: "table-wrap" }, h("table", {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, head.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((x) => h("td", {}, x))))))));
}
