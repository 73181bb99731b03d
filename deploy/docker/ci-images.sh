#!/usr/bin/env bash
# Builds the six service images from their Dockerfiles and runs them with docker-compose in CI mode
# (docker-compose.ci.yml: host network, against the stack deploy/local/stack.sh runs), then passes
# the demo flow through them: every container healthy, rows in Iceberg, counted by the metrics
# service, and the services' own Prometheus counters agreeing with the table. Stops every
# container it started, and the engine if it started it.
#
#   deploy/docker/ci-images.sh            (the stack running; ./mvnw package done; no service of
#                                         deploy/local/services.sh running: they use the same ports)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEPLOY="$(cd "$HERE/.." && pwd)"
REPO="$(cd "$DEPLOY/.." && pwd)"
PROJECT=precip-images
SERVICES=(noaa-offline-source:18100 fetcher-service:18101 normalizer-service:18102
  writer-service:18103 metrics-service:18104 maintenance-service:18105)
NAMES=("${SERVICES[@]%%:*}")
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-300}"
# a schema of its own: every row and count the checks see comes from these containers
export PIPELINE_SCHEMA="images_$(date +%Y%m%d_%H%M%S)"

log() { printf '[ci-images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
compose() {
  docker-compose -p "$PROJECT" --env-file "$DEPLOY/docker-compose.ci.env" \
    -f "$DEPLOY/docker-compose.yml" -f "$DEPLOY/docker-compose.ci.yml" "$@"
}
metric() { # the sum of a counter's series in a service's /q/metrics
  curl -sf "http://127.0.0.1:$1/q/metrics" | awk -v name="$2" '$1 ~ "^"name"({|$)" { sum += $NF } END { printf "%d", sum }'
}

started_engine=false
cleanup() {
  local rc=$?
  if [ $rc -ne 0 ] && docker info > /dev/null 2>&1; then
    for name in "${NAMES[@]}"; do
      log "last lines of $name"; compose logs --no-color --tail=30 "$name" >&2 || true
    done
  fi
  compose down --volumes --remove-orphans > /dev/null 2>&1 || true
  if $started_engine; then "$HERE/engine.sh" down; fi
  exit $rc
}
trap cleanup EXIT

for entry in "${SERVICES[@]}"; do
  ! curl -s -o /dev/null "http://127.0.0.1:${entry##*:}/q/health" || fail "port ${entry##*:} is taken (deploy/local/services.sh down first)"
done
"$REPO/deploy/local/stack.sh" running || fail "the stack is not running (deploy/local/stack.sh up)"

eval "$("$HERE/engine.sh" env)"
docker info > /dev/null 2>&1 || { started_engine=true; "$HERE/engine.sh" up; }
"$HERE/base-images.sh"

t0=$SECONDS
log "building ${NAMES[*]}"
compose build "${NAMES[@]}" > "$REPO/.stack/ci-images-build.log" 2>&1 || { tail -n 40 "$REPO/.stack/ci-images-build.log" >&2; fail "image build"; }
log "built in $((SECONDS - t0))s"

t0=$SECONDS
compose up -d --no-build "${NAMES[@]}"
for name in "${NAMES[@]}"; do
  deadline=$((t0 + HEALTH_TIMEOUT))
  container="$(compose ps -q "$name")"
  until [ "$(docker inspect -f '{{.State.Health.Status}}' "$container")" = healthy ]; do
    [ "$(docker inspect -f '{{.State.Running}}' "$container")" = true ] || fail "$name exited"
    [ $SECONDS -lt $deadline ] || fail "$name not healthy after ${HEALTH_TIMEOUT}s"
    sleep 1
  done
done
log "all six containers healthy $((SECONDS - t0))s after up"
# these machines must get no bridge network: every container on the host's
bridges="$(docker network ls --filter driver=bridge --format '{{.Name}}')"
[ -z "$bridges" ] || fail "bridge networks were created: $bridges"
for entry in "${SERVICES[@]}"; do
  curl -sf "http://127.0.0.1:${entry##*:}/q/health/ready" | grep -q '"status": "UP"' || fail "${entry%%:*} not ready"
done

DRAIN_TIMEOUT=300 "$REPO/deploy/local/demo-flow.sh" 2010-07-01 2010-07-03 "$PIPELINE_SCHEMA"

rows="$("$REPO/deploy/local/stack.sh" trino --output-format TSV --execute "SELECT count(*) FROM iceberg.$PIPELINE_SCHEMA.precip_15" 2>/dev/null)"
published="$(metric 18101 fetcher_records_published_total)"
normalized="$(metric 18102 normalizer_records_out_total)"
written="$(metric 18103 writer_rows_written_total)"
events="$(metric 18104 metrics_events_total)"
log "rows in iceberg.$PIPELINE_SCHEMA.precip_15: $rows; counters: fetcher published $published, normalizer out $normalized, writer wrote $written, metrics events $events"
[ "$rows" -gt 0 ] || fail "no rows"
[ "$written" = "$rows" ] || fail "the writer container counted $written rows written, the table holds $rows"
[ "$normalized" -ge "$rows" ] && [ "$published" -ge "$rows" ] || fail "the fetcher/normalizer counters are below the rows written"
[ "$events" -gt 0 ] || fail "the metrics container consumed no batch event"

log "a light maintenance pass through the maintenance container"
# the container keeps its 30-second light schedule: a trigger that meets a scheduled pass holding
# the lock is answered 409 (runs never overlap), so ask again once that pass is over
run_body="$REPO/.stack/ci-images-maintenance.json"
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  status="$(curl -s -o "$run_body" -w '%{http_code}' -u "operator:${PIPELINE_OPERATOR_PASSWORD:-operator-local}" \
    -X POST "http://127.0.0.1:18105/maintenance/runs?pass=light")"
  [ "$status" = 409 ] || break
  log "attempt $attempt: another maintenance run holds the lock (409); asking again in 5 s"
  sleep 5
done
[ "$status" = 200 ] && grep -q '"outcome":"SUCCEEDED"' "$run_body" \
  || fail "the maintenance run did not succeed (HTTP $status): $(head -c 2000 "$run_body")"

# every metric the Grafana dashboard charts is one a container exports
exported="$(for entry in "${SERVICES[@]}"; do curl -sf "http://127.0.0.1:${entry##*:}/q/metrics"; done \
  | grep -v '^#' | sed -E 's/[{ ].*//' | sort -u)"
charted="$(grep -oE '"expr": "[^"]*"' "$DEPLOY/grafana/dashboards/precip-lakehouse.json" \
  | grep -oE '\b(fetcher|normalizer|writer|metrics|maintenance|kafka)_[a-z_]+' | sort -u)"
missing="$(comm -23 <(echo "$charted") <(echo "$exported"))"
[ -z "$missing" ] || fail "the Grafana dashboard charts metrics no container exports: $(echo $missing)"
log "the $(echo "$charted" | wc -l) metrics the Grafana dashboard charts are all exported"

docker stats --no-stream --format 'table {{.Name}}\t{{.MemUsage}}\t{{.CPUPerc}}' \
  $(for name in "${NAMES[@]}"; do compose ps -q "$name"; done) >&2
docker images --format 'table {{.Repository}}:{{.Tag}}\t{{.Size}}' 'precip-lakehouse/*' >&2
log "PASSED: the demo flow ran through the six service images"
