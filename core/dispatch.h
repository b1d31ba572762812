// Dispatch: runs one command for a client, as Redis's processCommand + call(): the admission checks (known
// command and subcommand, arity, protected commands, authentication; later ACL, OOM, MULTI queueing and
// cluster redirection), then the call itself (call.h) with its statistics, error accounting and propagation.
// Command handlers see only a CommandContext (context.h); nothing here touches sockets or the ring.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "core/call.h"
#include "io/reply_builder.h"

namespace ringkv::core {

class Client;
class Server;
struct BlockedClient;
struct Command;

class Dispatcher final : public io::ErrorReplyObserver {
 public:
  explicit Dispatcher(Server& server) : server_(server) {}
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Runs the command in c.argv (views that must stay valid until it returns). cmd: the table entry of
  // argv[0] when the caller already looked it up (nullptr: looked up here). Inside a running call (EXEC,
  // scripts) it runs as a nested call of it.
  void Execute(Client& c, Command* cmd = nullptr);

  // Runs cmd for c (a script's fake client, argv in c.argv) as a nested call of the running one, without the
  // admission checks: the caller made its own, with its own error texts (Lua's redis.call). propagate=false:
  // the command's own effect is not propagated (redis.set_repl(redis.REPL_NONE)).
  void InvokeNested(Client& c, Command* cmd, bool propagate = true) {
    suppress_propagation_ = !propagate;
    Invoke(c, cmd, /*reexecution=*/false);
  }

  // Runs a blocked client's command again after a key it waits on was signalled (core/blocking.h), as a
  // top-level call in its db with c.argv set, without the admission checks it already passed. Redis counted
  // the command when it blocked: a re-execution adds its time and a failure, never a call.
  void Reexecute(Client& c, Command* cmd) { Invoke(c, cmd, /*reexecution=*/true); }

  // EXEC: runs one queued command (c.argv set to its arguments) as a nested call of the running EXEC,
  // without the admission checks it passed when it was queued.
  void RunQueued(Client& c, Command* cmd);

  // The call being executed (innermost), or null between commands.
  Call* current() const { return current_; }
  // A reply written to another client than the running call's (a blocked client's timeout or CLIENT UNBLOCK
  // reply) is not that call's: its writer detaches the call meanwhile, so errors in it do not fail the call.
  Call* DetachCall() { return std::exchange(current_, nullptr); }
  void RestoreCall(Call* call) { current_ = call; }

  // A batch of commands (one client's pipelined input) starts or ends: within it the end time of one
  // command is the start time of the next, so a command costs one clock read.
  void BeginBatch(int64_t now_us) { batch_clock_us_ = now_us; }
  void EndBatch() { batch_clock_us_ = 0; }
  int64_t batch_clock() const { return batch_clock_us_; }

  // io::ErrorReplyObserver: every error reply of every client is counted here (errorstats, the running
  // call's failed state), also when CLIENT REPLY OFF drops it.
  void OnErrorReply(std::string_view msg) override;
  void OnUncountedErrorReply() override;
  // The errors replied so far are no failure of the running call (a busy script's nested turn refused
  // other clients' commands): the call, when it ends, does not count them.
  void ConsumeErrorCount();
  // CLIENT UNBLOCK ends a blocked command: its latency and SLOWLOG entry, with the time it ran (w.run_us), as
  // Redis's updateStatsOnUnblock. (A timeout ends it unaccounted, as in Redis 7.0.15.)
  void OnBlockedEnded(const Client& c, const BlockedClient& w);

 private:
  // Redis's processCommand checks before the call. Each ...OrReply has replied with the error when it
  // returns false. *cmd may be replaced by the subcommand.
  bool AdmitOrReply(Client& c, Command** cmd);
  // Redis's rejectCommand: replies msg; inside MULTI it fails the transaction (EXECABORT at EXEC), and a
  // refused EXEC ends it at once. cmd: the command refused (null when unknown).
  void RejectCommand(Client& c, Command* cmd, std::string_view msg);
  // Keeps a copy of c's command in its transaction.
  void QueueInMulti(Client& c, Command* cmd);
  void Invoke(Client& c, Command* cmd, bool reexecution);
  // The observers of a call, out of Invoke's common path: SLOWLOG's entry, MONITOR's line.
  void LogSlow(const Client& c, std::span<const std::string_view> argv, std::span<const uint32_t> redacted,
               int64_t duration_us, int64_t now_us);
  void FeedMonitors(const Client& c, const Call& call);
  // A run of a command whose client is blocked (it blocked now, or was re-executed): the time it ran adds
  // up until it ends, when AccountRun accounts it once.
  void AfterBlockedRun(Client& c, Command& cmd, const Call& call, int64_t duration_us, int64_t now_us,
                       bool reexecution);
  // A command's run ended (a blocked one's when it is served or unblocked): its latency histogram and its
  // SLOWLOG entry.
  void AccountRun(const Client& c, Command& cmd, std::span<const std::string_view> argv,
                  std::span<const uint32_t> redacted, int64_t run_us, int64_t now_us);
  // The latency monitor's "command" / "fast-command" event (LatencyMonitor::Record applies the threshold).
  void RecordCommandEvent(const Command& cmd, int64_t duration_us);

  Server& server_;
  uint64_t errors_at_last_call_ = 0;  // total_error_replies when the last call started or ended (failed_calls)
  Call* current_ = nullptr;
  int64_t batch_clock_us_ = 0;
  bool suppress_propagation_ = false;  // InvokeNested's propagate=false, for the call it starts
};

}  // namespace ringkv::core
