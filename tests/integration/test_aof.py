"""The append-only file in Redis 7's multi-part layout, both ways: ringkv's AOF directory passes Debian's
redis-check-aof and loads in redis-server 7.0.15 with identical contents, redis-server's loads in ringkv
identically (with and without the RDB preamble); a restart keeps every type, absolute expiry, functions, scripts'
and MULTI/EXEC's effects; a torn tail and a MULTI left open are cut off as aof-load-truncated does, a corrupt
middle refuses start-up naming the file, the offset and redis-check-aof; BGREWRITEAOF leaves one base and one
incr file; automatic rewrites; CONFIG SET appendonly; an old single-file AOF is upgraded; kill -9 under
appendfsync always loses no acknowledged write."""
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import redis

from datasets import FAR_MS, LIB, add_every_encoding, keyspace
from servers import ringkv_bin, start_redis, start_ringkv, free_port

def fill(c):
    """Every type in small and large encodings, TTLs (relative and absolute), several dbs, a function library,
    a script and a transaction."""
    p = c.pipeline(transaction=False)
    add_every_encoding(p, big=False)
    p.set("str:ex", "v", ex=5000)
    p.setex("str:setex", 6000, "v")
    p.set("str:pxat", "v", pxat=FAR_MS)
    p.set("str:exp", "v")
    p.expire("str:exp", 7000)
    p.expireat("hash:small", FAR_MS // 1000)
    p.incrbyfloat("float", "1.5")
    p.execute()
    c.execute_command("FUNCTION", "LOAD", LIB)
    c.eval("redis.call('set', KEYS[1], 'from-lua'); redis.call('incr', KEYS[2]); "
           "redis.call('expire', KEYS[1], 9000)", 2, "script:s", "script:n")
    t = c.pipeline(transaction=True)
    t.set("tx:a", 1)
    t.incr("tx:a")
    t.lpush("tx:l", "q")
    t.execute()
    c.execute_command("SELECT", 3)
    c.set("db3:key", "in db 3")
    c.rpush("db3:list", "a", "b")
    c.execute_command("SELECT", 0)


def more(c):
    """Writes after a rewrite (they go to the new incr file)."""
    c.set("after:str", "late")
    c.rpush("list:small", "tail")
    c.delete("set:int")
    c.execute_command("SELECT", 3)
    c.hset("db3:hash", "f", "v")
    c.execute_command("SELECT", 0)


def dump(c):
    return keyspace(c)


def aof_dir(srv):
    return os.path.join(srv.dir, "appendonlydir")


def manifest(srv):
    with open(os.path.join(aof_dir(srv), "appendonly.aof.manifest")) as f:
        return f.read()


def check_aof(path):
    r = subprocess.run(["redis-check-aof", path], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All AOF files and manifest are valid" in r.stdout, r.stdout


def wait_rewrite_done(c, timeout_s=10):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        info = c.info("persistence")
        if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
            return
        time.sleep(0.05)
    raise AssertionError("rewrite did not finish")


def copy_aof_to_new_dir(src_dir):
    d = tempfile.mkdtemp(prefix="aof-copy-")
    shutil.copytree(os.path.join(src_dir, "appendonlydir"), os.path.join(d, "appendonlydir"))
    return d


def run_ringkv(dir_, *args, timeout=10):
    """ringkv in the foreground on dir_, expected to exit (a refused start-up): (returncode, output)."""
    p = subprocess.run([ringkv_bin(), "--port", str(free_port()), "--bind", "127.0.0.1", "--dir", dir_,
                        "--save", "", "--appendonly", "yes"] + list(args),
                       capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


@pytest.mark.parametrize("preamble", ["yes", "no"])
def test_ringkv_aof_checks_and_loads_in_redis(preamble):
    rk = start_ringkv("--appendonly", "yes", "--aof-use-rdb-preamble", preamble)
    d = None
    try:
        c = rk.client()
        fill(c)
        assert c.bgrewriteaof()
        wait_rewrite_done(c)
        more(c)
        expected = dump(c)
        info = c.info("persistence")
        assert info["aof_enabled"] == 1 and info["aof_rewrites"] == 1 and info["aof_last_write_status"] == "ok"
        suffix = "rdb" if preamble == "yes" else "aof"
        assert manifest(rk) == (f"file appendonly.aof.2.base.{suffix} seq 2 type b\n"
                                "file appendonly.aof.2.incr.aof seq 2 type i\n")
        assert sorted(os.listdir(aof_dir(rk))) == sorted(
            [f"appendonly.aof.2.base.{suffix}", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"])
        assert rk.stop() == 0
        check_aof(os.path.join(aof_dir(rk), "appendonly.aof.manifest"))
        d = copy_aof_to_new_dir(rk.dir)
        rs = start_redis("--dir", d, "--appendonly", "yes")
        try:
            got = dump(rs.client())
            assert got[1] == expected[1]
            assert got[0] == expected[0]
        finally:
            rs.cleanup()
        # And ringkv itself restarts with the same contents.
        rk2 = start_ringkv("--dir", rk.dir, "--appendonly", "yes")
        try:
            got = dump(rk2.client())
            assert got == expected
            assert "DB loaded from append only file" in rk2.log()
            assert "Opening AOF incr file appendonly.aof.2.incr.aof on server start" in rk2.log()
        finally:
            rk2.cleanup()
    finally:
        rk.cleanup()
        if d:
            shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("preamble", ["yes", "no"])
def test_redis_aof_loads_in_ringkv(preamble):
    rs = start_redis("--appendonly", "yes", "--aof-use-rdb-preamble", preamble)
    d = None
    try:
        c = rs.client()
        fill(c)
        assert c.bgrewriteaof()
        wait_rewrite_done(c)
        more(c)
        expected = dump(c)
        assert rs.stop() == 0
        d = copy_aof_to_new_dir(rs.dir)
        rk = start_ringkv("--dir", d, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble)
        try:
            rc = rk.client()
            got = dump(rc)
            assert got[1] == expected[1]
            assert got[0] == expected[0]
            # It goes on writing Redis's directory: a new write and a rewrite keep it valid.
            rc.set("ringkv:wrote", "1")
            assert rc.bgrewriteaof()
            wait_rewrite_done(rc)
            rc.set("ringkv:after", "2")
        finally:
            rk.stop()
        check_aof(os.path.join(d, "appendonlydir", "appendonly.aof.manifest"))
    finally:
        rs.cleanup()
        if d:
            shutil.rmtree(d, ignore_errors=True)


def test_incr_file_holds_absolute_expiry_and_transactions():
    rk = start_ringkv("--appendonly", "yes")
    try:
        c = rk.client()
        c.set("k", "v", ex=100)
        c.expire("k", 200)
        c.setex("s", 100, "v")
        c.execute_command("SELECT", 2)
        c.eval("redis.call('set', 'a', '1'); redis.call('set', 'b', '2')", 0)
        c.execute_command("SELECT", 0)
        c.get("k")  # reads are not logged
        time.sleep(0.2)
        incr = [f for f in os.listdir(aof_dir(rk)) if ".incr." in f]
        with open(os.path.join(aof_dir(rk), incr[0]), "rb") as f:
            data = f.read()
        words = [w for w in data.split(b"\r\n") if w and w[:1] not in (b"*", b"$")]
        assert words[:2] == [b"SELECT", b"0"]
        assert words[2:5] == [b"SET", b"k", b"v"] and words[5] == b"PXAT"
        assert words[7:9] == [b"PEXPIREAT", b"k"]
        assert words[10:13] == [b"SET", b"s", b"v"] and words[13] == b"PXAT"
        assert words[15:] == [b"SELECT", b"2", b"MULTI", b"set", b"a", b"1", b"set", b"b", b"2", b"EXEC"]
    finally:
        rk.cleanup()


def write_and_stop(*args):
    rk = start_ringkv("--appendonly", "yes", *args)
    c = rk.client()
    c.set("a", "1")
    c.rpush("l", "x", "y")
    assert rk.stop() == 0
    incr = os.path.join(aof_dir(rk), "appendonly.aof.1.incr.aof")
    return rk, incr


def test_torn_tail_is_truncated():
    rk, incr = write_and_stop()
    try:
        good = os.path.getsize(incr)
        with open(incr, "ab") as f:
            f.write(b"*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$5\r\nhel")
        # aof-load-truncated no: start-up refused, the tool named.
        rc, out = run_ringkv(rk.dir, "--aof-load-truncated", "no")
        assert rc == 1
        assert "Unexpected end of file reading the append only file appendonly.aof.1.incr.aof" in out
        assert f"offset {good}" in out and "redis-check-aof --fix" in out
        # yes (the default): cut back to the last whole command, loaded.
        rk2 = start_ringkv("--dir", rk.dir, "--appendonly", "yes")
        try:
            c = rk2.client()
            assert c.get("a") == b"1" and c.lrange("l", 0, -1) == [b"x", b"y"] and c.get("b") is None
            log = rk2.log()
            assert "!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!" in log
            assert f"!!! Truncating the AOF appendonly.aof.1.incr.aof at offset {good} !!!" in log
            assert "AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled" in log
            c.set("c", "3")
        finally:
            rk2.stop()
        check_aof(os.path.join(aof_dir(rk), "appendonly.aof.manifest"))
    finally:
        rk.cleanup()


def test_multi_without_exec_is_reverted():
    rk, incr = write_and_stop()
    try:
        good = os.path.getsize(incr)
        with open(incr, "ab") as f:
            f.write(b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n")
        rk2 = start_ringkv("--dir", rk.dir, "--appendonly", "yes")
        try:
            c = rk2.client()
            assert c.get("a") == b"1" and c.get("b") is None
            assert "Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof" in rk2.log()
            assert os.path.getsize(incr) == good
        finally:
            rk2.cleanup()
    finally:
        rk.cleanup()


def test_corrupt_middle_refuses_startup():
    rk, incr = write_and_stop()
    try:
        with open(incr, "rb") as f:
            data = f.read()
        cut = data.index(b"*3\r\n$3\r\nSET")  # the SET after the SELECT
        with open(incr, "wb") as f:
            f.write(data[:cut] + b"garbage\r\n" + data[cut:])
        rc, out = run_ringkv(rk.dir)
        assert rc == 1
        assert ("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of your AOF "
                "file, then use ./redis-check-aof --fix <filename.manifest>") in out
        assert f"offset {cut} of " in out and "redis-check-aof --fix " + os.path.join(
            rk.dir, "appendonlydir", "appendonly.aof.manifest") in out
        # A manifest that names a missing file or is malformed refuses start-up too.
        with open(os.path.join(aof_dir(rk), "appendonly.aof.manifest"), "w") as f:
            f.write("file appendonly.aof.1.base.rdb seq 1 type x\n")
        rc, out = run_ringkv(rk.dir)
        assert rc == 1 and "Unknown AOF file type" in out and ">>> 'file appendonly.aof.1.base.rdb seq 1 type x'" in out
    finally:
        rk.cleanup()


def test_auto_rewrite():
    rk = start_ringkv("--appendonly", "yes", "--auto-aof-rewrite-min-size", "20000",
                      "--auto-aof-rewrite-percentage", "100")
    try:
        c = rk.client()
        p = c.pipeline(transaction=False)
        for i in range(600):
            p.set(f"key:{i % 50}", "v" * 40)
        p.execute()
        deadline = time.time() + 5
        while time.time() < deadline and c.info("persistence")["aof_rewrites"] == 0:
            time.sleep(0.1)
        wait_rewrite_done(c)  # counted when it starts; the child writes the base meanwhile
        info = c.info("persistence")
        assert info["aof_rewrites"] == 1, info
        assert "Starting automatic rewriting of AOF on" in rk.log()
        assert info["aof_base_size"] > 0 and info["aof_current_size"] >= info["aof_base_size"]
        assert manifest(rk) == ("file appendonly.aof.2.base.rdb seq 2 type b\n"
                                "file appendonly.aof.2.incr.aof seq 2 type i\n")
    finally:
        rk.cleanup()


def test_config_set_appendonly_at_runtime():
    rk = start_ringkv()
    try:
        c = rk.client()
        c.set("before", "1")
        assert not os.path.exists(aof_dir(rk))
        assert c.config_set("appendonly", "yes")
        assert c.info("persistence")["aof_enabled"] == 1
        c.set("during", "2")
        wait_rewrite_done(c)  # the base is written by a forked child
        assert manifest(rk) == ("file appendonly.aof.1.base.rdb seq 1 type b\n"
                                "file appendonly.aof.1.incr.aof seq 1 type i\n")
        assert "Successfully renamed the temporary AOF incr file temp-appendonly.aof.incr into appendonly.aof.1.incr.aof" in rk.log()
        assert c.config_set("appendonly", "no")
        c.set("off", "3")
        assert rk.stop() == 0
        rk2 = start_ringkv("--dir", rk.dir, "--appendonly", "yes")
        try:
            c2 = rk2.client()
            assert c2.get("before") == b"1" and c2.get("during") == b"2" and c2.get("off") is None
        finally:
            rk2.cleanup()
    finally:
        rk.cleanup()


def test_old_style_aof_is_upgraded():
    d = tempfile.mkdtemp(prefix="aof-old-")
    try:
        with open(os.path.join(d, "appendonly.aof"), "wb") as f:
            f.write(b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nstyle\r\n")
        rk = start_ringkv("--dir", d, "--appendonly", "yes")
        try:
            c = rk.client()
            assert c.get("old") == b"style"
            assert ("Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory "
                    "(appendonlydir).") in rk.log()
            c.set("new", "1")
        finally:
            rk.cleanup()
        assert not os.path.exists(os.path.join(d, "appendonly.aof"))
        check_aof(os.path.join(d, "appendonlydir", "appendonly.aof.manifest"))
        rs = start_redis("--dir", d, "--appendonly", "yes")
        try:
            assert rs.client().mget("old", "new") == [b"style", b"1"]
        finally:
            rs.cleanup()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_info_fields_as_redis():
    rk = start_ringkv("--appendonly", "yes")
    rs = start_redis("--appendonly", "yes")
    try:
        def aof_keys(c):
            return [k for k in c.info("persistence") if k.startswith("aof_")]
        # Redis's fields in Redis's order, then ringkv's own two (the fsync lag).
        assert aof_keys(rk.client()) == aof_keys(rs.client()) + ["aof_fsync_lag_bytes", "aof_fsync_lag_ms"]

        def cli(srv, *args):
            return subprocess.run(["redis-cli", "-p", str(srv.port)] + list(args), capture_output=True, text=True,
                                  timeout=10).stdout
        assert cli(rk, "BGREWRITEAOF") == cli(rs, "BGREWRITEAOF") == "Background append only file rewriting started\n"
        wait_rewrite_done(rs.client())
        # Inside MULTI/EXEC it is scheduled, and runs from the cron.
        for srv in (rk, rs):
            c = srv.client()
            t = c.pipeline(transaction=True)
            t.execute_command("BGREWRITEAOF")
            assert t.execute() == [True]  # redis-py reads the status line as True
            wait_rewrite_done(c)
            assert c.info("persistence")["aof_rewrites"] == 2
    finally:
        rk.cleanup()
        rs.cleanup()


# kill -9 under appendfsync always, several times over: every write that got a reply is there after the
# restart. Without the loop's durability gate (replies held until Aof::synced() covers their turn) a reply
# left in the turn its write was handed to the ring, and a kill right after lost acknowledged writes.
def test_kill9_under_always_keeps_acknowledged_writes():
    d = tempfile.mkdtemp(prefix="aof-kill-")
    try:
        acked = {}
        seq = 0
        pending = None  # the write that got no reply: present or not, both are right

        def check(c):
            nonlocal pending
            for k, v in acked.items():
                got = c.get(k)
                if pending is not None and k == pending[0] and got == pending[1]:
                    acked[k] = got
                    continue
                assert got == v, (k, got, v)
            pending = None

        for _ in range(5):
            rk = start_ringkv("--dir", d, "--appendonly", "yes", "--appendfsync", "always")
            try:
                c = rk.client()
                check(c)
                stop_at = time.time() + random.uniform(0.3, 0.8)
                try:
                    while True:
                        seq += 1
                        k, v = f"k{seq % 500}", str(seq).encode()
                        if time.time() >= stop_at:
                            os.kill(rk.proc.pid, signal.SIGKILL)
                        pending = (k, v)
                        c.set(k, v)
                        acked[k] = v  # replied: must survive
                        pending = None
                except redis.exceptions.ConnectionError:
                    pass
                rk.proc.wait()
            finally:
                rk.cleanup()
        rk = start_ringkv("--dir", d, "--appendonly", "yes")
        try:
            check(rk.client())
        finally:
            rk.cleanup()
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounts a small tmpfs")
def test_disk_full_refuses_writes_with_misconf_until_space_returns():
    d = tempfile.mkdtemp(prefix="aof-full-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", d], check=True, timeout=10)
    rk = None
    try:
        with open(os.path.join(d, "filler"), "wb") as f:
            f.write(b"\0" * (1700 * 1024))
        rk = start_ringkv("--dir", d, "--appendonly", "yes")
        c = rk.client()
        big = "x" * 20000
        acked = {}
        with pytest.raises(redis.exceptions.ResponseError) as e:
            for i in range(200):
                c.set(f"k{i}", big)
                acked[f"k{i}"] = big
                time.sleep(0.002)  # let the writes of each turn fail before the next command
        assert str(e.value) == "MISCONF Errors writing to the AOF file: No space left on device"
        with pytest.raises(redis.exceptions.ResponseError) as e:
            c.ping()
        assert str(e.value).startswith("MISCONF")
        assert c.get("k0") == big.encode()  # reads go on
        assert c.info("persistence")["aof_last_write_status"] == "err"
        assert "Error writing to the AOF file: No space left on device" in rk.log()
        os.unlink(os.path.join(d, "filler"))
        deadline = time.time() + 5
        while time.time() < deadline and c.info("persistence")["aof_last_write_status"] != "ok":
            time.sleep(0.1)
        assert c.set("after", "1")
        assert "AOF write error looks solved, Redis can write again." in rk.log()
        assert rk.stop() == 0
        rk2 = start_ringkv("--dir", d, "--appendonly", "yes")
        try:
            c2 = rk2.client()
            for k in acked:  # nothing acknowledged was lost
                assert c2.get(k) == big.encode(), k
            assert c2.get("after") == b"1"
        finally:
            rk2.cleanup()
    finally:
        if rk is not None:
            rk.cleanup()
        subprocess.run(["umount", d], timeout=10)
        shutil.rmtree(d, ignore_errors=True)


def test_aof_load_answers_loading_then_serves_the_data():
    """The start-up AOF load runs in the loading state: -LOADING meanwhile, INFO loading:1 with a growing
    percentage, then the data."""
    d = tempfile.mkdtemp(prefix="aof-loading-")
    try:
        rk = start_ringkv("--dir", d, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")
        try:
            c = rk.client()
            p = c.pipeline(transaction=False)
            for i in range(3000):
                p.set(f"key:{i}", i)
            p.execute()
        finally:
            rk.cleanup()
        port = free_port()
        with open(os.path.join(d, "server.log"), "ab") as log:
            proc = subprocess.Popen(
                [ringkv_bin(), "--port", str(port), "--bind", "127.0.0.1", "--dir", d, "--save", "",
                 "--appendonly", "yes", "--key-load-delay", "500", "--loading-process-events-interval-bytes", "1024"],
                stdout=log, stderr=subprocess.STDOUT, cwd=d)
        try:
            deadline = time.time() + 10
            while True:
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=5)
                    break
                except OSError:
                    assert time.time() < deadline
                    time.sleep(0.01)
            with s:
                s.sendall(b"PING\r\n")
                assert s.recv(100) == b"-LOADING Redis is loading the dataset in memory\r\n"
            c = redis.Redis(host="127.0.0.1", port=port, socket_timeout=20)
            percs = []
            while True:
                info = c.info("persistence")
                if info["loading"] == 0:
                    break
                percs.append(info["loading_loaded_perc"])
                time.sleep(0.1)
            assert len(percs) >= 2 and percs == sorted(percs) and percs[-1] > percs[0], percs
            assert c.dbsize() == 3000
            assert c.get("key:2999") == b"2999"
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_replay_is_not_counted_as_commands_nor_refused_by_maxmemory():
    """Redis replays the AOF outside call(): after a restart INFO commandstats and total_commands_processed
    do not count the replay, and a maxmemory below the dataset does not refuse it (that would lose
    acknowledged writes). Side by side with redis-server on the same files."""
    rk = start_ringkv("--appendonly", "yes")
    try:
        c = rk.client()
        p = c.pipeline(transaction=False)
        for i in range(3000):
            p.set(f"k{i}", "x" * 1000)
        p.execute()
        rk.stop()
        for start in (start_ringkv, start_redis):
            d = copy_aof_to_new_dir(rk.dir)
            try:
                srv = start("--dir", d, "--appendonly", "yes", "--maxmemory", "1mb")
                try:
                    c2 = srv.client()
                    assert c2.dbsize() == 3000, srv.name
                    assert "cmdstat_set" not in c2.info("commandstats"), srv.name
                    assert c2.info("stats")["total_commands_processed"] <= 3, srv.name
                    with pytest.raises(redis.exceptions.ResponseError, match="^OOM command not allowed"):
                        c2.set("more", "x")
                finally:
                    srv.cleanup()
            finally:
                shutil.rmtree(d, ignore_errors=True)
    finally:
        rk.cleanup()


def test_timestamp_annotations_as_redis():
    """aof-timestamp-enabled: "#TS:<unix>" lines in front of the first command of a second, in the incr file
    and at the start of a commands-form base; redis-check-aof accepts the directory, redis-server loads it,
    and redis-check-aof --truncate-to-timestamp cuts at an annotation ringkv wrote."""
    rk = start_ringkv("--appendonly", "yes", "--aof-timestamp-enabled", "yes", "--aof-use-rdb-preamble", "no")
    try:
        c = rk.client()
        c.set("a", "1")
        time.sleep(1.1)
        c.set("b", "2")
        c.set("c", "3")
        c.execute_command("BGREWRITEAOF")
        wait_rewrite_done(c)
        time.sleep(1.1)
        c.set("d", "4")
        time.sleep(1.1)
        c.set("e", "5")
        assert rk.stop() == 0
        names = sorted(os.listdir(aof_dir(rk)))
        incr = [n for n in names if n.endswith(".incr.aof")]
        base = [n for n in names if ".base." in n]
        assert len(incr) == 1 and base == ["appendonly.aof.2.base.aof"]
        with open(os.path.join(aof_dir(rk), base[0]), "rb") as f:
            assert re.match(rb"#TS:\d+\r\n", f.read())
        with open(os.path.join(aof_dir(rk), incr[0]), "rb") as f:
            data = f.read()
        stamps = re.findall(rb"#TS:(\d+)\r\n", data)
        assert len(stamps) == 2 and int(stamps[1]) > int(stamps[0])
        assert data.startswith(b"#TS:") and data.index(b"#TS:") < data.index(b"SELECT")
        check_aof(os.path.join(aof_dir(rk), "appendonly.aof.manifest"))
        d = copy_aof_to_new_dir(rk.dir)
        try:
            rs = start_redis("--dir", d, "--appendonly", "yes")
            try:
                assert rs.client().mget("a", "b", "c", "d", "e") == [b"1", b"2", b"3", b"4", b"5"]
            finally:
                rs.cleanup()
            # Cut at the first annotation later than the given time, the incr file's second: "e" goes.
            r = subprocess.run(["redis-check-aof", "--truncate-to-timestamp", str(int(stamps[1]) - 1),
                                os.path.join(d, "appendonlydir", "appendonly.aof.manifest")],
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, r.stdout + r.stderr
            rk2 = start_ringkv("--dir", d, "--appendonly", "yes")
            try:
                assert rk2.client().mget("a", "d", "e") == [b"1", b"4", None]
            finally:
                rk2.cleanup()
        finally:
            shutil.rmtree(d, ignore_errors=True)
    finally:
        rk.cleanup()
