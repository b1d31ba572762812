// The transactions family: MULTI, EXEC, DISCARD, WATCH, UNWATCH, with redis-server 7.0.15's replies. The
// state they act on is in core/multi.h; commands sent inside MULTI are queued by the dispatcher (dispatch.cc),
// which also fails the transaction when one is refused at queue time.
#include <string_view>
#include <utility>
#include <vector>

#include "core/client.h"
#include "core/context.h"
#include "core/multi.h"
#include "core/server.h"

namespace ringkv::core {

namespace {

void MultiCommand(CommandContext& ctx) {
  if (ctx.client.tx.in_multi) {
    ctx.rb.Error("ERR MULTI calls can not be nested");  // not a queue-time error: EXEC still runs
    return;
  }
  ctx.client.tx.in_multi = true;
  ctx.rb.Ok();
}

void DiscardCommand(CommandContext& ctx) {
  if (!ctx.client.tx.in_multi) {
    ctx.rb.Error("ERR DISCARD without MULTI");
    return;
  }
  ctx.server.watches().Discard(ctx.client);
  ctx.rb.Ok();
}

// Runs the queued commands as nested calls of this one: they cannot block (ctx.MayBlock() is false in a
// nested call), nothing else runs in between, their effects reach the AOF and replicas as one unit (wrapped
// in MULTI/EXEC by the Propagator when there are several, as Redis 7.0), and clients woken by them are
// served after EXEC. A command that fails at run time does not undo the others.
void ExecCommand(CommandContext& ctx) {
  Client& c = ctx.client;
  WatchRegistry& watches = ctx.server.watches();
  if (!c.tx.in_multi) {
    ctx.rb.Error("ERR EXEC without MULTI");
    return;
  }
  if (!c.tx.dirty_cas && watches.AnyWatchedKeyExpired(c, ctx.now_ms)) c.tx.dirty_cas = true;
  if (c.tx.dirty_exec || c.tx.dirty_cas) {
    const bool queue_error = c.tx.dirty_exec;
    watches.Discard(c);
    if (queue_error) {
      ctx.rb.Error("EXECABORT Transaction discarded because of previous errors.");
    } else {
      ctx.rb.NullArray();
    }
    return;
  }
  // The client leaves MULTI before its commands run, so nothing they do is queued or watched again.
  std::vector<QueuedCommand> queue = std::move(c.tx.queue);
  watches.Discard(c);
  const std::vector<std::string_view> exec_argv = c.argv;  // views into the input, valid during EXEC
  ctx.rb.ArrayHeader(queue.size());
  for (QueuedCommand& q : queue) {
    c.argv.assign(q.argv.begin(), q.argv.end());
    ctx.server.dispatcher().RunQueued(c, q.cmd);
  }
  c.argv = exec_argv;
  c.last_cmd = ctx.cmd;
}

void WatchCommand(CommandContext& ctx) {
  Client& c = ctx.client;
  if (c.tx.in_multi) {
    ctx.rb.Error("ERR WATCH inside MULTI is not allowed");  // not a queue-time error: EXEC still runs
    return;
  }
  // A client whose watch already broke would fail EXEC anyway: nothing to add (as Redis 7.0).
  if (!c.tx.dirty_cas) {
    for (size_t i = 1; i < ctx.argc(); ++i) ctx.server.watches().Watch(c, c.db_index, ctx.argv[i]);
  }
  ctx.rb.Ok();
}

void UnwatchCommand(CommandContext& ctx) {
  ctx.server.watches().UnwatchAll(ctx.client);
  ctx.client.tx.dirty_cas = false;
  ctx.rb.Ok();
}

}  // namespace

void RegisterTransactionCommands(CommandTable& t) {
  t.Add("multi", MultiCommand);
  t.Add("exec", ExecCommand);
  t.Add("discard", DiscardCommand);
  t.Add("watch", WatchCommand);
  t.Add("unwatch", UnwatchCommand);
}

}  // namespace ringkv::core
