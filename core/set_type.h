// The set type's values: its two encodings behind one small API, with Redis 7.0's conversion rules, for the
// set commands (core/commands/sets.cc) and whoever else reads sets (SORT, the RDB writer). A set is an
// intset (ds::Intset: frame-of-reference in memory, Redis's bytes on output) while every member is an
// integer Redis's string2ll accepts and there are at most set-max-intset-entries of them, else a hashtable
// (ds::StringSet). Redis 7.0 has no listpack for sets (7.2 added it), and a hashtable never goes back to an
// intset; only a set built afresh (SMOVE's new destination, SPOP's rebuilt remainder, the S*STORE results)
// starts again from the rule above.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/object.h"
#include "ds/intset.h"
#include "ds/string_set.h"

namespace ringkv::core {

struct Config;

// Installs the EncodingOps rows of (set, intset) and (set, hashtable). Idempotent.
void RegisterSetEncodings();

// One member as its encoding yields it: an intset gives an integer, a hashtable a string (a view into the
// set, valid until that member is removed).
struct SetElem {
  bool is_int = false;
  int64_t num = 0;
  std::string_view str;
  // The member's bytes; an integer is written into buf, which must hold ds::kInt64BufBytes.
  std::string_view View(char* buf) const;
};

// set-max-intset-entries as Redis applies it: capped at 2^30 "due to intset internals".
size_t MaxIntsetEntries(const Config& cfg);

// A new, empty set able to hold first, as Redis's setTypeCreate: an intset when first is an integer, else a
// hashtable. The caller adds first (and the rest) with SetAdd.
Value NewSetFor(std::string_view first);
// A new, empty intset-encoded set: what S*STORE and SUNION/SDIFF start their result from.
Value NewIntsetSet();

size_t SetSize(const Value& v);
bool SetIsMember(const Value& v, std::string_view member);
bool SetIsMember(const Value& v, const SetElem& e);  // without formatting an integer against an intset

// Adds member; false when present. Converts as Redis's setTypeAdd: an intset becomes a hashtable when the
// member is not an integer or the intset grows past max_intset (MaxIntsetEntries).
bool SetAdd(Value& v, std::string_view member, size_t max_intset);
bool SetAdd(Value& v, const SetElem& e, size_t max_intset);
// Removes member; false when absent. Never converts.
bool SetRemove(Value& v, std::string_view member);
bool SetRemove(Value& v, const SetElem& e);

// A uniformly random member of a non-empty set.
template <class Rng>
SetElem SetRandom(const Value& v, Rng& rng) {
  SetElem e;
  if (v.encoding() == Encoding::kIntset) {
    e.is_int = true;
    e.num = v.Ptr<ds::Intset>()->Random(rng);
  } else {
    e.str = v.Ptr<ds::StringSet>()->Random(rng);
  }
  return e;
}

// fn(const SetElem&) -> bool for every member until it returns false: an intset in increasing order, a
// hashtable in its table order. fn must not modify the set.
template <class F>
void SetForEachWhile(const Value& v, F&& fn) {
  SetElem e;
  if (v.encoding() == Encoding::kIntset) {
    const ds::Intset* is = v.Ptr<ds::Intset>();
    e.is_int = true;
    const uint32_t n = is->size();
    for (uint32_t i = 0; i < n; ++i) {
      e.num = is->Get(i);
      if (!fn(static_cast<const SetElem&>(e))) return;
    }
  } else {
    v.Ptr<ds::StringSet>()->ForEachWhile([&](std::string_view s) {
      e.str = s;
      return fn(static_cast<const SetElem&>(e));
    });
  }
}

// fn(const SetElem&) for every member, in SetForEachWhile's order.
template <class F>
void SetForEach(const Value& v, F&& fn) {
  SetForEachWhile(v, [&](const SetElem& e) {
    fn(e);
    return true;
  });
}

}  // namespace ringkv::core
