#!/usr/bin/env bash
# Runs the offline NOAA source and the five services as local processes (fast-jars built by
# ./mvnw install), against the stack started by stack.sh.
#
#   deploy/local/services.sh up | down | status
#
# Each service takes its configuration from its application.properties; override any key with an
# environment variable (e.g. NOAA_TOKEN, MAINTENANCE_FULL_CRON, QUARKUS_LOG_CONSOLE_JSON_ENABLED=true).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STACK_RUN="${STACK_RUN:-$REPO/.stack}"
LOGS="$STACK_RUN/logs"
PIDS="$STACK_RUN/pids"
SERVICE_HEAP="${SERVICE_HEAP:-256m}"

# name:port, in start order (the source first, so the fetcher finds it)
SERVICES=(noaa-offline-source:18100 fetcher-service:18101 normalizer-service:18102
  writer-service:18103 metrics-service:18104 maintenance-service:18105)

log() { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

ready() { curl -sf "http://127.0.0.1:$1/q/health/ready" > /dev/null; }

up() {
  mkdir -p "$LOGS" "$PIDS"
  local entry name port jar
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"; port="${entry##*:}"
    jar="$REPO/$name/target/quarkus-app/quarkus-run.jar"
    if alive "$name"; then log "$name already running"; continue; fi
    [ -f "$jar" ] || { log "ERROR: $jar missing: run ./mvnw -B install -DskipTests first"; exit 1; }
    log "starting $name on 127.0.0.1:$port"
    nohup java -Xmx"$SERVICE_HEAP" -XX:+UseSerialGC -jar "$jar" > "$LOGS/$name.log" 2>&1 &
    echo $! > "$PIDS/$name.pid"
  done
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"; port="${entry##*:}"
    local deadline=$((SECONDS + 120))
    until ready "$port"; do
      alive "$name" || { tail -n 40 "$LOGS/$name.log" >&2; log "ERROR: $name exited"; exit 1; }
      [ $SECONDS -lt $deadline ] || { log "ERROR: $name not ready after 120s"; curl -s "http://127.0.0.1:$port/q/health/ready" >&2; exit 1; }
      sleep 0.3
    done
    log "$name ready"
  done
}

down() {
  local i entry name pid
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    entry="${SERVICES[$i]}"; name="${entry%%:*}"
    if alive "$name"; then
      pid="$(cat "$PIDS/$name.pid")"
      log "stopping $name (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$PIDS/$name.pid"
  done
}

status() {
  local entry name port pid state
  printf '%-20s %-6s %-8s %-6s %s\n' service port pid ready rss_mib
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"; port="${entry##*:}"
    if alive "$name"; then
      pid="$(cat "$PIDS/$name.pid")"
      ready "$port" && state=yes || state=no
      printf '%-20s %-6s %-8s %-6s %s\n' "$name" "$port" "$pid" "$state" "$(ps -o rss= -p "$pid" | awk '{print int($1/1024)}')"
    else
      printf '%-20s %-6s %-8s %-6s %s\n' "$name" "$port" down - -
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
