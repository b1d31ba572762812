// Db: one of the numbered databases. Owns its keys' entries through the main Dict; a second Dict indexes
// the keys that have a TTL (the same Entry pointers) so active expiry walks only those, as Redis's expires dict.
// Every change to a key goes through a mutation function below, which emits the change to the keyspace
// listener (core/keyspace_events.h): outside Db an entry's value and TTL are read-only, and a handler gets a
// writable value only from Write/Overwrite, which take the event. A value leaving the keyspace is freed at
// once or on the lazyfree thread (core/lazyfree.h) by the FreeCause its mutation names, as Redis 7.0 does.
// Invariants: (1) every entry in expires_ is in keys_ and has has_expire() set, and vice versa;
// (2) an entry is freed only after it left both dicts (Unlink), and its last event has been emitted.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/random/random.h"
#include "core/keyspace_events.h"
#include "core/lazyfree.h"
#include "core/object.h"
#include "ds/dict.h"

namespace ringkv::core {

class AccessBits;
class LatencyMonitor;

struct EntryTraits {
  static std::string_view Key(const Entry* e) { return e->key(); }
  static uint64_t Hash(std::string_view key) { return ds::DefaultHash(key); }
};
using KeyDict = ds::Dict<Entry, EntryTraits>;

// What a lookup does with a key whose TTL has passed (Redis 7.0's expireIfNeeded). A primary deletes it
// (kDelete). A replica leaves the deleting to its primary's DEL: its clients' reads see no key (kHide) while
// their writes still delete it (Redis's LOOKUP_WRITE force), and the primary's own commands see it (kKeep).
enum class ExpiredLookup : uint8_t { kDelete, kHide, kKeep };

class Db {
 public:
  // listener receives every key change (may be null: no signals); access stamps new entries (may be null);
  // lazyfree takes the big values that leave lazily (may be null: everything is freed at once).
  Db(int index, KeyspaceListener* listener, AccessBits* access, LazyFree* lazyfree = nullptr)
      : index_(index), listener_(listener), access_(access), lazyfree_(lazyfree) {}
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  int index() const { return index_; }
  size_t size() const { return keys_.size(); }
  size_t expires_size() const { return expires_.size(); }
  // Bytes of the two tables themselves (directory and segments; not the entries): MEMORY USAGE's share.
  size_t key_table_bytes() const { return keys_.MemoryBytes(); }
  size_t expire_table_bytes() const { return expires_.MemoryBytes(); }
  KeyspaceListener* listener() const { return listener_; }
  // Tests put a recording listener in front of the server's.
  void set_listener(KeyspaceListener* l) { listener_ = l; }

  // ---- reading ----
  // The live entry for key, or nullptr. An entry whose TTL has passed is deleted here (lazy expiry: kExpired),
  // or on a replica hidden or kept (the server's ExpiredLookup; read: a read lookup, which only hides).
  Entry* Lookup(std::string_view key, int64_t now_ms, bool read = false);
  // Where the server keeps its ExpiredLookup (null: always kDelete).
  void set_expired_lookup(const ExpiredLookup* how) { expired_lookup_ = how; }
  // Where slow deletions of expired keys are reported (the latency monitor's "expire-del"; null: nowhere).
  void set_latency_monitor(LatencyMonitor* latency) { latency_ = latency; }
  // An empty database about to be loaded with `keys` keys, `expires` of them with a TTL (an RDB's RESIZEDB):
  // both tables are built at their final size up front (ds::Dict::Reserve). Bounded by the caller.
  void Reserve(size_t keys, size_t expires) {
    keys_.Reserve(keys);
    expires_.Reserve(expires);
  }
  // Warms the cache for a coming Lookup(key) (pipelined batches).
  void Prefetch(std::string_view key) const { keys_.Prefetch(key); }
  // The entry for key whether or not it has expired (no side effects).
  Entry* Peek(std::string_view key) const { return keys_.Find(key); }
  static bool IsExpired(const Entry* e, int64_t now_ms) { return e->has_expire() && e->expire_at_ms() <= now_ms; }

  // ---- mutations: each emits its KeyEvents before returning, in Redis 7.0's order ----
  // notify_class / event name the command's own notification (a NotifyFlag bit and Redis's event name).

  // Adds key, which must be absent (Lookup first), holding v: kAdded "new", then (kWritten, notify_class,
  // event) unless event is empty (DEBUG POPULATE, whose keys only get "new"). expire_room: the entry is made
  // with room for a TTL (SET EX), so the SetExpire that follows does not move it.
  Entry* Add(std::string_view key, Value v, int notify_class, std::string_view event, bool expire_room = false);
  // e's value for an in-place edit or replacement keeping the TTL (APPEND, INCR, SET KEEPTTL ...). Emits
  // (kWritten, notify_class, event) first: call it where the command really modifies, never to look.
  Value& Write(Entry* e, int notify_class, std::string_view event);
  // As Write, for a value replaced whole the way Redis's setKey does: the TTL goes too (no event of its own)
  // unless keep_ttl (SET KEEPTTL). The old value is the caller's to overwrite, except a big one under
  // lazyfree-lazy-server-del, which goes to the lazyfree thread first (the value returned is then empty):
  // callers must not read the old value through the reference.
  Value& Overwrite(Entry* e, int notify_class, std::string_view event, bool keep_ttl = false);
  // Makes a string raw in place (Redis's dbUnshareStringValue done by bit commands that may write nothing).
  // The bytes do not change, so there is nothing to signal.
  void UnshareString(Entry* e);
  // e's value for a change of representation only, its contents untouched (SORT makes a listpack sorted set
  // a skiplist before reading it, as Redis's sortCommand does, without a signal): nothing to emit.
  Value& Reencode(Entry* e) { return e->value_; }
  // Deletes the live entry e: kDeleted "del". cause says whether its value may be freed lazily: Redis's
  // dbDelete (a collection emptied, a *STORE destination) is kServerDel, DEL is kUserDel, UNLINK kUnlink,
  // EXPIRE in the past kExpire, eviction kEviction.
  void Delete(Entry* e, FreeCause cause = FreeCause::kServerDel);
  // Deletes key whether or not its TTL passed (Redis's dbDelete): kDeleted "del" when it was there.
  bool DeleteKey(std::string_view key, FreeCause cause = FreeCause::kServerDel);
  // Sets e's TTL to the absolute time at_ms: (kWritten, generic, "expire"). Returns the entry, which has moved
  // when e had no expire room (object.h): e is then freed, and references into it (its value) are invalid.
  [[nodiscard]] Entry* SetExpire(Entry* e, int64_t at_ms);
  // Removes e's TTL: (kWritten, generic, "persist"); false (nothing emitted) when it had none.
  bool Persist(Entry* e);
  // RENAME: moves src's value, TTL and access bits to new_key (another name). replaced is new_key's live
  // entry, if any: it goes silently, as Redis's dbDelete in rename (kServerDel). Emits "new" and "rename_to"
  // for new_key, "rename_from" for the old name. Returns the new entry.
  Entry* Rename(Entry* src, std::string_view new_key, Entry* replaced);
  // MOVE: moves e (same name) into target, another db where the key is absent: "new" and "move_to" there,
  // "move_from" here. Returns the new entry.
  Entry* MoveTo(Entry* e, Db* target);
  // COPY into this db: a copy of src's value and TTL as key, with fresh access bits. replaced is key's live
  // entry here, if any, and goes silently (kServerDel). Emits "new" and "copy_to". Returns nullptr, changing
  // nothing, when src's structure cannot be copied.
  Entry* CopyFrom(const Entry& src, std::string_view key, Entry* replaced);
  // RESTORE: adds key holding v with the TTL at_ms (-1: none). replaced is key's live entry, if any, and goes
  // silently (kServerDel), as Redis's dbDelete. Emits "new", then (kWritten, notify_class, event): no
  // "expire" (Redis's setExpire has no event of its own). Returns the new entry.
  Entry* AddReplacing(std::string_view key, Value v, int64_t at_ms, Entry* replaced, int notify_class,
                      std::string_view event);
  // FLUSHDB: every key goes; the listener hears OnDbFlushed. async (FLUSHDB ASYNC, lazyfree-lazy-user-flush)
  // swaps the tables for empty ones and frees the old ones lazily (in the loop's slices), as Redis's
  // emptyDbAsync; without a LazyFree it frees at once.
  void Clear(bool async = false);
  // SWAPDB: exchanges the contents (keys and TTLs) of two databases; indexes stay. OnDbsSwapped.
  void SwapContents(Db& other);

  // ---- walking ----
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

  // ---- eviction (core/evict.h) ----
  // Up to n neighbouring entries of one random segment of the keys, or of the keys with a TTL when
  // volatile_only, passed to fn (Redis's dictGetSomeKeys); expired ones included. Returns how many.
  // fn must not change the db. Cost: ds::Dict::SampleSome.
  template <class F>
  size_t SampleEntries(absl::BitGen& rng, size_t n, bool volatile_only, F&& fn) const {
    return (volatile_only ? expires_ : keys_).SampleSome(rng, n, std::forward<F>(fn));
  }
  // A random entry of the keys (or of those with a TTL), expired or not; nullptr when there is none.
  Entry* RandomEntry(absl::BitGen& rng, bool volatile_only) const {
    return (volatile_only ? expires_ : keys_).Random(rng);
  }
  // Removes e for maxmemory (Redis's performEvictions): kEvicted "evicted"; its value is freed lazily under
  // lazyfree-lazy-eviction (FreeCause::kEviction).
  void Evict(Entry* e);

  // One slice of active expiry: examines up to max_keys keys that have a TTL, continuing the walk of the
  // previous call, and deletes the expired ones (kExpired). Returns how many were examined and expired;
  // `done_walk` is set when the walk wrapped around the whole expires dict. Bound: max_keys entries + one
  // Dict::Scan.
  struct ExpireSlice {
    size_t sampled = 0;
    size_t expired = 0;
    int64_t ttl_sum_ms = 0;  // sum of remaining TTLs of the live keys sampled (INFO avg_ttl)
    bool done_walk = false;
  };
  ExpireSlice ActiveExpireSlice(int64_t now_ms, size_t max_keys);

  int64_t avg_ttl_ms = 0;  // running estimate, as Redis's db->avg_ttl

 private:
  void Emit(std::string_view key, KeyChange change, int notify_class, std::string_view event);
  void Expire(Entry* e);  // lazy or active expiry: unlink, kExpired, free (kExpire)
  // Frees an entry that left both dicts, its value lazily when cause says so and it is big.
  void DestroyEntry(Entry* e, FreeCause cause);
  // Takes e out of both dicts (it stays allocated: its key can still be named in an event).
  void Unlink(Entry* e);
  // Inserts e (absent key) with a TTL when has_expire, without any event.
  void Insert(Entry* e, bool has_expire, int64_t expire_at_ms);
  void RemoveExpire(Entry* e);
  void FreeAll();
  struct FlushedTables;  // FLUSHDB ASYNC's old tables, freed in slices (db.cc)

  int index_;
  KeyspaceListener* listener_;
  AccessBits* access_;
  LazyFree* lazyfree_;
  KeyDict keys_;
  KeyDict expires_;
  uint64_t expire_cursor_ = 0;
  const ExpiredLookup* expired_lookup_ = nullptr;
  LatencyMonitor* latency_ = nullptr;
};

}  // namespace ringkv::core
