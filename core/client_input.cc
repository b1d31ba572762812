#include "core/client_input.h"

#include <string>

#include "core/client.h"
#include "core/client_info.h"
#include "core/command.h"
#include "core/config.h"
#include "core/dispatch.h"
#include "core/log.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {

namespace {
// Commands parsed ahead and prefetched together. 16 keys' cache misses overlap well; more only grows the
// batch's state without a measured gain.
constexpr size_t kBatchMax = 16;
}  // namespace

const OutputLimit& ClientInput::OutputLimitFor(const Client& c) const {
  if (c.is_replica) return server_.config().output_limit_replica;
  return c.in_pubsub() ? server_.config().output_limit_pubsub : server_.config().output_limit_normal;
}

void ClientInput::ApplyOutputLimits(Client& c) const {
  if (c.is_fake()) return;
  c.out().SetHardLimit(static_cast<size_t>(OutputLimitFor(c).hard_bytes));
}

bool ClientInput::YieldForOutput(Client& c, int64_t now_ms) {
  // A replica's output is the stream (and its transfers pace themselves): it never waits for it.
  if (c.yield_suppressed || c.is_replica || c.out().size() < kOutputHighWaterBytes) return false;
  const OutputLimit& lim = OutputLimitFor(c);
  const auto roomy = [](int64_t limit) { return limit == 0 || limit >= 4 * static_cast<int64_t>(kOutputHighWaterBytes); };
  if (!roomy(lim.hard_bytes) || !roomy(lim.soft_bytes)) return false;
  c.output_yielded = true;
  c.yield_last_unsent = c.out().size();
  c.yield_last_progress_ms = now_ms;
  yielded_.insert(c.id());
  c.conn()->NotifyWhenOutputBelow(kOutputResumeBytes);
  return true;
}

void ClientInput::OnOutputDrained(Client& c) {
  if (!c.output_yielded) return;
  c.output_yielded = false;
  yielded_.erase(c.id());
  if (!c.conn()->input().empty()) Process(c);
}

void ClientInput::CheckStalledClients(int64_t now_ms) {
  std::vector<uint64_t> stalled;
  for (uint64_t id : yielded_) {
    Client* c = server_.FindClient(id);
    if (c == nullptr) continue;
    if (c->out().size() < c->yield_last_unsent) {
      c->yield_last_unsent = c->out().size();
      c->yield_last_progress_ms = now_ms;
    } else if (now_ms - c->yield_last_progress_ms > kStallTimeoutMs) {
      stalled.push_back(id);
    }
  }
  for (uint64_t id : stalled) {
    Client* c = server_.FindClient(id);
    if (c == nullptr) continue;
    // It does not read: stop waiting for it. Its commands run again (at the end of this turn, not from the
    // cron) and its limit applies as in Redis.
    c->yield_suppressed = true;
    c->output_yielded = false;
    yielded_.erase(id);
    c->conn()->CancelOutputNotify();
    server_.ResumeInputSoon();
  }
}

void ClientInput::CloseForQueryLimit(Client& c, std::string_view qbuf) {
  ++server_.stats().client_query_buffer_limit_disconnections;
  std::string info;
  AppendClientInfo(server_, c, server_.NowMs(), &info);
  Log(LogLevel::kWarning, "Closing client that reached max query buffer length: %s (qbuf initial bytes: %s)", info,
      QuoteConfigValue(qbuf.substr(0, 64)));
  server_.DisconnectNow(c, /*flush=*/false);
}

bool ClientInput::OverOutputLimit(Client& c, int64_t now_ms) const {
  const OutputLimit& lim = OutputLimitFor(c);
  if (c.out().over_hard_limit()) return true;
  if (lim.soft_bytes <= 0) return false;
  // Redis's soft limit: past it continuously for more than soft_seconds.
  if (static_cast<int64_t>(c.out().size()) > lim.soft_bytes) {
    if (c.obuf_soft_limit_since_ms == 0) {
      c.obuf_soft_limit_since_ms = now_ms;
    } else if (now_ms - c.obuf_soft_limit_since_ms > lim.soft_seconds * 1000) {
      return true;
    }
  } else {
    c.obuf_soft_limit_since_ms = 0;
  }
  return false;
}

void ClientInput::LogOutputLimitClose(const Client& c, int64_t now_ms) {
  ++server_.stats().client_output_buffer_limit_disconnections;
  std::string info;
  AppendClientInfo(server_, c, now_ms, &info);
  Log(LogLevel::kWarning, "Client %s scheduled to be closed ASAP for overcoming of output buffer limits.", info);
}

bool ClientInput::CloseIfOverOutputLimit(Client& c, int64_t now_ms) {
  if (!OverOutputLimit(c, now_ms)) return false;
  LogOutputLimitClose(c, now_ms);
  server_.DisconnectNow(c, /*flush=*/false);  // the pending output is dropped, as Redis does
  return true;
}

// Argument views point into the connection's input, which stays unchanged until the end of this function
// (except for the one erase below, done only when no parsed command is pending).
void ClientInput::Process(Client& c) {
  io::Connection* conn = c.conn();
  if (c.in_process || depth_ == 2) return;  // never re-entered for one client; nesting is one level deep
  // Marks the client as running and holds its input (views into it are live) until Process returns; a
  // client whose connection closed meanwhile is freed then.
  struct Running {
    Server& server;
    Client& c;
    io::Connection* conn;
    int& depth;
    Running(Server& s, Client& cl, io::Connection* cn, int& d) : server(s), c(cl), conn(cn), depth(d) {
      c.in_process = true;
      conn->HoldInput();
      ++depth;
    }
    ~Running() {
      --depth;
      c.in_process = false;
      conn->ReleaseInput();
      if (c.free_when_done) server.FreeClient(&c);
    }
  } running(server_, c, conn, depth_);
  std::vector<ParsedCommand>& batch = batches_[depth_ - 1];
  std::string& in = conn->input();
  io::RespParser& parser = c.parser();
  Dispatcher& dispatch = server_.dispatcher();
  const size_t query_limit = static_cast<size_t>(server_.config().client_query_buffer_limit);
  if (c.output_yielded || c.blocked != nullptr) {
    // Waiting for its output to drain, or blocked on keys (core/blocking.h): keep what arrives (Redis's query
    // buffer, and its limit). It runs when the wait ends (Server::ProcessUnblockedClients).
    if (in.size() > query_limit) CloseForQueryLimit(c, in);
    return;
  }
  if (c.yield_suppressed && c.out().empty()) c.yield_suppressed = false;  // it reads again
  c.net_input_bytes += in.size();  // approximate: counts pending bytes once per batch
  size_t pos = 0;
  const int64_t now_us = server_.NowUs();
  dispatch.BeginBatch(now_us);
  c.last_interaction_ms = now_us / 1000;
  if (batch.size() < kBatchMax) batch.resize(kBatchMax);
  bool done = false;
  while (!done && pos < in.size() && !c.close_after_reply && !c.close_asap && c.blocked == nullptr) {
    // 1. Parse a batch.
    size_t n = 0, scan = pos;
    while (n < kBatchMax && scan < in.size()) {
      parser.SetAuthRequired(!c.authenticated);
      io::RespParser::Result r = parser.Parse(std::string_view(in).substr(scan));
      if (r == io::RespParser::Result::kNeedMore) {
        size_t hint = parser.bytes_hint();
        if (n == 0 && hint > 0 && in.capacity() < scan + hint && hint <= query_limit) {
          // A large bulk is on its way: make room once (dropping what was consumed) instead of growing in
          // steps. Never beyond the query limit: a declared length alone must not reserve memory.
          in.erase(0, scan);
          pos = scan = 0;
          in.reserve(hint);
        }
        done = true;
        break;
      }
      if (r == io::RespParser::Result::kError) {
        if (n > 0) {
          parser.Reset();  // run what came before the error first; the error is found again next round
          break;
        }
        Log(LogLevel::kVerbose, "Protocol error (%s) from client: id=%d addr=%s", parser.error(), c.id(), c.addr);
        c.rb().Error("ERR " + parser.error());
        parser.Reset();
        pos = in.size();
        c.close_after_reply = true;
        done = true;
        break;
      }
      const size_t start = scan;
      scan += parser.consumed();
      // One command bigger than client-query-buffer-limit: Redis would have held it whole in its query buffer
      // (a big argument is read into the buffer entire) and closed the client before running it.
      if (scan - start > query_limit) {
        dispatch.EndBatch();
        CloseForQueryLimit(c, std::string_view(in).substr(start));
        return;
      }
      if (parser.argv().empty()) {
        if (n == 0) pos = scan;
        continue;
      }
      batch[n].argv = parser.argv();
      batch[n].cmd = server_.commands().Find(batch[n].argv[0]);
      batch[n].end = scan;
      ++n;
      // An inline command's arguments live in the parser and die at the next Parse: run it alone.
      if (parser.argv_in_parser_storage()) break;
    }
    // 2. Prefetch the keys' slots.
    if (n > 1) {
      Db& db = server_.db(c.db_index);
      for (size_t i = 0; i < n; ++i) {
        const std::vector<std::string_view>& argv = batch[i].argv;
        const Command* cmd = batch[i].cmd;
        if (cmd != nullptr && cmd->spec.first_key > 0 && static_cast<size_t>(cmd->spec.first_key) < argv.size()) {
          db.Prefetch(argv[static_cast<size_t>(cmd->spec.first_key)]);
        }
      }
    }
    // 3. Execute in order (until the output asks to wait: YieldForOutput).
    size_t i = 0;
    for (; i < n; ++i) {
      if (c.close_after_reply || c.close_asap) break;
      // Left in the buffer: runs after UNPAUSE or the timeout. Not while a script is busy: Redis answers BUSY
      // before it looks at the pause.
      if (server_.busy_script() == nullptr && server_.PausedFor(batch[i].cmd, &c)) break;
      c.argv = batch[i].argv;
      dispatch.Execute(c, batch[i].cmd);
      c.argv.clear();
      pos = batch[i].end;
      if ((c.out().over_hard_limit() || c.obuf_soft_limit_since_ms != 0 || OutputLimitFor(c).soft_bytes > 0) &&
          CloseIfOverOutputLimit(c, now_us / 1000)) {
        dispatch.EndBatch();
        return;
      }
      if (c.out().size() >= kOutputHighWaterBytes && YieldForOutput(c, now_us / 1000)) {
        ++i;
        break;
      }
      if (c.blocked != nullptr) {  // its later commands wait for the reply (Redis's CLIENT_BLOCKED)
        ++i;
        break;
      }
    }
    if (i < n || c.output_yielded || c.blocked != nullptr) {
      // Stopped early: the parser may hold state for bytes after pos; start clean from pos next time.
      parser.Reset();
      break;
    }
  }
  dispatch.EndBatch();
  if (pos > 0) in.erase(0, pos);
  // After a big argument, do not keep its buffer around for an idle connection.
  if (in.empty() && in.capacity() > (1u << 20)) std::string().swap(in);
  // What is left is a command still arriving, or commands that cannot run yet (paused client): Redis's
  // query buffer, checked on every read.
  if (in.size() > query_limit) {
    CloseForQueryLimit(c, in);
    return;
  }
  if (c.close_after_reply) {
    server_.DisconnectNow(c, /*flush=*/true);
    return;
  }
  if (c.close_asap) server_.DisconnectNow(c, /*flush=*/false);
}

}  // namespace ringkv::core
