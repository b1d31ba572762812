#!/usr/bin/env bash
# Installs the Debian packages ringkv needs to build, test and benchmark, when they are missing.
# Usage: scripts/deps.sh [build|test|perf]   (each includes the ones before it)
set -euo pipefail
what=${1:-build}
pkgs=(cmake ninja-build pkg-config g++ liburing-dev libmimalloc-dev libabsl-dev libgtest-dev libbenchmark-dev liblzf-dev
      liblua5.1-0-dev lua-cjson-dev lua-bitop-dev)
if [[ $what == test || $what == perf ]]; then
  pkgs+=(redis-server redis-tools redis-sentinel python3-redis python3-pytest)
fi
if [[ $what == perf ]]; then
  pkgs+=(redis-tools gnuplot-nox util-linux)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing missing packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  # No service start during install: the Debian redis-server package is only an oracle for the tests.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
