#include "core/server.h"

#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <ctime>

#include "core/context.h"
#include "core/log.h"

#ifdef RINGKV_WITH_MIMALLOC
#include <mimalloc.h>
#elif defined(__SANITIZE_ADDRESS__)
// From ASan's allocator interface (its header is not always installed).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace ringkv::core {

namespace {

volatile sig_atomic_t g_signal = 0;

void OnShutdownSignal(int sig) { g_signal = sig; }

std::string RandomHex(absl::BitGen& rng, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(n, '0');
  for (char& ch : s) ch = kHex[absl::Uniform(rng, 0, 16)];
  return s;
}

// Redis's error sanitising: an error string must stay on one line.
std::string OneLine(std::string s) {
  for (char& ch : s)
    if (ch == '\r' || ch == '\n') ch = ' ';
  return s;
}

}  // namespace

Server::Server(Config config) : config_(std::move(config)) {
  resp_limits_.max_bulk_len = config_.proto_max_bulk_len;
  for (int i = 0; i < config_.databases; ++i) dbs_.push_back(std::make_unique<Db>(i, this, &access_bits_));
  RegisterConnectionCommands(&commands_);
  RegisterServerCommands(&commands_);
  RegisterConfigCommands(&commands_);
  RegisterIntrospectionCommands(&commands_);
  RegisterKeyCommands(&commands_);
  RegisterStringCommands(&commands_);
  RegisterBitCommands(&commands_);
  run_id_ = RandomHex(rng_, 40);
  replid_ = RandomHex(rng_, 40);
  start_time_ms_ = NowMs();
  lru_clock_ = static_cast<uint32_t>((start_time_ms_ / 1000) & 0xFFFFFF);
}

Server::~Server() {
  for (auto& [id, c] : clients_) delete c;
  clients_.clear();
}

int64_t Server::NowMs() const {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  return int64_t{tv.tv_sec} * 1000 + tv.tv_usec / 1000;
}

int64_t Server::NowUs() const {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  return int64_t{tv.tv_sec} * 1000000 + tv.tv_usec;
}

size_t Server::UsedMemory() const {
#ifdef RINGKV_WITH_MIMALLOC
  size_t elapsed, user, sys, rss, peak_rss, commit, peak_commit, faults;
  mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit, &peak_commit, &faults);
  return commit;
#elif defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
#endif
}

int64_t Server::MemoryRss() const {
  FILE* f = fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages_total = 0, pages_rss = 0;
  if (fscanf(f, "%ld %ld", &pages_total, &pages_rss) != 2) pages_rss = 0;
  fclose(f);
  return int64_t{pages_rss} * sysconf(_SC_PAGESIZE);
}

int Server::Run() {
  for (const auto& [from, to] : config_.rename_commands) {
    std::string why;
    if (!commands_.Rename(from, to, &why)) {
      Log(LogLevel::kWarning, "Fatal config error: rename-command %s %s: %s", from, to, why);
      return 1;
    }
  }
  io::LoopOptions opts;
  opts.min_wait_us = static_cast<unsigned>(config_.io_min_wait_us);
  opts.buf_count = std::bit_ceil(static_cast<unsigned>(config_.io_recv_buffers));
  opts.buf_bytes = static_cast<unsigned>(config_.io_recv_buffer_size);
  loop_ = std::make_unique<io::Loop>(this, opts);
  std::string err;
  if (!loop_->Init(&err)) {
    Log(LogLevel::kWarning, "%s", err);
    return 1;
  }
  for (const std::string& addr : config_.bind) {
    if (!loop_->Listen(addr, static_cast<int>(config_.port), static_cast<int>(config_.tcp_backlog), &err)) {
      // "-addr" marks an optional address (Redis's "-::1"): its failure is not fatal.
      if (!addr.empty() && addr[0] == '-') continue;
      Log(LogLevel::kWarning, "Warning: %s", err);
      Log(LogLevel::kWarning, "Failed listening on port %d (tcp), aborting.", config_.port);
      return 1;
    }
  }
  if (config_.port == 0) config_.port = loop_->bound_port();
  struct sigaction sa {};
  sa.sa_handler = OnShutdownSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  loop_->SetTimerIntervalMs(1000 / std::clamp<int64_t>(config_.hz, 1, 500));
  startup_memory_ = UsedMemory();
  Log(LogLevel::kNotice, "Server initialized (io_uring: %s)", loop_->features());
  Log(LogLevel::kNotice, "Ready to accept connections tcp");
  loop_->Run();
  Log(LogLevel::kNotice, "ringkv is now ready to exit, bye bye...");
  return 0;
}

bool Server::RequestShutdown(bool save, bool nosave, std::string* err) {
  (void)nosave;
  if (save) {
    // RDB snapshots arrive with the persistence issue; refusing is better than pretending to save.
    Log(LogLevel::kWarning, "Error trying to save the DB: persistence is not available in this version");
    *err = "ERR Errors trying to SHUTDOWN. Check logs.";
    return false;
  }
  Log(LogLevel::kWarning, "User requested shutdown...");
  shutdown_requested_ = true;
  loop_->Stop();
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Connections and clients

bool Server::ProtectedModeRefuses(const std::string& peer_ip) const {
  // Redis's protected mode: with no password and the default bind, only loopback clients may talk.
  if (!config_.protected_mode || !config_.requirepass.empty()) return false;
  if (peer_ip == "127.0.0.1" || peer_ip == "::1" || peer_ip.rfind("127.", 0) == 0) return false;
  return config_.bind.empty() || config_.bind[0] == "*" || config_.bind[0] == "0.0.0.0";
}

void Server::OnAccept(io::Connection* conn) {
  ++stats_.total_connections_received;
  if (static_cast<int64_t>(clients_.size()) >= config_.maxclients) {
    ++stats_.rejected_connections;
    conn->output().Append("-ERR max number of clients reached\r\n");
    loop_->Close(conn, true);
    return;
  }
  if (ProtectedModeRefuses(conn->peer_ip())) {
    ++stats_.rejected_connections;
    conn->output().Append(
        "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set "
        "for the default user. In this mode connections are only accepted from the loopback interface. If you "
        "want to connect from external computers to Redis you may adopt one of the following solutions: 1) "
        "Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback "
        "interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis "
        "is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change "
        "permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
        "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
        "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
        "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one "
        "of the above things in order for the server to start accepting connections from the outside.\r\n");
    loop_->Close(conn, true);
    return;
  }
  auto* c = new Client(next_client_id_++, conn, &conn->output(), &resp_limits_);
  c->authenticated = config_.requirepass.empty();
  c->created_ms = c->last_interaction_ms = NowMs();
  c->addr = conn->peer_addr();
  c->laddr = conn->local_addr();
  c->fd = conn->fd();
  conn->user = c;
  clients_[c->id()] = c;
}

Client* Server::FindClient(uint64_t id) const {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second;
}

void Server::CloseClient(Client* c, bool after_reply) {
  if (after_reply) {
    c->close_after_reply = true;
  } else {
    c->close_asap = true;
  }
  to_close_.push_back(c);
}

void Server::FreeClient(Client* c) {
  clients_.erase(c->id());
  std::erase(to_close_, c);
  delete c;
}

void Server::OnClosed(io::Connection* conn) {
  auto* c = static_cast<Client*>(conn->user);
  conn->user = nullptr;
  if (c != nullptr) FreeClient(c);
}

void Server::EnforceOutputLimit(Client* c) {
  const OutputLimit& lim = config_.output_limit_normal;
  if (lim.hard_bytes <= 0 || c->conn() == nullptr) return;
  size_t pending = c->out().allocated_bytes();
  if (static_cast<int64_t>(pending) <= lim.hard_bytes) return;
  ++stats_.client_output_buffer_limit_disconnections;
  Log(LogLevel::kWarning,
      "Client id=%d addr=%s laddr=%s fd=%d name=%s closed for overcoming of output buffer limits (%d bytes "
      "pending, limit %d).",
      c->id(), c->addr, c->laddr, c->fd, c->name, pending, lim.hard_bytes);
  loop_->Close(c->conn(), false);  // drops the pending output (once no send uses it); OnClosed frees the client
}

void Server::OnInput(io::Connection* conn) {
  auto* c = static_cast<Client*>(conn->user);
  if (c == nullptr) return;
  ++stats_.total_reads_processed;
  ProcessInput(c);
}

bool Server::PausedFor(const Command* cmd) const {
  if (pause_end_ms_ == 0) return false;
  if (!pause_writes_only_) return true;
  return cmd != nullptr && (cmd->spec.flags & (kCmdWrite | kCmdMayReplicate));
}

// Runs every complete command in the client's input, in order. Commands are parsed in batches of up to
// kBatchMax; before a batch runs, the table slots of its keys are prefetched, so the cache misses of a
// pipeline's lookups overlap (Valkey 8's memory-access amortization) instead of queueing one by one.
// Argument views point into the connection's input, which stays unchanged until the end of this function.
void Server::ProcessInput(Client* c) {
  static constexpr size_t kBatchMax = 16;
  io::Connection* conn = c->conn();
  std::string& in = conn->input();
  io::RespParser& parser = c->parser();
  c->net_input_bytes += in.size();  // approximate: counts pending bytes once per batch
  size_t pos = 0;
  clock_us_ = NowUs();
  c->last_interaction_ms = clock_us_ / 1000;
  if (batch_.size() < kBatchMax) batch_.resize(kBatchMax);
  bool done = false;
  while (!done && pos < in.size() && !c->close_after_reply && !c->close_asap) {
    // 1. Parse a batch.
    size_t n = 0, scan = pos;
    while (n < kBatchMax && scan < in.size()) {
      parser.SetAuthRequired(!c->authenticated);
      io::RespParser::Result r = parser.Parse(std::string_view(in).substr(scan));
      if (r == io::RespParser::Result::kNeedMore) {
        size_t hint = parser.bytes_hint();
        if (n == 0 && hint > 0 && in.capacity() < scan + hint) {
          // A large bulk is on its way: make room once (dropping what was consumed) instead of growing in steps.
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
        std::string msg = "ERR " + parser.error();
        CountError(msg);
        c->rb().Error(msg);
        Log(LogLevel::kVerbose, "Protocol error (%s) from client: id=%d addr=%s", parser.error(), c->id(), c->addr);
        parser.Reset();
        pos = in.size();
        c->close_after_reply = true;
        done = true;
        break;
      }
      scan += parser.consumed();
      if (parser.argv().empty()) {
        if (n == 0) pos = scan;
        continue;
      }
      batch_[n].argv = parser.argv();
      batch_[n].cmd = commands_.Find(batch_[n].argv[0]);
      batch_[n].end = scan;
      ++n;
      // An inline command's arguments live in the parser and die at the next Parse: run it alone.
      if (parser.argv_in_parser_storage()) break;
    }
    // 2. Prefetch the keys' slots.
    if (n > 1) {
      Db& db = *dbs_[c->db_index];
      for (size_t i = 0; i < n; ++i) {
        const std::vector<std::string_view>& argv = batch_[i].argv;
        const Command* cmd = batch_[i].cmd;
        if (cmd != nullptr && cmd->spec.first_key > 0 && static_cast<size_t>(cmd->spec.first_key) < argv.size()) {
          db.Prefetch(argv[static_cast<size_t>(cmd->spec.first_key)]);
        }
      }
    }
    // 3. Execute in order.
    size_t i = 0;
    for (; i < n; ++i) {
      if (c->close_after_reply || c->close_asap) break;
      if (PausedFor(batch_[i].cmd)) break;  // left in the buffer: runs after UNPAUSE or the timeout
      c->argv = batch_[i].argv;
      ExecuteCommand(c, batch_[i].cmd);
      c->argv.clear();
      pos = batch_[i].end;
    }
    if (i < n) {
      // Stopped early: the parser may hold state for bytes after pos; start clean from pos next time.
      parser.Reset();
      break;
    }
  }
  clock_us_ = 0;
  if (pos > 0) in.erase(0, pos);
  // After a big argument, do not keep its buffer around for an idle connection.
  if (in.empty() && in.capacity() > (1u << 20)) std::string().swap(in);
  if (static_cast<int64_t>(in.size()) > config_.client_query_buffer_limit) {
    ++stats_.client_query_buffer_limit_disconnections;
    Log(LogLevel::kWarning, "Closing client that reached max query buffer length: id=%d addr=%s (qbuf initial bytes: %s)",
        c->id(), c->addr, std::string(in.substr(0, 64)));
    loop_->Close(conn, false);
    return;
  }
  if (c->close_after_reply) {
    loop_->Close(conn, true);
    return;
  }
  if (c->close_asap) {
    loop_->Close(conn, false);
    return;
  }
  EnforceOutputLimit(c);
}

void Server::CountError(std::string_view err) {
  ++stats_.total_error_replies;
  size_t sp = err.find(' ');
  std::string code(err.substr(0, sp == std::string_view::npos ? err.size() : sp));
  // Redis caps the distinct error codes it tracks (128) so a client cannot blow up the table.
  if (stats_.error_counts.size() >= 128 && !stats_.error_counts.contains(code)) return;
  ++stats_.error_counts[code];
}

// Redis formats these names with %.128s: a NUL byte ends the text.
static std::string_view UpToNul(std::string_view s) { return s.substr(0, s.find('\0')); }

void Server::ReplyUnknownCommand(Client* c) {
  std::string args;
  for (size_t i = 1; i < c->argv.size() && args.size() < 128; ++i) {
    size_t room = 128 - args.size();
    args += "'" + std::string(UpToNul(c->argv[i]).substr(0, room)) + "' ";
  }
  std::string msg = OneLine("ERR unknown command '" + std::string(UpToNul(c->argv[0]).substr(0, 128)) +
                            "', with args beginning with: " + args);
  CountError(msg);
  c->rb().Error(msg);
}

void Server::ExecuteCommand(Client* c, Command* cmd) {
  io::ReplyBuilder& rb = c->rb();
  // CLIENT REPLY SKIP applies to the next command only.
  if (c->reply_mode == ReplyMode::kSkipNext) c->reply_mode = ReplyMode::kSkipThis;
  rb.SetDiscard(c->reply_mode == ReplyMode::kOff || c->reply_mode == ReplyMode::kSkipThis);
  struct ModeRestore {
    Client* c;
    ~ModeRestore() {
      if (c->reply_mode == ReplyMode::kSkipThis) c->reply_mode = ReplyMode::kOn;
      c->rb().SetDiscard(c->reply_mode == ReplyMode::kOff);
    }
  } restore{c};

  if (cmd == nullptr) cmd = commands_.Find(c->argv[0]);
  if (cmd == nullptr) {
    ReplyUnknownCommand(c);
    return;
  }
  if (cmd->has_subcommands() && c->argv.size() >= 2) {
    Command* sub = commands_.FindSub(cmd, c->argv[1]);
    if (sub == nullptr) {
      std::string upper(c->argv[0]);
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      std::string msg = OneLine("ERR unknown subcommand '" + std::string(UpToNul(c->argv[1]).substr(0, 128)) + "'. Try " +
                                upper + " HELP.");
      CountError(msg);
      rb.Error(msg);
      return;
    }
    cmd = sub;
  }
  const int arity = cmd->spec.arity;
  const int argc = static_cast<int>(c->argv.size());
  if ((arity > 0 && arity != argc) || (arity < 0 && argc < -arity)) {
    ++cmd->rejected_calls;
    std::string msg = "ERR wrong number of arguments for '" + cmd->full_name + "' command";
    CountError(msg);
    rb.Error(msg);
    return;
  }
  if (!c->authenticated && !(cmd->spec.flags & kCmdNoAuth)) {
    ++cmd->rejected_calls;
    CountError("NOAUTH");
    rb.Error("NOAUTH Authentication required.");
    return;
  }
  if ((cmd->spec.flags & kCmdProtected) || (cmd->parent && (cmd->parent->spec.flags & kCmdProtected))) {
    bool allowed = config_.enable_debug_command == 1 ||
                   (config_.enable_debug_command == 2 && c->conn() != nullptr &&
                    (c->conn()->peer_ip().rfind("127.", 0) == 0 || c->conn()->peer_ip() == "::1"));
    if (!allowed) {
      ++cmd->rejected_calls;
      std::string base = cmd->parent ? cmd->parent->full_name : cmd->full_name;
      for (char& ch : base) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      std::string msg = "ERR " + base +
                        " command not allowed. If the enable-debug-command option is set to \"local\", you can "
                        "run it from a local connection, otherwise you need to set this option in the "
                        "configuration file, and then restart the server.";
      CountError(msg);
      rb.Error(msg);
      return;
    }
  }

  // Within a batch the previous command's end time is this one's start: one clock read per command.
  const int64_t start_us = clock_us_ != 0 ? clock_us_ : NowUs();
  const int64_t dirty_before = dirty_;
  has_propagate_override = false;
  const uint64_t errors_before = stats_.total_error_replies;
  const size_t out_before = rb.output()->size();
  c->last_cmd = cmd;
  CommandContext ctx{*this, *c, dbs_[c->db_index].get(), c->argv, rb, cmd, start_us / 1000};
  cmd->spec.handler(ctx);
  const int64_t end_us = NowUs();
  const int64_t dur_us = end_us - start_us;
  if (clock_us_ != 0) clock_us_ = end_us;
  ++cmd->calls;
  cmd->usec += static_cast<uint64_t>(dur_us);
  ++stats_.total_commands_processed;
  ++c->commands_processed;
  // Count an error reply (errorstats, failed_calls): the reply starts with '-'.
  if (stats_.total_error_replies == errors_before && rb.output()->size() > out_before &&
      rb.output()->ByteAt(out_before) == '-') {
    ++cmd->failed_calls;
    std::string first = rb.output()->Slice(out_before + 1, 64);
    size_t sp = first.find_first_of(" \r");
    CountError(first.substr(0, sp));
  }
  if (dirty_ != dirty_before && (cmd->spec.flags & kCmdWrite || cmd->spec.flags & kCmdMayReplicate)) {
    if (has_propagate_override) {
      std::vector<std::string_view> views(propagate_override_.begin(), propagate_override_.end());
      Propagate(c->db_index, views);
    } else {
      Propagate(c->db_index, c->argv);
    }
  }
}

void Server::Propagate(int db_index, const std::vector<std::string_view>& argv) {
  for (PropagationTarget* t : propagation_targets_) t->Feed(db_index, argv);
}

void Server::OnKeyEvent(const KeyEvent& ev) {
  if (ev.change != KeyChange::kExpired) return;
  ++stats_.expired_keys;
  // Replicas and the AOF learn of the expiry as an explicit DEL, as in Redis.
  if (!propagation_targets_.empty()) {
    std::vector<std::string_view> argv = {"DEL", ev.key};
    Propagate(ev.db, argv);
  }
}

void Server::PauseClients(int64_t end_ms, bool writes_only) {
  // A new pause only extends or keeps the strictest mode, as Redis's pauseClients.
  if (pause_end_ms_ == 0 || !writes_only) pause_writes_only_ = writes_only;
  pause_end_ms_ = std::max(pause_end_ms_, end_ms);
}

void Server::UnpauseClients() {
  pause_end_ms_ = 0;
  pause_writes_only_ = false;
  // What the paused clients sent meanwhile runs at the end of this turn (BeforeSleep), never from here:
  // UNPAUSE itself runs inside a client's input processing.
  resume_input_ = true;
}

void Server::FlushAll() {
  for (auto& db : dbs_) db->Clear();
}

bool Server::SwapDb(int a, int b) {
  if (a < 0 || b < 0 || a >= db_count() || b >= db_count()) return false;
  if (a != b) dbs_[a]->SwapContents(*dbs_[b]);
  return true;
}

void Server::OnConfigChanged(std::string_view name) {
  if (name == "hz") {
    loop_->SetTimerIntervalMs(1000 / std::clamp<int64_t>(config_.hz, 1, 500));
  } else if (name == "loglevel") {
    SetLogLevel(static_cast<LogLevel>(config_.loglevel));
  } else if (name == "proto-max-bulk-len") {
    resp_limits_.max_bulk_len = config_.proto_max_bulk_len;
  } else if (name == "io-min-wait-us") {
    loop_->SetMinWaitUs(static_cast<unsigned>(config_.io_min_wait_us));
  } else if (name == "requirepass") {
    // Like Redis (the default user's password changed): existing connections stay authenticated.
  }
}

void Server::ChangeReplId() { replid_ = RandomHex(rng_, 40); }

void Server::MetricSamples::Track(int64_t now_ms, uint64_t value) {
  if (last_time_ms != 0 && now_ms > last_time_ms) {
    samples[idx] = static_cast<double>(value - last_value) * 1000.0 / static_cast<double>(now_ms - last_time_ms);
    idx = (idx + 1) % 16;
  }
  last_time_ms = now_ms;
  last_value = value;
}

double Server::MetricSamples::Mean() const {
  double sum = 0;
  for (double v : samples) sum += v;
  return sum / 16;
}

double Server::InstantaneousOps() const { return ops_samples_.Mean(); }
double Server::InstantaneousKbps(bool input) const { return (input ? in_samples_ : out_samples_).Mean() / 1024; }

// ---------------------------------------------------------------------------------------------------------
// Periodic work

void Server::OnTimer() { ServerCron(); }

void Server::ServerCron() {
  const int64_t now_ms = NowMs();
  lru_clock_ = static_cast<uint32_t>((now_ms / 1000) & 0xFFFFFF);
  size_t used = UsedMemory();
  if (used > peak_memory_) peak_memory_ = used;
  if (pause_end_ms_ != 0 && now_ms >= pause_end_ms_) UnpauseClients();
  // Redis samples every 100 ms into a ring of 16.
  if (now_ms - ops_samples_.last_time_ms >= 100) {
    ops_samples_.Track(now_ms, stats_.total_commands_processed);
    in_samples_.Track(now_ms, loop_->counters().bytes_in);
    out_samples_.Track(now_ms, loop_->counters().bytes_out);
  }
  // Idle clients past `timeout` seconds are closed, as Redis's clientsCronHandleTimeout.
  if (config_.timeout > 0) {
    for (auto& [id, c] : clients_) {
      if (c->conn() != nullptr && now_ms - c->last_interaction_ms > config_.timeout * 1000) {
        Log(LogLevel::kVerbose, "Closing idle client");
        CloseClient(c, false);
      }
    }
  }
  // Active expiry: a quarter of each cron period at most (Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC).
  const int64_t effort = config_.active_expire_effort - 1;
  const int64_t budget_us = 1000000 * (25 + 2 * effort) / std::clamp<int64_t>(config_.hz, 1, 500) / 100;
  ActiveExpireCycle(budget_us);
}

void Server::ActiveExpireCycle(int64_t budget_us) {
  if (!active_expire_enabled) return;
  const int64_t effort = config_.active_expire_effort - 1;
  const size_t keys_per_loop = static_cast<size_t>(20 + 20 / 4 * effort);
  const size_t acceptable_stale_pct = static_cast<size_t>(10 - effort);
  const int64_t start_us = NowUs();
  size_t total_sampled = 0, total_expired = 0;
  bool timed_out = false;
  for (int n = 0; n < db_count() && !timed_out; ++n) {
    Db& db = *dbs_[expire_db_cursor_ % db_count()];
    expire_db_cursor_ = (expire_db_cursor_ + 1) % db_count();
    int iterations = 0;
    while (true) {
      const int64_t now_ms = NowMs();
      Db::ExpireSlice s = db.ActiveExpireSlice(now_ms, keys_per_loop);
      total_sampled += s.sampled;
      total_expired += s.expired;
      if (s.sampled > s.expired && s.ttl_sum_ms > 0) {
        int64_t avg = s.ttl_sum_ms / static_cast<int64_t>(s.sampled - s.expired);
        db.avg_ttl_ms = db.avg_ttl_ms == 0 ? avg : (db.avg_ttl_ms / 50) * 49 + avg / 50;
      }
      if ((++iterations & 15) == 0 && NowUs() - start_us > budget_us) {
        timed_out = true;
        ++stats_.expired_time_cap_reached_count;
        break;
      }
      // Keep going in this db while the share of expired keys found is above the acceptable staleness.
      if (s.sampled == 0 || s.done_walk || s.expired * 100 <= s.sampled * acceptable_stale_pct) break;
    }
  }
  last_expire_cycle_timed_out_ = timed_out;
  const int64_t elapsed_us = NowUs() - start_us;
  stats_.expire_cycle_cpu_ms += static_cast<uint64_t>(elapsed_us / 1000);
  if (total_sampled > 0) {
    uint64_t perc = total_expired * 10000 / total_sampled;
    stats_.expired_stale_perc_x100 = (stats_.expired_stale_perc_x100 * 95 + perc * 5) / 100;
  }
}

void Server::BeforeSleep() {
  if (g_signal != 0) {
    int sig = g_signal;
    g_signal = 0;
    Log(LogLevel::kWarning, "Received %s scheduling shutdown...", sig == SIGINT ? "SIGINT" : "SIGTERM");
    std::string err;
    RequestShutdown(false, false, &err);
  }
  // A fast expire cycle (1 ms) when the last slow cycle ran out of time, as Redis's beforeSleep does.
  if (last_expire_cycle_timed_out_) {
    int64_t now_us = NowUs();
    if (now_us - last_fast_expire_us_ > 2000) {
      last_fast_expire_us_ = now_us;
      ActiveExpireCycle(1000);
    }
  }
  if (resume_input_) {
    resume_input_ = false;
    std::vector<uint64_t> waiting;
    for (auto& [id, c] : clients_)
      if (c->conn() != nullptr && !c->conn()->input().empty()) waiting.push_back(id);
    for (uint64_t id : waiting) {
      Client* c = FindClient(id);  // by id: an earlier one of this batch may have closed it
      if (c == nullptr) continue;
      ProcessInput(c);
      c = FindClient(id);
      if (c != nullptr && !c->out().empty()) loop_->WantSend(c->conn());
    }
  }
  while (!to_close_.empty()) {
    Client* c = to_close_.back();
    to_close_.pop_back();
    if (c->conn() != nullptr) {
      loop_->Close(c->conn(), c->close_after_reply && !c->close_asap);  // OnClosed frees the client
    } else {
      FreeClient(c);
    }
  }
}

}  // namespace ringkv::core
