#!/usr/bin/env bash
# Builds the release binary the way we ship and benchmark it: the Swift runtime and Foundation linked
# statically (only the pages the proxy touches become resident: ~21 MiB RSS instead of ~29 MiB with the shared
# libraries), a non-PIE executable (no load-time relocation of the whole binary), and no dynamic symbol table of
# its own symbols (the static stdlib's link arguments add -export-dynamic; nothing loads the binary's symbols by
# name, and without the export the linker can also drop the functions nothing calls: 3.7 MB less, stripped).
# Prints the binary's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
# The two C libraries the binary links (Sources/CZlib, Sources/CYAML): name the packages rather than fail in the compiler.
missing=()
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/yaml.h ] || missing+=(libyaml-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "build-release.sh: missing C headers; install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
fi
# libstdc++ statically too, the way -static-libstdc++ would (the static stdlib's link arguments name -lstdc++
# themselves, so a directory holding only libstdc++.a goes first on the search path): the Swift runtime uses a few
# dozen of its symbols (strings, exceptions, a red-black tree), 70 KB linked in, where the shared library is 2.2 MB
# of the image.
static_cxx=.build/static-libstdc++
archive=$(clang -print-file-name=libstdc++.a)
if [ ! -f "$archive" ]; then
    echo "build-release.sh: no libstdc++.a ($archive); install it with: apt-get install -y libstdc++-12-dev" >&2
    exit 1
fi
mkdir -p "$static_cxx"
ln -sf "$archive" "$static_cxx/libstdc++.a"
swift build -c release --product sockguard --static-swift-stdlib \
    -Xswiftc -Xclang-linker -Xswiftc -no-pie -Xlinker --no-export-dynamic \
    -Xlinker -L -Xlinker "$PWD/$static_cxx" >&2
echo "$(swift build -c release --show-bin-path)/sockguard"
