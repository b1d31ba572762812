"""Shared fixtures: `ringkv` is one ringkv server for the whole session (tests flush it first);
`redis_server` a real redis-server for differential tests; `pair` a ringkv and a redis-server of a module's
own (a module may define its own `pair`), `server_pair` the same by kind, and `either_server` a fresh server
of each kind in turn; `fresh_ringkv` a factory for tests that need a server of their own (special config,
crashes, shutdown)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servers import start_redis, start_ringkv  # noqa: E402


@pytest.fixture(scope="session")
def ringkv():
    s = start_ringkv()
    yield s
    s.cleanup()


@pytest.fixture(scope="session")
def redis_server():
    s = start_redis()
    yield s
    s.cleanup()


@pytest.fixture(scope="module")
def pair():
    a = start_ringkv()
    b = start_redis()
    yield a, b
    a.cleanup()
    b.cleanup()


@pytest.fixture(scope="module")
def server_pair(pair):
    """`pair` by kind, {"ringkv": ..., "redis": ...}: for tests that run the same steps on both."""
    return {"ringkv": pair[0], "redis": pair[1]}


@pytest.fixture(params=["redis", "ringkv"])
def either_server(request):
    """A fresh redis-server, then a fresh ringkv: for a test that must pass on both."""
    s = start_redis() if request.param == "redis" else start_ringkv()
    yield s
    s.cleanup()


@pytest.fixture
def fresh_ringkv():
    started = []

    def make(*args):
        s = start_ringkv(*args)
        started.append(s)
        return s

    yield make
    for s in started:
        s.cleanup()


@pytest.fixture
def r(ringkv):
    """A client of the shared server, flushed, closed after the test."""
    c = ringkv.client()
    c.flushall()
    yield c
    c.close()
