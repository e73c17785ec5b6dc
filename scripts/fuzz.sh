#!/usr/bin/env bash
# fuzz.sh TARGET SECONDS: runs one libFuzzer target (path, json, decider, libpod, yaml, redaction, inspectors,
# archive; Fuzz/) for SECONDS, starting from the seeds checked in under Fuzz/corpus/TARGET (copied, so the run's
# finds stay in .build/fuzz/corpus). Exits non-zero when a property is violated; the input is written to
# .build/fuzz/artifacts/. `fuzz.sh all SECONDS` runs each.
#
# The targets are compiled with SockguardPolicy's and SockguardConfig's sources into one module (swiftc
# -sanitize=fuzzer,address; libyaml itself is the system's, uninstrumented), so they see their internals; the binary
# is rebuilt when a source is newer.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz.sh path|json|decider|libpod|yaml|redaction|inspectors|archive|all SECONDS}
seconds=${2:-60}
out=.build/fuzz
binary=$out/sockguard-fuzz
mkdir -p "$out/artifacts"
folders=(Sources/SockguardPolicy Sources/SockguardConfig Fuzz)
sources=$(find "${folders[@]}" -name '*.swift' | sort)
if [ ! -x "$binary" ] || [ -n "$(find "${folders[@]}" -name '*.swift' -newer "$binary" | head -1)" ]; then
    echo "fuzz: building $binary" >&2
    # shellcheck disable=SC2086
    swiftc -module-name SockguardPolicy -parse-as-library -O -sanitize=fuzzer,address \
        -I Sources/CZlib -I Sources/CYAML $sources -o "$binary" 2> >(grep -v "ignoring import" >&2)
fi
run() {
    local name=$1
    mkdir -p "$out/corpus/$name"
    cp -n "Fuzz/corpus/$name"/* "$out/corpus/$name/" 2>/dev/null || true
    echo "fuzz: $name for ${seconds}s" >&2
    local log="$out/$name.log" status=0
    SOCKGUARD_FUZZ_TARGET=$name "$binary" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$name-" "$out/corpus/$name" >"$log" 2>&1 || status=$?
    tail -n 12 "$log"
    if [ "$status" != 0 ]; then
        # The backtrace's source excerpts bury the reason: name it (the whole run is in $log).
        grep -a -m 3 -E "property violated|ERROR: AddressSanitizer|Fatal error" "$log" >&2 || true
    fi
    return "$status"
}
if [ "$target" = all ]; then
    for name in path json decider libpod yaml redaction inspectors archive; do run "$name"; done
else
    run "$target"
fi
