"""Lazy freeing over the wire: FLUSHALL/FLUSHDB ASYNC and lazyfree-lazy-user-flush, the INFO counters
(compared with redis-server 7.0.15 step by step), the memory given back (by the loop's slices or the lazyfree
thread), big collections freed in slices while the server is idle, and a clean exit with frees still queued.
Per-value policy is tested in tests/unit/core_lazyfree_test.cc."""
import os
import signal
import time

from servers import start_redis

ASAN = os.environ.get("RINGKV_ASAN") == "1"


def lazy_counters(c):
    info = c.info("memory")
    return info["lazyfree_pending_objects"], info["lazyfreed_objects"]


def drained(c, timeout_s=20.0):
    """The counters once nothing is pending (the thread finished), polling with a bound."""
    deadline = time.time() + timeout_s
    while True:
        pending, freed = lazy_counters(c)
        if pending == 0 or time.time() > deadline:
            return pending, freed
        time.sleep(0.01)


def flush_script(c):
    """The same steps on either server; returns (pending, freed) after each."""
    out = []
    assert c.config_resetstat()
    out.append(drained(c))
    c.execute_command("DEBUG", "POPULATE", "20000")
    c.select(1)
    c.execute_command("DEBUG", "POPULATE", "500")
    assert c.execute_command("FLUSHALL", "ASYNC") in (b"OK", True)
    # The loop serves at once, the flushed names included.
    assert c.dbsize() == 0
    assert c.set("key:1", "new")
    assert c.get("key:1") == b"new"
    out.append(drained(c))
    assert c.execute_command("FLUSHDB", "ASYNC") in (b"OK", True)
    out.append(drained(c))
    assert c.config_set("lazyfree-lazy-user-flush", "yes")
    c.execute_command("DEBUG", "POPULATE", "100")
    assert c.execute_command("FLUSHDB") in (b"OK", True)
    out.append(drained(c))
    c.execute_command("DEBUG", "POPULATE", "100")
    assert c.execute_command("FLUSHALL", "SYNC") in (b"OK", True)
    out.append(drained(c))
    assert c.config_set("lazyfree-lazy-user-flush", "no")
    c.execute_command("DEBUG", "POPULATE", "100")
    assert c.execute_command("FLUSHALL") in (b"OK", True)
    out.append(drained(c))
    # Strings are one allocation: UNLINK frees them at once.
    c.set("s", "x" * 1000)
    assert c.unlink("s") == 1
    out.append(drained(c))
    assert c.config_resetstat()
    out.append(drained(c))
    return out


def test_flush_counters_match_redis(fresh_ringkv):
    srv = fresh_ringkv()
    ref = start_redis()
    try:
        ours = flush_script(srv.client())
        theirs = flush_script(ref.client())
    finally:
        ref.cleanup()
    assert ours == theirs
    assert ours == [(0, 0), (0, 20500), (0, 20501), (0, 20601), (0, 20601), (0, 20601), (0, 20601), (0, 0)]


def set_unlink_script(c):
    """Sets of each encoding and size, removed in the ways that may free lazily; (pending, freed) after each."""
    out = []
    assert c.config_resetstat()
    c.sadd("big", *[f"m{i}" for i in range(200)])   # hashtable, 200 members: above the threshold of 64
    c.sadd("small", *[f"m{i}" for i in range(10)])  # hashtable, 10 members: freed at once
    c.sadd("ints", *range(400))                     # intset: one allocation, freed at once
    for key in ("big", "small", "ints"):
        assert c.unlink(key) == 1
        out.append(drained(c))
    c.sadd("big", *[f"m{i}" for i in range(200)])
    assert c.delete("big") == 1                     # DEL frees at once unless lazyfree-lazy-user-del
    out.append(drained(c))
    assert c.config_set("lazyfree-lazy-user-del", "yes")
    c.sadd("big", *[f"m{i}" for i in range(200)])
    assert c.delete("big") == 1
    out.append(drained(c))
    c.sadd("big", *[f"m{i}" for i in range(200)])
    c.set("big", "overwritten")                     # an overwrite frees the old value at once by default
    out.append(drained(c))
    assert c.config_set("lazyfree-lazy-user-del", "no")
    return out


def test_set_unlink_counters_match_redis(fresh_ringkv):
    srv = fresh_ringkv()
    ref = start_redis()
    try:
        ours = set_unlink_script(srv.client())
        theirs = set_unlink_script(ref.client())
    finally:
        ref.cleanup()
    assert ours == theirs
    assert ours == [(0, 1), (0, 1), (0, 1), (0, 1), (0, 2), (0, 2)]


def test_memory_freed_by_the_thread_leaves_used_memory(fresh_ringkv):
    srv = fresh_ringkv()
    c = srv.client()
    base = c.info("memory")["used_memory"]
    c.execute_command("DEBUG", "POPULATE", "300000", "key", "100")
    grown = c.info("memory")["used_memory"] - base
    assert grown > 300000 * 100
    assert c.execute_command("FLUSHALL", "ASYNC") in (b"OK", True)
    assert c.ping()
    assert drained(c) == (0, 300000)
    # Frees on the lazyfree thread are counted like the loop's (core/alloc_counting.cc).
    left = c.info("memory")["used_memory"] - base
    assert ASAN or left < grown // 20, f"{left} of {grown} bytes still counted"


def test_exit_with_frees_still_queued_is_clean(fresh_ringkv):
    for how in ("shutdown", "sigterm"):
        srv = fresh_ringkv()
        c = srv.client()
        c.execute_command("DEBUG", "POPULATE", "500000")
        assert c.execute_command("FLUSHALL", "ASYNC") in (b"OK", True)
        if how == "shutdown":
            try:
                c.shutdown(nosave=True)
            except Exception:
                pass  # the connection closes without a reply
            srv.proc.wait(timeout=30)
            rc = srv.stop()
        else:
            rc = srv.stop(signal.SIGTERM, timeout_s=30)
        # Under the sanitizer build LeakSanitizer would turn a leak into a non-zero status.
        assert rc == 0, srv.log()
        assert "ready to exit" in srv.log()


def test_big_collections_are_freed_in_slices_while_idle(fresh_ringkv):
    """A hashtable hash, a hashtable set and a skiplist are freed on the loop in slices; the loop keeps
    turning with no traffic until they are gone (one INFO after a pause sees nothing pending)."""
    srv = fresh_ringkv()
    c = srv.client()
    base = c.info("memory")["used_memory"]
    n = 200000
    p = c.pipeline(transaction=False)
    for i in range(0, n, 2000):
        p.hset("h", mapping={f"field:{j}": "v" for j in range(i, i + 2000)})
        p.sadd("s", *[f"member:{j}" for j in range(i, i + 2000)])
        p.zadd("z", {f"m{j}": j for j in range(i, i + 2000)})
    p.execute()
    assert [c.object("encoding", k) for k in ("h", "s", "z")] == [b"hashtable", b"hashtable", b"skiplist"]
    grown = c.info("memory")["used_memory"] - base
    assert grown > 3 * n * 32
    assert c.config_resetstat()
    assert c.unlink("h", "s", "z") == 3
    assert c.ping()
    time.sleep(5.0 if ASAN else 1.5)  # ~600k elements in 0.5 ms slices: ~100 ms of work, with nobody asking
    info = c.info("memory")
    assert (info["lazyfree_pending_objects"], info["lazyfreed_objects"]) == (0, 3)
    left = info["used_memory"] - base
    assert ASAN or left < grown // 20, f"{left} of {grown} bytes still counted"
