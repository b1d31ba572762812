"""SHUTDOWN when persisting fails, side by side with redis-server 7.0.15: a final save that cannot be written
keeps the server up with Redis's error (and log line) unless FORCE is given; appendonly turned on at
runtime whose first rewrite still runs refuses SHUTDOWN the same way ("Writing initial AOF")."""
import os
import shutil
import tempfile
import time

import pytest
import redis

from servers import start_redis, start_ringkv


def both(*args):
    return [("ringkv", start_ringkv(*args)), ("redis", start_redis(*args))]


def wait_exit(srv, timeout_s=10):
    deadline = time.time() + timeout_s
    while time.time() < deadline and srv.alive():
        time.sleep(0.05)
    return not srv.alive()


def shutdown(c, *args):
    """SHUTDOWN's outcome: the error text, or None when the connection closed (the server went down)."""
    try:
        c.execute_command("SHUTDOWN", *args)
    except redis.exceptions.ResponseError as e:
        return str(e)
    except redis.exceptions.ConnectionError:
        return None
    return "no error and no close"


@pytest.mark.parametrize("how", ["save-points", "SAVE"])
def test_failed_final_save_keeps_the_server_up_unless_force(how):
    extra = ("--enable-protected-configs", "yes")
    servers = both("--save", "3600 1", *extra) if how == "save-points" else both(*extra)
    gone = []
    try:
        for name, srv in servers:
            c = srv.client()
            c.set("k", "v")
            d = tempfile.mkdtemp(prefix="shutdown-dir-")
            assert c.config_set("dir", d)
            shutil.rmtree(d)  # the final save cannot create its temp file
            args = ("SAVE",) if how == "SAVE" else ()
            assert shutdown(c, *args) == "Errors trying to SHUTDOWN. Check logs.", name
            assert srv.alive() and c.get("k") == b"v", name
            assert "Error trying to save the DB, can't exit." in srv.log(), name
            assert shutdown(c, *args, "FORCE") is None, name
            assert wait_exit(srv), name
            assert "Error trying to save the DB. Exit anyway." in srv.log(), name
            gone.append(name)
    finally:
        for _, srv in servers:
            srv.cleanup()
    assert gone == ["ringkv", "redis"]


def test_shutdown_while_the_first_aof_rewrite_runs():
    servers = both()
    try:
        for name, srv in servers:
            c = srv.client()
            for i in range(200):
                c.set(f"k{i}", i)
            # Each key takes 50 ms to save: the rewrite child that writes the first base outlives the test.
            assert c.config_set("rdb-key-save-delay", 50000)
            assert c.config_set("appendonly", "yes")
            assert c.info("persistence")["aof_rewrite_in_progress"] == 1, name
            assert shutdown(c) == "Errors trying to SHUTDOWN. Check logs.", name
            assert srv.alive(), name
            assert "Writing initial AOF, can't exit." in srv.log(), name
            assert shutdown(c, "NOSAVE", "FORCE") is None, name
            assert wait_exit(srv), name
            assert "Writing initial AOF. Exit anyway." in srv.log(), name
            assert not any(f.startswith("temp-rewriteaof") for f in os.listdir(srv.dir)), name
    finally:
        for _, srv in servers:
            srv.cleanup()
