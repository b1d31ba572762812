"""Shared pieces of the perf/ scripts: starting a pinned server on a free loopback port (and a unix socket in
its scratch directory), stopping it, reading its CPU time from /proc, and the tiny RESP client the loader
and the probe use.

Only the standard library: a user's machine needs Debian's python3 and nothing else.
"""

import os
import platform
import signal
import socket
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")

# Cores: the server under test on one, every load generator on the other (DESIGN.md, "Measuring speed
# fairly here"). Overridable for machines with a different layout.
SERVER_CORE = os.environ.get("SERVER_CORE", "0")
CLIENT_CORE = os.environ.get("CLIENT_CORE", "1")


def free_port():
    """A port nobody listens on right now (bind to 0, read it back, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ticks(pid):
    """utime + stime of the whole process (every thread) in clock ticks: fields 14 and 15 of
    /proc/PID/stat. The command name (field 2) may hold spaces, so split after its closing paren."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    # rest[0] is field 3 (state), so field N is rest[N - 3].
    return int(rest[11]) + int(rest[12])


def child_cpu_ticks(pid):
    """cutime + cstime: the CPU time of pid's children it has waited for (a BGSAVE or full-sync child, once
    the server reaped it), fields 16 and 17 of /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[13]) + int(rest[14])


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return None


def pid_file_add(pid_file, pid):
    if pid_file:
        with open(pid_file, "a") as f:
            f.write(f"{pid}\n")


def pid_file_remove(pid_file, pid):
    if not pid_file or not os.path.exists(pid_file):
        return
    with open(pid_file) as f:
        pids = [p.strip() for p in f if p.strip() and p.strip() != str(pid)]
    with open(pid_file, "w") as f:
        f.write("".join(p + "\n" for p in pids))


# sun_path holds 108 bytes with the terminating NUL.
UNIX_PATH_MAX = 107


# The persistence options every mode but `persist` runs with: no snapshots, no AOF.
NO_PERSISTENCE = ("--save", "", "--appendonly", "no")


class Server:
    """One server process pinned to SERVER_CORE (or core), listening on 127.0.0.1:port and on the unix socket
    workdir/NAME-PORT.sock (mode 700), no persistence.

    ringkv takes redis-server's command-line options, so both are started the same way. The process is
    `taskset` exec'ing the server, so Popen's pid is the server's pid (what /proc is read for).

    persistence replaces NO_PERSISTENCE (perf/persist.py passes its AOF and RDB options there) and data_dir,
    when given, becomes --dir (where the AOF and RDB files go; the logs and the socket stay in workdir).
    args are further options (perf/repl.py's replication settings, --replicaof)."""

    def __init__(self, name, binary, workdir, pid_file=None, persistence=NO_PERSISTENCE, data_dir=None, core=None,
                 args=()):
        self.name = name
        self.binary = binary
        self.workdir = workdir
        self.pid_file = pid_file
        self.persistence = list(persistence)
        self.data_dir = data_dir
        self.core = SERVER_CORE if core is None else core
        self.args = list(args)
        self.port = None
        self.unixsocket = None
        self.proc = None
        self.log_path = None
        self.spawned_at = None  # time.monotonic() right before the spawn
        self.ready_at = None  # ... and when both listeners first answered +PONG (not -LOADING)

    def start(self, timeout_s=15.0, poll_s=0.05):
        self.port = free_port()
        os.makedirs(self.workdir, exist_ok=True)
        self.log_path = os.path.join(self.workdir, f"{self.name}-{self.port}.log")
        self.unixsocket = os.path.join(os.path.abspath(self.workdir), f"{self.name}-{self.port}.sock")
        if len(self.unixsocket.encode()) > UNIX_PATH_MAX:
            raise RuntimeError(f"unix socket path {self.unixsocket} is longer than {UNIX_PATH_MAX} bytes: "
                               "use a shorter OUT_DIR")
        if os.path.exists(self.unixsocket):  # a port reused from an earlier round; the file is ours
            os.unlink(self.unixsocket)
        cmd = ["taskset", "-c", self.core, self.binary,
               "--port", str(self.port), "--bind", "127.0.0.1",
               "--unixsocket", self.unixsocket, "--unixsocketperm", "700"] + self.persistence + self.args
        if self.data_dir is not None:
            cmd += ["--dir", os.path.abspath(self.data_dir)]
        self.command = cmd
        log = open(self.log_path, "w")
        self.spawned_at = time.monotonic()
        self.ready_at = None
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        pid_file_add(self.pid_file, self.proc.pid)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up (status {self.proc.returncode}); "
                                   f"log {self.log_path}:\n{self.log_tail()}")
            try:
                # Both listeners: a server that ignored --unixsocket fails here, not in redis-benchmark.
                with Conn(self.port, timeout_s=1.0) as c, Conn(path=self.unixsocket, timeout_s=1.0) as u:
                    if c.call(b"PING") == b"+PONG" and u.call(b"PING") == b"+PONG":
                        self.ready_at = time.monotonic()
                        return self
            except OSError:
                pass
            time.sleep(poll_s)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer PING within {timeout_s}s; log {self.log_path}:\n"
                           f"{self.log_tail()}")

    def log_tail(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        pid_file_remove(self.pid_file, self.proc.pid)
        self.proc = None


class Conn:
    """A blocking RESP connection that is just enough for PING, DBSIZE, INFO and pipelined SETs: to
    127.0.0.1:port, or to the unix socket at path."""

    def __init__(self, port=None, timeout_s=None, path=None):
        if path is not None:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.settimeout(timeout_s)
                self.sock.connect(path)
            except OSError:
                self.sock.close()
                raise
        else:
            self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_reply(self):
        """Simple replies come back with their type byte (b'+OK', b'-ERR ...', b':42'); bulk strings as
        their bytes (None for nil); arrays as lists."""
        line = self._line()
        t = line[:1]
        if t == b"$":
            n = int(line[1:])
            if n < 0:
                return None
            data = self._exact(n + 2)
            return data[:-2]
        if t == b"*":
            n = int(line[1:])
            return None if n < 0 else [self.read_reply() for _ in range(n)]
        if t == b"=":  # RESP3 verbatim string, should INFO come back that way
            n = int(line[1:])
            return self._exact(n + 2)[4:-2]
        return line

    def call(self, *args):
        self.sock.sendall(encode(*args))
        return self.read_reply()


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n%b\r\n" % (len(a), a))
    return b"".join(out)


def info_field(port, section, field):
    """One field of INFO <section>, as a string, or None when the server does not report it."""
    try:
        with Conn(port, timeout_s=30) as c:
            reply = c.call(b"INFO", section.encode())
    except OSError:
        return None
    if not isinstance(reply, bytes) or reply.startswith(b"-"):
        return None
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1].strip()
    return None


def dbsize(port):
    try:
        with Conn(port, timeout_s=30) as c:
            reply = c.call(b"DBSIZE")
    except OSError:
        return None
    if isinstance(reply, bytes) and reply.startswith(b":"):
        return int(reply[1:])
    return None


def missing_commands(port, names):
    """The names among names that the server does not know (COMMAND INFO answers nil for those): a row
    whose commands are missing is "not available" on that server, not a failure."""
    with Conn(port, timeout_s=30) as c:
        reply = c.call("COMMAND", "INFO", *names)
    if not isinstance(reply, list) or len(reply) != len(names):
        return []  # no usable COMMAND INFO: the run itself will show what fails
    return [n for n, entry in zip(names, reply) if entry is None]


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) // 1024 // 1024} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "kernel": platform.release(), "cpu": model, "memory": mem}
