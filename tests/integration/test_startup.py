"""Start-up behaviour that needs a server of its own: rename-command from the command line, Redis's optional
bind addresses ("-::1"), and a rename-command that names no command stopping start-up."""
import subprocess

import redis

from servers import free_port, ringkv_bin


def test_rename_command_and_optional_bind(fresh_ringkv):
    srv = fresh_ringkv("--rename-command", "get", "fetch", "--rename-command", "flushall", "",
                       "--bind", "127.0.0.1", "-::1")
    c = srv.client()
    assert c.set("a", "1")
    assert c.execute_command("FETCH", "a") == b"1"
    try:
        c.get("a")
        raise AssertionError("GET still answers after rename-command get fetch")
    except redis.exceptions.ResponseError as e:
        assert str(e).lower().startswith("unknown command 'get'")
    try:
        c.flushall()
        raise AssertionError("FLUSHALL still answers after rename-command flushall \"\"")
    except redis.exceptions.ResponseError as e:
        assert "unknown command 'flushall'" in str(e).lower()


def test_rename_of_unknown_command_stops_startup(tmp_path):
    p = subprocess.run([ringkv_bin(), "--port", str(free_port()), "--bind", "127.0.0.1", "--dir", str(tmp_path),
                        "--rename-command", "nosuchcmd", "x"], capture_output=True, timeout=20)
    assert p.returncode != 0
    assert b"No such command in rename-command" in p.stdout + p.stderr
