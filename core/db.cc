#include "core/db.h"

#include <vector>

namespace ringkv::core {

Db::~Db() { Clear(); }

Entry* Db::Lookup(std::string_view key, int64_t now_ms) {
  Entry* e = keys_.Find(key);
  if (e != nullptr && IsExpired(e, now_ms)) {
    Expire(e);
    return nullptr;
  }
  return e;
}

Entry* Db::Add(std::string_view key) {
  Entry* e = Entry::Create(key);
  e->lru = observer_->LruClock();
  keys_.Insert(e);
  return e;
}

bool Db::Delete(std::string_view key) {
  Entry* e = keys_.Find(key);
  if (e == nullptr) return false;
  DeleteEntry(e);
  return true;
}

void Db::DeleteEntry(Entry* e) {
  if (e->has_expire) expires_.Extract(e->key());
  keys_.Extract(e->key());
  Entry::Destroy(e);
}

Entry* Db::MoveEntry(Entry* e, Db* target, std::string_view new_key) {
  Entry* n = Entry::Create(new_key);
  n->value = std::move(e->value);
  n->lru = e->lru;
  const bool had_expire = e->has_expire;
  const int64_t at_ms = e->expire_at_ms;
  DeleteEntry(e);  // first: new_key may equal the old key in another Db only, never in this one
  target->keys_.Insert(n);
  if (had_expire) target->SetExpire(n, at_ms);
  return n;
}

void Db::SetExpire(Entry* e, int64_t at_ms) {
  e->expire_at_ms = at_ms;
  if (!e->has_expire) {
    e->has_expire = true;
    expires_.Insert(e);
  }
}

bool Db::RemoveExpire(Entry* e) {
  if (!e->has_expire) return false;
  expires_.Extract(e->key());
  e->has_expire = false;
  e->expire_at_ms = 0;
  return true;
}

Entry* Db::RandomKey(int64_t now_ms, absl::BitGen& rng) {
  // Like Redis's dbRandomKey: expired keys found are deleted and another pick made; when every key is
  // volatile, give up after a bounded number of tries and return an expired key rather than loop forever.
  for (int tries = 0; tries < 100 && !keys_.empty(); ++tries) {
    Entry* e = keys_.Random(rng);
    if (e == nullptr) return nullptr;
    if (!IsExpired(e, now_ms)) return e;
    if (tries == 99 || (keys_.size() == expires_.size() && tries >= 50)) return e;
    Expire(e);
  }
  return nullptr;
}

void Db::Clear() {
  expires_.Clear([](Entry*) {});
  keys_.Clear([](Entry* e) { Entry::Destroy(e); });
  expire_cursor_ = 0;
  avg_ttl_ms = 0;
}

void Db::SwapContents(Db& other) {
  std::swap(keys_, other.keys_);
  std::swap(expires_, other.expires_);
  std::swap(expire_cursor_, other.expire_cursor_);
  std::swap(avg_ttl_ms, other.avg_ttl_ms);
}

void Db::Expire(Entry* e) {
  observer_->OnKeyExpired(index_, e->key());
  DeleteEntry(e);
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
    if (e->expire_at_ms <= now_ms) {
      expired.push_back(e);
    } else {
      out.ttl_sum_ms += e->expire_at_ms - now_ms;
    }
  });
  // Deleted after the scan call: the callback must not change the dict it walks.
  for (Entry* e : expired) Expire(e);
  out.expired = expired.size();
  out.done_walk = expire_cursor_ == 0;
  return out;
}

}  // namespace ringkv::core
