// Validates rendered Kubernetes manifests against the API schemas of kubernetes-models (core, KEDA, Prometheus
// Operator), and, as the API server does with strict field validation, rejects fields the schema does not know:
// the generated validators read every property they know, so a property nobody read is unknown (found by
// wrapping each object in a Proxy). With --policy, also the chart's security rules for pod templates.
//
//   node validate-manifests.mjs [--policy] FILE...     multi-document YAML files
//   node validate-manifests.mjs --self-test            proves that bad manifests are rejected
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const MODULES = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

function track(value, path, seen) {
  if (Array.isArray(value)) return value.map((v, i) => track(v, `${path}[${i}]`, seen));
  if (value !== null && typeof value === "object") {
    const read = new Set();
    const copy = {};
    for (const k of Object.keys(value)) copy[k] = track(value[k], `${path}.${k}`, seen);
    seen.push({ path, keys: Object.keys(value), read });
    return new Proxy(copy, {
      get(target, key, receiver) {
        if (typeof key === "string") read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
  }
  return value;
}

async function validate(doc) {
  const errors = [];
  const mod = MODULES[doc.apiVersion];
  if (!mod) return [`no schema for apiVersion ${doc.apiVersion}`];
  const Model = (await import(mod))[doc.kind];
  if (!Model) return [`no schema for ${doc.apiVersion} ${doc.kind}`];
  if (!doc.metadata?.name) errors.push("metadata.name is missing");
  const seen = [];
  try {
    Model.prototype.validate.call(track(doc, "", seen));
  } catch (e) {
    errors.push(e.message);
  }
  for (const s of seen) {
    for (const k of s.keys) if (!s.read.has(k)) errors.push(`unknown field ${s.path}.${k}`);
  }
  return errors;
}

// Deny-by-default rules the chart promises (README and docs/deploy.md): non-root, read-only root, no privilege
// escalation, no capabilities, a memory limit, and no service-account token unless asked for.
function policy(doc) {
  const spec = doc.kind === "Pod" ? doc.spec : doc.spec?.template?.spec;
  if (!spec || !["Deployment", "Pod", "Job"].includes(doc.kind)) return [];
  const errors = [];
  if (spec.securityContext?.runAsNonRoot !== true) errors.push("pod securityContext.runAsNonRoot is not true");
  if (spec.securityContext?.seccompProfile?.type !== "RuntimeDefault") errors.push("pod seccompProfile is not RuntimeDefault");
  if (spec.automountServiceAccountToken === undefined) errors.push("automountServiceAccountToken is not set");
  for (const c of spec.containers ?? []) {
    const sc = c.securityContext ?? {};
    if (sc.readOnlyRootFilesystem !== true) errors.push(`container ${c.name}: readOnlyRootFilesystem is not true`);
    if (sc.allowPrivilegeEscalation !== false) errors.push(`container ${c.name}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`container ${c.name}: capabilities do not drop ALL`);
    if (!c.resources?.limits?.memory) errors.push(`container ${c.name}: no memory limit`);
  }
  return errors;
}

async function checkFile(file, withPolicy) {
  let failures = 0;
  let count = 0;
  for (const d of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (d.errors.length) {
      console.error(`${file}: YAML error: ${d.errors[0].message}`);
      failures++;
      continue;
    }
    const doc = d.toJS();
    if (doc === null) continue;
    count++;
    const errors = [...(await validate(doc)), ...(withPolicy ? policy(doc) : [])];
    for (const e of errors) console.error(`${file}: ${doc.kind}/${doc.metadata?.name}: ${e}`);
    if (errors.length) failures++;
  }
  if (count === 0) {
    console.error(`${file}: no manifests`);
    failures++;
  }
  return { count, failures };
}

async function selfTest() {
  const good = {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "ok" },
    spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } },
      spec: { containers: [{ name: "c", image: "i", resources: { limits: { memory: "1Gi", "nvidia.com/gpu": 1 } } }] } } },
  };
  const cases = [
    ["a valid Deployment", good, 0],
    ["an unknown field", { ...good, spec: { ...good.spec, replica: 2 } }, 1],
    ["a wrong type", { ...good, spec: { ...good.spec, replicas: "two" } }, 1],
    ["a bad enum", { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { type: "Public" } }, 1],
    ["an unknown kind", { apiVersion: "v1", kind: "Gadget", metadata: { name: "g" } }, 1],
    ["a ScaledObject without its target", { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "k" }, spec: { triggers: [] } }, 1],
    ["a ServiceMonitor with a numeric port", { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "m" }, spec: { selector: {}, endpoints: [{ port: 8080 }] } }, 1],
  ];
  let bad = 0;
  for (const [name, doc, want] of cases) {
    const got = (await validate(doc)).length > 0 ? 1 : 0;
    if (got !== want) {
      console.error(`self-test: ${name}: expected ${want ? "rejected" : "accepted"}`);
      bad++;
    }
  }
  const root = policy({ ...good, spec: { ...good.spec, template: { spec: { containers: [{ name: "c", image: "i" }] } } } });
  if (root.length === 0) {
    console.error("self-test: a pod without security settings passed the policy");
    bad++;
  }
  console.log(`validate-manifests self-test: ${cases.length + 1 - bad} passed, ${bad} failed`);
  return bad;
}

const args = process.argv.slice(2);
if (args[0] === "--self-test") {
  process.exit((await selfTest()) ? 1 : 0);
}
const withPolicy = args[0] === "--policy";
let total = 0;
let failed = 0;
for (const f of withPolicy ? args.slice(1) : args) {
  const { count, failures } = await checkFile(f, withPolicy);
  total += count;
  failed += failures;
  console.log(`${f}: ${count} manifests, ${failures} invalid`);
}
process.exit(failed ? 1 : 0);
