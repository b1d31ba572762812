// Server: the one command-execution thread's state: configuration, databases, clients, the command table,
// statistics, and the glue between the io::Loop (bytes in, bytes out) and command dispatch.
// A loop turn: the loop delivers every connection's new bytes (OnInput), the server parses and executes all
// complete commands of each connection in order, writes are propagated (Propagate), and in BeforeSleep the
// loop queues one send per connection with output.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "core/access_bits.h"
#include "core/client.h"
#include "core/command.h"
#include "core/config.h"
#include "core/db.h"
#include "io/loop.h"

namespace ringkv::core {

struct Stats {
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t expired_keys = 0;
  uint64_t expired_stale_perc_x100 = 0;
  uint64_t expired_time_cap_reached_count = 0;
  uint64_t expire_cycle_cpu_ms = 0;
  uint64_t evicted_keys = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t total_reads_processed = 0;
  uint64_t client_query_buffer_limit_disconnections = 0;
  uint64_t client_output_buffer_limit_disconnections = 0;
  absl::flat_hash_map<std::string, uint64_t> error_counts;  // errorstats: "ERR" -> count
};

// A consumer of the write stream: the AOF and replica links later. Propagate() hands each write command
// (argv as it should be replayed) with its db index, in execution order.
class PropagationTarget {
 public:
  virtual ~PropagationTarget() = default;
  virtual void Feed(int db_index, const std::vector<std::string_view>& argv) = 0;
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
  const std::string& run_id() const { return run_id_; }
  // Replication ids (INFO replication; PSYNC later). DEBUG CHANGE-REPL-ID makes a new one.
  const std::string& replid() const { return replid_; }
  void ChangeReplId();
  // Instantaneous metrics (ops/sec, kbps), sampled by the cron like Redis's trackInstantaneousMetric.
  double InstantaneousOps() const;
  double InstantaneousKbps(bool input) const;
  int64_t start_time_ms() const { return start_time_ms_; }
  uint32_t lru_clock() const { return lru_clock_; }
  const io::RespLimits& resp_limits() const { return resp_limits_; }
  io::Loop& loop() { return *loop_; }

  // Clients by id, in creation order (CLIENT LIST).
  const absl::flat_hash_map<uint64_t, Client*>& clients() const { return clients_; }
  Client* FindClient(uint64_t id) const;
  // Closes a client: at once, or after its pending replies are sent (the current client of CLIENT KILL).
  void CloseClient(Client* c, bool after_reply);
  // Runs one command for client c (argv already in c->argv). Used by the network path and fake clients.
  // cmd: the table entry for argv[0] when the caller already looked it up (nullptr: look it up here).
  void ExecuteCommand(Client* c, Command* cmd = nullptr);

  void Propagate(int db_index, const std::vector<std::string_view>& argv);
  void AddPropagationTarget(PropagationTarget* t) { propagation_targets_.push_back(t); }

  // CLIENT PAUSE: until pause_end_ms, clients' commands are not processed (all, or only writes).
  void PauseClients(int64_t end_ms, bool writes_only);
  void UnpauseClients();

  // SHUTDOWN and signals: stops the loop after this turn. Returns false with a message when refused.
  bool RequestShutdown(bool save, bool nosave, std::string* err);
  // The config changed at runtime (CONFIG SET): apply what needs more than the new value.
  void OnConfigChanged(std::string_view name);
  void FlushAll();
  bool SwapDb(int a, int b);

  // Memory figures for INFO (from mimalloc's statistics when it is the allocator).
  size_t UsedMemory() const;
  size_t PeakMemory() const { return peak_memory_; }
  size_t startup_memory() const { return startup_memory_; }
  int64_t MemoryRss() const;
  int64_t NowMs() const;
  int64_t NowUs() const;

  // Protected-mode check: refuses non-loopback clients without a password on the default bind.
  bool ProtectedModeRefuses(const std::string& peer_ip) const;

  // io::LoopHandler
  void OnAccept(io::Connection* conn) override;
  void OnInput(io::Connection* conn) override;
  void OnClosed(io::Connection* conn) override;
  void OnTimer() override;
  void BeforeSleep() override;
  // KeyspaceListener: the keyspace's change signal (expiry counts and propagates as DEL today).
  void OnKeyEvent(const KeyEvent& ev) override;
  void OnDbFlushed(int) override {}
  void OnDbsSwapped(int, int) override {}
  // The access bits (LRU clock / LFU counter) of every entry, by the live maxmemory-policy.
  AccessBits& access_bits() { return access_bits_; }

  // State of the command being executed (for CommandContext helpers).
  std::vector<std::string>* propagate_override() { return &propagate_override_; }
  bool has_propagate_override = false;
  // DEBUG SET-ACTIVE-EXPIRE
  bool active_expire_enabled = true;

 private:
  void ProcessInput(Client* c);
  bool PausedFor(const Command* cmd) const;
  void ServerCron();
  void ActiveExpireCycle(int64_t budget_us);
  void ReplyUnknownCommand(Client* c);
  void CountError(std::string_view err);
  void EnforceOutputLimit(Client* c);
  void FreeClient(Client* c);

  Config config_;
  AccessBits access_bits_{&config_};
  io::RespLimits resp_limits_;
  std::unique_ptr<io::Loop> loop_;
  CommandTable commands_;
  std::vector<std::unique_ptr<Db>> dbs_;
  absl::flat_hash_map<uint64_t, Client*> clients_;
  std::vector<Client*> to_close_;
  std::vector<PropagationTarget*> propagation_targets_;
  std::vector<std::string> propagate_override_;
  Stats stats_;
  absl::BitGen rng_;
  std::string run_id_;
  std::string replid_;
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
  bool resume_input_ = false;
  int64_t clock_us_ = 0;
  struct ParsedCommand {
    std::vector<std::string_view> argv;
    Command* cmd = nullptr;  // table entry for argv[0] (nullptr: unknown command)
    size_t end = 0;  // input offset just past the command
  };
  std::vector<ParsedCommand> batch_;  // ProcessInput's parse-ahead batch (reused: keeps capacities)  // while a client's batch runs: the end time of its previous command  // paused clients' input waits to be run (BeforeSleep)
  bool shutdown_requested_ = false;
  int expire_db_cursor_ = 0;
  bool last_expire_cycle_timed_out_ = false;
  int64_t last_fast_expire_us_ = 0;
};

}  // namespace ringkv::core
