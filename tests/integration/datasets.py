"""Datasets the persistence tests write into a server and read back (test_rdb, test_dump, test_aof,
test_bgsave): every type in its small and large encodings, and what a client can see of a key or a whole
keyspace (type, contents, expiry, OBJECT ENCODING), so that two servers -- or one before and after a
restart -- can be compared with ==."""

FAR_MS = 4102444800000  # 2100-01-01
LIB = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"


def add_every_encoding(p, big=True):
    """Queues on pipeline p one key per type and encoding: strings (int, embstr, raw, binary), lists, sets
    (intset, listpack, hashtable), sorted sets and hashes (listpack and the big forms). big=False keeps the
    big collections just past the listpack limits (faster, for tests that write them often)."""
    n = 1 if big else 0.1
    p.set("str:int", 12345)
    p.set("str:bigint", -9223372036854775808)
    p.set("str:embstr", "hello")
    p.set("str:raw", "x" * 300)
    p.set("str:text", "the quick brown fox jumps over the lazy dog " * 3)
    p.set("str:bin", b"\x00\xff\x01binary")
    p.set("str:float", "3.14")
    p.rpush("list:small", *[f"e{i}" for i in range(5)])
    p.rpush("list:big", *[f"element-number-{i}" for i in range(int(3000 * n))])
    p.rpush("list:ints", *range(200))
    p.sadd("set:int", *range(0, 100, 3))
    p.sadd("set:bigint", *range(0, 1000))
    p.sadd("set:str", *[f"m{i}" for i in range(10)])
    p.sadd("set:big", *[f"member-{i}" for i in range(max(300, int(700 * n)))])
    p.zadd("zset:small", {f"m{i}": i for i in range(10)})
    p.zadd("zset:big", {f"member-{i}": i + 0.25 for i in range(max(200, int(300 * n)))})
    p.zadd("zset:inf", {"neg": float("-inf"), "zero": 0, "pos": float("inf")})
    p.zadd("zset:long", {"y" * 100: 1})
    p.hset("hash:small", mapping={f"f{i}": f"v{i}" for i in range(10)})
    p.hset("hash:big", mapping={f"field-{i}": f"value-{i}" for i in range(max(300, int(600 * n)))})
    p.hset("hash:long", mapping={"f": "z" * 100})


def add_plain_quicklist_node(c, key="list:plain"):
    """A list whose middle quicklist node is PLAIN (an element past the packed threshold) between packed
    ones (DEBUG QUICKLIST-PACKED-THRESHOLD, as Redis's own tests make one)."""
    c.rpush(key, "before")
    c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", 100)
    c.rpush(key, "p" * 200)
    c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", 0)
    c.rpush(key, "after")


def contents(c, key, list_nodes=False):
    """(type, contents) of key; list_nodes adds a list's quicklist node count (DEBUG OBJECT ql_nodes), which
    an RDB keeps (QUICKLIST_2 stores the nodes)."""
    t = c.type(key).decode()
    if t == "string":
        v = c.get(key)
    elif t == "list":
        v = c.lrange(key, 0, -1)
        if list_nodes:
            obj = c.execute_command("DEBUG", "OBJECT", key)
            obj = obj.decode() if isinstance(obj, bytes) else obj
            v = (v, [w for w in obj.split() if w.startswith("ql_nodes:")])
    elif t == "set":
        v = sorted(c.smembers(key))
    elif t == "zset":
        v = c.zrange(key, 0, -1, withscores=True)
    elif t == "hash":
        v = sorted(c.hgetall(key).items())
    else:
        v = None
    return t, v


def keyspace(c, list_nodes=False, dbs=16):
    """Everything a client can see: per (db, key) its type, contents, absolute expiry (ms, -1 none) and
    encoding; and the function libraries with their code."""
    out = {}
    for db in range(dbs):
        c.execute_command("SELECT", db)
        for key in c.scan_iter(count=1000):
            out[(db, key)] = contents(c, key, list_nodes) + (c.pexpiretime(key), c.object("encoding", key))
    c.execute_command("SELECT", 0)
    return out, repr(c.execute_command("FUNCTION", "LIST", "WITHCODE"))
