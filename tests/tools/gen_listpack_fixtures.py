#!/usr/bin/python3
"""Writes tests/unit/ds_listpack_fixtures.inc: listpacks built by a real redis-server 7.0.15, byte for byte.

Each scenario is a list of commands on one key (a hash, a sorted set or a list small enough to stay one
listpack / one quicklist node). The script runs them on Debian's redis-server, DUMPs the key with
rdbcompression off and cuts the listpack out of the payload. ds_listpack_test.cc replays the same commands
with ds::Listpack (as the hash, zset and list code of Redis drives its listpack) and compares the bytes.

Run from the repository root: /usr/bin/python3 tests/tools/gen_listpack_fixtures.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "integration"))
from servers import start_redis  # noqa: E402


def x(ch, n):
    return ch * n


INTS = ["0", "1", "127", "128", "-1", "4095", "-4096", "4096", "-4097", "32767", "-32768", "32768", "-32769",
        "8388607", "-8388608", "8388608", "-8388609", "2147483647", "-2147483648", "2147483648", "-2147483649",
        "9223372036854775807", "-9223372036854775808"]
NOT_INTS = ["9223372036854775808", "-9223372036854775809", "010", " 1", "1 ", "-0", "+1", "", "1.5", "0x10",
            "-", "00"]
# String lengths at every encoding and backlen boundary: 6-bit/12-bit/32-bit lengths (63/64, 4095/4096), and
# bodies of 127/128 bytes (1- or 2-byte backlen) and 16382/16383 (2- or 3-byte backlen).
LONG = [x("a", 63), x("b", 64), x("c", 125), x("d", 126), x("e", 4095), x("f", 4096), x("g", 16377),
        x("h", 16378)]

SCENARIOS = {
    "hash_encodings": [["HSET", "k"] + [w for i, v in enumerate(INTS + NOT_INTS + LONG) for w in (f"f{i}", v)]],
    "hash_edits": [
        ["HSET", "k", "a", "1", "b", "two", "c", "3", "d", x("d", 100), "e", "-70000"],
        ["HSET", "k", "a", "one"],            # int replaced by a string
        ["HSET", "k", "b", "2"],              # string replaced by an int
        ["HSET", "k", "d", "short"],          # a shorter value: the tail moves left
        ["HSET", "k", "e", x("e", 5000)],     # a longer one: the tail moves right
        ["HDEL", "k", "c"],
        ["HSET", "k", "1", "a", "01", "b"],   # a field that reads as an int, and one that does not
        ["HDEL", "k", "a"],                   # the first pair
        ["HDEL", "k", "01"],                  # the last pair
        ["HSET", "k", "z", "last"],
    ],
    "zset_edits": [
        ["ZADD", "k", "1", "a", "2.5", "b", "-3", "c", "1e20", "d", "0", "e", "3", "010", "3", "01"],
        ["ZINCRBY", "k", "10", "a"],
        ["ZREM", "k", "b"],
        ["ZADD", "k", "2", x("m", 70), "-0.5", "neg", "3", "001"],
        ["ZADD", "k", "4000000000", "c"],
        ["ZREM", "k", "d"],
    ],
    "list_edits": [
        ["RPUSH", "k", "a", "b", "1", "2", "-100", "hello", "2"],
        ["LPUSH", "k", "z", "99999999999"],
        ["LINSERT", "k", "BEFORE", "hello", "inserted"],
        ["LINSERT", "k", "AFTER", "1", "after1"],
        ["LSET", "k", "0", "newhead"],
        ["LSET", "k", "-1", x("q", 100)],
        ["LREM", "k", "0", "2"],
        ["RPUSH", "k", "2", "x", "2"],
        ["LREM", "k", "1", "2"],
        ["LSET", "k", "3", "7"],
    ],
}


def read_len(buf, i):
    """An RDB length at buf[i]: returns (length, next index)."""
    b = buf[i]
    kind = b >> 6
    if kind == 0:
        return b & 0x3F, i + 1
    if kind == 1:
        return ((b & 0x3F) << 8) | buf[i + 1], i + 2
    if b == 0x80:
        return int.from_bytes(buf[i + 1:i + 5], "big"), i + 5
    if b == 0x81:
        return int.from_bytes(buf[i + 1:i + 9], "big"), i + 9
    raise ValueError(f"unexpected RDB length byte {b:#x} (compressed or int-encoded string?)")


def listpack_of(payload):
    kind = payload[0]
    i = 1
    if kind == 18:  # RDB_TYPE_LIST_QUICKLIST_2: node count, then per node container kind and string
        nodes, i = read_len(payload, i)
        assert nodes == 1, f"{nodes} quicklist nodes: keep the list in one"
        container, i = read_len(payload, i)
        assert container == 2, "a packed (listpack) node"
    else:
        assert kind in (16, 17), f"RDB type {kind}: not a hash or zset listpack"
    n, i = read_len(payload, i)
    return payload[i:i + n]


def cxx_arg(a):
    if len(a) > 16 and a == a[0] * len(a):
        return f"std::string({len(a)}, '{a[0]}')"
    return '"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"'


def packed_hex(data):
    """Hex, with each run of 16 or more equal bytes written as [hh*count] (the long strings stay short)."""
    out, i = [], 0
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        if j - i >= 16:
            out.append(f"[{data[i]:02x}*{j - i}]")
        else:
            out.append(data[i:j].hex())
        i = j
    return "".join(out)


def main():
    srv = start_redis()
    out = []
    try:
        c = srv.client()
        c.config_set("rdbcompression", "no")
        for name in ("hash-max-listpack-value", "zset-max-listpack-value"):
            c.config_set(name, "100000")
        version = c.info("server")["redis_version"]
        for name, commands in SCENARIOS.items():
            c.delete("k")
            for cmd in commands:
                c.execute_command(*cmd)
            enc = c.object("encoding", "k")
            assert enc in (b"listpack", b"quicklist", "listpack", "quicklist"), enc
            lp = listpack_of(c.dump("k"))
            cmds = ",\n       ".join("{" + ", ".join(cxx_arg(a) for a in cmd) + "}" for cmd in commands)
            out.append(f'  {{"{name}",\n      {{{cmds}}},\n      "{packed_hex(lp)}"}},\n')
    finally:
        srv.cleanup()
    path = os.path.join(REPO, "tests", "unit", "ds_listpack_fixtures.inc")
    with open(path, "w") as f:
        f.write(f"// Generated by tests/tools/gen_listpack_fixtures.py from redis-server {version}: do not edit.\n")
        f.write("// {scenario, commands, the key's listpack as redis-server built it, in hex with runs as [hh*count]}\n")
        f.writelines(out)
    print(f"wrote {path} ({len(out)} scenarios)")


if __name__ == "__main__":
    main()
