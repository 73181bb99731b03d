#!/usr/bin/env bash
# A private Docker engine for building and running the service images on a machine with no
# engine and no registry (Debian's docker.io; see deploy/README.md). Its data, socket and PID file
# live under .stack/docker; it creates no bridge network and touches no iptables rule.
#
#   deploy/docker/engine.sh up | down | running | env
#
# After `up`, point the docker and docker-compose clients at it with: eval "$(deploy/docker/engine.sh env)"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ENGINE="${STACK_RUN:-$REPO/.stack}/docker"
SOCKET="$ENGINE/docker.sock"
PIDFILE="$ENGINE/dockerd.pid"

log() { printf '[engine %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
answers() { DOCKER_HOST="unix://$SOCKET" docker version > /dev/null 2>&1; }

install_packages() {
  command -v dockerd > /dev/null && command -v docker-compose > /dev/null && command -v debootstrap > /dev/null && return
  log "installing docker.io, docker-compose and debootstrap (Debian packages)"
  # --no-install-recommends keeps out needrestart, whose hook can restart unrelated services
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    docker.io docker-compose debootstrap > /dev/null
}

up() {
  if alive && answers; then log "dockerd already answers on $SOCKET"; return; fi
  install_packages
  mkdir -p "$ENGINE/data" "$ENGINE/exec"
  log "starting dockerd (data in $ENGINE)"
  # The ulimit flags are required: these machines cannot raise open-file or process limits, and
  # the engine's defaults make every container fail with "error setting rlimit".
  nohup dockerd --data-root "$ENGINE/data" --exec-root "$ENGINE/exec" --pidfile "$PIDFILE" \
    -H "unix://$SOCKET" --bridge=none --iptables=false --ip-masq=false \
    --default-ulimit nofile=20000:20000 --default-ulimit nproc=32768:32768 \
    > "$ENGINE/dockerd.log" 2>&1 &
  local deadline=$((SECONDS + 60))
  until answers; do
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$ENGINE/dockerd.log" >&2; log "ERROR: dockerd did not answer in 60s"; exit 1; }
    sleep 0.5
  done
  log "dockerd ready"
}

down() {
  alive || { rm -f "$PIDFILE"; return 0; }
  local pid
  pid="$(cat "$PIDFILE")"
  log "stopping dockerd (pid $pid) and its containers"
  DOCKER_HOST="unix://$SOCKET" docker ps -q | xargs -r env DOCKER_HOST="unix://$SOCKET" docker kill > /dev/null 2>&1 || true
  kill "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PIDFILE"
  # dockerd leaves its network namespace mount behind; release every mount under its folders
  awk -v root="$ENGINE/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  running) alive && answers ;;
  env) echo "export DOCKER_HOST=unix://$SOCKET DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
