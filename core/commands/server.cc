// Server commands: INFO, DBSIZE, TIME, FLUSHDB, FLUSHALL, SWAPDB, SHUTDOWN and DEBUG.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/access_bits.h"
#include "core/bgsave.h"
#include "core/context.h"
#include "core/digest.h"
#include "core/info.h"
#include "core/list_type.h"
#include "core/log.h"
#include "persist/rdb_writer.h"
#include "core/script/function_library.h"
#include "core/script/lua_engine.h"
#include "core/server.h"
#include "core/repl/replication.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

void InfoCommand(CommandContext& ctx) {
  std::vector<std::string> sections;
  for (size_t j = 1; j < ctx.argc(); ++j) sections.push_back(ToLower(ctx.argv[j]));
  ctx.rb.Verbatim(BuildInfo(ctx.server, sections));
}

// The time of the last successful save (SAVE or BGSAVE): the start-up time before the first one, as Redis.
void LastsaveCommand(CommandContext& ctx) { ctx.rb.Integer(ctx.server.rdb_status().last_save_s); }

void SaveCommand(CommandContext& ctx) {
  // The child's rename would overwrite this save with an older dataset.
  if (ForkChild* child = ctx.server.fork_child(); child != nullptr && child->kind() == ChildKind::kRdb) {
    ctx.rb.Error("ERR Background save already in progress");
    return;
  }
  std::string err;
  if (!RdbSaveToDisk(ctx.server, &err)) {
    ctx.rb.Error("ERR");  // Redis answers its shared bare "-ERR"; the log says why
    return;
  }
  ctx.rb.Ok();
}

// BGSAVE [SCHEDULE], as Redis 7.0's bgsaveCommand: inside EXEC (where a fork would snapshot half a
// transaction) and while another child runs (SCHEDULE), the save starts from the cron when it can.
void BgsaveCommand(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argc() > 1) {
    if (ctx.argc() == 2 && EqualsIgnoreCase(ctx.argv[1], "SCHEDULE")) {
      schedule = true;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  ForkChild* child = ctx.server.fork_child();
  const bool in_exec = ctx.call.parent != nullptr;
  if (child != nullptr && child->kind() == ChildKind::kRdb) {
    ctx.rb.Error("ERR Background save already in progress");
  } else if ((child != nullptr && child->active()) || in_exec) {
    if (schedule || in_exec) {
      ctx.server.rdb_status().bgsave_scheduled = true;
      ctx.rb.SimpleString("Background saving scheduled");
    } else {
      ctx.rb.Error(
          "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to "
          "schedule a BGSAVE whenever possible.");
    }
  } else if (RdbSaveBackground(ctx.server)) {
    ctx.rb.SimpleString("Background saving started");
  } else {
    ctx.rb.Error("ERR");
  }
}

void DbsizeCommand(CommandContext& ctx) { ctx.rb.Integer(static_cast<int64_t>(ctx.db->size())); }

void TimeCommand(CommandContext& ctx) {
  int64_t us = ctx.server.NowUs();
  ctx.rb.ArrayHeader(2);
  ctx.rb.BulkInt(us / 1000000);
  ctx.rb.BulkInt(us % 1000000);
}

// FLUSHDB/FLUSHALL [ASYNC|SYNC], as Redis's getFlushCommandFlags: ASYNC hands the tables to the lazyfree
// thread, SYNC frees them here, and neither follows lazyfree-lazy-user-flush. Sets *async.
bool FlushOptionOrReply(CommandContext& ctx, bool* async) {
  if (ctx.argc() > 2) {
    ctx.ReplySyntaxError();
    return false;
  }
  if (ctx.argc() == 1) {
    *async = ctx.server.lazyfree().IsLazy(FreeCause::kUserFlush);
  } else if (EqualsIgnoreCase(ctx.argv[1], "ASYNC")) {
    *async = true;
  } else if (EqualsIgnoreCase(ctx.argv[1], "SYNC")) {
    *async = false;
  } else {
    ctx.ReplySyntaxError();
    return false;
  }
  return true;
}

void FlushdbCommand(CommandContext& ctx) {
  bool async;
  if (!FlushOptionOrReply(ctx, &async)) return;
  int64_t n = static_cast<int64_t>(ctx.db->size());
  ctx.db->Clear(async);
  ctx.Dirty(n + 1);
  ctx.rb.Ok();
}

void FlushallCommand(CommandContext& ctx) {
  bool async;
  if (!FlushOptionOrReply(ctx, &async)) return;
  int64_t n = 0;
  for (int i = 0; i < ctx.server.db_count(); ++i) n += static_cast<int64_t>(ctx.server.db(i).size());
  ctx.server.FlushAll(async);
  // Redis 7.0's flushAllDataAndResetRDB: a running snapshot of the old data is ended, and with save points
  // the empty dataset is saved at once, without counting as the save of the changes (FLUSHALL itself still
  // reaches rdb_changes_since_last_save, the AOF and replicas).
  KillRdbChild(ctx.server);
  if (HasSavePoints(ctx.server)) {
    RdbStatus& st = ctx.server.rdb_status();
    const int64_t dirty_at_save = st.dirty_at_save;
    std::string err;
    RdbSaveToDisk(ctx.server, &err);
    st.dirty_at_save = dirty_at_save;
  }
  ctx.Dirty(n + 1);
  ctx.rb.Ok();
}

void SwapdbCommand(CommandContext& ctx) {
  int64_t a, b;
  if (!ctx.Int64OrReply(ctx.argv[1], &a, "ERR invalid first DB index")) return;
  if (!ctx.Int64OrReply(ctx.argv[2], &b, "ERR invalid second DB index")) return;
  if (!ctx.server.SwapDb(static_cast<int>(std::clamp<int64_t>(a, -1, INT32_MAX)),
                         static_cast<int>(std::clamp<int64_t>(b, -1, INT32_MAX)))) {
    ctx.rb.Error(kErrDbIndex);
    return;
  }
  ctx.Dirty();
  ctx.rb.Ok();
}

void ShutdownCommand(CommandContext& ctx) {
  bool save = false, nosave = false, force = false;
  for (size_t j = 1; j < ctx.argc(); ++j) {
    std::string_view a = ctx.argv[j];
    if (EqualsIgnoreCase(a, "NOSAVE")) {
      nosave = true;
    } else if (EqualsIgnoreCase(a, "SAVE")) {
      save = true;
    } else if (EqualsIgnoreCase(a, "NOW")) {
      // No replicas to wait for (until the replication issue): NOW changes nothing yet.
    } else if (EqualsIgnoreCase(a, "FORCE")) {
      force = true;  // errors that would keep the server up (a failed final save) are logged, and it exits
    } else if (EqualsIgnoreCase(a, "ABORT") && ctx.argc() == 2) {
      ctx.rb.Error("ERR No shutdown in progress.");
      return;
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (save && nosave) {
    ctx.ReplySyntaxError();
    return;
  }
  // A busy script may have half-written the dataset: only a shutdown that saves nothing may end it.
  if (!nosave && ctx.server.busy_script() != nullptr) {
    ctx.rb.Error(ctx.server.busy_script()->BusyError());
    return;
  }
  std::string err;
  if (!ctx.server.RequestShutdown(save, nosave, force, &err)) {
    ctx.rb.Error(err);
    return;
  }
  // Like Redis, a successful SHUTDOWN sends no reply: the connection just closes.
  ctx.rb.SetDiscard(true);
}

// ---- DEBUG ----

void DebugObject(CommandContext& ctx) {
  Entry* e = ctx.db->Peek(ctx.argv[2]);
  if (e == nullptr || Db::IsExpired(e, ctx.ExpireNowMs())) {
    ctx.rb.Error(kErrNoKey);
    return;
  }
  // Like Redis, the lru fields are printed as an LRU clock whatever the policy.
  const Value& v = e->value();
  // serializedlength is the value's RDB form, as Redis's rdbSavedObjectLen (with rdbcompression applied).
  std::string serialized;
  persist::rdb::AppendValue(&serialized, v, ctx.server.config().rdbcompression);
  ctx.rb.SimpleString(absl::StrFormat(
      "Value at:%p refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d", static_cast<void*>(e),
      EncodingName(v.encoding()), serialized.size(), AccessBits::Raw(*e),
      ctx.server.access_bits().IdleSeconds(*e)) + (v.type() == ObjType::kList ? ListDebugFields(v) : ""));
}

// DEBUG LISTPACK / QUICKLIST key: Redis prints the structure on its stdout and says so.
void DebugStructure(CommandContext& ctx, bool quicklist) {
  Entry* e = ctx.db->Peek(ctx.argv[2]);
  if (e == nullptr || Db::IsExpired(e, ctx.ExpireNowMs())) {
    ctx.rb.Error(kErrNoKey);
    return;
  }
  const Value& v = e->value();
  if (quicklist) {
    if (v.type() != ObjType::kList || v.encoding() != Encoding::kQuicklist) {
      ctx.rb.Error("ERR Not a quicklist encoded object.");
      return;
    }
    const bool full = ctx.argc() == 4 && std::atoi(std::string(ctx.argv[3]).c_str()) != 0;
    const std::string repr = ListOf(v).Repr(full);
    std::fwrite(repr.data(), 1, repr.size(), stdout);
    std::fflush(stdout);
    ctx.rb.SimpleString("Quicklist structure printed on stdout");
    return;
  }
  if (v.encoding() != Encoding::kListpack) {
    ctx.rb.Error("ERR Not a listpack encoded object.");
    return;
  }
  ctx.rb.SimpleString("Listpack structure printed on stdout");
}

void DebugPopulate(CommandContext& ctx) {
  int64_t count;
  if (!ctx.RangeInt64OrReply(ctx.argv[2], 0, INT64_MAX, &count, "ERR value is out of range, must be positive")) {
    return;
  }
  std::string prefix = ctx.argc() >= 4 ? std::string(ctx.argv[3]) : "key";
  int64_t size = -1;
  if (ctx.argc() == 5 && !ctx.Int64OrReply(ctx.argv[4], &size, "ERR value is out of range, must be positive")) {
    return;
  }
  if (ctx.argc() > 5) {
    ctx.ReplySyntaxError();
    return;
  }
  std::string key, val;
  for (int64_t j = 0; j < count; ++j) {
    key = absl::StrCat(prefix, ":", j);
    if (ctx.LookupWrite(key) != nullptr) continue;
    val = absl::StrCat("value:", j);
    if (size >= 0) val.resize(static_cast<size_t>(size), '\0');
    Value v;
    v.SetString(val);
    ctx.db->Add(key, std::move(v), 0, "");  // Redis's dbAdd alone: "new" is the only notification
  }
  ctx.rb.Ok();
}

void DebugProtocol(CommandContext& ctx) {
  std::string_view t = ctx.argv[2];
  io::ReplyBuilder& rb = ctx.rb;
  if (EqualsIgnoreCase(t, "string")) {
    rb.Bulk("Hello World");
  } else if (EqualsIgnoreCase(t, "integer")) {
    rb.Integer(12345);
  } else if (EqualsIgnoreCase(t, "double")) {
    rb.Double(3.141);
  } else if (EqualsIgnoreCase(t, "bignum")) {
    if (rb.resp3()) {
      rb.Raw("(1234567999999999999999999999999999999\r\n");
    } else {
      rb.Bulk("1234567999999999999999999999999999999");
    }
  } else if (EqualsIgnoreCase(t, "null")) {
    rb.Null();
  } else if (EqualsIgnoreCase(t, "array")) {
    rb.ArrayHeader(3);
    for (int j = 0; j < 3; ++j) rb.Integer(j);
  } else if (EqualsIgnoreCase(t, "set")) {
    rb.SetHeader(3);
    for (int j = 0; j < 3; ++j) rb.Integer(j);
  } else if (EqualsIgnoreCase(t, "map")) {
    rb.MapHeader(3);
    for (int j = 0; j < 3; ++j) {
      rb.Integer(j);
      rb.Bool(j == 1);
    }
  } else if (EqualsIgnoreCase(t, "attrib")) {
    if (rb.resp3()) {
      rb.Raw("|1\r\n");
      rb.Bulk("key-popularity");
      rb.ArrayHeader(2);
      rb.Bulk("key:123");
      rb.Integer(90);
    }
    rb.Bulk("Some real reply following the attribute");
  } else if (EqualsIgnoreCase(t, "push")) {
    if (!rb.resp3()) {
      rb.Error("ERR RESP2 is not supported by this command");
      return;
    }
    rb.PushHeader(2);
    rb.Bulk("server-cpu-usage");
    rb.Integer(42);
    rb.Bulk("Some real reply following the push reply");
  } else if (EqualsIgnoreCase(t, "true")) {
    rb.Bool(true);
  } else if (EqualsIgnoreCase(t, "false")) {
    rb.Bool(false);
  } else if (EqualsIgnoreCase(t, "verbatim")) {
    rb.Verbatim("This is a verbatim\nstring");
  } else {
    rb.Error(
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|"
        "set|map|attrib|push|verbatim|true|false");
  }
}

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the dataset (functions too, as Redis's emptyData),
// load the file back. Test harnesses use it to check that everything survives a restart.
void DebugReload(CommandContext& ctx) {
  bool flush = true, save = true, merge = false;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "MERGE")) {
      merge = true;
    } else if (EqualsIgnoreCase(opt, "NOFLUSH")) {
      flush = false;
    } else if (EqualsIgnoreCase(opt, "NOSAVE")) {
      save = false;
    } else {
      ctx.rb.Error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
      return;
    }
  }
  std::string err;
  if (save && !RdbSaveToDisk(ctx.server, &err)) {
    ctx.rb.Error("ERR Error trying to save the DB");
    return;
  }
  if (flush) {
    ctx.server.FlushAll();
    ctx.server.functions().Flush();
  }
  if (RdbLoadFromDisk(ctx.server, &err, merge) != RdbLoadResult::kLoaded) {
    ctx.rb.Error("ERR Error trying to load the RDB dump, check server logs.");
    return;
  }
  Log(LogLevel::kNotice, "DB reloaded by DEBUG RELOAD");
  ctx.rb.Ok();
}

void DebugCommand(CommandContext& ctx) {
  std::string_view sub = ctx.argv[1];
  const size_t argc = ctx.argc();
  if (EqualsIgnoreCase(sub, "help") && argc == 2) {
    ctx.ReplyHelp({
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "OBJECT <key>",
        "    Show low level info about the `key` and associated value.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-LEN",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
    });
  } else if (EqualsIgnoreCase(sub, "sleep") && argc == 3) {
    // Redis reads the seconds with strtod and no check: any text is accepted ("abc" is 0), and a value whose
    // microseconds do not fit a long long (nan, inf, 1e400) sleeps not at all.
    std::string text(ctx.argv[2]);
    const double us = std::strtod(text.c_str(), nullptr) * 1e6;
    // DEBUG SLEEP blocks the whole server on purpose: Redis's tests use it to simulate a slow command.
    if (std::isfinite(us) && us >= 1 && us < 9.2e18) {
      std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(us)));
    }
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(sub, "set-active-expire") && argc == 3) {
    int64_t v;
    if (!ctx.Int64OrReply(ctx.argv[2], &v)) return;
    ctx.server.active_expire().enabled = v != 0;
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(sub, "object") && argc == 3) {
    DebugObject(ctx);
  } else if (EqualsIgnoreCase(sub, "listpack") && argc == 3) {
    DebugStructure(ctx, false);
  } else if (EqualsIgnoreCase(sub, "quicklist") && (argc == 3 || argc == 4)) {
    DebugStructure(ctx, true);
  } else if (EqualsIgnoreCase(sub, "quicklist-packed-threshold") && argc == 3) {
    uint64_t bytes;
    if (!config_table::ParseMemoryU64(ctx.argv[2], &bytes) || !ds::Quicklist::SetPackedThreshold(bytes)) {
      ctx.rb.Error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
    } else {
      ctx.rb.Ok();
    }
  } else if (EqualsIgnoreCase(sub, "reload")) {
    DebugReload(ctx);
  } else if (EqualsIgnoreCase(sub, "populate") && argc >= 3 && argc <= 5) {
    DebugPopulate(ctx);
  } else if (EqualsIgnoreCase(sub, "change-repl-id") && argc == 2) {
    ctx.server.replication().ChangeReplId();
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(sub, "log") && argc == 3) {
    Log(LogLevel::kWarning, "DEBUG LOG: %s", std::string(ctx.argv[2]));
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(sub, "error") && argc == 3) {
    ctx.rb.Error(ctx.argv[2]);
  } else if (EqualsIgnoreCase(sub, "protocol") && argc == 3) {
    DebugProtocol(ctx);
  } else if (EqualsIgnoreCase(sub, "digest-value") && argc >= 2) {
    // Status replies, as Redis. Peek, not Lookup: a key past its TTL is still digested (Redis reads its
    // table here), and asking does not expire it or count as an access.
    ctx.rb.ArrayHeader(argc - 2);
    for (size_t j = 2; j < argc; ++j) {
      const Entry* e = ctx.db->Peek(ctx.argv[j]);
      ctx.rb.SimpleString(DigestHex(e == nullptr ? Digest{} : ValueDigest(*e)));
    }
  } else if (EqualsIgnoreCase(sub, "digest") && argc == 2) {
    ctx.rb.SimpleString(DigestHex(DatasetDigest(ctx.server)));
  } else {
    ctx.ReplySubcommandSyntaxError();
  }
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterServerCommands(CommandTable& t) {
  t.Add("info", InfoCommand);
  t.Add("dbsize", DbsizeCommand);
  t.Add("lastsave", LastsaveCommand);
  t.Add("save", SaveCommand);
  t.Add("bgsave", BgsaveCommand);
  t.Add("time", TimeCommand);
  t.Add("flushdb", FlushdbCommand);
  t.Add("flushall", FlushallCommand);
  t.Add("swapdb", SwapdbCommand);
  t.Add("shutdown", ShutdownCommand);
  t.Add("debug", DebugCommand);
}

}  // namespace ringkv::core
