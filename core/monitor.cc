#include "core/monitor.h"

#include <sys/time.h>

#include <algorithm>

#include "absl/strings/str_format.h"
#include "core/client.h"
#include "core/config.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {

void Monitors::Add(Client& c) {
  if (c.monitor) return;
  c.monitor = true;
  clients_.push_back(&c);
}

void Monitors::Remove(Client& c) {
  if (!c.monitor) return;
  c.monitor = false;
  std::erase(clients_, &c);
}

void Monitors::Feed(const Client& c, int db, std::span<const std::string_view> argv,
                    std::span<const uint32_t> redacted) {
  if (server_.loading().active()) return;  // Redis feeds nothing while it loads a dataset
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  line_.clear();
  absl::StrAppendFormat(&line_, "+%d.%06d ", tv.tv_sec, tv.tv_usec);
  if (c.script) {
    absl::StrAppendFormat(&line_, "[%d lua] ", db);
  } else if (c.conn() != nullptr && c.conn()->is_unix()) {
    absl::StrAppendFormat(&line_, "[%d unix:%s] ", db, server_.config().unixsocket);
  } else {
    absl::StrAppendFormat(&line_, "[%d %s] ", db, c.PeerId());
  }
  for (size_t j = 0; j < argv.size(); ++j) {
    if (j != 0) line_ += ' ';
    const bool hidden = std::find(redacted.begin(), redacted.end(), j) != redacted.end();
    line_ += QuoteConfigValue(hidden ? std::string_view("(redacted)") : argv[j]);  // Redis's sdscatrepr
  }
  line_ += "\r\n";
  for (Client* m : clients_) {
    // As any reply (Redis's prepareClientToWrite): nothing for a client being closed or under CLIENT REPLY OFF.
    if (m->close_asap || m->close_after_reply || m->rb().discard()) continue;
    m->out().Append(line_);
    server_.OnPubSubDelivered(*m);  // schedules the send and applies the output limits, as for a message
  }
}

}  // namespace ringkv::core
