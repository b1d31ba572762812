#include "core/db.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "core/access_bits.h"
#include "core/config.h"
#include "core/latency_monitor.h"

namespace ringkv::core {

Db::~Db() { FreeAll(); }

void Db::Emit(std::string_view key, KeyChange change, int notify_class, std::string_view event) {
  if (listener_ != nullptr) listener_->OnKeyEvent(KeyEvent{index_, key, change, notify_class, event});
}

Entry* Db::Lookup(std::string_view key, int64_t now_ms, bool read) {
  Entry* e = keys_.Find(key);
  if (e != nullptr && IsExpired(e, now_ms)) [[unlikely]] {
    const ExpiredLookup how = expired_lookup_ != nullptr ? *expired_lookup_ : ExpiredLookup::kDelete;
    if (how == ExpiredLookup::kKeep) return e;
    if (how == ExpiredLookup::kDelete || !read) Expire(e);
    return nullptr;
  }
  return e;
}

void Db::Unlink(Entry* e) {
  if (e->has_expire()) expires_.Extract(e->key());
  keys_.Extract(e->key());
}

void Db::Insert(Entry* e, bool has_expire, int64_t expire_at_ms) {
  keys_.Insert(e);
  if (has_expire) {
    assert(e->has_expire_room());
    e->StoreExpire(expire_at_ms);
    e->has_expire_ = 1;
    expires_.Insert(e);
  }
}

void Db::RemoveExpire(Entry* e) {
  if (!e->has_expire()) return;
  expires_.Extract(e->key());
  e->has_expire_ = 0;  // the room stays: a TTL set again does not move the entry
  e->StoreExpire(0);
}

Entry* Db::Add(std::string_view key, Value v, int notify_class, std::string_view event, bool expire_room) {
  Entry* e = Entry::Create(key, expire_room);
  e->value_ = std::move(v);
  if (access_ != nullptr) access_->Stamp(e);
  keys_.Insert(e);
  Emit(e->key(), KeyChange::kAdded, kNotifyNew, "new");
  if (!event.empty()) Emit(e->key(), KeyChange::kWritten, notify_class, event);
  return e;
}

Entry* Db::AddReplacing(std::string_view key, Value v, int64_t at_ms, Entry* replaced, int notify_class,
                        std::string_view event) {
  if (replaced != nullptr) {
    Unlink(replaced);
    DestroyEntry(replaced, FreeCause::kServerDel);
  }
  Entry* e = Entry::Create(key, at_ms >= 0);
  e->value_ = std::move(v);
  if (access_ != nullptr) access_->Stamp(e);
  Insert(e, at_ms >= 0, at_ms);
  Emit(e->key(), KeyChange::kAdded, kNotifyNew, "new");
  Emit(e->key(), KeyChange::kWritten, notify_class, event);
  return e;
}

Value& Db::Write(Entry* e, int notify_class, std::string_view event) {
  Emit(e->key(), KeyChange::kWritten, notify_class, event);
  return e->value_;
}

Value& Db::Overwrite(Entry* e, int notify_class, std::string_view event, bool keep_ttl) {
  if (!keep_ttl) RemoveExpire(e);
  // Redis's dbSetValue frees the old value with freeObjAsync under lazyfree-lazy-server-del. A small one
  // stays for the caller to overwrite in place (a heap string's buffer is reused by SET).
  if (lazyfree_ != nullptr) lazyfree_->Offload(e->value_, FreeCause::kServerDel);
  return Write(e, notify_class, event);
}

void Db::UnshareString(Entry* e) { e->value_.MakeRaw(); }

void Db::DestroyEntry(Entry* e, FreeCause cause) {
  if (lazyfree_ != nullptr) lazyfree_->Offload(e->value_, cause);
  Entry::Destroy(e);
}

void Db::Delete(Entry* e, FreeCause cause) {
  Unlink(e);
  Emit(e->key(), KeyChange::kDeleted, kNotifyGeneric, "del");
  DestroyEntry(e, cause);
}

bool Db::DeleteKey(std::string_view key, FreeCause cause) {
  Entry* e = keys_.Find(key);
  if (e == nullptr) return false;
  Delete(e, cause);
  return true;
}

Entry* Db::SetExpire(Entry* e, int64_t at_ms) {
  if (!e->has_expire_room()) {
    // The entry moves to an allocation with room for the time; it keeps its place in the dict (same key, so
    // same hash and SCAN position), its value and its access bits. It has no TTL, so no expires_ slot.
    Entry* n = Entry::Create(e->key(), /*expire_room=*/true);
    n->value_ = std::move(e->value_);
    AccessBits::Transfer(*e, n);
    keys_.Replace(e, n);
    Entry::Destroy(e);
    e = n;
  }
  e->StoreExpire(at_ms);
  if (!e->has_expire()) {
    e->has_expire_ = 1;
    expires_.Insert(e);
  }
  Emit(e->key(), KeyChange::kWritten, kNotifyGeneric, "expire");
  return e;
}

bool Db::Persist(Entry* e) {
  if (!e->has_expire()) return false;
  RemoveExpire(e);
  Emit(e->key(), KeyChange::kWritten, kNotifyGeneric, "persist");
  return true;
}

Entry* Db::Rename(Entry* src, std::string_view new_key, Entry* replaced) {
  // Redis's order: the target is deleted and the object added under the new name ("new"), then the old name
  // goes ("rename_from") and the new one is announced ("rename_to").
  if (replaced != nullptr) {
    Unlink(replaced);
    DestroyEntry(replaced, FreeCause::kServerDel);
  }
  Entry* n = Entry::Create(new_key, src->has_expire());
  n->value_ = std::move(src->value_);
  AccessBits::Transfer(*src, n);
  Insert(n, src->has_expire(), src->expire_at_ms());
  Emit(n->key(), KeyChange::kAdded, kNotifyNew, "new");
  Unlink(src);
  Emit(src->key(), KeyChange::kDeleted, kNotifyGeneric, "rename_from");
  Entry::Destroy(src);
  Emit(n->key(), KeyChange::kWritten, kNotifyGeneric, "rename_to");
  return n;
}

Entry* Db::MoveTo(Entry* e, Db* target) {
  Entry* n = Entry::Create(e->key(), e->has_expire());
  n->value_ = std::move(e->value_);
  AccessBits::Transfer(*e, n);
  target->Insert(n, e->has_expire(), e->expire_at_ms());
  target->Emit(n->key(), KeyChange::kAdded, kNotifyNew, "new");
  Unlink(e);
  Emit(e->key(), KeyChange::kDeleted, kNotifyGeneric, "move_from");
  Entry::Destroy(e);
  target->Emit(n->key(), KeyChange::kWritten, kNotifyGeneric, "move_to");
  return n;
}

Entry* Db::CopyFrom(const Entry& src, std::string_view key, Entry* replaced) {
  Value copy;
  if (!copy.CopyFrom(src.value_)) return nullptr;
  const bool had_expire = src.has_expire();
  const int64_t expire_at_ms = src.expire_at_ms();
  if (replaced != nullptr) {  // src stays valid: it is another key or lives in another db
    Unlink(replaced);
    DestroyEntry(replaced, FreeCause::kServerDel);
  }
  Entry* n = Entry::Create(key, had_expire);
  n->value_ = std::move(copy);
  if (access_ != nullptr) access_->Stamp(n);  // a new object, as Redis's dup*Object
  Insert(n, had_expire, expire_at_ms);
  Emit(n->key(), KeyChange::kAdded, kNotifyNew, "new");
  Emit(n->key(), KeyChange::kWritten, kNotifyGeneric, "copy_to");
  return n;
}

Entry* Db::RandomKey(int64_t now_ms, absl::BitGen& rng) {
  // Like Redis's dbRandomKey: expired keys found are deleted and another pick made; when every key is
  // volatile, give up after a bounded number of tries and return an expired key rather than loop forever.
  for (int tries = 0; tries < 100 && !keys_.empty(); ++tries) {
    Entry* e = keys_.Random(rng);
    if (e == nullptr) return nullptr;
    if (!IsExpired(e, now_ms)) return e;
    if (tries == 99 || (keys_.size() == expires_.size() && tries >= 50)) return e;
    // A replica does not delete what expired: its primary's DEL will (another pick is made).
    if (expired_lookup_ == nullptr || *expired_lookup_ == ExpiredLookup::kDelete) Expire(e);
  }
  return nullptr;
}

void Db::FreeAll() {
  expires_.Clear([](Entry*) {});
  keys_.Clear([](Entry* e) { Entry::Destroy(e); });
  expire_cursor_ = 0;
  avg_ttl_ms = 0;
}

// A flushed database's tables, freed on the loop in slices (core/lazyfree.h says why not on the thread): the
// main dict owns the entries, the expires dict only points at them. A big value met on the way is queued as
// a job of its own (as UNLINK would), so one slice never frees a whole collection.
struct Db::FlushedTables : LazyFree::SliceTask {
  KeyDict keys;
  KeyDict expires;
  bool Step(size_t* budget, LazyFree& lazyfree) override {
    if (!expires.empty()) {
      // Pointers only: a segment of them is cheap, so 16 count as one element.
      const size_t n = expires.DrainSome(*budget * 16, [](Entry*) {});
      *budget -= std::min(n / 16, *budget);
      if (!expires.empty()) return false;
    }
    const size_t n = keys.DrainSome(*budget, [&](Entry* e) {
      lazyfree.Offload(e->value_, FreeCause::kUnlink, 0);
      Entry::Destroy(e);
    });
    *budget -= std::min(n, *budget);
    return keys.empty();
  }
  ~FlushedTables() override {  // at exit, or for a job never finished: whatever is left, at once
    expires.Clear([](Entry*) {});
    keys.Clear([](Entry* e) { Entry::Destroy(e); });
  }
};

void Db::Clear(bool async) {
  if (listener_ != nullptr) listener_->OnDbFlushing(index_);
  if (async && lazyfree_ != nullptr && !keys_.empty()) {
    auto old = std::make_unique<FlushedTables>();
    const size_t n = keys_.size();
    std::swap(old->keys, keys_);
    std::swap(old->expires, expires_);
    expire_cursor_ = 0;
    avg_ttl_ms = 0;
    lazyfree_->SubmitSlices(std::move(old), n);
  } else {
    FreeAll();
  }
  if (listener_ != nullptr) listener_->OnDbFlushed(index_);
}

void Db::SwapContents(Db& other) {
  std::swap(keys_, other.keys_);
  std::swap(expires_, other.expires_);
  std::swap(expire_cursor_, other.expire_cursor_);
  std::swap(avg_ttl_ms, other.avg_ttl_ms);
  if (listener_ != nullptr) listener_->OnDbsSwapped(index_, other.index_);
}

void Db::Expire(Entry* e) {
  // Redis's "expire-del": how long the deletion itself took (a big value freed here), the notifications
  // aside. The clock is read only while the latency monitor is on.
  using Clock = std::chrono::steady_clock;
  const bool timed = latency_ != nullptr && latency_->enabled();
  Clock::duration spent{};
  Clock::time_point t = timed ? Clock::now() : Clock::time_point{};
  Unlink(e);
  if (timed) spent += Clock::now() - t;
  Emit(e->key(), KeyChange::kExpired, kNotifyExpired, "expired");
  if (timed) t = Clock::now();
  DestroyEntry(e, FreeCause::kExpire);
  if (timed) {
    spent += Clock::now() - t;
    latency_->Record("expire-del", std::chrono::duration_cast<std::chrono::milliseconds>(spent).count());
  }
}

void Db::Evict(Entry* e) {
  Unlink(e);
  Emit(e->key(), KeyChange::kEvicted, kNotifyEvicted, "evicted");
  DestroyEntry(e, FreeCause::kEviction);
}

Db::ExpireSlice Db::ActiveExpireSlice(int64_t now_ms, size_t max_keys) {
  ExpireSlice out;
  if (expires_.empty()) {
    out.done_walk = true;
    return out;
  }
  std::vector<Entry*> expired;
  expire_cursor_ = expires_.Scan(expire_cursor_, max_keys, [&](Entry* e) {
    ++out.sampled;
    if (e->expire_at_ms() <= now_ms) {
      expired.push_back(e);
    } else {
      out.ttl_sum_ms += e->expire_at_ms() - now_ms;
    }
  });
  // Deleted after the scan call: the callback must not change the dict it walks.
  for (Entry* e : expired) Expire(e);
  out.expired = expired.size();
  out.done_walk = expire_cursor_ == 0;
  return out;
}

}  // namespace ringkv::core
