"""Loader and latency probe for the growth test (and the loader that fills the benchmark keyspace).

  growth.py load PORT COUNT TIMEOUT_S [KEY_FORMAT]
      SETs KEY_FORMAT % i for i in 0..COUNT-1 (16-byte values), in pipelines of BATCH commands with a few
      batches in flight, as fast as the server takes them; stops early at TIMEOUT_S. Prints one JSON object:
      keys acknowledged, seconds, errors, and (monotonic time, keys) checkpoints so a probe's spike can be
      placed at a key count.
  growth.py probe PORT [INTERVAL_MS] [all]
      On its own connection, sends PING every INTERVAL_MS (default 1) and times each reply, until SIGTERM;
      then prints one JSON object: samples, max, percentiles, counts over 1 and 2 ms, the worst spikes with
      their monotonic times (with `all`, every ping's: stall.py picks the ones around a delete). Run it
      with a real-time priority (chrt) on the client core so the loader sharing that core cannot delay
      it: then what it sees is the server's delay, not its own.

Why not DEBUG POPULATE: one DEBUG POPULATE of 10M keys blocks the server by itself, which would be the
largest spike measured. Why not redis-benchmark -r: random keys never reach exactly N distinct ones.
"""

import json
import os
import signal
import sys
import time
from array import array

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Conn  # noqa: E402

BATCH = int(os.environ.get("GROW_BATCH", "100"))
IN_FLIGHT = int(os.environ.get("GROW_IN_FLIGHT", "2"))  # batches sent before waiting for the oldest one's replies
VALUE = b"x" * 16  # what redis-benchmark -d 16 writes
OK = b"+OK\r\n"


def load(port, count, timeout_s, key_format="key:%012d"):
    conn = Conn(port)
    sock = conn.sock
    key_len = len(key_format % 0)
    fixed_width = all(len(key_format % i) == key_len for i in (0, max(count - 1, 0)))
    if fixed_width:
        # One %-format per batch: ~7M commands/s of generation, far above what a server ingests.
        one = (b"*3\r\n$3\r\nSET\r\n$%d\r\n" % key_len).decode() + key_format + \
              ("\r\n$%d\r\n%s\r\n" % (len(VALUE), VALUE.decode()))
    start = time.monotonic()
    deadline = start + timeout_s
    sent = acked = errors = 0
    pending = []  # reply byte counts of the batches in flight, oldest first
    buf = b""
    checkpoints = [(start, 0)]
    next_checkpoint = 100_000
    first_error = None

    def reap_one():
        nonlocal acked, errors, buf, first_error
        want = pending.pop(0)
        n_cmds = want // len(OK)
        while len(buf) < want:
            chunk = sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("server closed the connection during the load")
            buf += chunk
        part, buf = buf[:want], buf[want:]
        ok = part.count(OK)
        if ok != n_cmds:
            # An error reply is longer than +OK: fall back to parsing this batch exactly.
            conn.buf = part + buf
            buf = b""
            ok = 0
            for _ in range(n_cmds):
                r = conn.read_reply()
                if r == b"+OK":
                    ok += 1
                elif first_error is None:
                    first_error = r.decode(errors="replace") if isinstance(r, bytes) else repr(r)
            buf, conn.buf = conn.buf, b""
            errors += n_cmds - ok
        acked += ok

    while sent < count and time.monotonic() < deadline:
        n = min(BATCH, count - sent)
        if fixed_width:
            payload = ((one * n) % tuple(range(sent, sent + n))).encode()
        else:
            payload = b"".join(b"*3\r\n$3\r\nSET\r\n$%d\r\n%b\r\n$16\r\n%b\r\n" %
                               (len(k), k, VALUE) for k in
                               ((key_format % i).encode() for i in range(sent, sent + n)))
        sock.sendall(payload)
        sent += n
        pending.append(n * len(OK))
        if len(pending) >= IN_FLIGHT:
            reap_one()
        if acked >= next_checkpoint:
            checkpoints.append((time.monotonic(), acked))
            next_checkpoint += 100_000
    while pending:
        reap_one()
    end = time.monotonic()
    checkpoints.append((end, acked))
    conn.close()
    return {"keys_acked": acked, "keys_sent": sent, "errors": errors, "first_error": first_error,
            "seconds": end - start, "timed_out": sent < count, "start": start, "end": end,
            "checkpoints": checkpoints}


def probe(port, interval_ms=1.0, keep_all=False):
    stop = False

    def on_term(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    conn = Conn(port)
    sock = conn.sock
    lat_ms = array("d")
    times = array("d")
    interval = interval_ms / 1000.0
    nxt = time.monotonic()
    error = None
    while not stop:
        t0 = time.monotonic()
        try:
            sock.sendall(b"PING\r\n")
            got = b""
            while not got.endswith(b"\r\n"):
                chunk = sock.recv(64)
                if not chunk:
                    raise ConnectionError("server closed the probe connection")
                got += chunk
        except InterruptedError:
            continue
        except OSError as e:
            error = str(e)
            break
        t1 = time.monotonic()
        lat_ms.append((t1 - t0) * 1000.0)
        times.append(t0)
        nxt += interval
        delay = nxt - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            nxt = time.monotonic()  # a stall: do not fire a burst to catch up
    conn.close()
    ordered = sorted(lat_ms)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p / 100.0 * len(ordered)))] if ordered else None

    worst = sorted(range(len(lat_ms)), key=lambda i: lat_ms[i], reverse=True)[:20]
    extra = {"all": [(times[i], lat_ms[i]) for i in range(len(lat_ms))]} if keep_all else {}
    return {**extra, "samples": len(lat_ms), "max_ms": ordered[-1] if ordered else None,
            "p50_ms": pct(50), "p99_ms": pct(99), "p999_ms": pct(99.9),
            "over_1ms": sum(1 for x in lat_ms if x > 1.0), "over_2ms": sum(1 for x in lat_ms if x > 2.0),
            "worst": [(times[i], lat_ms[i]) for i in worst], "error": error}


def main(argv):
    if len(argv) >= 5 and argv[1] == "load":
        fmt = argv[5] if len(argv) > 5 else "key:%012d"
        print(json.dumps(load(int(argv[2]), int(argv[3]), float(argv[4]), fmt)))
    elif len(argv) >= 3 and argv[1] == "probe":
        print(json.dumps(probe(int(argv[2]), float(argv[3]) if len(argv) > 3 else 1.0,
                               keep_all=len(argv) > 4 and argv[4] == "all")))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
