#!/usr/bin/env bash
# coverage.sh [SCRATCH] [MINIMUM]: line coverage of SockguardPolicy and SockguardConfig from the last
# `swift test --enable-code-coverage` run in SCRATCH (default .build); fails when SockguardPolicy is under MINIMUM
# percent (default 90). .ci/run calls it after the AddressSanitizer run, which is built with coverage too.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-.build}
minimum=${2:-90}
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
profile=$bin/codecov/default.profdata
tests=$bin/sockguardPackageTests.xctest
# The toolchain's llvm-cov: an older system one cannot read the toolchain's profiles.
llvm_cov=$(dirname "$(readlink -f "$(command -v swift)")")/llvm-cov
[ -f "$profile" ] || { echo "coverage: no $profile; run swift test --enable-code-coverage first" >&2; exit 1; }
policy=
for module in SockguardPolicy SockguardConfig; do
    # TOTAL  regions missed cover  functions missed executed  lines missed cover ...
    line=$("$llvm_cov" report "$tests" -instr-profile="$profile" "Sources/$module" | awk '$1 == "TOTAL"')
    read -r _ _ _ regions _ _ functions lines missed cover _ <<<"$line"
    echo "coverage: $module lines $cover ($((lines - missed)) of $lines), regions $regions, functions $functions"
    [ "$module" = SockguardPolicy ] && policy=${cover%\%}
done
awk -v got="$policy" -v min="$minimum" 'BEGIN { exit !(got + 0 >= min + 0) }' \
    || { echo "coverage: SockguardPolicy lines $policy% is under $minimum%" >&2; exit 1; }
