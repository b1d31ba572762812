"""Shared fixtures: `ringkv` is one ringkv server for the whole session (tests flush it first);
`redis_server` a real redis-server for differential tests; `either_server` a fresh server of each kind in
turn and `server_pair` one of each for a module's side-by-side comparisons; `fresh_ringkv` a factory for
tests that need a server of their own (special config, crashes, shutdown)."""
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


@pytest.fixture(params=["redis", "ringkv"])
def either_server(request):
    """A fresh redis-server, then a fresh ringkv: for a test that must pass on both."""
    s = start_redis() if request.param == "redis" else start_ringkv()
    yield s
    s.cleanup()


@pytest.fixture(scope="module")
def server_pair():
    """One redis-server and one ringkv for the module, by kind: tests compare their replies side by side."""
    servers = {"redis": start_redis(), "ringkv": start_ringkv()}
    yield servers
    for s in servers.values():
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
