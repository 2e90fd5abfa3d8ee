#!/usr/bin/env bash
# Latency of concurrent inference while a recovery runs (issue 12): p50 / p99 of POST /v1/vqa on the default variant
# with the server idle, then while a prune+recovery job is in its `recover` stage, and the change in %.
#
# Needs bash, curl, jq and the built jar (./mvnw -B -ntp -q package -DskipTests). Starts its own server on a free
# loopback port with a temporary data directory and admin key, and removes both on exit.
#
#   scripts/recovery-latency.sh                      # 60 requests per phase, one client
#   REQUESTS=200 CONCURRENCY=4 scripts/recovery-latency.sh
#
# Environment: REQUESTS per phase (60), CONCURRENCY clients sending one request at a time each (1), RECOVERY_STEPS
# (100000: far more than the measurement needs; the job is cancelled once it is done), RECOVERY_BUDGET_SECONDS (900),
# ALONE_SECONDS (10: how long the training loop's pace is watched with no requests, between the two phases).
# The job prunes 30 % with short-lvlm, then trains LoRA (r 16) with CE + hidden-state KD on 5 % of the data.
#
# Every request sends the test scene with a different trailer after the PNG's end chunk: the decoded image is the
# same, but its SHA-256 (the vision-feature cache key) is not, so each request pays for the vision tower in both
# phases. Only requests that began and ended while the job showed `recover` are counted in the second phase.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
requests=${REQUESTS:-60}
concurrency=${CONCURRENCY:-1}
recovery_steps=${RECOVERY_STEPS:-100000}
recovery_budget=${RECOVERY_BUDGET_SECONDS:-900}
image="$here/helm/lvlm-serve/files/test-scene.png"
question=$'Is there a red circle in the image?\nAnswer the question using a single word or phrase.'

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
[[ -f "$here/target/lvlm-serve.jar" ]] || { echo "build first: ./mvnw -B -ntp -q package -DskipTests" >&2; exit 1; }

work=$(mktemp -d /tmp/recovery-latency.XXXXXX)
server_pid=""
poller_pid=""
cleanup() {
  if [[ -n "$poller_pid" ]]; then kill "$poller_pid" 2>/dev/null || true; fi
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

LVLM_ADMIN_KEY=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export LVLM_ADMIN_KEY
mkdir -p "$work/data" "$work/img"

# port 0: the server picks a free port and logs it
"$here/lvlm-serve" --server.address=127.0.0.1 --server.port=0 --lvlm.data-dir="$work/data" \
  --logging.level.lvlm.access=off >"$work/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 600); do
  kill -0 "$server_pid" 2>/dev/null || { echo "server exited:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  port=$(grep -oE 'Tomcat started on port[s]?[ (]*[0-9]+' "$work/server.log" | grep -oE '[0-9]+$' | head -1 || true)
  [[ -n "$port" ]] && break
  sleep 0.5
done
[[ -n "$port" ]] || { echo "no port in the server log" >&2; exit 1; }
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  if curl -sf "$base/actuator/health/readiness" >/dev/null; then break; fi
  sleep 0.5
done
curl -sf "$base/actuator/health/readiness" >/dev/null || { echo "server never became ready" >&2; exit 1; }
echo "server ready on $base (pid $server_pid)" >&2

seq_no=0
# one request: prints "<http code> <seconds>"; a unique trailer defeats the vision-feature cache
vqa() {
  local file="$work/img/$1.png"
  { cat "$image"; printf 'lvlm-bench-%s' "$1"; } >"$file"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -F "image=@$file;type=image/png" \
    -F "question=$question" "$base/v1/vqa"
  rm -f "$file"
}

stage_now() { cat "$work/stage" 2>/dev/null || echo unknown; }

# one client of a phase: sends requests until the phase has its share or (recover phase) the stage ends
client() {
  local phase=$1 client_no=$2 want=$3 out=$4 got=0 before after line
  while (( got < want )); do
    seq_no=$((seq_no + 1))
    before=$(stage_now)
    if [[ "$phase" == recover && "$before" != recover ]]; then break; fi
    line=$(vqa "$phase-$client_no-$seq_no")
    after=$(stage_now)
    if [[ "${line%% *}" != 200 ]]; then echo "request failed: $line" >&2; continue; fi
    if [[ "$phase" == recover && "$after" != recover ]]; then break; fi
    echo "${line#* }" >>"$out"
    got=$((got + 1))
  done
}

run_phase() {
  local phase=$1 out="$work/$1.times" share=$(((requests + concurrency - 1) / concurrency)) pids=() c
  : >"$out"
  for c in $(seq 1 "$concurrency"); do
    client "$phase" "$c" "$share" "$out" &
    pids+=("$!")
  done
  for c in "${pids[@]}"; do wait "$c"; done
}

# nearest-rank percentile of seconds in a file, printed in ms
percentile() {
  sort -g "$1" | awk -v p="$2" '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    k = int((p / 100) * NR + 0.999999); if (k < 1) k = 1; if (k > NR) k = NR
    printf "%.0f", v[k] * 1000 }'
}

for i in 1 2 3; do vqa "warm-$i" >/dev/null; done   # JIT and allocator warm-up, not counted
echo "baseline: $requests requests, $concurrency client(s)" >&2
run_phase baseline

job=$(curl -sf -X POST "$base/v1/variants" -H "X-Admin-Key: $LVLM_ADMIN_KEY" -H 'Content-Type: application/json' \
  -d '{"ratio":0.3,"method":"short-lvlm","name":"bench30r","activate_on_success":false,
       "recovery":{"regime":"lora","loss":"ce+hidden","alpha":0.5,"lora_rank":16,"data_fraction":0.05,
                   "steps":'"$recovery_steps"',"time_budget_seconds":'"$recovery_budget"',"seed":0,
                   "validation_samples":0}}' | jq -r .id)
echo "job $job started" >&2
echo queued >"$work/stage"
( while :; do
    curl -sf -H "X-Admin-Key: $LVLM_ADMIN_KEY" "$base/v1/jobs/$job" | jq -r .stage >"$work/stage.new" \
      && mv "$work/stage.new" "$work/stage"
    sleep 0.3
  done ) &
poller_pid=$!

for _ in $(seq 1 1200); do
  [[ "$(stage_now)" == recover ]] && break
  sleep 0.5
done
[[ "$(stage_now)" == recover ]] || { echo "the job never reached recover (stage: $(stage_now))" >&2; exit 1; }
job_step() { curl -sf -H "X-Admin-Key: $LVLM_ADMIN_KEY" "$base/v1/jobs/$job" | jq -r '.recovery.step // 0'; }
# the stage begins with set-up (data, teacher); measure once the training loop has taken two steps
for _ in $(seq 1 1200); do
  (( $(job_step) >= 2 )) && break
  sleep 0.5
done
# the training loop's pace with no requests, to compare with its pace under the recover phase's requests
alone_seconds=${ALONE_SECONDS:-10}
alone_from=$(job_step); sleep "$alone_seconds"; alone_to=$(job_step)
step_before=$(job_step)
echo "recover: $requests requests, $concurrency client(s)" >&2
phase_start=$(date +%s.%N)
run_phase recover
phase_seconds=$(awk -v a="$phase_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
job_view=$(curl -sf -H "X-Admin-Key: $LVLM_ADMIN_KEY" "$base/v1/jobs/$job")
stage_after=$(jq -r .stage <<<"$job_view")
step_after=$(jq -r '.recovery.step // "?"' <<<"$job_view")
curl -sf -X DELETE -H "X-Admin-Key: $LVLM_ADMIN_KEY" "$base/v1/jobs/$job" >/dev/null || true

counted=$(wc -l <"$work/recover.times")
if (( counted < requests )); then
  echo "warning: the recover stage ended after $counted requests (stage now: $stage_after); raise RECOVERY_STEPS" >&2
fi

b50=$(percentile "$work/baseline.times" 50); b99=$(percentile "$work/baseline.times" 99)
r50=$(percentile "$work/recover.times" 50); r99=$(percentile "$work/recover.times" 99)
change() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%+.0f %%", (b - a) / a * 100; else print "n/a" }'; }
vision_misses=$(curl -sf "$base/actuator/prometheus" | grep -E '^lvlm_request_vision_time_seconds_count' \
  | awk '{ n += $2 } END { print n + 0 }' || echo "?")
echo
echo "vision tower runs (cache misses) over both phases and the warm-up: $vision_misses"
echo "machine: $(nproc) cores; $concurrency client(s); recovery alone: $((alone_to - alone_from)) steps in" \
  "$alone_seconds s; with the requests: $((step_after - step_before)) steps in $phase_seconds s"
echo
echo "| phase | requests | p50 ms | p99 ms | p50 change | p99 change |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| idle (baseline) | $(wc -l <"$work/baseline.times") | $b50 | $b99 | | |"
echo "| during recover | $counted | $r50 | $r99 | $(change "$b50" "$r50") | $(change "$b99" "$r99") |"
