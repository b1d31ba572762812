"""Several bind addresses as redis-server 7.0.15: every address of `bind` is listened on, given as several
words or as one word with spaces (command line, CONFIG SET); `*` is every IPv4 address and `::*` every IPv6
one; a `-` prefix makes an address optional (only logged when it does not exist here); any other failure
stops start-up with Redis's lines and status. Each case is checked against the real server."""
import re
import shutil
import socket
import subprocess
import tempfile

import pytest
import redis

from servers import Server, free_port, ringkv_bin

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
LOG_LINE = re.compile(r"^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ [.\-*#] (.*)$")
BINARIES = (("ringkv", None), ("redis", REDIS_SERVER))


def binary(name):
    return ringkv_bin() if name == "ringkv" else REDIS_SERVER


def messages(text):
    return [m.group(1) for m in map(LOG_LINE.match, text.splitlines()) if m]


def start(name, *args):
    # Server's defaults put "--bind 127.0.0.1" first; the --bind given here replaces it.
    return Server(binary(name), ["--enable-debug-command", "yes"] + list(args), name=name)


def has_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def ping(host, port):
    c = redis.Redis(host=host, port=port, socket_timeout=20)
    try:
        return c.ping()
    finally:
        c.close()


def refused(host, port):
    try:
        with socket.create_connection((host, port), timeout=5):
            return False
    except OSError:
        return True


@pytest.mark.parametrize("name", ["ringkv", "redis"])
@pytest.mark.parametrize("form", ["words", "one-word"])
def test_two_loopback_addresses(name, form):
    args = ["127.0.0.1", "127.0.0.2"] if form == "words" else ["127.0.0.1 127.0.0.2"]
    srv = start(name, "--bind", *args)
    try:
        assert ping("127.0.0.1", srv.port)
        assert ping("127.0.0.2", srv.port)
        assert refused("127.0.0.3", srv.port)
        assert srv.client().config_get("bind") == {"bind": "127.0.0.1 127.0.0.2"}
        # Each address is its own listener: a client of each sees its own local address.
        c = redis.Redis(host="127.0.0.2", port=srv.port, socket_timeout=20)
        info = c.execute_command("CLIENT", "INFO")
        info = info.decode() if isinstance(info, bytes) else info
        assert f" laddr=127.0.0.2:{srv.port} " in info
        c.close()
    finally:
        srv.cleanup()


@pytest.mark.parametrize("name", ["ringkv", "redis"])
def test_every_ipv4_and_optional_every_ipv6(name):
    srv = start(name, "--bind", "*", "-::*")
    try:
        assert ping("127.0.0.1", srv.port)
        assert ping("127.0.0.2", srv.port)
        if has_ipv6_loopback():
            assert ping("::1", srv.port)
        assert srv.client().config_get("bind") == {"bind": "* -::*"}
    finally:
        srv.cleanup()


def run_to_exit(name, *args):
    d = tempfile.mkdtemp(prefix="rk-bind-")
    try:
        p = subprocess.run([binary(name), "--save", "", "--dir", d, *args], capture_output=True, timeout=20)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return p.returncode, messages((p.stdout + p.stderr).decode(errors="replace"))


LISTEN_LINES = ("Warning: Could not create server TCP listening socket", "Failed listening on port",
                "Configured to not listen anywhere")


def listen_lines(msgs):
    return [m for m in msgs if m.startswith(LISTEN_LINES)]


def test_address_in_use_stops_startup():
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.2", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        got = {name: run_to_exit(name, "--port", str(port), "--bind", "127.0.0.1", "127.0.0.2")
               for name, _ in BINARIES}
        # Optional or not, a taken port is fatal (Redis forgives only a missing address).
        got_opt = {name: run_to_exit(name, "--port", str(port), "--bind", "127.0.0.1", "-127.0.0.2")
                   for name, _ in BINARIES}
    finally:
        holder.close()
    expect = (1, [f"Warning: Could not create server TCP listening socket 127.0.0.2:{port}: bind: Address already in use",
                  f"Failed listening on port {port} (TCP), aborting."])
    assert (got["ringkv"][0], listen_lines(got["ringkv"][1])) == expect
    assert (got["redis"][0], listen_lines(got["redis"][1])) == expect
    assert (got_opt["ringkv"][0], listen_lines(got_opt["ringkv"][1])) == expect
    assert (got_opt["redis"][0], listen_lines(got_opt["redis"][1])) == expect


def test_missing_address_is_fatal_unless_optional():
    port = free_port()
    # 192.0.2.1 (TEST-NET-1) is on no interface of a test machine: bind fails with EADDRNOTAVAIL.
    for name, _ in BINARIES:
        rc, msgs = run_to_exit(name, "--port", str(port), "--bind", "127.0.0.1", "192.0.2.1")
        assert (rc, listen_lines(msgs)) == (1, [
            f"Warning: Could not create server TCP listening socket 192.0.2.1:{port}: bind: Cannot assign requested address",
            f"Failed listening on port {port} (TCP), aborting."]), name
    for name, _ in BINARIES:
        srv = start(name, "--bind", "127.0.0.1", "-192.0.2.1")
        try:
            assert ping("127.0.0.1", srv.port)
            assert listen_lines(messages(srv.log())) == [
                f"Warning: Could not create server TCP listening socket 192.0.2.1:{srv.port}: "
                "bind: Cannot assign requested address"], name
        finally:
            srv.cleanup()


def test_unresolvable_name_and_nowhere():
    port = free_port()
    for name, _ in BINARIES:
        rc, msgs = run_to_exit(name, "--port", str(port), "--bind", "no-such-host.invalid")
        assert rc == 1
        assert listen_lines(msgs)[-1] == f"Failed listening on port {port} (TCP), aborting.", name
        assert listen_lines(msgs)[0].startswith(
            f"Warning: Could not create server TCP listening socket no-such-host.invalid:{port}: "), name
        rc, msgs = run_to_exit(name, "--port", str(port), "--bind", "")
        assert (rc, listen_lines(msgs)) == (1, ["Configured to not listen anywhere, exiting."]), name


@pytest.mark.parametrize("name", ["ringkv", "redis"])
def test_localhost_name_is_resolved(name):
    srv = start(name, "--bind", "localhost")
    try:
        assert ping("127.0.0.1", srv.port)
    finally:
        srv.cleanup()


def test_config_set_bind_splits_like_redis():
    """CONFIG SET bind "a b" is one argument holding several addresses; CONFIG GET shows them as Redis does."""
    results = {}
    for name, _ in BINARIES:
        srv = start(name)
        try:
            c = srv.client()
            out = []
            for value in ("127.0.0.1 127.0.0.2", "127.0.0.1"):
                out.append(c.execute_command("CONFIG", "SET", "bind", value))
                out.append(c.config_get("bind"))
            try:
                c.execute_command("CONFIG", "SET", "bind", " ".join(["127.0.0.1"] * 17))
                out.append("no error")
            except redis.exceptions.ResponseError as e:
                out.append(str(e))
            out.append(c.config_get("bind"))
            results[name] = out
        finally:
            srv.cleanup()
    assert results["ringkv"] == results["redis"]
