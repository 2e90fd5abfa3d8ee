// Every PromQL expression the deployment ships — the alert and recording rules, the Grafana dashboard's targets and
// variables, KEDA's query — must parse, and every metric it reads must be one the service really exposes (a scrape
// of /actuator/prometheus from a running server) or a recording rule of ours, or one of the few series that come
// from elsewhere (kube-state-metrics, Prometheus's own `up`). With --prometheus URL, each dashboard query is also
// run against a Prometheus that scraped that server, and must return a number (not only NaN).
//
//   node check-queries.mjs --metrics SCRAPE.txt --rules RULES.yaml --dashboard DASH.json
//        [--keda-query QUERY] [--prometheus URL --namespace NS --service SVC]
//   node check-queries.mjs --self-test
import { readFileSync } from "node:fs";
import { parser } from "@prometheus-io/lezer-promql";
import { parse as parseYaml } from "yaml";

const EXTERNAL = new Map([
  ["up", "Prometheus's scrape health"],
  ["kube_deployment_spec_replicas", "kube-state-metrics"],
  ["kube_deployment_status_replicas_available", "kube-state-metrics"],
]);

// Grafana's variables, replaced as Grafana would before the query reaches Prometheus.
function grafana(expr, vars) {
  return expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__interval", "30s")
    .replaceAll("$__range", "1h")
    .replace(/\$\{?(\w+)\}?/g, (m, name) => (name in vars ? vars[name] : m));
}

// Grafana's label_values(metric{...}, label) is not PromQL; its metric selector is.
function variableQuery(q) {
  const m = /^label_values\((.*),\s*\w+\)$/.exec(q.trim());
  return m ? m[1] : q;
}

export function metricNames(expr) {
  const tree = parser.parse(expr);
  const names = [];
  let error = null;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) error = `syntax error at ${node.from}: ${expr.slice(Math.max(0, node.from - 20), node.from + 20)}`;
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id) names.push(expr.slice(id.from, id.to));
      }
    },
  });
  return { names, error };
}

function scraped(text) {
  const names = new Set();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    names.add(line.split(/[{ ]/)[0]);
  }
  return names;
}

function collect({ rules, dashboard, kedaQuery, vars }) {
  const exprs = [];
  const recorded = new Set();
  for (const g of rules?.groups ?? []) {
    for (const r of g.rules) {
      if (r.record) recorded.add(r.record);
      exprs.push({ where: `rule ${r.record ?? r.alert}`, expr: String(r.expr), panel: null });
    }
  }
  const panels = (dashboard?.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const p of panels) {
    for (const t of p.targets ?? []) exprs.push({ where: `panel "${p.title}" ${t.refId}`, expr: grafana(t.expr, vars), panel: p.title });
  }
  for (const v of dashboard?.templating?.list ?? []) {
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : v.query.query;
    exprs.push({ where: `variable ${v.name}`, expr: grafana(variableQuery(q), vars), panel: null });
  }
  if (kedaQuery) exprs.push({ where: "KEDA ScaledObject query", expr: kedaQuery, panel: null });
  return { exprs, recorded };
}

function check(exprs, recorded, exposed) {
  const problems = [];
  const used = new Set();
  for (const e of exprs) {
    const { names, error } = metricNames(e.expr);
    if (error) problems.push(`${e.where}: ${error}`);
    if (!names.length) problems.push(`${e.where}: reads no metric`);
    for (const n of names) {
      used.add(n);
      if (!exposed.has(n) && !recorded.has(n) && !EXTERNAL.has(n)) problems.push(`${e.where}: ${n} is not exposed by the service`);
    }
  }
  return { problems, used };
}

async function live(exprs, url) {
  const problems = [];
  let withData = 0;
  for (const e of exprs.filter((x) => x.panel !== null)) {
    const { names } = metricNames(e.expr);
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(e.expr)}`);
    const body = await res.json();
    if (body.status !== "success") {
      problems.push(`${e.where}: Prometheus refused it: ${body.error}`);
    } else if (!body.data.result.some((r) => Number.isFinite(Number(r.value[1])))) {
      // empty, or only NaN (0/0): Grafana draws nothing either
      if (!names.some((n) => EXTERNAL.has(n))) problems.push(`${e.where}: no data from the running server`);
    } else {
      withData++;
    }
  }
  return { problems, withData };
}

function selfTest() {
  const exposed = new Set(["lvlm_num_requests_waiting", "lvlm_e2e_request_latency_seconds_bucket"]);
  const cases = [
    ["a known metric", "sum(lvlm_num_requests_waiting)", 0],
    ["a histogram bucket", "histogram_quantile(0.99, sum by (le) (rate(lvlm_e2e_request_latency_seconds_bucket[1m])))", 0],
    ["a misspelt metric", "sum(lvlm_num_request_waiting)", 1],
    ["a syntax error", "sum(rate(lvlm_num_requests_waiting[5m])", 1],
    ["an external series", "up == 0", 0],
  ];
  let bad = 0;
  for (const [name, expr, want] of cases) {
    const { problems } = check([{ where: name, expr }], new Set(), exposed);
    if ((problems.length > 0 ? 1 : 0) !== want) {
      console.error(`self-test: ${name}: expected ${want ? "a problem" : "none"}, got ${problems}`);
      bad++;
    }
  }
  console.log(`check-queries self-test: ${cases.length - bad} passed, ${bad} failed`);
  return bad;
}

const argv = process.argv.slice(2);
if (argv[0] === "--self-test") process.exit(selfTest() ? 1 : 0);
const opt = {};
for (let i = 0; i < argv.length; i += 2) opt[argv[i].replace(/^--/, "")] = argv[i + 1];
const exposed = scraped(readFileSync(opt.metrics, "utf8"));
const vars = { namespace: opt.namespace ?? "default", service: opt.service ?? "lvlm-serve", datasource: "prometheus" };
const { exprs, recorded } = collect({
  rules: opt.rules ? parseYaml(readFileSync(opt.rules, "utf8")) : null,
  dashboard: opt.dashboard ? JSON.parse(readFileSync(opt.dashboard, "utf8")) : null,
  kedaQuery: opt["keda-query"],
  vars,
});
const { problems, used } = check(exprs, recorded, exposed);
for (const n of [...used].filter((x) => EXTERNAL.has(x))) console.log(`  ${n}: not from the service (${EXTERNAL.get(n)})`);
console.log(`${exprs.length} expressions, ${used.size} metric names, ${exposed.size} names in the scrape`);
if (opt.prometheus) {
  const r = await live(exprs, opt.prometheus);
  problems.push(...r.problems);
  console.log(`${r.withData} dashboard queries returned data from the running server`);
}
for (const p of problems) console.error(`  ${p}`);
process.exit(problems.length ? 1 : 0);
