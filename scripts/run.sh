#!/usr/bin/env bash
# Installs what is missing, builds, and runs ringkv in the foreground on 127.0.0.1:6379.
# Extra arguments go to ringkv (a config file and/or --directive value pairs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build.sh release
exec build/ringkv "$@"
