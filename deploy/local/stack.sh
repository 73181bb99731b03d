#!/usr/bin/env bash
# The real lakehouse stack as plain local processes, no Docker: PostgreSQL, S3Proxy (S3 API),
# the Apache Iceberg REST catalog (metadata in PostgreSQL), a single-node KRaft Kafka broker and
# Trino 476 (on Temurin 25) with an Iceberg catalog on that REST catalog and store.
#
#   deploy/local/stack.sh up | down | status | logs [component]
#
# Everything binds to 127.0.0.1 on non-default ports (see ports.env). Downloads come from Maven
# Central into a cache that survives checkouts; run state (data, logs, pids) lives in $STACK_RUN.
# `up` is idempotent: a component that already answers is left alone.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=ports.env
source "$HERE/ports.env"

STACK_CACHE="${STACK_CACHE:-$HOME/.cache/precip-lakehouse/stack-trino476-iceberg1.10.0-kafka4.1.2}"
STACK_RUN="${STACK_RUN:-$REPO/.stack}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
MVN="${MVN:-$REPO/mvnw}"
TRINO_HOME="$STACK_CACHE/trino-server-476"
LOGS="$STACK_RUN/logs"
PIDS="$STACK_RUN/pids"

# PostgreSQL refuses to run as root, and the postgres user may not reach a checkout under a private
# home, so its cluster lives under /var/tmp. It holds the Iceberg catalog, which must match the
# object store under $STACK_RUN: the cluster is named by an id kept in $STACK_RUN, so a new run
# folder (a fresh clone, or .stack deleted) gets a new, empty cluster.
stack_id() {
  mkdir -p "$STACK_RUN"
  [ -s "$STACK_RUN/stack-id" ] || head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$STACK_RUN/stack-id"
  cat "$STACK_RUN/stack-id"
}
PG_DIR="${PG_DIR:-/var/tmp/precip-lakehouse/pg-$(stack_id)}"

log() { printf '[stack %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites and downloads
ensure_packages() {
  local missing=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  command -v curl >/dev/null || missing+=(curl)
  command -v unzip >/dev/null || missing+=(unzip)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "install these Debian packages first: ${missing[*]}"
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  [ -x "$JAVA25_HOME/bin/java" ] || die "Trino 476 needs Java 24+: set JAVA25_HOME (looked in $JAVA25_HOME)"
}

fetch_stack() {
  [ -f "$STACK_CACHE/.complete" ] && return 0
  log "downloading the stack from Maven Central into $STACK_CACHE (once)"
  mkdir -p "$STACK_CACHE"
  local profile
  for profile in dist kafka rest-catalog; do
    "$MVN" -B -q -f "$HERE/stack-pom.xml" -P"$profile" package \
      -Dstack.dir="$STACK_CACHE" -Dlibs.name="$profile"
  done
  rm -rf "$TRINO_HOME"
  # GNU tar keeps the tarball's hard links; Maven's unpacker would write them as empty jars
  tar -xzf "$STACK_CACHE/dist/trino-server-core.tar.gz" -C "$STACK_CACHE"
  mv "$STACK_CACHE/trino-server-core-476" "$TRINO_HOME"
  unzip -q "$STACK_CACHE/dist/trino-iceberg.zip" -d "$TRINO_HOME/plugin"
  mv "$TRINO_HOME/plugin/trino-iceberg-476" "$TRINO_HOME/plugin/iceberg"
  touch "$STACK_CACHE/.complete"
}

# ---------------------------------------------------------------- process helpers
pid_of() { [ -f "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid" || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

wait_until() { # name timeout_s command...
  local name="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != postgres ] && ! alive "$name"; then
      tail -n 40 "$LOGS/$name.log" >&2 || true
      die "$name exited during startup (log: $LOGS/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "$name not ready after ${timeout}s (log: $LOGS/$name.log)"
    sleep 0.2
  done
}

stop_pid() { # name
  local pid; pid="$(pid_of "$1")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$1 did not stop in 30s, killing"; kill -9 "$pid"; }
  fi
  rm -f "$PIDS/$1.pid"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

# ---------------------------------------------------------------- PostgreSQL
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

start_postgres() {
  if pg_ready; then log "postgres already answers on $PG_PORT"; return; fi
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    as_postgres "'$PG_BIN/initdb' -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8" > "$LOGS/postgres-initdb.log"
  fi
  log "starting postgres on 127.0.0.1:$PG_PORT"
  as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/postgres.log' -w -t 60 start \
    -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c max_connections=200\"" > /dev/null
  wait_until postgres 60 pg_ready
  ln -sf "$PG_DIR/postgres.log" "$LOGS/postgres.log"
  local db
  for db in "$CATALOG_DB" "$SERVICES_DB"; do
    psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$db'" | grep -q 1 ||
      psql_admin -c "CREATE ROLE \"$db\" LOGIN PASSWORD '$db'" > /dev/null
    psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$db\"" > /dev/null
  done
}

psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

stop_postgres() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    log "stopping postgres"
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m fast -w stop" > /dev/null || true
  fi
}

# ---------------------------------------------------------------- S3Proxy
s3_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$S3_PORT/")" = 403 ]; }

start_s3() {
  if alive s3proxy && s3_ready; then log "s3proxy already answers on $S3_PORT"; return; fi
  mkdir -p "$STACK_RUN/data/s3/$S3_BUCKET" "$STACK_RUN/conf"
  cat > "$STACK_RUN/conf/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$STACK_RUN/data/s3
# the AWS SDK's ListObjectsV2 sends x-amz-optional-object-attributes, which S3Proxy rejects otherwise
s3proxy.ignore-unknown-headers=true
EOF
  log "starting s3proxy on 127.0.0.1:$S3_PORT"
  nohup java -Xmx256m -jar "$STACK_CACHE/dist/s3proxy-jar-with-dependencies.jar" \
    --properties "$STACK_RUN/conf/s3proxy.properties" > "$LOGS/s3proxy.log" 2>&1 &
  echo $! > "$PIDS/s3proxy.pid"
}

# ---------------------------------------------------------------- Iceberg REST catalog
rest_ready() { curl -sf "http://127.0.0.1:$REST_PORT/v1/config" > /dev/null; }

start_rest() {
  if alive rest-catalog && rest_ready; then log "rest-catalog already answers on $REST_PORT"; return; fi
  log "starting the Iceberg REST catalog on $REST_PORT"
  # RESTCatalogServer reads its configuration only from CATALOG_* variables
  env CATALOG_REST_PORT="$REST_PORT" \
    CATALOG_CATALOG__IMPL=org.apache.iceberg.jdbc.JdbcCatalog \
    CATALOG_URI="jdbc:postgresql://127.0.0.1:$PG_PORT/$CATALOG_DB" \
    CATALOG_JDBC_USER="$CATALOG_DB" CATALOG_JDBC_PASSWORD="$CATALOG_DB" \
    CATALOG_JDBC_SCHEMA__VERSION=V1 \
    CATALOG_WAREHOUSE="s3://$S3_BUCKET/" \
    CATALOG_IO__IMPL=org.apache.iceberg.aws.s3.S3FileIO \
    CATALOG_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" CATALOG_S3_PATH__STYLE__ACCESS=true \
    CATALOG_S3_ACCESS__KEY__ID="$S3_ACCESS_KEY" CATALOG_S3_SECRET__ACCESS__KEY="$S3_SECRET_KEY" \
    CATALOG_CLIENT_REGION=us-east-1 AWS_REGION=us-east-1 \
    nohup java -Xmx256m -cp "$STACK_CACHE/rest-catalog/lib/*" org.apache.iceberg.rest.RESTCatalogServer \
    > "$LOGS/rest-catalog.log" 2>&1 &
  echo $! > "$PIDS/rest-catalog.pid"
}

# ---------------------------------------------------------------- Kafka
kafka_ready() { grep -q "Kafka Server started" "$LOGS/kafka.log"; }

start_kafka() {
  if alive kafka && (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then
    log "kafka already answers on $KAFKA_PORT"; return
  fi
  mkdir -p "$STACK_RUN/conf"
  cat > "$STACK_RUN/conf/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$STACK_RUN/data/kafka
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# topics are created explicitly from deploy/infrastructure/kafka/topics.conf, never by a consumer's first poll
auto.create.topics.enable=false
# the default 128 MiB dedupe buffer does not fit a small heap
log.cleaner.dedupe.buffer.size=8388608
EOF
  sed 's/^rootLogger.level = .*/rootLogger.level = INFO/' "$HERE/kafka-log4j2.properties" > "$STACK_RUN/conf/kafka-log4j2.properties"
  local kcp="$STACK_CACHE/kafka/lib/*"
  if [ ! -f "$STACK_RUN/data/kafka/meta.properties" ]; then
    local cid; cid="$(java -cp "$kcp" kafka.tools.StorageTool random-uuid 2>/dev/null)"
    java -Dlog4j2.configurationFile="$HERE/kafka-log4j2.properties" -cp "$kcp" kafka.tools.StorageTool \
      format -t "$cid" -c "$STACK_RUN/conf/kafka.properties" --standalone > "$LOGS/kafka-format.log" 2>&1
  fi
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  : > "$LOGS/kafka.log"
  nohup java -Xms128m -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STACK_RUN/conf/kafka-log4j2.properties" \
    -cp "$kcp" kafka.Kafka "$STACK_RUN/conf/kafka.properties" > "$LOGS/kafka.log" 2>&1 &
  echo $! > "$PIDS/kafka.pid"
}

create_topics() {
  log "creating topics from infrastructure/kafka/topics.conf (if missing)"
  java -Xmx128m -Dlog4j2.configurationFile="$HERE/kafka-log4j2.properties" \
    -cp "$STACK_CACHE/kafka/lib/*" "$HERE/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "$HERE/../infrastructure/kafka/topics.conf" \
    >> "$LOGS/topics.log" 2>&1 || { tail -n 20 "$LOGS/topics.log" >&2; die "topic creation failed"; }
}

# ---------------------------------------------------------------- Trino
trino_ready() { curl -sf "http://127.0.0.1:$TRINO_PORT/v1/info" | grep -q '"starting":false'; }

trino_cli() {
  "$JAVA25_HOME/bin/java" -Xmx256m -jar "$STACK_CACHE/dist/trino-cli-executable.jar" \
    --server "http://127.0.0.1:$TRINO_PORT" --user stack "$@"
}

start_trino() {
  if alive trino && trino_ready; then log "trino already answers on $TRINO_PORT"; return; fi
  local etc="$STACK_RUN/conf/trino"
  mkdir -p "$etc/catalog" "$STACK_RUN/data/trino"
  cp "$HERE/trino/jvm.config" "$HERE/trino/log.properties" "$etc/"
  cat > "$etc/node.properties" <<EOF
node.environment=precip_local
node.id=precip-local-1
node.data-dir=$STACK_RUN/data/trino
node.internal-address=127.0.0.1
EOF
  sed "s/@TRINO_PORT@/$TRINO_PORT/g" "$HERE/trino/config.properties" > "$etc/config.properties"
  sed -e "s/@REST_PORT@/$REST_PORT/g" -e "s/@S3_PORT@/$S3_PORT/g" -e "s/@S3_BUCKET@/$S3_BUCKET/g" \
    -e "s/@S3_ACCESS_KEY@/$S3_ACCESS_KEY/g" -e "s/@S3_SECRET_KEY@/$S3_SECRET_KEY/g" \
    "$HERE/trino/iceberg.properties" > "$etc/catalog/iceberg.properties"
  log "starting trino on 127.0.0.1:$TRINO_PORT"
  JAVA_HOME="$JAVA25_HOME" PATH="$JAVA25_HOME/bin:$PATH" "$TRINO_HOME/bin/launcher" start \
    --etc-dir="$etc" --data-dir="$STACK_RUN/data/trino" --pid-file="$PIDS/trino.pid" \
    --launcher-log-file="$LOGS/trino-launcher.log" --server-log-file="$LOGS/trino.log" > /dev/null
}

# ---------------------------------------------------------------- commands
up() {
  local t0=$SECONDS
  ensure_packages
  fetch_stack
  mkdir -p "$LOGS" "$PIDS"
  start_postgres
  start_s3
  start_kafka
  wait_until s3proxy 90 s3_ready
  start_rest
  wait_until rest-catalog 90 rest_ready
  start_trino
  wait_until kafka 90 kafka_ready
  create_topics
  wait_until trino 180 trino_ready
  # a real request through Trino -> REST catalog -> PostgreSQL
  wait_until trino 60 trino_cli --execute "SHOW SCHEMAS FROM iceberg"
  log "stack ready in $((SECONDS - t0))s"
  status
}

down() {
  [ -d "$PIDS" ] || { log "nothing started from $STACK_RUN"; return; }
  stop_pid trino
  stop_pid kafka
  stop_pid rest-catalog
  stop_pid s3proxy
  stop_postgres
}

status() {
  local name port rss pid
  printf '%-13s %-7s %-8s %s\n' component port pid rss_mib
  for entry in "postgres:$PG_PORT" "s3proxy:$S3_PORT" "rest-catalog:$REST_PORT" "kafka:$KAFKA_PORT" "trino:$TRINO_PORT"; do
    name="${entry%%:*}"; port="${entry##*:}"
    if [ "$name" = postgres ]; then
      pid="$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
    else
      pid="$(pid_of "$name")"
    fi
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      # PostgreSQL's memory is the postmaster's plus its backends'
      rss="$({ ps -o rss= -p "$pid"; if [ "$name" = postgres ]; then ps -o rss= --ppid "$pid"; fi; } 2>/dev/null |
        awk '{s+=$1} END {print int(s/1024)}')"
      printf '%-13s %-7s %-8s %s\n' "$name" "$port" "$pid" "$rss"
    else
      printf '%-13s %-7s %-8s %s\n' "$name" "$port" down -
    fi
  done
}

# exit 0 when every component answers a real request
running() {
  mkdir -p "$LOGS"
  pg_ready && s3_ready && rest_ready && trino_ready &&
    (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}

case "${1:-}" in
  up) up ;;
  running) running ;;
  down) down ;;
  # one component away (outage tests); `up` brings it back
  stop)
    case "${2:-}" in
      trino|kafka|rest-catalog|s3proxy) stop_pid "$2" ;;
      *) echo "usage: $0 stop trino|kafka|rest-catalog|s3proxy" >&2; exit 2 ;;
    esac ;;
  status) status ;;
  logs) ls -1 "$LOGS"; [ -n "${2:-}" ] && tail -n 100 "$LOGS/$2.log" ;;
  trino) shift; fetch_stack >/dev/null; trino_cli "$@" ;;
  env) echo "STACK_RUN=$STACK_RUN"; echo "STACK_CACHE=$STACK_CACHE"; cat "$HERE/ports.env" ;;
  *) echo "usage: $0 up|down|stop <component>|status|running|logs [component]|trino [cli args]|env" >&2; exit 2 ;;
esac
