#!/usr/bin/env bash
# image-rootfs.sh BINARY DIR: the image's whole filesystem in DIR: BINARY stripped as /sockguard, the shared
# libraries it links (ldd) and their loader, CA certificates, and presets/*.yaml as /etc/sockguard/<name>.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1 root=$2
rm -rf "$root"
mkdir -p "$root/etc/sockguard" "$root/etc/ssl/certs" "$root/tmp"
chmod 1777 "$root/tmp"
strip -o "$root/sockguard" "$binary" 2>/dev/null || cp "$binary" "$root/sockguard"
for lib in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/" 2>/dev/null || true
cp presets/*.yaml "$root/etc/sockguard/"
