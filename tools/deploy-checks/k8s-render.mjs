// Renders k8s/ from the Helm chart, so that the plain manifests cannot drift from it:
//   k8s/base/          the chart with its default values (one file per kind), Helm's own labels and tests left out
//   k8s/overlays/cpu/  JSON patches that turn the base into the chart rendered with values-cpu.yaml
//   k8s/overlays/gpu/  the same for values-gpu.yaml
//   k8s/monitoring/    ServiceMonitor, PrometheusRule and the dashboard ConfigMap (Prometheus Operator users)
// The release is "lvlm-serve" in namespace "lvlm-serve" (only the monitoring objects name the namespace), and the
// keys come from a Secret "lvlm-serve-keys" that the operator creates (the admin key in it is required).
//
//   node k8s-render.mjs HELM KUBECTL            rewrites k8s/
//   node k8s-render.mjs HELM KUBECTL --check    fails when k8s/ differs from a fresh render, or when an overlay
//                                               built with kustomize differs from the chart with its values file
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments, stringify } from "yaml";

const [helm, kubectl, mode] = process.argv.slice(2);
const root = new URL("../../", import.meta.url).pathname;
const chart = join(root, "helm/lvlm-serve");
const RELEASE = "lvlm-serve";
const NAMESPACE = "lvlm-serve";
const HEADER = "# Rendered from helm/lvlm-serve by tools/deploy-checks/k8s-render.mjs; do not edit (CI checks it).\n";
const OVERLAYS = { cpu: "values-cpu.yaml", gpu: "values-gpu.yaml" };
const COMMON = ["auth.existingSecret=lvlm-serve-keys"];
const MONITORING = ["metrics.serviceMonitor.enabled=true", "metrics.prometheusRule.enabled=true", "metrics.grafanaDashboard.enabled=true"];
const MONITORING_KINDS = new Set(["ServiceMonitor", "PrometheusRule"]);

function render(valuesFiles, sets = []) {
  const args = ["template", RELEASE, chart, "--namespace", NAMESPACE];
  for (const f of valuesFiles) args.push("-f", join(chart, f));
  for (const s of [...COMMON, ...sets]) args.push("--set", s);
  const out = execFileSync(helm, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  return parseAllDocuments(out).map((d) => d.toJS()).filter((d) => d && !d.metadata?.annotations?.["helm.sh/hook"]).map(strip);
}

// Helm's bookkeeping labels mean nothing without Helm.
function strip(doc) {
  const clean = (labels) => {
    if (!labels) return;
    delete labels["helm.sh/chart"];
    delete labels["app.kubernetes.io/managed-by"];
  };
  clean(doc.metadata?.labels);
  clean(doc.spec?.template?.metadata?.labels);
  return doc;
}

const key = (d) => `${d.kind}/${d.metadata.name}`;
const fileOf = (d) => `${d.kind.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}.yaml`;
const esc = (k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1");

// RFC 6902 operations that turn a into b: objects key by key, equal-length arrays element by element, anything
// else replaced whole.
function diff(a, b, path, ops) {
  if (isDeepStrictEqual(a, b)) return ops;
  const obj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (obj(a) && obj(b)) {
    for (const k of Object.keys(a)) if (!(k in b)) ops.push({ op: "remove", path: `${path}/${esc(k)}` });
    for (const k of Object.keys(b)) {
      if (!(k in a)) ops.push({ op: "add", path: `${path}/${esc(k)}`, value: b[k] });
      else diff(a[k], b[k], `${path}/${esc(k)}`, ops);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diff(v, b[i], `${path}/${i}`, ops));
  } else {
    ops.push({ op: "replace", path, value: b });
  }
  return ops;
}

function write(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

function generate(out) {
  const base = render([]);
  const byFile = {};
  for (const d of base) (byFile[fileOf(d)] ??= []).push(d);
  const baseFiles = {};
  for (const [f, docs] of Object.entries(byFile)) baseFiles[f] = HEADER + docs.map((d) => stringify(d)).join("---\n");
  baseFiles["kustomization.yaml"] = HEADER + stringify({
    apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: Object.keys(byFile).sort(),
  });
  write(join(out, "base"), baseFiles);

  const baseByKey = new Map(base.map((d) => [key(d), d]));
  for (const [name, values] of Object.entries(OVERLAYS)) {
    const docs = render([values]);
    const patches = [];
    const extra = [];
    for (const d of docs) {
      const b = baseByKey.get(key(d));
      if (!b) {
        extra.push(d);
        continue;
      }
      const ops = diff(b, d, "", []);
      if (ops.length) patches.push({ target: { kind: d.kind, name: d.metadata.name }, patch: stringify(ops) });
    }
    const gone = base.filter((b) => !docs.some((d) => key(d) === key(b)));
    if (gone.length) throw new Error(`${values} removes ${gone.map(key)}: not expressible as patches here`);
    const files = {};
    const k = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["../../base"] };
    if (extra.length) {
      files["extra.yaml"] = HEADER + extra.map((d) => stringify(d)).join("---\n");
      k.resources.push("extra.yaml");
    }
    k.patches = patches;
    files["kustomization.yaml"] = HEADER + `# = helm template ${RELEASE} helm/lvlm-serve -f helm/lvlm-serve/${values} --set ${COMMON.join(" --set ")}\n` + stringify(k);
    write(join(out, "overlays", name), files);
  }

  const mon = render([], MONITORING).filter((d) => MONITORING_KINDS.has(d.kind) || d.metadata.name.endsWith("-dashboard"));
  const monFiles = {};
  for (const d of mon) monFiles[fileOf(d)] = HEADER + `# Selects namespace "${NAMESPACE}"; re-render for another namespace.\n` + stringify(d);
  monFiles["kustomization.yaml"] = HEADER + stringify({
    apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: Object.keys(monFiles).sort(),
  });
  write(join(out, "monitoring"), monFiles);
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

const k8s = join(root, "k8s");
if (mode === "--check") {
  const tmp = mkdtempSync(join(tmpdir(), "k8s-render-"));
  let bad = 0;
  try {
    generate(tmp);
    const want = listFiles(tmp).filter((f) => f !== "README.md");
    const have = listFiles(k8s).filter((f) => f !== "README.md");
    for (const f of new Set([...want, ...have])) {
      const a = existsSync(join(k8s, f)) ? readFileSync(join(k8s, f), "utf8") : null;
      const b = existsSync(join(tmp, f)) ? readFileSync(join(tmp, f), "utf8") : null;
      if (a !== b) {
        console.error(`k8s/${f}: ${a === null ? "missing" : b === null ? "not rendered from the chart" : "differs from the chart"}`);
        bad++;
      }
    }
    for (const [name, values] of Object.entries(OVERLAYS)) {
      const built = parseAllDocuments(execFileSync(kubectl, ["kustomize", join(k8s, "overlays", name)], { encoding: "utf8" })).map((d) => d.toJS());
      const expected = render([values]);
      const sort = (ds) => [...ds].sort((x, y) => key(x).localeCompare(key(y)));
      if (!isDeepStrictEqual(sort(built), sort(expected))) {
        console.error(`k8s/overlays/${name}: kustomize output differs from helm template -f ${values}`);
        bad++;
      } else {
        console.log(`k8s/overlays/${name}: kustomize output equals helm template -f ${values} (${built.length} objects)`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (bad) console.error("run: node tools/deploy-checks/k8s-render.mjs HELM KUBECTL   (after npm ci in tools/deploy-checks)");
  process.exit(bad ? 1 : 0);
} else {
  for (const d of ["base", "overlays", "monitoring"]) rmSync(join(k8s, d), { recursive: true, force: true });
  rmSync(join(k8s, "lvlm-serve.yaml"), { force: true });
  generate(k8s);
  console.log("k8s/ rendered");
}
