// StringSet: a set of distinct byte strings, the "hashtable" encoding of the set type. Two tiers behind one
// interface: up to kSmallMax members a single flat abseil table (40 bytes of header, so a set of a few
// short strings costs ~100 bytes instead of a Dict's ~750), past it a ds::Dict, which grows without
// stalling and gives SCAN its guarantee however the table resizes between calls.
//
// Invariants (CheckInvariants() verifies them):
//  1. Exactly one tier is live: big_ == nullptr and small_ holds every member (at most kSmallMax of them),
//     or big_ holds every member and small_ is empty with no allocation. A set moves to the Dict when an
//     insert would take it past kSmallMax (one step moving at most kSmallMax pointers) and never moves
//     back, so a SCAN cursor issued by the Dict stays meaningful for the life of the set.
//  2. SCAN. In the small tier one call returns every member and cursor 0 (as Redis answers for its compact
//     encodings), so no scan is ever in progress across a tier change; in the big tier Scan is
//     Dict::Scan: every member present for the whole scan is returned exactly once.
//  3. member_bytes_ is the sum of the allocator's usable sizes of the member blocks (AllocatedBytes is
//     O(1) and truthful).
//
// Ownership: the set owns its member blocks (one allocation each: a length header and the bytes) and its
// tables. A string_view handed out (Random, ForEach, Scan) points into a member block and is valid until
// that member is erased or the set is destroyed. Single-threaded.
#pragma once

#include <absl/container/flat_hash_set.h>
#include <absl/random/distributions.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include "ds/dict.h"

namespace ringkv::ds {

class StringSet {
 public:
  // Above this many members the set lives in a Dict. Below it a Dict's fixed cost (~640 bytes of header
  // and directory) would dominate; at 128 it is ~5 bytes per member, and moving 128 pointers is a bounded
  // step. SCAN of a set this small returns it whole, as Redis does for a listpack of up to 128 entries.
  static constexpr size_t kSmallMax = 128;

  StringSet() = default;
  StringSet(const StringSet& other);  // a deep copy (COPY)
  StringSet& operator=(const StringSet&) = delete;
  ~StringSet();
  // Freeing in slices (the loop's stepwise lazy free): frees up to *budget elements, subtracting what it
  // freed, and returns true once every element is gone, leaving only this object for the caller to delete
  // (O(1) more). After the first call the set is for freeing only: FreeSome again or its destructor.
  bool FreeSome(size_t* budget);

  size_t size() const { return big_ ? big_->size() : small_.size(); }
  bool empty() const { return size() == 0; }

  bool Contains(std::string_view m) const;
  // Adds m (copied). False, changing nothing, when it is present. Work: one probe and one allocation, plus
  // at most one Dict growth step (Dict::Insert) or the one-off move to the Dict (kSmallMax pointers).
  bool Insert(std::string_view m);
  // Removes m. False when absent. m may point into the member being removed.
  bool Erase(std::string_view m);
  // Prepares for n members: goes straight to the Dict when n is past kSmallMax (a conversion from an
  // intset that is already that large), so the members are not moved twice.
  void Reserve(size_t n);

  // A uniformly random member; the set must not be empty. O(kSmallMax) in the small tier (an iterator walk),
  // Dict::Random's cost in the big one.
  template <class Rng>
  std::string_view Random(Rng& rng) const {
    if (big_) return Key(big_->Random(rng));
    auto it = small_.begin();
    std::advance(it, absl::Uniform<size_t>(rng, 0, small_.size()));
    return Key(*it);
  }

  // fn(std::string_view) for every member, in no useful order. fn must not modify the set.
  template <class F>
  void ForEach(F&& fn) const {
    if (big_) {
      big_->ForEach([&](const Member* m) { fn(Key(m)); });
    } else {
      for (const Member* m : small_) fn(Key(m));
    }
  }

  // As ForEach, stopping as soon as fn returns false. In the Dict tier the remaining members are still
  // walked (not examined): Dict has no early exit.
  template <class F>
  void ForEachWhile(F&& fn) const {
    if (big_) {
      bool go = true;
      big_->ForEach([&](const Member* m) {
        if (go) go = fn(Key(m));
      });
    } else {
      for (const Member* m : small_) {
        if (!fn(Key(m))) return;
      }
    }
  }

  // One SCAN step (invariant 2): fn(std::string_view) for a batch of members; returns the next cursor, 0 at
  // the end. fn must not modify the set.
  template <class F>
  uint64_t Scan(uint64_t cursor, size_t count, F&& fn) const {
    if (big_) return big_->Scan(cursor, count, [&](const Member* m) { fn(Key(m)); });
    for (const Member* m : small_) fn(Key(m));
    return 0;
  }

  // Bytes allocated for the set outside this object: tables and member blocks (this object's own block is
  // the caller's to count).
  size_t AllocatedBytes() const;
  bool is_small() const { return big_ == nullptr; }
  // "" or the first violated invariant. O(size): for tests.
  std::string CheckInvariants() const;

 private:
  // A member block: a u32 length, then the bytes; a length of 2^32 - 1 or more is the marker 0xFFFFFFFF
  // followed by a u64 length. Never constructed: the pointer is the block.
  struct Member;
  static std::string_view Key(const Member* m);
  static Member* NewMember(std::string_view s, size_t* usable);
  void FreeMember(Member* m);

  struct MemberTraits {
    // Smaller segments than the keyspace's: Random (SPOP, SRANDMEMBER) walks one segment with an iterator,
    // ~0.3 us at 96 entries against ~2 us at the keyspace's 1536 on a 100k-member set, while a split moves
    // fewer entries and bytes per member stay the same (bench/string_set_bench.cc). The cost is a larger
    // directory: 2^17 pointers (1 MiB, doubled in one step) near 10M members.
    static constexpr size_t kSegmentMaxEntries = 96;
    static std::string_view Key(const Member* m) { return StringSet::Key(m); }
    static uint64_t Hash(std::string_view s) { return DefaultHash(s); }
  };
  struct SmallHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return DefaultHash(s); }
    size_t operator()(const Member* m) const { return DefaultHash(Key(m)); }
  };
  struct SmallEq {
    using is_transparent = void;
    static std::string_view View(std::string_view s) { return s; }
    static std::string_view View(const Member* m) { return Key(m); }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return View(a) == View(b);
    }
  };
  using SmallTable = absl::flat_hash_set<Member*, SmallHash, SmallEq>;
  using BigTable = Dict<Member, MemberTraits>;

  // Moves every member of the small tier into a new Dict (invariant 1).
  void GoBig();

  SmallTable small_;
  std::unique_ptr<BigTable> big_;
  size_t member_bytes_ = 0;
};

}  // namespace ringkv::ds
