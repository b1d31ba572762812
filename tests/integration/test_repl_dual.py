"""Dual channel full sync between ringkv servers (issue 13's "beyond Redis 7.0"; core/repl/primary.h and
replica.h describe the protocol): the RDB goes on a second connection while the stream flows on the first and
waits on the replica, so a full sync converges under a write load that a Redis 7.0 style sync cannot survive
(its writes pile up in the primary's replica output buffer past client-output-buffer-limit, and it loops).

The plain protocol stays for Redis: a redis-server replica of ringkv never announces the capa, and a ringkv
replica of redis-server gets +FULLRESYNC as before (test_repl_primary.py / test_repl_replica.py, and the
first test here checks the counter stays at 0). Every wait is bounded; servers are stopped by PID."""
import re
import threading
import time

import pytest
import redis

from servers import start_redis, start_ringkv, wait_through_errors as wait_for


def info(server, section="replication"):
    return server.client(decode_responses=True, socket_timeout=10).info(section)


def in_sync(primary, replica):
    if info(replica).get("master_link_status") != "up":
        return False
    pc, rc = primary.client(socket_timeout=10), replica.client(socket_timeout=10)
    return (pc.dbsize() == rc.dbsize() and
            pc.execute_command("DEBUG", "DIGEST") == rc.execute_command("DEBUG", "DIGEST"))


def fill_types(c, n=2000):
    p = c.pipeline(transaction=False)
    for i in range(n):
        p.set(f"s:{i}", f"v{i}")
        if i % 10 == 0:
            p.hset(f"h:{i}", mapping={"a": i, "b": "x" * 20})
            p.rpush(f"l:{i}", *range(5))
            p.sadd(f"set:{i}", *range(5))
            p.zadd(f"z:{i}", {"m1": 1, "m2": 2.5})
            p.pexpire(f"s:{i}", 600000)
    p.execute()


class Writer:
    """Writes 1 KB values in pipelined batches from a thread until stopped, at most `rate_bytes_s`."""

    def __init__(self, server, rate_bytes_s=4 << 20, max_s=60):
        self.c = server.client(socket_timeout=10)
        self.rate = rate_bytes_s
        self.max_s = max_s
        self.bytes = 0
        self.error = None
        self.stop_ev = threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True)

    def run(self):
        value = "w" * 1000
        start = time.time()
        i = 0
        try:
            while not self.stop_ev.is_set() and time.time() - start < self.max_s:
                p = self.c.pipeline(transaction=False)
                for _ in range(100):
                    p.set(f"w:{i % 50000}", value)
                    i += 1
                p.execute()
                self.bytes += 100 * 1000
                ahead = self.bytes / self.rate - (time.time() - start)
                if ahead > 0:
                    time.sleep(ahead)
        except Exception as e:  # reported by stop()
            self.error = e

    def __enter__(self):
        self.t.start()
        return self

    def stop(self):
        self.stop_ev.set()
        self.t.join(timeout=30)
        assert not self.t.is_alive()
        assert self.error is None, self.error

    def __exit__(self, *exc):
        self.stop_ev.set()
        self.t.join(timeout=30)


@pytest.fixture
def servers():
    started = []

    def start(starter, *args):
        s = starter(*args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.cleanup()


@pytest.mark.parametrize("diskless", ["no", "yes"])
def test_dual_channel_full_sync(servers, diskless):
    primary = servers(start_ringkv, "--repl-diskless-sync", diskless, "--repl-diskless-sync-delay", "0")
    fill_types(primary.client())
    replica = servers(start_ringkv)
    with Writer(primary, rate_bytes_s=1 << 20, max_s=30) as w:
        replica.client().replicaof("127.0.0.1", primary.port)
        wait_for(lambda: info(replica)["master_link_status"] == "up", 30, "the link to come up")
        w.stop()
    wait_for(lambda: in_sync(primary, replica), 30, "the replica to hold the primary's keyspace")
    stats = info(primary, "stats")
    assert stats["sync_dual_channel"] == 1
    # The RDB channel's SYNC is the full sync; the main connection's attaching PSYNC is part of it.
    assert stats["sync_full"] == 1 and stats["sync_partial_ok"] == 0
    # The RDB channel is gone: one replica, online, at the primary's offset once it acknowledged.
    pi = info(primary)
    assert pi["connected_slaves"] == 1
    assert pi["slave0"]["state"] == "online" and pi["slave0"]["port"] == replica.port
    wait_for(lambda: info(primary)["slave0"]["offset"] == info(primary)["master_repl_offset"], 10, "the ACK")
    assert info(replica)["master_replid"] == pi["master_replid"]
    plog, rlog = primary.log(), replica.log()
    assert "Dual channel sync: replica 127.0.0.1:%d will take the RDB on a second channel" % replica.port in plog
    assert "Dual channel sync: RDB channel of replica 127.0.0.1:<unknown-replica-port> asks for the snapshot" in plog
    assert re.search(r"Dual channel sync: main channel of replica 127\.0\.0\.1:%d attached at offset \d+, streaming"
                     % replica.port, plog)
    assert "Dual channel sync: the master sends the RDB on a second channel, connecting it" in rlog
    assert re.search(r"Dual channel sync: full resync from master: [0-9a-f]{40}:\d+, attaching the main channel", rlog)
    assert "Dual channel sync: main channel attached at offset" in rlog
    assert "Dual channel sync: RDB received" in rlog
    assert "Dual channel sync: applying the" in rlog
    assert "MASTER <-> REPLICA sync: Finished with success" in rlog
    # The stream keeps flowing on the main connection afterwards.
    primary.client().set("after", "sync")
    wait_for(lambda: replica.client().get("after") == b"sync", 10, "a write after the sync")


def test_redis_replica_of_ringkv_gets_the_plain_sync(servers):
    primary = servers(start_ringkv, "--repl-diskless-sync", "no")
    fill_types(primary.client(), 200)
    replica = servers(start_redis)
    replica.client().replicaof("127.0.0.1", primary.port)
    # (Digests across kinds are compared in test_repl_primary.py; here only the way the sync went.)
    wait_for(lambda: info(replica)["master_link_status"] == "up" and
             replica.client().dbsize() == primary.client().dbsize(), 30, "redis-server to sync from ringkv")
    assert replica.client().hgetall("h:10") == primary.client().hgetall("h:10")
    stats = info(primary, "stats")
    assert stats["sync_dual_channel"] == 0 and stats["sync_full"] == 1
    assert "Dual channel sync" not in primary.log()


def test_repl_dual_channel_config(servers):
    s = servers(start_ringkv)
    c = s.client(decode_responses=True)
    assert c.config_get("repl-dual-channel") == {"repl-dual-channel": "yes"}
    c.config_set("repl-dual-channel", "no")
    assert c.config_get("repl-dual-channel") == {"repl-dual-channel": "no"}
    with pytest.raises(redis.ResponseError):
        c.config_set("repl-dual-channel", "maybe")


# The convergence scenario: a keyspace whose snapshot takes seconds (rdb-key-save-delay -4: a 1 us sleep for one
# key in four), a replica output limit of 1 MB on the primary, and a writer producing several MB during the sync.
CONVERGE_KEYS = 300_000


def converge_primary(servers):
    primary = servers(start_ringkv, "--repl-diskless-sync", "no", "--rdb-key-save-delay", "-4",
                      "--client-output-buffer-limit", "replica 1mb 1mb 0")
    primary.client().execute_command("DEBUG", "POPULATE", CONVERGE_KEYS, "key", 100)
    return primary


def test_dual_channel_converges_under_load_where_plain_sync_loops(servers):
    # Redis 7.0's behaviour first: the writes held for the replica pass 1 MB, it is cut off, retries, and
    # never gets there while the load lasts.
    primary = converge_primary(servers)
    plain = servers(start_ringkv, "--repl-dual-channel", "no")
    with Writer(primary) as w:
        plain.client().replicaof("127.0.0.1", primary.port)
        wait_for(lambda: info(primary, "stats")["sync_full"] >= 2, 60, "the plain full sync to start over")
        assert "overcoming of output buffer limits" in primary.log()
        assert info(plain)["master_link_status"] == "down"
        w.stop()
    plain.client().replicaof("no", "one")

    # The same setup with the dual channel sync: one full sync, no limit hit, the replica converges.
    primary = converge_primary(servers)
    dual = servers(start_ringkv)
    with Writer(primary) as w:
        dual.client().replicaof("127.0.0.1", primary.port)
        wait_for(lambda: info(dual)["master_link_status"] == "up", 90, "the dual channel sync to finish")
        w.stop()
        assert w.bytes >= 4 << 20, "the writer must produce several MB during the sync"
    wait_for(lambda: in_sync(primary, dual), 60, "the replica to converge")
    stats = info(primary, "stats")
    assert stats["sync_full"] == 1 and stats["sync_dual_channel"] == 1
    assert "overcoming of output buffer limits" not in primary.log()
    log = dual.log()
    assert log.count("MASTER <-> REPLICA sync: Finished with success") == 1
    # What waited on the replica during the sync is several times what the primary would have held.
    buffered = int(re.search(r"Dual channel sync: applying the (\d+) bytes of the stream buffered", log).group(1))
    assert buffered > 2 << 20


def test_rdb_channel_killed_mid_transfer_retries_and_converges(servers):
    primary = servers(start_ringkv, "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                      "--rdb-key-save-delay", "100")
    primary.client().execute_command("DEBUG", "POPULATE", 50_000, "key", 50)
    replica = servers(start_ringkv)
    replica.client().replicaof("127.0.0.1", primary.port)
    pc = primary.client(decode_responses=True)

    def rdb_channel():
        for cl in pc.client_list(_type="replica"):
            if cl["flags"] == "SD":
                return cl
        return None

    # The RDB channel is a replica-class client flagged S (replica) and D (dual channel RDB channel).
    ch = wait_for(lambda: rdb_channel() if info(replica)["master_sync_in_progress"] == 1 else None, 30,
                  "the RDB channel to be transferring")
    assert pc.execute_command("CLIENT", "KILL", "ID", ch["id"]) == 1
    wait_for(lambda: "Dual channel sync: the RDB channel was closed before the end of the RDB" in replica.log(), 20,
             "the replica to notice the lost RDB channel")
    pc.config_set("rdb-key-save-delay", 0)
    wait_for(lambda: in_sync(primary, replica), 60, "the replica to converge after the retry")
    assert info(primary, "stats")["sync_dual_channel"] >= 2
    assert "Dual channel sync: RDB channel of replica" in primary.log()


def test_replica_buffer_bound_pauses_the_main_channel(servers):
    # The replica holds at most its own client-output-buffer-limit replica (hard) of the stream while it syncs;
    # past it the main connection stops reading and the rest waits in TCP and the primary's output (unlimited
    # here, so the sync still converges).
    primary = servers(start_ringkv, "--repl-diskless-sync", "no", "--rdb-key-save-delay", "-4",
                      "--client-output-buffer-limit", "replica 0 0 0")
    primary.client().execute_command("DEBUG", "POPULATE", CONVERGE_KEYS, "key", 100)
    replica = servers(start_ringkv, "--client-output-buffer-limit", "replica 2mb 0 0")
    with Writer(primary) as w:
        replica.client().replicaof("127.0.0.1", primary.port)
        wait_for(lambda: "reading paused until the RDB is loaded" in replica.log(), 60, "the replica to pause")
        wait_for(lambda: info(replica)["master_link_status"] == "up", 90, "the dual channel sync to finish")
        w.stop()
    wait_for(lambda: in_sync(primary, replica), 60, "the replica to converge")
    log = replica.log()
    paused_at = int(re.search(r"Dual channel sync: (\d+) bytes of the stream buffered", log).group(1))
    buffered = int(re.search(r"Dual channel sync: applying the (\d+) bytes of the stream buffered", log).group(1))
    assert 2 << 20 <= paused_at < 3 << 20
    # Only what the cancelled recv had already taken arrives after the pause.
    assert buffered < 3 << 20, buffered
    assert info(primary, "stats")["sync_full"] == 1
