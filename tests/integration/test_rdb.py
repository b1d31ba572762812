"""RDB snapshots in Redis's format, both ways: ringkv's SAVE is accepted by Debian's redis-check-rdb and loads
in redis-server 7.0.15 with identical contents (type, value, TTL and OBJECT ENCODING of every key, functions);
a file redis-server SAVEs loads in ringkv identically; the files Redis 7.2 and 7.4 wrote (versions 11 and 12,
tests/fixtures/rdb/) load with the contents their .keys files list; DEBUG RELOAD keeps everything; and a
truncated or altered file stops start-up with a message naming the file, the offset and redis-check-rdb."""
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from datasets import FAR_MS, LIB, add_every_encoding, add_plain_quicklist_node, keyspace
from servers import REPO, ringkv_bin, start_redis, start_ringkv

FIXTURES = os.path.join(REPO, "tests", "fixtures", "rdb")


def fill(c):
    """Every type in its small and large encodings (a PLAIN quicklist node too), TTLs, several dbs, a
    function library."""
    p = c.pipeline(transaction=False)
    add_every_encoding(p)
    p.set("str:ttl", "v", px=FAR_MS - 1_700_000_000_000)
    p.pexpireat("str:ttl", FAR_MS)
    p.expireat("hash:small", FAR_MS // 1000)
    for i in range(50):
        p.set(f"many:{i}", i * 1000003)
    p.execute()
    add_plain_quicklist_node(c)
    c.execute_command("SELECT", 3)
    c.set("db3:key", "in db 3")
    c.rpush("db3:list", "a", "b")
    c.execute_command("SELECT", 15)
    c.hset("db15:hash", "a", "1")
    c.execute_command("SELECT", 0)
    c.execute_command("FUNCTION", "LOAD", LIB)


def dump(c):
    return keyspace(c, list_nodes=True)


def check_rdb(path):
    r = subprocess.run(["redis-check-rdb", path], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "RDB looks OK" in r.stdout, r.stdout


@pytest.mark.parametrize("args", [(), ("--rdbcompression", "no", "--list-compress-depth", "1"),
                                  ("--list-compress-depth", "2", "--list-max-listpack-size", "5")])
def test_ringkv_save_loads_in_redis(args):
    rk = start_ringkv(*args)
    try:
        c = rk.client()
        fill(c)
        expected = dump(c)
        assert c.info("persistence")["rdb_changes_since_last_save"] > 0
        before = c.lastsave()
        assert c.save() is True
        assert c.info("persistence")["rdb_changes_since_last_save"] == 0
        assert c.info("persistence")["rdb_saves"] == 1
        assert c.lastsave() >= before
        assert "DB saved on disk" in rk.log()
        path = os.path.join(rk.dir, "dump.rdb")
        assert not [f for f in os.listdir(rk.dir) if f.startswith("temp-")]
        check_rdb(path)
        d = tempfile.mkdtemp(prefix="rdb-redis-")
        shutil.copy(path, os.path.join(d, "dump.rdb"))
        rs = start_redis("--dir", d, *args)
        try:
            got = dump(rs.client())
            assert got[1] == expected[1]
            assert got[0] == expected[0]
        finally:
            rs.cleanup()
            shutil.rmtree(d, ignore_errors=True)
    finally:
        rk.cleanup()


@pytest.mark.parametrize("compression", ["yes", "no"])
def test_redis_save_loads_in_ringkv(compression):
    rs = start_redis("--rdbcompression", compression, "--list-compress-depth", "1")
    d = tempfile.mkdtemp(prefix="rdb-ringkv-")
    try:
        c = rs.client()
        fill(c)
        expected = dump(c)
        assert c.save() is True
        shutil.copy(os.path.join(rs.dir, "dump.rdb"), os.path.join(d, "dump.rdb"))
        rk = start_ringkv("--dir", d, "--list-compress-depth", "1")
        try:
            log = rk.log()
            assert "Loading RDB produced by version 7.0.15" in log
            assert f"Done loading RDB, keys loaded: {len(expected[0])}, keys expired: 0." in log
            assert "DB loaded from disk:" in log
            got = dump(rk.client())
            assert got[1] == expected[1]
            assert got[0] == expected[0]
            # And back: ringkv's save of what it loaded is accepted too.
            assert rk.client().save() is True
            check_rdb(os.path.join(d, "dump.rdb"))
        finally:
            rk.cleanup()
    finally:
        rs.cleanup()
        shutil.rmtree(d, ignore_errors=True)


def read_keys_file(path):
    rows, encodings = [], {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# encoding "):
                _, _, key, enc = line.split(" ")
                if enc:  # an empty one: the key does not exist in that version (7.2 has no field TTLs)
                    encodings[key] = enc
            elif line:
                rows.append(eval(line, {"inf": float("inf")}))  # the fixture's own repr lines
    return rows, encodings


# What Redis 7.0 holds for the encodings 7.2/7.4 wrote (the README asks for 7.0's view).
ENCODING_70 = {"listpack": None, "quicklist": b"quicklist", "intset": b"intset", "hashtable": b"hashtable",
               "skiplist": b"skiplist", "listpackex": b"listpackex"}


@pytest.mark.parametrize("name", ["redis-7.2.6-all-types", "redis-7.4.1-all-types"])
def test_newer_redis_files_load(name):
    d = tempfile.mkdtemp(prefix="rdb-fixture-")
    try:
        shutil.copy(os.path.join(FIXTURES, name + ".rdb"), os.path.join(d, "dump.rdb"))
        rk = start_ringkv("--dir", d)
        try:
            c = rk.client()
            rows, encodings = read_keys_file(os.path.join(FIXTURES, name + ".keys"))
            total = 0
            for db, key, t, value, expiry in rows:
                c.execute_command("SELECT", db)
                total += 1
                assert c.type(key).decode() == t, key
                if t == "string":
                    assert c.get(key) == value
                elif t == "list":
                    assert c.lrange(key, 0, -1) == value
                elif t == "set":
                    assert sorted(c.smembers(key)) == value
                elif t == "zset":
                    assert c.zrange(key, 0, -1, withscores=True) == value
                elif t == "hash":
                    got = []
                    for f, v in sorted(c.hgetall(key).items()):
                        ttl = c.execute_command("HPEXPIRETIME", key, "FIELDS", 1, f)[0]
                        got.append((f, v) if ttl == -1 else (f, v, ttl))
                    assert got == value, key
                assert c.pexpiretime(key) == expiry, key
            c.execute_command("SELECT", 0)
            for key, enc in encodings.items():
                want = ENCODING_70[enc]
                got = c.object("encoding", key)
                if want is not None:
                    assert got == want, key
                elif key.startswith("list:"):
                    assert got == b"quicklist"
                elif key.startswith("set:"):
                    assert got in (b"intset", b"hashtable")
                else:
                    assert got == b"listpack", key
            keyspace = c.info("keyspace")
            assert sum(v["keys"] for v in keyspace.values()) == total
        finally:
            rk.cleanup()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_debug_reload_keeps_everything():
    rk = start_ringkv()
    try:
        c = rk.client()
        fill(c)
        c.hset("hfe", mapping={"a": "1", "b": "2"})
        c.execute_command("HPEXPIREAT", "hfe", FAR_MS, "FIELDS", 1, "a")
        before = dump(c)
        assert c.execute_command("DEBUG", "RELOAD") in (b"OK", "OK", True)
        assert dump(c) == before
        assert c.execute_command("HPEXPIRETIME", "hfe", "FIELDS", 2, "a", "b") == [FAR_MS, -1]
        assert "DB reloaded by DEBUG RELOAD" in rk.log()
    finally:
        rk.cleanup()


def start_fails(d):
    """Starts ringkv on dir d and returns (exit status, log) of a start-up that must fail."""
    log = os.path.join(d, "out.log")
    with open(log, "wb") as f:
        p = subprocess.Popen([ringkv_bin(), "--port", "0", "--unixsocket", os.path.join(d, "s.sock"), "--dir", d,
                              "--save", ""], stdout=f, stderr=subprocess.STDOUT, cwd=d)
        try:
            rc = p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise
    with open(log, errors="replace") as f:
        return rc, f.read()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_file_stops_startup(damage):
    rk = start_ringkv()
    d = tempfile.mkdtemp(prefix="rdb-bad-")
    try:
        c = rk.client()
        fill(c)
        assert c.save() is True
        with open(os.path.join(rk.dir, "dump.rdb"), "rb") as f:
            data = bytearray(f.read())
        if damage == "truncate":
            data = data[: len(data) // 2]
        else:
            data[len(data) // 3] ^= 0x20
        with open(os.path.join(d, "dump.rdb"), "wb") as f:
            f.write(data)
        rc, log = start_fails(d)
        assert rc != 0, log
        assert "redis-check-rdb" in log, log
        assert os.path.join(d, "dump.rdb") in log, log
        assert "offset" in log, log
        assert "Ready to accept connections" not in log
    finally:
        rk.cleanup()
        shutil.rmtree(d, ignore_errors=True)


def test_shutdown_save_writes_the_file():
    rk = start_ringkv()
    try:
        c = rk.client()
        c.set("k", "v")
        try:
            c.shutdown(save=True)
        except Exception:
            pass
        rk.proc.wait(timeout=10)
        assert os.path.exists(os.path.join(rk.dir, "dump.rdb"))
        check_rdb(os.path.join(rk.dir, "dump.rdb"))
    finally:
        rk.cleanup()


def test_lfu_counters_travel_both_ways():
    args = ("--maxmemory-policy", "allkeys-lfu", "--lfu-log-factor", "0")
    for first, second in ((start_ringkv, start_redis), (start_redis, start_ringkv)):
        a = first(*args)
        d = tempfile.mkdtemp(prefix="rdb-lfu-")
        try:
            c = a.client()
            c.set("k", "v")
            for _ in range(10):
                c.get("k")
            assert c.object("freq", "k") == 15
            assert c.save() is True
            shutil.copy(os.path.join(a.dir, "dump.rdb"), os.path.join(d, "dump.rdb"))
            b = second("--dir", d, *args)
            try:
                assert b.client().object("freq", "k") == 15
            finally:
                b.cleanup()
        finally:
            a.cleanup()
            shutil.rmtree(d, ignore_errors=True)


def test_field_ttls_survive_reload_and_still_expire_actively():
    rk = start_ringkv()
    try:
        c = rk.client()
        c.hset("short", "a", "1")
        c.execute_command("HPEXPIRE", "short", 300, "FIELDS", 1, "a")
        c.hset("long", mapping={"a": "1", "b": "2"})
        c.execute_command("HPEXPIREAT", "long", FAR_MS, "FIELDS", 1, "a")
        assert c.save() is True
        with open(os.path.join(rk.dir, "dump.rdb"), "rb") as f:
            assert f.read(9) == b"REDIS0012"  # field TTLs exist only in version 12's types
        assert c.execute_command("DEBUG", "RELOAD", "NOSAVE") in (b"OK", "OK", True)
        # Nobody touches "short": only the active cycle, which must know the loaded hash, can remove it.
        deadline = time.time() + 10
        while c.dbsize() != 1 and time.time() < deadline:
            time.sleep(0.05)
        assert c.dbsize() == 1
        assert c.execute_command("HPEXPIRETIME", "long", "FIELDS", 2, "a", "b") == [FAR_MS, -1]
    finally:
        rk.cleanup()


def test_debug_reload_merge_replaces_keys_and_libraries():
    rk = start_ringkv()
    try:
        c = rk.client()
        c.set("a", "old")
        c.execute_command("FUNCTION", "LOAD", LIB)
        assert c.save() is True
        c.set("a", "new")
        c.set("b", "only in memory")
        with pytest.raises(Exception):
            c.execute_command("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH")  # a duplicated key refuses the file
        assert c.execute_command("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE") in (b"OK", "OK", True)
        assert c.get("a") == b"old"
        assert c.get("b") == b"only in memory"
        assert c.fcall("myfunc", 0) == 1
        with pytest.raises(Exception, match="MERGE, NOFLUSH and NOSAVE"):
            c.execute_command("DEBUG", "RELOAD", "BOGUS")
    finally:
        rk.cleanup()


def test_sigterm_saves_when_configured():
    rk = start_ringkv("--shutdown-on-sigterm", "save")
    d = tempfile.mkdtemp(prefix="rdb-sigterm-")
    try:
        c = rk.client()
        c.set("k", "v")
        c.close()
        assert rk.stop() == 0
        path = os.path.join(rk.dir, "dump.rdb")
        check_rdb(path)
        shutil.copy(path, os.path.join(d, "dump.rdb"))
        again = start_ringkv("--dir", d)
        try:
            assert again.client().get("k") == b"v"
        finally:
            again.cleanup()
    finally:
        rk.cleanup()
        shutil.rmtree(d, ignore_errors=True)
