#include "core/set_type.h"

#include <malloc.h>

#include <algorithm>

#include "core/config.h"
#include "ds/numconv.h"

namespace ringkv::core {

namespace {

ds::Intset* IntsetOf(Value& v) { return v.MutablePtr<ds::Intset>(); }
ds::StringSet* HashtableOf(Value& v) { return v.MutablePtr<ds::StringSet>(); }

// Redis's setTypeConvert to a hashtable: every integer becomes its decimal text, the table presized for
// them. The intset is freed when the value takes the new structure.
void ConvertToHashtable(Value& v) {
  const ds::Intset* is = v.Ptr<ds::Intset>();
  auto* set = new ds::StringSet();
  set->Reserve(is->size());
  char buf[ds::kInt64BufBytes];
  for (uint32_t i = 0; i < is->size(); ++i) set->Insert(std::string_view(buf, ds::Int64ToChars(is->Get(i), buf)));
  v.SetPtr(ObjType::kSet, Encoding::kHashtable, set);
}

// An integer into an intset-encoded v, converting past max_intset as Redis's setTypeAdd.
bool IntsetAdd(Value& v, int64_t num, size_t max_intset) {
  bool added;
  v.ReplacePtr(ds::Intset::Add(IntsetOf(v), num, &added));
  if (added && v.Ptr<ds::Intset>()->size() > max_intset) ConvertToHashtable(v);
  return added;
}

}  // namespace

void RegisterSetEncodings() {
  EncodingOps intset;
  intset.destroy = [](void* p) { ds::Intset::Free(static_cast<ds::Intset*>(p)); };
  intset.copy = [](const void* p) -> void* { return ds::Intset::Copy(static_cast<const ds::Intset*>(p)); };
  intset.heap_bytes = [](const void* p) { return static_cast<const ds::Intset*>(p)->AllocatedBytes(); };
  RegisterEncodingOps(ObjType::kSet, Encoding::kIntset, intset);

  EncodingOps hashtable;
  hashtable.destroy = [](void* p) { delete static_cast<ds::StringSet*>(p); };
  hashtable.copy = [](const void* p) -> void* { return new ds::StringSet(*static_cast<const ds::StringSet*>(p)); };
  hashtable.heap_bytes = [](const void* p) {
    auto* set = static_cast<const ds::StringSet*>(p);
    return malloc_usable_size(const_cast<ds::StringSet*>(set)) + set->AllocatedBytes();
  };
  // One allocation per member, as Redis counts a hashtable set's free effort; an intset is one block.
  hashtable.effort = [](const void* p) { return static_cast<const ds::StringSet*>(p)->size(); };
  hashtable.free_some = [](void* p, size_t* budget) {
    auto* s = static_cast<ds::StringSet*>(p);
    if (!s->FreeSome(budget)) return false;
    delete s;
    return true;
  };
  RegisterEncodingOps(ObjType::kSet, Encoding::kHashtable, hashtable);
}

std::string_view SetElem::View(char* buf) const {
  if (!is_int) return str;
  return {buf, ds::Int64ToChars(num, buf)};
}

size_t MaxIntsetEntries(const Config& cfg) {
  const auto configured = static_cast<size_t>(std::max<int64_t>(cfg.set_max_intset_entries, 0));
  return std::min(configured, ds::Intset::kMaxEntries);
}

Value NewSetFor(std::string_view first) {
  int64_t num;
  if (ds::StringToInt64(first, &num)) return NewIntsetSet();
  Value v;
  v.SetPtr(ObjType::kSet, Encoding::kHashtable, new ds::StringSet());
  return v;
}

Value NewIntsetSet() {
  Value v;
  v.SetPtr(ObjType::kSet, Encoding::kIntset, ds::Intset::New());
  return v;
}

size_t SetSize(const Value& v) {
  if (v.encoding() == Encoding::kIntset) return v.Ptr<ds::Intset>()->size();
  return v.Ptr<ds::StringSet>()->size();
}

bool SetIsMember(const Value& v, std::string_view member) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t num;
    return ds::StringToInt64(member, &num) && v.Ptr<ds::Intset>()->Contains(num);
  }
  return v.Ptr<ds::StringSet>()->Contains(member);
}

bool SetIsMember(const Value& v, const SetElem& e) {
  if (e.is_int && v.encoding() == Encoding::kIntset) return v.Ptr<ds::Intset>()->Contains(e.num);
  char buf[ds::kInt64BufBytes];
  return SetIsMember(v, e.View(buf));
}

bool SetAdd(Value& v, std::string_view member, size_t max_intset) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t num;
    if (ds::StringToInt64(member, &num)) return IntsetAdd(v, num, max_intset);
    // Not an integer: the set becomes a hashtable, where member is certainly absent.
    ConvertToHashtable(v);
  }
  return HashtableOf(v)->Insert(member);
}

bool SetAdd(Value& v, const SetElem& e, size_t max_intset) {
  if (e.is_int && v.encoding() == Encoding::kIntset) return IntsetAdd(v, e.num, max_intset);
  char buf[ds::kInt64BufBytes];
  return SetAdd(v, e.View(buf), max_intset);
}

bool SetRemove(Value& v, std::string_view member) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t num;
    if (!ds::StringToInt64(member, &num)) return false;
    bool removed;
    v.ReplacePtr(ds::Intset::Remove(IntsetOf(v), num, &removed));
    return removed;
  }
  return HashtableOf(v)->Erase(member);
}

bool SetRemove(Value& v, const SetElem& e) {
  if (e.is_int && v.encoding() == Encoding::kIntset) {
    bool removed;
    v.ReplacePtr(ds::Intset::Remove(IntsetOf(v), e.num, &removed));
    return removed;
  }
  char buf[ds::kInt64BufBytes];
  return SetRemove(v, e.View(buf));
}

}  // namespace ringkv::core
