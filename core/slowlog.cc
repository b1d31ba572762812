#include "core/slowlog.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/config.h"

namespace ringkv::core {

void Slowlog::Push(std::span<const std::string_view> argv, std::span<const uint32_t> redacted, int64_t duration_us,
                   int64_t now_s, std::string_view peer, std::string_view client_name) {
  Entry e;
  e.id = next_id_++;
  e.time_s = now_s;
  e.duration_us = duration_us;
  e.peer.assign(peer);
  e.client_name.assign(client_name);
  // Past kMaxArgc arguments the last slot says how many were left out (itself included).
  const size_t argc = argv.size();
  const size_t kept = std::min(argc, kMaxArgc);
  e.argv.reserve(kept);
  for (size_t j = 0; j < kept; ++j) {
    if (kept != argc && j == kept - 1) {
      e.argv.push_back(absl::StrCat("... (", argc - kept + 1, " more arguments)"));
    } else if (std::find(redacted.begin(), redacted.end(), j) != redacted.end()) {
      e.argv.emplace_back("(redacted)");
    } else if (argv[j].size() > kMaxArgBytes) {
      std::string cut(argv[j].substr(0, kMaxArgBytes));
      absl::StrAppend(&cut, "... (", argv[j].size() - kMaxArgBytes, " more bytes)");
      e.argv.push_back(std::move(cut));
    } else {
      e.argv.emplace_back(argv[j]);
    }
  }
  entries_.push_front(std::move(e));
  Trim();
}

void Slowlog::Trim() {
  // Redis trims only while the slowlog is on: with a threshold of -1 the entries there are stay.
  if (config_->slowlog_log_slower_than_us < 0) return;
  const size_t max_len = static_cast<size_t>(std::max<int64_t>(config_->slowlog_max_len, 0));
  while (entries_.size() > max_len) entries_.pop_back();
}

}  // namespace ringkv::core
