#include "core/evict.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/access_bits.h"
#include "core/aof.h"
#include "core/config.h"
#include "core/db.h"
#include "core/log.h"
#include "core/repl/primary.h"
#include "core/repl/replica.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {

namespace {

bool IsLfu(int64_t policy) { return policy == kVolatileLfu || policy == kAllkeysLfu; }
bool IsVolatile(int64_t policy) {
  return policy == kVolatileLru || policy == kVolatileLfu || policy == kVolatileRandom || policy == kVolatileTtl;
}

// Redis checks the clock and the lazily freed memory once per this many evictions.
constexpr int kCheckEveryKeys = 16;

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// EvictionPool

size_t EvictionPool::size() const {
  size_t n = 0;
  while (n < kSize && at(n).used) ++n;
  return n;
}

void EvictionPool::Offer(uint64_t score, std::string_view key, int db) {
  // The first rank that is free or holds a smaller score.
  size_t k = 0;
  while (k < kSize && rank(k).used && rank(k).score < score) ++k;
  if (k == 0 && rank(kSize - 1).used) return;  // no better than the worst of a full pool
  if (k < kSize && !rank(k).used) {
    // A free slot in place (invariant 1: every rank after it is free too).
  } else if (!rank(kSize - 1).used) {
    // Room on the right: ranks k.. move one step right; the free last slot comes to rank k.
    std::rotate(order_.begin() + static_cast<ptrdiff_t>(k), order_.end() - 1, order_.end());
  } else {
    // Full: the worst (rank 0) leaves, ranks 1..k-1 move one step left, and its slot takes rank k-1.
    --k;
    std::rotate(order_.begin(), order_.begin() + 1, order_.begin() + static_cast<ptrdiff_t>(k) + 1);
  }
  Slot& s = rank(k);
  s.key.assign(key);
  s.score = score;
  s.db = db;
  s.used = true;
}

bool EvictionPool::TakeBest(Slot* out) {
  const size_t n = size();
  if (n == 0) return false;
  Slot& s = rank(n - 1);
  out->key.swap(s.key);  // the slot keeps the taker's old buffer: invariant 2
  out->score = s.score;
  out->db = s.db;
  out->used = true;
  s.used = false;
  s.score = 0;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// EvictionPicker

void EvictionPicker::Populate(Db& db, bool volatile_only, int64_t now_ms, absl::BitGen& rng) {
  const int64_t policy = config_->maxmemory_policy;
  const uint32_t lru_clock = AccessBits::LruClockAt(now_ms);
  const uint32_t lfu_minutes = AccessBits::LfuMinutesAt(now_ms);
  const size_t samples = static_cast<size_t>(std::max<int64_t>(config_->maxmemory_samples, 1));
  // The sampled entries are scattered over the heap: their cache misses overlap when all are fetched
  // before any is read.
  samples_.clear();
  db.SampleEntries(rng, samples, volatile_only, [this](Entry* e) {
    __builtin_prefetch(e);
    samples_.push_back(e);
  });
  for (Entry* e : samples_) {
    uint64_t score;
    if (policy == kVolatileTtl) {
      score = std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(e->expire_at_ms());
    } else if (IsLfu(policy)) {
      score = AccessBits::kLfuCounterMax -
              AccessBits::LfuDecayed(AccessBits::Raw(*e), lfu_minutes, config_->lfu_decay_time);
    } else {
      score = static_cast<uint64_t>(AccessBits::LruIdleSeconds(lru_clock, AccessBits::Raw(*e)));
    }
    pool_.Offer(score, e->key(), db.index());
  }
}

EvictionPicker::Victim EvictionPicker::PickFromPool(std::span<Db* const> dbs, bool volatile_only, int64_t now_ms,
                                                    absl::BitGen& rng) {
  // Two rounds at most: a round that finds only ghosts leaves the pool empty, so the next refill holds
  // only live keys sampled just now.
  for (int round = 0; round < 2; ++round) {
    size_t total_keys = 0;
    for (Db* db : dbs) {
      const size_t keys = volatile_only ? db->expires_size() : db->size();
      if (keys == 0) continue;
      Populate(*db, volatile_only, now_ms, rng);
      total_keys += keys;
    }
    if (total_keys == 0) return {};
    while (pool_.TakeBest(&taken_)) {
      if (taken_.db < 0 || static_cast<size_t>(taken_.db) >= dbs.size()) continue;
      Db* db = dbs[static_cast<size_t>(taken_.db)];
      Entry* e = db->Peek(taken_.key);
      if (e != nullptr && (!volatile_only || e->has_expire())) return {db, e};
      // A ghost: gone, or no longer volatile, since it was sampled.
    }
  }
  return {};
}

EvictionPicker::Victim EvictionPicker::PickRandom(std::span<Db* const> dbs, bool volatile_only, absl::BitGen& rng) {
  for (size_t i = 0; i < dbs.size(); ++i) {
    Db* db = dbs[++next_db_ % dbs.size()];
    if (Entry* e = db->RandomEntry(rng, volatile_only)) return {db, e};
  }
  return {};
}

EvictionPicker::Victim EvictionPicker::Pick(std::span<Db* const> dbs, int64_t now_ms, absl::BitGen& rng) {
  const int64_t policy = config_->maxmemory_policy;
  if (policy == kNoEviction || dbs.empty()) return {};
  const bool volatile_only = IsVolatile(policy);
  if (policy == kAllkeysRandom || policy == kVolatileRandom) return PickRandom(dbs, volatile_only, rng);
  return PickFromPool(dbs, volatile_only, now_ms, rng);
}

// ---------------------------------------------------------------------------------------------------------
// Eviction

Eviction::Eviction(Server& server) : server_(server), picker_(&server.config()) {}

int64_t Eviction::MonotonicUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t Eviction::TimeLimitUs(int64_t tenacity) {
  tenacity = std::clamp<int64_t>(tenacity, 0, 100);
  if (tenacity <= 10) return 50 * tenacity;  // linear up to 500 us
  if (tenacity < 100) return static_cast<int64_t>(500.0 * std::pow(1.15, static_cast<double>(tenacity - 10)));
  return std::numeric_limits<int64_t>::max();
}

size_t Eviction::NotCountedBytes() const {
  // Redis counts only the replication buffer beyond the backlog as the replicas': ringkv's backlog is a
  // ring of its own, and each replica's output (and the stream held for it during a full sync) is its own
  // copy, so all of that is the replicas'.
  size_t bytes = server_.primary().OutputBytes();
  bytes += server_.aof().buffer_bytes();
  return bytes;
}

bool Eviction::SafeToEvict() const {
  if (server_.busy_script() != nullptr || server_.loading().active()) return false;
  // By default a replica is an exact copy of its primary: the primary's DELs do its evicting.
  if (server_.replica().active() && server_.config().replica_ignore_maxmemory) return false;
  // Paused clients see a static dataset: no expiry and no eviction either (Redis 7.0).
  return !server_.ClientsPaused();
}

size_t Eviction::ExcessBytes(size_t used) const {
  const int64_t maxmemory = server_.config().maxmemory;
  if (maxmemory <= 0 || used <= static_cast<size_t>(maxmemory)) return 0;
  const size_t not_counted = NotCountedBytes();
  const size_t logical = used > not_counted ? used - not_counted : 0;
  return logical > static_cast<size_t>(maxmemory) ? logical - static_cast<size_t>(maxmemory) : 0;
}

void Eviction::EvictOne(Db& db, Entry* e) {
  const bool lazy = server_.config().lazyfree_lazy_eviction;
  // The propagated DEL is built before the entry (and its key bytes) goes.
  std::string key;
  Propagator& prop = server_.propagator();
  if (prop.active()) key.assign(e->key());
  const bool timed = server_.config().latency_monitor_threshold > 0;
  const int64_t start_us = timed ? MonotonicUs() : 0;
  db.Evict(e);
  if (timed) server_.latency().Record("eviction-del", (MonotonicUs() - start_us) / 1000);
  ++server_.stats().evicted_keys;
  // Outside any call, each DEL reaches the AOF and replicas alone (Redis's propagate_no_multi), before the
  // command that made room.
  if (prop.active()) {
    std::vector<std::string_view> argv = {lazy ? "UNLINK" : "DEL", key};
    prop.Queue(db.index(), argv);
  }
}

void Eviction::UpdateExceededTime(Result result) {
  Stats& st = server_.stats();
  if (result == Result::kOk) {
    if (st.eviction_exceeded_since_us != 0) {
      st.eviction_exceeded_total_us += MonotonicUs() - st.eviction_exceeded_since_us;
      st.eviction_exceeded_since_us = 0;
    }
  } else if (st.eviction_exceeded_since_us == 0) {
    st.eviction_exceeded_since_us = MonotonicUs();
  }
}

int64_t Eviction::CurrentExceededMs() const {
  const int64_t since = server_.stats().eviction_exceeded_since_us;
  return since != 0 ? (MonotonicUs() - since) / 1000 : 0;
}

int64_t Eviction::TotalExceededMs() const { return server_.stats().eviction_exceeded_total_us / 1000; }

Eviction::Result Eviction::Perform() {
  if (!SafeToEvict()) return Result::kOk;  // as if nothing were over: no metrics either
  const size_t to_free = ExcessBytes(server_.UsedMemory());
  if (to_free == 0) {
    UpdateExceededTime(Result::kOk);
    return Result::kOk;
  }
  const Config& cfg = server_.config();
  if (cfg.maxmemory_policy == kNoEviction) {
    UpdateExceededTime(Result::kFail);
    return Result::kFail;
  }
  const int64_t limit_us = TimeLimitUs(cfg.maxmemory_eviction_tenacity);
  const int64_t start_us = MonotonicUs();
  const int64_t now_ms = server_.NowMs();
  dbs_.clear();
  for (int i = 0; i < server_.db_count(); ++i) dbs_.push_back(&server_.db(i));

  Result result = Result::kFail;
  int64_t freed = 0;  // may go negative: a delete can allocate (a table shrinking)
  int keys_freed = 0;
  bool nothing_left = false;
  while (freed < static_cast<int64_t>(to_free)) {
    const EvictionPicker::Victim v = picker_.Pick(dbs_, now_ms, server_.rng());
    if (v.entry == nullptr) {
      nothing_left = true;
      break;
    }
    // What the delete alone frees: the DEL it propagates and the notification it sends grow buffers that
    // are freed later, and counting them would make eviction chase its own tail.
    const int64_t before = static_cast<int64_t>(server_.UsedMemory());
    EvictOne(*v.db, v.entry);
    freed += before - static_cast<int64_t>(server_.UsedMemory());
    if (++keys_freed % kCheckEveryKeys == 0) {
      // Lazily freed values leave used_memory while the thread works: look at the memory itself.
      if (cfg.lazyfree_lazy_eviction && ExcessBytes(server_.UsedMemory()) == 0) break;
      if (MonotonicUs() - start_us > limit_us) {
        time_proc_ = true;  // the rest from BeforeSleep
        break;
      }
    }
  }
  if (!nothing_left) {
    result = time_proc_ ? Result::kRunning : Result::kOk;
  } else if (server_.lazyfree().pending() > 0) {
    // Nothing left to evict, but frees are under way: Redis waits for them a moment (up to the time limit).
    // The loop never sleeps; the frees it owns can run now, one bounded slice, and the memory is looked at
    // again.
    if (server_.lazyfree().has_slices() && !server_.ChildActive()) server_.lazyfree().RunTimedSlice();
    if (ExcessBytes(server_.UsedMemory()) == 0) result = Result::kOk;
  }
  if (cfg.latency_monitor_threshold > 0) server_.latency().Record("eviction-cycle", (MonotonicUs() - start_us) / 1000);
  UpdateExceededTime(result);
  return result;
}

void Eviction::BeforeSleep() {
  if (!time_proc_ || server_.busy_script() != nullptr) return;
  if (Perform() == Result::kRunning) {
    if (server_.loop() != nullptr) server_.loop()->RunAgainSoon();
    return;
  }
  time_proc_ = false;
}

void Eviction::OnMaxmemoryChanged() {
  const int64_t maxmemory = server_.config().maxmemory;
  if (maxmemory <= 0) return;
  const size_t used = server_.UsedMemory();
  const size_t not_counted = NotCountedBytes();
  const size_t counted = used > not_counted ? used - not_counted : 0;
  if (static_cast<size_t>(maxmemory) < counted) {
    Log(LogLevel::kWarning,
        "WARNING: the new maxmemory value set via CONFIG SET (%d) is smaller than the current memory usage (%d). "
        "This will result in key eviction and/or the inability to accept new write commands depending on the "
        "maxmemory-policy.",
        maxmemory, counted);
  }
  // From the loop, in slices: the CONFIG SET itself returns at once.
  time_proc_ = true;
  if (server_.loop() != nullptr) server_.loop()->RunAgainSoon();
}

}  // namespace ringkv::core
