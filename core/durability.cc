#include "core/durability.h"

#include <algorithm>

#include "core/client.h"
#include "core/command.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

std::string PendingKey(int db, std::string_view key) {
  std::string k = std::to_string(db);
  k.push_back('\0');
  k.append(key);
  return k;
}

// Commands whose keys (from the arguments) do not cover what they read: a transaction's queued commands and
// scripts may touch any key.
bool ReadsBeyondItsKeys(const Command& cmd) {
  const std::string& n = cmd.full_name;
  return n == "exec" || n.starts_with("eval") || n.starts_with("fcall");
}

}  // namespace

void DurabilityTracker::SetActive(bool on) {
  if (on == active_) return;
  active_ = on;
  if (!on) {
    pending_.clear();
    order_.clear();
    changed_.clear();
    touched_.clear();
    db_changed_ = false;
  }
}

void DurabilityTracker::OnKeyChanged(int db, std::string_view key) {
  if (active_) changed_.push_back(PendingKey(db, key));
}

void DurabilityTracker::OnOutputTo(Client& c) {
  if (active_) touched_.push_back(c.id());
}

void DurabilityTracker::Hold(Client& c, uint64_t seq) {
  if (c.conn() != nullptr && server_.loop() != nullptr) server_.loop()->HoldUntilDurable(c.conn(), seq);
}

void DurabilityTracker::RecordChanges(uint64_t appended) {
  for (std::string& k : changed_) {
    pending_[k] = appended;
    order_.emplace_back(appended, std::move(k));
  }
  changed_.clear();
  if (db_changed_) all_keys_seq_ = std::max(all_keys_seq_, appended);
  db_changed_ = false;
}

void DurabilityTracker::AfterCall(Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
                                  uint64_t appended, uint64_t synced) {
  if (!active_) return;
  if (!changed_.empty() || db_changed_) {
    // It wrote: its reply, and every message it caused, reveal the write.
    RecordChanges(appended);
    Hold(c, appended);
    for (uint64_t id : touched_) {
      if (Client* t = server_.FindClient(id)) Hold(*t, appended);
    }
    touched_.clear();
    return;
  }
  touched_.clear();  // messages of a call that changed nothing (PUBLISH) reveal no write
  if (appended <= synced) return;  // nothing waits for disk
  uint64_t need = all_keys_seq_ > synced ? all_keys_seq_ : 0;
  key_index_scratch_.clear();
  if (!ReadsBeyondItsKeys(cmd)) CommandTable::GetKeys(cmd, argv, &key_index_scratch_);
  if (key_index_scratch_.empty()) {
    need = appended;  // what it reads is not known from its arguments: wait for everything so far
  } else if (!pending_.empty()) {
    for (int i : key_index_scratch_) {
      if (i < 0 || static_cast<size_t>(i) >= argv.size()) continue;
      auto it = pending_.find(PendingKey(c.db_index, argv[static_cast<size_t>(i)]));
      if (it != pending_.end()) need = std::max(need, it->second);
    }
  }
  if (need > synced) Hold(c, need);
}

void DurabilityTracker::BeforeSleep(uint64_t appended) {
  if (!active_) return;
  if (!changed_.empty() || db_changed_) RecordChanges(appended);
  // Messages sent outside any call this turn (client tracking's BCAST invalidations, at the end of the turn)
  // reveal the turn's writes: they wait for the same fsync (Redis writes them after flushAppendOnlyFile).
  for (uint64_t id : touched_) {
    if (Client* t = server_.FindClient(id)) Hold(*t, appended);
  }
  touched_.clear();
}

void DurabilityTracker::OnSynced(uint64_t synced) {
  while (!order_.empty() && order_.front().first <= synced) {
    auto it = pending_.find(order_.front().second);
    if (it != pending_.end() && it->second <= synced) pending_.erase(it);
    order_.pop_front();
  }
}

}  // namespace ringkv::core
