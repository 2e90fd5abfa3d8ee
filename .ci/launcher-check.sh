#!/usr/bin/env bash
# The README's run path, as a new user takes it: ./lvlm-serve on the jar verify built, answering one question on
# the embedded default model. Fails if the answer is missing or the JDK prints native-access warnings (the jar's
# manifest carries Enable-Native-Access, so none may appear without a command-line flag).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
./lvlm-serve answer --image=helm/lvlm-serve/files/test-scene.png --question="What color is the shape?" >"$out" 2>&1 || {
  cat "$out" >&2; echo "launcher-check: ./lvlm-serve answer failed" >&2; exit 1; }
if grep -n 'WARNING' "$out" >&2; then
  echo "launcher-check: the JDK printed warnings on a plain run of the jar" >&2
  exit 1
fi
grep -q '^load .* decode ' "$out" || { cat "$out" >&2; echo "launcher-check: no timings line" >&2; exit 1; }
echo "launcher-check: ./lvlm-serve answered ($(head -1 "$out")) with no JDK warnings"
