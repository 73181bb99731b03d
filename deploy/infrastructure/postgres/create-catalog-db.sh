#!/bin/bash
# Runs once, when the data volume is new: the Iceberg catalog gets its own database and owner.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$CATALOG_DB_PASSWORD" <<'SQL'
CREATE USER iceberg_catalog PASSWORD :'password';
CREATE DATABASE iceberg_catalog OWNER iceberg_catalog;
SQL
