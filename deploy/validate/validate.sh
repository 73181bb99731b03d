#!/usr/bin/env bash
# Validates every deploy file without running anything: the compose files through docker-compose's
# own `config` (both the laptop and the CI combination), every kustomization rendered by
# `kubectl kustomize` and each object checked against the Kubernetes schemas, and every Dockerfile
# linted. Installs docker-compose (Debian) and the npm packages it needs if missing.
#
#   deploy/validate/validate.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEPLOY="$(cd "$HERE/.." && pwd)"
REPO="$(cd "$DEPLOY/.." && pwd)"

log() { printf '[validate %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if ! command -v docker-compose > /dev/null; then
  log "installing docker-compose (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose > /dev/null
fi
if [ ! -d "$HERE/node_modules" ]; then
  log "installing the validators (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

log "compose: docker-compose config"
(cd "$DEPLOY" && docker-compose config -q)
(cd "$DEPLOY" && docker-compose --env-file docker-compose.ci.env -f docker-compose.yml -f docker-compose.ci.yml config -q)

for dir in k8s/base k8s/overlays/local k8s/overlays/production infrastructure; do
  log "kubernetes: $dir"
  kubectl kustomize "$DEPLOY/$dir" | (cd "$HERE" && node validate-k8s.mjs "$dir")
done

log "Dockerfiles"
mapfile -t dockerfiles < <(cd "$REPO" && git ls-files '*Dockerfile*')
[ ${#dockerfiles[@]} -gt 0 ] || { log "no Dockerfile found"; exit 1; }
for file in "${dockerfiles[@]}"; do
  "$HERE/node_modules/.bin/dockerfile-utils" lint "$REPO/$file" || { log "$file: lint errors"; exit 1; }
done
log "${#dockerfiles[@]} Dockerfiles lint clean"
log "all deploy files valid"
