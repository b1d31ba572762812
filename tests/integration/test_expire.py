"""Key expiry (core/commands/keys.cc, and the server's lazy and active expiry) as a redis-cli session: EXPIRE,
PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST. Expected replies
are Redis 7.0.15's, checked against Debian's redis-server."""
import time

import pytest
import redis

INT64_MAX = 2**63 - 1


@pytest.fixture
def c(ringkv):
    client = ringkv.client(decode_responses=True)
    client.response_callbacks.clear()  # raw integer replies, as redis-cli shows them
    client.flushall()
    yield client
    client.close()


def error_of(c, *args):
    with pytest.raises(redis.ResponseError) as e:
        c.execute_command(*args)
    return str(e.value)


def now_ms():
    return int(time.time() * 1000)


# ---- setting and reading a TTL ------------------------------------------------------------------------------

def test_expire_and_ttl(c):
    c.execute_command("SET", "k", "v")
    assert c.execute_command("TTL", "k") == -1
    assert c.execute_command("PTTL", "k") == -1
    assert c.execute_command("EXPIRETIME", "k") == -1
    assert c.execute_command("PEXPIRETIME", "k") == -1
    assert c.execute_command("EXPIRE", "k", "100") == 1
    assert 99 <= c.execute_command("TTL", "k") <= 100
    assert 99000 <= c.execute_command("PTTL", "k") <= 100000
    at = c.execute_command("PEXPIRETIME", "k")
    assert abs(at - (now_ms() + 100000)) < 2000
    assert c.execute_command("EXPIRETIME", "k") == (at + 500) // 1000
    for cmd in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"):
        assert c.execute_command(cmd, "nosuch") == -2


def test_ttl_rounds_to_the_nearest_second(c):
    c.execute_command("SET", "k", "v")
    c.execute_command("PEXPIRE", "k", "2700")
    assert c.execute_command("TTL", "k") == 3
    c.execute_command("PEXPIRE", "k", "2300")
    assert c.execute_command("TTL", "k") == 2


def test_the_four_setters(c):
    c.execute_command("MSET", "a", "1", "b", "2", "c", "3", "d", "4")
    t = now_ms()
    assert c.execute_command("EXPIRE", "a", "100") == 1
    assert c.execute_command("PEXPIRE", "b", "100000") == 1
    assert c.execute_command("EXPIREAT", "c", str(t // 1000 + 100)) == 1
    assert c.execute_command("PEXPIREAT", "d", str(t + 100000)) == 1
    for k in "abcd":
        assert 98 <= c.execute_command("TTL", k) <= 100
    assert c.execute_command("PEXPIRETIME", "d") == t + 100000
    assert c.execute_command("EXPIRETIME", "c") == t // 1000 + 100
    for cmd in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        assert c.execute_command(cmd, "nosuch", "100") == 0


def test_a_time_in_the_past_deletes_the_key(c):
    c.execute_command("MSET", "a", "1", "b", "2", "c", "3", "d", "4")
    assert c.execute_command("EXPIRE", "a", "-1") == 1
    assert c.execute_command("PEXPIRE", "b", "0") == 1
    assert c.execute_command("EXPIREAT", "c", "1") == 1
    assert c.execute_command("PEXPIREAT", "d", str(now_ms() - 1000)) == 1
    assert c.execute_command("DBSIZE") == 0
    assert c.execute_command("EXPIRE", "a", "-1") == 0


def test_extreme_times(c):
    c.execute_command("SET", "k", "v")
    assert c.execute_command("PEXPIREAT", "k", str(INT64_MAX)) == 1
    assert c.execute_command("PEXPIRETIME", "k") == INT64_MAX
    # Rounded without overflowing, as Redis's build does.
    assert c.execute_command("EXPIRETIME", "k") == 9223372036854776
    assert c.execute_command("EXPIREAT", "k", "9223372036854775") == 1
    assert c.execute_command("PEXPIRETIME", "k") == 9223372036854775000
    assert c.execute_command("EXPIRE", "k", "-9223372036854775") == 1  # far past, no overflow: deleted
    assert c.execute_command("EXISTS", "k") == 0


def test_expire_time_overflow(c):
    c.execute_command("SET", "k", "v")
    assert error_of(c, "EXPIRE", "k", "9223372036854776") == "invalid expire time in 'expire' command"
    assert error_of(c, "EXPIRE", "k", "-9223372036854776") == "invalid expire time in 'expire' command"
    assert error_of(c, "PEXPIRE", "k", str(INT64_MAX)) == "invalid expire time in 'pexpire' command"
    assert error_of(c, "EXPIREAT", "k", "9223372036854776") == "invalid expire time in 'expireat' command"
    # PEXPIREAT adds nothing, so no value of it can overflow; the key just gets that time.
    assert c.execute_command("PEXPIREAT", "k", str(INT64_MAX)) == 1
    # The time is checked before the key is looked up.
    assert error_of(c, "EXPIRE", "nosuch", "9223372036854776") == "invalid expire time in 'expire' command"


def test_expire_argument_errors(c):
    c.execute_command("SET", "k", "v")
    not_int = "value is not an integer or out of range"
    assert error_of(c, "EXPIRE", "k", "x") == not_int
    assert error_of(c, "EXPIRE", "k", "1.5") == not_int
    assert error_of(c, "PEXPIRE", "k", "") == not_int
    assert error_of(c, "EXPIRE", "nosuch", "x") == not_int
    assert error_of(c, "EXPIRE", "k", "10", "foo") == "Unsupported option foo"
    # Options are checked before the time.
    assert error_of(c, "EXPIRE", "k", "x", "foo") == "Unsupported option foo"
    for cmd in ("expire", "pexpire", "expireat", "pexpireat"):
        assert error_of(c, cmd, "k") == f"wrong number of arguments for '{cmd}' command"
    for cmd in ("ttl", "pttl", "expiretime", "pexpiretime", "persist"):
        assert error_of(c, cmd) == f"wrong number of arguments for '{cmd}' command"
        assert error_of(c, cmd, "a", "b") == f"wrong number of arguments for '{cmd}' command"
    assert c.execute_command("TTL", "k") == -1


# ---- NX / XX / GT / LT --------------------------------------------------------------------------------------

def test_expire_option_conflicts(c):
    c.execute_command("SET", "k", "v")
    nx_err = "NX and XX, GT or LT options at the same time are not compatible"
    assert error_of(c, "EXPIRE", "k", "10", "NX", "XX") == nx_err
    assert error_of(c, "EXPIRE", "k", "10", "nx", "gt") == nx_err
    assert error_of(c, "PEXPIRE", "k", "10", "LT", "NX") == nx_err
    assert error_of(c, "EXPIRE", "k", "10", "GT", "LT") == "GT and LT options at the same time are not compatible"
    assert c.execute_command("TTL", "k") == -1
    # XX with GT or LT is allowed, and repeating an option is harmless.
    assert c.execute_command("EXPIRE", "k", "10", "XX", "GT") == 0
    assert c.execute_command("EXPIRE", "k", "10", "NX", "NX") == 1


def test_expire_nx_xx(c):
    c.execute_command("SET", "k", "v")
    assert c.execute_command("EXPIRE", "k", "100", "XX") == 0
    assert c.execute_command("TTL", "k") == -1
    assert c.execute_command("EXPIRE", "k", "100", "NX") == 1
    assert c.execute_command("EXPIRE", "k", "200", "NX") == 0
    assert c.execute_command("EXPIRE", "k", "200", "XX") == 1
    assert 199 <= c.execute_command("TTL", "k") <= 200


def test_expire_gt_lt(c):
    c.execute_command("SET", "k", "v")
    # No TTL counts as an infinite one: GT never beats it, LT always does.
    assert c.execute_command("EXPIRE", "k", "100", "GT") == 0
    assert c.execute_command("TTL", "k") == -1
    assert c.execute_command("EXPIRE", "k", "100", "LT") == 1
    assert c.execute_command("EXPIRE", "k", "50", "GT") == 0
    assert c.execute_command("EXPIRE", "k", "200", "GT") == 1
    assert 199 <= c.execute_command("TTL", "k") <= 200
    assert c.execute_command("EXPIRE", "k", "300", "LT") == 0
    assert c.execute_command("EXPIRE", "k", "150", "lt") == 1
    assert 149 <= c.execute_command("TTL", "k") <= 150
    assert c.execute_command("EXPIRE", "k", "150", "XX", "LT") == 0  # not strictly less (same second, later ms)
    # LT with a time in the past deletes the key.
    assert c.execute_command("EXPIRE", "k", "-1", "LT") == 1
    assert c.execute_command("EXISTS", "k") == 0


# ---- PERSIST ------------------------------------------------------------------------------------------------

def test_persist(c):
    c.execute_command("SET", "k", "v", "EX", "100")
    assert c.execute_command("PERSIST", "k") == 1
    assert c.execute_command("TTL", "k") == -1
    assert c.execute_command("PERSIST", "k") == 0
    assert c.execute_command("PERSIST", "nosuch") == 0
    assert c.execute_command("GET", "k") == "v"


# ---- expiry happening ---------------------------------------------------------------------------------------

def test_lazy_expiry(c):
    # With active expiry off, only an access can find the key dead.
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("SET", "k", "v")
        assert c.execute_command("PEXPIRE", "k", "100") == 1
        assert c.execute_command("GET", "k") == "v"
        time.sleep(0.2)
        assert c.execute_command("DBSIZE") == 1  # still stored
        assert c.execute_command("GET", "k") is None
        assert c.execute_command("DBSIZE") == 0  # the GET deleted it
        c.execute_command("SET", "j", "v", "PX", "50")
        time.sleep(0.1)
        assert c.execute_command("TTL", "j") == -2
        assert c.execute_command("EXISTS", "j") == 0
        c.execute_command("SET", "x", "v", "PX", "50")
        time.sleep(0.1)
        assert c.execute_command("EXPIRE", "x", "100") == 0
        assert c.execute_command("PERSIST", "x") == 0
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_active_expiry(c):
    c.execute_command("MSET", *[x for i in range(200) for x in (f"k{i}", "v")])
    for i in range(100):
        c.execute_command("PEXPIRE", f"k{i}", "100")
    assert c.execute_command("DBSIZE") == 200
    # Nothing touches the volatile keys again: the server's cron (hz 10) has to find them.
    deadline = time.time() + 2.0
    while time.time() < deadline and c.execute_command("DBSIZE") != 100:
        time.sleep(0.05)
    assert c.execute_command("DBSIZE") == 100
    assert c.execute_command("EXISTS", "k100", "k199") == 2


def test_expired_key_is_gone_for_every_command(c):
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("MSET", "a", "1", "b", "2")
        c.execute_command("PEXPIRE", "a", "30")
        time.sleep(0.06)
        assert c.execute_command("TYPE", "a") == "none"
        assert c.execute_command("OBJECT", "ENCODING", "a") is None
        assert error_of(c, "RENAME", "a", "z") == "no such key"
        assert c.execute_command("COPY", "a", "z") == 0
        assert c.execute_command("MOVE", "a", "1") == 0
        assert c.execute_command("KEYS", "*") == ["b"]
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_overwriting_an_expired_target(c):
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        c.execute_command("MSET", "src", "1", "dst", "2")
        c.execute_command("PEXPIRE", "dst", "30")
        time.sleep(0.06)
        # The expired target counts as absent, for RENAMENX and COPY alike.
        assert c.execute_command("COPY", "src", "dst") == 1
        assert c.execute_command("TTL", "dst") == -1
        c.execute_command("PEXPIRE", "dst", "30")
        time.sleep(0.06)
        assert c.execute_command("RENAMENX", "src", "dst") == 1
        assert c.execute_command("GET", "dst") == "1"
    finally:
        c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "1")
