"""Full syncs that fail halfway (issue 13): the link dropped mid-transfer, the primary killed during a full
sync, the replica's output limit hit during one. In each case the replica retries on its own and converges
to the primary's keyspace, and both logs say what happened. The transfers are slowed with
rdb-key-save-delay (microseconds per key in the snapshot child) so that the fault lands during them.

Each scenario runs for (primary kind, replica kind) pairs; redis-server/redis-server is the reference."""
import signal
import time

import pytest

from servers import start_redis, start_ringkv, wait_through_errors as wait_for

STARTERS = {"redis": start_redis, "ringkv": start_ringkv}
PAIRS = [("redis", "redis"), ("ringkv", "ringkv"), ("ringkv", "redis"), ("redis", "ringkv")]
# These faults are those of Redis 7.0's protocol: a ringkv replica uses it too here (its dual channel sync has
# its own fault tests in test_repl_dual.py).
PLAIN_SYNC = {"redis": (), "ringkv": ("--repl-dual-channel", "no")}
KEYS = 20000


def info(server, section="replication"):
    return server.client(decode_responses=True, socket_timeout=5).info(section)


def fill(server, n=KEYS):
    c = server.client()
    for start in range(0, n, 1000):
        p = c.pipeline(transaction=False)
        for i in range(start, min(n, start + 1000)):
            p.set(f"key:{i}", f"value-{i}")
        p.execute()


def in_sync(primary, replica):
    """The replica's link is up and it holds what the primary holds (digest of the whole dataset)."""
    ri = info(replica)
    if ri.get("master_link_status") != "up":
        return False
    pc, rc = primary.client(), replica.client()
    return (pc.dbsize() == rc.dbsize() and
            pc.execute_command("DEBUG", "DIGEST") == rc.execute_command("DEBUG", "DIGEST"))


def transferring(replica):
    return info(replica).get("master_sync_in_progress") == 1


@pytest.fixture
def servers():
    started = []

    def start(kind, *args, port=None):
        s = STARTERS[kind](*args, port=port)
        started.append(s)
        return s

    yield start
    for s in started:
        s.cleanup()


@pytest.mark.parametrize("pkind,rkind", PAIRS)
def test_link_dropped_mid_transfer_retries_and_converges(servers, pkind, rkind):
    primary = servers(pkind, "--repl-diskless-sync", "no", "--rdb-key-save-delay", "200")
    fill(primary)
    replica = servers(rkind, *PLAIN_SYNC[rkind])
    replica.client().replicaof("127.0.0.1", primary.port)
    wait_for(lambda: transferring(replica) and info(primary, "persistence")["rdb_bgsave_in_progress"] == 1, 20,
             "the full sync to be under way")
    # Cut the link from the primary's side while the snapshot is still being written.
    killed = primary.client().execute_command("CLIENT", "KILL", "TYPE", "replica")
    assert killed == 1
    primary.client().config_set("rdb-key-save-delay", 0)
    wait_for(lambda: in_sync(primary, replica), 60, "the replica to converge after the dropped link")
    assert info(primary, "stats")["sync_full"] >= 2
    log = replica.log()
    assert "MASTER <-> REPLICA sync: Finished with success" in log


@pytest.mark.parametrize("pkind,rkind", PAIRS)
def test_primary_killed_during_full_sync_replica_converges_with_its_successor(servers, pkind, rkind):
    primary = servers(pkind, "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                      "--rdb-key-save-delay", "200")
    fill(primary)
    replica = servers(rkind, *PLAIN_SYNC[rkind])
    replica.client().replicaof("127.0.0.1", primary.port)
    wait_for(lambda: transferring(replica), 20, "the full sync to be under way")
    port = primary.port
    primary.stop(sig=signal.SIGKILL)
    # The replica keeps trying the address; a new primary appears there with other data.
    # The killed server's port was sometimes still taken for a moment (its snapshot child held the parent's
    # ring, and with it the listening socket, until it ended; it no longer does): as a supervisor would,
    # retry the start.
    deadline = time.time() + 10
    while True:
        try:
            successor = servers(pkind, port=port)
            break
        except RuntimeError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    fill(successor, 3000)
    successor.client().set("successor", "yes")
    wait_for(lambda: in_sync(successor, replica), 60, "the replica to sync from the restarted primary")
    assert replica.client().get("successor") == b"yes"
    log = replica.log()
    assert "Connecting to MASTER" in log
    assert log.count("MASTER <-> REPLICA sync started") >= 2


@pytest.mark.parametrize("pkind,rkind", PAIRS)
def test_replica_output_limit_hit_during_full_sync_then_converges(servers, pkind, rkind):
    primary = servers(pkind, "--repl-diskless-sync", "no", "--rdb-key-save-delay", "300",
                      "--client-output-buffer-limit", "replica 256kb 0 0")
    fill(primary)
    replica = servers(rkind, *PLAIN_SYNC[rkind])
    replica.client().replicaof("127.0.0.1", primary.port)
    wait_for(lambda: transferring(replica), 20, "the full sync to be under way")
    # Writes during the sync pile up for the replica past its 256 KB limit: the primary cuts it off.
    c = primary.client()
    big = "x" * 1000
    for start in range(0, 2000, 200):
        p = c.pipeline(transaction=False)
        for i in range(start, start + 200):
            p.set(f"during:{i}", big)
        p.execute()
    wait_for(lambda: "overcoming of output buffer limits" in primary.log(), 30, "the primary to cut the replica off")
    c.config_set("rdb-key-save-delay", 0)
    c.config_set("client-output-buffer-limit", "replica 0 0 0")
    wait_for(lambda: in_sync(primary, replica), 60, "the replica to converge once the writes stopped")
    assert info(primary, "stats")["sync_full"] >= 2
