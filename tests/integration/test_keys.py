"""The generic key family (core/commands/keys.cc) as a redis-cli session: DEL, UNLINK, EXISTS, TYPE, RENAME,
RENAMENX, COPY, MOVE, KEYS, SCAN, RANDOMKEY, TOUCH, OBJECT. Expected replies are Redis 7.0.15's, checked
against Debian's redis-server. Replies are read raw (no redis-py callbacks) so they look as redis-cli prints."""
import time

import pytest
import redis


@pytest.fixture
def c(ringkv):
    client = ringkv.client(decode_responses=True)
    client.response_callbacks.clear()  # raw replies: 1 / "OK" / [cursor, keys], not redis-py's conversions
    client.flushall()
    yield client
    client.close()


def error_of(c, *args):
    """The error message of a command that must fail (redis-py drops the leading 'ERR ')."""
    with pytest.raises(redis.ResponseError) as e:
        c.execute_command(*args)
    return str(e.value)


def arity_error(name):
    return f"wrong number of arguments for '{name}' command"


def full_scan(c, *options):
    """Every key SCAN returns from cursor 0 back to 0, with repeats (the caller decides if they matter)."""
    seen = []
    cursor = "0"
    for _ in range(100000):
        cursor, keys = c.execute_command("SCAN", cursor, *options)
        seen.extend(keys)
        if cursor == "0":
            return seen
    raise AssertionError("SCAN did not come back to cursor 0")


# ---- DEL / UNLINK -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", ["DEL", "UNLINK"])
def test_del_and_unlink(c, cmd):
    c.execute_command("MSET", "a", "1", "b", "2", "c", "3")
    assert c.execute_command(cmd, "a") == 1
    assert c.execute_command(cmd, "a") == 0
    # Missing keys are skipped; a key named twice is deleted once.
    assert c.execute_command(cmd, "b", "nosuch", "b", "c") == 2
    assert c.execute_command("DBSIZE") == 0
    assert error_of(c, cmd) == arity_error(cmd.lower())


def test_del_does_not_count_an_expired_key(c):
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("SET", "k", "v", "PX", "1")
        time.sleep(0.02)
        assert c.execute_command("DEL", "k") == 0
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")


# ---- EXISTS / TYPE ------------------------------------------------------------------------------------------

def test_exists_counts_every_argument(c):
    c.execute_command("SET", "a", "1")
    assert c.execute_command("EXISTS", "a") == 1
    assert c.execute_command("EXISTS", "nosuch") == 0
    assert c.execute_command("EXISTS", "a", "a", "nosuch", "a") == 3
    assert error_of(c, "EXISTS") == arity_error("exists")


def test_type(c):
    c.execute_command("SET", "s", "hello")
    c.execute_command("SET", "n", "12")
    assert c.execute_command("TYPE", "s") == "string"
    assert c.execute_command("TYPE", "n") == "string"
    assert c.execute_command("TYPE", "nosuch") == "none"
    assert error_of(c, "TYPE") == arity_error("type")
    assert error_of(c, "TYPE", "a", "b") == arity_error("type")


# ---- RENAME / RENAMENX --------------------------------------------------------------------------------------

def test_rename(c):
    c.execute_command("SET", "a", "1")
    assert c.execute_command("RENAME", "a", "b") == "OK"
    assert c.execute_command("EXISTS", "a") == 0
    assert c.execute_command("GET", "b") == "1"
    # The target is overwritten, whatever it held.
    c.execute_command("SET", "c", "3")
    assert c.execute_command("RENAME", "b", "c") == "OK"
    assert c.execute_command("GET", "c") == "1"
    assert c.execute_command("DBSIZE") == 1


def test_rename_errors_and_same_name(c):
    assert error_of(c, "RENAME", "nosuch", "b") == "no such key"
    assert error_of(c, "RENAME", "nosuch", "nosuch") == "no such key"
    assert error_of(c, "RENAMENX", "nosuch", "b") == "no such key"
    c.execute_command("SET", "a", "1")
    assert c.execute_command("RENAME", "a", "a") == "OK"
    assert c.execute_command("RENAMENX", "a", "a") == 0
    assert c.execute_command("GET", "a") == "1"
    assert error_of(c, "RENAME", "a") == arity_error("rename")
    assert error_of(c, "RENAMENX", "a", "b", "c") == arity_error("renamenx")


def test_rename_keeps_the_ttl(c):
    c.execute_command("SET", "a", "1", "EX", "100")
    c.execute_command("RENAME", "a", "b")
    assert 99 <= c.execute_command("TTL", "b") <= 100
    c.execute_command("SET", "plain", "x")
    c.execute_command("SET", "volatile", "y", "EX", "100")
    # Overwriting a volatile target leaves no TTL behind when the source has none.
    c.execute_command("RENAME", "plain", "volatile")
    assert c.execute_command("TTL", "volatile") == -1


def test_renamenx(c):
    c.execute_command("MSET", "a", "1", "b", "2")
    assert c.execute_command("RENAMENX", "a", "b") == 0
    assert c.execute_command("MGET", "a", "b") == ["1", "2"]
    assert c.execute_command("RENAMENX", "a", "c") == 1
    assert c.execute_command("MGET", "a", "c") == [None, "1"]


# ---- COPY ---------------------------------------------------------------------------------------------------

def test_copy(c):
    c.execute_command("SET", "src", "hello")
    assert c.execute_command("COPY", "src", "dst") == 1
    assert c.execute_command("MGET", "src", "dst") == ["hello", "hello"]
    # An existing target is left alone unless REPLACE.
    c.execute_command("SET", "other", "x")
    assert c.execute_command("COPY", "other", "dst") == 0
    assert c.execute_command("GET", "dst") == "hello"
    assert c.execute_command("COPY", "other", "dst", "REPLACE") == 1
    assert c.execute_command("GET", "dst") == "x"
    assert c.execute_command("COPY", "nosuch", "dst") == 0
    # The copy is independent of its source.
    c.execute_command("APPEND", "dst", "yz")
    assert c.execute_command("MGET", "other", "dst") == ["x", "xyz"]


def test_copy_keeps_ttl_and_encoding(c):
    c.execute_command("SET", "n", "123", "EX", "100")
    c.execute_command("COPY", "n", "m")
    assert 99 <= c.execute_command("TTL", "m") <= 100
    assert c.execute_command("OBJECT", "ENCODING", "m") == "int"
    c.execute_command("SET", "long", "x" * 100)
    c.execute_command("COPY", "long", "long2")
    assert c.execute_command("OBJECT", "ENCODING", "long2") == "raw"
    assert c.execute_command("TTL", "long2") == -1


def test_copy_to_another_db(c):
    c.execute_command("SET", "k", "v")
    assert c.execute_command("COPY", "k", "k", "DB", "1") == 1
    assert c.execute_command("COPY", "k", "k", "DB", "1") == 0
    assert c.execute_command("COPY", "k", "k", "db", "1", "replace") == 1
    c.execute_command("SELECT", "1")
    assert c.execute_command("GET", "k") == "v"
    c.execute_command("SELECT", "0")
    assert c.execute_command("GET", "k") == "v"


def test_copy_errors(c):
    c.execute_command("SET", "a", "1")
    assert error_of(c, "COPY", "a", "a") == "source and destination objects are the same"
    assert error_of(c, "COPY", "a", "a", "DB", "0") == "source and destination objects are the same"
    assert error_of(c, "COPY", "a", "b", "DB", "16") == "DB index is out of range"
    assert error_of(c, "COPY", "nosuch", "b", "DB", "-1") == "DB index is out of range"
    assert error_of(c, "COPY", "a", "b", "DB", "x") == "value is not an integer or out of range"
    assert error_of(c, "COPY", "a", "b", "DB", "99999999999") == \
        "value is out of range, value must between -2147483648 and 2147483647"
    assert error_of(c, "COPY", "a", "b", "DB") == "syntax error"
    assert error_of(c, "COPY", "a", "b", "REPLACE", "DB") == "syntax error"
    assert error_of(c, "COPY", "a", "b", "foo") == "syntax error"
    assert error_of(c, "COPY", "a") == arity_error("copy")
    assert c.execute_command("EXISTS", "b") == 0


# ---- MOVE ---------------------------------------------------------------------------------------------------

def test_move(c):
    c.execute_command("SET", "k", "v", "EX", "100")
    assert c.execute_command("MOVE", "k", "1") == 1
    assert c.execute_command("EXISTS", "k") == 0
    assert c.execute_command("MOVE", "k", "1") == 0  # no longer here
    c.execute_command("SELECT", "1")
    assert c.execute_command("GET", "k") == "v"
    assert 99 <= c.execute_command("TTL", "k") <= 100
    c.execute_command("SELECT", "0")
    # A key that exists in the target db is not moved.
    c.execute_command("SET", "k", "here")
    assert c.execute_command("MOVE", "k", "1") == 0
    assert c.execute_command("GET", "k") == "here"


def test_move_errors(c):
    c.execute_command("SET", "k", "v")
    assert error_of(c, "MOVE", "k", "0") == "source and destination objects are the same"
    assert error_of(c, "MOVE", "k", "16") == "DB index is out of range"
    assert error_of(c, "MOVE", "k", "-1") == "DB index is out of range"
    assert error_of(c, "MOVE", "k", "x") == "value is not an integer or out of range"
    assert error_of(c, "MOVE", "k", "99999999999") == \
        "value is out of range, value must between -2147483648 and 2147483647"
    assert error_of(c, "MOVE", "k") == arity_error("move")


# ---- KEYS ---------------------------------------------------------------------------------------------------

def test_keys(c):
    c.execute_command("MSET", "foo", "1", "foobar", "2", "bar", "3", "f?o", "4", "", "5")
    assert sorted(c.execute_command("KEYS", "*")) == ["", "bar", "f?o", "foo", "foobar"]
    assert sorted(c.execute_command("KEYS", "foo*")) == ["foo", "foobar"]
    assert sorted(c.execute_command("KEYS", "f?o")) == ["f?o", "foo"]
    assert c.execute_command("KEYS", r"f\?o") == ["f?o"]
    assert sorted(c.execute_command("KEYS", "[bf]*r")) == ["bar", "foobar"]
    assert c.execute_command("KEYS", "FOO") == []  # case-sensitive
    assert c.execute_command("KEYS", "nomatch*") == []
    assert error_of(c, "KEYS") == arity_error("keys")


def test_keys_skips_expired_keys(c):
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("SET", "live", "1")
        c.execute_command("SET", "dead", "2", "PX", "1")
        time.sleep(0.02)
        assert c.execute_command("KEYS", "*") == ["live"]
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")


# ---- SCAN ---------------------------------------------------------------------------------------------------

def test_scan_returns_every_key(c):
    names = [f"key:{i}" for i in range(1000)]
    c.execute_command("MSET", *[x for n in names for x in (n, "v")])
    seen = full_scan(c)
    assert set(seen) == set(names)
    seen = full_scan(c, "COUNT", "7")
    assert set(seen) == set(names)
    seen = full_scan(c, "COUNT", "1000000")
    assert set(seen) == set(names)


def test_scan_count_is_a_hint(c):
    c.execute_command("MSET", *[x for i in range(100) for x in (f"k{i}", "v")])
    cursor, keys = c.execute_command("SCAN", "0", "COUNT", "5")
    assert cursor != "0"
    assert 1 <= len(keys) <= 20
    cursor, keys = c.execute_command("SCAN", "0", "COUNT", "1000")
    assert cursor == "0"
    assert len(keys) == 100


def test_scan_match(c):
    c.execute_command("MSET", *[x for i in range(200) for x in (f"user:{i}", "v", f"item:{i}", "v")])
    seen = full_scan(c, "MATCH", "user:1*")
    expected = {f"user:{i}" for i in range(200) if str(i).startswith("1")}
    assert set(seen) == expected
    assert set(full_scan(c, "MATCH", "*")) == {f"{p}:{i}" for p in ("user", "item") for i in range(200)}
    assert full_scan(c, "MATCH", "nothing*") == []


def test_scan_type(c):
    c.execute_command("MSET", "a", "1", "b", "2")
    assert sorted(full_scan(c, "TYPE", "string")) == ["a", "b"]
    assert sorted(full_scan(c, "TYPE", "STRING")) == ["a", "b"]
    assert full_scan(c, "TYPE", "list") == []
    # Redis 7.0 treats an unknown type name as matching nothing, not as an error.
    assert full_scan(c, "TYPE", "nosuchtype") == []
    assert sorted(full_scan(c, "MATCH", "a*", "COUNT", "100", "TYPE", "string")) == ["a"]


def test_scan_cursor_parsing(c):
    c.execute_command("SET", "a", "1")
    assert error_of(c, "SCAN", "x") == "invalid cursor"
    assert error_of(c, "SCAN", "0x") == "invalid cursor"
    assert error_of(c, "SCAN", " 1") == "invalid cursor"
    assert error_of(c, "SCAN", "18446744073709551616") == "invalid cursor"
    # strtoul's leniency is kept: an empty cursor is 0, '+' and '-' are accepted.
    assert c.execute_command("SCAN", "") == ["0", ["a"]]
    c.execute_command("SCAN", "+5")
    c.execute_command("SCAN", "-1")
    c.execute_command("SCAN", "18446744073709551615")


def test_scan_option_errors(c):
    assert error_of(c, "SCAN", "0", "COUNT", "0") == "syntax error"
    assert error_of(c, "SCAN", "0", "COUNT", "-1") == "syntax error"
    assert error_of(c, "SCAN", "0", "COUNT", "x") == "value is not an integer or out of range"
    assert error_of(c, "SCAN", "0", "COUNT") == "syntax error"
    assert error_of(c, "SCAN", "0", "MATCH") == "syntax error"
    assert error_of(c, "SCAN", "0", "TYPE") == "syntax error"
    assert error_of(c, "SCAN", "0", "FOO", "bar") == "syntax error"
    assert error_of(c, "SCAN") == arity_error("scan")


def test_scan_skips_expired_keys(c):
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("SET", "live", "1")
        c.execute_command("SET", "dead", "2", "PX", "1")
        time.sleep(0.02)
        assert full_scan(c) == ["live"]
        # SCAN met the expired key and deleted it, as Redis does.
        assert c.execute_command("DBSIZE") == 1
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")


# ---- RANDOMKEY ----------------------------------------------------------------------------------------------

def test_randomkey(c):
    assert c.execute_command("RANDOMKEY") is None
    c.execute_command("SET", "only", "1")
    assert c.execute_command("RANDOMKEY") == "only"
    c.execute_command("MSET", "a", "1", "b", "2")
    seen = {c.execute_command("RANDOMKEY") for _ in range(200)}
    assert seen <= {"only", "a", "b"}
    assert len(seen) >= 2
    assert error_of(c, "RANDOMKEY", "x") == arity_error("randomkey")


# ---- TOUCH --------------------------------------------------------------------------------------------------

def test_touch(c):
    c.execute_command("MSET", "a", "1", "b", "2")
    assert c.execute_command("TOUCH", "a", "b", "nosuch", "a") == 3
    assert c.execute_command("TOUCH", "nosuch") == 0
    assert error_of(c, "TOUCH") == arity_error("touch")


# ---- OBJECT -------------------------------------------------------------------------------------------------

def test_object_encoding(c):
    c.execute_command("SET", "int", "12345")
    c.execute_command("SET", "neg", "-7")
    c.execute_command("SET", "notcanonical", "007")
    c.execute_command("SET", "short", "hello")
    c.execute_command("SET", "long", "x" * 45)
    assert c.execute_command("OBJECT", "ENCODING", "int") == "int"
    assert c.execute_command("OBJECT", "ENCODING", "neg") == "int"
    assert c.execute_command("OBJECT", "ENCODING", "notcanonical") == "embstr"
    assert c.execute_command("OBJECT", "ENCODING", "short") == "embstr"
    assert c.execute_command("OBJECT", "encoding", "long") == "raw"
    assert c.execute_command("OBJECT", "ENCODING", "nosuch") is None


def test_object_refcount(c):
    # Redis shares the integers 0..9999 when no LRU/LFU maxmemory policy is in force.
    c.execute_command("MSET", "small", "42", "zero", "0", "edge", "9999", "big", "10000", "neg", "-1", "s", "abc")
    assert c.execute_command("OBJECT", "REFCOUNT", "small") == 2147483647
    assert c.execute_command("OBJECT", "REFCOUNT", "zero") == 2147483647
    assert c.execute_command("OBJECT", "REFCOUNT", "edge") == 2147483647
    assert c.execute_command("OBJECT", "REFCOUNT", "big") == 1
    assert c.execute_command("OBJECT", "REFCOUNT", "neg") == 1
    assert c.execute_command("OBJECT", "REFCOUNT", "s") == 1
    assert c.execute_command("OBJECT", "REFCOUNT", "nosuch") is None


def test_object_idletime_is_not_reset_by_inspection(c):
    c.execute_command("SET", "k", "v")
    assert c.execute_command("OBJECT", "IDLETIME", "k") <= 1
    time.sleep(1.5)
    # Reading metadata (OBJECT, TYPE, EXISTS, TTL) leaves the access time alone, as Redis's LOOKUP_NOTOUCH.
    c.execute_command("TYPE", "k")
    c.execute_command("EXISTS", "k")
    c.execute_command("TTL", "k")
    c.execute_command("OBJECT", "ENCODING", "k")
    assert c.execute_command("OBJECT", "IDLETIME", "k") >= 1
    assert c.execute_command("OBJECT", "IDLETIME", "k") >= 1
    c.execute_command("TOUCH", "k")
    assert c.execute_command("OBJECT", "IDLETIME", "k") == 0
    assert c.execute_command("OBJECT", "IDLETIME", "nosuch") is None


def test_object_freq_needs_lfu(c):
    c.execute_command("SET", "k", "v")
    assert error_of(c, "OBJECT", "FREQ", "k") == (
        "An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching "
        "between policies at runtime LRU and LFU data will take some time to adjust.")
    assert c.execute_command("OBJECT", "FREQ", "nosuch") is None


def test_object_under_lfu(fresh_ringkv):
    s = fresh_ringkv("--maxmemory-policy", "allkeys-lfu")
    c = s.client(decode_responses=True)
    c.response_callbacks.clear()
    try:
        c.execute_command("SET", "k", "v")
        assert 0 <= c.execute_command("OBJECT", "FREQ", "k") <= 255
        assert error_of(c, "OBJECT", "IDLETIME", "k") == (
            "An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between "
            "policies at runtime LRU and LFU data will take some time to adjust.")
    finally:
        c.close()


def test_object_help_and_errors(c):
    lines = c.execute_command("OBJECT", "HELP")
    assert lines[0] == "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert "ENCODING <key>" in lines
    assert "REFCOUNT <key>" in lines
    assert lines[-2:] == ["HELP", "    Prints this help."]
    assert error_of(c, "OBJECT", "foo") == "unknown subcommand 'foo'. Try OBJECT HELP."
    assert error_of(c, "OBJECT", "foo", "k") == "unknown subcommand 'foo'. Try OBJECT HELP."
    assert error_of(c, "OBJECT") == arity_error("object")
    assert error_of(c, "OBJECT", "ENCODING") == arity_error("object|encoding")
    assert error_of(c, "OBJECT", "ENCODING", "a", "b") == arity_error("object|encoding")
    assert error_of(c, "OBJECT", "HELP", "x") == arity_error("object|help")
