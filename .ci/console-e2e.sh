#!/usr/bin/env bash
# The operator console's tests (issue 15), run by .ci/run after the Maven build (it needs target/lvlm-serve.jar):
# the console's pure modules under node --test, then tools/console-e2e/e2e.mjs in headless Chromium (Debian's
# chromium package, driven by playwright-core from npm) against the server on the embedded model, started here
# with an admin key and an inference key on a free loopback port and a fresh data directory.
#   .ci/console-e2e.sh [SCREENSHOT_DIR]   (default target/console-e2e/screenshots; docs/console refreshes the
#                                          README's pictures)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
work=$(realpath -m target/console-e2e)
tools=tools/console-e2e
shots=$(realpath -m "${1:-$work/screenshots}")
rm -rf "$work"
mkdir -p "$work"

if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null)
fi
chromium --version
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# The modules are plain ES modules served as they are (no package.json beside them), hence module detection.
node --experimental-detect-module --test "$tools"/test/

java_home=$(.mvn/select-jdk)
java=$java_home/bin/java
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
admin_key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
inference_key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
image=helm/lvlm-serve/files/test-scene.png # a scene of the built-in benchmark (the chart's test asks about it)

LVLM_DATA_DIR=$work/data LVLM_ADMIN_KEY=$admin_key LVLM_INFERENCE_KEY=$inference_key \
  "$java" -jar target/lvlm-serve.jar --server.port="$port" \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  if ready "http://127.0.0.1:$port/actuator/health/readiness"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; echo "the server exited" >&2; exit 1; fi
  sleep 1
done
ready "http://127.0.0.1:$port/actuator/health/readiness" \
  || { tail -n 50 "$work/server.log" >&2; echo "the server did not become ready" >&2; exit 1; }

node "$tools/e2e.mjs" --base "http://127.0.0.1:$port" --admin "$admin_key" --inference "$inference_key" \
  --image "$image" --out "$work" --screenshots "$shots" \
  || { tail -n 40 "$work/server.log" >&2; exit 1; }
echo "console-e2e: $(($(date +%s) - started)) s in all (tools, node tests, server start, browser run)"
