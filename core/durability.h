// Which replies wait for the AOF's fsync under `appendfsync always`: exactly those that reveal a write not yet
// on disk, so a kill -9 can never take back what a client saw, while replies that reveal nothing unsynced
// (a GET of another key) leave at once, even with an fsync in flight. The rule, per top-level call:
//   - a call that changed keys (a write, a read that expired its key) waits for the AOF offset its effects
//     end at, and so do the clients it sent messages to (keyspace notifications, pub/sub during it);
//   - a call whose keys include one changed but not yet durable waits for that key's offset;
//   - a call whose keys are not known from its arguments (EXEC, scripts, keyless commands such as DBSIZE or
//     SCAN) waits for everything appended so far, as does every read after a FLUSH*/SWAPDB until it is durable.
// The waiting itself is the loop's (io::Loop::HoldUntilDurable): only sends wait, the loop goes on.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace ringkv::core {

class Client;
struct Command;
class Server;

class DurabilityTracker {
 public:
  explicit DurabilityTracker(Server& server) : server_(server) {}

  // On while the AOF is on with appendfsync always (Server::BeforeSleep keeps it current).
  void SetActive(bool on);
  bool active() const { return active_; }

  // The keyspace's change signal: key (db) changed in the running call (or outside any, by the cron).
  void OnKeyChanged(int db, std::string_view key);
  // The whole of db changed (FLUSHDB/FLUSHALL, SWAPDB): every read waits until that change is durable.
  void OnDbChanged() { db_changed_ = true; }
  // A message was appended to c's output during the running call (pub/sub, keyspace notifications, client
  // tracking's invalidations), or outside any call (BCAST invalidations at the end of the turn).
  void OnOutputTo(Client& c);

  // A top-level call of cmd by c has ended and its effects are in the AOF buffer: appended is the AOF's end
  // offset now (Aof::appended()), synced what is on disk.
  void AfterCall(Client& c, const Command& cmd, const std::vector<std::string_view>& argv, uint64_t appended,
                 uint64_t synced);
  // End of a turn: changes made outside calls (active expiry) are recorded at the AOF's end offset, and the
  // messages sent outside calls wait for it.
  void BeforeSleep(uint64_t appended);
  // The AOF reached `synced` on disk: forget the keys durable by now.
  void OnSynced(uint64_t synced);

  size_t pending_keys() const { return pending_.size(); }

 private:
  void Hold(Client& c, uint64_t seq);
  void RecordChanges(uint64_t appended);

  Server& server_;
  bool active_ = false;
  // Keys changed and not yet durable: "<db>\0<key>" -> the AOF offset that makes them durable.
  absl::flat_hash_map<std::string, uint64_t> pending_;
  std::deque<std::pair<uint64_t, std::string>> order_;  // the same, by offset, for pruning
  uint64_t all_keys_seq_ = 0;  // a FLUSH*/SWAPDB: every read waits for this offset
  // The running call's changes and message recipients (by client id).
  std::vector<std::string> changed_;
  bool db_changed_ = false;
  std::vector<uint64_t> touched_;
  std::vector<int> key_index_scratch_;
};

}  // namespace ringkv::core
