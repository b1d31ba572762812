"""Transactions over the wire, each test run against redis-server 7.0.15 and ringkv side by side (the expected
bytes are what redis-server answers): MULTI/EXEC replies, queue-time errors and EXECABORT (unknown command,
arity, no-multi commands, unknown subcommands, a refused EXEC, OOM while queueing), run-time errors that do not
roll back, WATCH broken by another client's write, delete, expiry, FLUSHDB, SWAPDB, RENAME and MOVE (and not by
a flush or swap that does not touch the key, nor by the deletion of a key already expired when watched),
UNWATCH, DISCARD and RESET, CLIENT LIST flags x/d and multi=, and RESP3 shapes."""
import time

import pytest

from test_blocking import Raw, encode


@pytest.fixture(params=["redis", "ringkv"])
def srv(request, redis_server, ringkv):
    s = redis_server if request.param == "redis" else ringkv
    c = s.client()
    c.flushall()
    c.config_set("timeout", 0)
    c.close()
    yield s


def run(conn, *cmds):
    """Sends every command (each a tuple) in one write and returns their raw replies."""
    conn.send(b"".join(encode(*c) for c in cmds))
    return [conn.reply() for _ in cmds]


def tx(conn, *cmds):
    """MULTI, the commands, EXEC: returns EXEC's raw reply after checking every command was queued."""
    replies = run(conn, ("MULTI",), *cmds, ("EXEC",))
    assert replies[0] == b"+OK\r\n"
    assert replies[1:-1] == [b"+QUEUED\r\n"] * len(cmds)
    return replies[-1]


@pytest.fixture
def two(srv):
    a, b = Raw(srv.port), Raw(srv.port)
    yield a, b
    a.close()
    b.close()


def test_exec_runs_the_queue_and_replies_an_array(srv, two):
    a, _ = two
    assert tx(a, ("SET", "k", "v"), ("GET", "k"), ("INCR", "n"), ("LPUSH", "l", "x", "y"), ("LRANGE", "l", 0, -1)) == (
        b"*5\r\n+OK\r\n$1\r\nv\r\n:1\r\n:2\r\n*2\r\n$1\r\ny\r\n$1\r\nx\r\n")
    assert tx(a) == b"*0\r\n"
    # SELECT inside the transaction stays in effect after it.
    assert tx(a, ("SELECT", 1), ("SET", "k", "db1")) == b"*2\r\n+OK\r\n+OK\r\n"
    assert run(a, ("GET", "k"), ("SELECT", 0), ("GET", "k")) == [b"$3\r\ndb1\r\n", b"+OK\r\n", b"$1\r\nv\r\n"]


def test_run_time_errors_do_not_roll_back(srv, two):
    a, _ = two
    run(a, ("SET", "s", "text"))
    assert tx(a, ("INCR", "s"), ("SET", "k", "1"), ("LPUSH", "s", "x"), ("INCR", "k")) == (
        b"*4\r\n-ERR value is not an integer or out of range\r\n+OK\r\n"
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n:2\r\n")
    assert run(a, ("GET", "k")) == [b"$1\r\n2\r\n"]


def test_transaction_control_errors(srv, two):
    a, _ = two
    assert run(a, ("EXEC",), ("DISCARD",)) == [b"-ERR EXEC without MULTI\r\n", b"-ERR DISCARD without MULTI\r\n"]
    # Nested MULTI and WATCH inside MULTI are refused but do not fail the transaction.
    assert run(a, ("MULTI",), ("MULTI",), ("WATCH", "k"), ("SET", "k", "1"), ("EXEC",)) == [
        b"+OK\r\n", b"-ERR MULTI calls can not be nested\r\n", b"-ERR WATCH inside MULTI is not allowed\r\n",
        b"+QUEUED\r\n", b"*1\r\n+OK\r\n"]
    # DISCARD drops the queue; UNWATCH is queued like any other command.
    assert run(a, ("MULTI",), ("SET", "k", "2"), ("DISCARD",), ("GET", "k")) == [
        b"+OK\r\n", b"+QUEUED\r\n", b"+OK\r\n", b"$1\r\n1\r\n"]
    assert tx(a, ("UNWATCH",), ("PING",)) == b"*2\r\n+OK\r\n+PONG\r\n"


@pytest.mark.parametrize("bad, error", [
    (("NOSUCH", "a"), b"-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n"),
    (("GET",), b"-ERR wrong number of arguments for 'get' command\r\n"),
    (("SHUTDOWN", "NOSAVE"), b"-ERR Command not allowed inside a transaction\r\n"),
    (("CONFIG", "NOPE"), b"-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n"),
    (("WATCH",), b"-ERR wrong number of arguments for 'watch' command\r\n"),
    (("DISCARD", "x"), b"-ERR wrong number of arguments for 'discard' command\r\n"),
])
def test_queue_time_errors_abort_exec(srv, two, bad, error):
    a, _ = two
    assert run(a, ("MULTI",), ("SET", "k", "1"), bad, ("SET", "k2", "1"), ("EXEC",), ("EXISTS", "k", "k2")) == [
        b"+OK\r\n", b"+QUEUED\r\n", error, b"+QUEUED\r\n",
        b"-EXECABORT Transaction discarded because of previous errors.\r\n", b":0\r\n"]
    # The transaction is over: a new one works.
    assert tx(a, ("PING",)) == b"*1\r\n+PONG\r\n"


def test_refused_exec_discards_the_transaction(srv, two):
    a, _ = two
    assert run(a, ("MULTI",), ("SET", "k", "1"), ("EXEC", "x"), ("EXEC",), ("EXISTS", "k")) == [
        b"+OK\r\n", b"+QUEUED\r\n",
        b"-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
        b"-ERR EXEC without MULTI\r\n", b":0\r\n"]


def test_oom_refuses_queueing_and_an_exec_that_would_grow_memory(srv, two):
    a, b = two
    try:
        assert run(a, ("MULTI",), ("SET", "k", "1")) == [b"+OK\r\n", b"+QUEUED\r\n"]
        assert run(b, ("CONFIG", "SET", "maxmemory", 1)) == [b"+OK\r\n"]
        assert run(a, ("EXEC",)) == [
            b"-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n"]
        # Inside MULTI even a read is refused (queueing grows memory); EXEC then aborts.
        assert run(a, ("MULTI",), ("GET", "k"), ("EXEC",)) == [
            b"+OK\r\n", b"-OOM command not allowed when used memory > 'maxmemory'.\r\n",
            b"-EXECABORT Transaction discarded because of previous errors.\r\n"]
        # A transaction of reads queued before the limit still runs.
        assert run(b, ("CONFIG", "SET", "maxmemory", 0)) == [b"+OK\r\n"]
        assert run(a, ("MULTI",), ("GET", "k")) == [b"+OK\r\n", b"+QUEUED\r\n"]
        assert run(b, ("CONFIG", "SET", "maxmemory", 1)) == [b"+OK\r\n"]
        assert run(a, ("EXEC",)) == [b"*1\r\n$-1\r\n"]
    finally:
        run(b, ("CONFIG", "SET", "maxmemory", 0))


def test_watch_broken_by_another_clients_write(srv, two):
    a, b = two
    assert run(a, ("WATCH", "k", "other")) == [b"+OK\r\n"]
    run(b, ("SET", "k", "x"))
    assert tx(a, ("SET", "k", "mine")) == b"*-1\r\n"
    assert run(a, ("GET", "k")) == [b"$1\r\nx\r\n"]
    # EXEC unwatched everything: the next transaction runs.
    run(b, ("SET", "k", "y"))
    assert tx(a, ("SET", "k", "mine")) == b"*1\r\n+OK\r\n"
    # Untouched watches let EXEC run; the client's own write breaks its watch too.
    assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
    assert tx(a, ("GET", "k")) == b"*1\r\n$4\r\nmine\r\n"
    assert run(a, ("WATCH", "k"), ("SET", "k", "own")) == [b"+OK\r\n", b"+OK\r\n"]
    assert tx(a, ("GET", "k")) == b"*-1\r\n"


@pytest.mark.parametrize("setup, change, broken", [
    ([("SET", "k", "1")], ("SET", "k", "1"), True),           # the same value still counts
    ([("SET", "k", "1")], ("DEL", "k"), True),
    ([], ("DEL", "k"), False),                                  # nothing to delete
    ([], ("SET", "k", "new"), True),
    ([("SET", "k", "1")], ("EXPIRE", "k", 100), True),
    ([("SET", "k", "1")], ("RENAME", "k", "k2"), True),
    ([("SET", "j", "1")], ("RENAME", "j", "k"), True),
    ([("SET", "k", "1")], ("MOVE", "k", 1), True),
    ([("SET", "k", "1")], ("FLUSHDB",), True),
    ([("SET", "other", "1")], ("FLUSHDB",), False),             # the watched key was not there
    ([("SET", "k", "1")], ("FLUSHALL",), True),
    ([("SET", "other", "1")], ("SWAPDB", 0, 1), False),         # absent from both dbs
    ([("SET", "k", "1")], ("SWAPDB", 0, 1), True),
    ([("SELECT", 1), ("SET", "k", "1"), ("SELECT", 0)], ("SWAPDB", 0, 1), True),
    ([("SELECT", 1), ("SET", "k", "1"), ("SELECT", 0)], ("SWAPDB", 1, 2), False),
    ([("SET", "k", "1")], ("GET", "k"), False),
    ([("RPUSH", "k", "a")], ("LREM", "k", 0, "zzz"), False),     # a write that changes nothing
])
def test_what_breaks_a_watch(srv, two, setup, change, broken):
    a, b = two
    for cmd in setup:
        run(b, cmd)
    run(b, ("SELECT", 0))
    assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
    run(b, change)
    assert tx(a, ("PING",)) == (b"*-1\r\n" if broken else b"*1\r\n+PONG\r\n")


def test_watch_is_per_db(srv, two):
    a, b = two
    # The same name in another db is another key.
    assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
    assert run(b, ("SELECT", 1), ("SET", "k", "1"), ("SELECT", 0)) == [b"+OK\r\n"] * 3
    assert tx(a, ("PING",)) == b"*1\r\n+PONG\r\n"
    # Watched in db 0; the client then selects db 1: a change in db 0 still breaks it.
    assert run(a, ("WATCH", "k"), ("SELECT", 1)) == [b"+OK\r\n", b"+OK\r\n"]
    run(b, ("SET", "k", "1"))
    assert tx(a, ("PING",)) == b"*-1\r\n"


def test_watched_key_expiring_before_exec_breaks_it(srv, two):
    a, b = two
    run(b, ("SET", "k", "v", "PX", 100))
    assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
    time.sleep(0.25)
    # Nobody touched the key, but it expired while watched.
    assert tx(a, ("PING",)) == b"*-1\r\n"


def test_key_already_expired_when_watched(srv, two):
    a, b = two
    for setter in ([], [("GET", "k")], [("SET", "k", "x")], [("FLUSHDB",)]):
        run(b, ("SET", "k", "v", "PX", 20))
        time.sleep(0.1)
        assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
        for cmd in setter:
            run(b, cmd)
        # Its lazy deletion (by GET) or its flush is no logical change; a new value is.
        expected = b"*-1\r\n" if setter == [("SET", "k", "x")] else b"*1\r\n+PONG\r\n"
        assert tx(a, ("PING",)) == expected, setter
        run(b, ("DEL", "k"))


def test_unwatch_and_discard_forget_watches(srv, two):
    a, b = two
    assert run(a, ("WATCH", "k"), ("UNWATCH",)) == [b"+OK\r\n", b"+OK\r\n"]
    run(b, ("SET", "k", "1"))
    assert tx(a, ("PING",)) == b"*1\r\n+PONG\r\n"
    # UNWATCH also clears a watch that already broke.
    assert run(a, ("WATCH", "k")) == [b"+OK\r\n"]
    run(b, ("SET", "k", "2"))
    assert run(a, ("UNWATCH",)) == [b"+OK\r\n"]
    assert tx(a, ("PING",)) == b"*1\r\n+PONG\r\n"
    assert run(a, ("WATCH", "k"), ("MULTI",), ("DISCARD",)) == [b"+OK\r\n"] * 3
    run(b, ("SET", "k", "3"))
    assert tx(a, ("PING",)) == b"*1\r\n+PONG\r\n"


def test_reset_ends_the_transaction_and_its_watches(srv, two):
    a, b = two
    assert run(a, ("WATCH", "k"), ("MULTI",), ("SET", "k", "1"), ("RESET",), ("EXEC",)) == [
        b"+OK\r\n", b"+OK\r\n", b"+QUEUED\r\n", b"+RESET\r\n", b"-ERR EXEC without MULTI\r\n"]
    run(b, ("SET", "k", "2"))
    assert tx(a, ("GET", "k")) == b"*1\r\n$1\r\n2\r\n"


def test_client_list_flags_and_queue_length(srv, two):
    a, b = two
    me = int(a.call("CLIENT", "ID")[1:-2])

    def entry():
        listing = b.call("CLIENT", "LIST").split(b"\r\n", 1)[1].decode()
        line = [x for x in listing.split("\n") if x.startswith(f"id={me} ")][0]
        fields = dict(f.split("=", 1) for f in line.split(" "))
        return fields["flags"], fields["multi"], fields["cmd"]

    assert entry() == ("N", "-1", "client|id")
    run(a, ("WATCH", "k"), ("MULTI",), ("SET", "k", "1"), ("GET", "k"))
    assert entry()[:2] == ("x", "2")
    a.send(encode("EXEC"))
    assert a.reply() == b"*2\r\n+OK\r\n$1\r\n1\r\n"
    run(a, ("WATCH", "k"))
    run(b, ("SET", "k", "2"))
    run(a, ("MULTI",), ("PING",))
    # A transaction that already failed keeps nothing of what is queued after.
    assert entry() == ("xd", "0", "ping")
    assert run(a, ("EXEC",)) == [b"*-1\r\n"]
    assert entry() == ("N", "-1", "exec")


def test_resp3_shapes(srv, two):
    a, b = Raw(srv.port, resp3=True), two[1]
    try:
        run(a, ("HSET", "h", "f", "v"))
        assert tx(a, ("HGETALL", "h"), ("GET", "nokey"), ("INCRBYFLOAT", "fl", "1.5")) == (
            b"*3\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n$3\r\n1.5\r\n")
        run(a, ("WATCH", "h"))
        run(b, ("DEL", "h"))
        assert tx(a, ("PING",)) == b"_\r\n"
    finally:
        a.close()


def test_other_clients_run_nothing_in_between(srv, two):
    a, b = two
    # The whole EXEC runs in one go: b's INCR, sent while a's transaction is queued, sees none or all of it.
    run(a, ("MULTI",), *[("INCR", "n")] * 50)
    run(b, ("SET", "n", 1000))
    reply = run(a, ("EXEC",))[0]
    assert reply.startswith(b"*50\r\n:1001\r\n") and reply.endswith(b":1050\r\n")


def test_write_pause_holds_an_exec_that_would_write(srv, two):
    a, b = two
    try:
        assert run(a, ("MULTI",), ("GET", "k")) == [b"+OK\r\n", b"+QUEUED\r\n"]
        assert run(b, ("CLIENT", "PAUSE", 100000, "WRITE")) == [b"+OK\r\n"]
        assert run(a, ("EXEC",)) == [b"*1\r\n$-1\r\n"]  # only reads: not held
        run(b, ("CLIENT", "UNPAUSE"))
        assert run(a, ("MULTI",), ("SET", "k", "1")) == [b"+OK\r\n", b"+QUEUED\r\n"]
        assert run(b, ("CLIENT", "PAUSE", 100000, "WRITE")) == [b"+OK\r\n"]
        a.send(encode("EXEC"))
        assert a.nothing_pending()
        run(b, ("CLIENT", "UNPAUSE"))
        assert a.reply() == b"*1\r\n+OK\r\n"
    finally:
        run(b, ("CLIENT", "UNPAUSE"))


def test_command_and_error_stats(srv, two):
    a, b = two
    run(b, ("CONFIG", "RESETSTAT"))
    run(a, ("SET", "s", "x"))
    assert tx(a, ("INCR", "s"), ("GET", "s")).startswith(b"*2\r\n-ERR")
    assert run(a, ("MULTI",), ("GET",), ("EXEC",))[2].startswith(b"-EXECABORT")
    c = srv.client()
    try:
        stats = c.info("commandstats")
        fields = {name: {k: stats["cmdstat_" + name][k] for k in ("calls", "rejected_calls", "failed_calls")}
                  for name in ("multi", "exec", "incr", "get")}
        # Queued commands count when EXEC runs them; an EXEC fails by its own error, not its commands'.
        assert fields == {"multi": {"calls": 2, "rejected_calls": 0, "failed_calls": 0},
                          "exec": {"calls": 2, "rejected_calls": 0, "failed_calls": 1},
                          "incr": {"calls": 1, "rejected_calls": 0, "failed_calls": 1},
                          "get": {"calls": 1, "rejected_calls": 1, "failed_calls": 0}}
        assert c.info("errorstats") == {"errorstat_ERR": "count=2", "errorstat_EXECABORT": "count=1"}
    finally:
        c.close()
