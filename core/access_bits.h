// AccessBits: the one module that reads and writes an entry's access field (Entry::lru_), by the configured
// maxmemory-policy as Redis does (evict.c): an LRU clock of seconds, or under an LFU policy a logarithmic
// access counter that decays with time. OBJECT IDLETIME / FREQ, DEBUG OBJECT and eviction read it here.
//
// The field is 24 bits, as Redis's LRU_BITS:
//   LRU (every policy but the two LFU ones): the LRU clock when the key was last accessed, seconds modulo 2^24
//     (wraps every ~194 days; idle time is computed modulo that).
//   LFU (volatile-lfu, allkeys-lfu): 16 bits of unix minutes (modulo 2^16) of the last decrement, above an
//     8-bit counter. A new key starts at kLfuInitVal; each access first applies the decay owed (one per
//     lfu-decay-time minutes elapsed), then increments with probability 1 / ((counter - 5) * lfu-log-factor + 1),
//     so with lfu-log-factor 0 every access adds exactly one, up to 255.
// Switching policy at runtime leaves the old bits in place: they read as nonsense until keys are accessed again,
// as in Redis (its OBJECT errors say so).
#pragma once

#include <cstdint>

#include "core/config.h"
#include "core/object.h"

namespace ringkv::core {

class AccessBits {
 public:
  static constexpr uint32_t kLruClockMax = (1u << 24) - 1;  // Redis's LRU_CLOCK_MAX
  static constexpr uint32_t kLfuInitVal = 5;                 // Redis's LFU_INIT_VAL
  static constexpr uint32_t kLfuCounterMax = 255;

  // config must outlive this object; the policy and LFU parameters are read live (CONFIG SET applies at once).
  explicit AccessBits(const Config* config);

  // Whether the policy keeps LFU counters (Redis's MAXMEMORY_FLAG_LFU).
  bool lfu() const;

  // A new value was stored under a new entry (Redis's createObject): the clock, or the initial LFU counter.
  void Stamp(Entry* e) const;
  // The key was accessed by a lookup that counts (Redis's lookupKey without LOOKUP_NOTOUCH).
  void Touch(Entry* e);
  // RENAME and MOVE keep the object, and with it its access history.
  static void Transfer(const Entry& from, Entry* to) { to->lru_ = from.lru_; }

  // Seconds since the last access, reading the field as an LRU clock whatever the policy (Redis's
  // estimateObjectIdleTime: OBJECT IDLETIME refuses under LFU first, DEBUG OBJECT prints it regardless).
  int64_t IdleSeconds(const Entry& e) const;
  // The LFU counter with the decay owed applied, without storing it (OBJECT FREQ only reads).
  int64_t Frequency(const Entry& e) const;
  // RDB loading (Redis's objectSetLRUOrLFU): under an LFU policy a saved counter (lfu_freq >= 0) becomes the
  // counter, stamped now; under any other policy a saved idle time (lru_idle_s >= 0) dates the last access
  // back by that much. -1 leaves the bits Stamp gave.
  void Restore(Entry* e, int64_t lfu_freq, int64_t lru_idle_s) const;
  // The raw field (DEBUG OBJECT's lru:).
  static uint32_t Raw(const Entry& e) { return e.lru_; }

  // ---- the arithmetic, on explicit times ----
  static uint32_t LruClockAt(int64_t unix_ms);
  // Seconds from lru to clock, modulo the clock's wrap.
  static int64_t LruIdleSeconds(uint32_t clock, uint32_t lru);
  static uint32_t LfuMinutesAt(int64_t unix_ms);
  // Minutes from last to now on the 16-bit minute clock (wrapping as Redis's LFUTimeElapsed).
  static uint32_t LfuElapsedMinutes(uint32_t now_minutes, uint32_t last_minutes);
  // The counter of field lru after the decay owed at now_minutes: one per decay_time minutes (0: no decay).
  static uint32_t LfuDecayed(uint32_t lru, uint32_t now_minutes, int64_t decay_time);
  // One access: the counter incremented with probability 1 / ((counter - kLfuInitVal) * log_factor + 1),
  // where r is uniform in [0, 1).
  static uint32_t LfuLogIncr(uint32_t counter, int64_t log_factor, double r);
  static uint32_t LfuPack(uint32_t minutes, uint32_t counter) { return (minutes << 8) | counter; }

 private:
  static int64_t NowMs();  // a coarse wall clock: seconds and minutes are all the bits need
  double NextUniform();    // [0, 1)

  const Config* config_;
  uint64_t rng_state_;
};

}  // namespace ringkv::core
