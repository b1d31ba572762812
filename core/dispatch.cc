#include "core/dispatch.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>

#include "core/bgsave.h"
#include "core/aof.h"
#include "core/blocking.h"
#include "core/client.h"
#include "core/command.h"
#include "core/context.h"
#include "core/log.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "core/script/lua_engine.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {

namespace {

// Redis formats command names and arguments in errors with %.128s: a NUL byte ends the text.
std::string_view UpToNul(std::string_view s) { return s.substr(0, s.find('\0')); }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

// Redis compares the command's function, so a renamed command keeps its place (full_name is its real name).
bool AllowedInSubscribeMode(const Command& cmd) {
  const std::string& n = cmd.full_name;
  return n == "ping" || n == "subscribe" || n == "ssubscribe" || n == "unsubscribe" || n == "sunsubscribe" ||
         n == "psubscribe" || n == "punsubscribe" || n == "quit" || n == "reset";
}

// The commands that act on a transaction run at once inside MULTI instead of being queued (Redis's
// processCommand lists them by handler). Only asked while a client is in MULTI.
bool IsTxControl(const Command* cmd) {
  const std::string& n = cmd->full_name;
  return n == "exec" || n == "discard" || n == "multi" || n == "watch" || n == "quit" || n == "reset";
}

// A script judges expiry by its own start (Redis's script time snapshot), also when it runs inside EXEC.
bool TakesOwnTimeSnapshot(const Command& cmd) {
  const std::string& n = cmd.full_name;
  return n.starts_with("eval") || n.starts_with("fcall");
}

// Whether cmd lacks the flag that lets it run in a restricted state (kCmdLoading while loading, kCmdStale on
// a replica whose link is down): an EXEC lacks it when one of its queued commands does.
bool DeniedWithout(const Client& c, const Command& cmd, uint64_t flag) {
  if (!(cmd.spec.flags & flag)) return true;
  if (cmd.full_name != "exec" || !c.tx.in_multi) return false;
  for (const QueuedCommand& q : c.tx.queue)
    if (!(q.cmd->spec.flags & flag)) return true;
  return false;
}

void WarnReplicaIgnoresDiskError() {
  static int64_t last_ms = 0;
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
  if (now_ms - last_ms < 10000 && last_ms != 0) return;
  last_ms = now_ms;
  Log(LogLevel::kWarning, "Replica is applying a command even though it is unable to write to disk.");
}

// Redis caps the distinct error codes errorstats tracks, so a client cannot grow the table without bound.
constexpr size_t kMaxErrorCodes = 128;

}  // namespace

void Dispatcher::ConsumeErrorCount() { errors_at_last_call_ = server_.stats().total_error_replies; }

void Dispatcher::OnUncountedErrorReply() {
  if (current_ != nullptr && current_->cmd != nullptr) ++current_->cmd->failed_calls;
}

void Dispatcher::OnErrorReply(std::string_view msg) {
  Stats& st = server_.stats();
  ++st.total_error_replies;
  if (current_ != nullptr) ++current_->error_replies;
  // The code is the first word ("ERR", "WRONGTYPE"); a message that carries its own '-' keeps it out.
  if (!msg.empty() && msg.front() == '-') msg.remove_prefix(1);
  std::string_view code = msg.substr(0, msg.find_first_of(" \r\n"));
  if (code.empty()) code = "ERR";  // an empty message goes out as "-ERR "
  auto it = st.error_counts.find(absl::string_view(code.data(), code.size()));
  if (it != st.error_counts.end()) {
    ++it->second;
  } else if (st.error_counts.size() < kMaxErrorCodes) {
    st.error_counts.emplace(std::string(code), 1);
  }
}

void Dispatcher::Execute(Client& c, Command* cmd) {
  io::ReplyBuilder& rb = c.rb();
  // CLIENT REPLY SKIP applies to the next command only.
  if (c.reply_mode == ReplyMode::kSkipNext) c.reply_mode = ReplyMode::kSkipThis;
  rb.SetDiscard(c.reply_mode == ReplyMode::kOff || c.reply_mode == ReplyMode::kSkipThis);
  struct ModeRestore {
    Client& c;
    ~ModeRestore() {
      // A command that blocked still owes its reply: the skip applies to it when it comes (blocking.cc).
      if (c.reply_mode == ReplyMode::kSkipThis && c.blocked == nullptr) c.reply_mode = ReplyMode::kOn;
      c.rb().SetDiscard(c.reply_mode == ReplyMode::kOff);
    }
  } restore{c};
  // CLIENT CACHING's flag lasts for this command, whatever becomes of it (Redis's resetClient).
  struct CachingReset {
    Tracking& tracking;
    Client& c;
    Command*& cmd;
    ~CachingReset() {
      if (c.tracking != nullptr) tracking.AfterClientCommand(c, cmd);
    }
  } caching_reset{server_.tracking(), c, cmd};
  if (!AdmitOrReply(c, &cmd)) return;
  // Redis's processCommand: inside MULTI every admitted command but the few that act on the transaction
  // itself is queued, not run.
  if (c.tx.in_multi && !IsTxControl(cmd)) {
    c.last_cmd = cmd;
    QueueInMulti(c, cmd);
    rb.SimpleString("QUEUED");
    return;
  }
  Invoke(c, cmd, /*reexecution=*/false);
}

void Dispatcher::QueueInMulti(Client& c, Command* cmd) {
  TxState& tx = c.tx;
  // A transaction that will fail anyway keeps nothing (a pipelining client may queue much more).
  if (tx.dirty_cas || tx.dirty_exec) return;
  QueuedCommand& q = tx.queue.emplace_back();
  q.cmd = cmd;
  q.argv.assign(c.argv.begin(), c.argv.end());
  tx.queued_flags |= cmd->spec.flags;
}

void Dispatcher::RunQueued(Client& c, Command* cmd) { Invoke(c, cmd, /*reexecution=*/false); }

void Dispatcher::RejectCommand(Client& c, Command* cmd, std::string_view msg) {
  if (cmd != nullptr) ++cmd->rejected_calls;
  if (cmd != nullptr && cmd->full_name == "exec") {
    // Redis's execCommandAbort: a refused EXEC ends the transaction and drops the watches (also outside
    // MULTI) and says why, without the ERR code. MONITOR shows the EXEC: its MULTI was shown, and the
    // queued commands never will be.
    if (msg.starts_with("ERR ")) msg.remove_prefix(4);
    server_.watches().Discard(c);
    c.rb().Error("EXECABORT Transaction discarded because of: " + std::string(msg));
    if (!server_.monitors().empty()) server_.monitors().Feed(c, c.db_index, c.argv, {});
    return;
  }
  if (c.tx.in_multi) c.tx.dirty_exec = true;  // Redis's flagTransaction
  c.rb().Error(msg);
}

bool Dispatcher::AdmitOrReply(Client& c, Command** cmd_io) {
  Command* cmd = *cmd_io;
  if (cmd == nullptr) cmd = server_.commands().Find(c.argv[0]);
  if (cmd == nullptr) {
    std::string args;
    for (size_t i = 1; i < c.argv.size() && args.size() < 128; ++i) {
      size_t room = 128 - args.size();
      args += "'" + std::string(UpToNul(c.argv[i]).substr(0, room)) + "' ";
    }
    RejectCommand(c, nullptr, "ERR unknown command '" + std::string(UpToNul(c.argv[0]).substr(0, 128)) +
                                  "', with args beginning with: " + args);
    return false;
  }
  if (cmd->has_subcommands() && c.argv.size() >= 2) {
    Command* sub = server_.commands().FindSub(cmd, c.argv[1]);
    if (sub == nullptr) {
      RejectCommand(c, nullptr, "ERR unknown subcommand '" + std::string(UpToNul(c.argv[1]).substr(0, 128)) +
                                    "'. Try " + Upper(c.argv[0]) + " HELP.");
      return false;
    }
    cmd = sub;
  }
  *cmd_io = cmd;
  const int arity = cmd->spec.arity;
  const int argc = static_cast<int>(c.argv.size());
  if ((arity > 0 && arity != argc) || (arity < 0 && argc < -arity)) {
    RejectCommand(c, cmd, "ERR wrong number of arguments for '" + cmd->full_name + "' command");
    return false;
  }
  // Redis checks protected commands before authentication (processCommand's order).
  if ((cmd->spec.flags & kCmdProtected) || (cmd->parent && (cmd->parent->spec.flags & kCmdProtected))) {
    const Config& cfg = server_.config();
    bool allowed = cfg.enable_debug_command == 1 ||
                   (cfg.enable_debug_command == 2 && c.conn() != nullptr && c.conn()->is_local());
    if (!allowed) {
      RejectCommand(c, cmd,
                    "ERR " + Upper(cmd->parent ? cmd->parent->full_name : cmd->full_name) +
                        " command not allowed. If the enable-debug-command option is set to \"local\", you can "
                        "run it from a local connection, otherwise you need to set this option in the "
                        "configuration file, and then restart the server.");
      return false;
    }
  }
  if (!c.authenticated && !(cmd->spec.flags & kCmdNoAuth)) {
    RejectCommand(c, cmd, "NOAUTH Authentication required.");
    return false;
  }
  if (c.tx.in_multi && (cmd->spec.flags & kCmdNoMulti)) {
    RejectCommand(c, cmd, "ERR Command not allowed inside a transaction");
    return false;
  }
  // maxmemory (Redis 7.0's processCommand): keys are evicted first (core/evict.h); a command that may grow
  // memory is refused only when that failed (nothing evictable, noeviction), not while it is still going.
  // Inside MULTI, queueing itself grows memory: everything but EXEC, DISCARD, QUIT and RESET is refused, and
  // EXEC is when it would run a command that may grow memory.
  // A busy script's nested turn skips all of it, as Redis does while it yields; so does the AOF load (Redis
  // replays the file outside processCommand: refusing would lose acknowledged data). A replica evicts nothing
  // by default (replica-ignore-maxmemory: core/evict.h), so its primary's commands are never refused; under
  // replica-ignore-maxmemory no they are, as Redis refuses them (the replica then loses those writes).
  const int64_t maxmemory = server_.config().maxmemory;
  if (maxmemory > 0 && server_.busy_script() == nullptr && !c.aof_loader) {
    const bool out_of_memory = server_.eviction().Perform() == Eviction::Result::kFail;
    // Scripts refuse their first write by the state at the start of the command (Redis's
    // pre_command_oom_state), not by the memory their own stack and arguments take meanwhile.
    server_.eviction().set_pre_command_oom(out_of_memory);
    bool deny = (cmd->spec.flags & kCmdDenyOom) != 0;
    if (c.tx.in_multi) {
      const std::string& n = cmd->full_name;
      if (n == "exec") {
        deny = (c.tx.queued_flags & kCmdDenyOom) != 0;
      } else if (n != "discard" && n != "quit" && n != "reset") {
        deny = true;
      }
    }
    if (deny && out_of_memory) {
      RejectCommand(c, cmd, "OOM command not allowed when used memory > 'maxmemory'.");
      return false;
    }
  }
  // Redis's processCommand keeps the client tracking table within tracking-table-max-keys before each command.
  if (server_.tracking().tracking_clients() != 0) server_.tracking().EnforceTableLimit();
  // A failed background save with save points configured and stop-writes-on-bgsave-error: writes (an EXEC
  // that would run one) and PING are refused until a save succeeds (Redis 7.0's processCommand).
  // A replica's master client applies its primary's writes whatever the disk says (Redis's obey_client),
  // with a warning at most every 10 s.
  const bool is_write = (cmd->spec.flags & kCmdWrite) || (cmd->full_name == "exec" && (c.tx.queued_flags & kCmdWrite));
  if (WritesDeniedByRdbError(server_)) {
    if (is_write || cmd->full_name == "ping") {
      if (c.master) {
        WarnReplicaIgnoresDiskError();
      } else {
        RejectCommand(c, cmd, kErrMisconf);
        return false;
      }
    }
  }
  // Redis's writeCommandsDeniedByDiskError: after an AOF write error, writes (an EXEC that would run one) and
  // PING are refused until a write succeeds again.
  if (server_.aof().enabled()) {
    if (is_write || cmd->full_name == "ping") {
      if (std::string err = server_.aof().WriteDeniedError(); !err.empty()) {
        if (c.master) {
          WarnReplicaIgnoresDiskError();
        } else {
          RejectCommand(c, cmd, err);
          return false;
        }
      }
    }
  }
  // min-replicas-to-write: writes (an EXEC that would run one) are refused while fewer good replicas are
  // attached (Redis 7.0's processCommand, after the disk-error checks).
  if (is_write && !server_.primary().GoodReplicasOk()) {
    RejectCommand(c, cmd, kErrNoReplicas);
    return false;
  }
  // A replica (the command path's one check while this server is a primary): writes from its own clients
  // are refused while replica-read-only is on (an EXEC that would run one too).
  const bool replica = server_.replica().active();
  if (replica && is_write && server_.config().replica_read_only && !c.replayed()) [[unlikely]] {
    RejectCommand(c, cmd, "READONLY You can't write against a read only replica.");
    return false;
  }
  // RESP2 subscribe mode: a subscribed connection reads messages, so only the commands whose replies have
  // the messages' shape may run (RESP3 pushes are told apart from replies: no limit there).
  if (c.in_pubsub() && c.resp == 2 && !AllowedInSubscribeMode(*cmd)) {
    RejectCommand(c, cmd,
                  "ERR Can't execute '" + cmd->full_name +
                      "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    return false;
  }
  // With the link to the primary down and replica-serve-stale-data no, only the commands flagged stale run
  // (INFO, REPLICAOF, PING ...; an EXEC only when every queued command is).
  if (replica && !server_.config().replica_serve_stale_data && !server_.replica().link_up() && !c.replayed() &&
      DeniedWithout(c, *cmd, kCmdStale)) [[unlikely]] {
    RejectCommand(c, cmd, "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    return false;
  }
  // The dataset is loading (a nested turn of the start-up load): only the commands flagged loading run, and
  // an EXEC only when every queued command is (Redis's processCommand, after the pub/sub check). The AOF
  // loader's own client is what is loading: its commands run.
  if (server_.loading().active() && !c.replayed() && DeniedWithout(c, *cmd, kCmdLoading)) {
    RejectCommand(c, cmd, "LOADING Redis is loading the dataset in memory");
    return false;
  }
  // A script is running past busy-reply-threshold (this is a nested turn from its hook): only the commands
  // flagged allow-busy (SCRIPT KILL, FUNCTION KILL/STATS, SHUTDOWN, MULTI, AUTH, HELLO...) run.
  if (LuaEngine* busy = server_.busy_script(); busy != nullptr && !(cmd->spec.flags & kCmdAllowBusy)) {
    RejectCommand(c, cmd, busy->BusyError());
    return false;
  }
  // A replica's connection or a monitor (Redis's CLIENT_SLAVE) may not touch the keyspace (an EXEC that
  // would, too).
  if (c.monitor || c.is_replica) [[unlikely]] {
    constexpr uint64_t kKeyspace = kCmdReadonly | kCmdWrite | kCmdMayReplicate;
    if ((cmd->spec.flags & kKeyspace) || (cmd->full_name == "exec" && (c.tx.queued_flags & kKeyspace))) {
      RejectCommand(c, cmd, "ERR Replica can't interact with the keyspace");
      return false;
    }
  }
  return true;
}

void Dispatcher::LogSlow(const Client& c, std::span<const std::string_view> argv, std::span<const uint32_t> redacted,
                         int64_t duration_us, int64_t now_us) {
  server_.slowlog().Push(argv, redacted, duration_us, now_us / 1000000, c.PeerId(), c.name);
}

void Dispatcher::FeedMonitors(const Client& c, const Call& call) {
  server_.monitors().Feed(c, c.db_index, c.argv, call.redacted_args);
}

void Dispatcher::RecordCommandEvent(const Command& cmd, int64_t duration_us) {
  server_.latency().Record((cmd.spec.flags & kCmdFast) ? "fast-command" : "command", duration_us / 1000);
}

void Dispatcher::AfterBlockedRun(Client& c, Command& cmd, const Call& call, int64_t duration_us, int64_t now_us,
                                 bool reexecution) {
  BlockedClient& w = *c.blocked;
  if (!reexecution || w.reblocked) {
    // It waits (again): the time it ran counts, the wait does not. Redis records the latency event of the
    // call that blocks; a re-execution that blocks again is not a call there (7.0 serves from the key).
    w.run_us += duration_us;
    if (!reexecution) RecordCommandEvent(cmd, duration_us);
    return;
  }
  // Served: the command ends with this run (Redis 7.0's updateStatsOnUnblock; the serving is its
  // "command-unblocking" event).
  server_.latency().Record("command-unblocking", duration_us / 1000);
  AccountRun(c, cmd, c.argv, call.redacted_args, w.run_us + duration_us, now_us);
}

void Dispatcher::AccountRun(const Client& c, Command& cmd, std::span<const std::string_view> argv,
                            std::span<const uint32_t> redacted, int64_t run_us, int64_t now_us) {
  const Config& cfg = server_.config();
  if (cfg.latency_tracking) cmd.RecordLatency(run_us);
  // slowlog-log-slower-than -1 (off) is the largest unsigned value: one comparison covers both.
  if (static_cast<uint64_t>(run_us) >= static_cast<uint64_t>(cfg.slowlog_log_slower_than_us) &&
      !(cmd.spec.flags & kCmdSkipSlowlog)) [[unlikely]]
    LogSlow(c, argv, redacted, run_us, now_us);
}

void Dispatcher::OnBlockedEnded(const Client& c, const BlockedClient& w) {
  // WAIT (a wait with its own timeout reply) is not accounted at its end in Redis 7.0. Its SLOWLOG entry has
  // no arguments: 7.0.15 logs it after the client's argv is gone (checked against redis-server).
  if (w.cmd == nullptr || w.opts.on_timeout != nullptr) return;
  AccountRun(c, *w.cmd, {}, {}, w.run_us, server_.NowUs());
}

void Dispatcher::Invoke(Client& c, Command* cmd, bool reexecution) {
  Propagator& prop = server_.propagator();
  const uint64_t offset_before = server_.replication().master_repl_offset();
  const int64_t start_us = batch_clock_us_ != 0 ? batch_clock_us_ : server_.NowUs();
  Call call{.client = &c, .cmd = cmd, .parent = current_};
  call.expire_clock_ms =
      current_ != nullptr && !TakesOwnTimeSnapshot(*cmd) ? current_->expire_clock_ms : start_us / 1000;
  call.prevent_propagation = std::exchange(suppress_propagation_, false);
  current_ = &call;
  prop.BeginUnit();
  c.last_cmd = cmd;
  // EVAL and FCALL show in MONITOR before the commands their script runs (they are skip_monitor: Redis
  // feeds them from their handlers).
  if (!server_.monitors().empty() && !reexecution && TakesOwnTimeSnapshot(*cmd)) [[unlikely]]
    FeedMonitors(c, call);
  CommandContext ctx{server_, c, &server_.db(c.db_index), c.argv, c.rb(), cmd, start_us / 1000, call};
  errors_at_last_call_ = server_.stats().total_error_replies;
  cmd->spec.handler(ctx);
  current_ = call.parent;

  const int64_t end_us = server_.NowUs();
  if (batch_clock_us_ != 0) batch_clock_us_ = end_us;
  const int64_t duration_us = std::max<int64_t>(end_us - start_us, 0);  // the wall clock may step back
  // The AOF load's replay is not commands served: Redis runs it outside call(), so INFO commandstats and
  // total_commands_processed start from zero after a restart either way.
  const bool counted = !c.aof_loader;
  if (counted) cmd->usec += static_cast<uint64_t>(duration_us);
  // Redis counts a failed call by the error replies counted since the call started or since the last call
  // it ran ended (call()'s static prev_err_count, set at both ends of every call): an EXEC or a script fails
  // by what was replied after its last inner command, not by its inner commands' errors, and the errors of
  // commands rejected before any call (unknown, arity, queued in MULTI) fail nothing.
  const uint64_t errors_now = server_.stats().total_error_replies;
  if (counted && errors_now > errors_at_last_call_) ++cmd->failed_calls;
  errors_at_last_call_ = errors_now;
  if (!reexecution && counted) {
    ++cmd->calls;
    ++server_.stats().total_commands_processed;
    ++c.commands_processed;
  }
  // What operators watch (Redis's call()): the latency histogram, SLOWLOG, the latency monitor's command
  // events and MONITOR. With the defaults this costs a histogram slot increment and three comparisons; a
  // command that blocked is accounted once, when it ends (AfterBlockedRun).
  if (counted) {
    if (c.blocked == nullptr) [[likely]] {
      AccountRun(c, *cmd, c.argv, call.redacted_args, duration_us, end_us);
      if (server_.latency().enabled()) [[unlikely]] RecordCommandEvent(*cmd, duration_us);
    } else {
      AfterBlockedRun(c, *cmd, call, duration_us, end_us, reexecution);
    }
    // Redis 7.0 feeds the monitors after the command ran, and not its admin commands (nor a blocked
    // command's re-execution: it was shown when it came).
    if (!server_.monitors().empty() && !reexecution && !(cmd->spec.flags & (kCmdSkipMonitor | kCmdAdmin)))
        [[unlikely]]
      FeedMonitors(c, call);
  }

  // Redis's call(): a command that changed the dataset is propagated, after whatever it queued while it
  // ran (the DEL of a key it found expired), as it was received or as the handler rewrote it.
  if (call.dirty > 0 && call.parent != nullptr) call.parent->dirty += call.dirty;  // Redis's delta includes inner calls
  // A forced propagation (PUBLISH to replicas) counts whatever the command's flags: PUBLISH's may_replicate
  // is not among the flags COMMAND INFO shows, so the generated table lacks it.
  const uint8_t targets = call.dirty > 0 ? uint8_t{kPropagateAll} : call.force_targets;
  if (targets != 0 && !call.prevent_propagation &&
      (call.force_targets != 0 || (cmd->spec.flags & (kCmdWrite | kCmdMayReplicate))) && prop.active()) {
    if (call.rewritten) {
      prop.Queue(c.db_index, std::move(call.rewritten_argv), targets);
    } else {
      prop.Queue(c.db_index, c.argv, targets);
    }
  }
  prop.EndUnit();
  // Client-side caching: a read-only command's keys are remembered for its client, and after a top-level call
  // the invalidations its client was owed follow the reply (core/tracking.h).
  if (server_.tracking().active()) server_.tracking().AfterCall(call);
  // WAIT waits for the offset right after the client's last command that fed the stream (Redis's woff).
  if (call.parent == nullptr && server_.replication().master_repl_offset() != offset_before)
    c.woff = server_.replication().master_repl_offset();
  // appendfsync always: the reply waits for the fsync when it reveals a write not yet on disk.
  if (call.parent == nullptr && server_.durability().active())
    server_.durability().AfterCall(c, *cmd, c.argv, server_.aof().appended(), server_.aof().synced());
  // Redis serves the clients blocked on keys this call made ready after the whole top-level call (a command,
  // MULTI/EXEC, a script), each in a call of its own.
  // Not from a busy script's nested turn: the script is still running.
  if (call.parent == nullptr && server_.busy_script() == nullptr) server_.blocking().AfterCall();
}

}  // namespace ringkv::core
