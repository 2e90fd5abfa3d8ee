#!/usr/bin/env bash
# Runs a command the way the runtime image runs it: in a private mount namespace where every filesystem is read-only
# except a fresh /tmp and the data directory (both tmpfs), with the runtime layout at /opt/lvlm-serve, as uid/gid
# 10001 with no capabilities. The same as
#   docker run --read-only --tmpfs /tmp -v data:/data --user 10001:10001 ...
# without a Docker engine. Needs root; .ci/deploy-checks.sh runs it as
#   unshare --mount --propagation private --kill-child .ci/container-sandbox.sh LAYOUT CONFIG_DIR CMD...
# LAYOUT appears at /opt/lvlm-serve, CONFIG_DIR at /opt/lvlm-config, the data directory is /opt/lvlm-data.
# When CMD ends, it prints what CMD left in /tmp: the caller checks that no native library was extracted there.
set -euo pipefail
layout=$1
config=$2
shift 2

mount -t tmpfs -o size=16m,mode=755 tmpfs /opt
mkdir -p /opt/lvlm-serve /opt/lvlm-config /opt/lvlm-data
mount --bind "$layout" /opt/lvlm-serve
mount --bind "$config" /opt/lvlm-config
# Every other writable mount becomes read-only, the deepest first; /proc, /sys and /dev stay as they are.
findmnt -rn -o TARGET,OPTIONS | awk '$2 ~ /^rw/ {print $1}' | grep -v -E '^/(proc|sys|dev)(/|$)' | sort -r \
  | while read -r m; do mount -o remount,bind,ro "$m"; done
mount -t tmpfs -o size=1g,mode=1777 tmpfs /tmp
mount -t tmpfs -o size=1g,mode=700,uid=10001,gid=10001 tmpfs /opt/lvlm-data
if touch /usr/.lvlm-ro-check 2>/dev/null || touch /opt/lvlm-serve/.lvlm-ro-check 2>/dev/null; then
  echo "container-sandbox: the root filesystem is still writable" >&2
  exit 1
fi

cd /opt/lvlm-data # the image's WORKDIR is its data directory
set +e
setpriv --reuid=10001 --regid=10001 --clear-groups --inh-caps=-all -- "$@"
rc=$?
set -e
echo "=== files left in /tmp"
(cd /tmp && find . -mindepth 1 | sed 's/^/  /')
exit $rc
