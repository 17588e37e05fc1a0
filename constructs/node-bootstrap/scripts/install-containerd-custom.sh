#!/bin/sh
# Installs containerd-custom's config on this node and restarts the unit, but only when the config changed, only
# after the node's own containerd binary accepted it, and with a rollback to the previous files when the restarted
# daemon does not come up. Then it stays running and reports the unit's state through the readiness file.
#
# Runs in the bootstrap pod (busybox sh) or, in tests, directly on a test host. Every setting comes from the
# environment, which the DaemonSet fills from the cluster spec.

# busybox ash and dash (0.5.11 and later) both implement pipefail; POSIX does not define it yet.
# shellcheck disable=SC3040
set -euo pipefail

: "${CONFIG_SOURCE:?directory with the new config.toml and certs.d/}"
: "${CONFIG_DIR:?config directory of containerd-custom on the host}"
: "${UNIT:?systemd unit of containerd-custom}"
: "${CONTAINERD_BIN:?containerd binary on the host}"
: "${CTR_BIN:?ctr binary on the host}"
: "${GRPC_ADDRESS:?gRPC socket of containerd-custom}"
HOST_ROOT="${HOST_ROOT-/host}"
HOST_EXEC="${HOST_EXEC-nsenter --target 1 --mount --}"
READY_FILE="${READY_FILE:-/tmp/containerd-custom-ready}"
CHECK_INTERVAL="${CHECK_INTERVAL:-60}"
RESTART_TIMEOUT="${RESTART_TIMEOUT:-60}"
RUN_ONCE="${RUN_ONCE:-false}"

# The config directory as this process sees it; CONFIG_DIR is the host's view, used for commands run on the host.
host_dir="$HOST_ROOT$CONFIG_DIR"
staging_name=".staging"
backup_name=".last-good"

log() {
  printf '%s install-containerd-custom: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*"
}

fail() {
  log "ERROR: $*"
  exit 1
}

# Runs a command in the host's mount namespace, where the host's systemctl, containerd and sockets live.
on_host() {
  # HOST_EXEC is a command prefix and must split into words.
  # shellcheck disable=SC2086
  $HOST_EXEC "$@"
}

# The system containerd serves the kubelet and dockerd; this script must never touch it.
refuse_system_instance() {
  case "$UNIT" in
    containerd | containerd.service) fail "UNIT=$UNIT is the system containerd's unit; set containerdCustom.unitName to the second instance's unit" ;;
  esac
  case "$CONFIG_DIR" in
    /etc/containerd | /etc/containerd/) fail "CONFIG_DIR=$CONFIG_DIR is the system containerd's config directory" ;;
  esac
  case "$GRPC_ADDRESS" in
    /run/containerd/containerd.sock | /var/run/containerd/containerd.sock) fail "GRPC_ADDRESS=$GRPC_ADDRESS is the system containerd's socket" ;;
  esac
}

# Prints the SHA-256 over config.toml and every file under certs.d/ of directory $1 (paths included), or of
# nothing when the directory holds neither.
tree_checksum() {
  (
    cd "$1" 2>/dev/null || exit 0
    if [ -f config.toml ]; then
      sha256sum config.toml
    fi
    if [ -d certs.d ]; then
      find -L certs.d -type f | LC_ALL=C sort | while read -r file; do
        sha256sum "$file"
      done
    fi
  ) | sha256sum | cut -d ' ' -f 1
}

# Copies the new files next to the live ones, so that installing them is a rename within one file system.
stage_new_config() {
  rm -rf "${host_dir:?}/$staging_name"
  mkdir -p "$host_dir/$staging_name"
  cp -L "$CONFIG_SOURCE/config.toml" "$host_dir/$staging_name/config.toml"
  if [ -d "$CONFIG_SOURCE/certs.d" ]; then
    cp -L -R "$CONFIG_SOURCE/certs.d" "$host_dir/$staging_name/certs.d"
  else
    mkdir "$host_dir/$staging_name/certs.d"
  fi
  log "step: staged the new config in $CONFIG_DIR/$staging_name"
}

# Lets the node's own containerd parse the staged config. A syntax or type error stops here, before any live
# file changes.
check_staged_config() {
  staged="$CONFIG_DIR/$staging_name/config.toml"
  if ! output=$(on_host "$CONTAINERD_BIN" --config "$staged" config dump 2>&1 >/dev/null); then
    log "containerd rejected the new config: $output"
    rm -rf "${host_dir:?}/$staging_name"
    fail "new config rejected by $CONTAINERD_BIN; the node keeps its current config and $UNIT was not restarted"
  fi
  log "step: $CONTAINERD_BIN accepted the new config"
}

back_up_current_config() {
  rm -rf "${host_dir:?}/$backup_name"
  mkdir -p "$host_dir/$backup_name"
  if [ -f "$host_dir/config.toml" ]; then
    cp -p "$host_dir/config.toml" "$host_dir/$backup_name/config.toml"
  fi
  if [ -d "$host_dir/certs.d" ]; then
    cp -p -R "$host_dir/certs.d" "$host_dir/$backup_name/certs.d"
  fi
  log "step: backed up the current config to $CONFIG_DIR/$backup_name"
}

# Moves config.toml and certs.d/ of directory $1 into place. Each rename is atomic; certs.d/ is briefly absent
# between its two renames, and containerd reads hosts.toml only when it pulls.
swap_in() {
  source_dir="$1"
  if [ -f "$source_dir/config.toml" ]; then
    mv -f "$source_dir/config.toml" "$host_dir/config.toml"
  else
    rm -f "$host_dir/config.toml"
  fi
  rm -rf "${host_dir:?}/.certs.d.old"
  if [ -d "$host_dir/certs.d" ]; then
    mv "$host_dir/certs.d" "$host_dir/.certs.d.old"
  fi
  if [ -d "$source_dir/certs.d" ]; then
    mv "$source_dir/certs.d" "$host_dir/certs.d"
  fi
  rm -rf "${host_dir:?}/.certs.d.old" "$source_dir"
}

unit_is_ready() {
  on_host systemctl is-active --quiet "$UNIT" && on_host "$CTR_BIN" --address "$GRPC_ADDRESS" version >/dev/null 2>&1
}

# Restarts the unit and waits until it is active and its socket answers.
restart_and_wait() {
  log "step: restarting $UNIT"
  if ! on_host systemctl restart "$UNIT"; then
    log "systemctl restart $UNIT failed"
    return 1
  fi
  waited=0
  while [ "$waited" -lt "$RESTART_TIMEOUT" ]; do
    if unit_is_ready; then
      log "step: $UNIT is active and answers on $GRPC_ADDRESS"
      return 0
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "$UNIT did not become ready within ${RESTART_TIMEOUT}s"
  return 1
}

roll_back() {
  if [ ! -f "$host_dir/$backup_name/config.toml" ]; then
    rm -f "$host_dir/config.toml"
    rm -rf "${host_dir:?}/certs.d"
    on_host systemctl stop "$UNIT" || true
    fail "$UNIT failed with the new config and there was no previous config to restore; removed the new files and stopped $UNIT"
  fi
  log "step: restoring the previous config from $CONFIG_DIR/$backup_name"
  swap_in "$host_dir/$backup_name"
  if restart_and_wait; then
    fail "$UNIT failed with the new config; restored the previous config $CONFIG_DIR/config.toml, and $UNIT runs with it"
  fi
  fail "$UNIT failed with the new config and also after restoring the previous config $CONFIG_DIR/config.toml; the node needs attention"
}

install_config() {
  stage_new_config
  check_staged_config
  back_up_current_config
  swap_in "$host_dir/$staging_name"
  log "step: installed the new config in $CONFIG_DIR"
  if ! restart_and_wait; then
    roll_back
  fi
}

# Keeps the pod alive and its readiness equal to the unit's health, so `kubectl get pods` shows each node's state.
watch_unit() {
  trap 'log "stopping"; exit 0' TERM INT
  while true; do
    if unit_is_ready; then
      touch "$READY_FILE"
    else
      if [ -f "$READY_FILE" ]; then
        log "$UNIT is not active or does not answer on $GRPC_ADDRESS; reporting not ready"
      fi
      rm -f "$READY_FILE"
    fi
    sleep "$CHECK_INTERVAL" &
    wait $! || true
  done
}

main() {
  refuse_system_instance
  mkdir -p "$host_dir"
  new_sum=$(tree_checksum "$CONFIG_SOURCE")
  current_sum=$(tree_checksum "$host_dir")
  log "new config $new_sum, node config $current_sum"

  if [ "$new_sum" = "$current_sum" ]; then
    log "decision: config unchanged, no write and no restart"
  else
    log "decision: config changed, installing"
    install_config
  fi

  if [ "$RUN_ONCE" = "true" ]; then
    exit 0
  fi
  watch_unit
}

main "$@"
