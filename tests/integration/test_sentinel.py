"""Debian's redis-sentinel fails over a group of servers (issue 13): three sentinels monitor a primary with two
replicas; the primary is killed with SIGKILL under a write load whose writes are acknowledged with WAIT 1.
A replica must be promoted within down-after-milliseconds plus a few seconds, the other replica must follow
it with a partial resync (the promoted one keeps the old history as replid2), a client that asks Sentinel
for the primary must reach the new one, and every acknowledged write must be there.

Sentinel drives the servers with what it uses on Redis: INFO (master and replicas), PING, SUBSCRIBE and
PUBLISH on __sentinel__:hello, and for the failover MULTI + REPLICAOF + CONFIG REWRITE + CLIENT KILL TYPE
normal/pubsub + EXEC. The same scenario runs with redis-server in every role, as the reference."""
import os
import signal
import subprocess
import tempfile
import threading
import time
import shutil

import pytest
import redis
from redis.sentinel import Sentinel

from servers import free_port, start_redis, start_ringkv, stop_process, wait_through_errors as wait_for

DOWN_AFTER_MS = 1000
# Sentinel's failover after the primary is seen down: the quorum (SDOWN -> ODOWN), a leader election (which
# may take a retry with a random delay) and the promotion. A few seconds on a quiet machine.
FAILOVER_BUDGET_S = DOWN_AFTER_MS / 1000 + 12
STARTERS = {"redis": start_redis, "ringkv": start_ringkv}


class SentinelProcess:
    """One redis-sentinel on a free loopback port, in its own directory, stopped by its PID."""

    def __init__(self, master_port):
        self.dir = tempfile.mkdtemp(prefix="sentinel-test-")
        self.port = free_port()
        self.conf = os.path.join(self.dir, "sentinel.conf")
        with open(self.conf, "w") as f:
            f.write(f"port {self.port}\nbind 127.0.0.1\ndir {self.dir}\n"
                    f"sentinel monitor mymaster 127.0.0.1 {master_port} 2\n"
                    f"sentinel down-after-milliseconds mymaster {DOWN_AFTER_MS}\n"
                    "sentinel failover-timeout mymaster 20000\n"
                    "sentinel parallel-syncs mymaster 1\n")
        self.log_path = os.path.join(self.dir, "sentinel.log")
        self._log = open(self.log_path, "ab")
        exe = shutil.which("redis-sentinel") or "/usr/bin/redis-sentinel"
        self.proc = subprocess.Popen([exe, self.conf], stdout=self._log, stderr=subprocess.STDOUT, cwd=self.dir)
        wait_for(lambda: self.client().ping(), 10, f"sentinel on {self.port}")

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, decode_responses=True)

    def master(self):
        flat = self.client().execute_command("SENTINEL", "MASTER", "mymaster")
        return dict(zip(flat[::2], flat[1::2]))

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def cleanup(self):
        stop_process(self.proc)
        self._log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def info(server, section="replication"):
    return server.client(decode_responses=True, socket_timeout=2).info(section)


@pytest.fixture
def group(request):
    """A primary, two replicas and three sentinels of one kind; everything stopped afterwards."""
    started = []

    def make(kind):
        start = STARTERS[kind]
        # A config file each: Sentinel's CONFIG REWRITE must have somewhere to write.
        # No diskless delay: a full sync starts at once (the default waits 5 s for more replicas).
        primary = start("--repl-diskless-sync-delay", "0", conf="")
        started.append(primary)
        replicas = []
        for _ in range(2):
            rep = start("--repl-diskless-sync-delay", "0", "--replicaof", "127.0.0.1", str(primary.port), conf="")
            started.append(rep)
            replicas.append(rep)
        wait_for(lambda: info(primary)["connected_slaves"] == 2, 20, "two replicas attached")
        for rep in replicas:
            wait_for(lambda rep=rep: info(rep)["master_link_status"] == "up", 20, "replica link up")
        sentinels = []
        for _ in range(3):
            s = SentinelProcess(primary.port)
            started.append(s)
            sentinels.append(s)
        for s in sentinels:
            wait_for(lambda s=s: int(s.master()["num-slaves"]) == 2 and int(s.master()["num-other-sentinels"]) == 2,
                     30, "sentinels to discover the replicas and each other")
        return primary, replicas, sentinels

    yield make
    for p in started:
        p.cleanup()


@pytest.mark.parametrize("kind", ["redis", "ringkv"])
def test_sentinel_failover_keeps_acknowledged_writes(group, kind):
    primary, replicas, sentinels = group(kind)
    old_port = primary.port

    acked = []
    stop = threading.Event()

    def writer():
        c = primary.client(socket_timeout=2)
        i = 0
        while not stop.is_set():
            try:
                c.set(f"key:{i}", i)
                if c.execute_command("WAIT", 1, 1000) >= 1:
                    acked.append(i)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
                return
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        wait_for(lambda: len(acked) >= 200, 20, "acknowledged writes before the kill")
        primary.stop(sig=signal.SIGKILL)
        killed_at = time.time()
    finally:
        stop.set()
        t.join(10)

    def promoted():
        for s in sentinels:
            host, port = s.client().execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
            if int(port) != old_port:
                return int(port)
        return None

    new_port = wait_for(promoted, FAILOVER_BUDGET_S, "a sentinel to name a new primary")
    elapsed = time.time() - killed_at
    new_primary = next(r for r in replicas if r.port == new_port)
    other = next(r for r in replicas if r.port != new_port)
    wait_for(lambda: info(new_primary)["role"] == "master", 10, "the promoted replica to be a primary")
    assert elapsed < FAILOVER_BUDGET_S, elapsed

    # The other replica follows the new primary, continuing its history (the old primary's id is the new
    # primary's replid2): a partial resync, not a full one.
    wait_for(lambda: info(other).get("master_port") == new_port and info(other)["master_link_status"] == "up",
             30, "the other replica to follow the new primary")
    stats = info(new_primary, "stats")
    assert stats["sync_partial_ok"] >= 1, stats
    assert stats["sync_full"] == 0, stats
    assert info(new_primary)["master_replid2"] != "0" * 40

    # Sentinel rewrote the configs (CONFIG REWRITE inside its MULTI): the other replica's file names the new
    # primary, the promoted one's names none.
    with open(os.path.join(other.dir, "server.conf")) as f:
        assert f"replicaof 127.0.0.1 {new_port}" in f.read()
    with open(os.path.join(new_primary.dir, "server.conf")) as f:
        assert "replicaof" not in f.read()

    # A client that asks Sentinel for the primary reaches the new one and can write.
    sentinel = Sentinel([("127.0.0.1", s.port) for s in sentinels], socket_timeout=2)
    m = sentinel.master_for("mymaster", socket_timeout=2)
    m.set("after-failover", "1")
    assert m.execute_command("WAIT", 1, 5000) == 1

    # Every write acknowledged by a replica before the kill survived it.
    c = new_primary.client(decode_responses=True)
    pipe = c.pipeline(transaction=False)
    for i in acked:
        pipe.get(f"key:{i}")
    values = pipe.execute()
    missing = [i for i, v in zip(acked, values) if v != str(i)]
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged writes lost, e.g. {missing[:5]}"
