"""MEMORY STATS and MEMORY DOCTOR against Debian's redis-server 7.0.15 on the same data: the same fields in the
same order with the same RESP types (values are each server's own), in RESP2 and RESP3; DOCTOR's texts are
Redis's (the empty-instance message; a peak paragraph after a big peak); and INFO memory's fields are Redis's,
in its order. Every server binds 127.0.0.1 on a free port and is stopped by PID."""
import pytest

from servers import start_redis, start_ringkv, wait_for
from test_differential import RespConn

KINDS = ["ringkv", "redis"]
DOCTOR_EMPTY = ("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                "in these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                "Sam and I will be back to our programming as soon as I finished rebooting.\n")
DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"
DOCTOR_HEAD = "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
DOCTOR_TAIL = "I'm here to keep you safe, Sam. I want to help you.\n"
DOCTOR_ITEMS = (" * Peak memory:", " * High total RSS:", " * High allocator fragmentation:",
                " * High allocator RSS overhead:", " * High process RSS overhead:", " * Big replica buffers:",
                " * Big client buffers:", " * Many scripts:")


@pytest.fixture
def both():
    started = [start_ringkv(), start_redis()]
    yield started
    for s in started:
        s.cleanup()


def shape(reply):
    """A reply's structure: aggregates as lists of their elements' shapes, map keys kept as names, scalars as
    their RESP type byte."""
    if reply.kind in ("*", "%"):
        items = reply.value
        if reply.kind == "%" or (items and all(k.kind == "$" for k in items[::2]) and len(items) % 2 == 0):
            return [(k.value, shape(v)) for k, v in zip(items[::2], items[1::2])]
        return [shape(e) for e in items]
    return reply.kind


def add_data(port):
    with RespConn(port) as r:
        r.call("DEBUG", "POPULATE", "1000", "k", "50")
        r.call("SELECT", "3")
        r.call("SET", "x", "1", "EX", "100")


@pytest.mark.parametrize("resp", [2, 3])
def test_memory_stats_has_redis_fields_order_and_types(both, resp):
    shapes = []
    for srv in both:
        add_data(srv.port)
        with RespConn(srv.port) as r:
            if resp == 3:
                r.call("HELLO", "3")
            shapes.append(shape(r.call("MEMORY", "STATS")))
    ours, theirs = shapes
    assert [k for k, _ in ours] == [k for k, _ in theirs]
    assert ours == theirs
    names = [k for k, _ in ours]
    assert names[:3] == [b"peak.allocated", b"total.allocated", b"startup.allocated"]
    assert b"db.0" in names and b"db.3" in names and b"db.1" not in names


def stats_map(port):
    with RespConn(port) as r:
        r.call("HELLO", "3")
        return r.call("MEMORY", "STATS").py()


def test_memory_stats_values_add_up(both):
    srv = both[0]
    add_data(srv.port)
    m = stats_map(srv.port)
    assert m[b"keys.count"] == 1001
    assert m[b"total.allocated"] >= m[b"overhead.total"] + m[b"dataset.bytes"] - 1
    assert m[b"db.0"][b"overhead.hashtable.main"] > 0
    assert m[b"db.3"][b"overhead.hashtable.expires"] > 0
    assert m[b"keys.bytes-per-key"] > 0
    assert 0 < float(m[b"dataset.percentage"]) <= 100
    assert m[b"peak.allocated"] >= m[b"total.allocated"]
    with RespConn(srv.port) as r:
        info = r.call("INFO", "memory").value.decode()
    fields = dict(line.split(":", 1) for line in info.split("\r\n") if ":" in line)
    assert int(fields["used_memory_startup"]) == m[b"startup.allocated"]
    assert int(fields["mem_clients_slaves"]) == m[b"clients.slaves"] == 0


def test_doctor_on_an_empty_instance(both):
    for srv in both:
        with RespConn(srv.port) as r:
            assert r.call("MEMORY", "DOCTOR").value == DOCTOR_EMPTY.encode()
            r.call("HELLO", "3")
            reply = r.call("MEMORY", "DOCTOR")
            assert (reply.kind, reply.value) == ("=", b"txt:" + DOCTOR_EMPTY.encode())


def doctor_paragraphs(text):
    if text == DOCTOR_FINE:
        return []
    assert text.startswith(DOCTOR_HEAD) and text.endswith(DOCTOR_TAIL), text
    items = text[len(DOCTOR_HEAD):-len(DOCTOR_TAIL)].split("\n\n")
    assert items[-1] == ""
    items = items[:-1]
    for item in items:
        assert item.startswith(DOCTOR_ITEMS), item
    return [DOCTOR_ITEMS.index(next(p for p in DOCTOR_ITEMS if item.startswith(p))) for item in items]


def test_doctor_reports_a_peak(both):
    reports = []
    for srv in both:
        with RespConn(srv.port) as r:
            r.call("DEBUG", "POPULATE", "300000", "big", "100")
            # The peak is sampled by the cron (Redis also after commands): wait for it to see this one.
            wait_for(lambda: int(dict(line.split(":", 1) for line in r.call("INFO", "memory").value.decode()
                                      .split("\r\n") if ":" in line)["used_memory_peak"]) > 30_000_000,
                     10, "the peak to be recorded")
            r.call("FLUSHALL", "SYNC")
            r.call("DEBUG", "POPULATE", "60000", "small", "100")
            reports.append(doctor_paragraphs(r.call("MEMORY", "DOCTOR").value.decode()))
    for found in reports:
        assert 0 in found  # the peak paragraph
    # Both texts are Redis's paragraphs; which fragmentation ones appear is each allocator's business.


def info_memory_names(port):
    with RespConn(port) as r:
        text = r.call("INFO", "memory").value.decode()
    return [line.split(":", 1)[0] for line in text.split("\r\n") if ":" in line]


def test_info_memory_fields_are_redis_ones_in_its_order(both):
    ours, theirs = (info_memory_names(s.port) for s in both)
    assert ours == theirs
