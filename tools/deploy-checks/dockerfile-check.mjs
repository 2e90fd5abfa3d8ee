// The Dockerfile's promises, read with the parser of VS Code's Docker support (dockerfile-ast): each runtime target
// runs as a numeric non-root user, has a HEALTHCHECK, enables native access, and carries the offline DJL settings;
// the CUDA target carries its GPU settings. Lint errors come from dockerfile-utils (run by deploy-checks.sh).
//
//   node dockerfile-check.mjs Dockerfile                 checks the cpu and cuda targets
//   node dockerfile-check.mjs Dockerfile --env TARGET    prints the target's ENV as KEY=VALUE lines
//   node dockerfile-check.mjs Dockerfile --entrypoint TARGET   prints its exec-form ENTRYPOINT, one word a line
import { readFileSync } from "node:fs";
import { DockerfileParser } from "dockerfile-ast";

const [file, flag, wanted] = process.argv.slice(2);
const dockerfile = DockerfileParser.parse(readFileSync(file, "utf8"));

// Instructions per stage name (FROM ... AS name).
const stages = new Map();
let current = null;
for (const ins of dockerfile.getInstructions()) {
  if (ins.getKeyword() === "FROM") {
    current = ins.getBuildStage() ?? `#${stages.size}`;
    stages.set(current, []);
  } else if (current) {
    stages.get(current).push(ins);
  }
}

function stage(name) {
  const s = stages.get(name);
  if (!s) throw new Error(`${file}: no stage named ${name}`);
  return s;
}

function env(name) {
  const out = new Map();
  for (const ins of stage(name).filter((i) => i.getKeyword() === "ENV")) {
    for (const p of ins.getProperties()) out.set(p.getName(), p.getValue());
  }
  return out;
}

function entrypoint(name) {
  const ins = stage(name).filter((i) => i.getKeyword() === "ENTRYPOINT").pop();
  if (!ins) return null;
  const json = ins.getJSONStrings();
  if (!json.length) return null; // shell form: signals would not reach java
  return json.map((s) => JSON.parse(s.getValue()));
}

if (flag === "--env") {
  for (const [k, v] of env(wanted)) console.log(`${k}=${v}`);
  process.exit(0);
}
if (flag === "--entrypoint") {
  const e = entrypoint(wanted);
  if (!e) throw new Error(`${wanted}: no exec-form ENTRYPOINT`);
  console.log(e.join("\n"));
  process.exit(0);
}

const problems = [];
const need = (ok, what) => ok || problems.push(what);
const common = {
  DJL_OFFLINE: "true",
  PYTORCH_LIBRARY_PATH: /^\/opt\/lvlm-serve\/native\/pytorch$/,
  RUST_LIBRARY_PATH: /libtokenizers\.so$/,
  LVLM_MODEL: /^\/opt\/lvlm-serve\/models\//,
  LVLM_DATA_DIR: "/data",
  JAVA_TOOL_OPTIONS: /MaxRAMPercentage=/,
};
const specific = {
  cpu: { PYTORCH_FLAVOR: "cpu" },
  cuda: { PYTORCH_FLAVOR: /^cu12/, LVLM_DEVICE: "gpu", LVLM_DTYPE: "float16" },
};
for (const target of ["cpu", "cuda"]) {
  const ins = stage(target);
  const user = ins.filter((i) => i.getKeyword() === "USER").pop();
  const uid = user?.getArgumentsContent()?.split(":")[0];
  need(uid && /^[0-9]+$/.test(uid) && uid !== "0", `${target}: USER must be a numeric non-root uid (Kubernetes runAsNonRoot checks it), got ${uid}`);
  need(ins.some((i) => i.getKeyword() === "HEALTHCHECK"), `${target}: no HEALTHCHECK`);
  const e = entrypoint(target) ?? [];
  need(e[0] === "java", `${target}: ENTRYPOINT must be exec-form java`);
  need(e.includes("--enable-native-access=ALL-UNNAMED"), `${target}: ENTRYPOINT lacks --enable-native-access=ALL-UNNAMED`);
  need(e.some((a) => a.startsWith("-Djna.boot.library.path=")), `${target}: ENTRYPOINT lacks -Djna.boot.library.path`);
  const vars = env(target);
  for (const [k, v] of Object.entries({ ...common, ...specific[target] })) {
    const got = vars.get(k);
    need(got !== undefined && (v instanceof RegExp ? v.test(got) : got === v), `${target}: ENV ${k}=${got} (want ${v})`);
  }
}
need(stages.size > 0 && [...stages.keys()].pop() === "cpu", "the last stage (the default target) must be cpu");
for (const p of problems) console.error(`${file}: ${p}`);
console.log(`${file}: ${problems.length ? problems.length + " problems" : "cpu and cuda targets as promised"}`);
process.exit(problems.length ? 1 : 0);
