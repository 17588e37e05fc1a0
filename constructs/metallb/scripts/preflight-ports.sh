#!/bin/sh
# Checks, before the speaker starts, that no other process on the node already binds a port the speaker needs.
# Without this check the speaker starts anyway and its memberlist fails later with a bind error buried in its log.
#
# The pod runs with hostNetwork, so /proc/net/{tcp,tcp6,udp,udp6} list the node's sockets. A TCP port counts as
# bound when a socket listens on it, a UDP port when any socket is bound to it, on any local address.
#
# Environment:
#   NODE_NAME    node the pod runs on, shown in the messages
#   PORT_CHECKS  space-separated FIELD=PORT/PROTOCOL entries, e.g. "metallb.memberlistPort=7947/TCP"
#   PROC_NET     directory of the socket tables (default /proc/net)

# busybox ash and bash implement pipefail, which POSIX does not define yet.
# shellcheck disable=SC3040
set -euo pipefail

: "${NODE_NAME:?node name, from spec.nodeName of the pod}"
: "${PORT_CHECKS:?space-separated FIELD=PORT/PROTOCOL entries}"
PROC_NET="${PROC_NET:-/proc/net}"

log() {
  printf 'preflight-ports: %s\n' "$*"
}

# Prints "socket LOCAL_ADDRESS inode INODE" for every socket in the tables $3... bound to port $1, in state $2
# (hex, as the kernel writes it) or in any state when $2 is empty.
bound_sockets() {
  port_hex=$(printf '%04X' "$1")
  state="$2"
  shift 2
  for table in "$@"; do
    if [ -r "$PROC_NET/$table" ]; then
      awk -v port="$port_hex" -v state="$state" \
        'NR > 1 { split($2, local_address, ":"); if (local_address[2] == port && (state == "" || $4 == state)) print "socket " $2 " inode " $10 }' \
        "$PROC_NET/$table"
    fi
  done
}

conflicts=0
for check in $PORT_CHECKS; do
  field="${check%%=*}"
  port_protocol="${check#*=}"
  port="${port_protocol%/*}"
  protocol="${port_protocol#*/}"
  case "$protocol" in
    TCP) sockets=$(bound_sockets "$port" 0A tcp tcp6) ;; # 0A is TCP_LISTEN
    UDP) sockets=$(bound_sockets "$port" "" udp udp6) ;;
    *)
      log "ERROR: invalid entry $check in PORT_CHECKS: the protocol must be TCP or UDP"
      exit 2
      ;;
  esac

  if [ -n "$sockets" ]; then
    conflicts=$((conflicts + 1))
    log "ERROR: port $port/$protocol ($field) is already bound on node $NODE_NAME by another process: $(printf '%s' "$sockets" | tr '\n' ';' | sed 's/;/; /g')"
  else
    log "port $port/$protocol ($field) is free on node $NODE_NAME"
  fi
done

if [ "$conflicts" -gt 0 ]; then
  log "ERROR: $conflicts port(s) needed by the speaker are in use on node $NODE_NAME; find the owner on the node with 'ss -lntup' and stop it, or choose another port for the field named above in the cluster spec"
  exit 1
fi
log "all speaker ports are free on node $NODE_NAME"
