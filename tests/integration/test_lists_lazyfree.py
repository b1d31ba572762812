"""Lists free lazily by node count (Redis's lazyfreeGetFreeEffort for a quicklist): UNLINK of a list of more
than 64 nodes goes to the lazyfree thread, a smaller one is freed at once; the lazyfree counters after each
step must be redis-server 7.0.15's."""
from servers import start_redis
from test_lazyfree import drained


def list_unlink_script(c):
    out = []
    assert c.config_resetstat()
    assert c.config_set("list-max-listpack-size", 2)
    c.rpush("big", *[f"e{i}" for i in range(200)])    # 100 nodes: above the threshold of 64
    c.rpush("small", *[f"e{i}" for i in range(100)])  # 50 nodes: freed at once
    assert c.config_set("list-max-listpack-size", -2)
    c.rpush("one", *[f"e{i}" for i in range(1000)])   # 1000 elements in one 8 KB node: freed at once
    for key in ("big", "small", "one"):
        assert c.unlink(key) == 1
        out.append(drained(c))
    assert c.config_set("list-max-listpack-size", 1)
    c.rpush("big", *[f"e{i}" for i in range(100)])
    assert c.config_set("list-max-listpack-size", -2)
    c.copy("big", "big2")                              # a copy keeps the layout: lazy too
    assert c.unlink("big2") == 1
    out.append(drained(c))
    return out


def test_list_unlink_counters_match_redis(fresh_ringkv):
    srv = fresh_ringkv()
    ref = start_redis()
    try:
        ours = list_unlink_script(srv.client())
        theirs = list_unlink_script(ref.client())
    finally:
        ref.cleanup()
    assert ours == theirs
    assert ours == [(0, 1), (0, 1), (0, 1), (0, 2)]
