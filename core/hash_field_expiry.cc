#include "core/hash_field_expiry.h"

#include <string>

#include "core/config.h"
#include "core/db.h"
#include "core/hash_type.h"
#include "core/server.h"

namespace ringkv::core {

size_t ExpireHashFields(Server& server, Db& db, Entry* e, int64_t now_ms, size_t max, bool* key_deleted) {
  *key_deleted = false;
  const Value& current = e->value();
  if (current.type() != ObjType::kHash || HashMinFieldTtl(current) > now_ms) return 0;
  const std::string key(e->key());
  Value& v = db.Write(e, kNotifyHash, "hexpired");
  Propagator& prop = server.propagator();
  const size_t n = HashExpireFields(v, now_ms, max, [&](std::string_view field) {
    // Replicas and the AOF delete the field explicitly (Redis 7.4's propagateHashFieldDeletion).
    if (prop.active()) prop.Queue(db.index(), std::vector<std::string_view>{"HDEL", key, field});
  });
  if (HashLength(v) == 0) {
    db.Delete(e);
    *key_deleted = true;
  }
  return n;
}

HashFieldExpiry::Registry& HashFieldExpiry::At(int db) {
  if (static_cast<size_t>(db) >= dbs_.size()) dbs_.resize(static_cast<size_t>(db) + 1);
  return dbs_[static_cast<size_t>(db)];
}

void HashFieldExpiry::Remove(Registry& r, const std::string& key) {
  auto it = r.when.find(key);
  if (it == r.when.end()) return;
  r.by_time.erase({it->second, key});
  r.when.erase(it);
}

void HashFieldExpiry::Register(int db, std::string_view key, int64_t at_ms) {
  Registry& r = At(db);
  auto it = r.when.find(absl::string_view(key.data(), key.size()));  // Debian's abseil has its own string_view
  if (it != r.when.end()) {
    if (it->second <= at_ms) return;  // already visited by then (an early visit is harmless)
    r.by_time.erase({it->second, it->first});
    it->second = at_ms;
    r.by_time.insert({at_ms, it->first});
    return;
  }
  std::string name(key);
  r.by_time.insert({at_ms, name});
  r.when.emplace(std::move(name), at_ms);
}

void HashFieldExpiry::OnKeyEvent(const KeyEvent& ev) {
  // A value arriving under a name may be a hash with field TTLs: visit it at the next run, which files it
  // at its real time or drops it. Only these generic events move a value to a name.
  if (ev.change != KeyChange::kWritten || ev.notify_class != kNotifyGeneric) return;
  if (ev.event == "rename_to" || ev.event == "move_to" || ev.event == "copy_to" || ev.event == "restore") {
    Register(ev.db, ev.key, 0);
  }
}

void HashFieldExpiry::OnDbFlushed(int db) {
  if (static_cast<size_t>(db) < dbs_.size()) dbs_[static_cast<size_t>(db)] = Registry();
}

void HashFieldExpiry::OnDbsSwapped(int a, int b) {
  At(a);
  At(b);
  std::swap(dbs_[static_cast<size_t>(a)], dbs_[static_cast<size_t>(b)]);
}

size_t HashFieldExpiry::Cycle(int64_t now_ms, size_t max_fields) {
  size_t expired = 0;
  for (size_t i = 0; i < dbs_.size() && static_cast<int>(i) < server_.db_count(); ++i) {
    Registry& r = dbs_[i];
    Db& db = server_.db(static_cast<int>(i));
    while (expired < max_fields && !r.by_time.empty() && r.by_time.begin()->first <= now_ms) {
      const std::string key = r.by_time.begin()->second;
      Remove(r, key);
      Entry* e = db.Peek(key);
      // Gone, another type, or a key whose own TTL passed (its lazy or active expiry takes it whole).
      if (e == nullptr || e->value().type() != ObjType::kHash || Db::IsExpired(e, now_ms)) continue;
      bool deleted = false;
      expired += ExpireHashFields(server_, db, e, now_ms, max_fields - expired, &deleted);
      if (deleted) continue;
      const int64_t next = HashMinFieldTtl(e->value());
      if (next != INT64_MAX) Register(static_cast<int>(i), key, next);
    }
  }
  return expired;
}

size_t HashFieldExpiry::registered(int db) const {
  return static_cast<size_t>(db) < dbs_.size() ? dbs_[static_cast<size_t>(db)].when.size() : 0;
}

}  // namespace ringkv::core
