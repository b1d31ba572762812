"""FAILOVER (Redis 7.0's coordinated failover) and groups of ringkv servers replicating from each other:
the same scenarios run with redis-server in every role, as the reference, and with ringkv."""
import os
import signal
import threading

import pytest
import redis

from servers import start_redis, start_ringkv, wait_for

STARTERS = {"redis": start_redis, "ringkv": start_ringkv}


def info(server, section="replication"):
    return server.client(decode_responses=True, socket_timeout=5).info(section)


def linked(replica, primary):
    ri = info(replica)
    return ri.get("master_port") == primary.port and ri.get("master_link_status") == "up"


def caught_up(replica, primary):
    return linked(replica, primary) and \
        info(replica)["master_repl_offset"] == info(primary)["master_repl_offset"]


@pytest.fixture
def servers():
    started = []

    def start(kind, *args):
        # No diskless delay: a full sync starts at once (the default waits 5 s for more replicas).
        s = STARTERS[kind]("--repl-diskless-sync-delay", "0", *args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.cleanup()


def group(servers, kind, n_replicas=2):
    primary = servers(kind)
    replicas = [servers(kind, "--replicaof", "127.0.0.1", str(primary.port)) for _ in range(n_replicas)]
    for r in replicas:
        wait_for(lambda r=r: linked(r, primary), 20, "replica link up")
    return primary, replicas


@pytest.mark.parametrize("kind", ["redis", "ringkv"])
def test_failover_errors_as_redis(servers, kind):
    s = servers(kind)
    c = s.client(decode_responses=True)
    errors = []
    for args in (["FAILOVER"], ["FAILOVER", "ABORT"], ["FAILOVER", "TIMEOUT", "0"], ["FAILOVER", "TIMEOUT", "x"],
                 ["FAILOVER", "FORCE"], ["FAILOVER", "TO", "127.0.0.1"], ["FAILOVER", "BOGUS"]):
        with pytest.raises(redis.ResponseError) as e:
            c.execute_command(*args)
        errors.append(str(e.value))
    assert errors == [
        "FAILOVER requires connected replicas.",
        "No failover in progress.",
        "FAILOVER timeout must be greater than 0",
        "value is not an integer or out of range",
        "FAILOVER requires connected replicas.",
        "syntax error",
        "syntax error",
    ]
    assert info(s)["master_failover_state"] == "no-failover"


@pytest.mark.parametrize("kind", ["redis", "ringkv"])
def test_failover_to_a_replica_swaps_roles_without_losing_writes(servers, kind):
    primary, (r1, r2) = group(servers, kind)
    c = primary.client()
    for i in range(500):
        c.set(f"k{i}", i)
    pc = primary.client(decode_responses=True)
    with pytest.raises(redis.ResponseError) as e:
        pc.execute_command("FAILOVER", "TO", "127.0.0.1", 1)
    assert str(e.value) == "FAILOVER target HOST and PORT is not a replica."
    with pytest.raises(redis.ResponseError) as e:
        pc.execute_command("FAILOVER", "TO", "127.0.0.1", r1.port, "FORCE")
    assert str(e.value) == "FAILOVER with force option requires both a timeout and target HOST and IP."
    old_replid = info(primary)["master_replid"]
    assert pc.execute_command("FAILOVER", "TO", "127.0.0.1", r1.port) == "OK"
    # r1 promoted itself on the PSYNC ... FAILOVER; the old primary follows it, continuing partially.
    wait_for(lambda: info(r1)["role"] == "master", 20, "the target to be promoted")
    wait_for(lambda: caught_up(primary, r1), 20, "the old primary to follow the new one")
    wait_for(lambda: info(primary)["master_failover_state"] == "no-failover", 10, "the failover to end")
    assert info(r1, "stats")["sync_partial_ok"] >= 1
    assert info(r1, "stats")["sync_full"] == 0
    assert info(r1)["master_replid2"] == old_replid  # the promoted one keeps the old history continuable
    # Writes go to the new primary and reach the old one (and the other replica, wherever it now follows).
    r1.client().set("after", "yes")
    wait_for(lambda: primary.client().get("after") == b"yes", 10, "the old primary to get the new writes")
    wait_for(lambda: r2.client().get("after") == b"yes", 20, "the other replica to get the new writes")
    assert primary.client().dbsize() == r1.client().dbsize() == 501
    with pytest.raises(redis.ResponseError):
        primary.client().set("on-the-old-primary", 1)  # READONLY now


@pytest.mark.parametrize("kind", ["redis", "ringkv"])
def test_failover_timeout_aborts_and_writes_resume(servers, kind):
    primary, (r1,) = group(servers, kind, 1)
    c = primary.client(decode_responses=True)
    c.set("before", 1)
    wait_for(lambda: caught_up(r1, primary), 10, "the replica to catch up")
    r1.proc.send_signal(signal.SIGSTOP)  # it can never acknowledge what comes next
    try:
        c.execute_command("FAILOVER", "TIMEOUT", 500)
        # Writes are paused meanwhile: a write issued now waits until the failover ends (aborted).
        assert info(primary)["master_failover_state"] == "waiting-for-sync"
        c2 = primary.client(socket_timeout=10)
        assert c2.set("during", 1)
        wait_for(lambda: info(primary)["master_failover_state"] == "no-failover", 10, "the failover to be aborted")
        assert info(primary)["role"] == "master"
        assert "FAILOVER to any replica aborted: Replica never caught up before timeout" in primary.log()
    finally:
        r1.proc.send_signal(signal.SIGCONT)


@pytest.mark.parametrize("chain", [("ringkv", "ringkv", "redis"), ("redis", "ringkv", "redis"),
                                   ("ringkv", "redis", "ringkv")])
def test_chained_replicas_forward_the_stream(servers, chain):
    """A replica of a replica gets the primary's stream, forwarded unchanged by the middle one."""
    top = servers(chain[0])
    mid = servers(chain[1], "--replicaof", "127.0.0.1", str(top.port))
    leaf = servers(chain[2], "--replicaof", "127.0.0.1", str(mid.port))
    wait_for(lambda: linked(mid, top) and linked(leaf, mid), 20, "the chain to link up")
    c = top.client()
    for i in range(300):
        c.set(f"s{i}", i)
        c.rpush("list", i)
    c.hset("h", mapping={"a": 1, "b": 2})
    c.execute_command("SELECT", 3)
    c.set("db3", "x")
    wait_for(lambda: caught_up(leaf, mid) and caught_up(mid, top), 20, "the chain to catch up")
    # The middle replica forwards the bytes it applied: the leaf's offset and history are the top's.
    ti, li = info(top), info(leaf)
    assert li["master_replid"] == ti["master_replid"]
    assert li["master_repl_offset"] == ti["master_repl_offset"]
    lc = leaf.client()
    assert lc.get("s299") == b"299" and lc.llen("list") == 300 and lc.hgetall("h") == {b"a": b"1", b"b": b"2"}
    lc.execute_command("SELECT", 3)
    assert lc.get("db3") == b"x"


def test_ringkv_replica_of_ringkv_resyncs_partially_after_a_dropped_link(servers):
    primary, (rep,) = group(servers, "ringkv", 1)
    c = primary.client()
    for i in range(1000):
        c.set(f"k{i}", "v" * 50)
    wait_for(lambda: caught_up(rep, primary), 10, "the replica to catch up")
    assert rep.client().execute_command("CLIENT", "KILL", "TYPE", "master") == 1
    for i in range(100):
        c.set(f"later{i}", i)
    wait_for(lambda: caught_up(rep, primary), 20, "the replica to reconnect and catch up")
    stats = info(primary, "stats")
    assert stats["sync_partial_ok"] == 1 and stats["sync_full"] == 1, stats
    assert primary.client().execute_command("DEBUG", "DIGEST") == rep.client().execute_command("DEBUG", "DIGEST")


@pytest.mark.parametrize("kind", ["redis", "ringkv"])
def test_replicaof_unblocks_blocked_clients_with_an_error(servers, kind):
    """A primary turned replica ends its clients' blocking waits (they would wait for writes only the new
    primary makes): UNBLOCKED, then the connection is closed."""
    other = servers(kind)
    s = servers(kind)
    blocked = s.client(decode_responses=True, socket_timeout=10)
    result = {}

    def blpop():
        try:
            result["reply"] = blocked.blpop("nothing-here", 0)
        except redis.ResponseError as e:
            result["error"] = str(e)

    t = threading.Thread(target=blpop)
    t.start()
    wait_for(lambda: info(s, "clients")["blocked_clients"] == 1, 10, "the client to block")
    s.client().replicaof("127.0.0.1", other.port)
    t.join(10)
    assert result == {"error": "UNBLOCKED force unblock from blocking operation, instance state changed "
                               "(master -> replica?)"}


def test_replica_with_aof_rewrites_it_after_a_full_sync(servers):
    """Redis stops a replica's AOF before loading its primary's RDB and restarts it (with a rewrite) after,
    so the AOF holds the synced dataset: a restart from it alone finds every key."""
    primary = servers("ringkv")
    c = primary.client()
    for i in range(2000):
        c.set(f"k{i}", i)
    rep = servers("ringkv", "--appendonly", "yes", "--replicaof", "127.0.0.1", str(primary.port))
    wait_for(lambda: caught_up(rep, primary), 20, "the replica to sync")
    wait_for(lambda: info(rep, "persistence")["aof_rewrite_in_progress"] == 0 and
             info(rep, "persistence")["aof_rewrites"] >= 1, 20, "the replica's AOF rewrite")
    c.set("after-sync", "yes")
    wait_for(lambda: rep.client().get("after-sync") == b"yes", 10, "the write to reach the replica")
    rep.stop(sig=signal.SIGKILL)
    os.remove(os.path.join(rep.dir, "dump.rdb"))  # the AOF alone must hold the dataset
    again = servers("ringkv", "--dir", rep.dir, "--appendonly", "yes")
    assert again.client().dbsize() == 2001
    assert again.client().get("after-sync") == b"yes"
