#!/usr/bin/env bash
# Builds the base image the service Dockerfiles start FROM, for machines that reach no container
# registry: a Debian bookworm minbase (debootstrap) with Debian's OpenJDK 17 runtime, tagged as
# eclipse-temurin:17-jre, so that the unmodified Dockerfile.jvm builds without a pull. On a machine
# with a registry this script is not needed: the real image is pulled instead.
#
#   deploy/docker/base-images.sh        (needs a running engine: eval "$(deploy/docker/engine.sh env)")
#
# The root filesystem is cached as a tarball under ~/.cache/precip-lakehouse/images.
set -euo pipefail

CACHE="${IMAGE_CACHE:-$HOME/.cache/precip-lakehouse/images}"
ROOTFS_TAR="$CACHE/debian-bookworm-jre17.tar"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
JVM_TAG="eclipse-temurin:17-jre"

log() { printf '[base-images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if docker image inspect "$JVM_TAG" > /dev/null 2>&1; then
  log "$JVM_TAG already present"
  exit 0
fi

if [ ! -s "$ROOTFS_TAR" ]; then
  mkdir -p "$CACHE"
  rootfs="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  log "debootstrap bookworm minbase with openjdk-17-jre-headless (about a minute)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    bookworm "$rootfs" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; exit 1; }
  rm -f "$rootfs"/var/cache/apt/archives/*.deb
  rm -rf "$rootfs"/var/lib/apt/lists/*
  # the same JAVA_HOME as the eclipse-temurin images
  mkdir -p "$rootfs/opt/java"
  ln -s /usr/lib/jvm/java-17-openjdk-amd64 "$rootfs/opt/java/openjdk"
  tar -C "$rootfs" --numeric-owner -cf "$ROOTFS_TAR.partial" .
  mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
fi

log "importing $JVM_TAG from $ROOTFS_TAR"
docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["jshell"]' \
  "$ROOTFS_TAR" "$JVM_TAG" > /dev/null
log "$JVM_TAG ready"
