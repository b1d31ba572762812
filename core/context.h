// CommandContext: everything a command handler may touch, and the small helpers every family uses to parse
// arguments and report errors in Redis's words. Handlers never see the ring, sockets or files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/blocking.h"
#include "core/call.h"
#include "core/client.h"
#include "core/command.h"
#include "core/db.h"
#include "io/reply_builder.h"

namespace ringkv::core {

class Server;

// Redis's shared error replies, word for word.
inline constexpr std::string_view kErrWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kErrSyntax = "ERR syntax error";
inline constexpr std::string_view kErrNotInt = "ERR value is not an integer or out of range";
inline constexpr std::string_view kErrNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kErrNoKey = "ERR no such key";
inline constexpr std::string_view kErrOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kErrDbIndex = "ERR DB index is out of range";
inline constexpr std::string_view kErrOutOfRange = "ERR index out of range";
inline constexpr std::string_view kErrNoReplicas = "NOREPLICAS Not enough good replicas to write.";

// Lookup flags, as Redis's LOOKUP_*. kLookupNoTouch: inspecting a key (EXISTS, TYPE, TTL, OBJECT) does not make
// it look recently or frequently used. kLookupNoNotify: a miss fires no "keymiss" notification (OBJECT).
enum LookupFlag : int { kLookupNone = 0, kLookupNoTouch = 1 << 0, kLookupNoNotify = 1 << 1 };

struct CommandContext {
  Server& server;
  Client& client;
  Db* db;  // the client's selected database
  const std::vector<std::string_view>& argv;
  io::ReplyBuilder& rb;
  Command* cmd;
  int64_t now_ms;  // one clock reading per command, as Redis's command time snapshot
  Call& call;      // this command's call: dirty count, errors, how it propagates (owned by the dispatcher)

  // The time to judge expiry by (lookups, KEYS, SCAN, RANDOMKEY): frozen for a script or EXEC (call.h).
  int64_t ExpireNowMs() const { return call.expire_clock_ms; }

  size_t argc() const { return argv.size(); }

  // A write changed the dataset by n changes (Redis's server.dirty++): the dispatcher propagates the
  // command to the AOF and replicas when the count moved.
  void Dirty(int64_t n = 1);
  // The command propagates other effects than itself (queued with AlsoPropagate), or none.
  void PreventPropagation() { call.prevent_propagation = true; }
  // Queues an extra effect of this call, in the selected db (Redis's alsoPropagate).
  void AlsoPropagate(std::vector<std::string> argv);
  // The command propagates to these consumers even though it changed nothing (Redis's
  // forceCommandPropagation: PUBLISH to replicas, kPropagateRepl).
  void ForcePropagation(uint8_t targets) { call.force_targets |= targets; }
  // Propagate argv in place of the command as received (SET EX -> SET PXAT, INCRBYFLOAT -> SET ...), as
  // Redis's rewriteClientCommandVector.
  void PropagateAs(std::vector<std::string> argv);
  // Argument i is a secret: SLOWLOG and MONITOR show "(redacted)" in its place (AUTH's password, as Redis's
  // redactClientCommandArgument).
  void RedactArg(size_t i) { call.redacted_args.push_back(static_cast<uint32_t>(i)); }
  // Looks a key up in the selected db with lazy expiry and hit/miss accounting (reads); the access counts for
  // LRU/LFU unless flags has kLookupNoTouch. Changing what it returns goes through Db's mutation functions.
  Entry* LookupRead(std::string_view key, int flags = kLookupNone);
  // Looks a key up for writing (lazy expiry, no hit/miss accounting); the access counts, as in Redis.
  Entry* LookupWrite(std::string_view key);

  // ---- blocking (core/blocking.h) ----
  // Whether this command may block its client: not inside MULTI/EXEC or a script (a nested call), nor for a
  // client that denies it (scripts', the AOF loader's). Where it may not, a blocking command answers as its
  // non-blocking form would when it finds nothing (BLPOP a null array, BLMOVE a null bulk), at once.
  bool MayBlock() const { return !client.deny_blocking && call.parent == nullptr; }
  // The command found nothing to serve and MayBlock(): the client waits on keys (views into argv are fine)
  // until deadline_ms (0: forever; TimeoutOrReply makes it). No reply now: when a key is written the command
  // runs again from the start (Reexecuted() then), and serves or calls BlockOnKeys again, which keeps the
  // client's place and first deadline. A timeout or CLIENT UNBLOCK gives opts.timeout_reply. Called where
  // MayBlock() is false, it replies opts.timeout_reply at once.
  void BlockOnKeys(std::span<const std::string_view> keys, int64_t deadline_ms, const BlockOptions& opts = {});
  // This run is a re-execution of a blocked command, woken by a signal of BlockWakeKey() (a key it waits on,
  // in its db). Handlers may serve from that key first, as Redis 7.0 did (BLMPOP, BZMPOP).
  bool Reexecuted() const;
  std::string_view BlockWakeKey() const;
  // A blocking command's timeout argument (ParseBlockTimeout): the absolute deadline, 0 for none.
  bool TimeoutOrReply(std::string_view arg, TimeoutUnit unit, int64_t* deadline_ms);

  // ---- argument parsing: each ...OrReply has already queued the error when it returns false ----
  bool Int64OrReply(std::string_view s, int64_t* out, std::string_view err = kErrNotInt);
  bool DoubleOrReply(std::string_view s, double* out, std::string_view err = kErrNotFloat);
  bool LongDoubleOrReply(std::string_view s, long double* out, std::string_view err = kErrNotFloat);
  // Redis's getPositiveLongFromObjectOrReply / getRangeLongFromObjectOrReply.
  bool RangeInt64OrReply(std::string_view s, int64_t min, int64_t max, int64_t* out, std::string_view err);
  // True (and replies WRONGTYPE) when e holds another type than t.
  bool WrongTypeReply(const Entry* e, ObjType t);
  void ReplyError(std::string_view msg) { rb.Error(msg); }
  void ReplySyntaxError() { rb.Error(kErrSyntax); }
  // "ERR unknown subcommand or wrong number of arguments for 'x'. Try DEBUG HELP." (Redis's
  // addReplySubcommandSyntaxError, for commands that parse their own subcommands).
  void ReplySubcommandSyntaxError();
  // Replies the HELP array of a container command: each line as a status reply, Redis's addReplyHelp format.
  void ReplyHelp(const std::vector<std::string_view>& lines);
};

// Case-insensitive ASCII comparison used for option words (EX, NX, WITHSCORES ...).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);

}  // namespace ringkv::core
