#!/usr/bin/env bash
# build-image.sh [TAG] [BINARY]: builds the image's final stage (the last stage of ./Dockerfile) from a binary built
# on this machine, the way release pipelines copy prebuilt binaries into a scratch image: no registry needed.
# BINARY defaults to the release build (scripts/build-release.sh); TAG to sockguard:local. Uses $DOCKER (docker).
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-sockguard:local}
binary=${2:-$(scripts/build-release.sh)}
context=$(mktemp -d /tmp/sgimage.XXXX)
trap 'rm -rf "$context"' EXIT
scripts/image-rootfs.sh "$binary" "$context/rootfs"
# The final stage as ./Dockerfile writes it, reading the root filesystem from the context.
sed -n '/^FROM scratch/,$p' Dockerfile | sed 's|^COPY --from=build /rootfs/ /|COPY rootfs/ /|' >"$context/Dockerfile"
DOCKER_BUILDKIT=0 "${DOCKER:-docker}" build -q -t "$tag" "$context" >&2
echo "$tag"
