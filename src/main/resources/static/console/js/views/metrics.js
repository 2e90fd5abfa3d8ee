// Live key metrics, read from /v1/metrics/summary every two seconds: samples/s, p50/p99 latency and the mean batch
// size over the last ten seconds (between the newest reading and the one five readings before it, stats.js,
// Prometheus's way), queue depth and running requests now, with the last two minutes drawn.

import { api } from "../api.js";
import { h, fill } from "../dom.js";
import * as fmt from "../format.js";
import { summarize } from "../stats.js";
import { lines, legend, PALETTE } from "../charts.js";
import { showBanner, hideBanner, explain } from "../ui.js";

const EVERY_MS = 2000;
const KEEP = 60;
const WINDOW = 5; // readings: ten seconds

export function render(root) {
  const tiles = h("div", { class: "tiles", id: "metric-tiles" });
  const charts = h("div", { class: "grid", id: "metric-charts" });
  fill(root, h("h2", {}, "Metrics"),
    h("p", { class: "hint" }, "Over all variants: rates and latencies over the last ten seconds, queue and "
      + "running requests now (the counters /actuator/prometheus exports, read every two seconds)."), tiles, charts);
  const readings = [];
  const history = [];
  let timer = null;
  let stopped = false;
  const tick = async () => {
    try {
      const cur = await api.metrics();
      hideBanner();
      if (stopped) return;
      const prev = readings.length ? readings[Math.max(0, readings.length - WINDOW)] : null;
      const s = summarize(prev, cur);
      readings.push(cur);
      if (readings.length > WINDOW) readings.shift();
      history.push({ t: Date.parse(cur.time) / 1000, ...s });
      if (history.length > KEEP) history.shift();
      fill(tiles, tile("Samples/s", fmt.number(s.samplesPerSecond, 2), "samples-per-second"),
        tile("p50 latency", fmt.millis(s.p50), "p50"),
        tile("p99 latency", fmt.millis(s.p99), "p99"),
        tile("Queue", fmt.number(s.waiting, 0), "queue"),
        tile("Running", fmt.number(s.running, 0), "running"),
        tile("Batch size", fmt.number(s.batchSize, 2), "batch-size"),
        tile("Failures/s", fmt.number(s.failuresPerSecond, 2), "failures-per-second"),
        tile("Answered", fmt.count(cur.succeeded), "answered"));
      draw(charts, history);
    } catch (err) {
      showBanner(explain(err));
    }
    if (!stopped) timer = setTimeout(tick, EVERY_MS);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function tile(label, value, id) {
  return h("div", { class: "tile", dataset: { metric: id } }, h("div", { class: "label" }, label),
    h("div", { class: "value" }, value));
}

function draw(charts, history) {
  if (history.length < 3) return;
  const t0 = history[history.length - 1].t;
  const series = (key, name, colour) => ({ name, colour,
    points: history.filter((x) => x[key] !== null).map((x) => [x.t - t0, x[key]]) });
  const rate = [series("samplesPerSecond", "samples/s", PALETTE[0])];
  const latency = [series("p50", "p50 ms", PALETTE[2]), series("p99", "p99 ms", PALETTE[1])];
  const queue = [series("waiting", "queue", PALETTE[3]), series("batchSize", "batch size", PALETTE[0])];
  fill(charts,
    h("div", {}, legend(rate), lines({ label: "Samples per second over the last two minutes", series: rate,
      xLabel: "seconds ago", yMin: 0 })),
    h("div", {}, legend(latency), lines({ label: "p50 and p99 latency over the last two minutes", series: latency,
      xLabel: "seconds ago", yMin: 0 })),
    h("div", {}, legend(queue), lines({ label: "Queue depth and batch size over the last two minutes",
      series: queue, xLabel: "seconds ago", yMin: 0 })));
}
