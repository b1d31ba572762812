"""Unix socket listening as redis-server 7.0.15 does it: `unixsocket` and `unixsocketperm`, redis-cli -s,
redis-benchmark -s and redis-py's unix_socket_path served through the same ring, CLIENT LIST/INFO fields
compared with the real server's, the start-up and shutdown log lines, a stale file replaced, the file
removed at shutdown, a unix-only server (port 0), and the start-up failure text."""
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time

import pytest
import redis

from servers import Server, free_port, ringkv_bin

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
REDIS_BENCHMARK = shutil.which("redis-benchmark") or "/usr/bin/redis-benchmark"
# "<pid>:<role> <dd Mon yyyy HH:MM:SS.mmm> <level> <message>": the message part of a log line.
LOG_LINE = re.compile(r"^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ [.\-*#] (.*)$")


@pytest.fixture
def sock_dir():
    # A short path: sun_path holds 107 bytes, and pytest's tmp_path can be longer than that.
    d = tempfile.mkdtemp(prefix="rk-unix-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def messages(log_text):
    out = []
    for line in log_text.splitlines():
        m = LOG_LINE.match(line)
        if m:
            out.append(m.group(1))
    return out


def start(binary, name, *args):
    return Server(binary, ["--enable-debug-command", "yes"] + list(args), name=name)


def client_info_fields(c):
    line = c.execute_command("CLIENT", "INFO")
    line = line.decode() if isinstance(line, bytes) else line
    return [tuple(kv.split("=", 1)) for kv in line.strip().split(" ")]


def test_redis_cli_and_perm(fresh_ringkv, sock_dir):
    path = os.path.join(sock_dir, "ringkv.sock")
    fresh_ringkv("--unixsocket", path, "--unixsocketperm", "700")
    st = os.stat(path)
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o700
    run = lambda *a: subprocess.run([REDIS_CLI, "-s", path, *a], capture_output=True, timeout=20)  # noqa: E731
    assert run("SET", "k", "over unix").stdout == b"OK\n"
    assert run("GET", "k").stdout == b"over unix\n"
    assert run("CONFIG", "GET", "unixsocketperm").stdout == b"unixsocketperm\n700\n"
    assert run("CONFIG", "GET", "unixsocket").stdout == f"unixsocket\n{path}\n".encode()


def test_unixsocketperm_other_mode(fresh_ringkv, sock_dir):
    path = os.path.join(sock_dir, "ringkv.sock")
    fresh_ringkv("--unixsocket", path, "--unixsocketperm", "660")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o660
    c = redis.Redis(unix_socket_path=path, socket_timeout=20)
    assert c.ping()
    c.close()


def test_redis_benchmark_over_unix_socket(fresh_ringkv, sock_dir):
    path = os.path.join(sock_dir, "ringkv.sock")
    srv = fresh_ringkv("--unixsocket", path)
    p = subprocess.run([REDIS_BENCHMARK, "-s", path, "-n", "2000", "-q", "-t", "get,set"], capture_output=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode(errors="replace")
    assert re.search(r"SET: [\d.]+ requests per second", out), out
    assert re.search(r"GET: [\d.]+ requests per second", out), out
    c = srv.client()
    assert c.dbsize() == 1  # redis-benchmark's key:__rand_int__
    stats = c.info("stats")
    assert int(stats["total_commands_processed"]) >= 4000
    # The ring's unhappy-path counters are in INFO and stay at zero on a healthy run.
    assert (stats["io_no_sqe"], stats["io_enter_errors"]) == (0, 0)


def test_redis_py_unix_socket_path(fresh_ringkv, sock_dir):
    path = os.path.join(sock_dir, "ringkv.sock")
    srv = fresh_ringkv("--unixsocket", path)
    u = redis.Redis(unix_socket_path=path, socket_timeout=20)
    assert u.set("a", "1")
    assert srv.client().get("a") == b"1"  # the same keyspace over TCP
    p = u.pipeline(transaction=False)
    for i in range(1000):
        p.incr("n")
    assert p.execute()[-1] == 1000
    u.close()


def test_client_list_fields_match_redis(fresh_ringkv, sock_dir):
    rk_path = os.path.join(sock_dir, "ringkv.sock")
    rd_path = os.path.join(sock_dir, "redis.sock")
    fresh_ringkv("--unixsocket", rk_path)
    rd = start(REDIS_SERVER, "redis", "--unixsocket", rd_path)
    try:
        seen = {}
        for name, path in (("ringkv", rk_path), ("redis", rd_path)):
            c = redis.Redis(unix_socket_path=path, socket_timeout=20)
            info = dict(client_info_fields(c))
            listed = c.execute_command("CLIENT", "LIST")
            listed = listed.decode() if isinstance(listed, bytes) else listed
            mine = [ln for ln in listed.splitlines() if f" addr={path}:0 " in f" {ln} "]
            assert len(mine) == 1, listed
            seen[name] = (client_info_fields(c), info, path)
            # CLIENT KILL by the unix address finds the client, as in Redis.
            killer = redis.Redis(unix_socket_path=path, socket_timeout=20)
            assert killer.execute_command("CLIENT", "KILL", "ID", info["id"]) == 1
            killer.close()
            c.close()
        rk_fields, rk_info, _ = seen["ringkv"]
        rd_fields, rd_info, _ = seen["redis"]
        assert [k for k, _ in rk_fields] == [k for k, _ in rd_fields]
        assert rk_info["addr"] == f"{rk_path}:0" and rd_info["addr"] == f"{rd_path}:0"
        assert rk_info["laddr"] == f"{rk_path}:0" and rd_info["laddr"] == f"{rd_path}:0"
        assert rk_info["flags"] == rd_info["flags"] == "U"
        assert int(rk_info["fd"]) > 0
    finally:
        rd.cleanup()


def test_log_lines_and_removal_at_shutdown(sock_dir):
    """The unix socket lines of start-up and shutdown, in the same order as redis-server's."""
    wanted = ("Ready to accept connections", "The server is now ready to accept connections at ",
              "User requested shutdown...", "Removing the unix socket file.")
    seen = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        path = os.path.join(sock_dir, f"{name}.sock")
        srv = start(binary, name, "--unixsocket", path)
        try:
            assert redis.Redis(unix_socket_path=path, socket_timeout=20).ping()
            assert srv.stop() == 0
            assert not os.path.exists(path)
            lines = [m for m in messages(srv.log()) if m.startswith(wanted)]
            seen[name] = [m.replace(path, "<path>") for m in lines]
        finally:
            srv.cleanup()
    assert seen["ringkv"] == seen["redis"]
    assert seen["ringkv"] == ["Ready to accept connections", "The server is now ready to accept connections at <path>",
                              "User requested shutdown...", "Removing the unix socket file."]


def test_stale_socket_file_is_replaced(fresh_ringkv, sock_dir):
    path = os.path.join(sock_dir, "ringkv.sock")
    with open(path, "w") as f:
        f.write("left over by a crash")
    fresh_ringkv("--unixsocket", path)
    assert stat.S_ISSOCK(os.stat(path).st_mode)
    assert redis.Redis(unix_socket_path=path, socket_timeout=20).ping()


def spawn(binary, args, log_path):
    log = open(log_path, "wb")
    p = subprocess.Popen([binary, *args], stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return p


def wait_unix_ready(proc, path, timeout_s=20):
    deadline = time.time() + timeout_s
    while time.time() < deadline and proc.poll() is None:
        try:
            if redis.Redis(unix_socket_path=path, socket_timeout=2).ping():
                return True
        except (redis.exceptions.ConnectionError, OSError):
            time.sleep(0.02)
    return False


def test_unix_only_server_with_port_0(sock_dir):
    """`port 0` listens on no TCP port, as Redis: the unix socket alone serves, and no TCP ready line."""
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        path = os.path.join(sock_dir, f"{name}.sock")
        log_path = os.path.join(sock_dir, f"{name}.log")
        p = spawn(binary, ["--port", "0", "--unixsocket", path, "--save", "", "--dir", sock_dir], log_path)
        try:
            assert wait_unix_ready(p, path), open(log_path).read()
            c = redis.Redis(unix_socket_path=path, socket_timeout=20)
            assert c.config_get("port") == {"port": "0"}
            c.close()
        finally:
            p.send_signal(signal.SIGTERM)
            assert p.wait(timeout=20) == 0
        msgs = messages(open(log_path).read())
        assert "Ready to accept connections" not in msgs, name
        assert f"The server is now ready to accept connections at {path}" in msgs, name


def test_unix_socket_failure_stops_startup(sock_dir):
    """A socket that cannot be made stops start-up with Redis's text and status."""
    results = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        for case, path in (("nodir", os.path.join(sock_dir, "no", "such", "dir.sock")),
                           ("long", os.path.join(sock_dir, "x" * 120 + ".sock"))):
            p = subprocess.run([binary, "--port", str(free_port()), "--bind", "127.0.0.1", "--unixsocket", path,
                                "--save", "", "--dir", sock_dir], capture_output=True, timeout=20)
            msgs = [m for m in messages((p.stdout + p.stderr).decode(errors="replace"))
                    if m.startswith("Failed opening Unix socket")]
            results[(name, case)] = (p.returncode, msgs)
    assert results[("ringkv", "nodir")] == results[("redis", "nodir")] == \
        (1, ["Failed opening Unix socket: bind: No such file or directory"])
    assert results[("ringkv", "long")] == results[("redis", "long")]
    assert results[("ringkv", "long")][0] == 1
    assert results[("ringkv", "long")][1][0].startswith("Failed opening Unix socket: unix socket path too long (")
