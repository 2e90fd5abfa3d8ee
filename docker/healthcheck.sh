#!/usr/bin/env bash
# Container health check: readiness (the default variant is loaded and warmed up), read over bash's /dev/tcp so the
# runtime image needs neither curl nor wget. The management port is used when one is configured (the Helm chart
# moves actuator to its own port).
set -u
port=${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
