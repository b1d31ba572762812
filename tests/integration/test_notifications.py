"""Keyspace notifications against redis-server 7.0.15: a subscriber listens on every __keyspace@N__ and
__keyevent@N__ channel while another connection runs a script touching every type (and expiry, key misses,
"new" keys, MOVE/COPY/RENAME across names and dbs); the message sequences (raw RESP, in order) and the
command replies must be the same on both servers, for several notify-keyspace-events settings."""
import time

import pytest

from test_differential import RespConn, encode

SCRIPT = [
    # strings
    ("SET", "s", "v"), ("APPEND", "s", "x"), ("SETRANGE", "s", "0", "z"), ("INCR", "n"), ("INCRBY", "n", "5"),
    ("DECR", "n"), ("INCRBYFLOAT", "n", "1.5"), ("GETSET", "s", "w"), ("SETNX", "s", "no"), ("MSET", "m1", "a", "m2", "b"),
    ("SETEX", "s", "100", "v"), ("SETBIT", "b", "3", "1"), ("GETDEL", "m1"), ("GETEX", "m2", "PX", "100000"),
    # generic
    ("EXPIRE", "s", "200"), ("PEXPIRE", "s", "300000"), ("PERSIST", "s"), ("RENAME", "s", "s2"),
    ("COPY", "s2", "s3"), ("MOVE", "s3", "1"), ("DEL", "s2", "nokey"), ("UNLINK", "b"), ("RENAME", "n", "m2"),
    ("EXPIRE", "m2", "0"),
    # lists
    ("LPUSH", "l", "a", "b"), ("RPUSH", "l", "c"), ("LPUSHX", "l", "d"), ("LINSERT", "l", "BEFORE", "a", "w"),
    ("LSET", "l", "0", "q"), ("LPOP", "l"), ("RPOP", "l"), ("RPOPLPUSH", "l", "l2"), ("LMOVE", "l", "l2", "LEFT", "RIGHT"),
    ("LTRIM", "l2", "0", "0"), ("LREM", "l2", "0", "a"), ("LPOP", "l2"), ("LPUSH", "l3", "x"), ("BLPOP", "l3", "0"),
    # sets
    ("SADD", "st", "a", "b", "c"), ("SREM", "st", "a"), ("SMOVE", "st", "st2", "b"), ("SPOP", "st"),
    ("SADD", "st", "1", "2"), ("SINTERSTORE", "st3", "st", "st2"), ("SUNIONSTORE", "st3", "st", "st2"),
    ("SDIFFSTORE", "st4", "st", "nokey"),
    # hashes
    ("HSET", "h", "f", "v", "g", "w"), ("HSETNX", "h", "f", "no"), ("HINCRBY", "h", "n", "1"),
    ("HINCRBYFLOAT", "h", "n", "0.5"), ("HDEL", "h", "f"), ("HDEL", "h", "g", "n"),
    # sorted sets
    ("ZADD", "z", "1", "a", "2", "b", "3", "c"), ("ZINCRBY", "z", "2", "a"), ("ZREM", "z", "a"),
    ("ZPOPMIN", "z"), ("ZREMRANGEBYSCORE", "z", "0", "1"), ("ZADD", "z", "1", "x"),
    ("ZUNIONSTORE", "z2", "1", "z"), ("ZRANGESTORE", "z3", "z", "0", "-1"), ("ZREMRANGEBYRANK", "z", "0", "-1"),
    # sort
    ("RPUSH", "sl", "3", "1", "2"), ("SORT", "sl", "STORE", "sl2"), ("SORT", "nokey", "STORE", "sl2"),
    # reads, misses
    ("GET", "nokey"), ("LRANGE", "nokey", "0", "-1"), ("HGET", "h", "f"), ("EXISTS", "nokey"), ("TYPE", "nokey"),
    ("OBJECT", "ENCODING", "nokey"),
    # expiry seen at access
    ("SET", "e", "v", "PX", "20"), ("@sleep", "150"), ("GET", "e"),
    # another db
    ("SELECT", "1"), ("SET", "s3", "again"), ("DEL", "s3"), ("SELECT", "0"),
    ("FLUSHALL",),
]


def run(srv, flags):
    cmd = RespConn(srv.port)
    assert cmd.call("CONFIG", "SET", "notify-keyspace-events", flags).raw == b"+OK\r\n"
    sub = RespConn(srv.port)
    sub.call("PSUBSCRIBE", "__key*__:*")
    sub.call("SUBSCRIBE", "sentinel")
    replies = []
    for c in SCRIPT:
        if c[0] == "@sleep":
            time.sleep(int(c[1]) / 1000)
            continue
        replies.append(cmd.call(*c).raw)
    cmd.call("PUBLISH", "sentinel", "end")
    messages = []
    while True:
        m = sub.read()
        if m.py()[1] == b"sentinel":
            break
        messages.append(m.raw)
    cmd.call("CONFIG", "SET", "notify-keyspace-events", "")
    cmd.close()
    sub.close()
    return replies, messages


@pytest.mark.parametrize("flags", ["KEA", "AKEnm", "Kg$", "Elshz", "Ex", "Em", "KEn", "E", "KA", ""])
def test_keyspace_notifications_match_redis(pair, flags):
    ra, ma = run(pair[0], flags)
    rb, mb = run(pair[1], flags)
    assert ra == rb
    assert ma == mb
    if flags == "KEA":
        assert len(ma) > 100  # the script fires events of every class
    if flags in ("", "E"):
        assert ma == []  # a channel without a class publishes nothing


def test_notifications_resp3_subscriber_on_itself(pair):
    # A RESP3 client that listens to its own writes gets the pushes before the command's reply.
    out = []
    for srv in pair:
        c = RespConn(srv.port)
        c.call("HELLO", "3")
        c.call("CONFIG", "SET", "notify-keyspace-events", "KEA")
        c.call("SUBSCRIBE", "__keyevent@0__:set", "__keyspace@0__:k")
        c.read()
        c.send(encode("SET", "k", "v"))
        got = [c.read().raw for _ in range(3)]
        c.call("CONFIG", "SET", "notify-keyspace-events", "")
        c.call("DEL", "k")
        c.close()
        out.append(got)
    assert out[0] == out[1]
    assert out[0][2] == b"+OK\r\n"
