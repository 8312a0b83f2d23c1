#!/usr/bin/env bash
# Runs a command inside a private network namespace with only loopback up, so nothing it sends
# (multicast, broadcast, unicast) can reach a real network. Multicast and the limited broadcast
# are routed to lo, where the lab listens.
#   scripts/in-netns.sh npx vitest run electron/core/discovery
set -euo pipefail
if [ "${CUSTODIAN_IN_NETNS:-}" = "1" ]; then exec "$@"; fi
exec unshare -n -- bash -c '
  set -e
  ip link set lo up
  ip route add 224.0.0.0/4 dev lo src 127.0.0.1 2>/dev/null || true
  ip route add 255.255.255.255/32 dev lo src 127.0.0.1 2>/dev/null || true
  export CUSTODIAN_IN_NETNS=1 CUSTODIAN_LOOPBACK_ONLY=1
  exec "$@"
' bash "$@"
