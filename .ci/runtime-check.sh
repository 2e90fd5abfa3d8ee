#!/usr/bin/env bash
# The server as the CPU image runs it, without a Docker engine. docker/prepare-runtime.sh lays out the image's
# /opt/lvlm-serve from target/lvlm-serve.jar; the Dockerfile's own ENV and ENTRYPOINT (read from the cpu target)
# start it in .ci/container-sandbox.sh (read-only root, uid 10001, fresh /tmp), with the chart's ConfigMap for
# values-cpu.yaml as its extra application.yaml. Then: readiness through the image's HEALTHCHECK script; VQA, chat
# and streaming traffic; a prune job and requests to its variant; a scrape of /actuator/prometheus; and a local
# Prometheus (Debian's, with the chart's rules) scraping it under the labels a ServiceMonitor gives. Every rule,
# dashboard and KEDA query is checked against the scrape and run on that Prometheus. Last, the log must hold no
# native-access warning and /tmp no extracted native library.
#   .ci/runtime-check.sh WORK_DIR BIN_DIR      (called by .ci/deploy-checks.sh, which provides both)
set -euo pipefail
work=$(realpath "$1")
bin=$(realpath "$2")
tools=tools/deploy-checks
layout=$work/runtime
config=$work/config
log=$work/server.log
mkdir -p "$config"

if [ "$(id -u)" != 0 ]; then
  echo "runtime-check: needs root (a mount namespace) like CI has" >&2
  exit 1
fi
java_home=$(.mvn/select-jdk) # the JDK 25 that ./mvnw builds with

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
mgmt=$(free_port)
prom_port=$(free_port)
token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
admin_key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
api=http://127.0.0.1:$port
actuator=http://127.0.0.1:$mgmt

rm -rf "$layout" "$work/prometheus-data"
bash docker/prepare-runtime.sh target/lvlm-serve.jar "$layout"
node --input-type=module -e '
  import { parseAllDocuments } from "'"$PWD/$tools"'/node_modules/yaml/dist/index.js";
  import { readFileSync, writeFileSync } from "node:fs";
  const cm = parseAllDocuments(readFileSync(process.argv[1], "utf8")).map((d) => d.toJS())
    .find((d) => d?.kind === "ConfigMap" && d.data?.["application.yaml"]);
  writeFileSync(process.argv[2], cm.data["application.yaml"]);
' "$work/render-cpu.yaml" "$config/application.yaml"

mapfile -t image_env < <(node "$tools/dockerfile-check.mjs" Dockerfile --env cpu)
mapfile -t entrypoint < <(node "$tools/dockerfile-check.mjs" Dockerfile --entrypoint cpu)
# The Kubernetes pod differs from the image only in what the chart sets: the config location and /data's place
# here; ports and the configprops endpoint are this check's own.
env_args=(PATH="$java_home/bin:/usr/bin:/bin" "${image_env[@]}"
  LVLM_DATA_DIR=/opt/lvlm-data SPRING_CONFIG_ADDITIONAL_LOCATION=file:/opt/lvlm-config/ LVLM_ADMIN_KEY="$admin_key")
cmd=("${entrypoint[0]}" "-Dlvlm.ci.sandbox=$token" "${entrypoint[@]:1}"
  "--server.port=$port" "--management.server.port=$mgmt"
  "--management.endpoints.web.exposure.include=health,info,prometheus,metrics,configprops"
  "--management.endpoint.configprops.show-values=always")

server_pid=""
prom_pid=""
# The server's JVM: the only process of uid 10001 whose command line holds this run's token (the sandbox's own
# processes, which hold it too, run as root).
server_java() { pgrep -u 10001 -f -- "-Dlvlm.ci.sandbox=$token" || true; }
cleanup() {
  local pid
  pid=$(server_java)
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

unshare --mount --propagation private --kill-child \
  bash .ci/container-sandbox.sh "$layout" "$config" env -i "${env_args[@]}" "${cmd[@]}" >"$log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 180); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if MANAGEMENT_SERVER_PORT=$mgmt bash docker/healthcheck.sh 2>/dev/null; then ready=yes; break; fi
  sleep 1
done
if [ -z "$ready" ]; then
  tail -n 60 "$log"
  echo "runtime-check: the server did not become ready" >&2
  exit 1
fi
echo "ready (image HEALTHCHECK script): $(curl -s "$actuator/actuator/health/readiness")"

cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - $work/lvlm-serve.rules.yaml
scrape_configs:
  - job_name: lvlm-serve
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$mgmt"]
        # what the ServiceMonitor's target labels are in namespace lvlm-serve (k8s/monitoring's rules select them)
        labels: {namespace: lvlm-serve, service: lvlm-serve, pod: lvlm-serve-0, container: lvlm-serve}
EOF
"$bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
# Traffic must come after Prometheus's first scrape: a rate needs the counters before and after the requests.
scraped=""
for _ in $(seq 1 90); do
  if curl -s "http://127.0.0.1:$prom_port/api/v1/query?query=up" | grep -q '"value":\[[0-9.]*,"1"\]'; then scraped=yes; break; fi
  sleep 1
done
if [ -z "$scraped" ]; then
  cat "$work/prometheus.log"
  echo "runtime-check: Prometheus did not scrape the server" >&2
  exit 1
fi

# --- traffic ---
image=$(base64 -w0 helm/lvlm-serve/files/test-scene.png)
vqa_json() { printf '{"question":"%s","image":"%s","max_new_tokens":8%s}' "$1" "$image" "${2:+,\"model\":\"$2\"}"; }
expect() { # expect STATUS curl-args...: one request, its status checked
  local want=$1 got
  shift
  got=$(curl -s -o "$work/last-response" -w '%{http_code}' --max-time 120 "$@")
  if [ "$got" != "$want" ]; then
    echo "runtime-check: $* answered $got, expected $want: $(head -c 300 "$work/last-response")" >&2
    exit 1
  fi
}
count='How many objects are there?\nAnswer the question using a single word or phrase.'
for q in "$count" 'Is there a red circle in the image?\nAnswer the question using a single word or phrase.' 'Describe the image.'; do
  expect 200 -H 'Content-Type: application/json' --data "$(vqa_json "$q")" "$api/v1/vqa"
done
expect 200 -F image=@helm/lvlm-serve/files/test-scene.png -F "question=Describe the image." "$api/v1/vqa"
chat='{"model":"default","max_tokens":24,"messages":[{"role":"user","content":[{"type":"text","text":"Describe the image."},{"type":"image_url","image_url":{"url":"data:image/png;base64,'$image'"}}]}]'
expect 200 -H 'Content-Type: application/json' --data "$chat}" "$api/v1/chat/completions"
expect 200 -H 'Content-Type: application/json' --data "$chat,\"stream\":true}" "$api/v1/chat/completions"
expect 400 -H 'Content-Type: application/json' --data '{"question":"no image"}' "$api/v1/vqa"
expect 401 -X POST -H 'Content-Type: application/json' --data '{"ratio":0.25}' "$api/v1/variants"
echo "inference traffic answered"

expect 202 -H 'Content-Type: application/json' -H "X-Admin-Key: $admin_key" \
  --data '{"ratio":0.25,"method":"short-lvlm","name":"ci25","calibration":{"source":"builtin","size":8}}' "$api/v1/variants"
job=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).id)' "$work/last-response")
state=""
for _ in $(seq 1 240); do
  state=$(curl -s -H "X-Admin-Key: $admin_key" "$api/v1/jobs/$job" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).state))')
  case "$state" in succeeded) break ;; failed | cancelled) break ;; esac
  sleep 1
done
if [ "$state" != succeeded ]; then
  curl -s -H "X-Admin-Key: $admin_key" "$api/v1/jobs/$job"
  echo "runtime-check: prune job $job ended $state" >&2
  exit 1
fi
echo "prune job $job succeeded"
for q in "$count" 'Describe the image.'; do
  expect 200 -H 'Content-Type: application/json' --data "$(vqa_json "$q" ci25)" "$api/v1/vqa"
done
# Spread over several scrapes at the end, so that every rate() over the last minute sees its counters move
# however long the prune took: new images (vision-cache misses), long and short answers, base and variant.
./lvlm-serve dataset export --suite vqa --count 4 --out "$work/scenes" >/dev/null 2>&1
for png in "$work"/scenes/images/*.png; do
  image=$(base64 -w0 "$png")
  expect 200 -H 'Content-Type: application/json' --data "$(vqa_json 'Describe the image.')" "$api/v1/vqa"
  expect 200 -H 'Content-Type: application/json' --data "$(vqa_json "$count" ci25)" "$api/v1/vqa"
  sleep 2
done

# --- the scrape, the bound settings, the queries ---
sleep 8 # a few scrapes and rule evaluations after the last request
curl -sf "$actuator/actuator/prometheus" >"$work/metrics.txt"
curl -sf "$actuator/actuator/configprops" >"$work/configprops.json"
node "$tools/check-config.mjs" "$config/application.yaml" "$work/configprops.json"
node "$tools/check-queries.mjs" --self-test
keda_query=$(node --input-type=module -e '
  import { parseAllDocuments } from "'"$PWD/$tools"'/node_modules/yaml/dist/index.js";
  import { readFileSync } from "node:fs";
  const so = parseAllDocuments(readFileSync(process.argv[1], "utf8")).map((d) => d.toJS()).find((d) => d?.kind === "ScaledObject");
  console.log(so.spec.triggers[0].metadata.query);
' "$work/render-gpu-shared-keda.yaml")
node "$tools/check-queries.mjs" --metrics "$work/metrics.txt" --rules "$work/lvlm-serve.rules.yaml" \
  --dashboard helm/lvlm-serve/files/grafana/lvlm-serve.json --keda-query "$keda_query" \
  --prometheus "http://127.0.0.1:$prom_port" --namespace lvlm-serve --service lvlm-serve
# Every recording rule produced a series from the real scrape (the pruned variant's memory included).
node --input-type=module -e '
  import { parse } from "'"$PWD/$tools"'/node_modules/yaml/dist/index.js";
  import { readFileSync } from "node:fs";
  const records = parse(readFileSync(process.argv[1], "utf8")).groups.flatMap((g) => g.rules).filter((r) => r.record).map((r) => r.record);
  let missing = 0;
  for (const r of records) {
    const body = await (await fetch(`${process.argv[2]}/api/v1/query?query=${encodeURIComponent(r)}`)).json();
    if (body.status !== "success" || body.data.result.length === 0) { console.error(`  recording rule ${r}: no series`); missing++; }
  }
  console.log(`${records.length - missing} of ${records.length} recording rules have series on the running server`);
  process.exit(missing ? 1 : 0);
' "$work/lvlm-serve.rules.yaml" "http://127.0.0.1:$prom_port"

# --- stop (graceful) and what the process left behind ---
kill "$(server_java)"
wait "$server_pid" || true
server_pid=""
if grep -n -E 'WARNING: (A restricted method|Use --enable-native-access)|Restricted methods will be blocked' "$log"; then
  echo "runtime-check: JDK native-access warnings in the log" >&2
  exit 1
fi
if ! grep -q '^=== files left in /tmp' "$log"; then
  tail -n 40 "$log"
  echo "runtime-check: the sandbox did not finish" >&2
  exit 1
fi
if sed -n '/^=== files left in \/tmp/,$p' "$log" | grep -E '\.so(\.[0-9]+)*$|\.djl\.ai|/jna'; then
  echo "runtime-check: native libraries were extracted at run time" >&2
  exit 1
fi
echo "no native-access warning; nothing native extracted into /tmp ($(sed -n '/^=== files left in \/tmp/,$p' "$log" | tail -n +2 | wc -l) entries, Tomcat's work files)"
