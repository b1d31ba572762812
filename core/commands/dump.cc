// DUMP and RESTORE (and RESTORE-ASKING, its cluster twin): a key's value as Redis's serialized payload and
// back (persist/dump_payload.h has the format and the validation). RESTORE answers every refusal as Redis 7.0
// does, in its order: options, BUSYKEY, the TTL, version and checksum, then the value.
#include <cstdint>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/server.h"
#include "persist/dump_payload.h"

namespace ringkv::core {
namespace {

struct RestoreArgs {
  bool replace = false;
  bool absttl = false;
  int64_t lfu_freq = -1;  // FREQ, -1: not given
  int64_t lru_idle = -1;  // IDLETIME seconds, -1: not given
};

// The options after the payload. IDLETIME and FREQ exclude each other: the second one is a syntax error.
bool ParseRestoreArgsOrReply(CommandContext& ctx, RestoreArgs* a) {
  for (size_t j = 4; j < ctx.argc(); ++j) {
    const size_t more = ctx.argc() - j - 1;
    const std::string_view opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "replace")) {
      a->replace = true;
    } else if (EqualsIgnoreCase(opt, "absttl")) {
      a->absttl = true;
    } else if (EqualsIgnoreCase(opt, "idletime") && more >= 1 && a->lfu_freq == -1) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &a->lru_idle)) return false;
      if (a->lru_idle < 0) {
        ctx.ReplyError("ERR Invalid IDLETIME value, must be >= 0");
        return false;
      }
      ++j;
    } else if (EqualsIgnoreCase(opt, "freq") && more >= 1 && a->lru_idle == -1) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &a->lfu_freq)) return false;
      if (a->lfu_freq < 0 || a->lfu_freq > 255) {
        ctx.ReplyError("ERR Invalid FREQ value, must be >= 0 and <= 255");
        return false;
      }
      ++j;
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
  }
  return true;
}

// DUMP key
void DumpCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Null();
    return;
  }
  ctx.rb.Bulk(persist::rdb::MakeDumpPayload(e->value(), ctx.server.config().rdbcompression));
}

// RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
void RestoreCommand(CommandContext& ctx) {
  RestoreArgs a;
  if (!ParseRestoreArgsOrReply(ctx, &a)) return;
  const std::string_view key = ctx.argv[1];
  Entry* old = ctx.LookupWrite(key);
  if (old != nullptr && !a.replace) {
    ctx.ReplyError("BUSYKEY Target key name already exists.");
    return;
  }
  int64_t ttl;
  if (!ctx.Int64OrReply(ctx.argv[2], &ttl)) return;
  if (ttl < 0) {
    ctx.ReplyError("ERR Invalid TTL value, must be >= 0");
    return;
  }
  const std::string_view payload = ctx.argv[3];
  if (!persist::rdb::VerifyDumpPayload(payload)) {
    ctx.ReplyError("ERR DUMP payload version or checksum are wrong");
    return;
  }
  Value v;
  std::string why;
  if (!persist::rdb::ReadDumpPayload(payload, ctx.server.config(), ctx.now_ms, &v, &why)) {
    ctx.ReplyError("ERR Bad data format");
    return;
  }
  // A relative TTL counts from the real clock (Redis 7.0's mstime()). A time already past makes no key (not
  // while loading, whose replay must give the same data), and with REPLACE deletes the old one, which is
  // what replicas and the AOF are told.
  if (ttl != 0 && !a.absttl && __builtin_add_overflow(ttl, ctx.now_ms, &ttl)) ttl = INT64_MAX;
  if (ttl != 0 && ttl <= ctx.now_ms && !ctx.server.loading().active()) {
    if (old != nullptr) {
      ctx.db->Delete(old, FreeCause::kServerDel);
      ctx.PropagateAs({"DEL", std::string(key)});
      ctx.Dirty();
    }
    ctx.rb.SimpleString("OK");
    return;
  }
  Entry* e = ctx.db->AddReplacing(key, std::move(v), ttl != 0 ? ttl : -1, old, kNotifyGeneric, "restore");
  ctx.server.access_bits().Restore(e, a.lfu_freq, a.lru_idle);
  if (ttl != 0 && !a.absttl) {
    // Replicas and the AOF get the absolute time, so a replay does not stretch the TTL (Redis appends ABSTTL).
    std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
    argv[2] = std::to_string(ttl);
    argv.emplace_back("ABSTTL");
    ctx.PropagateAs(std::move(argv));
  }
  ctx.rb.SimpleString("OK");
  ctx.Dirty();
}

}  // namespace

void RegisterDumpCommands(CommandTable& t) {
  t.Add("dump", DumpCommand);
  t.Add("restore", RestoreCommand);
  t.Add("restore-asking", RestoreCommand);
}

}  // namespace ringkv::core
