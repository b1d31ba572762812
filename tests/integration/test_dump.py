"""DUMP and RESTORE against redis-server 7.0.15: DUMP payloads are byte-identical for every type and encoding
(hashtable sets and hashes element for element: their order is the table's), a DUMP from either server
RESTOREs into the other with identical contents, every RESTORE reply, error, keyspace notification and
OBJECT IDLETIME / FREQ matches, hostile payloads are refused and never crash ringkv, and payloads of
versions 11 and 12 (Redis 7.2 / 7.4) restore into ringkv. Also the loading state: a client connecting during
a slow start-up load gets -LOADING, INFO shows loading:1 and a growing percentage with Redis's fields, then
the data."""
import os
import random
import shutil
import socket
import struct
import subprocess
import time

import pytest
import redis

from datasets import add_every_encoding, add_plain_quicklist_node, contents
from servers import free_port, ringkv_bin, start_redis, start_ringkv

LOADING = "LOADING Redis is loading the dataset in memory"


def fill(c):
    """Every type in its small and large encodings, in db 0."""
    p = c.pipeline(transaction=False)
    add_every_encoding(p)
    p.execute()
    add_plain_quicklist_node(c)


def value(c, key):
    """Type, contents and encoding of key."""
    return contents(c, key) + (c.object("encoding", key),)


def rdb_len(b, i):
    """(length, next index, special-encoding?) of the RDB length at b[i]."""
    kind = b[i] >> 6
    if kind == 0:
        return b[i] & 0x3F, i + 1, False
    if kind == 1:
        return ((b[i] & 0x3F) << 8) | b[i + 1], i + 2, False
    if kind == 3:
        return b[i] & 0x3F, i + 1, True
    if b[i] == 0x80:
        return struct.unpack(">I", b[i + 1:i + 5])[0], i + 5, False
    return struct.unpack(">Q", b[i + 1:i + 9])[0], i + 9, False


def rdb_string_end(b, i):
    n, i, special = rdb_len(b, i)
    if not special:
        return i + n
    if n in (0, 1, 2):
        return i + (1 << n)
    clen, i, _ = rdb_len(b, i)  # LZF: compressed length, original length, bytes
    _, i, _ = rdb_len(b, i)
    return i + clen


def elements(payload):
    """The encoded elements of a hashtable set (type 2) or hash (type 4, field+value pairs), sorted."""
    b = payload[:-10]
    n, i, _ = rdb_len(b, 1)
    group = 2 if b[0] == 4 else 1
    out = []
    for _ in range(n):
        start = i
        for _ in range(group):
            i = rdb_string_end(b, i)
        out.append(b[start:i])
    assert i == len(b)
    return sorted(out)


def refooter(body, version):
    """A payload of body (type byte and value) with a valid footer of the given version."""
    p = body + bytes([version & 0xFF, version >> 8])
    return p + struct.pack("<Q", crc64(p))


_CRC_TABLE = []


def crc64(data):
    """Redis's CRC-64 (Jones polynomial, reflected, initial 0)."""
    if not _CRC_TABLE:
        poly = 0x95AC9329AC4BC9B5  # 0xad93d23594c935a9 reflected
        for n in range(256):
            crc = n
            for _ in range(8):
                crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
            _CRC_TABLE.append(crc)
    crc = 0
    for byte in data:
        crc = _CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc


def reply(c, *args):
    try:
        if args[0] == "OBJECT":  # redis-py's OBJECT reply parser wants its own call
            return c.object(args[1].lower(), args[2])
        return c.execute_command(*args)
    except redis.exceptions.ResponseError as e:
        return "error: " + str(e)


@pytest.fixture(scope="module", params=[(), ("--rdbcompression", "no", "--list-compress-depth", "1")],
                ids=["default", "nocompress-depth1"])
def pair(request):
    rk = start_ringkv(*request.param)
    rs = start_redis("--sanitize-dump-payload", "yes", *request.param)
    try:
        yield rk.client(), rs.client()
    finally:
        rk.cleanup()
        rs.cleanup()


def test_crc64_helper():
    assert crc64(b"123456789") == 0xE9C6D914C4B8D9CA


def test_dump_is_byte_identical_to_redis(pair):
    ck, cr = pair
    for c in (ck, cr):
        c.flushall()
        fill(c)
    keys = sorted(cr.keys())
    assert sorted(ck.keys()) == keys
    by_elements = 0
    for key in keys:
        assert ck.object("encoding", key) == cr.object("encoding", key), key
        pk, pr = ck.dump(key), cr.dump(key)
        assert pk[0] == pr[0], key
        if pr[0] in (2, 4):
            by_elements += 1
            assert len(pk) == len(pr), key
            assert elements(pk) == elements(pr), key
            assert pk[-10:-8] == pr[-10:-8]
        else:
            assert pk == pr, key
    assert by_elements == 5  # set:bigint, set:str, set:big, hash:big, hash:long
    assert ck.dump("nokey") is None


def test_dump_restores_across_servers(pair):
    ck, cr = pair
    for c in (ck, cr):
        c.flushall()
        fill(c)
    for key in sorted(cr.keys()):
        expected = value(cr, key)
        # Redis -> ringkv -> Redis.
        assert ck.restore(b"from-redis:" + key, 0, cr.dump(key)) == b"OK"
        assert value(ck, b"from-redis:" + key) == expected, key
        assert cr.restore(b"back:" + key, 0, ck.dump(b"from-redis:" + key)) == b"OK"
        assert value(cr, b"back:" + key) == expected, key
        # ringkv -> Redis, with a TTL.
        assert cr.restore(b"from-ringkv:" + key, 100000, ck.dump(key)) == b"OK"
        assert value(cr, b"from-ringkv:" + key) == value(ck, key), key
        assert 0 < cr.pttl(b"from-ringkv:" + key) <= 100000


def test_restore_replies_and_notifications_match_redis(pair):
    ck, cr = pair
    got = {}
    for name, c in (("ringkv", ck), ("redis", cr)):
        c.flushall()
        c.config_set("notify-keyspace-events", "KEAn")
        c.config_set("maxmemory-policy", "noeviction")
        ps = c.pubsub()
        ps.psubscribe("__key*__:*")
        ps.get_message(timeout=1)
        c.set("foo", "bar")
        d = c.dump("foo")
        c.set("s", "x")
        replies = []
        for args in [
            ("RESTORE", "foo", "0", d), ("RESTORE", "foo", "abc", d), ("RESTORE", "foo", "-1", d, "REPLACE"),
            ("RESTORE", "k1", "-1", d), ("RESTORE", "k1", "0", d[:-1] + b"x"), ("RESTORE", "k1", "0", d[:-8] + bytes(8)),
            ("RESTORE", "k1", "0", d[:-10] + b"\x0b\x00" + d[-8:]), ("RESTORE", "k1", "0", b"abc"),
            ("RESTORE", "k1", "0", d, "BOGUS"), ("RESTORE", "k1", "0", d, "IDLETIME", "x"),
            ("RESTORE", "k1", "0", d, "IDLETIME", "-1"), ("RESTORE", "k1", "0", d, "FREQ", "256"),
            ("RESTORE", "k1", "0", d, "FREQ", "-1"), ("RESTORE", "k1", "0", d, "FREQ", "1", "IDLETIME", "3"),
            ("RESTORE", "k1", "0", d, "IDLETIME"), ("RESTORE", "k1", "9223372036854775808", d),
            ("RESTORE", "k1", "0", refooter(b"\x07\x03bar", 10)), ("RESTORE", "k1", "0", refooter(b"\x02\x00", 10)),
            ("RESTORE", "k2", "5000", d), ("PTTL", "k2"), ("RESTORE", "foo", "1", d, "REPLACE", "ABSTTL"),
            ("EXISTS", "foo"), ("RESTORE", "k3", "1", d, "ABSTTL"), ("EXISTS", "k3"),
            ("RESTORE", "s", "0", d, "REPLACE"), ("GET", "s"), ("TYPE", "s"),
            ("RESTORE", "k4", "0", d, "IDLETIME", "100"), ("OBJECT", "IDLETIME", "k4"),
            ("RESTORE", "k5", "0", d, "IDLETIME", "1000000000"), ("OBJECT", "IDLETIME", "k5"),
            ("RESTORE", "k6", "0", d, "FREQ", "7"), ("OBJECT", "IDLETIME", "k6"),
            ("RESTORE-ASKING", "k7", "0", d), ("GET", "k7"),
            ("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"),
            ("RESTORE", "f1", "0", d, "FREQ", "200"), ("OBJECT", "FREQ", "f1"),
            ("RESTORE", "f2", "0", d, "IDLETIME", "100"), ("OBJECT", "FREQ", "f2"),
            ("RESTORE", "f3", "0", d), ("OBJECT", "FREQ", "f3"),
            ("CONFIG", "SET", "maxmemory-policy", "noeviction"),
        ]:
            r = reply(c, *args)
            if args[:2] == ("PTTL", "k2"):
                r = 4000 < r <= 5000
            replies.append((args[:2], r))
        time.sleep(0.1)
        msgs = []
        while True:
            m = ps.get_message(timeout=0.2)
            if m is None:
                break
            msgs.append((m["channel"], m["data"]))
        ps.close()
        c.config_set("notify-keyspace-events", "")
        got[name] = (replies, msgs)
    for (args, rk), (_, rs) in zip(got["ringkv"][0], got["redis"][0]):
        if args == ("OBJECT", "IDLETIME") and isinstance(rs, int):
            assert isinstance(rk, int) and abs(rk - rs) <= 2, (rk, rs)  # a second may tick in between
        else:
            assert rk == rs, args
    assert len(got["ringkv"][0]) == len(got["redis"][0])
    assert got["ringkv"][1] == got["redis"][1]


def test_newer_payload_versions_restore_in_ringkv(pair):
    ck, cr = pair
    ck.flushall()
    cr.flushall()
    cr.sadd("s", "a", "b", "c")
    body = cr.dump("s")[:-10]
    for version in (11, 12):
        assert ck.restore(f"v{version}", 0, refooter(body, version)) == b"OK"
        assert sorted(ck.smembers(f"v{version}")) == [b"a", b"b", b"c"]
        with pytest.raises(redis.exceptions.ResponseError, match="version or checksum"):
            cr.restore(f"v{version}", 0, refooter(body, version))
    # Past 12 is refused; a zero CRC (7.2+ with rdbchecksum no) is taken from version 11 on only.
    with pytest.raises(redis.exceptions.ResponseError, match="version or checksum"):
        ck.restore("v13", 0, refooter(body, 13))
    no_crc = body + bytes([11, 0]) + bytes(8)
    assert ck.restore("nocrc", 0, no_crc) == b"OK"
    with pytest.raises(redis.exceptions.ResponseError, match="version or checksum"):
        ck.restore("nocrc10", 0, body + bytes([10, 0]) + bytes(8))


def test_hash_with_field_ttls_dumps_as_version_12():
    rk = start_ringkv()
    try:
        c = rk.client()
        c.hset("h", mapping={"a": "1", "b": "2"})
        assert c.execute_command("HEXPIRE", "h", "1000", "FIELDS", "1", "a") == [1]
        p = c.dump("h")
        assert p[-10:-8] == b"\x0c\x00"
        assert c.restore("h2", 0, p) == b"OK"
        assert sorted(c.hgetall("h2").items()) == [(b"a", b"1"), (b"b", b"2")]
        assert 0 < c.execute_command("HTTL", "h2", "FIELDS", "2", "a", "b")[0] <= 1000
        assert c.execute_command("HTTL", "h2", "FIELDS", "2", "a", "b")[1] == -1
        # Without field TTLs the same hash is version 10, as Redis 7.0 writes it.
        c.hset("plain", "a", "1")
        assert c.dump("plain")[-10:-8] == b"\x0a\x00"
    finally:
        rk.cleanup()


def test_hostile_payloads_are_refused_without_a_crash(pair):
    ck, cr = pair
    ck.flushall()
    cr.flushall()
    fill(cr)
    rng = random.Random(7)
    outcomes = {"OK": 0, "bad": 0}
    for key in sorted(cr.keys()):
        good = cr.dump(key)
        body = good[:-10]
        # A flipped byte without a CRC fix: the checksum catches it.
        pos = rng.randrange(len(good) - 8)
        flipped = bytearray(good)
        flipped[pos] ^= 0x40
        with pytest.raises(redis.exceptions.ResponseError, match="^DUMP payload version or checksum are wrong$"):
            ck.restore("x", 0, bytes(flipped), replace=True)
        # With the CRC fixed the structure checks must hold alone: flips, cuts, extensions.
        for i in range(12):
            b = bytearray(body)
            if i % 3 == 0:
                b = b[:rng.randrange(len(b))]
            elif i % 3 == 1:
                for _ in range(rng.randrange(1, 4)):
                    b[rng.randrange(len(b))] = rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])
            else:
                b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 30)))
            r = reply(ck, "RESTORE", "x", "0", refooter(bytes(b), 10), "REPLACE")
            if r == b"OK":
                outcomes["OK"] += 1
                assert ck.type("x") in (b"string", b"list", b"set", b"zset", b"hash")
                ck.dump("x")
            else:
                assert r == "error: Bad data format", r
                outcomes["bad"] += 1
    assert ck.ping() is True
    assert outcomes["bad"] > 0 and outcomes["OK"] > 0


def slow_load_server(binary, rdb_dir, extra=()):
    """Starts a server on rdb_dir's dump.rdb slowed by key-load-delay, without waiting for the load."""
    port = free_port()
    log = open(os.path.join(rdb_dir, "server.log"), "ab")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", rdb_dir, "--save", "", "--appendonly", "no",
         "--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024", *extra],
        stdout=log, stderr=subprocess.STDOUT, cwd=rdb_dir)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.01)
    return proc, port, log


def loading_session(binary, rdb_dir, keys):
    proc, port, log = slow_load_server(binary, rdb_dir)
    try:
        c = redis.Redis(host="127.0.0.1", port=port, socket_timeout=20)
        # redis-py turns -LOADING into BusyLoadingError (a ConnectionError): the raw reply is checked too.
        with pytest.raises(redis.exceptions.BusyLoadingError):
            c.ping()
        with pytest.raises(redis.exceptions.BusyLoadingError):
            c.get("key:1")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"PING\r\n")
            assert s.recv(100) == b"-" + LOADING.encode() + b"\r\n"
        first = c.info("persistence")
        assert first["loading"] == 1
        fields = [k for k in first if k.startswith("loading") or k == "async_loading"]
        percs = [first["loading_loaded_perc"]]
        while True:
            info = c.info("persistence")
            if info["loading"] == 0:
                break
            percs.append(info["loading_loaded_perc"])
            time.sleep(0.1)
        assert c.dbsize() == keys
        assert c.get("key:1") is not None
        assert "loading_loaded_perc" not in info
        return fields, first, percs
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_loading_state_answers_loading_then_serves_the_data(tmp_path):
    keys = 15000  # at 100 us a key: about 1.5 s of loading
    rk = start_ringkv()
    try:
        c = rk.client()
        c.execute_command("DEBUG", "POPULATE", keys)
        c.set("str:raw", "x" * 300)
        c.save()
        with open(os.path.join(rk.dir, "dump.rdb"), "rb") as f:
            image = f.read()
    finally:
        rk.cleanup()
    results = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", "/usr/bin/redis-server")):
        d = tmp_path / name
        d.mkdir()
        (d / "dump.rdb").write_bytes(image)
        results[name] = loading_session(binary, str(d), keys + 1)
        if name == "ringkv":
            log = (d / "server.log").read_text()
            assert log.index("DB loaded from disk") < log.index("Ready to accept connections")
    rk_fields, rk_first, rk_percs = results["ringkv"]
    rs_fields, _, _ = results["redis"]
    assert rk_fields == rs_fields
    assert rk_first["loading_total_bytes"] == len(image)
    assert rk_first["loading_start_time"] <= time.time()
    assert 0 <= rk_first["loading_loaded_perc"] < 100
    assert len(rk_percs) >= 3
    assert rk_percs == sorted(rk_percs) and rk_percs[-1] > rk_percs[0]


def saved_dataset(dest_dir, keys=20000):
    """A dump.rdb of DEBUG POPULATE keys saved by ringkv into dest_dir; returns its mtime."""
    rk = start_ringkv()
    try:
        c = rk.client()
        c.execute_command("DEBUG", "POPULATE", keys)
        c.save()
        shutil.copy(os.path.join(rk.dir, "dump.rdb"), os.path.join(dest_dir, "dump.rdb"))
    finally:
        rk.cleanup()
    return os.path.getmtime(os.path.join(dest_dir, "dump.rdb"))


@pytest.mark.parametrize("how,name", [("SHUTDOWN", "ringkv"), ("SIGTERM", "ringkv"), ("SIGTERM", "redis")])
def test_shutdown_during_the_load_stops_it(tmp_path, how, name):
    """SHUTDOWN (it has the loading flag) or SIGTERM while the start-up load runs ends the load and the
    process at once, saving nothing even with save points (a half-loaded dataset never is); 20,000 keys at
    100 us each would take 2 s more."""
    mtime = saved_dataset(tmp_path)
    binary = ringkv_bin() if name == "ringkv" else "/usr/bin/redis-server"
    proc, port, log = slow_load_server(binary, str(tmp_path), extra=("--save", "3600 1"))
    try:
        c = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
        assert c.info("persistence")["loading"] == 1
        if how == "SHUTDOWN":
            try:
                c.shutdown()
            except redis.exceptions.RedisError:
                pass  # the connection closes (or the reply is not OK): the exit code tells
        else:
            proc.terminate()
        assert proc.wait(timeout=1.5) == 0  # well before the load would end
        if how == "SIGTERM":
            assert "Received shutdown signal during loading, scheduling shutdown." in \
                (tmp_path / "server.log").read_text()
        assert os.path.getmtime(tmp_path / "dump.rdb") == mtime
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
