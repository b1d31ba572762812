"""BGSAVE and the snapshot child: the file a BGSAVE writes holds exactly the dataset at the fork while writes go
on (loaded back by redis-server and compared); BGSAVE/SAVE/LASTSAVE answer as redis-server 7.0.15 does (same
sequences, same replies); save points and BGSAVE in EXEC start a save from the cron; INFO persistence reports
the running child and its end; a BGSAVE that fails for lack of space turns writes into Redis's -MISCONF error
(stop-writes-on-bgsave-error) until a save succeeds, losing nothing acknowledged; SHUTDOWN, SIGTERM and
FLUSHALL end a running child and leave no temp file. Children are kept alive with rdb-key-save-delay."""
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import pytest
import redis

from servers import Server, reply, ringkv_bin, start_redis, start_ringkv, wait_for


def dump(c):
    """Every key of db 0 with its type, value and TTL state."""
    out = {}
    for k in c.scan_iter(count=1000):
        t = c.type(k).decode()
        if t == "string":
            v = c.get(k)
        elif t == "hash":
            v = c.hgetall(k)
        elif t == "list":
            v = c.lrange(k, 0, -1)
        elif t == "set":
            v = c.smembers(k)
        elif t == "zset":
            v = c.zrange(k, 0, -1, withscores=True)
        else:
            v = None
        out[k] = (t, v, c.ttl(k) > 0)
    return out


def bgsave_done(c):
    return c.info("persistence")["rdb_bgsave_in_progress"] == 0


def load_in_redis(rdb_path):
    """The dataset of an RDB file as a fresh redis-server loads it."""
    d = tempfile.mkdtemp(prefix="bgsave-check-")
    try:
        shutil.copy(rdb_path, os.path.join(d, "dump.rdb"))
        rs = start_redis("--dir", d)
        try:
            return dump(rs.client())
        finally:
            rs.cleanup()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def temp_files(d):
    return sorted(f for f in os.listdir(d) if f.startswith("temp-"))


def fill(c, n, prefix="k"):
    p = c.pipeline(transaction=False)
    for i in range(n):
        p.set(f"{prefix}:{i}", f"value-{i}")
        if i % 10 == 0:
            p.hset(f"h:{prefix}:{i}", mapping={"a": i, "b": "x" * (i % 50)})
        if i % 25 == 0:
            p.rpush(f"l:{prefix}:{i}", *range(i % 40 + 1))
            p.expire(f"l:{prefix}:{i}", 10000)
    p.execute()


def test_snapshot_holds_the_data_at_the_fork_while_writes_go_on():
    rk = start_ringkv("--rdb-key-save-delay", "400")
    try:
        c = rk.client()
        fill(c, 3000)
        at_fork = dump(c)
        forks = c.info("stats")["total_forks"]
        assert c.bgsave() is True
        info = c.info("persistence")
        assert info["rdb_bgsave_in_progress"] == 1
        assert info["current_save_keys_total"] == len(at_fork)
        assert info["rdb_current_bgsave_time_sec"] >= 0
        st = c.info("stats")
        assert st["total_forks"] == forks + 1 and st["latest_fork_usec"] > 0
        # Writes of every kind go on while the child saves; each is acknowledged.
        w = rk.client()
        acked = 0
        while c.info("persistence")["rdb_bgsave_in_progress"] == 1 and acked < 20000:
            p = w.pipeline(transaction=False)
            for i in range(50):
                j = (acked + i) % 3000
                p.set(f"k:{j}", f"changed-{acked + i}")
                p.delete(f"h:k:{(j // 10) * 10}")
                p.set(f"new:{acked + i}", "n")
                p.rpush(f"l:k:{(j // 25) * 25}", "more")
            p.execute()
            acked += 50
        assert acked > 0
        info = c.info("persistence")
        if info["rdb_bgsave_in_progress"] == 1:  # progress reported while the child runs
            assert info["current_save_keys_processed"] >= 1
        wait_for(lambda: bgsave_done(c), what="the child's end")
        info = c.info("persistence")
        assert info["rdb_last_bgsave_status"] == "ok"
        assert info["rdb_last_bgsave_time_sec"] >= 0
        assert info["rdb_current_bgsave_time_sec"] == -1
        assert info["current_save_keys_total"] == 0 and info["current_cow_size"] == 0
        assert info["rdb_last_cow_size"] > 0
        # The writes after the fork are still changes since the last save.
        assert info["rdb_changes_since_last_save"] > 0
        log = rk.log()
        assert "Background saving started by pid" in log
        assert "DB saved on disk" in log
        assert "Fork CoW for RDB: current" in log
        assert "Background saving terminated with success" in log
        assert temp_files(rk.dir) == []
        assert load_in_redis(os.path.join(rk.dir, "dump.rdb")) == at_fork
    finally:
        rk.cleanup()


def bgsave_sequence(s):
    c = s.client()
    fill(c, 100)
    out = [reply(c, "CONFIG", "SET", "rdb-key-save-delay", "30000")]  # 30 ms a key: ~5 s of child
    before = c.lastsave()
    out.append(reply(c, "BGSAVE"))
    for cmd in (("BGSAVE",), ("BGSAVE", "SCHEDULE"), ("SAVE",), ("BGSAVE", "foo"), ("BGSAVE", "SCHEDULE", "x"),
                ("bgsave", "schedule")):
        out.append(reply(c, *cmd))
    out.append(c.lastsave() == before)
    out.append(c.info("persistence")["rdb_bgsave_in_progress"])
    p = c.pipeline(transaction=True)
    p.execute_command("BGSAVE")
    p.execute_command("SET", "x", "1")
    try:
        out.append([str(r) if isinstance(r, Exception) else r for r in p.execute(raise_on_error=False)])
    except redis.exceptions.ResponseError as e:
        out.append("ERR: " + str(e))
    # End it (FLUSHALL kills a running snapshot child), then check it ended quietly.
    out.append(reply(c, "CONFIG", "SET", "rdb-key-save-delay", "0"))
    out.append(reply(c, "FLUSHALL"))
    wait_for(lambda: bgsave_done(c), what="the killed child's end")
    out.append(c.info("persistence")["rdb_last_bgsave_status"])
    fill(c, 20)
    # BGSAVE inside EXEC is scheduled; the cron starts it.
    p = c.pipeline(transaction=True)
    p.execute_command("BGSAVE")
    out.append(p.execute())
    wait_for(lambda: c.info("persistence")["rdb_changes_since_last_save"] == 0, what="the scheduled BGSAVE")
    out.append(bgsave_done(c))
    out.append(reply(c, "BGSAVE", "SCHEDULE"))
    wait_for(lambda: bgsave_done(c), what="BGSAVE SCHEDULE's end")
    out.append(reply(c, "SAVE"))
    out.append(c.lastsave() >= before)
    out.append(c.info("persistence")["rdb_last_bgsave_status"])
    out.append(c.dbsize())
    return out


def test_bgsave_save_lastsave_replies_match_redis():
    got = {}
    for name, start in (("ringkv", start_ringkv), ("redis", start_redis)):
        s = start()
        try:
            got[name] = bgsave_sequence(s)
            if name == "ringkv":
                log = s.log()
                assert "Background saving terminated by signal 10" in log
                assert temp_files(s.dir) == []
        finally:
            s.cleanup()
    assert got["ringkv"] == got["redis"]


def test_save_points_fire_and_save_empty_disables():
    rk = start_ringkv()
    try:
        c = rk.client()
        saves = c.info("persistence")["rdb_saves"]
        assert c.config_set("save", "1 1") is True
        c.set("a", "1")
        wait_for(lambda: c.info("persistence")["rdb_saves"] > saves, what="the save point")
        wait_for(lambda: bgsave_done(c), what="its end")
        assert "1 changes in 1 seconds. Saving..." in rk.log()
        assert c.info("persistence")["rdb_changes_since_last_save"] == 0
        assert load_in_redis(os.path.join(rk.dir, "dump.rdb")) == {b"a": ("string", b"1", False)}
        assert c.config_set("save", "") is True
        saves = c.info("persistence")["rdb_saves"]
        c.set("b", "2")
        time.sleep(2.5)  # the point would have fired by now
        assert c.info("persistence")["rdb_saves"] == saves
        assert c.info("persistence")["rdb_changes_since_last_save"] == 1
    finally:
        rk.cleanup()


def mount_tmpfs(d, size):
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (a full disk on demand)")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", d], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")


def umount(d):
    subprocess.run(["umount", "-l", d], capture_output=True)


def failing_bgsave_error(start, d):
    """Fills a server whose dir is a 1 MB tmpfs past its size, BGSAVEs, and returns (server, the error SET gets)."""
    s = start("--dir", d, "--save", "3600 1")
    c = s.client()
    p = c.pipeline(transaction=False)
    for i in range(300):
        p.set(f"big:{i}", os.urandom(8000))  # incompressible: 2.4 MB
    p.execute()
    assert c.bgsave() is True
    wait_for(lambda: bgsave_done(c), what="the failing BGSAVE")
    assert c.info("persistence")["rdb_last_bgsave_status"] == "err"
    scripts = [reply(c, "EVAL", "return redis.call('set','x','1')", 0),
               reply(c, "EVAL", "#!lua\nreturn redis.call('get','x')", 0),
               reply(c, "EVAL", "#!lua flags=no-writes\nreturn redis.call('get','big:1') ~= nil", 0),
               reply(c, "EVAL", "return redis.call('get','x')", 0)]
    return s, reply(c, "SET", "x", "1"), (reply(c, "PING"), scripts)


def test_failed_bgsave_refuses_writes_until_a_save_succeeds():
    dirs = [tempfile.mkdtemp(prefix="bgsave-full-") for _ in range(2)]
    servers = []
    try:
        for d in dirs:
            mount_tmpfs(d, "1m")
        rs, redis_set, redis_ping = failing_bgsave_error(start_redis, dirs[1])
        servers.append(rs)
        rk, set_err, ping_err = failing_bgsave_error(start_ringkv, dirs[0])
        servers.append(rk)
        assert set_err.startswith("ERR: MISCONF")
        assert (set_err, ping_err) == (redis_set, redis_ping)
        c = rk.client()
        assert "Background saving error" in rk.log()
        assert temp_files(dirs[0]) == []
        assert len(c.get("big:1")) == 8000  # reads go on
        p = c.pipeline(transaction=True)
        p.get("big:1")
        p.set("y", "1")
        with pytest.raises(redis.exceptions.ResponseError, match="MISCONF"):  # the queued SET's; EXEC aborts
            p.execute()
        # stop-writes-on-bgsave-error no lets writes through; yes refuses them again.
        assert c.config_set("stop-writes-on-bgsave-error", "no") is True
        assert c.set("acked:1", "v1") is True
        assert c.config_set("stop-writes-on-bgsave-error", "yes") is True
        assert reply(c, "SET", "acked:2", "v2") == set_err
        # Space comes back: the next BGSAVE succeeds and writes are accepted again.
        subprocess.run(["mount", "-o", "remount,size=64m", dirs[0]], check=True)
        assert c.bgsave() is True
        wait_for(lambda: bgsave_done(c), what="the BGSAVE after space returned")
        assert c.info("persistence")["rdb_last_bgsave_status"] == "ok"
        assert c.set("acked:2", "v2") is True
        assert c.ping() is True
        expected = dump(c)
        assert c.save() is True
        assert load_in_redis(os.path.join(dirs[0], "dump.rdb")) == expected
        assert b"acked:1" in expected and b"acked:2" in expected and len(expected) == 302
    finally:
        for s in servers:
            s.stop()
        for d in dirs:
            umount(d)
            shutil.rmtree(d, ignore_errors=True)


def start_slow_child(save_points):
    rk = start_ringkv("--save", save_points, "--rdb-key-save-delay", "20000")
    c = rk.client()
    fill(c, 150)
    expected = dump(c)
    assert c.bgsave() is True
    assert c.info("persistence")["rdb_bgsave_in_progress"] == 1
    pid = int(rk.log().split("Background saving started by pid ")[1].split()[0])
    wait_for(lambda: temp_files(rk.dir) == [f"temp-{pid}.rdb"], what="the child's temp file")
    assert c.config_set("rdb-key-save-delay", "0") is True  # the final save of the parent is quick
    return rk, c, expected, pid


def child_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] in "ZX"
    except OSError:
        return True


@pytest.mark.parametrize("how", ["SHUTDOWN", "SIGTERM"])
def test_shutdown_kills_the_child_and_saves(how):
    rk, c, expected, pid = start_slow_child("3600 1")
    try:
        if how == "SHUTDOWN":
            c.shutdown()  # redis-py takes the closed connection as the success it is
        else:
            rk.proc.send_signal(signal.SIGTERM)
        assert rk.proc.wait(timeout=15) == 0
        wait_for(lambda: child_gone(pid), what="the child's death")
        log = rk.log()
        assert "There is a child saving an .rdb. Killing it!" in log
        assert "Saving the final RDB snapshot before exiting." in log
        assert temp_files(rk.dir) == []
        assert load_in_redis(os.path.join(rk.dir, "dump.rdb")) == expected
    finally:
        rk.cleanup()


def test_flushall_kills_the_child_and_saves_the_empty_dataset():
    rk, c, expected, pid = start_slow_child("3600 1")
    try:
        changes = c.info("persistence")["rdb_changes_since_last_save"]
        assert c.flushall() is True
        wait_for(lambda: bgsave_done(c), what="the killed child's end")
        wait_for(lambda: child_gone(pid), what="the child's death")
        info = c.info("persistence")
        assert info["rdb_last_bgsave_status"] == "ok"  # a kill on purpose is no failure
        # FLUSHALL itself is still a change to save, as Redis keeps it for the AOF and replicas.
        assert info["rdb_changes_since_last_save"] == changes + len(expected) + 1
        log = rk.log()
        assert "Background saving terminated by signal 10" in log
        assert temp_files(rk.dir) == []
        assert load_in_redis(os.path.join(rk.dir, "dump.rdb")) == {}
        assert c.dbsize() == 0
    finally:
        rk.cleanup()
