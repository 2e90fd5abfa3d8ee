// Draws the Grafana dashboard (helm/lvlm-serve/files/grafana/lvlm-serve.json) from a Prometheus that scraped a
// real server: every panel's own queries over a time range, laid out by the panels' gridPos, as SVG line charts in
// headless Chromium, screenshot to PNG. It is not Grafana (no Grafana package on these machines), but the numbers
// are the queries' answers.
//   node render.mjs PROMETHEUS_URL DASHBOARD.json OUT.png START_UNIX END_UNIX [namespace] [service]
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [prom, dashFile, out, start, end, namespace = "lvlm-serve", service = "lvlm-serve"] = process.argv.slice(2);
const dash = JSON.parse(readFileSync(dashFile, "utf8"));
const step = Math.max(2, Math.round((end - start) / 240));
const vars = { namespace, service };
const expand = (e) => e.replaceAll("$__rate_interval", "1m").replaceAll("$__range", `${Math.round(end - start)}s`)
  .replace(/\$\{?(\w+)\}?/g, (m, n) => vars[n] ?? m);
const legend = (fmt, metric) => (fmt || JSON.stringify(metric)).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, l) => metric[l] ?? "");

const panels = [];
for (const p of dash.panels) {
  if (p.type === "row") {
    panels.push({ row: true, title: p.title, grid: p.gridPos });
    continue;
  }
  const series = [];
  for (const t of p.targets) {
    const url = `${prom}/api/v1/query_range?query=${encodeURIComponent(expand(t.expr))}&start=${start}&end=${end}&step=${step}`;
    const body = await (await fetch(url)).json();
    if (body.status !== "success") throw new Error(`${p.title}: ${body.error}`);
    for (const r of body.data.result) {
      series.push({ name: legend(t.legendFormat, r.metric), points: r.values.map(([x, y]) => [x, Number(y)]).filter(([, y]) => Number.isFinite(y)) });
    }
  }
  panels.push({ title: p.title, grid: p.gridPos, unit: p.fieldConfig?.defaults?.unit ?? "short", max: p.fieldConfig?.defaults?.max, series });
}

const page = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #111217; color: #ccccdc; font: 12px sans-serif; }
#grid { position: relative; width: 1600px; }
.p { position: absolute; box-sizing: border-box; padding: 6px 8px; background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; }
.row { position: absolute; font-size: 14px; font-weight: 600; color: #d8d9da; padding-top: 6px; }
.t { font-weight: 600; margin-bottom: 2px; color: #d8d9da; }
.lg { font-size: 11px; line-height: 14px; overflow: hidden; white-space: nowrap; }
.lg span { margin-right: 10px; } .nd { color: #8e8e8e; padding-top: 40px; text-align: center; }
#head { padding: 10px 12px; font-size: 16px; color: #d8d9da; } #head small { color: #8e8e8e; font-size: 12px; }
</style></head><body><div id="head">lvlm-serve <small>rendered from a Prometheus that scraped a running lvlm-serve; namespace=${namespace}, service=${service}; ${new Date(start * 1000).toISOString()} – ${new Date(end * 1000).toISOString()}</small></div><div id="grid"></div>
<script>
const panels = ${JSON.stringify(panels)};
const W = 1600 / 24, H = 30, colors = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff", "#fade2a"];
const fmt = (v, unit) => {
  const a = Math.abs(v);
  if (unit === "percentunit") return (v * 100).toFixed(a < 0.1 ? 1 : 0) + "%";
  if (unit === "bytes") { const u = ["B","KiB","MiB","GiB","TiB"]; let i = 0; while (a >= 1024 ** (i + 1) && i < 4) i++; return (v / 1024 ** i).toFixed(1) + " " + u[i]; }
  if (unit === "s") return a === 0 ? "0" : a < 1 ? (v * 1000).toFixed(a < 0.01 ? 1 : 0) + " ms" : v.toFixed(1) + " s";
  const s = a >= 1000 ? (v / 1000).toFixed(1) + "k" : a >= 10 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toFixed(2);
  return unit === "reqps" ? s + " req/s" : s;
};
let bottom = 0;
const grid = document.getElementById("grid");
for (const p of panels) {
  const el = document.createElement("div");
  if (p.row) { el.className = "row"; el.style.cssText = "left:8px;top:" + (p.grid.y * H + 4) + "px"; el.textContent = p.title; grid.appendChild(el); continue; }
  el.className = "p";
  el.style.cssText = "left:" + (p.grid.x * W + 2) + "px;top:" + (p.grid.y * H + 2) + "px;width:" + (p.grid.w * W - 4) + "px;height:" + (p.grid.h * H - 4) + "px";
  bottom = Math.max(bottom, (p.grid.y + p.grid.h) * H);
  const w = p.grid.w * W - 22, h = p.grid.h * H - 60;
  let html = '<div class="t">' + p.title + "</div>";
  const pts = p.series.flatMap((s) => s.points);
  if (!pts.length) { el.innerHTML = html + '<div class="nd">No data</div>'; grid.appendChild(el); continue; }
  const x0 = Math.min(...pts.map((q) => q[0])), x1 = Math.max(...pts.map((q) => q[0]));
  let y1 = Math.max(...pts.map((q) => q[1]), 0); if (p.max !== undefined) y1 = Math.max(y1, p.max); if (y1 === 0) y1 = 1;
  const L = 52, X = (t) => L + ((t - x0) / Math.max(1, x1 - x0)) * (w - L), Y = (v) => 4 + (1 - v / y1) * (h - 20);
  let svg = '<svg width="' + w + '" height="' + h + '">';
  for (let i = 0; i <= 4; i++) { const v = (y1 * i) / 4; svg += '<line x1="' + L + '" x2="' + w + '" y1="' + Y(v) + '" y2="' + Y(v) + '" stroke="#2c3235"/><text x="' + (L - 4) + '" y="' + (Y(v) + 4) + '" fill="#8e8e8e" font-size="10" text-anchor="end">' + fmt(v, p.unit) + "</text>"; }
  for (let i = 0; i <= 4; i++) { const t = x0 + ((x1 - x0) * i) / 4; const d = new Date(t * 1000); svg += '<text x="' + X(t) + '" y="' + (h - 4) + '" fill="#8e8e8e" font-size="10" text-anchor="middle">' + d.toISOString().slice(11, 19) + "</text>"; }
  p.series.forEach((s, i) => { if (!s.points.length) return; svg += '<polyline fill="none" stroke-width="1.5" stroke="' + colors[i % colors.length] + '" points="' + s.points.map((q) => X(q[0]).toFixed(1) + "," + Y(q[1]).toFixed(1)).join(" ") + '"/>'; });
  svg += "</svg>";
  html += svg + '<div class="lg">' + p.series.map((s, i) => '<span style="color:' + colors[i % colors.length] + '">━ ' + s.name + "</span>").join("") + "</div>";
  el.innerHTML = html;
  grid.appendChild(el);
}
grid.style.height = bottom + "px";
</script></body></html>`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const tab = await browser.newPage({ viewport: { width: 1600, height: 900 } });
tab.on("pageerror", (e) => { console.error("page error:", e.message); process.exitCode = 1; });
await tab.setContent(page);
await tab.screenshot({ path: out, fullPage: true });
await browser.close();
const empty = panels.filter((p) => !p.row && !p.series.some((s) => s.points.length)).map((p) => p.title);
console.log(`${out}: ${panels.filter((p) => !p.row).length} panels, ${empty.length} without data${empty.length ? ": " + empty.join(", ") : ""}`);
