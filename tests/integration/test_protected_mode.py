"""Protected mode as Redis 7.0: with protected-mode yes and no password for the default user, a client
whose peer is not local is refused with Redis's DENIED message, whatever `bind` says; loopback clients,
a password or protected-mode no let it in. A non-loopback peer is made inside a network namespace of the
test's own: an extra address on the namespace's loopback interface, so the client's source address is not
127.x. Both ringkv and redis-server are started in it and must answer the same bytes. Skipped, with the
reason, where a namespace cannot be made (not root, no CAP_SYS_ADMIN)."""
import os
import shutil
import subprocess
import tempfile

import pytest

from servers import ringkv_bin, stop_process

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
ADDR4 = "10.213.7.1"
ADDR6 = "fd00:213::1"

DENIED = (b"-DENIED Redis is running in protected mode because protected mode is enabled and no password is set "
          b"for the default user. In this mode connections are only accepted from the loopback interface.")


def sh(*args, check=True):
    return subprocess.run(list(args), capture_output=True, timeout=20, check=check)


@pytest.fixture(scope="module")
def netns():
    if shutil.which("ip") is None:
        pytest.skip("iproute2's `ip` is not installed: cannot make a network namespace")
    name = f"rkvpm{os.getpid()}"
    r = sh("ip", "netns", "add", name, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot create a network namespace ({r.stderr.decode().strip()}): needs root/CAP_SYS_ADMIN")
    try:
        sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
        sh("ip", "netns", "exec", name, "ip", "addr", "add", f"{ADDR4}/32", "dev", "lo")
        sh("ip", "netns", "exec", name, "ip", "-6", "addr", "add", f"{ADDR6}/128", "dev", "lo", "nodad")
        yield name
    finally:
        sh("ip", "netns", "del", name, check=False)


class NsServer:
    """A server process inside the namespace (`ip netns exec` execs it, so the PID is the server's)."""

    def __init__(self, ns, binary, args):
        self.dir = tempfile.mkdtemp(prefix="rkv-pm-")
        self.port = 6390  # the namespace is the test's own: nothing else listens there
        cmd = ["ip", "netns", "exec", ns, binary, "--port", str(self.port), "--save", "", "--dir", self.dir] + args
        self.log = open(os.path.join(self.dir, "log"), "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.ns = ns

    def stop(self):
        stop_process(self.proc)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# A client inside the namespace: connects from `src` to `dst`, sends PING, prints what came back.
CLIENT = r"""
import socket, sys, time
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
deadline = time.time() + 10
while True:
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.bind((sys.argv[1], 0))
    try:
        s.connect((sys.argv[2], int(sys.argv[3])))
        break
    except OSError:
        s.close()
        if time.time() > deadline:
            raise
        time.sleep(0.05)
s.settimeout(5)
s.sendall(b"PING\r\n")
got = b""
while True:
    try:
        d = s.recv(65536)
    except (ConnectionResetError, socket.timeout):
        break
    if not d:
        break
    got += d
    if got.endswith(b"\r\n") and (got.startswith(b"+") or len(got) > 400 and b"outside." in got):
        break
sys.stdout.buffer.write(got)
"""


def ping_from(ns, src, dst, port):
    r = sh("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", CLIENT, src, dst, str(port))
    return r.stdout


CASES = [
    # (server args, source address, destination, expect DENIED)
    (["--bind", ADDR4], ADDR4, ADDR4, True),
    (["--bind", "127.0.0.1", ADDR4], ADDR4, ADDR4, True),
    (["--bind", "0.0.0.0"], ADDR4, ADDR4, True),
    (["--bind", "*"], ADDR4, ADDR4, True),
    (["--bind", "-0.0.0.0"], ADDR4, ADDR4, True),
    (["--bind", "::"], ADDR6, ADDR6, True),
    (["--bind", "0.0.0.0"], "127.0.0.1", "127.0.0.1", False),
    # Redis 7.0.15 compares the peer's address text with "127.0.0.1": another loopback address is refused.
    (["--bind", "0.0.0.0"], "127.0.0.2", "127.0.0.1", True),
    (["--bind", "::"], "::1", "::1", False),
    (["--bind", "0.0.0.0", "--requirepass", "pw"], ADDR4, ADDR4, False),
    (["--bind", "0.0.0.0", "--protected-mode", "no"], ADDR4, ADDR4, False),
]


@pytest.mark.parametrize("args,src,dst,denied", CASES, ids=[" ".join(c[0]) + " from " + c[1] for c in CASES])
def test_protected_mode_matches_redis(netns, args, src, dst, denied):
    replies = {}
    for name, binary in (("ringkv", ringkv_bin()), ("redis", REDIS_SERVER)):
        srv = NsServer(netns, binary, args)
        try:
            replies[name] = ping_from(netns, src, dst, srv.port)
            assert srv.proc.poll() is None, f"{name} exited"
        finally:
            srv.stop()
    assert replies["ringkv"] == replies["redis"], replies
    if denied:
        assert replies["ringkv"].startswith(DENIED), replies["ringkv"][:200]
    else:
        assert replies["ringkv"] in (b"+PONG\r\n", b"-NOAUTH Authentication required.\r\n")
