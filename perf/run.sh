#!/usr/bin/env bash
# Whole-server load runs of ringkv against Debian's redis-server on this machine, by mode:
#   rounds  requests/s, latency and server CPU per request of GET and SET at pipelines 1, 4, 16, 64 over TCP
#           and at 1 over a unix socket
#   growth  the longest PING while the keyspace grows to 10M keys
#   types   redis-benchmark's default test list (PING ... MSET) at pipelines 1 and 16
#   stall   the longest PING while a 1M-element list, hash, set, sorted set (and a 100 MB string) is deleted,
#           with DEL and with UNLINK
#   memory  memory per key of each data type (perf/memory.py's rows)
#   atomic  EVALSHA of a small script, MULTI/EXEC of 3 commands, PUBLISH to 1 and 100 subscribers (atomic.py)
#   persist SET under appendfsync everysec/always and without persistence, GET p99 of a mixed load under
#           always, time to load a 10M-key RDB, memory and GET p99 during a BGSAVE under writes (persist.py);
#           its AOF and RDB files go to OUT_DIR, which must not be tmpfs (see PERSIST_ALLOW_TMPFS)
#   repl    SET with 0, 1 and 2 replicas attached, a full sync of 5M keys (disk and diskless), a full sync under
#           a write load with a 64 MB replica buffer limit (repl.py); replicas share the client core
#   evict   hit rates of a Zipfian cache-aside trace under every maxmemory-policy (both servers in lockstep, the
#           same maxmemory, and ringkv again holding Redis's key count), SET while allkeys-lru evicts on most
#           writes at pipelines 1 and 16 (hitrate.py)
# Each mode writes its own perf/data/MODE.json; perf/RESULTS.md (a section per mode), perf/results.csv and
# the plots are rebuilt from all of them, so one mode never wipes another's figures. See perf/README.md.
#
#   perf/run.sh                 full run: every mode, over an hour
#   perf/run.sh MODE...         those modes only (e.g. perf/run.sh types stall)
#   perf/run.sh quick [MODE...] smoke test at small sizes (default: rounds); results stay in the work directory
#
# Environment (defaults): RINGKV_BIN (build/ringkv) REDIS_BIN (redis-server on PATH) ROUNDS (5)
# N (300000 requests at pipeline 1; deeper pipelines get up to 10x) PIPELINES (1,4,16,64) UNIX_PIPELINES (1)
# CLIENTS (50) GROW_KEYS (10000000) GROW_TIMEOUT (150 s per server) TYPES_ROUNDS (3) TYPES_N (100000)
# STALL_ROUNDS (3) STALL_ELEMENTS (1000000) MEMORY_SCALE (1) ATOMIC_ROUNDS (3) ATOMIC_N (100000)
# PERSIST_ROUNDS (3) PERSIST_N (200000) PERSIST_LOAD_KEYS (10000000) PERSIST_BGSAVE_KEYS (1000000)
# PERSIST_ALLOW_TMPFS (0) REPL_ROUNDS (3) REPL_N (200000) REPL_SYNC_KEYS (5000000) REPL_CONVERGE_TIMEOUT (180 s)
# EVICT_KEYS (1000000) EVICT_REQUESTS (2000000) EVICT_MAXMEMORY (48 MiB) EVICT_SET_ROUNDS (3) EVICT_SET_N (200000)
# SERVER_CORE (0) CLIENT_CORE (1)
# OUT_DIR (a new /tmp/ringkv-perf.XXXXXX: logs, raw JSON) RESULTS_DIR (perf/, or OUT_DIR for quick)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$ROOT"

QUICK=0
MODES=""
for arg in "$@"; do
  case "$arg" in
    quick) QUICK=1 ;;
    full|all) MODES="$MODES,rounds,growth,types,stall,memory,atomic,persist,repl,evict" ;;
    rounds|growth|types|stall|memory|atomic|persist|repl|evict) MODES="$MODES,$arg" ;;
    -h|--help|help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "usage: perf/run.sh [quick] [full|rounds|growth|types|stall|memory|atomic|persist|repl|evict]..." >&2; exit 2 ;;
  esac
done
if [ -z "$MODES" ]; then
  if [ "$QUICK" = 1 ]; then MODES=rounds; else MODES=rounds,growth,types,stall,memory,atomic,persist,repl,evict; fi
fi
MODES="${MODES#,}"
export MODES
if [ "$QUICK" = 1 ]; then
  # Small sizes: minutes, not half an hour. The figures are for checking the scripts, not for reading.
  ROUNDS=1
  N="${N:-50000}"
  GROW_KEYS="${GROW_KEYS:-1000000}"
  export TYPES_ROUNDS=1 TYPES_N="${TYPES_N:-20000}"
  export STALL_ROUNDS=1 STALL_ELEMENTS="${STALL_ELEMENTS:-100000}" STALL_STRING_MB="${STALL_STRING_MB:-10}"
  export MEMORY_SCALE="${MEMORY_SCALE:-0.02}"
  export ATOMIC_ROUNDS=1 ATOMIC_N="${ATOMIC_N:-20000}"
  export PERSIST_ROUNDS=1 PERSIST_N="${PERSIST_N:-30000}" PERSIST_MIXED_S="${PERSIST_MIXED_S:-2}"
  export PERSIST_LOAD_KEYS="${PERSIST_LOAD_KEYS:-1000000}" PERSIST_LOAD_ROUNDS=1
  export PERSIST_BGSAVE_KEYS="${PERSIST_BGSAVE_KEYS:-200000}" PERSIST_BGSAVE_ROUNDS=1
  export REPL_ROUNDS=1 REPL_N="${REPL_N:-30000}" REPL_SYNC_KEYS="${REPL_SYNC_KEYS:-200000}" REPL_SYNC_ROUNDS=1
  export REPL_CONVERGE_TIMEOUT="${REPL_CONVERGE_TIMEOUT:-60}"
  export EVICT_KEYS="${EVICT_KEYS:-200000}" EVICT_REQUESTS="${EVICT_REQUESTS:-300000}"
  export EVICT_MAXMEMORY="${EVICT_MAXMEMORY:-12582912}" EVICT_SET_ROUNDS=1 EVICT_SET_N="${EVICT_SET_N:-30000}"
  export EVICT_SET_MAXMEMORY="${EVICT_SET_MAXMEMORY:-16777216}" EVICT_SET_FILL="${EVICT_SET_FILL:-400000}"
  export QUIET_WAIT="${QUIET_WAIT:-5}"
fi

PYTHON="${PYTHON:-/usr/bin/python3}"
export PYTHONDONTWRITEBYTECODE=1

# --- dependencies: Debian packages only, installed when missing and we are root -------------------------
missing=()
command -v redis-server    >/dev/null || missing+=(redis-server)
command -v redis-benchmark >/dev/null || missing+=(redis-tools)
command -v redis-cli       >/dev/null || missing+=(redis-tools)
command -v taskset         >/dev/null || missing+=(util-linux)
command -v chrt            >/dev/null || missing+=(util-linux)
[ -x "$PYTHON" ]                     || missing+=(python3)
if ! command -v gnuplot >/dev/null && ! "$PYTHON" -c 'import matplotlib' 2>/dev/null; then
  missing+=(gnuplot-nox)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${missing[@]}" ||
      { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
  else
    echo "missing Debian packages: ${missing[*]} (run as root to install them, or apt-get install them)" >&2
    exit 1
  fi
fi
if command -v gnuplot >/dev/null && ! gnuplot -e 'set terminal' 2>&1 | grep -qw pngcairo; then
  echo "gnuplot lacks the pngcairo terminal; install gnuplot-nox (or python3-matplotlib)" >&2
  exit 1
fi
# Debian's package starts a redis-server service on 6379; it does not matter (ours use free ports), but it
# idles on the same cores, so say so.
if pgrep -x redis-server >/dev/null 2>&1; then
  echo "note: other redis-server processes are running (pids $(pgrep -x redis-server | tr '\n' ' ')); they are left alone"
fi

# --- the servers -----------------------------------------------------------------------------------------
export RINGKV_BIN="${RINGKV_BIN:-build/ringkv}"
export REDIS_BIN="${REDIS_BIN:-$(command -v redis-server)}"
if [ ! -x "$RINGKV_BIN" ]; then
  echo "ringkv binary not found at $RINGKV_BIN: build it first (or set RINGKV_BIN)" >&2
  exit 1
fi
export SERVER_CORE="${SERVER_CORE:-0}" CLIENT_CORE="${CLIENT_CORE:-1}"
if [ "$(nproc)" -lt 2 ] && [ "$SERVER_CORE" != "$CLIENT_CORE" ]; then
  echo "need two cores (server on $SERVER_CORE, client on $CLIENT_CORE); this machine has $(nproc)" >&2
  exit 1
fi

export OUT_DIR="${OUT_DIR:-$(mktemp -d /tmp/ringkv-perf.XXXXXX)}"
mkdir -p "$OUT_DIR"
export PID_FILE="$OUT_DIR/servers.pids"
: > "$PID_FILE"
if [ "$QUICK" = 1 ]; then
  RESULTS_DIR="${RESULTS_DIR:-$OUT_DIR}"
else
  RESULTS_DIR="${RESULTS_DIR:-$HERE}"
fi
# A redis-vs-redis run (RINGKV_BIN pointing at redis-server, to test these scripts) must never be mistaken
# for ringkv's figures: keep it out of perf/.
if [ "$(realpath "$RINGKV_BIN")" = "$(realpath "$REDIS_BIN")" ] ||
   timeout 5 "$RINGKV_BIN" --version 2>/dev/null | grep -q '^Redis server'; then
  if [ "$(realpath -m "$RESULTS_DIR")" = "$HERE" ]; then
    echo "note: RINGKV_BIN is a redis-server: results go to $OUT_DIR, not perf/"
    RESULTS_DIR="$OUT_DIR"
  fi
fi
# Measure a private copy: the integrator may rebuild build/ringkv while the run is going on, and every round
# must run the same build.
export RINGKV_SOURCE="$RINGKV_BIN"
cp "$RINGKV_BIN" "$OUT_DIR/ringkv-under-test"
RINGKV_BIN="$OUT_DIR/ringkv-under-test"
export ROUNDS="${ROUNDS:-5}" N="${N:-300000}" GROW_KEYS="${GROW_KEYS:-10000000}"

# Servers are stopped whatever happens: bench.py stops each one after use, and this trap kills any pid it
# left in PID_FILE (a crash, a signal) if that pid is still one of our server binaries.
BENCH_PID=""
cleanup() {
  local rc=$?
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -s "$PID_FILE" ]; then
    while read -r pid; do
      [ -n "$pid" ] || continue
      exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
      if [ -n "$exe" ] && { [ "$exe" = "$(realpath "$RINGKV_BIN")" ] || [ "$exe" = "$(realpath "$REDIS_BIN")" ]; }; then
        kill -TERM "$pid" 2>/dev/null || true
        sleep 0.5
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done < "$PID_FILE"
  fi
  rm -f "$OUT_DIR/ringkv-under-test"  # logs and raw results stay; the 10+ MB copy need not
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

QUICK_NOTE=""
[ "$QUICK" = 1 ] && QUICK_NOTE=" (quick)"
echo "ringkv: $RINGKV_SOURCE   redis: $REDIS_BIN   modes: $MODES$QUICK_NOTE   work dir: $OUT_DIR"
# The driver itself sits on the client core, so nothing of ours but the server ever runs on the server's.
taskset -c "$CLIENT_CORE" "$PYTHON" "$HERE/bench.py" &
BENCH_PID=$!
bench_rc=0
wait "$BENCH_PID" || bench_rc=$?
BENCH_PID=""
# A mode that could not run (a server that did not start) leaves no JSON; the others are reported.
if ! ls "$OUT_DIR"/data/*.json >/dev/null 2>&1; then
  echo "the benchmark failed; nothing written to $RESULTS_DIR (log: $OUT_DIR/bench.log)" >&2
  exit 1
fi
"$PYTHON" "$HERE/report.py" "$OUT_DIR" "$RESULTS_DIR"
echo "results: $RESULTS_DIR/RESULTS.md (raw data and logs in $OUT_DIR)"
if [ "$bench_rc" != 0 ]; then
  echo "some modes did not run (log: $OUT_DIR/bench.log)" >&2
  exit 1
fi
