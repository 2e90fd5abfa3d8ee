#!/usr/bin/env bash
# The official openai Node client (tools/openai-client: pinned, npm ci) against the server built by the Maven
# build, run from target/lvlm-serve.jar on the embedded default model on a free loopback port with a temporary
# data directory: text, image, a stream with usage, stop, logprobs, a refused tool call and an error. Called by
# .ci/run after the Maven build; needs node and npm (as .ci/deploy-checks.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
tools=tools/openai-client
work=target/openai-client-check
rm -rf "$work"
mkdir -p "$work"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
java_home=$(.mvn/select-jdk)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
mgmt=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$java_home/bin/java" -jar target/lvlm-serve.jar --server.address=127.0.0.1 --server.port="$port" \
  --management.server.port="$mgmt" --lvlm.data-dir="$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap cleanup EXIT
ready=""
for _ in $(seq 1 180); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$mgmt/actuator/health/readiness"; then ready=yes; break; fi
  sleep 1
done
if [ -z "$ready" ]; then
  tail -n 60 "$work/server.log"
  echo "openai-client-check: the server did not become ready" >&2
  exit 1
fi
node "$tools/check.mjs" "http://127.0.0.1:$port" helm/lvlm-serve/files/test-scene.png
