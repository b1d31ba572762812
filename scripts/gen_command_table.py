#!/usr/bin/env python3
"""Generates core/command_table_data.cc: the metadata of every command and subcommand of the reference Redis
(7.0.15), read from a real redis-server. The server is the spec: arity, flags, key positions, ACL categories,
key specs and tips come from COMMAND INFO, the documentation fields and argument trees from COMMAND DOCS, so
ringkv's COMMAND INFO/DOCS match Redis by construction. Commands ringkv does not implement yet are included
too: implementing one later is a handler and one registration line, no regeneration.

Commands of a later Redis that ringkv implements ahead of the reference (Redis 7.4's hash-field expiry) are
merged from scripts/command_table_extras.json: COMMAND INFO's entry and COMMAND DOCS's map of each, as that
Redis prints them, checked by the same rules; a name the reference server also has is refused.

Two facts COMMAND INFO does not show are derived elsewhere:
  - which commands sentinel mode offers (Redis's CMD_SENTINEL / CMD_ONLY_SENTINEL): a second server in
    --sentinel mode lists them; the sentinel-only commands (SENTINEL and its subcommands) are read from it;
  - CMD_PROTECTED (refused unless enable-debug-command / enable-module-command allows it): the commands in
    PROTECTED_COMMANDS below, as Redis 7.0's command table marks them.

Usage: scripts/gen_command_table.py [--check] [--redis-server PATH] [--output PATH]
  --check   regenerate in memory, exit 1 (with a diff excerpt) when the checked-in file differs.
Both servers bind 127.0.0.1 on free ports in a temporary directory and are stopped by PID, also on errors.
Only the standard library is used."""
import argparse
import difflib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO, "core", "command_table_data.cc")
DEFAULT_SERVER = "/usr/bin/redis-server"
EXTRAS = os.path.join(REPO, "scripts", "command_table_extras.json")
EXPECTED_VERSION = "7.0.15"

# COMMAND INFO flag names in the order Redis prints them (addReplyFlagsForCommand), with ringkv's enum names.
# core/command.cc's CommandFlagNames prints them in this same order.
COMMAND_FLAGS = [
    ("write", "kCmdWrite"), ("readonly", "kCmdReadonly"), ("denyoom", "kCmdDenyOom"), ("module", "kCmdModule"),
    ("admin", "kCmdAdmin"), ("pubsub", "kCmdPubsub"), ("noscript", "kCmdNoscript"),
    ("blocking", "kCmdBlocking"), ("loading", "kCmdLoading"), ("stale", "kCmdStale"),
    ("skip_monitor", "kCmdSkipMonitor"), ("skip_slowlog", "kCmdSkipSlowlog"), ("asking", "kCmdAsking"),
    ("fast", "kCmdFast"), ("no_auth", "kCmdNoAuth"), ("may_replicate", "kCmdMayReplicate"),
    ("no_mandatory_keys", "kCmdNoMandatoryKeys"), ("no_async_loading", "kCmdNoAsyncLoading"),
    ("no_multi", "kCmdNoMulti"), ("movablekeys", "kCmdMovableKeys"), ("allow_busy", "kCmdAllowBusy"),
]
# ACL categories in the order Redis prints them (its ACLCommandCategories table), as core/command.h's kAcl*.
ACL_CATEGORIES = [
    ("@keyspace", "kAclKeyspace"), ("@read", "kAclRead"), ("@write", "kAclWrite"), ("@set", "kAclSet"),
    ("@sortedset", "kAclSortedSet"), ("@list", "kAclList"), ("@hash", "kAclHash"), ("@string", "kAclString"),
    ("@bitmap", "kAclBitmap"), ("@hyperloglog", "kAclHyperLogLog"), ("@geo", "kAclGeo"),
    ("@stream", "kAclStream"), ("@pubsub", "kAclPubsub"), ("@admin", "kAclAdmin"), ("@fast", "kAclFast"),
    ("@slow", "kAclSlow"), ("@blocking", "kAclBlocking"), ("@dangerous", "kAclDangerous"),
    ("@connection", "kAclConnection"), ("@transaction", "kAclTransaction"), ("@scripting", "kAclScripting"),
]
# Redis 7.0 marks these CMD_PROTECTED; COMMAND INFO does not print that flag.
PROTECTED_COMMANDS = {"debug", "module"}

# The fields of a COMMAND DOCS map, of one argument, and the argument flags, each in the order Redis prints
# them. The generator refuses anything else, so the fixed order of ringkv's replies is checked here.
DOC_FIELDS = ["summary", "since", "group", "complexity", "doc_flags", "deprecated_since", "replaced_by",
              "history", "arguments", "subcommands"]
ARG_FIELDS = ["name", "type", "key_spec_index", "token", "summary", "since", "deprecated_since", "flags",
              "arguments"]
ARG_FLAGS = [("optional", "kArgOptional"), ("multiple", "kArgMultiple"), ("multiple_token", "kArgMultipleToken")]
ARG_TYPES = {"string": "kString", "integer": "kInteger", "double": "kDouble", "key": "kKey",
             "pattern": "kPattern", "unix-time": "kUnixTime", "pure-token": "kPureToken", "oneof": "kOneof",
             "block": "kBlock"}
DOC_FLAGS = ["deprecated", "syscmd"]


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------
# Servers and a small RESP3 reader.

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisProcess:
    """A redis-server on a free loopback port in its own directory; stop() ends it by PID."""

    def __init__(self, binary, workdir, sentinel=False):
        self.proc = None
        self.port = free_port()
        log = open(os.path.join(workdir, "sentinel.log" if sentinel else "server.log"), "ab")
        if sentinel:
            conf = os.path.join(workdir, "sentinel.conf")
            with open(conf, "w") as f:
                f.write(f"port {self.port}\nbind 127.0.0.1\ndir {workdir}\n")
            argv = [binary, conf, "--sentinel"]
        else:
            argv = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", workdir,
                    "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        log.close()
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise GenError(f"{binary} exited with status {self.proc.returncode} (see {workdir})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise GenError(f"{binary} did not accept connections on port {self.port}")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Resp3:
    """One connection speaking RESP3. Maps become lists of (key, value) pairs (order kept), sets and arrays
    lists, bulk and simple strings str, null None."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""
        self.hello = dict(self.call("HELLO", "3"))

    def close(self):
        self.sock.close()

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a.encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))
        reply = self._read()
        if isinstance(reply, GenError):
            raise reply
        return reply

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise GenError("connection closed by redis-server")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise GenError("connection closed by redis-server")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _read(self):
        line = self._line()
        kind, rest = chr(line[0]), line[1:]
        if kind == "+":
            return rest.decode()
        if kind == "-":
            return GenError(f"redis-server replied an error: {rest.decode()}")
        if kind == ":":
            return int(rest)
        if kind == "_":
            return None
        if kind == "$":
            return self._exact(int(rest)).decode()
        if kind in "*~":
            return [self._read() for _ in range(int(rest))]
        if kind == "%":
            return [(self._read(), self._read()) for _ in range(int(rest))]
        raise GenError(f"unexpected RESP3 type {kind!r}")


# ---------------------------------------------------------------------------------------------------------
# Reading the metadata: one dict per command or subcommand.

def check_order(what, names, order):
    """names must be a subsequence of order (known names, in Redis's fixed print order)."""
    positions = []
    for n in names:
        if n not in order:
            raise GenError(f"{what}: unknown name {n!r}")
        positions.append(order.index(n))
    if positions != sorted(positions) or len(set(positions)) != len(positions):
        raise GenError(f"{what}: {names} are not in Redis's order {order}")


def nonempty(what, value):
    if not isinstance(value, str) or value == "":
        raise GenError(f"{what}: expected a non-empty string, got {value!r}")
    return value


def parse_key_spec(where, spec):
    out = {"notes": "", "flags": "", "begin": None, "find": None}
    keys = [k for k, _ in spec]
    if keys not in (["flags", "begin_search", "find_keys"], ["notes", "flags", "begin_search", "find_keys"]):
        raise GenError(f"{where}: unexpected key spec fields {keys}")
    for k, v in spec:
        if k == "notes":
            out["notes"] = nonempty(where, v)
        elif k == "flags":
            out["flags"] = " ".join(v)
        else:
            d = dict(v)
            inner = dict(d["spec"])
            out["begin" if k == "begin_search" else "find"] = (d["type"], [x for x, _ in d["spec"]], inner)
    btype, bkeys, b = out["begin"]
    expect = {"index": ["index"], "keyword": ["keyword", "startfrom"], "unknown": []}
    if btype not in expect or bkeys != expect[btype]:
        raise GenError(f"{where}: unexpected begin_search {out['begin']}")
    ftype, fkeys, f = out["find"]
    expect = {"range": ["lastkey", "keystep", "limit"], "keynum": ["keynumidx", "firstkey", "keystep"],
              "unknown": []}
    if ftype not in expect or fkeys != expect[ftype]:
        raise GenError(f"{where}: unexpected find_keys {out['find']}")
    return {"notes": out["notes"], "flags": out["flags"], "btype": btype, "b": b, "ftype": ftype, "f": f}


def parse_info(entry):
    name, arity, flags, first, last, step, acl, tips, key_specs, subs = entry
    check_order(f"{name} flags", flags, [n for n, _ in COMMAND_FLAGS])
    check_order(f"{name} ACL categories", acl, [n for n, _ in ACL_CATEGORIES])
    cmd = {"name": name, "arity": arity, "flags": list(flags), "first": first, "last": last, "step": step,
           "acl": list(acl), "tips": [nonempty(f"{name} tip", t) for t in tips],
           "key_specs": [parse_key_spec(f"{name} key spec {i}", s) for i, s in enumerate(key_specs)],
           "subcommands": sorted((parse_info(s) for s in subs), key=lambda c: c["name"])}
    if name in PROTECTED_COMMANDS:
        cmd["flags"].append("protected")
    for sub in cmd["subcommands"]:
        if sub["subcommands"] or not sub["name"].startswith(name + "|"):
            raise GenError(f"{name}: unexpected subcommand {sub['name']}")
    return cmd


def parse_args(where, args):
    out = []
    for a in args:
        keys = [k for k, _ in a]
        check_order(f"{where} argument fields", keys, ARG_FIELDS)
        d = dict(a)
        arg_where = f"{where} argument {d.get('name')!r}"
        if keys[:2] != ["name", "type"] or d["type"] not in ARG_TYPES:
            raise GenError(f"{arg_where}: unexpected fields {a}")
        flags = d.get("flags", [])
        check_order(f"{arg_where} flags", flags, [n for n, _ in ARG_FLAGS])
        if "flags" in d and not flags:
            raise GenError(f"{arg_where}: empty flags")
        nested = d["type"] in ("oneof", "block")
        if nested != ("arguments" in d):
            raise GenError(f"{arg_where}: arguments present iff oneof/block expected")
        out.append({
            "name": nonempty(arg_where, d["name"]), "type": d["type"],
            "key_spec_index": d.get("key_spec_index", -1),
            # MIGRATE's empty_string has the token "": presence matters, so an absent token is None.
            "token": d["token"] if "token" in d else None,
            "summary": nonempty(arg_where, d["summary"]) if "summary" in d else "",
            "since": nonempty(arg_where, d["since"]) if "since" in d else "",
            "deprecated_since": nonempty(arg_where, d["deprecated_since"]) if "deprecated_since" in d else "",
            "flags": flags, "args": parse_args(arg_where, d["arguments"]) if nested else []})
    return out


def parse_docs(name, doc):
    keys = [k for k, _ in doc]
    check_order(f"{name} COMMAND DOCS fields", keys, DOC_FIELDS)
    d = dict(doc)
    out = {}
    for field in ("summary", "since", "group", "complexity", "deprecated_since", "replaced_by"):
        out[field] = nonempty(f"{name} {field}", d[field]) if field in d else ""
    if not out["group"]:
        raise GenError(f"{name}: COMMAND DOCS without a group")
    doc_flags = d.get("doc_flags", [])
    check_order(f"{name} doc_flags", doc_flags, DOC_FLAGS)
    out["doc_flags"] = " ".join(doc_flags)
    out["history"] = []
    for h in d.get("history", []):
        if len(h) != 2:
            raise GenError(f"{name}: unexpected history entry {h}")
        out["history"].append((nonempty(f"{name} history", h[0]), nonempty(f"{name} history", h[1])))
    if "history" in d and not out["history"]:
        raise GenError(f"{name}: empty history")
    out["args"] = parse_args(name, d.get("arguments", []))
    if "arguments" in d and not out["args"]:
        raise GenError(f"{name}: empty arguments")
    out["subdocs"] = dict(d.get("subcommands", []))
    return out


def merge(info, docs, where):
    """Joins COMMAND INFO and COMMAND DOCS of one command (and of its subcommands)."""
    if info["name"] not in docs:
        raise GenError(f"{info['name']}: in COMMAND INFO but not in COMMAND DOCS ({where})")
    d = parse_docs(info["name"], docs[info["name"]])
    info.update({k: v for k, v in d.items() if k != "subdocs"})
    sub_names = {s["name"] for s in info["subcommands"]}
    if set(d["subdocs"]) != sub_names:
        raise GenError(f"{info['name']}: subcommands differ between COMMAND INFO and COMMAND DOCS")
    for sub in info["subcommands"]:
        merge(sub, d["subdocs"], where)
    return info


def read_commands(binary):
    """Returns (version, commands): every top-level command (with its subcommands), sorted by name."""
    with tempfile.TemporaryDirectory(prefix="gen-command-table-") as workdir:
        servers = []
        try:
            servers.append(RedisProcess(binary, workdir))
            servers.append(RedisProcess(binary, workdir, sentinel=True))
            main, sentinel = Resp3(servers[0].port), Resp3(servers[1].port)
            try:
                version = main.hello["version"]
                if version != EXPECTED_VERSION:
                    raise GenError(f"{binary} is Redis {version}; the spec is {EXPECTED_VERSION}")
                docs = dict(main.call("COMMAND", "DOCS"))
                commands = {}
                for entry in main.call("COMMAND"):
                    cmd = merge(parse_info(entry), docs, "redis-server")
                    commands[cmd["name"]] = cmd
                if set(docs) != set(commands):
                    raise GenError("COMMAND and COMMAND DOCS list different commands")
                sentinel_names = [n for n in sentinel.call("COMMAND", "LIST") if "|" not in n]
                for n in sentinel_names:
                    if n in commands:
                        commands[n]["flags"].append("sentinel")
                        continue
                    (entry,) = sentinel.call("COMMAND", "INFO", n)
                    cmd = merge(parse_info(entry), dict(sentinel.call("COMMAND", "DOCS", n)), "sentinel mode")
                    cmd["flags"].append("only_sentinel")
                    commands[n] = cmd
            finally:
                main.close()
                sentinel.close()
        finally:
            for s in servers:
                s.stop()
    add_extras(commands)
    return version, [commands[n] for n in sorted(commands)]


def add_extras(commands):
    """Merges the later Redis's commands of EXTRAS into commands (name -> parsed command)."""
    with open(EXTRAS) as f:
        data = json.load(f)
    for e in data["commands"]:
        name = e["info"][0]
        if name in commands:
            raise GenError(f"{name} is in {EXTRAS} and in the reference server: delete the extra")
        commands[name] = merge(parse_info(e["info"]), {name: e["docs"]}, os.path.basename(EXTRAS))


# ---------------------------------------------------------------------------------------------------------
# Writing core/command_table_data.cc.

HIDDEN_FLAGS = {"protected": "kCmdProtected", "sentinel": "kCmdSentinel", "only_sentinel": "kCmdOnlySentinel"}


def cstr(s):
    """A C++ string literal (octal escapes are bounded to three digits, so any text is safe)."""
    out = []
    for b in s.encode():
        ch = chr(b)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= b < 127:
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def bits(names, table, hidden=None):
    enum = dict(table)
    if hidden:
        enum.update(hidden)
    parts = [enum[n] for n in names]
    return " | ".join(parts) if parts else "0"


def render(version, commands):
    key_specs, tips, history, args = [], [], [], []
    top_rows, sub_rows = [], []

    def add_range(items, new, comment):
        begin = len(items)
        for i, x in enumerate(new):
            items.append((x, comment if i == 0 else None))
        return begin, len(new)

    def add_args(arg_list, comment):
        # A list takes contiguous slots; each oneof/block's parts follow as their own contiguous list.
        begin = len(args)
        slots = []
        for i, _ in enumerate(arg_list):
            args.append(None)
            slots.append(begin + i)
        for slot, a in zip(slots, arg_list):
            child = add_args(a["args"], None) if a["args"] else (0, 0)
            args[slot] = (a, child, comment if slot == begin else None)
        return begin, len(arg_list)

    def meta_row(c, subs_range):
        ks = add_range(key_specs, c["key_specs"], c["name"])
        tp = add_range(tips, c["tips"], c["name"])
        hs = add_range(history, c["history"], c["name"])
        ag = add_args(c["args"], c["name"])
        fields = [
            f".name = {cstr(c['name'])}", f".arity = {c['arity']}",
            f".flags = {bits(c['flags'], COMMAND_FLAGS, HIDDEN_FLAGS)}",
            f".first_key = {c['first']}", f".last_key = {c['last']}", f".key_step = {c['step']}",
            f".acl = {bits(c['acl'], ACL_CATEGORIES)}"]
        for f in ("summary", "since", "group", "complexity", "doc_flags", "deprecated_since", "replaced_by"):
            if c[f]:
                fields.append(f".{f} = {cstr(c[f])}")
        for f, (b, n) in (("key_specs", ks), ("tips", tp), ("history", hs), ("args", ag),
                          ("subcommands", subs_range)):
            if n:
                fields.append(f".{f} = {{{b}, {n}}}")
        return "    {" + ", ".join(fields) + "},"

    for c in commands:
        subs_range = (0, 0)
        if c["subcommands"]:
            subs_range = (len(sub_rows), len(c["subcommands"]))
            for s in c["subcommands"]:
                sub_rows.append(meta_row(s, (0, 0)))
        top_rows.append(meta_row(c, subs_range))

    def key_spec_row(k):
        f = [f".flags = {cstr(k['flags'])}"]
        if k["notes"]:
            f.append(f".notes = {cstr(k['notes'])}")
        if k["btype"] == "index":
            f.append(f".begin_search = BS::kIndex, .begin_index = {k['b']['index']}")
        elif k["btype"] == "keyword":
            f.append(f".begin_search = BS::kKeyword, .keyword = {cstr(k['b']['keyword'])}, "
                     f".keyword_startfrom = {k['b']['startfrom']}")
        else:
            f.append(".begin_search = BS::kUnknown")
        if k["ftype"] == "range":
            f.append(f".find_keys = FK::kRange, .lastkey = {k['f']['lastkey']}, .keystep = {k['f']['keystep']}, "
                     f".limit = {k['f']['limit']}")
        elif k["ftype"] == "keynum":
            f.append(f".find_keys = FK::kKeynum, .keynum_index = {k['f']['keynumidx']}, "
                     f".keynum_firstkey = {k['f']['firstkey']}, .keynum_step = {k['f']['keystep']}")
        else:
            f.append(".find_keys = FK::kUnknown")
        return "{" + ", ".join(f) + "},"

    def arg_row(a, child):
        f = [f".name = {cstr(a['name'])}", f".type = ArgType::{ARG_TYPES[a['type']]}"]
        if a["key_spec_index"] >= 0:
            f.append(f".key_spec_index = {a['key_spec_index']}")
        if a["token"] is not None:
            f.append(f".token = {cstr(a['token'])}")
        for field in ("summary", "since", "deprecated_since"):
            if a[field]:
                f.append(f".{field} = {cstr(a[field])}")
        if a["flags"]:
            f.append(f".flags = {bits(a['flags'], ARG_FLAGS)}")
        if child[1]:
            f.append(f".args = {{{child[0]}, {child[1]}}}")
        return "{" + ", ".join(f) + "},"

    def block(ctype, name, rows):
        out = [f"constexpr {ctype} {name}[] = {{"]
        for row, comment in rows:
            if comment:
                out.append(f"    // {comment}")
            out.append("    " + row)
        if not rows:
            out.append("    {},")  # a C++ array cannot be empty; the table's span excludes this slot
        out.append("};")
        return out

    n_sub = sum(len(c["subcommands"]) for c in commands)
    for what, items in (("key specs", key_specs), ("tips", tips), ("history", history), ("args", args),
                        ("subcommands", sub_rows)):
        if len(items) > 0xFFFF:
            raise GenError(f"{len(items)} {what} do not fit MetaRange's 16-bit indexes")
    lines = [
        "// GENERATED FILE: DO NOT EDIT. Written by scripts/gen_command_table.py from the replies of",
        f"// redis-server {version} (COMMAND INFO and COMMAND DOCS of every command and subcommand; sentinel",
        "// mode's COMMAND LIST for the sentinel flags), plus the later Redis's commands of",
        "// scripts/command_table_extras.json. Regenerate with `scripts/gen_command_table.py`; the",
        "// integration test runs `scripts/gen_command_table.py --check`. Layout: core/command_meta.h.",
        f"// {len(commands)} commands, {n_sub} subcommands.",
        "#include \"core/command_meta.h\"",
        "",
        "namespace ringkv::core {",
        "namespace {",
        "",
        "using BS = BeginSearchType;",
        "using FK = FindKeysType;",
        "",
    ]
    lines += block("KeySpec", "kKeySpecs", [(key_spec_row(k), c) for k, c in key_specs])
    lines.append("")
    lines += block("std::string_view", "kTips", [(cstr(t) + ",", c) for t, c in tips])
    lines.append("")
    lines += block("CommandHistory", "kHistory",
                   [(f"{{{cstr(s)}, {cstr(t)}}},", c) for (s, t), c in history])
    lines.append("")
    lines += block("ArgSpec", "kArgs", [(arg_row(a, child), c) for a, child, c in args])
    lines.append("")
    lines.append("// Subcommands, grouped by container in the order of kCommands, sorted by name within a group.")
    lines += block("CommandMeta", "kSubcommands", [(r.strip(), None) for r in sub_rows])
    lines.append("")
    lines.append("// Top-level commands sorted by name (FindCommandMeta searches them by bisection).")
    lines += block("CommandMeta", "kCommands", [(r.strip(), None) for r in top_rows])
    lines += [
        "",
        "}  // namespace",
        "",
        "extern constexpr CommandMetaTable kCommandMetaTable = {",
        f"    .commands = {{kCommands, {len(top_rows)}}},",
        f"    .subcommands = {{kSubcommands, {len(sub_rows)}}},",
        f"    .key_specs = {{kKeySpecs, {len(key_specs)}}},",
        f"    .tips = {{kTips, {len(tips)}}},",
        f"    .history = {{kHistory, {len(history)}}},",
        f"    .args = {{kArgs, {len(args)}}},",
        f"    .source = {cstr('redis-server ' + version)},",
        "};",
        "",
        "}  // namespace ringkv::core",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in file instead of writing")
    ap.add_argument("--redis-server", default=DEFAULT_SERVER)
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    opts = ap.parse_args()
    if not os.access(opts.redis_server, os.X_OK):
        print(f"gen_command_table: {opts.redis_server} not found (Debian's redis-server {EXPECTED_VERSION} "
              "is the reference)", file=sys.stderr)
        return 2
    try:
        version, commands = read_commands(opts.redis_server)
        text = render(version, commands)
    except (GenError, OSError) as e:
        print(f"gen_command_table: {e}", file=sys.stderr)
        return 2
    if opts.check:
        try:
            with open(opts.output) as f:
                current = f.read()
        except OSError as e:
            print(f"gen_command_table: cannot read {opts.output}: {e}", file=sys.stderr)
            return 1
        if current == text:
            print(f"{opts.output} is up to date with redis-server {version}")
            return 0
        diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), "checked-in", "regenerated",
                                         lineterm="", n=1))
        print(f"{opts.output} differs from what redis-server {version} gives "
              f"({len(diff)} diff lines; run scripts/gen_command_table.py):", file=sys.stderr)
        print("\n".join(diff[:60]), file=sys.stderr)
        return 1
    with open(opts.output, "w") as f:
        f.write(text)
    print(f"wrote {opts.output}: {len(commands)} commands from redis-server {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
