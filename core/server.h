// Server: the process and its state: configuration, databases, clients, the command table, statistics,
// and the io::Loop that drives them. It is the LoopHandler: a loop turn delivers every connection's new
// bytes (OnInput -> ClientInput runs its commands through the Dispatcher), then BeforeSleep (deferred
// closes, the fast expire cycle, paused input resumed), then the loop sends. Process-level work lives here:
// start-up and listening, the cron (hz), shutdown and signals, memory figures. The other ideas have their
// own files: dispatch.h (admission checks and the call), client_input.h (parsing, batching, limits),
// active_expire.h, propagation.h. Command handlers reach the server only through CommandContext and have
// no route to the loop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "core/active_expire.h"
#include "core/access_bits.h"
#include "core/blocking.h"
#include "core/client.h"
#include "core/client_input.h"
#include "core/command.h"
#include "core/config.h"
#include "core/db.h"
#include "core/dispatch.h"
#include "core/durability.h"
#include "core/evict.h"
#include "core/fork_child.h"
#include "core/hash_field_expiry.h"
#include "core/latency_monitor.h"
#include "core/lazyfree.h"
#include "core/loading.h"
#include "core/monitor.h"
#include "core/multi.h"
#include "core/persistence.h"
#include "core/propagation.h"
#include "core/pubsub.h"
#include "core/slowlog.h"
#include "core/tracking.h"
#include "io/loop.h"

namespace ringkv::core {

class Aof;
class Replication;
class Primary;
class Replica;
class Failover;
class FunctionRegistry;
class ScriptCache;
class LuaEngine;

struct Stats {
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t expired_keys = 0;
  uint64_t expired_stale_perc_x100 = 0;
  uint64_t expired_time_cap_reached_count = 0;
  uint64_t expire_cycle_cpu_ms = 0;
  uint64_t evicted_keys = 0;
  // Time spent over maxmemory (core/evict.h): the total of ended stretches, and when the current one began
  // (monotonic us, 0: under the limit).
  int64_t eviction_exceeded_total_us = 0;
  int64_t eviction_exceeded_since_us = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t total_reads_processed = 0;
  uint64_t client_query_buffer_limit_disconnections = 0;
  uint64_t client_output_buffer_limit_disconnections = 0;
  uint64_t sync_full = 0, sync_partial_ok = 0, sync_partial_err = 0;  // full syncs and PSYNCs served (Primary)
  uint64_t sync_dual_channel = 0;  // full syncs served on an RDB channel (dual channel sync, ringkv's own)
  absl::flat_hash_map<std::string, uint64_t> error_counts;  // errorstats: "ERR" -> count (Dispatcher)
};

class Server final : public io::LoopHandler, public KeyspaceListener {
 public:
  explicit Server(Config config);
  ~Server() override;

  // Binds, then runs the loop until shutdown. Returns the process exit code.
  int Run();

  Config& config() { return config_; }
  CommandTable& commands() { return commands_; }
  Stats& stats() { return stats_; }
  int db_count() const { return static_cast<int>(dbs_.size()); }
  Db& db(int i) { return *dbs_[i]; }
  absl::BitGen& rng() { return rng_; }
  int64_t dirty() const { return dirty_; }
  void AddDirty(int64_t n) { dirty_ += n; }
  Dispatcher& dispatcher() { return dispatcher_; }
  Propagator& propagator() { return propagator_; }
  ActiveExpire& active_expire() { return active_expire_; }
  // Clients blocked on keys (BLPOP ...): their queues, timeouts and re-execution.
  Blocking& blocking() { return blocking_; }
  // Hashes with field TTLs, for the active cycle (Redis 7.4's hash-field expiry).
  HashFieldExpiry& hash_field_expiry() { return hash_field_expiry_; }
  // Channels, patterns and shard channels with their subscribers; keyspace notifications (core/pubsub.h).
  PubSub& pubsub() { return pubsub_; }
  // Client-side caching: CLIENT TRACKING's sessions, the tracking table, invalidations (core/tracking.h).
  Tracking& tracking() { return tracking_; }
  // PubSub's delivery: a message was appended to c's output (schedules its send, applies its output limit).
  void OnPubSubDelivered(Client& c);
  // c entered or left pub/sub mode: its output limits change class.
  void OnPubSubModeChanged(Client& c) { input_.ApplyOutputLimits(c); }
  // Parsing, batching and the clients' limits (output-limit classes and checks).
  ClientInput& client_input() { return input_; }
  // A read found no key (Redis's "keymiss" notification, class m): CommandContext::LookupRead.
  void OnKeyMiss(int db, std::string_view key) {
    if (config_.notify_flags & kNotifyKeyMiss) {
      pubsub_.NotifyKeyspaceEvent(config_.notify_flags, kNotifyKeyMiss, "keymiss", key, db);
    }
  }
  // Watched keys (WATCH) and the end of clients' transactions.
  WatchRegistry& watches() { return watches_; }
  // FUNCTION libraries and the functions' own Lua engine (core/script/function_library.h).
  FunctionRegistry& functions() { return *functions_; }
  // EVAL's scripts and the Lua engine that runs them (core/script/).
  ScriptCache& scripts() { return *scripts_; }
  // A script past busy-reply-threshold (core/script/lua_engine.h): while it runs, its hook calls
  // ProcessEventsWhileBusy, where every command but the allow-busy ones gets busy_script()->BusyError().
  void BeginBusyScript(LuaEngine* engine) { busy_script_ = engine; }
  void EndBusyScript() { busy_script_ = nullptr; }
  LuaEngine* busy_script() const { return busy_script_; }
  // One nested loop turn (io::Loop::RunNestedTurn) from inside the running script: other clients' commands
  // run as top-level calls of their own, outside the script's call.
  void ProcessEventsWhileBusy();
  bool shutdown_requested() const { return shutdown_requested_; }
  const std::string& run_id() const { return run_id_; }
  // Replication's shared core (core/repl/replication.h): ids, offset, backlog, the stream.
  Replication& replication() { return *replication_; }
  // The replicas attached to this server (core/repl/primary.h): SYNC/PSYNC, full syncs, WAIT.
  Primary& primary() { return *primary_; }
  // This server's link to its primary (core/repl/replica.h); active() while replicaof is set.
  Replica& replica() { return *replica_; }
  // FAILOVER's coordinated hand-over (core/repl/failover.h).
  Failover& failover() { return *failover_; }
  // How lookups treat keys whose TTL passed (db.h): the replica side switches it.
  ExpiredLookup& expired_lookup() { return expired_lookup_; }
  // Instantaneous metrics (ops/sec, kbps), sampled by the cron like Redis's trackInstantaneousMetric.
  double InstantaneousOps() const;
  double InstantaneousKbps(bool input) const;
  int64_t start_time_ms() const { return start_time_ms_; }
  uint32_t lru_clock() const { return lru_clock_; }
  const io::RespLimits& resp_limits() const { return resp_limits_; }
  // The ring's counters and features for INFO (the loop itself stays private to the server).
  const io::LoopCounters& io_counters() const;
  const std::string& io_features() const;

  // Clients by id, in creation order (CLIENT LIST).
  const absl::flat_hash_map<uint64_t, Client*>& clients() const { return clients_; }
  Client* FindClient(uint64_t id) const;
  // Closes a client at the end of this turn: after its pending replies are sent (the current client of
  // CLIENT KILL), or dropping them. Safe from inside a command.
  void CloseClient(Client* c, bool after_reply);
  // Closes a network client now (flushing its pending output first, or dropping it): it is freed before
  // this returns. Not from inside a command of that client (use CloseClient).
  void DisconnectNow(Client& c, bool flush);
  // Runs one command for client c (argv already in c->argv): Dispatcher::Execute.
  void ExecuteCommand(Client* c, Command* cmd = nullptr) { dispatcher_.Execute(*c, cmd); }
  // A client with no connection (Lua scripts, the AOF loader, tests): replies go to its own buffer. The
  // server owns it; FreeFakeClient releases it.
  Client* CreateFakeClient();
  // A replica's master client: the link's connection, its replies into out (nobody's). Listed by CLIENT LIST
  // (flags=M); freed with FreeClient.
  Client* CreateMasterClient(io::Connection* conn, io::OutputBuffer* out);
  void FreeFakeClient(Client* c);

  void AddPropagationTarget(PropagationTarget* t) { propagator_.AddTarget(t); }

  // CLIENT PAUSE: until pause_end_ms, clients' commands are not processed (all, or only writes).
  void PauseClients(int64_t end_ms, bool writes_only);
  void UnpauseClients();
  // FAILOVER's own write pause, separate from CLIENT PAUSE's (Redis's PAUSE_DURING_FAILOVER purpose).
  void SetFailoverPause(bool on);
  // Clients with input waiting (unpaused, or no longer waiting for their output) run it at the end of
  // this turn (BeforeSleep), never from inside a command or the cron.
  void ResumeInputSoon() { resume_input_ = true; }
  // Whether cmd must wait because clients are paused (c: its client, whose queued commands make an EXEC a
  // write).
  bool PausedFor(const Command* cmd, const Client* c = nullptr) const;
  // Any pause in force (CLIENT PAUSE of either kind, FAILOVER's): the dataset stays static, so nothing is
  // evicted meanwhile.
  bool ClientsPaused() const { return pause_end_ms_ != 0 || failover_pause_; }

  // SHUTDOWN and signals: stops the loop after this turn. Returns false with a message when refused.
  bool RequestShutdown(bool save, bool nosave, bool force, std::string* err);
  // From the start-up load's nested turns: a SIGTERM/SIGINT that arrived ends the load and the process.
  void HandleShutdownSignalWhileLoading();
  // The config changed at runtime (CONFIG SET): apply what needs more than the new value.
  void OnConfigChanged(std::string_view name);
  // FLUSHALL: every database emptied; async frees the tables on the lazyfree thread (Db::Clear).
  void FlushAll(bool async = false);
  bool SwapDb(int a, int b);
  // The lazyfree thread's queue (core/lazyfree.h): INFO's lazyfree_* fields, CONFIG RESETSTAT, tests.
  LazyFree& lazyfree() { return lazyfree_; }
  // LATENCY's per-event samples (core/latency_monitor.h): sites Record what they measured.
  LatencyMonitor& latency() { return latency_; }
  // SLOWLOG's entries (core/slowlog.h) and the MONITOR clients (core/monitor.h); the dispatcher feeds both.
  Slowlog& slowlog() { return slowlog_; }
  Monitors& monitors() { return monitors_; }
  // The speed of the last fork, in GB of used memory per second (LATENCY DOCTOR's fork advice).
  double fork_rate_gb_per_s() const { return fork_rate_gb_per_s_; }
  // maxmemory's key eviction (core/evict.h).
  Eviction& eviction() { return eviction_; }

  // Memory figures for INFO (from mimalloc's statistics when it is the allocator).
  size_t UsedMemory() const;
  size_t PeakMemory() const { return peak_memory_; }
  size_t startup_memory() const { return startup_memory_; }
  int64_t MemoryRss() const;
  int64_t NowMs() const;
  int64_t NowUs() const;

  // Redis 7.0's protected mode: with protected-mode on and no password for the default user, only local
  // clients (loopback, unix socket) may connect, whatever `bind` says.
  bool ProtectedModeRefuses(const io::Connection& conn) const;

  // io::LoopHandler
  void OnAccept(io::Connection* conn) override;
  void OnInput(io::Connection* conn) override;
  void OnClosed(io::Connection* conn) override;
  void OnTimer() override;
  void OnOutputDrained(io::Connection* conn) override;
  void BeforeSleep() override;
  // KeyspaceListener: the keyspace's change signal (expiry counts and propagates as DEL today).
  void OnKeyEvent(const KeyEvent& ev) override;
  void OnDbFlushing(int db) override {
    watches_.OnDbFlushing(db);
    durability_.OnDbChanged();
  }
  void OnDbFlushed(int db) override {
    blocking_.OnDbFlushed(db);
    hash_field_expiry_.OnDbFlushed(db);
    tracking_.OnFlush();
  }
  void OnDbsSwapped(int a, int b) override {
    durability_.OnDbChanged();
    blocking_.OnDbsSwapped(a, b);
    hash_field_expiry_.OnDbsSwapped(a, b);
    watches_.OnDbsSwapped(a, b);
  }
  // Frees a client at once (its connection is closed or gone). Only for a client no command is running for:
  // others go through CloseClient / DisconnectNow.
  void FreeClient(Client* c);
  // The access bits (LRU clock / LFU counter) of every entry, by the live maxmemory-policy.
  AccessBits& access_bits() { return access_bits_; }
  RdbStatus& rdb_status() { return rdb_status_; }
  // Which replies wait for the AOF's fsync under appendfsync always (core/durability.h).
  DurabilityTracker& durability() { return durability_; }
  // The dataset is being loaded (core/loading.h): commands without the loading flag get -LOADING.
  Loading& loading() { return loading_; }
  // The forked child (BGSAVE, later BGREWRITEAOF); null until Run() made the loop (unit tests).
  ForkChild* fork_child() { return fork_child_.get(); }
  bool ChildActive() const { return fork_child_ != nullptr && fork_child_->active(); }
  // The append-only file (core/aof.h): its writer, loader and rewrites.
  Aof& aof() { return *aof_; }
  // The ring, for the persistence code that writes files through it (null before Run).
  io::Loop* loop() { return loop_.get(); }

 private:
  void ServerCron();
  void ReturnFreeMemory(int64_t now_ms);
  // Clients whose wait ended (served, timed out, unblocked): run what they sent meanwhile, send their replies.
  void ProcessUnblockedClients();
  Client* NewClient(io::Connection* conn, io::OutputBuffer* out);

  Config config_;
  AccessBits access_bits_{&config_};
  LatencyMonitor latency_{&config_};
  Slowlog slowlog_{&config_};
  double fork_rate_gb_per_s_ = 0;
  io::RespLimits resp_limits_;
  // Before loop_: destroyed after it, once no completion can reach its ring owners.
  std::unique_ptr<ForkChild> fork_child_;
  // Also before loop_: its transfers' buffers are read into through the ring, so they outlive it.
  std::unique_ptr<Primary> primary_;
  std::unique_ptr<io::Loop> loop_;
  std::unique_ptr<io::DeadlineTimer> block_timer_;  // blocked clients' timeouts (destroyed before the loop)
  std::unique_ptr<Aof> aof_;                        // its file writers use the loop: destroyed before it
  std::unique_ptr<Replication> replication_;
  std::unique_ptr<Failover> failover_;
  std::unique_ptr<Replica> replica_;  // its connector and file writer use the loop: destroyed before it
  ExpiredLookup expired_lookup_ = ExpiredLookup::kDelete;
  int64_t last_repl_cron_ms_ = 0;
  CommandTable commands_;
  // Before dbs_: destroyed after them, it frees what they handed it and joins its thread.
  LazyFree lazyfree_{&config_};
  std::vector<std::unique_ptr<Db>> dbs_;
  absl::flat_hash_map<uint64_t, Client*> clients_;
  std::vector<Client*> to_close_;
  struct FakeClient;
  std::vector<std::unique_ptr<FakeClient>> fake_clients_;
  Stats stats_;
  Propagator propagator_;
  DurabilityTracker durability_{*this};
  Dispatcher dispatcher_{*this};
  ClientInput input_{*this};
  ActiveExpire active_expire_{*this};
  Blocking blocking_{*this};
  HashFieldExpiry hash_field_expiry_{*this};
  Eviction eviction_{*this};
  PubSub pubsub_{*this};
  Monitors monitors_{*this};
  Tracking tracking_{*this};
  WatchRegistry watches_{*this};
  absl::BitGen rng_;
  std::string run_id_;
  struct MetricSamples {
    int64_t last_time_ms = 0;
    uint64_t last_value = 0;
    double samples[16] = {};
    int idx = 0;
    void Track(int64_t now_ms, uint64_t value);
    double Mean() const;
  };
  MetricSamples ops_samples_, in_samples_, out_samples_;
  uint64_t next_client_id_ = 1;
  int64_t dirty_ = 0;
  int64_t start_time_ms_ = 0;
  uint32_t lru_clock_ = 0;
  size_t peak_memory_ = 0;
  size_t startup_memory_ = 0;
  int64_t pause_end_ms_ = 0;
  bool pause_writes_only_ = false;
  bool failover_pause_ = false;  // FAILOVER pauses writes until it ends (apart from CLIENT PAUSE)
  bool resume_input_ = false;  // paused clients' input waits to be run (BeforeSleep)
  int64_t last_memory_check_ms_ = 0;
  static constexpr int64_t kMemoryCheckMinPeriodMs = 100, kMemoryCheckMaxPeriodMs = 5000;
  int64_t memory_check_period_ms_ = kMemoryCheckMinPeriodMs;  // ReturnFreeMemory's backoff
  size_t last_excess_rss_ = 0;                                 // the resident set at its last collect
  int memory_excess_checks_ = 0;
  bool shutdown_requested_ = false;
  RdbStatus rdb_status_;
  Loading loading_{*this};
  LuaEngine* busy_script_ = nullptr;
  // Last: destroyed first, while the fake client it ran commands as can still be freed.
  std::unique_ptr<ScriptCache> scripts_;
  std::unique_ptr<FunctionRegistry> functions_;
};

}  // namespace ringkv::core
