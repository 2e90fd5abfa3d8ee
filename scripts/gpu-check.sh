#!/usr/bin/env bash
# One short call on a GPU machine: answer, bench and a prune on the GPU, each step timed out, every result printed.
# Nothing here has been run on a GPU by the author of this script (no GPU was available); it is prepared for the
# first machine that has one.
#
#   scripts/gpu-check.sh            # uses target/lvlm-serve.jar, built with:  ./mvnw -B -ntp -Pcuda -DskipTests package
#   LVLM_JAR=/path/to/cuda.jar scripts/gpu-check.sh
#
# Steps (about 5 minutes on a recent GPU, most of it writing the 1B fixture on the CPU):
#   1. the GPU libtorch sees (nvidia-smi) and the default placement the jar resolves (gpu:0 float16 expected);
#   2. answer on the embedded model: CPU float32, the default placement, GPU float16 and float32 (answers should
#      agree);
#   3. bench on a ~1B fixture on the GPU in float16 and float32 (memory after loading; prefill/decode rates);
#   4. prune the embedded model on the GPU (25 %, 64 calibration samples), then answer with the pruned model.
# Exit status: non-zero when a step fails; the log says which.
#
# Rehearsal without a GPU (checks the script, not the GPU): LVLM_CHECK_DEVICE=cpu LVLM_CHECK_SIZE=tiny scripts/gpu-check.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${LVLM_JAR:-$here/../target/lvlm-serve.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
device=${LVLM_CHECK_DEVICE:-gpu}
size=${LVLM_CHECK_SIZE:-one_billion}
work=$(mktemp -d "${TMPDIR:-/tmp}/lvlm-gpu-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=()

step() { # name, timeout seconds, command...
    local name=$1 limit=$2
    shift 2
    echo "=== $name"
    local t0=$SECONDS
    if timeout "$limit" "$@"; then
        echo "--- $name: ok in $((SECONDS - t0)) s"
    else
        echo "--- $name: FAILED (exit $?) after $((SECONDS - t0)) s"
        failed+=("$name")
    fi
}

lvlm=("$java" -jar "$jar")

[[ -f $jar ]] || { echo "no $jar: build it with ./mvnw -B -ntp -Pcuda -DskipTests package" >&2; exit 2; }
if [[ $device == gpu* ]]; then
    step "nvidia-smi" 30 nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
fi
step "export one image" 60 "${lvlm[@]}" dataset export --suite vqa --count 1 --out "$work/vqa"
image=$(find "$work/vqa" -name '*.png' | head -n 1)
question="Describe the image."
step "answer: cpu float32" 120 "${lvlm[@]}" answer --device cpu --dtype float32 --image "$image" --question "$question"
step "answer: default placement (expect gpu:0 float16)" 120 "${lvlm[@]}" answer --image "$image" --question "$question"
step "answer: $device float16" 120 "${lvlm[@]}" answer --device "$device" --dtype float16 --image "$image" \
    --question "$question"
step "answer: $device float32" 120 "${lvlm[@]}" answer --device "$device" --dtype float32 --image "$image" \
    --question "$question"
step "fixture: $size, F16" 300 "${lvlm[@]}" fixture --size "$size" --dtype F16 --out "$work/1b"
step "bench: $device float16" 300 "${lvlm[@]}" bench --model "$work/1b" --device "$device" --dtype float16
step "bench: $device float32" 300 "${lvlm[@]}" bench --model "$work/1b" --device "$device" --dtype float32 --no-profile
step "prune on $device" 600 "${lvlm[@]}" prune --device "$device" --ratio 0.25 --calibration-size 64 --out "$work/pruned"
step "answer: pruned model on $device" 120 "${lvlm[@]}" answer --model "$work/pruned" --device "$device" --image "$image" \
    --question "$question"

if ((${#failed[@]})); then
    echo "FAILED steps: ${failed[*]}"
    exit 1
fi
echo "all steps passed"
