// Eviction: what maxmemory does when used memory passes it, as Redis 7.0's evict.c. Before every command
// (and from the loop while a big overshoot is being worked off) keys are removed by maxmemory-policy until
// the memory that counts is back under the limit; commands that may grow memory are refused only when that
// failed (nothing evictable, or noeviction).
//
// How a key is chosen (Redis's approximated LRU / LFU / TTL):
//   - a pool of the kPoolSize best candidates seen so far is kept across calls, ordered by a score where
//     higher is better to evict: idle seconds (LRU), 255 minus the decayed LFU counter (LFU), or
//     UINT64_MAX minus the expire time (volatile-ttl: the sooner, the better);
//   - each pick first refills the pool from every database: maxmemory-samples neighbouring keys from one
//     random segment of its keys (allkeys-*) or of its keys with a TTL (volatile-*), ds::Dict::SampleSome,
//     Redis's dictGetSomeKeys; a sample enters the pool if there is room or it beats the worst held;
//   - then the best held entry is taken out; the pool holds key names, not entries, so a key deleted or
//     (volatile-*) persisted since it was sampled is a ghost: skipped, and the next best tried. A pool of
//     ghosts only costs one more refill, which then holds live keys (bounded: two rounds per pick);
//   - allkeys-random / volatile-random take a random key, visiting the databases in turn (Redis's next_db).
// Scores are computed when a key is sampled and not refreshed: a key read after it entered the pool can
// still be evicted from it, as in Redis (its hit rates are what ringkv's are measured against).
//
// How much runs at once (Redis's performEvictions): evictions go on until the bytes freed (the drop of
// used_memory across each delete) reach the excess, checking every 16 keys whether the time limit of
// maxmemory-eviction-tenacity (evictionTimeLimitUs: 50 us per step up to 10, then +15% per step, none at
// 100) has passed; then the rest continues from BeforeSleep each loop turn (Redis's evictionTimeProc),
// while commands run between the slices. Under lazyfree-lazy-eviction the freeing is elsewhere, so every
// 16 keys the memory is checked again.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/random/random.h"

namespace ringkv::core {

class Db;
class Server;
struct Config;
class Entry;

// Redis's EVPOOL: the best candidates, ascending by score, the best on the right.
// Invariants: (1) the used slots are ranks [0, size()), in ascending score order; (2) the slots never move:
// ranks are a permutation of them (order_), so an insertion shifts bytes, and a slot's key string keeps its
// capacity when the slot empties, so a warm pool inserts without allocating.
class EvictionPool {
 public:
  static constexpr size_t kSize = 16;  // Redis's EVPOOL_SIZE
  struct Slot {
    uint64_t score = 0;
    int db = 0;
    bool used = false;
    std::string key;
  };

  // A sampled key. It goes where its score belongs when there is a free slot; in a full pool only when it
  // beats the worst held, which then leaves. A score equal to held ones goes to their left (worse), as
  // Redis's insertion does. Bound: kSize moves.
  void Offer(uint64_t score, std::string_view key, int db);
  // Takes the best held candidate out (*slot receives it); false when the pool is empty.
  bool TakeBest(Slot* out);
  size_t size() const;
  // The slot at rank i (0: the worst held).
  const Slot& at(size_t i) const { return slots_[order_[i]]; }

 private:
  Slot& rank(size_t i) { return slots_[order_[i]]; }

  std::array<Slot, kSize> slots_;
  std::array<uint8_t, kSize> order_ = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
};

// Choosing the next key to evict under the configured policy, over the given databases (index = db number).
class EvictionPicker {
 public:
  explicit EvictionPicker(const Config* config) : config_(config) {}

  struct Victim {
    Db* db = nullptr;
    Entry* entry = nullptr;
  };
  // The next key to evict, or an empty Victim when there is none under the policy (noeviction, no keys, or
  // volatile-* and no key has a TTL). now_ms dates idle times and LFU decay. Bound: per database two
  // SampleSome calls of maxmemory-samples keys, and 2 * kPoolSize lookups.
  Victim Pick(std::span<Db* const> dbs, int64_t now_ms, absl::BitGen& rng);

  const EvictionPool& pool() const { return pool_; }

 private:
  // Redis's evictionPoolPopulate for one database.
  void Populate(Db& db, bool volatile_only, int64_t now_ms, absl::BitGen& rng);
  Victim PickFromPool(std::span<Db* const> dbs, bool volatile_only, int64_t now_ms, absl::BitGen& rng);
  Victim PickRandom(std::span<Db* const> dbs, bool volatile_only, absl::BitGen& rng);

  const Config* config_;
  EvictionPool pool_;
  std::vector<Entry*> samples_;  // one Populate's sample, whose entries are fetched together
  unsigned next_db_ = 0;  // the random policies' rotation over databases
  EvictionPool::Slot taken_;  // the slot TakeBest hands out (its key buffer is reused)
};

// The server's side: when to evict, how much, and what an eviction does around the delete (stats, the
// evicted notification through the key-change signal, DEL/UNLINK to the AOF and replicas, latency events).
class Eviction {
 public:
  // Redis's EVICT_OK / EVICT_RUNNING / EVICT_FAIL.
  enum class Result { kOk, kRunning, kFail };

  explicit Eviction(Server& server);

  // Redis's performEvictions: evicts until under maxmemory or the time limit; kRunning when the rest
  // continues from BeforeSleep, kFail when over the limit with nothing to evict (writes are then refused).
  // A fake kOk, doing nothing, where evicting is not safe: a busy script's nested turn, loading, a replica
  // that ignores maxmemory, clients paused.
  Result Perform();
  // The loop's turn ends: continues an eviction that ran out of time (Redis's evictionTimeProc).
  void BeforeSleep();
  // CONFIG SET maxmemory: Redis's warning when the new limit is below the memory in use, and evicting
  // starts (from the loop, in slices).
  void OnMaxmemoryChanged();

  // Bytes used_memory holds that do not count against maxmemory (Redis's freeMemoryGetNotCountedMemory):
  // the replicas' output buffers and the AOF buffer, which eviction's own DELs would otherwise grow into a
  // feedback loop. O(replicas).
  size_t NotCountedBytes() const;
  // Whether the last check before a top-level command found memory over the limit with nothing to evict
  // (Redis's pre_command_oom_state): scripts refuse their first write by it.
  bool pre_command_oom() const { return pre_command_oom_; }
  void set_pre_command_oom(bool oom) { pre_command_oom_ = oom; }
  // INFO's current_eviction_exceeded_time / total_eviction_exceeded_time, in milliseconds.
  int64_t CurrentExceededMs() const;
  int64_t TotalExceededMs() const;
  bool time_proc_running() const { return time_proc_; }

  // Redis's evictionTimeLimitUs: the time one call may evict for, by maxmemory-eviction-tenacity (0..100);
  // INT64_MAX at 100 (no limit).
  static int64_t TimeLimitUs(int64_t tenacity);

 private:
  bool SafeToEvict() const;
  // Memory over the limit that must go (0: under it). used: used_memory now.
  size_t ExcessBytes(size_t used) const;
  void EvictOne(Db& db, Entry* e);
  void UpdateExceededTime(Result result);
  static int64_t MonotonicUs();

  Server& server_;
  EvictionPicker picker_;
  std::vector<Db*> dbs_;  // every database, refreshed per call (pointers are stable, the count is fixed)
  bool time_proc_ = false;  // Redis's isEvictionProcRunning
  bool pre_command_oom_ = false;
};

}  // namespace ringkv::core
