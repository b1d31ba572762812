#include "core/context.h"

#include <cctype>
#include <cmath>

#include "core/server.h"
#include "ds/numconv.h"

namespace ringkv::core {

void CommandContext::Dirty(int64_t n) {
  call.dirty += n;
  server.AddDirty(n);
}

void CommandContext::AlsoPropagate(std::vector<std::string> new_argv) {
  server.propagator().Queue(client.db_index, std::move(new_argv));
}

void CommandContext::PropagateAs(std::vector<std::string> new_argv) {
  call.rewritten = true;
  call.rewritten_argv = std::move(new_argv);
}

Entry* CommandContext::LookupRead(std::string_view key, int flags) {
  Entry* e = db->Lookup(key, ExpireNowMs(), /*read=*/true);
  if (e == nullptr) {
    ++server.stats().keyspace_misses;
    if (!(flags & kLookupNoNotify)) server.OnKeyMiss(db->index(), key);
  } else {
    ++server.stats().keyspace_hits;
    if (!(flags & kLookupNoTouch)) server.access_bits().Touch(e);
  }
  return e;
}

Entry* CommandContext::LookupWrite(std::string_view key) {
  Entry* e = db->Lookup(key, ExpireNowMs());
  if (e != nullptr) server.access_bits().Touch(e);
  return e;
}

void CommandContext::BlockOnKeys(std::span<const std::string_view> keys, int64_t deadline_ms,
                                 const BlockOptions& opts) {
  if (!MayBlock()) {
    if (opts.timeout_reply == TimeoutReply::kNullBulk) {
      rb.Null();
    } else {
      rb.NullArray();
    }
    return;
  }
  server.blocking().Block(client, cmd, argv, keys, deadline_ms, opts);
}

bool CommandContext::Reexecuted() const { return server.blocking().reexecuting(client); }

std::string_view CommandContext::BlockWakeKey() const { return server.blocking().wake_key(client); }

bool CommandContext::TimeoutOrReply(std::string_view arg, TimeoutUnit unit, int64_t* deadline_ms) {
  std::string_view err;
  if (ParseBlockTimeout(arg, unit, now_ms, deadline_ms, &err)) return true;
  rb.Error(err);
  return false;
}

bool CommandContext::Int64OrReply(std::string_view s, int64_t* out, std::string_view err) {
  if (ds::StringToInt64(s, out)) return true;
  rb.Error(err);
  return false;
}

bool CommandContext::DoubleOrReply(std::string_view s, double* out, std::string_view err) {
  if (ds::StringToDouble(s, out)) return true;
  rb.Error(err);
  return false;
}

bool CommandContext::LongDoubleOrReply(std::string_view s, long double* out, std::string_view err) {
  if (ds::StringToLongDouble(s, out)) return true;
  rb.Error(err);
  return false;
}

bool CommandContext::RangeInt64OrReply(std::string_view s, int64_t min, int64_t max, int64_t* out,
                                       std::string_view err) {
  int64_t v;
  if (!ds::StringToInt64(s, &v) || v < min || v > max) {
    rb.Error(err);
    return false;
  }
  *out = v;
  return true;
}

bool CommandContext::WrongTypeReply(const Entry* e, ObjType t) {
  if (e != nullptr && e->value().type() != t) {
    rb.Error(kErrWrongType);
    return true;
  }
  return false;
}

void CommandContext::ReplySubcommandSyntaxError() {
  std::string container(argv[0]);
  for (char& ch : container) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::string sub(argv.size() > 1 ? argv[1] : std::string_view());
  rb.Error("ERR unknown subcommand or wrong number of arguments for '" + sub.substr(0, 128) + "'. Try " +
           container + " HELP.");
}

void CommandContext::ReplyHelp(const std::vector<std::string_view>& lines) {
  std::string container(argv[0]);
  for (char& ch : container) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  rb.ArrayHeader(lines.size() + 3);
  rb.SimpleString(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view l : lines) rb.SimpleString(l);
  rb.SimpleString("HELP");
  rb.SimpleString("    Prints this help.");
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace ringkv::core
