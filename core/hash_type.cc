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

// Redis's hashTypeConvert to a hashtable: every pair copied into a StringMap sized for them; the listpack is
// freed when the value takes the new structure.
void ConvertToHashtable(Value& v) {
  auto* map = new ds::StringMap();
  map->Reserve(HashLength(v));
  HashForEach(v, [&](std::string_view f, std::string_view val) { map->Set(f, val); });
  v.SetPtr(ObjType::kHash, Encoding::kHashtable, map);
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

  EncodingOps hashtable;
  hashtable.destroy = [](void* p) { delete static_cast<ds::StringMap*>(p); };
  hashtable.copy = [](const void* p) -> void* { return new ds::StringMap(*static_cast<const ds::StringMap*>(p)); };
  hashtable.heap_bytes = [](const void* p) {
    auto* map = static_cast<const ds::StringMap*>(p);
    return malloc_usable_size(const_cast<ds::StringMap*>(map)) + map->AllocatedBytes();
  };
  // One allocation per field, as Redis counts a hashtable hash's free effort.
  hashtable.effort = [](const void* p) { return static_cast<const ds::StringMap*>(p)->size(); };
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
  if (v.encoding() == Encoding::kListpack) return ListpackView(v)->Length() / 2;
  return v.Ptr<ds::StringMap>()->size();
}

void HashTryConversion(Value& v, const std::vector<std::string_view>& args, size_t first, size_t last,
                       const HashLimits& limits) {
  if (v.encoding() != Encoding::kListpack) return;
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
  if (v.encoding() == Encoding::kListpack) {
    ListpackView lp(v);
    const auto first = lp->First();
    if (first == ds::Listpack::kNoPos) return false;
    const auto p = lp->Find(first, field, 1);
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

bool HashSet(Value& v, std::string_view field, std::string_view value, const HashLimits& limits) {
  if (v.encoding() == Encoding::kListpack) {
    // HINCRBY's path: the other writers checked their arguments already (HashTryConversion).
    if (field.size() > limits.max_value || value.size() > limits.max_value) ConvertToHashtable(v);
  }
  if (v.encoding() == Encoding::kListpack) {
    const bool added = MutateListpack(v, [&](ds::Listpack& lp) {
      const auto first = lp.First();
      const auto p = first == ds::Listpack::kNoPos ? ds::Listpack::kNoPos : lp.Find(first, field, 1);
      if (p != ds::Listpack::kNoPos) {
        lp.Replace(lp.Next(p), value);
        return false;
      }
      lp.AppendBatch({field, value});
      return true;
    });
    // Checked after an update too, as Redis does: a lowered hash-max-listpack-entries converts at the next write.
    if (HashLength(v) > limits.max_entries) ConvertToHashtable(v);
    return added;
  }
  return v.MutablePtr<ds::StringMap>()->Set(field, value);
}

bool HashDelete(Value& v, std::string_view field) {
  if (v.encoding() == Encoding::kListpack) {
    return MutateListpack(v, [&](ds::Listpack& lp) {
      const auto first = lp.First();
      if (first == ds::Listpack::kNoPos) return false;
      const auto p = lp.Find(first, field, 1);
      if (p == ds::Listpack::kNoPos) return false;
      lp.DeleteRangeWithEntry(p, 2);
      return true;
    });
  }
  return v.MutablePtr<ds::StringMap>()->Erase(field);
}

}  // namespace ringkv::core
