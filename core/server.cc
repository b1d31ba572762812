#include "core/server.h"
#include "core/repl/failover.h"
#include "core/repl/replica.h"
#include "core/repl/replication.h"
#include "core/repl/primary.h"

#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <ctime>

#include "core/bgsave.h"
#include "core/aof.h"
#include "core/context.h"
#include "core/listeners.h"
#include "core/log.h"
#include "core/memory.h"
#include "core/script/function_library.h"
#include "core/script/script_cache.h"
#include "io/timer.h"


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

}  // namespace

Server::Server(Config config) : config_(std::move(config)) {
  resp_limits_.max_bulk_len = config_.proto_max_bulk_len;
  for (int i = 0; i < config_.databases; ++i) {
    dbs_.push_back(std::make_unique<Db>(i, this, &access_bits_, &lazyfree_));
    dbs_.back()->set_expired_lookup(&expired_lookup_);
    dbs_.back()->set_latency_monitor(&latency_);
  }
  RegisterAllCommands(commands_);
  scripts_ = std::make_unique<ScriptCache>(*this);
  functions_ = std::make_unique<FunctionRegistry>(*this);
  aof_ = std::make_unique<Aof>(*this);
  run_id_ = RandomHex(rng_, 40);
  replication_ = std::make_unique<Replication>(*this);
  primary_ = std::make_unique<Primary>(*this);
  failover_ = std::make_unique<Failover>(*this);
  replica_ = std::make_unique<Replica>(*this);
  start_time_ms_ = NowMs();
  lru_clock_ = static_cast<uint32_t>((start_time_ms_ / 1000) & 0xFFFFFF);
}

Server::~Server() {
  for (auto& [id, c] : clients_) {
    pubsub_.RemoveClient(*c);
    tracking_.RemoveClient(*c);
    delete c;
  }
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

size_t Server::UsedMemory() const { return UsedMemoryBytes(); }
int64_t Server::MemoryRss() const { return static_cast<int64_t>(ResidentBytes()); }

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
  opts.log = [](io::LoopLogLevel level, std::string_view line) {
    Log(level == io::LoopLogLevel::kWarning  ? LogLevel::kWarning
        : level == io::LoopLogLevel::kNotice ? LogLevel::kNotice
                                             : LogLevel::kVerbose,
        "%s", std::string(line));
  };
  loop_ = std::make_unique<io::Loop>(this, opts);
  std::string err;
  if (!loop_->Init(&err)) {
    Log(LogLevel::kWarning, "%s", err);
    return 1;
  }
  fork_child_ = std::make_unique<ForkChild>(loop_.get());
  fork_child_->set_on_forked([this](int64_t fork_us) {
    // Redis's stat_fork_rate: the memory the child was handed per second of fork().
    if (fork_us > 0) fork_rate_gb_per_s_ = static_cast<double>(UsedMemory()) * 1e6 / fork_us / (1024.0 * 1024 * 1024);
    latency_.Record("fork", fork_us / 1000);
  });
  aof_->set_on_synced([this](uint64_t synced) {  // opens the durability gate
    loop_->MarkDurable(synced);
    durability_.OnSynced(synced);
  });
  ListenSummary listening;
  if (!ListenAll(loop_.get(), config_, &listening)) return 1;
  struct sigaction sa {};
  sa.sa_handler = OnShutdownSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  loop_->SetTimerIntervalMs(1000 / std::clamp<int64_t>(config_.hz, 1, 500));
  block_timer_ = std::make_unique<io::DeadlineTimer>(loop_.get(), [this] { blocking_.HandleTimeouts(NowMs()); });
  blocking_.SetTimer(block_timer_.get());
  startup_memory_ = UsedMemory();
  Log(LogLevel::kNotice, "Server initialized (io_uring: %s)", loop_->features());
  rdb_status_.last_save_s = start_time_ms_ / 1000;
  // With appendonly yes the AOF is the dataset (an RDB is not read), as Redis's loadDataFromDisk. Listening
  // already: clients connecting during an RDB load are answered -LOADING (core/loading.h).
  // (The manifest is read either way, as Redis: a later CONFIG SET appendonly yes continues it.)
  if (!aof_->LoadAtStartup()) {
    CloseListeners(loop_.get(), config_);
    if (!shutdown_requested()) return 1;
    Log(LogLevel::kNotice, "ringkv is now ready to exit, bye bye...");  // SHUTDOWN during the load
    return 0;
  }
  persist::rdb::LoadStats loaded;
  bool rdb_loaded = false;
  if (!config_.replicaof_host.empty()) {
    SetLogRole('S');
    expired_lookup_ = ExpiredLookup::kHide;  // a replica's load keeps expired keys; its reads hide them
  }
  if (!config_.appendonly) {
    switch (RdbLoadFromDisk(*this, &err, /*merge=*/false, /*serve_clients=*/true, &loaded)) {
      case RdbLoadResult::kFailed:
        CloseListeners(loop_.get(), config_);
        return 1;
      case RdbLoadResult::kAborted:  // SHUTDOWN during the load
        CloseListeners(loop_.get(), config_);
        Log(LogLevel::kNotice, "ringkv is now ready to exit, bye bye...");
        return 0;
      case RdbLoadResult::kLoaded:
        rdb_loaded = true;
        break;
      case RdbLoadResult::kNoFile:
        break;
    }
  }
  // replicaof in the config: the link starts with the cron's first tick.
  replica_->StartFromConfig(rdb_loaded ? &loaded : nullptr);
  if (!aof_->OpenAtStartup()) {
    CloseListeners(loop_.get(), config_);
    return 1;
  }
  durability_.SetActive(aof_->enabled() && config_.appendfsync == "always");
  LogReadyToAccept(listening, config_);
  const bool ring_ok = loop_->Run();  // false: the ring failed (the loop logged why)
  aof_->Shutdown();
  CloseListeners(loop_.get(), config_);
  Log(LogLevel::kNotice, "ringkv is now ready to exit, bye bye...");
  return ring_ok ? 0 : 1;
}

bool Server::RequestShutdown(bool save, bool nosave, bool force, std::string* err) {
  Log(LogLevel::kWarning, "User requested shutdown...");
  // The child's snapshot could overwrite the one saved here: end it (Redis's prepareForShutdown).
  if (fork_child_ != nullptr && fork_child_->kind() == ChildKind::kRdb) {
    Log(LogLevel::kWarning, "There is a child saving an .rdb. Killing it!");
    KillRdbChild(*this);
  }
  // A half-loaded dataset is never saved over the file it came from (Redis forces NOSAVE while loading).
  if (loading_.active()) {
    save = false;
    nosave = true;
  }
  // appendonly turned on at runtime and its first rewrite not done: the AOF does not hold the dataset yet.
  if (aof_->waiting_first_rewrite()) {
    if (!force) {
      Log(LogLevel::kWarning, "Writing initial AOF, can't exit.");
      *err = "ERR Errors trying to SHUTDOWN. Check logs.";
      return false;
    }
    Log(LogLevel::kWarning, "Writing initial AOF. Exit anyway.");
  }
  if ((HasSavePoints(*this) && !nosave) || save) {
    Log(LogLevel::kNotice, "Saving the final RDB snapshot before exiting.");
    std::string why;
    if (!RdbSaveToDisk(*this, &why)) {
      if (!force) {
        Log(LogLevel::kWarning, "Error trying to save the DB, can't exit.");
        *err = "ERR Errors trying to SHUTDOWN. Check logs.";
        return false;
      }
      Log(LogLevel::kWarning, "Error trying to save the DB. Exit anyway.");
    }
  }
  shutdown_requested_ = true;
  loop_->Stop();
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Connections and clients

bool Server::ProtectedModeRefuses(const io::Connection& conn) const {
  // Redis 7.0 (clientAcceptHandler) looks at the password and the peer only: `bind` plays no part.
  return config_.protected_mode && config_.requirepass.empty() && !conn.is_local();
}

void Server::OnAccept(io::Connection* conn) {
  ++stats_.total_connections_received;
  if (static_cast<int64_t>(clients_.size()) >= config_.maxclients) {
    ++stats_.rejected_connections;
    conn->output().Append("-ERR max number of clients reached\r\n");
    loop_->Close(conn, true);
    return;
  }
  if (ProtectedModeRefuses(*conn)) {
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
  Client* c = NewClient(conn, &conn->output());
  c->addr = conn->peer_addr();
  c->laddr = conn->local_addr();
  c->fd = conn->fd();
  input_.ApplyOutputLimits(*c);
  conn->user = c;
  clients_[c->id()] = c;
}

Client* Server::NewClient(io::Connection* conn, io::OutputBuffer* out) {
  auto* c = new Client(next_client_id_++, conn, out, &resp_limits_);
  c->authenticated = config_.requirepass.empty();
  c->created_ms = c->last_interaction_ms = NowMs();
  c->rb().SetErrorObserver(&dispatcher_);
  return c;
}

Client* Server::CreateMasterClient(io::Connection* conn, io::OutputBuffer* out) {
  Client* c = NewClient(conn, out);
  c->authenticated = true;
  c->master = true;
  c->deny_blocking = true;  // the primary sends the non-blocking forms; nothing it sends may wait here
  c->addr = conn->peer_addr();
  c->laddr = conn->local_addr();
  c->fd = conn->fd();
  clients_[c->id()] = c;
  return c;
}

struct Server::FakeClient {
  io::OutputBuffer out;
  std::unique_ptr<Client> client;
};

Client* Server::CreateFakeClient() {
  auto f = std::make_unique<FakeClient>();
  f->client.reset(NewClient(nullptr, &f->out));
  Client* c = f->client.get();
  c->deny_blocking = true;  // scripts and the AOF loader run blocking commands in their non-blocking form
  fake_clients_.push_back(std::move(f));
  return c;
}

void Server::FreeFakeClient(Client* c) {
  blocking_.Remove(*c);
  pubsub_.RemoveClient(*c);
  tracking_.RemoveClient(*c);
  watches_.Discard(*c);
  std::erase_if(fake_clients_, [c](const std::unique_ptr<FakeClient>& f) { return f->client.get() == c; });
}

Client* Server::FindClient(uint64_t id) const {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second;
}

void Server::CloseClient(Client* c, bool after_reply) {
  // A killed client stops waiting at once (Redis frees it in CLIENT KILL): nothing may be served to it.
  blocking_.Remove(*c);
  if (after_reply) {
    c->close_after_reply = true;
  } else {
    c->close_asap = true;
  }
  to_close_.push_back(c);
}

void Server::FreeClient(Client* c) {
  if (c->repl != nullptr) primary_->Forget(*c);
  blocking_.Remove(*c);
  pubsub_.RemoveClient(*c);
  monitors_.Remove(*c);
  tracking_.RemoveClient(*c);
  watches_.Discard(*c);
  input_.Forget(*c);
  clients_.erase(c->id());
  std::erase(to_close_, c);
  delete c;
}

void Server::OnClosed(io::Connection* conn) {
  auto* c = static_cast<Client*>(conn->user);
  conn->user = nullptr;
  if (c == nullptr) return;
  if (c->in_process) {
    // Its command is still running (a busy script's nested turn saw the peer go): freed when it returns.
    c->free_when_done = true;
    c->close_asap = true;
    return;
  }
  FreeClient(c);
}

void Server::DisconnectNow(Client& c, bool flush) {
  blocking_.Remove(c);
  if (c.conn() != nullptr) loop_->Close(c.conn(), flush);  // OnClosed frees the client
}

void Server::OnOutputDrained(io::Connection* conn) {
  auto* c = static_cast<Client*>(conn->user);
  if (c == nullptr) return;
  if (c->repl != nullptr) primary_->OnOutputDrained(*c);
  input_.OnOutputDrained(*c);
}

void Server::OnInput(io::Connection* conn) {
  auto* c = static_cast<Client*>(conn->user);
  if (c == nullptr) return;
  ++stats_.total_reads_processed;
  input_.Process(*c);
}

bool Server::PausedFor(const Command* cmd, const Client* c) const {
  if (pause_end_ms_ == 0 && !failover_pause_) return false;
  if (pause_end_ms_ != 0 && !pause_writes_only_) return true;
  if (cmd == nullptr) return false;
  uint64_t flags = cmd->spec.flags;
  // An EXEC is a write when it would run one (Redis 7.0's processCommand).
  if (c != nullptr && c->tx.in_multi && cmd->full_name == "exec") flags |= c->tx.queued_flags;
  return (flags & (kCmdWrite | kCmdMayReplicate)) != 0;
}

void Server::HandleShutdownSignalWhileLoading() {
  if (g_signal == 0 || shutdown_requested_) return;
  g_signal = 0;
  // Redis's whileBlockedCron: the load ends here, nothing is saved (a half-loaded dataset never is).
  Log(LogLevel::kWarning, "Received shutdown signal during loading, scheduling shutdown.");
  std::string err;
  RequestShutdown(/*save=*/false, /*nosave=*/true, /*force=*/false, &err);
}

void Server::ProcessEventsWhileBusy() {
  if (loop_ == nullptr) return;
  // The commands of the nested turn are not part of the script's call, and their time is not the batch's.
  Call* call = dispatcher_.DetachCall();
  const int64_t batch_clock = dispatcher_.batch_clock();
  dispatcher_.EndBatch();
  loop_->RunNestedTurn();
  dispatcher_.BeginBatch(batch_clock);
  dispatcher_.RestoreCall(call);
  // The BUSY replies of the turn are no failure of the script's command (Redis counts them as rejected).
  dispatcher_.ConsumeErrorCount();
}

void Server::OnPubSubDelivered(Client& c) {
  if (c.conn() == nullptr) return;
  durability_.OnOutputTo(c);
  const OutputLimit& lim = input_.OutputLimitFor(c);
  // Checked as each message is appended, as Redis's addReply: a subscriber that does not read is closed
  // (asynchronously: the publisher may be iterating its subscribers) once past its class's limits.
  if (c.out().over_hard_limit() || c.obuf_soft_limit_since_ms != 0 ||
      (lim.soft_bytes > 0 && static_cast<int64_t>(c.out().size()) > lim.soft_bytes)) {
    const int64_t now_ms = NowMs();
    if (input_.OverOutputLimit(c, now_ms)) {
      input_.LogOutputLimitClose(c, now_ms);
      CloseClient(&c, /*after_reply=*/false);
      return;
    }
  }
  if (loop_ != nullptr) loop_->WantSend(c.conn());  // sent with every other connection's output at the end of the turn
}

void Server::OnKeyEvent(const KeyEvent& ev) {
  durability_.OnKeyChanged(ev.db, ev.key);
  tracking_.OnKeyEvent(ev);
  blocking_.OnKeyEvent(ev);
  hash_field_expiry_.OnKeyEvent(ev);
  pubsub_.NotifyKeyspaceEvent(config_.notify_flags, ev.notify_class, ev.event, ev.key, ev.db);
  watches_.OnKeyEvent(ev);
  if (ev.change != KeyChange::kExpired) return;
  ++stats_.expired_keys;
  // Replicas and the AOF learn of the expiry as an explicit DEL (UNLINK under lazyfree-lazy-expire), queued
  // in the running call (a write that found its key expired propagates MULTI, DEL, write, EXEC) or fed at
  // once from the cron, as Redis 7.0 does.
  if (propagator_.active()) {
    std::vector<std::string_view> argv = {config_.lazyfree_lazy_expire ? "UNLINK" : "DEL", ev.key};
    propagator_.Queue(ev.db, argv);
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

void Server::SetFailoverPause(bool on) {
  if (failover_pause_ && !on) resume_input_ = true;  // as UnpauseClients: what waited runs at BeforeSleep
  failover_pause_ = on;
}

void Server::FlushAll(bool async) {
  Tracking::FlushAllScope one_invalidation(tracking_);
  for (auto& db : dbs_) db->Clear(async);
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
  } else if (name == "client-output-buffer-limit") {
    for (auto& [id, c] : clients_) input_.ApplyOutputLimits(*c);
  } else if (name == "appendonly") {
    const Call* call = dispatcher_.current();
    aof_->OnAppendonlyChanged(/*in_exec=*/call != nullptr && call->parent != nullptr);
  } else if (name == "slowlog-max-len" || name == "slowlog-log-slower-than") {
    slowlog_.Trim();
  } else if (name == "maxmemory") {
    eviction_.OnMaxmemoryChanged();
  } else if (name == "requirepass") {
    // Like Redis (the default user's password changed): existing connections stay authenticated.
  }
}

const io::LoopCounters& Server::io_counters() const { return loop_->counters(); }
const std::string& Server::io_features() const { return loop_->features(); }


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
      // Blocked clients wait as long as their command says, subscribers and replicas as long as they like, as in
      // Redis.
      if (c->conn() != nullptr && c->blocked == nullptr && !c->in_pubsub() && !c->is_replica && now_ms - c->last_interaction_ms > config_.timeout * 1000) {
        Log(LogLevel::kVerbose, "Closing idle client");
        CloseClient(c, false);
      }
    }
  }
  // Active expiry: a quarter of each cron period at most (Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC).
  const int64_t effort = config_.active_expire_effort - 1;  // active-expire-effort 1..10
  const int64_t budget_us = 1000000 * (25 + 2 * effort) / std::clamp<int64_t>(config_.hz, 1, 500) / 100;
  // A replica expires nothing itself: its primary's DELs do (Redis runs the cycle only on a primary).
  const bool replica = replica_->active();
  if (!replica) active_expire_.SlowCycle(budget_us);
  if (active_expire_.enabled && !replica) hash_field_expiry_.Cycle(NowMs());
  // Redis's replicationCron, once a second.
  if (now_ms - last_repl_cron_ms_ >= 1000) {
    last_repl_cron_ms_ = now_ms;
    replica_->Cron();
  }
  input_.CheckStalledClients(now_ms);
  // tracking-table-max-keys also when idle (a CONFIG SET lowered it), and the ended sessions' ids.
  tracking_.Cron();
  aof_->Cron(now_ms);
  primary_->Cron(now_ms);
  failover_->Update();
  if (fork_child_ != nullptr) fork_child_->CronCheck();
  // The ring's deadline timer ends waits; this only catches a wall clock that jumped ahead of it (O(1)).
  blocking_.HandleTimeouts(now_ms);
  ReturnFreeMemory(now_ms);
  RdbSaveCron(*this);
}

// Freed memory goes back to the system within seconds. Every cron tick (at most every 100 ms) the resident set
// is compared with what is in use; while it is well above (a big client buffer, a flushed dataset or a big
// collection was freed), the loop's heap gives back the pages it holds free (mi_collect(false): madvise of
// what was freed since the last check, so checking often keeps each call short: a 1M-element hash freed in
// slices cost one ~7 ms call at a 1 s period, ~1 ms calls at 100 ms), and every second such check the
// lazyfree thread also empties the allocator's global caches (the forced collect walks pages and unmaps: off
// the loop). When a collect gives nothing back (fragmentation: partly used pages), the period doubles up
// to 5 s, so a resident set that stays high costs nothing.
void Server::ReturnFreeMemory(int64_t now_ms) {
  if (now_ms - last_memory_check_ms_ < memory_check_period_ms_) return;
  last_memory_check_ms_ = now_ms;
  const size_t used = UsedMemory();
  const size_t rss = ResidentBytes();
  const size_t slack = std::max<size_t>(size_t{32} << 20, used / 4);
  if (rss <= used + slack) {
    memory_excess_checks_ = 0;
    memory_check_period_ms_ = kMemoryCheckMinPeriodMs;
    last_excess_rss_ = 0;
    return;
  }
  // Nothing came back since the last collect (less than 1%): back off.
  if (last_excess_rss_ != 0 && rss + last_excess_rss_ / 100 >= last_excess_rss_) {
    memory_check_period_ms_ = std::min<int64_t>(memory_check_period_ms_ * 2, kMemoryCheckMaxPeriodMs);
  } else {
    memory_check_period_ms_ = kMemoryCheckMinPeriodMs;
  }
  last_excess_rss_ = rss;
  ReleaseFreeMemory(false);
  if (++memory_excess_checks_ >= 2) {
    memory_excess_checks_ = 0;
    struct Collect : LazyFree::Task {
      ~Collect() override { ReleaseFreeMemory(true); }
    };
    lazyfree_.Submit(std::make_unique<Collect>(), 0);
  }
}

void Server::ProcessUnblockedClients() {
  // Running one client's input may serve or unblock others: go on until nobody is left. Each round consumes
  // input that was already received, so it ends.
  for (std::vector<uint64_t> ids = blocking_.TakeUnblocked(); !ids.empty(); ids = blocking_.TakeUnblocked()) {
    for (uint64_t id : ids) {
      Client* c = FindClient(id);  // by id: it may be gone
      if (c == nullptr || c->conn() == nullptr) continue;
      if (c->blocked == nullptr && !c->conn()->input().empty()) {
        input_.Process(*c);
        c = FindClient(id);
      }
      if (c != nullptr && c->conn() != nullptr && !c->out().empty()) loop_->WantSend(c->conn());
    }
  }
}

void Server::BeforeSleep() {
  if (g_signal != 0) {
    int sig = g_signal;
    g_signal = 0;
    Log(LogLevel::kWarning, "Received %s scheduling shutdown...", sig == SIGINT ? "SIGINT" : "SIGTERM");
    // shutdown-on-sigterm / -sigint: "save" saves, "nosave" does not even with save points (which save).
    const int64_t flags = sig == SIGINT ? config_.shutdown_on_sigint : config_.shutdown_on_sigterm;
    std::string err;
    if (!RequestShutdown((flags & 1) != 0, (flags & 2) != 0, (flags & 8) != 0, &err)) {
      Log(LogLevel::kWarning, "%s received but errors trying to shut down the server, check the logs for more "
          "information", sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
  }
  if (!replica_->active()) active_expire_.MaybeFastCycle(NowUs());
  // While a child saves, big frees wait: freeing writes to the pages freed, and each one would be copied.
  if (lazyfree_.has_slices() && !ChildActive()) {
    lazyfree_.RunTimedSlice();
    if (lazyfree_.has_slices() && loop_ != nullptr) loop_->RunAgainSoon();
  }
  // An eviction that ran out of time goes on (its DELs are propagated before the turn's AOF write below).
  eviction_.BeforeSleep();
  blocking_.AfterCall();  // keys signalled outside any call (expiry in the cron)
  ProcessUnblockedClients();
  if (resume_input_) {
    resume_input_ = false;
    std::vector<uint64_t> waiting;
    for (auto& [id, c] : clients_)
      if (c->conn() != nullptr && !c->conn()->input().empty()) waiting.push_back(id);
    for (uint64_t id : waiting) {
      Client* c = FindClient(id);  // by id: an earlier one of this batch may have closed it
      if (c == nullptr) continue;
      input_.Process(*c);
      c = FindClient(id);
      if (c != nullptr && !c->out().empty()) loop_->WantSend(c->conn());
    }
  }
  // Replicas are asked for an ACK when a WAIT blocked this turn; the WAITs they satisfied are answered (Redis's
  // beforeSleep order: after the unblocked clients ran, so a WAIT among their commands asks too).
  primary_->BeforeSleep();
  // ACKs that arrived this turn may complete a failover's wait (Redis's beforeSleep runs it too).
  failover_->Update();
  ProcessUnblockedClients();
  // Client tracking's BCAST messages for the keys this turn changed (Redis's beforeSleep: after the failover
  // update, before the AOF write).
  tracking_.BeforeSleep();
  // The turn's effects go to the AOF before the replies go out (the loop sends after this).
  aof_->BeforeSleep();
  // appendfsync always: no reply that reveals a write leaves before the write is on disk. The calls asked the
  // loop to hold exactly those replies (core/durability.h); changes made outside calls (the cron's expiry)
  // are recorded here. Otherwise nothing waits.
  durability_.SetActive(aof_->enabled() && config_.appendfsync == "always");
  if (durability_.active()) {
    durability_.BeforeSleep(aof_->appended());
  } else if (loop_->durable_required() > loop_->durable_mark()) {
    loop_->MarkDurable(loop_->durable_required());  // the policy changed while replies were held
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
