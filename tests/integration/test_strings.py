"""The string family against the real binary, one redis-cli-like session per command: normal use, edge
values, arity, bad numbers and OBJECT ENCODING after each kind of write. Replies are compared raw (the
client's response callbacks are switched off), so b"OK" is what the server sent, not a parsed True. WRONGTYPE
and writes over other types: tests/unit/core_wrongtype_test.cc, with a non-string value no command can create
yet."""
import socket
import time

import pytest
import redis

NOT_INT = "value is not an integer or out of range"
NOT_FLOAT = "value is not a valid float"
SYNTAX = "syntax error"
MAX_BULK = 512 * 1024 * 1024


class Cli:
    """cli("SET", "k", "v") returns the raw reply; cli.err(...) returns the error text of a failing command."""

    def __init__(self, client):
        self.client = client
        client.response_callbacks.clear()

    def __call__(self, *args):
        return self.client.execute_command(*args)

    def err(self, *args):
        with pytest.raises(redis.ResponseError) as info:
            self.client.execute_command(*args)
        return str(info.value)


@pytest.fixture
def cli(ringkv):
    client = ringkv.client()
    client.flushall()
    yield Cli(client)
    client.close()


def encoding(cli, key):
    return cli("OBJECT", "ENCODING", key)


def arity_error(name):
    return f"wrong number of arguments for '{name}' command"


def resp3_exchange(port, *commands):
    """Sends HELLO 3 and then the commands on a raw socket; returns the raw bytes of their replies."""
    def encode(args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        return out

    marker = b"<replies>"
    start, end = b"$%d\r\n%s\r\n" % (len(marker), marker), b"+PONG\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(encode(["HELLO", "3"]) + encode(["ECHO", marker]) + b"".join(encode(c) for c in commands) +
                  encode(["PING"]))
        data = b""
        while not data.endswith(end):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data[data.index(start) + len(start):-len(end)]


# ---- GET / SET ----------------------------------------------------------------------------------------

def test_get_set_basic(cli):
    assert cli("GET", "k") is None
    assert cli("SET", "k", "hello") == b"OK"
    assert cli("GET", "k") == b"hello"
    assert cli("SET", "k", "") == b"OK"
    assert cli("GET", "k") == b""
    binary = bytes(range(256))
    assert cli("SET", "bin", binary) == b"OK"
    assert cli("GET", "bin") == binary


def test_set_encodings(cli):
    cli("SET", "n", "12345")
    assert encoding(cli, "n") == b"int"
    assert cli("GET", "n") == b"12345"
    cli("SET", "n", "-9223372036854775808")
    assert encoding(cli, "n") == b"int"
    cli("SET", "n", "9223372036854775808")  # past int64
    assert encoding(cli, "n") == b"embstr"
    cli("SET", "n", "0123")  # not canonical
    assert encoding(cli, "n") == b"embstr"
    assert cli("GET", "n") == b"0123"
    cli("SET", "n", "+1")
    assert encoding(cli, "n") == b"embstr"
    cli("SET", "s", "x" * 44)
    assert encoding(cli, "s") == b"embstr"
    cli("SET", "s", "x" * 45)
    assert encoding(cli, "s") == b"raw"


def test_set_nx_xx(cli):
    assert cli("SET", "k", "1", "XX") is None
    assert cli("EXISTS", "k") == 0
    assert cli("SET", "k", "1", "NX") == b"OK"
    assert cli("SET", "k", "2", "NX") is None
    assert cli("GET", "k") == b"1"
    assert cli("SET", "k", "3", "xx") == b"OK"
    assert cli("GET", "k") == b"3"
    assert cli.err("SET", "k", "v", "NX", "XX") == SYNTAX
    assert cli.err("SET", "k", "v", "XX", "NX") == SYNTAX


def test_set_get_option(cli):
    assert cli("SET", "k", "1", "GET") is None
    assert cli("SET", "k", "2", "GET") == b"1"
    assert cli("GET", "k") == b"2"
    assert cli("SET", "k", "3", "GET", "GET") == b"2"
    # NX with GET is allowed since 7.0: the old value comes back and nothing is written.
    assert cli("SET", "k", "4", "NX", "GET") == b"3"
    assert cli("GET", "k") == b"3"
    assert cli("SET", "new", "1", "NX", "GET") is None
    assert cli("GET", "new") == b"1"
    assert cli("SET", "absent", "1", "XX", "GET") is None
    assert cli("EXISTS", "absent") == 0


def test_set_expire_options(cli):
    assert cli("SET", "k", "v", "EX", "100") == b"OK"
    assert 99 <= cli("TTL", "k") <= 100
    assert cli("SET", "k", "v", "PX", "100000") == b"OK"
    assert 99000 <= cli("PTTL", "k") <= 100000
    at = int(time.time()) + 200
    assert cli("SET", "k", "v", "EXAT", at) == b"OK"
    assert 198 <= cli("TTL", "k") <= 200
    at_ms = int(time.time() * 1000) + 300000
    assert cli("SET", "k", "v", "PXAT", at_ms) == b"OK"
    assert 298000 <= cli("PTTL", "k") <= 300000
    # A plain SET drops the TTL, KEEPTTL keeps it.
    assert cli("SET", "k", "v2", "KEEPTTL") == b"OK"
    assert cli("TTL", "k") > 0
    assert cli("GET", "k") == b"v2"
    assert cli("SET", "k", "v3") == b"OK"
    assert cli("TTL", "k") == -1
    # The same expire option twice is accepted (the last wins); mixing kinds is not.
    assert cli("SET", "k", "v", "EX", "10", "EX", "1000") == b"OK"
    assert cli("TTL", "k") > 10


def test_set_expire_in_the_past(cli):
    assert cli("SET", "k", "v", "EXAT", "1") == b"OK"
    assert cli("GET", "k") is None
    assert cli("EXISTS", "k") == 0
    assert cli("SET", "k", "v", "PXAT", int(time.time() * 1000) - 1000) == b"OK"
    assert cli("EXISTS", "k") == 0


def test_set_expire_errors(cli):
    invalid = "invalid expire time in 'set' command"
    assert cli.err("SET", "k", "v", "EX", "0") == invalid
    assert cli.err("SET", "k", "v", "EX", "-1") == invalid
    assert cli.err("SET", "k", "v", "PX", "0") == invalid
    assert cli.err("SET", "k", "v", "EXAT", "0") == invalid
    assert cli.err("SET", "k", "v", "EX", "9223372036854776") == invalid   # * 1000 overflows
    assert cli.err("SET", "k", "v", "EX", "9223372036854775") == invalid   # + now overflows
    assert cli.err("SET", "k", "v", "PX", "9223372036854775807") == invalid
    assert cli("SET", "k", "v", "EXAT", "9223372036854775") == b"OK"  # absolute: no addition
    assert cli.err("SET", "k", "v", "EX", "abc") == NOT_INT
    assert cli.err("SET", "k", "v", "EX", "1.5") == NOT_INT
    assert cli.err("SET", "k", "v", "EX") == SYNTAX
    assert cli.err("SET", "k", "v", "EX", "10", "PX", "10") == SYNTAX
    assert cli.err("SET", "k", "v", "EXAT", "10", "PXAT", "10") == SYNTAX
    assert cli.err("SET", "k", "v", "KEEPTTL", "EX", "10") == SYNTAX
    assert cli.err("SET", "k", "v", "EX", "10", "KEEPTTL") == SYNTAX
    assert cli.err("SET", "k", "v", "PERSIST") == SYNTAX
    assert cli.err("SET", "k", "v", "BOGUS") == SYNTAX
    # A syntax error comes before anything else: the key is left alone.
    cli("SET", "k", "orig")
    assert cli.err("SET", "k", "v", "EX", "0", "NX", "XX") == SYNTAX
    assert cli("GET", "k") == b"orig"
    assert cli.err("SET", "k") == arity_error("set")
    assert cli.err("GET") == arity_error("get")
    assert cli.err("GET", "a", "b") == arity_error("get")


# ---- SETNX / SETEX / PSETEX ---------------------------------------------------------------------------

def test_setnx(cli):
    assert cli("SETNX", "k", "1") == 1
    assert cli("SETNX", "k", "2") == 0
    assert cli("GET", "k") == b"1"
    assert cli.err("SETNX", "k") == arity_error("setnx")


def test_setex_psetex(cli):
    assert cli("SETEX", "k", "100", "v") == b"OK"
    assert cli("GET", "k") == b"v"
    assert 99 <= cli("TTL", "k") <= 100
    assert cli("PSETEX", "p", "100000", "12") == b"OK"
    assert 99000 <= cli("PTTL", "p") <= 100000
    assert encoding(cli, "p") == b"int"
    assert cli.err("SETEX", "k", "0", "v") == "invalid expire time in 'setex' command"
    assert cli.err("SETEX", "k", "-5", "v") == "invalid expire time in 'setex' command"
    assert cli.err("PSETEX", "k", "0", "v") == "invalid expire time in 'psetex' command"
    assert cli.err("SETEX", "k", "x", "v") == NOT_INT
    assert cli.err("SETEX", "k", "10") == arity_error("setex")


# ---- GETSET / GETDEL / GETEX --------------------------------------------------------------------------

def test_getset(cli):
    assert cli("GETSET", "k", "1") is None
    assert cli("GETSET", "k", "abc") == b"1"
    assert cli("GET", "k") == b"abc"
    assert encoding(cli, "k") == b"embstr"
    cli("GETSET", "k", "77")
    assert encoding(cli, "k") == b"int"
    cli("SET", "t", "v", "EX", "100")
    assert cli("GETSET", "t", "w") == b"v"
    assert cli("TTL", "t") == -1
    assert cli.err("GETSET", "k") == arity_error("getset")


def test_getdel(cli):
    assert cli("GETDEL", "k") is None
    cli("SET", "k", "v")
    assert cli("GETDEL", "k") == b"v"
    assert cli("EXISTS", "k") == 0
    cli("SET", "n", "42")
    assert cli("GETDEL", "n") == b"42"
    assert cli.err("GETDEL", "a", "b") == arity_error("getdel")


def test_getex(cli):
    assert cli("GETEX", "k") is None
    cli("SET", "k", "v")
    assert cli("GETEX", "k") == b"v"
    assert cli("TTL", "k") == -1
    assert cli("GETEX", "k", "EX", "100") == b"v"
    assert 99 <= cli("TTL", "k") <= 100
    assert cli("GETEX", "k", "PX", "50000") == b"v"
    assert 49000 <= cli("PTTL", "k") <= 50000
    assert cli("GETEX", "k", "EXAT", int(time.time()) + 500) == b"v"
    assert 498 <= cli("TTL", "k") <= 500
    assert cli("GETEX", "k", "PXAT", int(time.time() * 1000) + 600000) == b"v"
    assert 598 <= cli("TTL", "k") <= 600
    assert cli("GETEX", "k") == b"v"       # no option: the TTL stays
    assert cli("TTL", "k") > 0
    assert cli("GETEX", "k", "PERSIST") == b"v"
    assert cli("TTL", "k") == -1
    assert cli("GETEX", "k", "PERSIST") == b"v"  # no TTL to remove: fine
    # An absolute time in the past deletes the key, after replying its value.
    assert cli("GETEX", "k", "EXAT", "1") == b"v"
    assert cli("EXISTS", "k") == 0


def test_getex_errors(cli):
    cli("SET", "k", "v")
    assert cli.err("GETEX", "k", "EX", "0") == "invalid expire time in 'getex' command"
    assert cli.err("GETEX", "k", "PX", "-1") == "invalid expire time in 'getex' command"
    assert cli.err("GETEX", "k", "EX", "x") == NOT_INT
    # The time is checked only once the key is known to be a string: a missing key is just nil.
    assert cli("GETEX", "missing", "EX", "0") is None
    assert cli("GETEX", "missing", "EX", "abc") is None
    assert cli.err("GETEX", "missing", "BOGUS") == SYNTAX
    assert cli.err("GETEX", "k", "EX") == SYNTAX
    assert cli.err("GETEX", "k", "EX", "10", "PERSIST") == SYNTAX
    assert cli.err("GETEX", "k", "PERSIST", "EX", "10") == SYNTAX
    assert cli.err("GETEX", "k", "KEEPTTL") == SYNTAX
    assert cli.err("GETEX", "k", "NX") == SYNTAX
    assert cli.err("GETEX", "k", "GET") == SYNTAX
    assert cli.err("GETEX") == arity_error("getex")


# ---- MGET / MSET / MSETNX -----------------------------------------------------------------------------

def test_mget(cli):
    cli("SET", "a", "1")
    cli("SET", "b", "two")
    assert cli("MGET", "a", "missing", "b") == [b"1", None, b"two"]
    assert cli("MGET", "a") == [b"1"]
    assert cli.err("MGET") == arity_error("mget")


def test_mset(cli):
    assert cli("MSET", "a", "1", "b", "2", "a", "3") == b"OK"
    assert cli("MGET", "a", "b") == [b"3", b"2"]
    assert encoding(cli, "a") == b"int"
    cli("SET", "t", "v", "EX", "100")
    assert cli("MSET", "t", "w", "c", "3") == b"OK"  # a plain write: the TTL goes
    assert cli("TTL", "t") == -1
    assert cli("GET", "t") == b"w"
    assert cli.err("MSET", "a", "1", "b") == arity_error("mset")
    assert cli.err("MSET", "a") == arity_error("mset")


def test_msetnx(cli):
    assert cli("MSETNX", "a", "1", "b", "2") == 1
    assert cli("MSETNX", "b", "9", "c", "3") == 0
    assert cli("MGET", "a", "b", "c") == [b"1", b"2", None]
    assert cli.err("MSETNX", "a", "1", "b") == arity_error("msetnx")


# ---- INCR / DECR / INCRBY / DECRBY --------------------------------------------------------------------

def test_incr_decr(cli):
    assert cli("INCR", "n") == 1
    assert cli("INCR", "n") == 2
    assert cli("DECR", "n") == 1
    assert cli("DECR", "m") == -1
    assert cli("INCRBY", "n", "100") == 101
    assert cli("DECRBY", "n", "1") == 100
    assert cli("INCRBY", "n", "-200") == -100
    assert cli("DECRBY", "n", "-100") == 0
    assert cli("GET", "n") == b"0"
    assert encoding(cli, "n") == b"int"
    # An embstr that holds an integer counts too, and comes out int encoded.
    cli("SET", "s", "0123")
    assert cli.err("INCR", "s") == NOT_INT
    cli("APPEND", "r", "10")
    cli("APPEND", "r", "5")
    assert encoding(cli, "r") == b"raw"
    assert cli("INCR", "r") == 106
    assert encoding(cli, "r") == b"int"


def test_incr_keeps_ttl(cli):
    cli("SET", "n", "5", "EX", "100")
    assert cli("INCR", "n") == 6
    assert cli("TTL", "n") > 0


def test_incr_limits(cli):
    cli("SET", "n", "9223372036854775806")
    assert cli("INCR", "n") == 9223372036854775807
    assert cli.err("INCR", "n") == "increment or decrement would overflow"
    assert cli("GET", "n") == b"9223372036854775807"
    cli("SET", "m", "-9223372036854775807")
    assert cli("DECR", "m") == -9223372036854775808
    assert cli.err("DECR", "m") == "increment or decrement would overflow"
    assert cli.err("INCRBY", "m", "-1") == "increment or decrement would overflow"
    assert cli.err("DECRBY", "x", "-9223372036854775808") == "decrement would overflow"
    assert cli("INCRBY", "x", "-9223372036854775808") == -9223372036854775808


def test_incr_errors(cli):
    cli("SET", "s", "abc")
    assert cli.err("INCR", "s") == NOT_INT
    cli("SET", "s", "1.5")
    assert cli.err("INCR", "s") == NOT_INT
    cli("SET", "s", " 1")
    assert cli.err("INCRBY", "s", "1") == NOT_INT
    cli("SET", "big", "9223372036854775808")
    assert cli.err("INCR", "big") == NOT_INT
    assert cli.err("INCRBY", "n", "abc") == NOT_INT
    assert cli.err("INCRBY", "n", "1.0") == NOT_INT
    assert cli.err("DECRBY", "n", "") == NOT_INT
    assert cli("EXISTS", "n") == 0
    assert cli.err("INCR") == arity_error("incr")
    assert cli.err("INCRBY", "n") == arity_error("incrby")


# ---- INCRBYFLOAT --------------------------------------------------------------------------------------

def test_incrbyfloat(cli):
    assert cli("INCRBYFLOAT", "f", "1.5") == b"1.5"
    assert cli("INCRBYFLOAT", "f", "0.1") == b"1.6"
    assert cli("INCRBYFLOAT", "f", "-1.6") == b"0"
    assert cli("INCRBYFLOAT", "g", "3.0") == b"3"
    assert encoding(cli, "g") == b"embstr"  # never int, even when integral
    assert cli("INCRBYFLOAT", "h", "1.5e3") == b"1500"
    assert cli("INCRBYFLOAT", "i", "0.1") == b"0.1"
    assert cli("INCRBYFLOAT", "i", "0.2") == b"0.3"  # long double arithmetic, 17 digits, trimmed
    assert cli("INCRBYFLOAT", "j", "-0") == b"0"
    assert cli("INCRBYFLOAT", "j", "0x10") == b"16"
    cli("SET", "n", "5")
    assert cli("INCRBYFLOAT", "n", "1e-20") == b"5"
    assert cli("INCRBYFLOAT", "n", "+2.5") == b"7.5"
    cli("SET", "big", "1e308")
    # 2e308 overflows a double but not a long double: Redis stores all 309 digits.
    v = cli("INCRBYFLOAT", "big", "1e308")
    assert v.startswith(b"1999999999999999999") and len(v) == 309
    assert encoding(cli, "big") == b"raw"


def test_incrbyfloat_keeps_ttl(cli):
    cli("SET", "f", "1", "EX", "100")
    assert cli("INCRBYFLOAT", "f", "1") == b"2"
    assert cli("TTL", "f") > 0


def test_incrbyfloat_errors(cli):
    assert cli.err("INCRBYFLOAT", "f", "abc") == NOT_FLOAT
    assert cli.err("INCRBYFLOAT", "f", " 1") == NOT_FLOAT
    assert cli.err("INCRBYFLOAT", "f", "") == NOT_FLOAT
    assert cli.err("INCRBYFLOAT", "f", "nan") == NOT_FLOAT
    assert cli.err("INCRBYFLOAT", "f", "inf") == "increment would produce NaN or Infinity"
    assert cli("EXISTS", "f") == 0
    cli("SET", "s", "abc")
    assert cli.err("INCRBYFLOAT", "s", "1") == NOT_FLOAT
    assert cli.err("INCRBYFLOAT", "f") == arity_error("incrbyfloat")


# ---- APPEND / STRLEN ----------------------------------------------------------------------------------

def test_append(cli):
    assert cli("APPEND", "k", "123") == 3
    assert encoding(cli, "k") == b"int"  # a new key is encoded as SET would
    assert cli("APPEND", "k", "4") == 4
    assert encoding(cli, "k") == b"raw"  # growing one makes it raw
    assert cli("GET", "k") == b"1234"
    assert cli("APPEND", "k", "") == 4
    assert cli("APPEND", "e", "hello") == 5
    assert encoding(cli, "e") == b"embstr"
    cli("SET", "t", "a", "EX", "100")
    assert cli("APPEND", "t", "b") == 2
    assert cli("TTL", "t") > 0
    assert cli.err("APPEND", "k") == arity_error("append")


def test_strlen(cli):
    assert cli("STRLEN", "k") == 0
    cli("SET", "k", "hello")
    assert cli("STRLEN", "k") == 5
    cli("SET", "n", "-12345")
    assert cli("STRLEN", "n") == 6
    assert cli.err("STRLEN") == arity_error("strlen")


# ---- GETRANGE / SUBSTR / SETRANGE ---------------------------------------------------------------------

def test_getrange(cli):
    cli("SET", "k", "This is a string")
    assert cli("GETRANGE", "k", "0", "3") == b"This"
    assert cli("GETRANGE", "k", "-3", "-1") == b"ing"
    assert cli("GETRANGE", "k", "0", "-1") == b"This is a string"
    assert cli("GETRANGE", "k", "10", "100") == b"string"
    assert cli("GETRANGE", "k", "5", "3") == b""
    assert cli("GETRANGE", "k", "-1", "-5") == b""
    assert cli("GETRANGE", "k", "-100", "2") == b"Thi"
    assert cli("GETRANGE", "k", "100", "200") == b""
    assert cli("GETRANGE", "k", "-9223372036854775808", "9223372036854775807") == b"This is a string"
    assert cli("SUBSTR", "k", "0", "3") == b"This"
    cli("SET", "n", "123456")
    assert cli("GETRANGE", "n", "1", "2") == b"23"
    cli("SET", "e", "")
    assert cli("GETRANGE", "e", "0", "-1") == b""
    assert cli("GETRANGE", "missing", "0", "1") == b""
    assert cli.err("GETRANGE", "missing", "a", "1") == NOT_INT
    assert cli.err("GETRANGE", "k", "0") == arity_error("getrange")
    assert cli.err("SUBSTR", "k", "0") == arity_error("substr")


def test_setrange(cli):
    cli("SET", "k", "Hello World")
    assert cli("SETRANGE", "k", "6", "Redis") == 11
    assert cli("GET", "k") == b"Hello Redis"
    assert encoding(cli, "k") == b"raw"
    assert cli("SETRANGE", "pad", "5", "x") == 6
    assert cli("GET", "pad") == b"\x00" * 5 + b"x"
    assert encoding(cli, "pad") == b"raw"
    assert cli("SETRANGE", "k", "20", "!") == 21
    assert cli("GET", "k") == b"Hello Redis" + b"\x00" * 9 + b"!"
    # An empty value writes nothing: the length of what is there, and no key is created.
    assert cli("SETRANGE", "k", "100", "") == 21
    assert cli("SETRANGE", "none", "5", "") == 0
    assert cli("EXISTS", "none") == 0
    cli("SET", "n", "1234")
    assert cli("SETRANGE", "n", "1", "x") == 4
    assert cli("GET", "n") == b"1x34"
    assert encoding(cli, "n") == b"raw"


def test_setrange_errors(cli):
    assert cli.err("SETRANGE", "k", "-1", "x") == "offset is out of range"
    assert cli.err("SETRANGE", "k", "-1", "") == "offset is out of range"
    assert cli.err("SETRANGE", "k", "x", "v") == NOT_INT
    too_big = "string exceeds maximum allowed size (proto-max-bulk-len)"
    assert cli.err("SETRANGE", "k", str(MAX_BULK), "x") == too_big
    assert cli.err("SETRANGE", "k", "9223372036854775807", "x") == too_big
    assert cli("EXISTS", "k") == 0
    assert cli.err("SETRANGE", "k", "0") == arity_error("setrange")


def test_append_and_setrange_limit(cli):
    cli("CONFIG", "SET", "proto-max-bulk-len", str(1024 * 1024))
    try:
        too_big = "string exceeds maximum allowed size (proto-max-bulk-len)"
        assert cli("SETRANGE", "k", str(1024 * 1024 - 1), "x") == 1024 * 1024
        assert cli.err("SETRANGE", "k", str(1024 * 1024), "x") == too_big
        assert cli.err("APPEND", "k", "x") == too_big
        assert cli("STRLEN", "k") == 1024 * 1024
    finally:
        cli("CONFIG", "SET", "proto-max-bulk-len", str(MAX_BULK))


# ---- LCS ----------------------------------------------------------------------------------------------

def test_lcs(cli):
    cli("MSET", "a", "ohmytext", "b", "mynewtext")
    assert cli("LCS", "a", "b") == b"mytext"
    assert cli("LCS", "a", "b", "LEN") == 6
    assert cli("LCS", "a", "missing") == b""
    assert cli("LCS", "missing", "b", "LEN") == 0
    assert cli("LCS", "a", "a") == b"ohmytext"
    cli("MSET", "n1", "12345", "n2", "2468")
    assert cli("LCS", "n1", "n2") == b"24"


def test_lcs_idx(cli):
    cli("MSET", "a", "ohmytext", "b", "mynewtext")
    assert cli("LCS", "a", "b", "IDX") == [
        b"matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]],
        b"len", 6]
    assert cli("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == [
        b"matches", [[[4, 7], [5, 8], 4]],
        b"len", 6]
    assert cli("LCS", "a", "b", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "-5") == [
        b"matches", [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]],
        b"len", 6]
    assert cli("LCS", "a", "missing", "IDX") == [b"matches", [], b"len", 0]


def test_lcs_idx_resp3(cli, ringkv):
    cli("MSET", "a", "ohmytext", "b", "mynewtext")
    got = resp3_exchange(ringkv.port, ["LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"])
    assert got == (b"%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                   b"$3\r\nlen\r\n:6\r\n")


def test_lcs_errors(cli):
    cli("MSET", "a", "ohmytext", "b", "mynewtext")
    assert cli.err("LCS", "a", "b", "LEN", "IDX") == \
        "If you want both the length and indexes, please just use IDX."
    assert cli.err("LCS", "a", "b", "BOGUS") == SYNTAX
    assert cli.err("LCS", "a", "b", "MINMATCHLEN") == SYNTAX
    assert cli.err("LCS", "a", "b", "MINMATCHLEN", "x") == NOT_INT
    assert cli.err("LCS", "a") == arity_error("lcs")


def test_lcs_memory_limit(cli):
    cli("CONFIG", "SET", "proto-max-bulk-len", str(1024 * 1024))
    try:
        cli("SET", "x", "a" * 1000)
        cli("SET", "y", "a" * 1000)
        assert cli.err("LCS", "x", "y") == \
            "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
    finally:
        cli("CONFIG", "SET", "proto-max-bulk-len", str(MAX_BULK))
    assert cli("LCS", "x", "y", "LEN") == 1000


# ---- the command table --------------------------------------------------------------------------------

def test_command_info(cli):
    info = cli("COMMAND", "INFO", "set", "mset", "lcs", "get")
    by_name = {row[0]: row for row in info}
    assert by_name[b"set"][1:6] == [-3, [b"write", b"denyoom"], 1, 1, 1]
    assert by_name[b"mset"][1:6] == [-3, [b"write", b"denyoom"], 1, -1, 2]
    assert by_name[b"lcs"][1:6] == [-3, [b"readonly"], 1, 2, 1]
    assert by_name[b"get"][1:6] == [2, [b"readonly", b"fast"], 1, 1, 1]
    assert set(by_name[b"get"][6]) == {b"@read", b"@string", b"@fast"}
    assert set(by_name[b"set"][6]) == {b"@write", b"@string", b"@slow"}
