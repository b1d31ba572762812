#include "core/active_expire.h"

#include "core/server.h"

namespace ringkv::core {

void ActiveExpire::MaybeFastCycle(int64_t now_us) {
  if (!last_timed_out_ || now_us - last_fast_us_ <= 2000) return;
  last_fast_us_ = now_us;
  Cycle(1000);
}

void ActiveExpire::Cycle(int64_t budget_us) {
  if (!enabled) return;
  Stats& stats = server_.stats();
  const int db_count = server_.db_count();
  // active-expire-effort 1..10 scales the keys per slice and lowers the staleness accepted.
  const int64_t effort = server_.config().active_expire_effort - 1;
  const size_t keys_per_loop = static_cast<size_t>(20 + 20 / 4 * effort);
  const size_t acceptable_stale_pct = static_cast<size_t>(10 - effort);
  const int64_t start_us = server_.NowUs();
  size_t total_sampled = 0, total_expired = 0;
  bool timed_out = false;
  for (int n = 0; n < db_count && !timed_out; ++n) {
    Db& db = server_.db(db_cursor_ % db_count);
    db_cursor_ = (db_cursor_ + 1) % db_count;
    int iterations = 0;
    while (true) {
      Db::ExpireSlice s = db.ActiveExpireSlice(server_.NowMs(), keys_per_loop);
      total_sampled += s.sampled;
      total_expired += s.expired;
      if (s.sampled > s.expired && s.ttl_sum_ms > 0) {
        int64_t avg = s.ttl_sum_ms / static_cast<int64_t>(s.sampled - s.expired);
        db.avg_ttl_ms = db.avg_ttl_ms == 0 ? avg : (db.avg_ttl_ms / 50) * 49 + avg / 50;
      }
      if ((++iterations & 15) == 0 && server_.NowUs() - start_us > budget_us) {
        timed_out = true;
        ++stats.expired_time_cap_reached_count;
        break;
      }
      // Keep going in this db while the share of expired keys found is above the acceptable staleness.
      if (s.sampled == 0 || s.done_walk || s.expired * 100 <= s.sampled * acceptable_stale_pct) break;
    }
  }
  last_timed_out_ = timed_out;
  const int64_t elapsed_ms = (server_.NowUs() - start_us) / 1000;
  stats.expire_cycle_cpu_ms += static_cast<uint64_t>(elapsed_ms);
  server_.latency().Record("expire-cycle", elapsed_ms);
  if (total_sampled > 0) {
    uint64_t perc = total_expired * 10000 / total_sampled;
    stats.expired_stale_perc_x100 = (stats.expired_stale_perc_x100 * 95 + perc * 5) / 100;
  }
}

}  // namespace ringkv::core
