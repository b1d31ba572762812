#include "core/access_bits.h"

#include <algorithm>

#include <time.h>

namespace ringkv::core {

AccessBits::AccessBits(const Config* config) : config_(config) {
  // Any non-zero seed will do: the increments only need to be unpredictable in aggregate.
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  rng_state_ = static_cast<uint64_t>(ts.tv_nsec) * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(ts.tv_sec) + 1;
}

bool AccessBits::lfu() const {
  return config_->maxmemory_policy == kVolatileLfu || config_->maxmemory_policy == kAllkeysLfu;
}

int64_t AccessBits::NowMs() {
  // CLOCK_REALTIME_COARSE is read from the vDSO page without a syscall; its few ms of granularity are
  // invisible at the seconds (LRU) and minutes (LFU) the field keeps.
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

double AccessBits::NextUniform() {
  // xorshift64*: fast and plenty for a coin flip per access.
  uint64_t x = rng_state_;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state_ = x;
  return static_cast<double>((x * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53;
}

uint32_t AccessBits::LruClockAt(int64_t unix_ms) { return static_cast<uint32_t>((unix_ms / 1000) & kLruClockMax); }

int64_t AccessBits::LruIdleSeconds(uint32_t clock, uint32_t lru) {
  if (clock >= lru) return static_cast<int64_t>(clock - lru);
  // The clock wrapped since the access.
  return static_cast<int64_t>(clock) + static_cast<int64_t>(kLruClockMax - lru);
}

uint32_t AccessBits::LfuMinutesAt(int64_t unix_ms) { return static_cast<uint32_t>((unix_ms / 1000 / 60) & 65535); }

uint32_t AccessBits::LfuElapsedMinutes(uint32_t now_minutes, uint32_t last_minutes) {
  if (now_minutes >= last_minutes) return now_minutes - last_minutes;
  return 65535 - last_minutes + now_minutes;  // Redis's wrap arithmetic, off by one minute at the wrap as its own
}

uint32_t AccessBits::LfuDecayed(uint32_t lru, uint32_t now_minutes, int64_t decay_time) {
  const uint32_t counter = lru & 255;
  if (decay_time <= 0) return counter;
  const uint64_t periods = LfuElapsedMinutes(now_minutes, lru >> 8) / static_cast<uint64_t>(decay_time);
  return periods >= counter ? 0 : counter - static_cast<uint32_t>(periods);
}

uint32_t AccessBits::LfuLogIncr(uint32_t counter, int64_t log_factor, double r) {
  if (counter >= kLfuCounterMax) return kLfuCounterMax;
  const double base = counter > kLfuInitVal ? static_cast<double>(counter - kLfuInitVal) : 0.0;
  const double p = 1.0 / (base * static_cast<double>(log_factor) + 1.0);
  return r < p ? counter + 1 : counter;
}

void AccessBits::Stamp(Entry* e) const {
  const int64_t now_ms = NowMs();
  e->lru_ = lfu() ? LfuPack(LfuMinutesAt(now_ms), kLfuInitVal) : LruClockAt(now_ms);
}

void AccessBits::Touch(Entry* e) {
  const int64_t now_ms = NowMs();
  if (!lfu()) {
    e->lru_ = LruClockAt(now_ms);
    return;
  }
  const uint32_t minutes = LfuMinutesAt(now_ms);
  uint32_t counter = LfuDecayed(e->lru_, minutes, config_->lfu_decay_time);
  counter = LfuLogIncr(counter, config_->lfu_log_factor, NextUniform());
  e->lru_ = LfuPack(minutes, counter);
}

void AccessBits::Restore(Entry* e, int64_t lfu_freq, int64_t lru_idle_s) const {
  const int64_t now_ms = NowMs();
  if (lfu()) {
    if (lfu_freq >= 0) e->lru_ = LfuPack(LfuMinutesAt(now_ms), static_cast<uint32_t>(std::min<int64_t>(lfu_freq, 255)));
    return;
  }
  if (lru_idle_s < 0) return;
  // The clock wraps modulo 2^24 seconds. An idle time past the clock's value wraps the field around as Redis
  // 7.0's 24-bit assignment does (RESTORE IDLETIME 1000000000 then reads back as Redis's OBJECT IDLETIME).
  const uint32_t clock = LruClockAt(now_ms);
  e->lru_ = static_cast<uint32_t>((static_cast<int64_t>(clock) - lru_idle_s) & kLruClockMax);
}

int64_t AccessBits::IdleSeconds(const Entry& e) const { return LruIdleSeconds(LruClockAt(NowMs()), e.lru_); }

int64_t AccessBits::Frequency(const Entry& e) const {
  return LfuDecayed(e.lru_, LfuMinutesAt(NowMs()), config_->lfu_decay_time);
}

}  // namespace ringkv::core
