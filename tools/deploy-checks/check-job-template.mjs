// The prune Job template the chart puts in its ConfigMap (pruneJobs.enabled), checked against the server it
// belongs to, and written out as a manifest (named, as the server names it) for validate-manifests.mjs --policy.
//   node check-job-template.mjs MANIFESTS.yaml JOB.yaml
// A prune pod must run what the server runs on the same store: the same image, configuration and volumes; the
// server's settings must point at the template's mounted path; and the pod must stay out of the Service.
import { readFileSync, writeFileSync } from "node:fs";
import { parse, parseAllDocuments, stringify } from "yaml";

const [input, output] = process.argv.slice(2);
const docs = parseAllDocuments(readFileSync(input, "utf8")).map((d) => d.toJS()).filter(Boolean);
const deployment = docs.find((d) => d.kind === "Deployment");
const config = docs.find((d) => d.kind === "ConfigMap" && d.data?.["prune-job.yaml"]);
const errors = [];
if (!deployment || !config) {
  console.error(`${input}: needs the server's Deployment and a ConfigMap with prune-job.yaml`);
  process.exit(1);
}
const job = parse(config.data["prune-job.yaml"]);
const lvlm = parse(config.data["application.yaml"]).lvlm;
const server = deployment.spec.template.spec;
const pod = job.spec.template.spec;
const serverContainer = server.containers[0];
const container = pod.containers[0];

if (lvlm.jobs?.runner !== "kubernetes") errors.push("lvlm.jobs.runner is not kubernetes");
const mount = serverContainer.volumeMounts.find((m) => m.name === "config");
if (lvlm.jobs?.kubernetes?.["job-template"] !== `${mount.mountPath}/prune-job.yaml`) {
  errors.push(`lvlm.jobs.kubernetes.job-template is not ${mount.mountPath}/prune-job.yaml`);
}
const prefix = lvlm.jobs?.kubernetes?.["name-prefix"] ?? "";
if (`${prefix}-job-00000000`.length > 63) errors.push(`name-prefix ${prefix} makes Job names over 63 characters`);
if (pod.containers.length !== 1) errors.push("the template must have exactly one container");
if (container.image !== serverContainer.image) errors.push(`image ${container.image} is not the server's ${serverContainer.image}`);
const same = (what, a, b) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) errors.push(`${what} differ from the server's`);
};
same("volumeMounts", container.volumeMounts, serverContainer.volumeMounts);
same("volumes", pod.volumes, server.volumes);
same("pod securityContext", pod.securityContext, server.securityContext);
same("container securityContext", container.securityContext, serverContainer.securityContext);
same("nodeSelector", pod.nodeSelector, server.nodeSelector);
same("tolerations", pod.tolerations, server.tolerations);
same("runtimeClassName", pod.runtimeClassName, server.runtimeClassName);
for (const name of ["SPRING_CONFIG_ADDITIONAL_LOCATION", "LVLM_DATA_DIR", "JAVA_TOOL_OPTIONS", "OMP_NUM_THREADS"]) {
  same(`env ${name}`, container.env?.find((e) => e.name === name), serverContainer.env?.find((e) => e.name === name));
}
if (container.env?.some((e) => e.name.startsWith("LVLM_") && e.valueFrom?.secretKeyRef)) errors.push("the prune pod gets API keys");
if (pod.automountServiceAccountToken !== false) errors.push("the prune pod mounts a service-account token");
if (pod.restartPolicy !== "Never" || job.spec.backoffLimit !== 0) errors.push("a prune pod must not be retried");
const selector = docs.find((d) => d.kind === "Service")?.spec?.selector ?? {};
const labels = { ...job.spec.template.metadata?.labels, "app.kubernetes.io/component": "prune-job" };
if (Object.entries(selector).every(([k, v]) => labels[k] === v)) errors.push("the Service selects prune pods");

for (const e of errors) console.error(`${input}: prune-job.yaml: ${e}`);
if (errors.length) process.exit(1);
job.metadata = { ...job.metadata, name: `${prefix}-job-00000000` };
container.args = ["prune-job", "job-00000000"];
writeFileSync(output, stringify(job));
console.log(`${input}: prune Job template consistent with the server (${output})`);
