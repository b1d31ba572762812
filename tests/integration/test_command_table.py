"""The generated command table against Debian's redis-server 7.0.15: the checked-in core/command_table_data.cc
is what scripts/gen_command_table.py makes today; COMMAND INFO and COMMAND DOCS of every registered command and
subcommand are Redis's byte for byte in RESP2 and RESP3; so is the rendering of every command of the metadata,
registered or not (through build/command_meta_dump); COMMAND LIST filters as Redis's over what ringkv has.
The commands of a later Redis merged from scripts/command_table_extras.json (Redis 7.4's hash-field expiry)
are not in the reference server: they are left out of these comparisons and checked against Redis 7.4's
documentation in test_hash_field_ttl.py."""
import json
import os
import subprocess
import sys

import pytest

from servers import REPO, ringkv_bin
from test_connection_cmds import canonical_docs, canonical_info, explain_info_diff
from test_differential import RespConn, _show_pair

REDIS_SERVER = "/usr/bin/redis-server"
needs_redis = pytest.mark.skipif(not os.access(REDIS_SERVER, os.X_OK),
                                 reason=f"{REDIS_SERVER} (Debian's redis-server 7.0.15) is not installed")


def extra_names():
    """The commands merged from scripts/command_table_extras.json."""
    with open(os.path.join(REPO, "scripts", "command_table_extras.json")) as f:
        return {e["info"][0] for e in json.load(f)["commands"]}


def parse(data):
    """The replies in `data` (bytes), parsed by the differential test's RESP reader."""
    conn = RespConn.__new__(RespConn)
    conn.buf, conn.pos = bytearray(data), 0
    out = []
    while conn.pos < len(conn.buf):
        out.append(conn.read())
    return out


def hello(conn, proto):
    if proto == 3:
        assert conn.call("HELLO", "3").kind == "%"


@needs_redis
def test_generated_table_is_up_to_date():
    script = os.path.join(REPO, "scripts", "gen_command_table.py")
    res = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, f"gen_command_table.py --check failed:\n{res.stdout}{res.stderr}"


def registered_names(conn):
    """Every command and subcommand ringkv registers, by full name (COMMAND LIST names both)."""
    names = [e.value.decode() for e in conn.call("COMMAND", "LIST").value]
    assert len(names) == len(set(names))
    return sorted(names)


@needs_redis
@pytest.mark.parametrize("proto", [2, 3])
def test_info_and_docs_of_every_registered_command_match_redis(ringkv, redis_server, proto):
    with RespConn(ringkv.port, timeout=20) as a, RespConn(redis_server.port, timeout=20) as b:
        hello(a, proto)
        hello(b, proto)
        names = [n for n in registered_names(a) if n not in extra_names()]
        assert any("|" in n for n in names) and len(names) > 100
        differ = []
        # A container lists the subcommands ringkv implements; the others come with later issues.
        keep = set(names)
        for n in names:
            ra, rb = a.call("COMMAND", "INFO", n), b.call("COMMAND", "INFO", n)
            if canonical_info(ra, keep) != canonical_info(rb, keep):
                differ.append(f"  COMMAND INFO {n}:\n{explain_info_diff(ra, rb)}")
            ra, rb = a.call("COMMAND", "DOCS", n), b.call("COMMAND", "DOCS", n)
            if canonical_docs(ra, keep) != canonical_docs(rb, keep):
                differ.append(f"  COMMAND DOCS {n}:\n{_show_pair(ra.raw, rb.raw, limit=300)}")
    assert not differ, f"RESP{proto}: {len(differ)} replies differ from Redis 7.0.15:\n" + "\n".join(differ[:20])


def dump(what, proto):
    """{name: reply bytes} of command_meta_dump (next to the ringkv binary under test)."""
    tool = os.path.join(os.path.dirname(ringkv_bin()), "command_meta_dump")
    if not os.access(tool, os.X_OK):
        pytest.skip(f"{tool} is not built")
    data = subprocess.run([tool, what, str(proto)], capture_output=True, check=True, timeout=60).stdout
    out, pos = {}, 0
    while pos < len(data):
        name_end = data.index(b"\n", pos)
        len_end = data.index(b"\n", name_end + 1)
        n = int(data[name_end + 1:len_end])
        out[data[pos:name_end].decode()] = data[len_end + 1:len_end + 1 + n]
        assert data[len_end + 1 + n:len_end + 2 + n] == b"\n"
        pos = len_end + 2 + n
    return out


@needs_redis
@pytest.mark.parametrize("proto", [2, 3])
def test_every_command_of_the_metadata_renders_as_redis(redis_server, proto):
    """The commands ringkv does not implement yet too: implementing one is then a handler and a line."""
    infos, docs = dump("info", proto), dump("docs", proto)
    with RespConn(redis_server.port, timeout=20) as b:
        hello(b, proto)
        redis_names = sorted(e.value.decode() for e in b.call("COMMAND", "LIST").value if b"|" not in e.value)
        extras = extra_names()
        assert sorted(n for n in infos if n not in extras) == redis_names
        assert sorted(n for n in docs if n not in extras) == redis_names
        differ = []
        for n in redis_names:
            (ra,), rb = parse(infos[n]), b.call("COMMAND", "INFO", n)
            if canonical_info(ra) != canonical_info(rb):
                differ.append(f"  COMMAND INFO {n}:\n{explain_info_diff(ra, rb)}")
            (ra,), rb = parse(docs[n]), b.call("COMMAND", "DOCS", n)
            if canonical_docs(ra) != canonical_docs(rb):
                differ.append(f"  COMMAND DOCS {n}:\n{_show_pair(ra.raw, rb.raw, limit=300)}")
    assert not differ, f"RESP{proto}: {len(differ)} replies differ from Redis 7.0.15:\n" + "\n".join(differ[:20])


@needs_redis
def test_command_list_filters_as_redis_over_registered_commands(ringkv, redis_server):
    with RespConn(ringkv.port) as a, RespConn(redis_server.port) as b:
        mine = set(registered_names(a)) - extra_names()

        def listed(conn, *args):
            rep = conn.call("COMMAND", "LIST", *args)
            assert rep.kind == "*", rep.raw[:200]
            return {e.value.decode() for e in rep.value}

        for args in (("FILTERBY", "ACLCAT", "keyspace"), ("FILTERBY", "aclcat", "FAST"),
                     ("FILTERBY", "ACLCAT", "dangerous"), ("FILTERBY", "ACLCAT", "connection"),
                     ("FILTERBY", "PATTERN", "client*"), ("FILTERBY", "PATTERN", "*get*"),
                     ("FILTERBY", "PATTERN", "config|[gs]et"), ("FILTERBY", "ACLCAT", "nosuchcat"),
                     ("filterby", "module", "nosuchmodule")):
            got = listed(a, *args) - extra_names()
            assert got == listed(b, *args) & mine, args
        for args in (("FILTERBY", "NOSUCH", "x"), ("FILTERBY", "ACLCAT"), ("NOSUCH",)):
            assert a.call("COMMAND", "LIST", *args).raw == b.call("COMMAND", "LIST", *args).raw, args
        count = a.call("COMMAND", "COUNT").value
        assert count == len([n for n in mine if "|" not in n]) + len(extra_names())
