#!/usr/bin/env bash
# lvlm-serve's bench and the PyTorch-eager peer (scripts/peer_bench.py) on the same checkpoint, back to back in one
# run with the same thread count, then the ratios. Benchmark numbers, not a test: on a shared machine compare the
# ratios of one run, never numbers from different runs.
#
#   scripts/bench-vs-peer.sh MODEL_DIR [extra bench options, e.g. --text-tokens 32 --new-tokens 16]
#
# Needs target/lvlm-serve.jar (./mvnw -B -ntp package -DskipTests) and Debian's python3-torch with a fast BLAS
# (apt-get install -y python3-torch libopenblas0-pthread); OPENBLAS_CORETYPE=SkylakeX is set for the peer only.
set -euo pipefail
model=${1:?usage: scripts/bench-vs-peer.sh MODEL_DIR [bench options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
jar=${LVLM_JAR:-$here/../target/lvlm-serve.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
threads=${THREADS:-$(nproc)}
text=32
new=16
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
        --text-tokens) text=${args[i + 1]} ;;
        --new-tokens) new=${args[i + 1]} ;;
    esac
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-min load average before the run; $(nproc) cores)"
"$java" -Dai.djl.pytorch.num_threads="$threads" -jar "$jar" bench --model "$model" --batches 1,8 --no-profile \
    "$@" 2>/dev/null | tee -a "$out"
OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 "$here/peer_bench.py" "$model" --batches 1,8 --threads "$threads" \
    --text-tokens "$text" --new-tokens "$new" | tee -a "$out"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (after)"

/usr/bin/python3 - "$out" <<'EOF'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
def rates(prefix):
    out = {}
    for line in lines:
        m = re.match(prefix + r"\s*(\d+): prefill\s+([\d.]+) tok/s.*\| decode\s+([\d.]+) tok/s", line)
        if m:
            out[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
    return out
ours, peer = rates("batch"), rates("peer batch")
print("lvlm-serve ÷ PyTorch eager (same checkpoint, same threads, one run):")
for b in sorted(ours):
    if b in peer:
        print(f"  batch {b}: prefill {ours[b][0] / peer[b][0]:.2f}x | decode {ours[b][1] / peer[b][1]:.2f}x")
EOF
