#include "core/hash_type.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "core/config.h"

namespace ringkv::core {

namespace {

// Runs fn(ds::Listpack&) on a listpack-encoded value's bytes and stores the (possibly moved) block back.
template <class F>
auto MutateListpack(Value& v, F&& fn) {
  ds::Listpack lp = ds::Listpack::Adopt(v.MutablePtr<uint8_t>());
  struct Restore {
    Value& v;
    ds::Listpack& lp;
    ~Restore() { v.ReplacePtr(lp.Release()); }
  } restore{v, lp};
  return fn(lp);
}

// The TTL entry of a listpackex triplet: 0 for none (Redis's HASH_LP_NO_TTL).
constexpr std::string_view kNoTtlEntry = "0";

// Redis's hashTypeConvert to a hashtable: every pair (and TTL) copied into a StringMap sized for them; the
// listpack is freed when the value takes the new structure.
void ConvertToHashtable(Value& v) {
  auto* map = new ds::StringMap();
  map->Reserve(HashLength(v));
  if (v.encoding() == Encoding::kListpackEx) {
    ListpackView lp(v);
    char fbuf[ds::kInt64BufBytes], vbuf[ds::kInt64BufBytes];
    for (auto p = lp->First(); p != ds::Listpack::kNoPos;) {
      const std::string_view f = lp->Get(p).View(fbuf);
      p = lp->Next(p);
      map->Set(f, lp->Get(p).View(vbuf));
      p = lp->Next(p);
      const int64_t ttl = lp->Get(p).int_value;
      if (ttl != 0) map->SetTtl(f, ttl);
      p = lp->Next(p);
    }
  } else {
    HashForEach(v, [&](std::string_view f, std::string_view val) { map->Set(f, val); });
  }
  v.SetPtr(ObjType::kHash, Encoding::kHashtable, map);
}

// The position of field in a listpack hash, kNoPos when absent.
ds::Listpack::Pos FindField(const ds::Listpack& lp, std::string_view field, uint32_t group) {
  const auto first = lp.First();
  return first == ds::Listpack::kNoPos ? ds::Listpack::kNoPos : lp.Find(first, field, group - 1);
}

// Inserts a listpackex triplet at its place in TTL order (Redis's listpackExAddInternal): before the first
// triplet without a TTL or with one at or after at_ms; at the end for no TTL (at_ms 0).
void ListpackExAdd(ds::Listpack& lp, std::string_view field, std::string_view value, int64_t at_ms) {
  char digits[ds::kInt64BufBytes];
  const std::string_view ttl(digits, ds::Int64ToChars(at_ms, digits));
  if (at_ms != 0) {
    for (auto p = lp.First(); p != ds::Listpack::kNoPos;) {
      const auto t = lp.Next(lp.Next(p));
      const int64_t other = lp.Get(t).int_value;
      if (other == 0 || other >= at_ms) {
        lp.InsertBatch(p, {field, value, ttl}, ds::Listpack::Where::kBefore);
        return;
      }
      p = lp.Next(t);
    }
  }
  lp.AppendBatch({field, value, ttl});
}

// Moves the listpackex triplet at p to the place of TTL at_ms (0: none).
void ListpackExRetime(ds::Listpack& lp, ds::Listpack::Pos p, int64_t at_ms) {
  // Copies first: the views point into the listpack the delete rewrites.
  const std::string field = lp.Get(p).ToString();
  const std::string value = lp.Get(lp.Next(p)).ToString();
  lp.DeleteRangeWithEntry(p, 3);
  ListpackExAdd(lp, field, value, at_ms);
}

}  // namespace

void RegisterHashEncodings() {
  EncodingOps listpack;
  listpack.destroy = [](void* p) { std::free(p); };
  listpack.copy = [](const void* p) -> void* {
    const size_t n = ds::listpack_internal::Load32(static_cast<const uint8_t*>(p));
    void* copy = std::malloc(n);
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, p, n);
    return copy;
  };
  listpack.heap_bytes = [](const void* p) { return malloc_usable_size(const_cast<void*>(p)); };
  RegisterEncodingOps(ObjType::kHash, Encoding::kListpack, listpack);
  RegisterEncodingOps(ObjType::kHash, Encoding::kListpackEx, listpack);  // the same bytes, with TTL entries

  EncodingOps hashtable;
  hashtable.destroy = [](void* p) { delete static_cast<ds::StringMap*>(p); };
  hashtable.copy = [](const void* p) -> void* { return new ds::StringMap(*static_cast<const ds::StringMap*>(p)); };
  hashtable.heap_bytes = [](const void* p) {
    auto* map = static_cast<const ds::StringMap*>(p);
    return malloc_usable_size(const_cast<ds::StringMap*>(map)) + map->AllocatedBytes();
  };
  // One allocation per field, as Redis counts a hashtable hash's free effort.
  hashtable.effort = [](const void* p) { return static_cast<const ds::StringMap*>(p)->size(); };
  hashtable.free_some = [](void* p, size_t* budget) {
    auto* m = static_cast<ds::StringMap*>(p);
    if (!m->FreeSome(budget)) return false;
    delete m;
    return true;
  };
  RegisterEncodingOps(ObjType::kHash, Encoding::kHashtable, hashtable);
}

HashLimits HashLimitsOf(const Config& cfg) {
  return HashLimits{static_cast<size_t>(std::max<int64_t>(cfg.hash_max_listpack_entries, 0)),
                    static_cast<size_t>(std::max<int64_t>(cfg.hash_max_listpack_value, 0))};
}

Value NewHash() {
  Value v;
  v.SetPtr(ObjType::kHash, Encoding::kListpack, ds::Listpack().Release());
  return v;
}

size_t HashLength(const Value& v) {
  if (IsListpackHash(v)) return ListpackView(v)->Length() / ListpackGroup(v);
  return v.Ptr<ds::StringMap>()->size();
}

void HashTryConversion(Value& v, const std::vector<std::string_view>& args, size_t first, size_t last,
                       const HashLimits& limits) {
  if (!IsListpackHash(v)) return;
  size_t sum = 0;
  for (size_t i = first; i <= last; ++i) {
    if (args[i].size() > limits.max_value) {
      ConvertToHashtable(v);
      return;
    }
    sum += args[i].size();
  }
  if (!ListpackView(v)->SafeToAdd(sum)) ConvertToHashtable(v);
}

bool HashGet(const Value& v, std::string_view field, char* buf, std::string_view* value) {
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    const auto p = FindField(*lp, field, ListpackGroup(v));
    if (p == ds::Listpack::kNoPos) return false;
    *value = lp->Get(lp->Next(p)).View(buf);
    return true;
  }
  const ds::StringMap::Node* n = v.Ptr<ds::StringMap>()->Find(field);
  if (n == nullptr) return false;
  *value = ds::StringMap::ValueOf(n);
  return true;
}

bool HashExists(const Value& v, std::string_view field) {
  char buf[ds::kInt64BufBytes];
  std::string_view ignored;
  return HashGet(v, field, buf, &ignored);
}

bool HashSet(Value& v, std::string_view field, std::string_view value, const HashLimits& limits, bool keep_ttl) {
  if (IsListpackHash(v)) {
    // HINCRBY's path: the other writers checked their arguments already (HashTryConversion).
    if (field.size() > limits.max_value || value.size() > limits.max_value) ConvertToHashtable(v);
  }
  if (IsListpackHash(v)) {
    const bool with_ttl = v.encoding() == Encoding::kListpackEx;
    const bool added = MutateListpack(v, [&](ds::Listpack& lp) {
      const auto p = FindField(lp, field, with_ttl ? 3 : 2);
      if (p != ds::Listpack::kNoPos) {
        const auto vp = lp.Replace(lp.Next(p), value);
        // HSET drops the field's TTL: the triplet moves to the end, among the fields without one.
        if (with_ttl && !keep_ttl && lp.Get(lp.Next(vp)).int_value != 0) ListpackExRetime(lp, p, 0);
        return false;
      }
      if (with_ttl) {
        lp.AppendBatch({field, value, kNoTtlEntry});
      } else {
        lp.AppendBatch({field, value});
      }
      return true;
    });
    // Checked after an update too, as Redis does: a lowered hash-max-listpack-entries converts at the next write.
    if (HashLength(v) > limits.max_entries) ConvertToHashtable(v);
    return added;
  }
  return v.MutablePtr<ds::StringMap>()->Set(field, value, keep_ttl);
}

bool HashDelete(Value& v, std::string_view field) {
  if (IsListpackHash(v)) {
    const uint32_t group = ListpackGroup(v);
    return MutateListpack(v, [&](ds::Listpack& lp) {
      const auto p = FindField(lp, field, group);
      if (p == ds::Listpack::kNoPos) return false;
      lp.DeleteRangeWithEntry(p, group);
      return true;
    });
  }
  return v.MutablePtr<ds::StringMap>()->Erase(field);
}

bool HashHasFieldTtls(const Value& v) { return HashMinFieldTtl(v) != INT64_MAX; }

int64_t HashMinFieldTtl(const Value& v) {
  switch (v.encoding()) {
    case Encoding::kListpackEx: {
      // Sorted by TTL (fields without one last): the first triplet's TTL is the soonest.
      ListpackView lp(v);
      const auto t = lp->Seek(2);
      if (t == ds::Listpack::kNoPos) return INT64_MAX;
      const int64_t at = lp->Get(t).int_value;
      return at == 0 ? INT64_MAX : at;
    }
    case Encoding::kHashtable: return v.Ptr<ds::StringMap>()->MinTtl();
    default: return INT64_MAX;
  }
}

bool HashFieldTtl(const Value& v, std::string_view field, int64_t* at_ms) {
  if (IsListpackHash(v)) {
    ListpackView lp(v);
    const uint32_t group = ListpackGroup(v);
    const auto p = FindField(*lp, field, group);
    if (p == ds::Listpack::kNoPos) return false;
    *at_ms = -1;
    if (group == 3) {
      const int64_t at = lp->Get(lp->Next(lp->Next(p))).int_value;
      if (at != 0) *at_ms = at;
    }
    return true;
  }
  const ds::StringMap::Node* n = v.Ptr<ds::StringMap>()->Find(field);
  if (n == nullptr) return false;
  *at_ms = ds::StringMap::HasTtl(n) ? ds::StringMap::TtlOf(n) : -1;
  return true;
}

void HashEnableFieldTtls(Value& v) {
  if (v.encoding() != Encoding::kListpack) return;
  // Every pair gains a "no TTL" entry; the order stays (none has a TTL yet).
  ds::Listpack ex;
  HashForEach(v, [&](std::string_view f, std::string_view val) { ex.AppendBatch({f, val, kNoTtlEntry}); });
  v.SetPtr(ObjType::kHash, Encoding::kListpackEx, ex.Release());
}

void HashSetFieldTtl(Value& v, std::string_view field, int64_t at_ms) {
  if (v.encoding() == Encoding::kListpackEx) {
    MutateListpack(v, [&](ds::Listpack& lp) {
      const auto p = FindField(lp, field, 3);
      if (p != ds::Listpack::kNoPos) ListpackExRetime(lp, p, at_ms);
      return 0;
    });
    return;
  }
  if (v.encoding() == Encoding::kHashtable) v.MutablePtr<ds::StringMap>()->SetTtl(field, at_ms);
}

bool HashClearFieldTtl(Value& v, std::string_view field) {
  if (v.encoding() == Encoding::kListpackEx) {
    return MutateListpack(v, [&](ds::Listpack& lp) {
      const auto p = FindField(lp, field, 3);
      if (p == ds::Listpack::kNoPos || lp.Get(lp.Next(lp.Next(p))).int_value == 0) return false;
      ListpackExRetime(lp, p, 0);
      return true;
    });
  }
  if (v.encoding() == Encoding::kHashtable) return v.MutablePtr<ds::StringMap>()->ClearTtl(field);
  return false;
}

size_t HashExpireFields(Value& v, int64_t now_ms, size_t max, absl::FunctionRef<void(std::string_view)> on_field) {
  if (v.encoding() == Encoding::kListpackEx) {
    return MutateListpack(v, [&](ds::Listpack& lp) {
      // The due triplets are a prefix (sorted by TTL): report them, then delete them in one move.
      size_t n = 0;
      char buf[ds::kInt64BufBytes];
      for (auto p = lp.First(); p != ds::Listpack::kNoPos && n < max;) {
        const auto t = lp.Next(lp.Next(p));
        const int64_t at = lp.Get(t).int_value;
        if (at == 0 || at > now_ms) break;
        on_field(lp.Get(p).View(buf));
        ++n;
        p = lp.Next(t);
      }
      if (n > 0) lp.DeleteRange(0, static_cast<uint32_t>(3 * n));
      return n;
    });
  }
  if (v.encoding() == Encoding::kHashtable) return v.MutablePtr<ds::StringMap>()->EraseExpired(now_ms, max, on_field);
  return 0;
}

}  // namespace ringkv::core
