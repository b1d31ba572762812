// Hash-field expiry (Redis 7.4's HFE) at the keyspace level: deleting a hash's due fields with Redis's
// effects (one "hexpired" event, an HDEL per field to the AOF and replicas, "del" and the key gone with its
// last field), and the active cycle that finds hashes with due fields nobody reads.
//
// Which hashes to visit: each database keeps a registry of key names with the time by which the active
// cycle must look at them (at or before their soonest field TTL), ordered by that time. The registry is a
// hint, never the truth: the truth is in the hash (core/hash_type.h), so an entry may be early (a TTL
// removed or moved later: the visit finds nothing due and files the key again at its real time) or name a
// key that is gone or holds something else (the visit drops it). It must never be late: every change that
// gives a hash an earlier soonest TTL registers it (H*EXPIRE), and a hash arriving under a new name (RENAME,
// MOVE, COPY, RESTORE: their keyspace events) is filed for a visit at once. SWAPDB swaps registries, FLUSHDB
// empties one. A hash without TTL fields is never in a registry, so the feature costs it nothing.
#pragma once

#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_map.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/keyspace_events.h"

namespace ringkv::core {

class Db;
class Entry;
class Server;

// Deletes the fields of the hash at e (a live entry of db) whose TTL is at or before now_ms, at most max of
// them, as Redis 7.4 does when a command meets them or the active cycle finds them: "hexpired" (before the
// change, as every Db::Write), an HDEL per field for the AOF and replicas, and when no field is left "del"
// and the key deleted. Returns how many fields went; *key_deleted tells whether the key went with them.
size_t ExpireHashFields(Server& server, Db& db, Entry* e, int64_t now_ms, size_t max, bool* key_deleted);

class HashFieldExpiry {
 public:
  // Redis 7.4's active cycle expires at most this many fields per run (its HFE active-expire quota).
  static constexpr size_t kFieldsPerCycle = 1000;

  explicit HashFieldExpiry(Server& server) : server_(server) {}

  // The hash at key in db has field TTLs, the soonest at at_ms: the active cycle visits it by then.
  void Register(int db, std::string_view key, int64_t at_ms);
  // Keyspace signals: a hash arriving under a name is filed for a visit; whole databases follow FLUSHDB and
  // SWAPDB.
  void OnKeyEvent(const KeyEvent& ev);
  void OnDbFlushed(int db);
  void OnDbsSwapped(int a, int b);

  // One run of the active cycle (from the cron): visits the keys due by now_ms, soonest first, in every
  // database, until max_fields fields went. Bound: max_fields fields deleted, plus one visit per key due
  // (a stale entry costs one lookup). Returns how many fields went.
  size_t Cycle(int64_t now_ms, size_t max_fields = kFieldsPerCycle);

  // Keys filed for db (tests, INFO).
  size_t registered(int db) const;

 private:
  struct Registry {
    absl::btree_set<std::pair<int64_t, std::string>> by_time;
    absl::flat_hash_map<std::string, int64_t> when;
  };
  Registry& At(int db);
  static void Remove(Registry& r, const std::string& key);

  Server& server_;
  std::vector<Registry> dbs_;
};

}  // namespace ringkv::core
