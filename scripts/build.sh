#!/usr/bin/env bash
# Configures and builds ringkv. Usage: scripts/build.sh [release|asan]  -> build/ or build-asan/
# RINGKV_DEBUG_INFO=OFF builds the release without -g (the test script: faster to build, same code); unset, the
# build directory keeps what it had (ON at first).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-release}
jobs=$(nproc)
if [[ $mode == asan ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRINGKV_SANITIZE=ON -DRINGKV_BUILD_BENCH=OFF >/dev/null
  ninja -C build-asan -j "$jobs"
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${RINGKV_DEBUG_INFO:+-DRINGKV_DEBUG_INFO=$RINGKV_DEBUG_INFO} >/dev/null
  ninja -C build -j "$jobs"
fi
