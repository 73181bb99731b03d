#!/usr/bin/env bash
# The demo's flow against services that are already running (as processes or as containers on the
# host network): fetches PRECIP_15 START..END through the fetcher, waits until every row is in
# Iceberg and counted by the metrics service, and prints the per-station missing % table.
#
#   deploy/local/demo-flow.sh START END [SCHEMA]     (SCHEMA: the Iceberg schema, default noaa)
#
# Exits non-zero if the fetch job fails or the pipeline does not drain within DRAIN_TIMEOUT seconds.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
START="$1"
END="$2"
SCHEMA="${3:-noaa}"
OPERATOR="operator:${PIPELINE_OPERATOR_PASSWORD:-operator-local}"
FETCHER="${FETCHER_URL:-http://127.0.0.1:18101}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-300}"

say() { printf '\n[demo] %s\n' "$*"; }
trino() { "$HERE/stack.sh" trino --output-format "${2:-TSV}" --execute "$1" 2>/dev/null; }

say "fetching PRECIP_15 $START..$END"
job="$(curl -sf -u "$OPERATOR" -H 'Content-Type: application/json' \
  -d "{\"startDate\":\"$START\",\"endDate\":\"$END\"}" "$FETCHER/fetches")"
id="$(sed -E 's/.*"id":"([^"]+)".*/\1/' <<< "$job")"
echo "job $id"
state=RUNNING
until [ "$state" = SUCCEEDED ] || [ "$state" = FAILED ]; do
  sleep 1
  job="$(curl -sf "$FETCHER/fetches/$id")"
  state="$(sed -E 's/.*"state":"([^"]+)".*/\1/' <<< "$job")"
done
echo "$job"
[ "$state" = SUCCEEDED ] || { echo "fetch job failed" >&2; exit 1; }

say "waiting until every row is in Iceberg and counted in the metrics"
previous=-1
deadline=$((SECONDS + DRAIN_TIMEOUT))
while :; do
  rows="$(trino "SELECT count(*) FROM iceberg.$SCHEMA.precip_15" || echo 0)"
  counted="$(trino "SELECT coalesce(sum(total), 0) FROM iceberg.$SCHEMA.station_missing" || echo 0)"
  echo "rows in iceberg.$SCHEMA.precip_15: $rows, counted in the metrics: $counted"
  if [ "$rows" -gt 0 ] && [ "$rows" = "$counted" ] && [ "$rows" = "$previous" ]; then break; fi
  [ $SECONDS -lt $deadline ] || { echo "the pipeline did not drain in ${DRAIN_TIMEOUT}s" >&2; exit 1; }
  previous="$rows"
  sleep 3
done

say "missing observations per station (iceberg.$SCHEMA.station_missing, through Trino)"
trino "SELECT station, total, missing, missing_pct FROM iceberg.$SCHEMA.station_missing ORDER BY missing_pct DESC, station" ALIGNED
