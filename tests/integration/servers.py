"""Starting and stopping real servers for the integration tests: the built ringkv binary and, for the
differential tests, Debian's redis-server. Each server binds 127.0.0.1 on a free port, runs in its own
temporary directory, and is always stopped by its PID (also when a test fails)."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import redis

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def stop_process(proc, timeout_s=10.0):
    """Ends a process we started: SIGTERM, then SIGKILL if it has not exited within timeout_s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ringkv_bin():
    path = os.path.abspath(os.environ.get("RINGKV_BIN") or os.path.join(REPO, "build", "ringkv"))
    if not os.path.exists(path):
        raise RuntimeError(f"ringkv binary not found at {path}; build it or set RINGKV_BIN")
    return path


def wait_for(pred, timeout_s=15.0, what="condition"):
    """Polls pred until it returns something true (returned) or timeout_s passes (AssertionError)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def wait_through_errors(pred, timeout_s, what):
    """wait_for for a server that may be restarting or busy: a connection error or timeout of pred counts as
    not yet (the last one is reported if the wait runs out)."""
    deadline = time.time() + timeout_s
    last = None
    while time.time() < deadline:
        try:
            last = pred()
            if last:
                return last
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as e:
            last = e
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what} (last: {last!r})")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One running server process. `args` are extra '--directive value' words."""

    def __init__(self, argv0, args=(), name="ringkv", conf=None, port=None):
        """conf: the text of a config file to start from (the server then has one: CONFIG REWRITE works).
        port: this port rather than a free one (a server restarted where its replicas look for it)."""
        self.name = name
        self.dir = tempfile.mkdtemp(prefix=f"{name}-test-")
        self.port = None
        self.proc = None
        self.log_path = os.path.join(self.dir, "server.log")
        conf_args = []
        if conf is not None:
            conf_path = os.path.join(self.dir, "server.conf")
            with open(conf_path, "w") as f:
                f.write(conf)
            conf_args = [conf_path]
        for _ in range(5 if port is None else 1):
            self.port = port or free_port()
            cmd = [argv0] + conf_args + ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
                                         "--save", "", "--appendonly", "no"] + list(args)
            self._log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, cwd=self.dir)
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError(f"{name} did not start; log:\n{self.log()}")

    def _wait_ready(self, timeout_s=10.0):
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                c = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
                c.ping()
                c.close()
                return True
            except redis.exceptions.AuthenticationError:
                return True
            except redis.exceptions.ResponseError as e:
                if "NOAUTH" in str(e):
                    return True
                time.sleep(0.02)
            except (redis.exceptions.ConnectionError, OSError):
                time.sleep(0.02)
        return False

    def client(self, **kw):
        kw.setdefault("socket_timeout", 30)
        return redis.Redis(host="127.0.0.1", port=self.port, **kw)

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout_s=10.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        rc = self.proc.returncode
        self.proc = None
        return rc

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def start_ringkv(*args, conf=None, port=None):
    return Server(ringkv_bin(), ["--enable-debug-command", "yes"] + list(args), name="ringkv", conf=conf, port=port)


def start_redis(*args, conf=None, port=None):
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    return Server(exe, ["--enable-debug-command", "yes"] + list(args), name="redis", conf=conf, port=port)


def on_both(fn, *args):
    """fn(server) on a fresh redis-server, then on a fresh ringkv, both started with args; the results by
    kind, for side-by-side comparisons."""
    out = {}
    for kind, start in (("redis", start_redis), ("ringkv", start_ringkv)):
        server = start(*args)
        try:
            out[kind] = fn(server)
        finally:
            server.cleanup()
    return out


def reply(c, *args):
    """The reply of a command, or "ERR: <message>" for an error reply (to compare errors like replies)."""
    try:
        return c.execute_command(*args)
    except redis.exceptions.ResponseError as e:
        return "ERR: " + str(e)


def raw_reply(conn, *args):
    """A command on a bare redis.Connection (its reply as sent, without redis-py's per-command parsing), or
    "ERR: <message>" for an error reply."""
    conn.send_command(*args)
    try:
        return conn.read_response()
    except redis.exceptions.ResponseError as e:
        return "ERR: " + str(e)
