#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: GoogleTest units and the integration suite against
# the real binary (Release build), then the unit tests and the integration suite again under
# AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
stamp() { echo "=== $1 ($(( $(date +%s) - t0 )) s since the start)"; }
scripts/deps.sh test
stamp "building (release)"
# No debug info: the tests only run this build, and -g slows the build (CI has 25 minutes on 2 cores).
RINGKV_DEBUG_INFO=${RINGKV_DEBUG_INFO:-OFF} scripts/build.sh release
stamp "release build: unit + integration tests"
(cd build && ctest --output-on-failure --timeout 1200 -j 2)
if [[ ${RINGKV_SKIP_ASAN:-0} != 1 ]]; then
  stamp "building (AddressSanitizer/UBSan)"
  scripts/build.sh asan
  stamp "AddressSanitizer/UBSan build: unit + integration tests"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && RINGKV_ASAN=1 ctest --output-on-failure --timeout 1500 -j 2)
fi
stamp "all tests passed"
