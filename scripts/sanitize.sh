#!/usr/bin/env bash
# sanitize.sh address|thread [FILTER]: builds the package and its tests with AddressSanitizer or ThreadSanitizer
# (in .build-asan or .build-tsan, so the normal build stays as it is) and runs the unit and proxy suites under it.
# FILTER defaults to the suites that need no daemon: the policy core, the configuration, and the proxy tests (which
# start the instrumented binary in front of recording upstreams). A sanitizer report fails the run: ASan aborts on
# the first error; TSan is told to exit non-zero (halt_on_error) so a data race is a failure, not a warning.
# COVERAGE=1 builds with coverage too, for scripts/coverage.sh SCRATCH afterwards (one build serves both in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer=${1:?usage: sanitize.sh address|thread [FILTER]}
filter=${2:-SockguardPolicyTests|SockguardConfigTests|SockguardProxyTests}
case "$sanitizer" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *) echo "sanitize.sh: address or thread, not $sanitizer" >&2; exit 2 ;;
esac
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
export SWIFT_BACKTRACE=enable=no
coverage=()
[ "${COVERAGE:-0}" = 1 ] && coverage=(--enable-code-coverage)
started=$(date +%s)
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" "${coverage[@]}"
built=$(date +%s)
echo "sanitize: built with $sanitizer in $((built - started)) s" >&2
swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --filter "$filter" "${coverage[@]}"
echo "sanitize: $sanitizer tests passed in $(($(date +%s) - built)) s" >&2
