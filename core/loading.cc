#include "core/loading.h"

#include <unistd.h>

#include <cinttypes>
#include <cstdio>

#include "core/server.h"

namespace ringkv::core {

void Loading::Begin(uint64_t total_bytes, bool serve_clients) {
  active_ = true;
  serve_clients_ = serve_clients;
  start_time_s_ = server_.NowMs() / 1000;
  total_bytes_ = total_bytes;
  rdb_used_mem_ = 0;
  loaded_bytes_ = 0;
}

void Loading::Progress(uint64_t loaded_bytes) {
  const Config& cfg = server_.config();
  if (int64_t delay = cfg.key_load_delay; delay != 0) {
    if (delay < 0) {
      // Statistically shorter than the shortest sleep, as Redis's debugDelay.
      delay_rng_ = delay_rng_ * 6364136223846793005ull + 1442695040888963407ull;
      delay = (delay_rng_ >> 33) % static_cast<uint64_t>(-delay) == 0 ? 1 : 0;
    }
    if (delay > 0) ::usleep(static_cast<useconds_t>(delay));
  }
  const uint64_t before = loaded_bytes_;
  loaded_bytes_ = loaded_bytes;
  const auto interval = static_cast<uint64_t>(cfg.loading_process_events_interval_bytes);
  if (serve_clients_ && interval > 0 && loaded_bytes / interval > before / interval) {
    server_.ProcessEventsWhileBusy();
    server_.HandleShutdownSignalWhileLoading();
  }
}

void Loading::End() { active_ = false; }

void Loading::AppendInfo(std::string* out, int64_t now_s) const {
  if (!active_) return;
  // Redis's arithmetic: the file size when known, else the used-mem estimate (capped below 100%).
  double perc = 0;
  int64_t remaining = 1;
  if (total_bytes_ > 0) {
    perc = static_cast<double>(loaded_bytes_) / static_cast<double>(total_bytes_) * 100;
    remaining = static_cast<int64_t>(total_bytes_) - static_cast<int64_t>(loaded_bytes_);
  } else if (rdb_used_mem_ > 0) {
    perc = static_cast<double>(loaded_bytes_) / static_cast<double>(rdb_used_mem_) * 100;
    remaining = static_cast<int64_t>(rdb_used_mem_) - static_cast<int64_t>(loaded_bytes_);
    if (perc > 99.99) perc = 99.99;
    if (remaining < 1) remaining = 1;
  }
  const int64_t elapsed = now_s - start_time_s_;
  const int64_t eta = elapsed == 0 ? 1 : elapsed * remaining / static_cast<int64_t>(loaded_bytes_ + 1);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "loading_start_time:%" PRId64 "\r\nloading_total_bytes:%" PRIu64 "\r\nloading_rdb_used_mem:%" PRIu64
                "\r\nloading_loaded_bytes:%" PRIu64 "\r\nloading_loaded_perc:%.2f\r\nloading_eta_seconds:%" PRId64
                "\r\n",
                start_time_s_, total_bytes_, rdb_used_mem_, loaded_bytes_, perc, eta);
  *out += buf;
}

}  // namespace ringkv::core
