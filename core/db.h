// Db: one of the numbered databases. Owns its keys' entries through the main Dict; a second Dict indexes
// the keys that have a TTL (the same Entry pointers) so active expiry walks only those, as Redis's expires dict.
// Invariants: (1) every entry in expires_ is in keys_ and has has_expire set, and vice versa;
// (2) an entry is freed in exactly one place, DeleteEntry(), after it left both dicts.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/random/random.h"
#include "core/object.h"
#include "ds/dict.h"

namespace ringkv::core {

struct EntryTraits {
  static std::string_view Key(const Entry* e) { return e->key(); }
  static uint64_t Hash(std::string_view key) { return ds::DefaultHash(key); }
};
using KeyDict = ds::Dict<Entry, EntryTraits>;

// What the keyspace tells the rest of the server (propagation of expiry as DEL, stats; later keyspace
// notifications and WATCH). Implemented by the server.
class KeyspaceObserver {
 public:
  virtual ~KeyspaceObserver() = default;
  // key expired (lazily or actively) and is about to be deleted.
  virtual void OnKeyExpired(int db_index, std::string_view key) = 0;
  // The LRU clock new keys are stamped with (OBJECT IDLETIME starts at 0).
  virtual uint32_t LruClock() const = 0;
};

class Db {
 public:
  Db(int index, KeyspaceObserver* observer) : index_(index), observer_(observer) {}
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  int index() const { return index_; }
  size_t size() const { return keys_.size(); }
  size_t expires_size() const { return expires_.size(); }

  // The live entry for key, or nullptr. An entry whose TTL has passed is deleted here (lazy expiry).
  Entry* Lookup(std::string_view key, int64_t now_ms);
  // Warms the cache for a coming Lookup(key) (pipelined batches).
  void Prefetch(std::string_view key) const { keys_.Prefetch(key); }
  // The entry for key whether or not it has expired (no side effects).
  Entry* Peek(std::string_view key) const { return keys_.Find(key); }
  static bool IsExpired(const Entry* e, int64_t now_ms) { return e->has_expire && e->expire_at_ms <= now_ms; }

  // Adds a new, empty string key. The key must be absent (call Lookup first, which also clears an expired one).
  Entry* Add(std::string_view key);
  // Deletes key if present (expired or not); true if it was there.
  bool Delete(std::string_view key);
  void DeleteEntry(Entry* e);
  // Moves e's value and TTL to a new entry named new_key (which must be absent) and deletes e. Returns the
  // new entry. Used by RENAME and MOVE (with another Db as target).
  Entry* MoveEntry(Entry* e, Db* target, std::string_view new_key);

  void SetExpire(Entry* e, int64_t at_ms);
  bool RemoveExpire(Entry* e);

  // SCAN over the keys: fn(Entry*) for each; returns the next cursor (0 at the end). See ds::Dict::Scan.
  template <class F>
  uint64_t Scan(uint64_t cursor, size_t count, F&& fn) const {
    return keys_.Scan(cursor, count, std::forward<F>(fn));
  }
  template <class F>
  void ForEach(F&& fn) const {
    keys_.ForEach(std::forward<F>(fn));
  }
  // A random live key (expired ones met on the way are deleted, at most a bounded number of tries), or nullptr.
  Entry* RandomKey(int64_t now_ms, absl::BitGen& rng);

  void Clear();  // FLUSHDB
  // SWAPDB: exchanges the contents (keys and TTLs) of two databases; indexes stay.
  void SwapContents(Db& other);

  // One slice of active expiry: examines up to max_keys keys that have a TTL, continuing the walk of the
  // previous call, and deletes the expired ones. Returns how many were examined and expired; `done_walk`
  // is set when the walk wrapped around the whole expires dict. Bound: max_keys entries + one Dict::Scan.
  struct ExpireSlice {
    size_t sampled = 0;
    size_t expired = 0;
    int64_t ttl_sum_ms = 0;  // sum of remaining TTLs of the live keys sampled (INFO avg_ttl)
    bool done_walk = false;
  };
  ExpireSlice ActiveExpireSlice(int64_t now_ms, size_t max_keys);

  int64_t avg_ttl_ms = 0;  // running estimate, as Redis's db->avg_ttl

 private:
  void Expire(Entry* e);  // notify, then delete

  int index_;
  KeyspaceObserver* observer_;
  KeyDict keys_;
  KeyDict expires_;
  uint64_t expire_cursor_ = 0;
};

}  // namespace ringkv::core
