#!/bin/sh
# Installs containerd-custom's config on this node. The node's own containerd binary checks the new config before
# any live file changes. The unit restarts only when the config differs from the node's, and a restart that fails
# restores the previous config. Then the script stays running and reports the unit's health through READY_FILE.
#
# Layout of CONFIG_DIR on the node (names are fixed, so an operator can find them):
#   config.toml           the live config, replaced by rename(2) of .config.toml.new
#   certs.d               a symlink to .certs.d-<sha256 prefix>, replaced by rename(2) of a new symlink
#   .certs.d-<sha256>/    one hosts.toml tree, named after a hash of its content
#   .last-good/           config.toml and certs.d/ as they were before the last install
#   .failed-config        SHA-256 of a config that made the unit fail; the script does not install it again
#
# Runs in the bootstrap pod under busybox sh, and in the tests under busybox sh and bash --posix. Every setting
# comes from the environment, which the DaemonSet fills from the cluster spec.

# busybox ash and bash implement pipefail, which POSIX does not define yet. Debian 12's dash (0.5.12) lacks it, so
# this script does not run under a /bin/sh that is dash.
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

# The config directory in this process's mount namespace. CONFIG_DIR is the host's path, used in commands run on
# the host.
host_dir="$HOST_ROOT$CONFIG_DIR"
new_config_name=".config.toml.new"
backup_name=".last-good"
failed_marker=".failed-config"
certs_prefix=".certs.d-"

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

# The system containerd serves the kubelet and dockerd, so this script rejects its unit, paths and socket.
reject_system_instance() {
  case "$UNIT" in
    containerd | containerd.service) fail "UNIT=$UNIT is the system containerd's unit; set containerdCustom.unitName to the second instance's unit" ;;
  esac
  case "${CONFIG_DIR%/}" in
    /etc/containerd) fail "CONFIG_DIR=$CONFIG_DIR is the system containerd's config directory; set containerdCustom.configDir to the second instance's directory" ;;
  esac
  case "$GRPC_ADDRESS" in
    /run/containerd/containerd.sock | /var/run/containerd/containerd.sock) fail "GRPC_ADDRESS=$GRPC_ADDRESS is the system containerd's socket; set containerdCustom.grpcAddress to the second instance's socket" ;;
  esac
}

# Prints "sha256  path" for config.toml (when $2 is "all") and every file under certs.d/ of directory $1, sorted by
# path, following symlinks. Prints nothing for a missing directory.
list_checksums() {
  if [ ! -d "$1" ]; then
    return 0
  fi
  (
    cd "$1"
    {
      if [ "$2" = all ] && [ -f config.toml ]; then
        echo config.toml
      fi
      if [ -d certs.d ]; then
        find -L certs.d -type f
      fi
    } | LC_ALL=C sort | xargs -r sha256sum
  )
}

# Prints one SHA-256 over the output of list_checksums, so that equal trees give equal sums.
tree_checksum() {
  list_checksums "$1" "$2" | sha256sum | cut -c 1-64
}

# Removes what an interrupted run may have left: the unchecked new config and half-built trees or symlinks.
remove_leftovers() {
  for leftover in "$host_dir/$new_config_name" "$host_dir/.certs.d.link" "$host_dir/$backup_name.tmp" "$host_dir/$certs_prefix"*.tmp; do
    if [ -e "$leftover" ] || [ -L "$leftover" ]; then
      log "step: removing $leftover, left by an interrupted run"
      rm -rf "$leftover"
    fi
  done
}

# Writes the new config.toml as a hidden file next to the live one and lets the node's own containerd parse it.
# A syntax or type error stops here, before any live file changes.
check_new_config() {
  cp "$CONFIG_SOURCE/config.toml" "$host_dir/$new_config_name"
  log "step: wrote the new config to $CONFIG_DIR/$new_config_name"
  if ! output=$(on_host "$CONTAINERD_BIN" --config "$CONFIG_DIR/$new_config_name" config dump 2>&1 >/dev/null); then
    rm -f "$host_dir/$new_config_name"
    log "containerd output: $output"
    fail "$CONTAINERD_BIN rejected the new config; the node keeps its current config and $UNIT was not restarted"
  fi
  log "step: $CONTAINERD_BIN accepted the new config"
}

# Copies the live config.toml and certs.d/ to .last-good/. The copy is built under a temporary name first, so an
# interruption never leaves a half-written backup.
back_up_live_config() {
  if [ ! -f "$host_dir/config.toml" ]; then
    log "decision: no live config.toml, so there is nothing to back up"
    return 0
  fi
  rm -rf "${host_dir:?}/$backup_name.tmp"
  mkdir "$host_dir/$backup_name.tmp"
  cp -p "$host_dir/config.toml" "$host_dir/$backup_name.tmp/config.toml"
  if [ -d "$host_dir/certs.d" ]; then
    # -L copies the tree the certs.d symlink points to, not the symlink itself.
    cp -p -R -L "$host_dir/certs.d" "$host_dir/$backup_name.tmp/certs.d"
  fi
  # NOTE: an interruption between these two lines leaves no .last-good/ (the live files are still intact), and the
  # next run backs them up again.
  rm -rf "${host_dir:?}/$backup_name"
  mv "$host_dir/$backup_name.tmp" "$host_dir/$backup_name"
  log "step: backed up the live config to $CONFIG_DIR/$backup_name"
}

# Makes certs.d/ under the config directory equal to the certs.d/ of directory $1 in one rename(2): the new tree goes
# into a directory named after its content, and a new symlink replaces the certs.d symlink.
swap_certs_tree() {
  certs_sum=$(tree_checksum "$1" certs)
  certs_dir_name="$certs_prefix$(printf '%s' "$certs_sum" | cut -c 1-16)"
  if [ ! -d "$host_dir/$certs_dir_name" ]; then
    mkdir "$host_dir/$certs_dir_name.tmp"
    if [ -d "$1/certs.d" ]; then
      cp -R -L "$1/certs.d/." "$host_dir/$certs_dir_name.tmp/"
    fi
    mv "$host_dir/$certs_dir_name.tmp" "$host_dir/$certs_dir_name"
  fi

  if [ -d "$host_dir/certs.d" ] && [ ! -L "$host_dir/certs.d" ]; then
    # First install over a plain directory: rename(2) cannot replace a non-empty directory with a symlink, so
    # certs.d/ is absent between these two renames. containerd reads hosts.toml only when it pulls an image.
    log "step: moving the plain directory certs.d/ aside, once, to replace it with a symlink"
    rm -rf "${host_dir:?}/.certs.d.plain"
    mv "$host_dir/certs.d" "$host_dir/.certs.d.plain"
  fi
  rm -f "$host_dir/.certs.d.link"
  ln -s "$certs_dir_name" "$host_dir/.certs.d.link"
  # -T renames onto the certs.d symlink itself instead of moving into the directory it points to. coreutils and
  # busybox (1.35 in the tests, 1.36 in the pod image) both have it.
  mv -T -f "$host_dir/.certs.d.link" "$host_dir/certs.d"
  log "step: certs.d now points to $certs_dir_name"

  # Older trees are no longer referenced, because .last-good/ contains its own copy.
  for old in "$host_dir/$certs_prefix"* "$host_dir/.certs.d.plain"; do
    if [ -d "$old" ] && [ "$old" != "$host_dir/$certs_dir_name" ]; then
      rm -rf "$old"
    fi
  done
}

# Installs config.toml and certs.d/ of directory $1, each with one rename(2). $2 is the checked config.toml when it
# already lies next to the live one; otherwise the file is copied there first.
install_files() {
  source_dir="$1"
  checked_config="$2"
  if [ -z "$checked_config" ]; then
    cp "$source_dir/config.toml" "$host_dir/$new_config_name"
  fi
  swap_certs_tree "$source_dir"
  mv -f "$host_dir/$new_config_name" "$host_dir/config.toml"
  log "step: renamed $new_config_name to $CONFIG_DIR/config.toml"
}

# Succeeds when the unit is active and containerd responds to `ctr version` on its socket. ctr 1.6.20 waits 10 s for
# a missing socket by default, so the timeouts keep one check short.
unit_is_ready() {
  on_host systemctl is-active --quiet "$UNIT" &&
    on_host "$CTR_BIN" --address "$GRPC_ADDRESS" --connect-timeout 2s --timeout 5s version >/dev/null 2>&1
}

# Restarts the unit and waits until it is active and responds on its socket, for at most RESTART_TIMEOUT seconds.
restart_and_wait() {
  log "step: restarting $UNIT"
  if ! on_host systemctl restart "$UNIT"; then
    log "systemctl restart $UNIT failed"
    return 1
  fi
  deadline=$(($(date +%s) + RESTART_TIMEOUT))
  while [ "$(date +%s)" -le "$deadline" ]; do
    if unit_is_ready; then
      log "step: $UNIT is active and responds on $GRPC_ADDRESS"
      return 0
    fi
    sleep 1
  done
  log "$UNIT did not become active and respond on $GRPC_ADDRESS within ${RESTART_TIMEOUT}s"
  return 1
}

roll_back() {
  # A crash-looping pod would otherwise restart the unit twice per retry with the same broken config.
  printf '%s\n' "$new_sum" >"$host_dir/$failed_marker"
  if [ ! -f "$host_dir/$backup_name/config.toml" ]; then
    on_host systemctl stop "$UNIT" || true
    rm -f "$host_dir/config.toml"
    fail "$UNIT failed to start with the new config and the node had no previous config to restore; removed config.toml and stopped $UNIT"
  fi
  log "decision: $UNIT failed with the new config, restoring $CONFIG_DIR/$backup_name"
  install_files "$host_dir/$backup_name" ""
  restored_sum=$(sha256sum "$host_dir/config.toml" | cut -c 1-64)
  if restart_and_wait; then
    fail "$UNIT failed to start with the new config; restored the previous config from $CONFIG_DIR/$backup_name (config.toml sha256 $restored_sum) and $UNIT runs with it"
  fi
  fail "$UNIT failed to start with the new config and again after restoring the previous config from $CONFIG_DIR/$backup_name (config.toml sha256 $restored_sum); the node needs attention"
}

# A config without its unit cannot be started, and the rollback would then remove it again: stop before any change.
check_unit_installed() {
  if ! on_host systemctl cat "$UNIT" >/dev/null 2>&1; then
    fail "$UNIT is not installed on this node; install its unit file first (ExecStart runs $CONTAINERD_BIN --config $CONFIG_DIR/config.toml); the node was not changed"
  fi
  log "step: $UNIT is installed"
}

install_config() {
  check_unit_installed
  check_new_config
  back_up_live_config
  install_files "$CONFIG_SOURCE" "$host_dir/$new_config_name"
  if ! restart_and_wait; then
    roll_back
  fi
  rm -f "$host_dir/$failed_marker"
  log "step: installed the new config"
}

# Keeps the pod alive and its readiness equal to the unit's health, so `kubectl get pods` shows each node's state.
watch_unit() {
  trap 'log "stopping"; exit 0' TERM INT
  while true; do
    if unit_is_ready; then
      if [ ! -f "$READY_FILE" ]; then
        log "$UNIT is active and responds on $GRPC_ADDRESS; reporting ready"
      fi
      touch "$READY_FILE"
    else
      if [ -f "$READY_FILE" ]; then
        log "$UNIT is not active or does not respond on $GRPC_ADDRESS; reporting not ready"
      fi
      rm -f "$READY_FILE"
    fi
    sleep "$CHECK_INTERVAL" &
    wait $! || true
  done
}

main() {
  reject_system_instance
  mkdir -p "$host_dir"
  remove_leftovers
  new_sum=$(tree_checksum "$CONFIG_SOURCE" all)
  live_sum=$(tree_checksum "$host_dir" all)
  log "new config sha256 $new_sum, node config sha256 $live_sum"

  if [ "$new_sum" = "$live_sum" ]; then
    log "decision: config unchanged, no write and no restart"
  elif [ -f "$host_dir/$failed_marker" ] && [ "$(cat "$host_dir/$failed_marker")" = "$new_sum" ]; then
    fail "config sha256 $new_sum already made $UNIT fail on this node, so it is not installed again; revert the change in git, or remove $CONFIG_DIR/$failed_marker to retry it"
  else
    log "decision: config changed, installing it"
    install_config
  fi

  if [ "$RUN_ONCE" = "true" ]; then
    exit 0
  fi
  watch_unit
}

main "$@"
