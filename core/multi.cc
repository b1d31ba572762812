#include "core/multi.h"

#include <algorithm>

#include "core/client.h"
#include "core/db.h"
#include "core/keyspace_events.h"
#include "core/server.h"

namespace ringkv::core {

void WatchRegistry::Watch(Client& c, int db, std::string_view key) {
  auto it = keys_.find(KeyView(db, key));
  if (it == keys_.end()) {
    it = keys_.try_emplace(Key(db, std::string(key))).first;
  } else if (std::any_of(it->second.begin(), it->second.end(), [&](const Watcher& w) { return w.client == &c; })) {
    return;
  }
  const Entry* e = server_.db(db).Peek(key);
  const bool expired = e != nullptr && Db::IsExpired(e, server_.NowMs());
  it->second.push_back(Watcher{&c, expired});
  c.tx.watched.emplace_back(db, std::string(key));
}

void WatchRegistry::UnwatchAll(Client& c) {
  for (const auto& [db, key] : c.tx.watched) {
    auto it = keys_.find(KeyView(db, key));
    if (it == keys_.end()) continue;
    std::erase_if(it->second, [&](const Watcher& w) { return w.client == &c; });
    if (it->second.empty()) keys_.erase(it);
  }
  c.tx.watched.clear();
}

void WatchRegistry::Discard(Client& c) {
  UnwatchAll(c);
  c.tx = TxState{};
}

bool WatchRegistry::AnyWatchedKeyExpired(const Client& c, int64_t now_ms) const {
  for (const auto& [db, key] : c.tx.watched) {
    auto it = keys_.find(KeyView(db, key));
    if (it == keys_.end()) continue;
    for (const Watcher& w : it->second) {
      if (w.client != &c) continue;
      if (w.expired) break;  // already expired when watched: only a change after that counts
      const Entry* e = server_.db(db).Peek(key);
      if (e != nullptr && Db::IsExpired(e, now_ms)) return true;
      break;
    }
  }
  return false;
}

void WatchRegistry::Touch(std::vector<Watcher>& watchers, bool gone) {
  for (Watcher& w : watchers) {
    if (w.expired && gone) {
      // The key was logically absent already when watched; its removal changes nothing the client saw.
      // From now on the key is really absent, so any later change counts.
      w.expired = false;
      continue;
    }
    w.client->tx.dirty_cas = true;
  }
}

void WatchRegistry::OnKeyEvent(const KeyEvent& ev) {
  if (keys_.empty()) return;
  auto it = keys_.find(KeyView(ev.db, ev.key));
  if (it == keys_.end()) return;
  const bool gone =
      ev.change == KeyChange::kDeleted || ev.change == KeyChange::kExpired || ev.change == KeyChange::kEvicted;
  Touch(it->second, gone);
}

void WatchRegistry::OnDbFlushing(int db) {
  if (keys_.empty()) return;
  Db& d = server_.db(db);
  // Redis 7.0 touches only the watched keys the flush really removes (present in the table, expired or not).
  for (auto& [k, watchers] : keys_) {
    if (k.first == db && d.Peek(k.second) != nullptr) Touch(watchers, /*gone=*/true);
  }
}

void WatchRegistry::OnDbsSwapped(int a, int b) {
  if (keys_.empty()) return;
  Db& da = server_.db(a);
  Db& db = server_.db(b);
  // The contents are exchanged already; a key present in either db has appeared, vanished or been replaced
  // in the other. A watcher of a key expired when watched sees no change when it is now absent from its db.
  for (auto& [k, watchers] : keys_) {
    if (k.first != a && k.first != b) continue;
    const bool in_a = da.Peek(k.second) != nullptr;
    const bool in_b = db.Peek(k.second) != nullptr;
    if (!in_a && !in_b) continue;
    const bool now_present = (k.first == a) ? in_a : in_b;
    Touch(watchers, /*gone=*/!now_present);
  }
}

}  // namespace ringkv::core
