"""A slow disk under the AOF, made with ringkv's hidden test knob `aof-fsync-delay` (microseconds of ring
timeout before each fsync; the loop keeps serving meanwhile):
- appendfsync always: the writer's reply and a read of the key it wrote wait for the fsync; a read of a key
  already on disk is answered at once, while the fsync is still in flight;
- appendfsync everysec: writes keep being answered while an fsync takes seconds; after two seconds the
  buffer is written anyway and counted in aof_delayed_fsync with Redis's log line; INFO's aof_fsync_lag_*
  show how far the disk is behind and return to 0 once it has caught up.
Ordering, not durations, is asserted: a held reply has not arrived while an unheld one has."""
import socket
import time

from servers import start_ringkv


def resp(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_reply(s, timeout_s):
    """One whole simple/bulk reply (enough here), or None when nothing arrived within timeout_s."""
    s.settimeout(timeout_s)
    buf = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
            if buf.startswith(b"$") and b"\r\n" in buf:
                n = int(buf[1:buf.index(b"\r\n")])
                if n < 0 or len(buf) >= buf.index(b"\r\n") + 2 + n + 2:
                    return buf
            elif buf.endswith(b"\r\n"):
                return buf
    except socket.timeout:
        return buf or None


def test_always_holds_the_writer_and_readers_of_its_key_not_other_reads():
    rk = start_ringkv("--appendonly", "yes", "--appendfsync", "always")
    try:
        c = rk.client()
        c.set("ondisk", "old")
        assert c.config_set("aof-fsync-delay", 1500000)  # 1.5 s before each fsync from now on
        writer, reader, other = connect(rk.port), connect(rk.port), connect(rk.port)
        try:
            writer.sendall(resp("SET", "k", "v1"))
            time.sleep(0.1)  # the SET has run; its fsync waits out the delay
            reader.sendall(resp("GET", "k"))
            other.sendall(resp("GET", "ondisk"))
            # The read of a synced key is answered while the fsync is in flight...
            assert read_reply(other, 1.0) == b"$3\r\nold\r\n"
            # ... and at that moment neither the writer nor the reader of its key has heard back.
            assert read_reply(writer, 0.05) is None
            assert read_reply(reader, 0.05) is None
            # Both once the fsync covers the write.
            assert read_reply(writer, 10) == b"+OK\r\n"
            assert read_reply(reader, 10) == b"$2\r\nv1\r\n"
        finally:
            for s in (writer, reader, other):
                s.close()
        assert c.config_set("aof-fsync-delay", 0)
        assert c.get("k") == b"v1"
    finally:
        rk.cleanup()


def test_always_a_second_write_of_the_same_turn_is_in_the_same_fsync():
    """Two writers whose SETs run while one fsync is delayed: both wait, and both are answered (group commit
    takes the second write into the next round; nothing is lost or reordered)."""
    rk = start_ringkv("--appendonly", "yes", "--appendfsync", "always")
    try:
        c = rk.client()
        assert c.config_set("aof-fsync-delay", 500000)
        a, b = connect(rk.port), connect(rk.port)
        try:
            a.sendall(resp("INCR", "n"))
            time.sleep(0.05)
            b.sendall(resp("INCR", "n"))
            assert read_reply(a, 0.05) is None and read_reply(b, 0.05) is None
            got = sorted([read_reply(a, 10), read_reply(b, 10)])
            assert got == [b":1\r\n", b":2\r\n"]
        finally:
            a.close()
            b.close()
        assert c.config_set("aof-fsync-delay", 0)
        rk.stop()
        rk2 = start_ringkv("--dir", rk.dir, "--appendonly", "yes")
        try:
            assert rk2.client().get("n") == b"2"
        finally:
            rk2.cleanup()
    finally:
        rk.cleanup()


def test_everysec_keeps_serving_through_a_slow_fsync_and_reports_the_lag():
    rk = start_ringkv("--appendonly", "yes", "--appendfsync", "everysec")
    try:
        c = rk.client()
        info = c.info("persistence")
        assert info["aof_fsync_lag_bytes"] == 0 and info["aof_fsync_lag_ms"] == 0
        assert c.config_set("aof-fsync-delay", 4000000)  # each fsync takes 4 s
        # Writes for ~3.5 s: every one is answered (the loop never waits for the disk), the fsync started in
        # the first second is still in flight, and after two seconds of postponing, the buffer is written
        # without waiting for it (Redis's rule).
        saw_lag = False
        deadline = time.time() + 3.5
        i = 0
        while time.time() < deadline:
            assert c.set(f"k{i}", "x" * 100)
            i += 1
            if i % 50 == 0:
                info = c.info("persistence")
                if info["aof_pending_bio_fsync"] == 1 and info["aof_fsync_lag_bytes"] > 0 and \
                        info["aof_fsync_lag_ms"] > 0:
                    saw_lag = True
            time.sleep(0.002)
        assert saw_lag
        info = c.info("persistence")
        assert info["aof_delayed_fsync"] >= 1
        assert "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without " \
               "waiting for fsync to complete, this may slow down Redis." in rk.log()
        # Back to a fast disk and no more writes: what is left is fsynced within a few seconds (as Redis,
        # the next everysec fsync comes without a new write) and the lag is back to 0.
        assert c.config_set("aof-fsync-delay", 0)
        deadline = time.time() + 15
        while time.time() < deadline:
            info = c.info("persistence")
            if info["aof_fsync_lag_bytes"] == 0:
                break
            time.sleep(0.2)
        assert info["aof_fsync_lag_bytes"] == 0 and info["aof_fsync_lag_ms"] == 0
        assert c.dbsize() == i
    finally:
        rk.cleanup()
