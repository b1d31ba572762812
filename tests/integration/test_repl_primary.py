"""ringkv as a replication primary: Debian's redis-server follows it (full sync from disk and diskless, partial
resync after a dropped link, a full one outside the backlog window), the stream a SYNC client reads equals
redis-server's for the same commands, WAIT, the replica output limit, min-replicas-to-write. Every server
binds 127.0.0.1 on a free port and is stopped by PID; every wait has a deadline."""
import os
import re
import signal
import socket
import threading
import time

import pytest
import redis

from datasets import FAR_MS, LIB, add_every_encoding, keyspace
from servers import start_redis, start_ringkv


def wait_for(pred, what, timeout_s=30.0, interval_s=0.05):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if pred():
            return
        time.sleep(interval_s)
    raise AssertionError(f"timed out waiting for {what}")


def synced(primary_client, replica_client):
    ri = replica_client.info("replication")
    if ri.get("master_link_status") != "up":
        return False
    return ri["master_repl_offset"] == primary_client.info("replication")["master_repl_offset"]


@pytest.fixture
def servers():
    """Starts servers on demand and stops every one of them, also when the test fails."""
    started = []

    def make(kind, *args):
        s = (start_ringkv if kind == "ringkv" else start_redis)(*args)
        started.append(s)
        return s

    yield make
    for s in started:
        s.cleanup()


def start_replica(servers, primary, *args):
    return servers("redis", "--replicaof", "127.0.0.1", str(primary.port), *args)


def fill(c):
    p = c.pipeline(transaction=False)
    add_every_encoding(p, big=False)
    p.set("ttl:key", "v")
    p.pexpireat("ttl:key", FAR_MS)
    p.execute()
    c.execute_command("SELECT", 3)
    c.set("in:db3", "three")
    c.execute_command("SELECT", 0)
    c.execute_command("FUNCTION", "LOAD", LIB)


@pytest.mark.parametrize("diskless,load", [("no", "disabled"), ("yes", "disabled"), ("yes", "swapdb"),
                                           ("no", "swapdb")])
def test_full_sync_then_stream(servers, diskless, load):
    primary = servers("ringkv", "--repl-diskless-sync", diskless, "--repl-diskless-sync-delay", "0")
    p = primary.client()
    fill(p)
    replica = start_replica(servers, primary, "--repl-diskless-load", load)
    r = replica.client()
    wait_for(lambda: synced(p, r), "the replica's full sync")
    assert keyspace(r) == keyspace(p)
    # Writes under way after the sync arrive through the stream.
    p.set("after", "sync", ex=1000)
    p.incrbyfloat("float", 1.5)
    p.lpush("list:small", "new")
    p.hset("hash:big", "field-0", "changed")
    p.zincrby("zset:small", 2.5, "m1")
    p.srem("set:int", 3)
    p.execute_command("SELECT", 5)
    p.set("db5", "x")
    p.execute_command("SELECT", 0)
    p.eval("redis.call('set', KEYS[1], 'e'); redis.call('incr', KEYS[2])", 2, "ev", "cnt")
    p.delete("str:raw")
    wait_for(lambda: synced(p, r), "the stream to reach the replica")
    assert keyspace(r) == keyspace(p)
    info = p.info("replication")
    assert info["connected_slaves"] == 1
    assert info["slave0"]["state"] == "online" and info["slave0"]["port"] == replica.port
    assert p.info("stats")["sync_full"] == 1
    role = p.execute_command("ROLE")
    assert role[0] == b"master" and role[2] == [[b"127.0.0.1", str(replica.port).encode(), role[2][0][2]]]
    target = "replicas sockets" if diskless == "yes" else "disk"
    assert f"Starting BGSAVE for SYNC with target: {target}" in primary.log()
    assert f"Synchronization with replica 127.0.0.1:{replica.port} succeeded" in primary.log()


def test_partial_resync_after_link_drop(servers):
    primary = servers("ringkv")
    p = primary.client()
    fill(p)
    replica = start_replica(servers, primary)
    r = replica.client()
    wait_for(lambda: synced(p, r), "the full sync")
    assert p.execute_command("CLIENT", "KILL", "TYPE", "replica") == 1
    p.set("while", "down")
    p.rpush("list:small", "more")
    wait_for(lambda: p.info("stats")["sync_partial_ok"] == 1, "the partial resync")
    wait_for(lambda: synced(p, r), "the replica to catch up")
    assert keyspace(r) == keyspace(p)
    stats = p.info("stats")
    assert (stats["sync_full"], stats["sync_partial_ok"], stats["sync_partial_err"]) == (1, 1, 0)
    assert "Successful partial resynchronization with master." in replica.log()
    assert f"Connection with replica 127.0.0.1:{replica.port} lost." in primary.log()
    assert re.search(r"Partial resynchronization request from 127\.0\.0\.1:\d+ accepted\. Sending \d+ bytes of "
                     r"backlog starting from offset \d+\.", primary.log())


def test_full_resync_outside_backlog(servers):
    primary = servers("ringkv", "--repl-backlog-size", "16384")
    p = primary.client()
    p.set("k", "v")
    replica = start_replica(servers, primary)
    r = replica.client()
    wait_for(lambda: synced(p, r), "the full sync")
    # The replica sleeps while its link is cut and the primary writes past its backlog.
    os.kill(replica.proc.pid, signal.SIGSTOP)
    try:
        assert p.execute_command("CLIENT", "KILL", "TYPE", "replica") == 1
        for i in range(20):
            p.set(f"big:{i}", "x" * 4096)
    finally:
        os.kill(replica.proc.pid, signal.SIGCONT)
    wait_for(lambda: p.info("stats")["sync_full"] == 2, "the second full sync")
    wait_for(lambda: synced(p, r), "the replica to catch up")
    assert keyspace(r) == keyspace(p)
    stats = p.info("stats")
    assert (stats["sync_partial_ok"], stats["sync_partial_err"]) == (0, 1)
    assert "Unable to partial resync with replica" in primary.log()


class RawReplica:
    """A SYNC client on a plain socket: reads the RDB payload, then the stream bytes as they come."""

    def __init__(self, port, command=b"SYNC\r\n"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(command)
        self.buf = b""

    def _fill(self, deadline):
        self.sock.settimeout(max(0.01, deadline - time.time()))
        data = self.sock.recv(1 << 16)
        if not data:
            raise AssertionError("connection closed")
        self.buf += data

    def read_rdb(self, timeout_s=30):
        deadline = time.time() + timeout_s
        while True:  # keep-alive newlines come first while the snapshot is made
            while b"\n" not in self.buf:
                self._fill(deadline)
            if self.buf.startswith(b"\n"):
                self.buf = self.buf[1:]
                continue
            line, self.buf = self.buf.split(b"\r\n", 1)
            assert line.startswith(b"$"), line
            n = int(line[1:])
            while len(self.buf) < n:
                self._fill(deadline)
            rdb, self.buf = self.buf[:n], self.buf[n:]
            return rdb

    def read_until(self, marker, timeout_s=10):
        deadline = time.time() + timeout_s
        while marker not in self.buf:
            self._fill(deadline)
        end = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def close(self):
        self.sock.close()


def stream_for_commands(server):
    """The bytes a SYNC client reads after the RDB while a fixed command sequence runs."""
    # The replication cron pings replicas on its first round (and then every repl-ping-replica-period):
    # attach after that round, so neither server puts a PING in the stream.
    c = server.client(single_connection_client=True)
    wait_for(lambda: c.info("server")["uptime_in_seconds"] >= 2, "the first replication cron round")
    raw = RawReplica(server.port)
    try:
        raw.read_rdb()
        c.set("k1", "v1", ex=100)
        c.incrbyfloat("f", 1.5)
        c.expire("k1", 200)
        tx = c.pipeline(transaction=True)
        tx.set("a", 1)
        tx.incr("a")
        tx.execute()
        c.eval("redis.call('set', KEYS[1], 'x'); redis.call('incr', 'cnt')", 1, "ek")
        c.publish("ch", "hello")
        c.set("lazy", "v", px=50)
        time.sleep(0.2)
        c.get("lazy")
        c.execute_command("SELECT", 1)
        c.set("x", "y")
        c.execute_command("SELECT", 0)
        c.set("y", "z")
        c.lpush("l", "a", "b")
        c.flushall()
        c.set("end", "marker")
        return raw.read_until(b"$3\r\nend\r\n$6\r\nmarker\r\n")
    finally:
        raw.close()


def test_stream_matches_redis(servers):
    args = ("--repl-ping-replica-period", "3600")
    ours = stream_for_commands(servers("ringkv", *args))
    theirs = stream_for_commands(servers("redis", *args))
    mask = lambda b: re.sub(rb"\$13\r\n\d{13}\r\n", b"$13\r\n<ms>\r\n", b)  # PXAT / PEXPIREAT times
    assert mask(ours) == mask(theirs)
    assert ours.startswith(b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*5\r\n$3\r\nSET\r\n$2\r\nk1\r\n")


def test_wait(servers):
    primary = servers("ringkv")
    p = primary.client()
    p.set("k", "v")
    # No replica: WAIT times out with 0, and not before its timeout.
    t0 = time.time()
    assert p.wait(1, 200) == 0
    assert time.time() - t0 >= 0.19
    r1 = start_replica(servers, primary)
    r2 = start_replica(servers, primary)
    wait_for(lambda: p.info("replication")["connected_slaves"] == 2 and
             all(p.info("replication")[f"slave{i}"]["state"] == "online" for i in range(2)), "two online replicas")
    p.set("k", "v2")
    t0 = time.time()
    assert p.wait(1, 5000) >= 1
    assert p.wait(2, 5000) == 2
    assert time.time() - t0 < 2  # the GETACK makes them answer at once, not at their next second
    assert p.wait(3, 300) == 2
    # A replica that does not answer: WAIT counts the one that did once the timeout passes.
    os.kill(r2.proc.pid, signal.SIGSTOP)
    try:
        p.set("k", "v3")
        t0 = time.time()
        assert p.wait(2, 500) == 1
        assert time.time() - t0 >= 0.49
    finally:
        os.kill(r2.proc.pid, signal.SIGCONT)
    # Inside MULTI WAIT does not block.
    tx = p.pipeline(transaction=True)
    tx.wait(5, 0)
    assert tx.execute()[0] <= 2
    wait_for(lambda: synced(p, r1.client()) and synced(p, r2.client()), "both replicas to catch up")


def test_replica_output_limit(servers):
    primary = servers("ringkv", "--client-output-buffer-limit", "replica 1mb 0 0")
    p = primary.client()
    raw = RawReplica(primary.port, b"PSYNC ? -1\r\n")  # never reads
    try:
        wait_for(lambda: p.info("replication")["connected_slaves"] == 1, "the raw replica to attach")
        value = "v" * 100000
        for i in range(400):  # 40 MB: far past what the socket buffers absorb
            p.set(f"k{i % 10}", value)
            if p.info("replication")["connected_slaves"] == 0:
                break
        wait_for(lambda: p.info("replication")["connected_slaves"] == 0, "the replica to be cut off")
        assert re.search(r"Client id=\d+ addr=\S+ .*flags=S .* scheduled to be closed ASAP for overcoming of output "
                         r"buffer limits\.", primary.log())
    finally:
        raw.close()


def test_min_replicas_to_write(servers):
    primary = servers("ringkv")
    reference = servers("redis")
    p, ref = primary.client(), reference.client()
    for c in (p, ref):
        c.config_set("min-replicas-to-write", 1)
        wait_for(lambda: c.info("replication")["min_slaves_good_slaves"] == 0, "the good-replica count")
        with pytest.raises(redis.ResponseError) as e:
            c.set("k", "v")
        assert str(e.value) == "NOREPLICAS Not enough good replicas to write."
        with pytest.raises(redis.ResponseError, match="Not enough good replicas"):
            c.eval("return redis.call('set', 'k', 'v')", 0)
        assert c.get("k") is None  # reads still work
    # INFO replication's fields, in Redis's order (min_slaves_good_slaves after connected_slaves).
    assert list(p.info("replication")) == list(ref.info("replication"))
    replica = start_replica(servers, primary)
    wait_for(lambda: p.info("replication")["min_slaves_good_slaves"] == 1, "a good replica", timeout_s=30)
    assert p.set("k", "v")
    wait_for(lambda: synced(p, replica.client()), "the write to reach the replica")
    assert replica.client().get("k") == b"v"


def test_full_sync_of_200k_keys_under_writes(servers):
    primary = servers("ringkv", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0")
    p = primary.client()
    pipe = p.pipeline(transaction=False)
    for i in range(200000):
        pipe.set(f"key:{i}", f"value:{i}")
        if i % 10000 == 9999:
            pipe.execute()
    pipe.execute()
    stop = threading.Event()
    writes = [0]

    def writer():
        w = primary.client()
        i = 0
        while not stop.is_set():
            w.set(f"key:{(i * 7919) % 200000}", f"new:{i}")
            w.hset("hash:live", f"f{i % 500}", i)
            i += 1
        writes[0] = i

    t = threading.Thread(target=writer)
    t.start()
    try:
        replica = start_replica(servers, primary, "--repl-diskless-load", "disabled")
        r = replica.client()
        wait_for(lambda: r.info("replication").get("master_link_status") == "up", "the full sync", timeout_s=60)
        time.sleep(0.5)  # writes keep flowing through the stream after the sync
    finally:
        stop.set()
        t.join(timeout=30)
    assert writes[0] > 0
    wait_for(lambda: synced(p, r), "the replica to catch up", timeout_s=60)
    assert r.dbsize() == p.dbsize()
    keys = [f"key:{i}" for i in range(200000)]
    for j in range(0, len(keys), 5000):
        assert r.mget(keys[j:j + 5000]) == p.mget(keys[j:j + 5000])
    assert r.hgetall("hash:live") == p.hgetall("hash:live")


def test_diskless_sync_waits_for_max_replicas(servers):
    # A long delay, cut short once repl-diskless-sync-max-replicas replicas wait: one transfer serves both.
    primary = servers("ringkv", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "60",
                      "--repl-diskless-sync-max-replicas", "2")
    p = primary.client()
    fill(p)
    r1 = start_replica(servers, primary)
    wait_for(lambda: "Delay next BGSAVE for diskless SYNC" in primary.log(), "the first replica to wait")
    assert p.info("replication")["slave0"]["state"] == "wait_bgsave"
    r2 = start_replica(servers, primary)
    for r in (r1, r2):
        wait_for(lambda: synced(p, r.client()), "both replicas' full sync", timeout_s=20)
        assert keyspace(r.client()) == keyspace(p)
    assert primary.log().count("Starting BGSAVE for SYNC with target: replicas sockets") == 1
    assert p.info("stats")["sync_full"] == 2


def test_rdb_del_sync_files(servers):
    # Without persistence, the RDB written for a disk-target full sync does not stay behind.
    primary = servers("ringkv", "--repl-diskless-sync", "no", "--rdb-del-sync-files", "yes")
    p = primary.client()
    p.set("k", "v")
    replica = start_replica(servers, primary)
    wait_for(lambda: synced(p, replica.client()), "the full sync")
    wait_for(lambda: not os.path.exists(os.path.join(primary.dir, "dump.rdb")), "the sync RDB to be removed")
    assert "Removing the RDB file used to feed replicas in a persistence-less instance" in primary.log()
