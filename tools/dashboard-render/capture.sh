#!/usr/bin/env bash
# Makes docs/dashboard.png: starts the server (the built jar, embedded model) and a local Prometheus scraping it with
# the chart's rules, sends a few minutes of varying traffic with a prune job and its variant in the middle, then
# draws the dashboard's panels from that Prometheus (render.mjs).
#   tools/dashboard-render/capture.sh [SECONDS]     after ./mvnw package and .ci/deploy-checks.sh (for bin/)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-240}
work=$(realpath -m target/dashboard-render)
bin=tools/deploy-checks/bin
rm -rf "$work" && mkdir -p "$work"
(cd tools/dashboard-render && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node tools/deploy-checks/extract-rules.mjs k8s/monitoring/prometheus-rule.yaml "$work/rules.yaml"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port); mgmt=$(free_port); prom_port=$(free_port)
key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
LVLM_DATA_DIR=$work/data LVLM_ADMIN_KEY=$key java --enable-native-access=ALL-UNNAMED -jar target/lvlm-serve.jar \
  --server.port="$port" --management.server.port="$mgmt" >"$work/server.log" 2>&1 &
server=$!
cat >"$work/prometheus.yml" <<YML
global: {scrape_interval: 2s, evaluation_interval: 2s}
rule_files: ["$work/rules.yaml"]
scrape_configs:
  - job_name: lvlm-serve
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$mgmt"]
        labels: {namespace: lvlm-serve, service: lvlm-serve, pod: lvlm-serve-0}
YML
"$bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom=$!
trap 'kill $server $prom 2>/dev/null || true' EXIT
until MANAGEMENT_SERVER_PORT=$mgmt bash docker/healthcheck.sh 2>/dev/null; do sleep 1; done
java -jar target/lvlm-serve.jar dataset export --suite vqa --count 24 --out "$work/vqa" >/dev/null 2>&1
mapfile -t images < <(ls "$work"/vqa/images/*.png)
start=$(date +%s)
request() { # request MODEL: one VQA question about a random exported scene
  local img=${images[$((RANDOM % ${#images[@]}))]}
  printf '{"question":"Describe the image.","image":"%s","max_new_tokens":24%s}' "$(base64 -w0 "$img")" "${1:+,\"model\":\"$1\"}" >"$work/body.$BASHPID"
  curl -s -o /dev/null -H 'Content-Type: application/json' --data @"$work/body.$BASHPID" "http://127.0.0.1:$port/v1/vqa" || true
}
load() { # load SECONDS CONCURRENCY MODEL: CONCURRENCY clients in a loop until SECONDS have passed
  local until=$(($(date +%s) + $1)) pids=()
  for _ in $(seq 1 "$2"); do
    (while [ "$(date +%s)" -lt "$until" ]; do request "$3"; done) &
    pids+=($!)
  done
  wait "${pids[@]}" # not a bare wait: the server and Prometheus are children too
}
third=$((seconds / 3))
load "$third" 1 ""
curl -s -o /dev/null -H 'Content-Type: application/json' -H "X-Admin-Key: $key" \
  --data '{"ratio":0.25,"method":"short-lvlm","name":"lite25","calibration":{"source":"builtin","size":256}}' "http://127.0.0.1:$port/v1/variants"
load "$third" 4 ""
load "$third" 4 lite25 &
variant_load=$!
load "$third" 4 ""
wait "$variant_load"
sleep 6
node tools/dashboard-render/render.mjs "http://127.0.0.1:$prom_port" helm/lvlm-serve/files/grafana/lvlm-serve.json docs/dashboard.png "$start" "$(date +%s)"
