"""CONFIG GET/SET/RESETSTAT/REWRITE/HELP and start-up configuration (file, command line, fatal errors).

Read-only checks use the shared `ringkv` server; tests that change settings get a server of their own, and
differential tests run the same commands or the same bad config file against Debian's redis-server 7.0.15
and expect the same replies and messages."""
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis

from servers import free_port, ringkv_bin, start_redis, start_ringkv, stop_process

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def config_error(client, *args):
    """The error text of a CONFIG command that must fail."""
    with pytest.raises(redis.exceptions.ResponseError) as e:
        client.execute_command(*args)
    return str(e.value)


@pytest.fixture(scope="module")
def own():
    """A ringkv server these tests may reconfigure freely."""
    s = start_ringkv()
    yield s
    s.cleanup()


@pytest.fixture(scope="module")
def own_redis():
    """A redis-server these tests may reconfigure freely (the shared one stays untouched)."""
    s = start_redis()
    yield s
    s.cleanup()


# ---------------------------------------------------------------- CONFIG GET


def test_get_single_and_aliases(ringkv):
    c = ringkv.client()
    assert c.config_get("maxmemory-policy") == {"maxmemory-policy": "noeviction"}
    assert c.config_get("hash-max-ziplist-entries") == {"hash-max-ziplist-entries": "512"}
    assert c.config_get("nosuchthing") == {}
    # An exact name is looked up case-insensitively and reported as spelled.
    assert c.execute_command("CONFIG", "GET", "HZ") == [b"HZ", b"10"]
    # Patterns match case-insensitively; aliases are names too.
    assert c.config_get("HASH-MAX-*-ENTRIES") == {"hash-max-listpack-entries": "512",
                                                  "hash-max-ziplist-entries": "512"}


def test_get_several_patterns_without_duplicates(ringkv):
    c = ringkv.client()
    reply = c.execute_command("CONFIG", "GET", "hz", "HZ", "h?", "maxmemory", "*ziplist-size")
    assert reply == [b"hz", b"10", b"maxmemory", b"0", b"list-max-ziplist-size", b"-2"]
    everything = c.config_get("*")
    for name in ("port", "bind", "save", "dir", "client-output-buffer-limit", "notify-keyspace-events",
                 "replica-read-only", "slave-read-only", "lua-time-limit", "busy-reply-threshold",
                 "cluster-enabled", "io-min-wait-us", "set-max-listpack-entries"):
        assert name in everything, name
    assert everything["port"] == str(ringkv.port)
    assert everything["dir"] == ringkv.dir  # the fixture passes --dir
    assert everything["save"] == ""  # and --save ""
    with pytest.raises(redis.exceptions.ResponseError, match="wrong number of arguments for 'config\\|get'"):
        c.execute_command("CONFIG", "GET")


def test_get_is_a_map_in_resp3(ringkv):
    with socket.create_connection(("127.0.0.1", ringkv.port), timeout=10) as s:
        s.sendall(b"HELLO 3\r\n")
        time.sleep(0.1)
        s.recv(65536)
        s.sendall(b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$2\r\nhz\r\n")
        data = b""
        while not data.endswith(b"10\r\n"):
            chunk = s.recv(65536)
            assert chunk
            data += chunk
        assert data == b"%1\r\n$2\r\nhz\r\n$2\r\n10\r\n"


def test_get_values_match_redis_for_shared_defaults(ringkv, redis_server):
    # Directives whose defaults ringkv keeps equal to Redis 7.0.15's (bind, dir, port and the normal output
    # buffer limit differ on purpose or by start-up arguments).
    # maxclients is left out: Redis lowers it to fit the open files limit.
    names = ["protected-mode", "tcp-backlog", "tcp-keepalive", "timeout", "databases", "hz",
             "dynamic-hz", "loglevel", "proto-max-bulk-len", "client-query-buffer-limit", "maxmemory",
             "maxmemory-policy", "maxmemory-samples", "active-expire-effort", "lazyfree-lazy-expire",
             "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "appendonly", "appendfsync", "dbfilename",
             "appendfilename", "latency-tracking", "hash-max-listpack-entries", "hash-max-ziplist-entries",
             "hash-max-listpack-value", "hash-max-ziplist-value", "set-max-intset-entries",
             "zset-max-listpack-entries", "zset-max-ziplist-entries", "zset-max-listpack-value",
             "zset-max-ziplist-value", "list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth",
             "notify-keyspace-events", "replica-read-only", "slave-read-only", "cluster-enabled",
             "lua-time-limit", "busy-reply-threshold", "slowlog-log-slower-than", "slowlog-max-len",
             "repl-backlog-size", "min-replicas-to-write", "min-slaves-to-write", "requirepass", "save",
             "enable-protected-configs", "daemonize", "pidfile", "logfile"]
    mine = ringkv.client().config_get(*names)
    theirs = redis_server.client().config_get(*names)
    # The fixtures start both with --enable-debug-command yes.
    assert mine == theirs


# ---------------------------------------------------------------- CONFIG SET


ROUND_TRIPS = [
    ("maxmemory", "100mb", "104857600"),
    ("maxmemory", "1k", "1000"),
    ("maxmemory", "1KB", "1024"),
    ("maxmemory", "", "0"),
    ("maxmemory", "0", "0"),
    ("maxmemory-policy", "ALLKEYS-LFU", "allkeys-lfu"),
    ("maxmemory-policy", "noeviction", "noeviction"),
    ("hz", "1000", "500"),
    ("hz", "0", "1"),
    ("hz", "10", "10"),
    ("loglevel", "WARNING", "warning"),
    ("loglevel", "notice", "notice"),
    ("protected-mode", "NO", "no"),
    ("protected-mode", "yes", "yes"),
    ("notify-keyspace-events", "KEA", "AKE"),
    ("notify-keyspace-events", "Kglshzxetmdn", "glshzxetdnKm"),
    ("notify-keyspace-events", "", ""),
    ("save", "", ""),
    ("client-output-buffer-limit", "normal 1mb 2mb 3", None),
    ("client-output-buffer-limit", "replica 1 2 3 pubsub 0 0 0", None),
    ("client-output-buffer-limit", "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60", None),
    ("hash-max-listpack-value", "1kb", "1024"),
    ("hash-max-ziplist-value", "64", "64"),
    ("list-max-ziplist-size", "-1", "-1"),
    ("list-max-listpack-size", "-2", "-2"),
    ("slowlog-log-slower-than", "-1", "-1"),
    ("slowlog-log-slower-than", "10000", "10000"),
    ("lua-time-limit", "100", "100"),
    ("busy-reply-threshold", "5000", "5000"),
    ("requirepass", "", ""),
    ("appendfsync", "ALWAYS", "always"),
    ("appendfsync", "everysec", "everysec"),
    ("timeout", "0", "0"),
    ("proto-max-bulk-len", "1mb", "1048576"),
    ("proto-max-bulk-len", "512mb", "536870912"),
]


@pytest.mark.parametrize("name,value,expected", ROUND_TRIPS)
def test_set_get_round_trip_matches_redis(own, own_redis, name, value, expected):
    mine, theirs = own.client(), own_redis.client()
    assert mine.config_set(name, value) is True
    assert theirs.config_set(name, value) is True
    got = mine.config_get(name)[name]
    want = theirs.config_get(name)[name]
    if expected is not None:
        assert got == expected
    if name == "client-output-buffer-limit" and "normal" not in value:
        # ringkv's default normal class is bounded (1gb), Redis's is not; compare the other classes.
        assert got.split(" ")[4:] == want.split(" ")[4:]
    else:
        assert got == want


BAD_SETS = [
    ("foo", "bar"),
    ("daemonize", "yes"),
    ("databases", "1"),
    ("tcp-backlog", "1"),
    ("appendfilename", "x.aof"),
    ("enable-debug-command", "yes"),
    ("cluster-enabled", "yes"),
    ("logfile", "x.log"),
    ("pidfile", "x.pid"),
    ("dir", "/tmp"),
    ("dbfilename", "x.rdb"),
    ("protected-mode", "maybe"),
    ("latency-tracking", "1"),
    ("hz", "abc"),
    ("hz", "-1"),
    ("hz", "+5"),
    ("port", "70000"),
    ("maxclients", "0"),
    ("maxclients", "-1"),
    ("active-expire-effort", "11"),
    ("maxmemory-samples", "0"),
    ("timeout", "1kb"),
    ("maxmemory", "abc"),
    ("maxmemory", "-1"),
    ("maxmemory", "1.5gb"),
    ("maxmemory", " 1"),
    ("proto-max-bulk-len", "1000"),
    ("proto-max-bulk-len", "99999999999999999999"),
    ("client-query-buffer-limit", "1000"),
    ("repl-backlog-size", "0"),
    ("slowlog-log-slower-than", "-2"),
    ("list-max-listpack-size", "abc"),
    ("hash-max-listpack-entries", "1kb"),
    ("hash-max-listpack-entries", "-1"),
    ("maxmemory-policy", "lru"),
    ("loglevel", "loud"),
    ("appendfsync", "sometimes"),
    ("save", "100 1 200"),
    ("save", "100 x"),
    ("save", "0 1"),
    ("save", " "),
    ("client-output-buffer-limit", "master 1 1 1"),
    ("client-output-buffer-limit", "foo 1 1 1"),
    ("client-output-buffer-limit", "normal 1 1"),
    ("client-output-buffer-limit", "normal x 1 1"),
    ("client-output-buffer-limit", "normal 1 1 -1"),
    ("notify-keyspace-events", "q"),
    ("bind", "a b c d e f g h i j k l m n o p q"),
]


@pytest.mark.parametrize("name,value", BAD_SETS)
def test_set_errors_match_redis(ringkv, redis_server, name, value):
    mine = config_error(ringkv.client(), "CONFIG", "SET", name, value)
    theirs = config_error(redis_server.client(), "CONFIG", "SET", name, value)
    assert mine == theirs


def test_set_error_wording(ringkv):
    c = ringkv.client()
    assert config_error(c, "CONFIG", "SET", "foo", "bar") == \
        "Unknown option or number of arguments for CONFIG SET - 'foo'"
    assert config_error(c, "CONFIG", "SET", "daemonize", "yes") == \
        "CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"
    assert config_error(c, "CONFIG", "SET", "hz", "5", "HZ", "6") == \
        "CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter"
    assert config_error(c, "CONFIG", "SET", "maxmemory", "x") == \
        "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"
    assert config_error(c, "CONFIG", "SET", "hz", "1", "maxmemory") == "syntax error"
    assert "wrong number of arguments for 'config|set' command" in config_error(c, "CONFIG", "SET", "hz")


MULTI_ERRORS = [
    ("hz", "5", "hz", "6"),
    ("hz", "5", "maxmemory", "1mb", "hz", "6"),
    ("hz", "5", "foo", "1"),
    ("foo", "1", "daemonize", "yes"),
    ("daemonize", "yes", "foo", "1"),
    ("HZ", "x"),
    ("Lua-Time-Limit", "x"),
    ("hz", "20", "maxmemory", "bad"),
]


@pytest.mark.parametrize("args", MULTI_ERRORS)
def test_multi_set_errors_match_redis(ringkv, redis_server, args):
    assert config_error(ringkv.client(), "CONFIG", "SET", *args) == \
        config_error(redis_server.client(), "CONFIG", "SET", *args)


def test_alias_and_name_in_one_set_are_both_applied(own, own_redis):
    # Redis 7.0 only calls a repeated name a duplicate; an alias and its name both apply, the later wins.
    for c in (own.client(), own_redis.client()):
        assert c.execute_command("CONFIG", "SET", "lua-time-limit", "5", "busy-reply-threshold", "6") == b"OK"
        assert c.config_get("lua-time-limit") == {"lua-time-limit": "6"}
        c.config_set("busy-reply-threshold", "5000")


def test_set_is_all_or_nothing(own):
    c = own.client()
    assert c.config_set("maxmemory", "0")
    before = c.config_get("*")
    config_error(c, "CONFIG", "SET", "hz", "20", "maxmemory", "1mb", "maxmemory-policy", "bogus")
    assert c.config_get("*") == before
    assert c.execute_command("CONFIG", "SET", "hz", "20", "maxmemory", "1mb", "slave-read-only", "no") == b"OK"
    assert c.config_get("hz", "maxmemory", "replica-read-only") == \
        {"hz": "20", "maxmemory": "1048576", "replica-read-only": "no"}
    c.execute_command("CONFIG", "SET", "hz", "10", "maxmemory", "0", "replica-read-only", "yes")


def test_set_takes_effect(own):
    c = own.client()
    # proto-max-bulk-len is applied to the protocol parser at once.
    assert c.config_set("proto-max-bulk-len", "1mb")
    with pytest.raises((redis.exceptions.ConnectionError, redis.exceptions.ResponseError)):
        c.set("big", "x" * (1024 * 1024 + 1))
    c2 = own.client()
    assert c2.config_set("proto-max-bulk-len", "512mb")
    assert c2.set("big", "x" * (1024 * 1024 + 1))
    c2.delete("big")


def test_requirepass_via_config_set(own):
    c = own.client()
    assert c.config_set("requirepass", "s3cret")
    try:
        with pytest.raises(redis.exceptions.AuthenticationError):
            own.client().ping()
        assert own.client(password="s3cret").ping()
    finally:
        own.client(password="s3cret").config_set("requirepass", "")
    assert own.client().ping()


def test_protected_configs_need_enable_protected_configs(fresh_ringkv, tmp_path):
    s = fresh_ringkv("--enable-protected-configs", "yes")
    c = s.client()
    assert c.config_get("enable-protected-configs") == {"enable-protected-configs": "yes"}
    assert c.config_set("dbfilename", "other.rdb")
    assert c.config_get("dbfilename") == {"dbfilename": "other.rdb"}
    assert config_error(c, "CONFIG", "SET", "dbfilename", "a/b.rdb") == \
        "CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename"
    assert c.config_set("dir", str(tmp_path))
    assert c.config_get("dir") == {"dir": str(tmp_path)}
    assert config_error(c, "CONFIG", "SET", "dir", "/nonexistent/x") == \
        "CONFIG SET failed (possibly related to argument 'dir') - No such file or directory"
    local = fresh_ringkv("--enable-protected-configs", "local")
    assert local.client().config_set("dbfilename", "x.rdb")  # the test talks over loopback


# ---------------------------------------------------------------- RESETSTAT, HELP


def test_resetstat(own):
    c = own.client()
    for _ in range(5):
        c.get("nokey")
    assert c.info("stats")["keyspace_misses"] >= 5
    assert c.config_resetstat()
    stats = c.info("stats")
    assert stats["keyspace_misses"] == 0
    assert stats["total_commands_processed"] <= 2
    assert "cmdstat_get" not in c.info("commandstats")
    with pytest.raises(redis.exceptions.ResponseError, match="wrong number of arguments for 'config\\|resetstat'"):
        c.execute_command("CONFIG", "RESETSTAT", "x")


def test_help_and_unknown_subcommand_match_redis(ringkv, redis_server):
    mine = ringkv.client().execute_command("CONFIG", "HELP")
    assert mine == redis_server.client().execute_command("CONFIG", "HELP")
    assert mine[1] == b"GET <pattern>"
    assert config_error(ringkv.client(), "CONFIG", "FOO") == "unknown subcommand 'FOO'. Try CONFIG HELP."
    assert config_error(ringkv.client(), "CONFIG") == "wrong number of arguments for 'config' command"


def test_command_info_flags(ringkv, redis_server):
    def info(client, name):
        d = client.execute_command("COMMAND", "INFO", name)[name]
        return d["name"], d["arity"], sorted(d["flags"])

    for sub in ("config", "config|get", "config|set", "config|rewrite", "config|resetstat", "config|help"):
        assert info(ringkv.client(), sub) == info(redis_server.client(), sub), sub


# ---------------------------------------------------------------- REWRITE and start-up


class ConfServer:
    """ringkv (or redis-server) started with a config file as its first argument, stopped by its PID."""

    def __init__(self, binary, conf_path, *args):
        self.port = free_port()
        self.log = open(conf_path + ".log", "ab")
        self.proc = subprocess.Popen([binary, conf_path, "--port", str(self.port)] + list(args),
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=os.path.dirname(conf_path))
        deadline = time.time() + 10
        while True:
            assert self.proc.poll() is None, "server exited"
            try:
                redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping()
                break
            except (redis.exceptions.ConnectionError, OSError):
                assert time.time() < deadline, "server did not start"
                time.sleep(0.02)

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)

    def stop(self):
        stop_process(self.proc)
        self.log.close()


def test_rewrite_without_config_file(ringkv):
    assert config_error(ringkv.client(), "CONFIG", "REWRITE") == "The server is running without a config file"


def test_rewrite_updates_the_file_in_place(tmp_path):
    conf = tmp_path / "ringkv.conf"
    conf.write_text("# my settings\n"
                    "bind 127.0.0.1\n"
                    "save \"\"\n"
                    "maxmemory 100mb\n"
                    "\n"
                    "# encodings\n"
                    "hash-max-ziplist-entries 100\n"
                    "maxmemory 200mb\n"
                    "appendonly no\n")
    s = ConfServer(ringkv_bin(), str(conf))
    try:
        c = s.client()
        assert c.config_get("maxmemory") == {"maxmemory": str(200 * 1024 * 1024)}
        assert c.config_get("hash-max-listpack-entries") == {"hash-max-listpack-entries": "100"}
        c.execute_command("CONFIG", "SET", "maxmemory", "1gb", "hash-max-listpack-value", "128",
                          "notify-keyspace-events", "Ex")
        assert c.config_rewrite()
        text = conf.read_text()
        lines = text.split("\n")
        # Comments and order kept; changed lines updated where they were; the duplicate maxmemory line gone.
        assert lines[:8] == ["# my settings", "bind 127.0.0.1", 'save ""', "maxmemory 1gb", "",
                             "# encodings", "hash-max-listpack-entries 100", ""]
        assert "appendonly no" in lines
        generated = lines[lines.index("# Generated by CONFIG REWRITE") + 1:]
        assert f"port {s.port}" in generated  # from the command line, not the default
        assert "hash-max-listpack-value 128" in generated
        assert 'notify-keyspace-events "xE"' in generated
        assert f'dir "{tmp_path}"' in generated
    finally:
        s.stop()

    # The rewritten file starts a server with the same settings.
    s = ConfServer(ringkv_bin(), str(conf))
    try:
        got = s.client().config_get("maxmemory", "hash-max-listpack-value", "notify-keyspace-events", "save",
                                    "hash-max-listpack-entries")
        assert got == {"maxmemory": str(1024 ** 3), "hash-max-listpack-value": "128",
                       "notify-keyspace-events": "xE", "save": "", "hash-max-listpack-entries": "100"}
    finally:
        s.stop()


def test_rewrite_matches_redis(tmp_path):
    """The same file and the same CONFIG SETs rewrite to the same lines (Redis adds a few lines of its own
    for directives ringkv does not have; those are left out of the comparison)."""
    base = ("# top comment\n"
            "save \"\"\n"
            "maxmemory 100mb\n\n\n"
            "# another comment\n"
            "hash-max-ziplist-entries 100\n"
            "slave-read-only no\n"
            "maxmemory 200mb\n"
            "logfile \"\"\n"
            "notify-keyspace-events Ex\n")
    assert_rewrite_matches_redis(tmp_path, base, ["maxmemory", "0", "hz", "20", "replica-read-only", "yes",
                                                  "client-output-buffer-limit", "pubsub 1mb 1mb 1"],
                                 ignore=("latency-tracking-info-percentiles", "user ", "port ", "dir "))


def assert_rewrite_matches_redis(tmp_path, base, set_args, ignore):
    """Loads the config text `base` in ringkv and in redis-server, applies CONFIG SET set_args, runs CONFIG
    REWRITE, and compares the files: the kept part line for line, the appended part as a set (Redis appends
    in its hash table's order). Lines starting with an `ignore` prefix differ legitimately."""
    results = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        d = tmp_path / name
        d.mkdir()
        conf = d / "x.conf"
        conf.write_text(base)
        s = ConfServer(binary, str(conf))
        try:
            c = s.client()
            c.execute_command("CONFIG", "SET", *set_args)
            assert c.config_rewrite()
        finally:
            s.stop()
        results[name] = [l for l in conf.read_text().split("\n") if not l.startswith(ignore)]
    head = results["redis"].index("# Generated by CONFIG REWRITE")
    assert results["ringkv"][:head + 1] == results["redis"][:head + 1]
    assert sorted(results["ringkv"][head + 1:]) == sorted(results["redis"][head + 1:])


def run_startup(binary, args, timeout=10):
    """Runs a server expected to exit at once; returns (exit code, stdout, stderr)."""
    p = subprocess.run([binary] + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


BAD_FILES = [
    "# c\nfoo bar\n",
    "port 1 2\n",
    "daemonize maybe\n",
    "port abc\n",
    "port 1\n   \n  \"unbalanced\n",
    "maxmemory-policy foo\n",
    "save 1\n",
    "maxmemory 1.5gb\n",
    "client-output-buffer-limit master 1 1 1\n",
    "notify-keyspace-events q\n",
    "hz -1\n",
    "appendfilename a/b\n",
    # Redis directives ringkv only stores, the lines only the file accepts, and the whole-file checks.
    "maxmemory-polcy allkeys-lru\n",
    "unixsocketperm 9\n",
    "io-threads 0\n",
    "replicaof a\n",
    "slaveof a 70000\n",
    "shutdown-on-sigterm save nosave\n",
    "oom-score-adj-values 1 2\n",
    "maxmemory-clients 200%\n",
    "latency-tracking-info-percentiles 1 x\n",
    "proc-title-template {nope}\n",
    "appenddirname \"\"\n",
    "rename-command get\n",
    "user\n",
    "sentinel monitor m 127.0.0.1 6379 2\n",
    "mymod.opt\n",
]


@pytest.mark.parametrize("content", BAD_FILES)
def test_bad_config_file_fails_like_redis(tmp_path, content):
    conf = tmp_path / "bad.conf"
    conf.write_text(content)
    mine = run_startup(ringkv_bin(), [str(conf), "--port", str(free_port())])
    theirs = run_startup(REDIS_SERVER, [str(conf), "--port", str(free_port())])
    assert mine[0] == 1
    assert mine[2] == theirs[2]
    assert "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***" in mine[2]


@pytest.mark.parametrize("args", [["--foo", "bar"], ["--port"], ["--hz", "x"], ["--maxmemory", "1", "2"]])
def test_bad_command_line_option_fails_like_redis(tmp_path, args):
    conf = tmp_path / "ok.conf"
    conf.write_text("timeout 0\n")
    mine = run_startup(ringkv_bin(), [str(conf)] + args)
    theirs = run_startup(REDIS_SERVER, [str(conf)] + args)
    assert mine[0] == 1
    assert mine[2] == theirs[2]


def test_missing_config_file(tmp_path):
    code, out, err = run_startup(ringkv_bin(), [str(tmp_path / "missing.conf")])
    assert code == 1
    assert f"can't open config file '{tmp_path / 'missing.conf'}': No such file or directory" in out + err


def test_include_and_command_line_override(tmp_path):
    (tmp_path / "inc.conf").write_text("maxmemory 5mb\nhz 20\n")
    conf = tmp_path / "main.conf"
    conf.write_text(f"include {tmp_path / 'inc.conf'}\nhash-max-listpack-entries 100\n")
    s = ConfServer(ringkv_bin(), str(conf), "--hz", "30", "--save", "--appendonly", "no")
    try:
        got = s.client().config_get("maxmemory", "hz", "hash-max-listpack-entries", "save", "port")
        assert got == {"maxmemory": str(5 * 1024 * 1024), "hz": "30", "hash-max-listpack-entries": "100",
                       "save": "", "port": str(s.port)}
    finally:
        s.stop()


# ---------------------------------------------------------------- Redis 7.0.15's whole directive set


# What ringkv has that Redis 7.0.15 does not: its own io knobs, Redis 7.2's listpack sets, its dual channel sync.
RINGKV_ONLY = {"io-min-wait-us", "io-recv-buffers", "io-recv-buffer-size", "set-max-listpack-entries",
               "set-max-listpack-value", "repl-dual-channel"}


def test_get_star_lists_every_redis_name(ringkv, redis_server):
    mine = ringkv.client().config_get("*")
    theirs = redis_server.client().config_get("*")
    assert sorted(set(theirs) - set(mine)) == []
    assert set(mine) - set(theirs) <= RINGKV_ONLY
    # Same values too, but for the start-up arguments and ringkv's 1 GB limit on normal clients' output.
    differ = {name for name in theirs if mine[name] != theirs[name]}
    assert differ <= {"port", "dir", "client-output-buffer-limit"}, differ


# CONFIG SET of directives ringkv only stores: same reply (OK or the error text) and same value afterwards.
COMPAT_SETS = [
    ("oom-score-adj", "relative"), ("oom-score-adj", "nope"), ("oom-score-adj-values", "0 100 900"),
    ("oom-score-adj-values", "1 2"), ("oom-score-adj-values", "1 2 3000"), ("oom-score-adj-values", "1  2"),
    ("shutdown-on-sigint", "nosave now"), ("shutdown-on-sigint", "default now"), ("shutdown-on-sigint", "nosave save"),
    ("shutdown-on-sigterm", ""), ("shutdown-on-sigterm", "now x"), ("shutdown-timeout", "-1"),
    ("maxmemory-clients", "10%"), ("maxmemory-clients", "0%"), ("maxmemory-clients", "101%"),
    ("maxmemory-clients", "5mb"), ("maxmemory-clients", "x"), ("maxmemory-clients", "9223372036854775808"),
    ("latency-tracking-info-percentiles", "50 90 99.999"), ("latency-tracking-info-percentiles", ""),
    ("latency-tracking-info-percentiles", "1e1 0x10 -0"), ("latency-tracking-info-percentiles", "101"),
    ("latency-tracking-info-percentiles", "nan"), ("proc-title-template", "{title} {port}"),
    ("proc-title-template", "{title}"), ("proc-title-template", "{x}"), ("cluster-announce-hostname", "a_b"),
    ("cluster-announce-hostname", "a" * 256), ("cluster-announce-hostname", "node-1.example.com"),
    ("repl-diskless-load", "swapdb"), ("repl-diskless-load", "x"), ("acl-pubsub-default", "ALLCHANNELS"),
    ("sanitize-dump-payload", "clients"), ("propagation-error-behavior", "panic"),
    ("cluster-preferred-endpoint-type", "hostname"), ("tls-auth-clients", "optional"),
    ("replica-priority", "-1"), ("slave-priority", "7"), ("repl-timeout", "0"), ("repl-backlog-ttl", "60"),
    ("active-defrag-cycle-max", "100"), ("active-defrag-ignore-bytes", "0"), ("active-defrag-ignore-bytes", "1kb"),
    ("stream-node-max-bytes", "8kb"), ("stream-node-max-bytes", "1.5kb"), ("hll-sparse-max-bytes", "-1"),
    ("cluster-link-sendbuf-limit", "64mb"), ("tracking-table-max-keys", "x"), ("lfu-log-factor", "2147483648"),
    ("maxmemory-eviction-tenacity", "101"), ("slave-announce-ip", "10.0.0.1"), ("replica-announce-ip", ""),
    ("masterauth", "pw"), ("bind-source-addr", "127.0.0.1"), ("ignore-warnings", "ARM64-COW-BUG"),
    ("aof-timestamp-enabled", "maybe"), ("cluster-slave-no-failover", "yes"), ("rdbcompression", "no"),
    ("supervised", "no"), ("io-threads", "1"), ("replicaof", "no one"), ("slaveof", "no one"),
    ("unixsocketperm", "0"), ("aclfile", ""), ("enable-module-command", "yes"), ("appenddirname", "x"),
]


@pytest.mark.parametrize("name,value", COMPAT_SETS)
def test_compat_set_matches_redis(own, own_redis, name, value):
    results = []
    for server in (own, own_redis):
        c = server.client()
        before = c.config_get(name)
        try:
            reply = c.execute_command("CONFIG", "SET", name, value)
        except redis.exceptions.ResponseError as e:
            reply = str(e)
        results.append((reply, c.config_get(name)))
        if reply == b"OK":  # put it back for the next case
            c.execute_command("CONFIG", "SET", name, before[name])
    assert results[0] == results[1]


def debian_conf():
    path = "/etc/redis/redis.conf"
    if not os.access(path, os.R_OK):
        pytest.skip(f"{path} is not there or not readable")
    if not os.access("/var/lib/redis", os.X_OK):
        pytest.skip("the file's dir, /var/lib/redis, is not enterable")
    return path


def test_debian_redis_conf_starts_and_matches_redis(tmp_path):
    """Debian's stock redis.conf, with the overrides a foreground test server needs (its own port and
    directory, no daemon, no log file, no systemd), gives the same configuration in ringkv as in Redis."""
    conf = debian_conf()
    got = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        d = tmp_path / name
        d.mkdir()
        port = free_port()
        args = [binary, conf, "--port", str(port), "--bind", "127.0.0.1", "--daemonize", "no", "--dir", str(d),
                "--logfile", "", "--pidfile", str(d / "p.pid"), "--supervised", "no"]
        with open(d / "out.log", "wb") as log:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=d)
            try:
                c = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
                deadline = time.time() + 10
                while True:
                    assert proc.poll() is None, (d / "out.log").read_text()
                    try:
                        assert c.ping()
                        break
                    except (redis.exceptions.ConnectionError, OSError):
                        assert time.time() < deadline, "server did not start"
                        time.sleep(0.02)
                got[name] = c.config_get("*")
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    mine, theirs = got["ringkv"], got["redis"]
    assert mine["pidfile"] == str(tmp_path / "ringkv" / "p.pid")
    for name in ("daemonize", "bind", "logfile", "supervised", "client-output-buffer-limit",
                 "oom-score-adj-values", "appenddirname", "proc-title-template", "repl-diskless-load",
                 "auto-aof-rewrite-min-size", "jemalloc-bg-thread", "notify-keyspace-events"):
        assert mine[name] == theirs[name], name
    assert mine["save"] == theirs["save"]
    differ = {name for name in theirs if mine[name] != theirs[name]}
    assert differ <= {"port", "dir", "pidfile"}, differ


def test_rewrite_of_redis_directives_matches_redis(tmp_path):
    """A file using Redis directives ringkv only stores, plus the lines only a file has, rewrites to the same
    lines in both servers after the same CONFIG SETs."""
    base = ("# mine\n"
            "save \"\"\n"
            "rename-command FLUSHALL \"\"\n"
            "slave-serve-stale-data no\n"
            "unixsocketperm 700\n"
            "oom-score-adj-values 0 100 900\n"
            "shutdown-on-sigint nosave now\n"
            "repl-backlog-ttl 600\n"
            "hll-sparse-max-bytes 2kb\n"
            "cluster-announce-hostname node-1.example.com\n"
            "sentinel\n"
            "tls-protocols \"TLSv1.2 TLSv1.3\"\n"
            "maxmemory-clients 5%\n")
    assert_rewrite_matches_redis(tmp_path, base, ["maxmemory-clients", "64mb", "shutdown-on-sigterm", "nosave force",
                                                  "latency-tracking-info-percentiles", "50 99.5", "repl-timeout", "90",
                                                  "acl-pubsub-default", "allchannels", "slave-priority", "5"],
                                 ignore=("user ", "port ", "dir "))


def test_loadmodule_is_refused_at_start_up(tmp_path):
    conf = tmp_path / "m.conf"
    conf.write_text("port 0\nloadmodule /usr/lib/redis/modules/x.so\n")
    code, out, err = run_startup(ringkv_bin(), [str(conf)])
    assert code == 1
    assert err == ("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                   ">>> 'loadmodule /usr/lib/redis/modules/x.so'\n"
                   "Can't load module from /usr/lib/redis/modules/x.so: modules are not supported by ringkv\n")
