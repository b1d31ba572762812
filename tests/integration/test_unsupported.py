"""No silent promises: the settings whose lack of effect would weaken access control or key checks (ACL
users, cluster mode) are refused at start-up with a message naming what is not there yet, and INFO reports
only what is in force. Their "off" values, which harnesses send, are accepted."""
import subprocess

import pytest

from servers import free_port, ringkv_bin

REFUSED_AT_STARTUP = [
    (["--aclfile", "/tmp/users.acl"], "aclfile is not available yet"),
    (["--user", "bob", "on", ">pw", "~*", "+@all"], "ACL users are not available yet"),
    (["--cluster-enabled", "yes"], "cluster-enabled yes is not available yet"),
]


@pytest.mark.parametrize("args,why", REFUSED_AT_STARTUP, ids=[" ".join(a) for a, _ in REFUSED_AT_STARTUP])
def test_refused_at_startup(tmp_path, args, why):
    p = subprocess.run([ringkv_bin(), "--port", str(free_port()), "--dir", str(tmp_path)] + args,
                       capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***" in err
    assert why in err, err


def test_off_values_are_accepted(fresh_ringkv):
    srv = fresh_ringkv("--appendonly", "no", "--save", "", "--replicaof", "no", "one", "--cluster-enabled", "no",
                       "--maxmemory", "0", "--maxmemory-policy", "allkeys-lru")
    c = srv.client()
    for name, value in (("appendonly", "no"), ("save", ""), ("min-replicas-to-write", "0"),
                        ("maxmemory-policy", "allkeys-lfu"), ("maxmemory", "0")):
        assert c.config_set(name, value) is True
    info = c.info("persistence")
    assert info["aof_enabled"] == 0
    assert c.info("replication")["role"] == "master"
    assert c.config_get("save") == {"save": ""}
