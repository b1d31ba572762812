// The hash type's values: its two encodings behind one small API, with Redis 7.0's conversion rules, for the
// hash commands (core/commands/hashes.cc) and whoever else reads hashes (SORT's GET/BY key->field, the RDB
// writer). A hash is a listpack of field, value pairs (ds::Listpack, Redis's bytes) while it holds at most
// hash-max-listpack-entries fields and no field or value longer than hash-max-listpack-value bytes, else a
// hashtable (ds::StringMap). A hashtable never goes back to a listpack.
//
// Hash-field expiry (Redis 7.4): the first H*EXPIRE on a listpack hash makes it a "listpackex", a listpack
// of field, value, TTL triplets (Redis's bytes: the TTL an integer of unix ms, 0 for none), kept sorted by
// TTL with the fields without one at the end, so the soonest is the first triplet; it converts to a
// hashtable at the same limits and never goes back to a plain listpack. A hashtable keeps TTLs in its nodes
// (ds::StringMap). A hash without TTLs pays nothing for the feature: the encoding tells a listpack, and a
// hashtable holds one null pointer.
#pragma once

#include <absl/functional/function_ref.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/object.h"
#include "ds/listpack.h"
#include "ds/numconv.h"
#include "ds/string_map.h"

namespace ringkv::core {

struct Config;

// Installs the EncodingOps rows of (hash, listpack) and (hash, hashtable). Idempotent.
void RegisterHashEncodings();

// hash-max-listpack-entries / -value, read once per command.
struct HashLimits {
  size_t max_entries;
  size_t max_value;
};
HashLimits HashLimitsOf(const Config& cfg);

// A new, empty listpack-encoded hash (Redis's createHashObject); the caller fills it with HashSet.
Value NewHash();

size_t HashLength(const Value& v);

// A listpack-encoded hash, with or without TTLs, and the number of entries per field in its listpack.
inline bool IsListpackHash(const Value& v) {
  return v.encoding() == Encoding::kListpack || v.encoding() == Encoding::kListpackEx;
}
inline uint32_t ListpackGroup(const Value& v) { return v.encoding() == Encoding::kListpackEx ? 3 : 2; }

// Redis's hashTypeTryConversion before a write of args[first..last] (fields and values): a listpack becomes
// a hashtable when any of them is longer than max_value, or when their total would take the listpack past
// its safety size.
void HashTryConversion(Value& v, const std::vector<std::string_view>& args, size_t first, size_t last,
                       const HashLimits& limits);

// A field's value: a view into the hash (valid until the hash changes), or for an integer stored in a
// listpack its digits written into buf (kInt64BufBytes). False when the field is absent.
bool HashGet(const Value& v, std::string_view field, char* buf, std::string_view* value);
bool HashExists(const Value& v, std::string_view field);

// Redis's hashTypeSet: sets field to value, converting a listpack to a hashtable first when either is longer
// than max_value, and after when the hash grew past max_entries. Returns true when the field was new. An
// existing field keeps its TTL when keep_ttl (HINCRBY, HINCRBYFLOAT), else loses it (HSET, as Redis 7.4).
// The views may not point into v.
bool HashSet(Value& v, std::string_view field, std::string_view value, const HashLimits& limits,
             bool keep_ttl = false);
// Removes field; false when absent. Never converts.
bool HashDelete(Value& v, std::string_view field);

// --- hash-field TTLs ---
// Whether some field has a TTL. O(1).
bool HashHasFieldTtls(const Value& v);
// The soonest field expiry (unix ms), INT64_MAX when no field has one. O(1).
int64_t HashMinFieldTtl(const Value& v);
// field's expiry: false when the field is absent; *at_ms = -1 when it has no TTL.
bool HashFieldTtl(const Value& v, std::string_view field, int64_t* at_ms);
// Makes a listpack hash able to hold TTLs (listpack -> listpackex), as Redis 7.4 does at the first
// H*EXPIRE on the key. Other encodings are left alone.
void HashEnableFieldTtls(Value& v);
// Gives field (present) the expiry at_ms. The hash must not be a plain listpack (HashEnableFieldTtls).
void HashSetFieldTtl(Value& v, std::string_view field, int64_t at_ms);
// Removes field's TTL; false when the field is absent or has none.
bool HashClearFieldTtl(Value& v, std::string_view field);
// Deletes the fields whose expiry is at or before now_ms, soonest first, at most max, calling
// on_field(field) just before each goes (the view is valid during the call). Returns how many went.
size_t HashExpireFields(Value& v, int64_t now_ms, size_t max, absl::FunctionRef<void(std::string_view)> on_field);

// A listpack-encoded hash's bytes as a ds::Listpack, without taking them: for reading through the
// Listpack API. The value must not change while the view lives.
class ListpackView {
 public:
  explicit ListpackView(const Value& v)
      : lp_(ds::Listpack::Adopt(const_cast<uint8_t*>(v.Ptr<uint8_t>()))) {}
  ~ListpackView() { lp_.Release(); }
  ListpackView(const ListpackView&) = delete;
  ListpackView& operator=(const ListpackView&) = delete;
  const ds::Listpack& operator*() const { return lp_; }
  const ds::Listpack* operator->() const { return &lp_; }

 private:
  ds::Listpack lp_;
};

// fn(std::string_view field, std::string_view value, int64_t ttl_ms) for every field until fn returns false,
// ttl_ms the field's expiry (unix ms) or -1 without one: a listpack in its order (insertion order; a
// listpackex's is by TTL), a hashtable in its table order. Integers of a listpack are passed as their digits
// (the views are valid during the call only). Fields past their TTL are included. fn must not modify the
// hash.
template <class F>
void HashForEachWithTtlWhile(const Value& v, F&& fn) {
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    const bool with_ttl = v.encoding() == Encoding::kListpackEx;
    char fbuf[ds::kInt64BufBytes], vbuf[ds::kInt64BufBytes];
    for (auto p = lp->First(); p != ds::Listpack::kNoPos;) {
      const ds::Listpack::Entry f = lp->Get(p);
      p = lp->Next(p);
      const ds::Listpack::Entry val = lp->Get(p);
      p = lp->Next(p);
      int64_t ttl_ms = -1;
      if (with_ttl) {
        // The third entry of a triplet: the expiry, 0 for none.
        const int64_t at = lp->Get(p).int_value;
        if (at != 0) ttl_ms = at;
        p = lp->Next(p);
      }
      if (!fn(f.View(fbuf), val.View(vbuf), ttl_ms)) return;
    }
    return;
  }
  const ds::StringMap* map = v.Ptr<ds::StringMap>();
  bool go = true;
  map->ForEach([&](const ds::StringMap::Node* n) {
    if (go) {
      go = fn(ds::StringMap::FieldOf(n), ds::StringMap::ValueOf(n),
              ds::StringMap::HasTtl(n) ? ds::StringMap::TtlOf(n) : int64_t{-1});
    }
  });
}
// As HashForEachWithTtlWhile, without the TTLs: fn(std::string_view field, std::string_view value) -> bool.
template <class F>
void HashForEachWhile(const Value& v, F&& fn) {
  HashForEachWithTtlWhile(v, [&](std::string_view f, std::string_view val, int64_t) { return fn(f, val); });
}
template <class F>
void HashForEach(const Value& v, F&& fn) {
  HashForEachWhile(v, [&](std::string_view f, std::string_view val) {
    fn(f, val);
    return true;
  });
}

}  // namespace ringkv::core
