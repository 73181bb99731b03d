#!/bin/bash
# Creates every topic listed in a topics file (name, partitions, comma-separated configs) if it
# does not exist yet, so the stack can be started again without errors.
set -euo pipefail
topics_file="$1"
while read -r name partitions configs; do
  case "$name" in ''|'#'*) continue ;; esac
  args=(--bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists --topic "$name"
    --partitions "$partitions" --replication-factor 1)
  if [ -n "${configs:-}" ]; then
    IFS=',' read -ra pairs <<< "$configs"
    for pair in "${pairs[@]}"; do args+=(--config "$pair"); done
  fi
  /opt/kafka/bin/kafka-topics.sh "${args[@]}"
done < "$topics_file"
