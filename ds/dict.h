// Dict: the keyspace table (and the table behind large hashes and sets). It maps a key to a caller-owned
// node, grows without ever stalling on a whole-table rehash, and supports a SCAN cursor that returns every
// element present for the whole scan exactly once, however the table resizes between calls.
//
// Shape (extendible hashing, as in Dragonfly's DashTable): a directory of 2^g segment pointers indexed by the
// top g bits of a key's 64-bit hash; each segment is a small absl::flat_hash_set<Node*> that covers one
// contiguous range of hash values. Growth is one segment splitting in two by its next hash bit (at most S
// entries hashed and moved); the directory, an array of pointers, doubles when a segment as deep as it
// splits. Shrinking is the reverse: after a delete, two buddy segments holding at most S/2 together merge
// (at most S/2 moves), and the directory halves when no segment needs its last bit. There is never a second
// full-size table, and a split or merge dirties only the pages of two segments. Still, each split or merge
// writes whole new tables, and while a forked child saves, every page written is a page copied: so while
// SetDictResizeAllowed(false) is in force (a child lives), segments neither split nor merge, as Redis's
// dict_can_resize. A full segment then grows its own table (abseil rehashes it) until it holds
// kForceResizeRatio times its threshold, where it splits anyway (Redis's dict_force_resize_ratio).
//
// Invariants (checked by CheckInvariants(), relied on where marked "(invariant N)"):
//  1. Placement. A segment of local depth d covers the 2^(64-d) hash values that share its top d bits. Every
//     node in the dict is in exactly one segment: the one whose range holds Traits::Hash(Traits::Key(node)).
//     Splits and merges move a node only between the two halves of one range, so a node never changes its
//     position in hash order; SCAN rests on this.
//  2. Directory. g >= every local depth; slot i of the directory points at the segment covering the hashes
//     whose top g bits equal i, so a segment of depth d fills 2^(g-d) consecutive, aligned slots. g is as
//     small as it can be: g == 0 or some segment has depth g (a directory is halved when none does).
//  3. Bounded segments. A segment holds fewer than S = kSegmentMaxEntries entries before an insert, except
//     after a split failed to separate its entries (only possible when Traits::Hash is degenerate: see
//     "Overflow" below), and while resizing is paused (up to kForceResizeRatio * S; after the pause such a
//     segment splits again at each insert into it until its halves are below S, each split moving at most
//     what it holds). Otherwise every step that moves entries moves at most S: a split rebuilds the segment as
//     two tables sized for what each half holds (at most S moves), a merge moves at most S/2, and abseil
//     growing a segment's table (segments are sized to their contents, not reserved for S, which would leave
//     the average table under 40% full and cost ~9 bytes a key) rehashes fewer than S entries.
//  4. Counts. size_ is the sum of the segment sizes; depth_count_[d] is the number of segments of depth d.
//
// Ownership: the Dict owns its directory and segments and never owns a node. The caller allocates each node,
// hands the pointer to Insert, takes it back from Extract (or from Clear's dispose callback) and frees it.
// Because the table stores pointers, a node never moves: a Node* stays valid across any number of inserts,
// splits and merges, until the caller frees it. A node's key bytes must not change while it is in the dict
// (its hash decides where it lives). Like a standard container, const methods may run concurrently with each
// other, except Scan, which updates its sorted-run cache; anything else needs exclusive access.
//
// Hashing. Traits provides `static std::string_view Key(const Node*)` and `static uint64_t Hash(
// std::string_view)`; the hash is computed once per Find/Insert/Extract (the segment's table gets it through a
// pre-hashed key). The top bits pick the segment and the low bits place the entry inside it, so Hash must be
// well mixed across all 64 bits; DefaultHash is (see the distribution test). Nothing but the pointer is
// stored per entry (8 bytes plus abseil's control byte), so a split or a SCAN call recomputes the hashes of
// the entries of the segments it touches. Traits may also define `static constexpr size_t
// kSegmentMaxEntries` to pick S (tests use a small S to exercise many splits).
//
// Overflow. If a split leaves the segment that must take the new key still full (every entry, and the new
// key, share one more hash bit: with a 64-bit mixed hash the odds are 2^-S), the entry is inserted anyway and
// that segment only retries a split once it has doubled. So a degenerate Traits::Hash (all keys in a few
// hash values) degrades to a plain abseil table that rehashes itself, and is still correct.
#pragma once

#include <absl/container/flat_hash_set.h>
#include <absl/hash/hash.h>
#include <absl/random/distributions.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringkv::ds::dict_internal {
// Selects the slot-array access below.
struct SlotArrayAccess {};
}  // namespace ringkv::ds::dict_internal

namespace absl {
ABSL_NAMESPACE_BEGIN
namespace container_internal::hashtable_debug_internal {
// Random access into a segment's table for Dict::Random and Dict::SampleSome. abseil's tables offer only
// forward iteration, and reaching a random element by it walks half a segment (~2 us at S = 1536: most of
// an eviction's cost when every write evicts). raw_hash_set befriends every HashtableDebugAccess, abseil's
// own hook for looking inside its tables; this one reads the fields of Debian 12's abseil (ctrl_, slots_,
// capacity_, unchanged from 2018 until abseil's 2023 rewrite of the layout, where this stops compiling
// rather than misreading anything).
template <class Set>
struct HashtableDebugAccess<Set, ::ringkv::ds::dict_internal::SlotArrayAccess> {
  static size_t Capacity(const Set& s) { return s.capacity_; }
  static bool Full(const Set& s, size_t i) { return IsFull(s.ctrl_[i]); }
  static const typename Set::value_type& At(const Set& s, size_t i) {
    return Set::PolicyTraits::element(s.slots_ + i);
  }
};
}  // namespace container_internal::hashtable_debug_internal
ABSL_NAMESPACE_END
}  // namespace absl

namespace ringkv::ds {

// absl's string hash: per-process seeded (so hash order, and therefore SCAN cursors, mean nothing across a
// restart, as in Redis), fast for short keys, and its top bits are as uniform as its low bits (a chi-square
// test in ds_dict_test.cc checks the top 12 bits on sequential and structured keys), so it needs no extra
// finalizer. A fork child inherits the seed with the rest of the address space.
inline uint64_t DefaultHash(std::string_view key) {
  static_assert(sizeof(size_t) == sizeof(uint64_t), "Dict assumes a 64-bit absl hash");
  return absl::Hash<std::string_view>{}(key);
}

namespace dict_internal {

// S, chosen with bench/dict_bench.cc (numbers in its header comment). 1536 entries sit in a 2047-slot abseil
// table, 75% full when a split triggers (~18 KiB). What scales with S: a split (~50/90/170 us of CPU for S =
// 768/1536/3072 on a cold 1M-key table) and a SCAN call that misses its cache. What does not: Find and Insert
// throughput, table bytes per key (~19 at 1M keys for all three), and Random (random slots of one table).
// Smaller S only buys a larger directory (2^17 pointers at 100M keys for 1536, 2^18 for 768) and a longer
// one-off pause when it doubles; 1536 keeps every growth step near 0.1 ms, far inside a command's latency
// budget. Keep S at 3/4 of (2^k - 1) so a reserved table is full.
inline constexpr size_t kDefaultSegmentMaxEntries = 1536;

template <class T>
concept HasSegmentMaxEntries = requires {
  { T::kSegmentMaxEntries } -> std::convertible_to<size_t>;
};

// All bits below the top `depth` bits: OR-ing it into a hash gives the last hash of the depth-`depth` range
// that holds it. Depth 64 (a single hash value) is legal and must not shift by 64.
constexpr uint64_t LowMask(uint32_t depth) { return depth >= 64 ? 0 : (~uint64_t{0} >> depth); }

// Whether segments may split and merge (one switch for every Dict of the process, as Redis's
// dict_can_resize: the server turns it off while a forked child lives). The loop's thread only.
inline bool resize_allowed = true;

}  // namespace dict_internal

inline void SetDictResizeAllowed(bool allowed) { dict_internal::resize_allowed = allowed; }
inline bool DictResizeAllowed() { return dict_internal::resize_allowed; }

template <class Node, class Traits>
class Dict {
 public:
  // S: the most entries a segment holds before an insert into it splits it.
  static constexpr size_t kSegmentMaxEntries = [] {
    if constexpr (dict_internal::HasSegmentMaxEntries<Traits>) {
      return static_cast<size_t>(Traits::kSegmentMaxEntries);
    } else {
      return dict_internal::kDefaultSegmentMaxEntries;
    }
  }();
  // Below 16 abseil's table is a single group that grows instead of cleaning tombstones in place.
  static_assert(kSegmentMaxEntries >= 16, "segments this small would break invariant 3");
  // While resizing is paused, a segment splits anyway once it holds this many times its threshold (Redis
  // 7.0's dict_force_resize_ratio), so a paused table degrades at worst to 5x longer probes, never unbounded.
  static constexpr size_t kForceResizeRatio = 5;

  // A SCAN call stops after this many segments even if it has returned fewer than COUNT entries, so a run of
  // empty segments cannot make one call long (each empty one costs O(1)).
  static constexpr size_t kScanMaxSegments = 8;
  // The SCAN sorted-run cache (see "The sorted-run cache"): how many entries a call that hashed a segment
  // keeps sorted for the calls after it (at COUNT 10, one hash pass serves ~25 calls), and how many runs are
  // kept (one per concurrent scan, least recently used replaced).
  static constexpr size_t kScanCacheEntries = 256;
  static constexpr size_t kScanCacheSlots = 4;

  // Counters for INFO-style stats and for tests that check the growth bound.
  struct Stats {
    uint64_t splits = 0;
    uint64_t merges = 0;
    uint64_t directory_doublings = 0;
    uint64_t directory_halvings = 0;
    // Inserts into a segment already holding S or more entries: nonzero only with a degenerate hash.
    uint64_t overflow_inserts = 0;
    // Splits and merges not done because resizing was paused (a fork child lived).
    uint64_t deferred_splits = 0;
    uint64_t deferred_merges = 0;
    // Times abseil reallocated a segment that was already at full capacity (only after overflow).
    uint64_t full_segment_rehashes = 0;
    // The most entries any single Insert or Extract moved from one table to another: a split's moves, a
    // merge's moves, or abseil rehashing the first segment while it grows. Invariant 3 keeps it <= S.
    size_t largest_step_moves = 0;
  };

  Dict() noexcept = default;
  ~Dict() { DeleteSegments(); }  // nodes belong to the caller and are not touched

  Dict(const Dict&) = delete;
  Dict& operator=(const Dict&) = delete;

  // A moved-from Dict is empty and usable. SWAPDB swaps two dicts with these (or with swap()).
  Dict(Dict&& other) noexcept { swap(other); }
  Dict& operator=(Dict&& other) noexcept {
    if (this != &other) {
      Dict taken(std::move(other));
      swap(taken);  // our old segments die with `taken`; their nodes stay with the caller
    }
    return *this;
  }
  void swap(Dict& other) noexcept {
    dir_.swap(other.dir_);
    std::swap(global_depth_, other.global_depth_);
    std::swap(size_, other.size_);
    std::swap(depth_count_, other.depth_count_);
    std::swap(stats_, other.stats_);
    std::swap(mutations_, other.mutations_);  // the stamps in the segments and the cache travel together
    scan_cache_.swap(other.scan_cache_);
  }
  friend void swap(Dict& a, Dict& b) noexcept { a.swap(b); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The hash every operation uses for `key`; callers that look a key up and then insert or delete it can
  // compute it once and pass it to the overloads below (it must equal Traits::Hash(key)).
  static uint64_t HashOf(std::string_view key) { return Traits::Hash(key); }

  Node* Find(std::string_view key) const { return Find(key, Traits::Hash(key)); }
  Node* Find(std::string_view key, uint64_t hash) const {
    if (dir_.empty()) return nullptr;
    const Segment* seg = dir_[SlotOf(hash)];  // invariant 1: only this segment can hold the key
    auto it = seg->set.find(HashedKey{key, hash});
    return it == seg->set.end() ? nullptr : *it;
  }

  // Starts loading the cache lines a Find(key) will touch (the segment's control bytes and slot group), so
  // that the lookups of a pipelined batch overlap their misses instead of queueing them. No effect on state.
  void Prefetch(std::string_view key) const {
    if (dir_.empty()) return;
    const uint64_t hash = Traits::Hash(key);
    dir_[SlotOf(hash)]->set.prefetch(HashedKey{key, hash});
  }

  // Returns false, changing nothing, if a node with the same key is present. Work: one probe, plus at most
  // one split (hashes and moves at most S entries) and at most one directory doubling (2^(g+1) pointers).
  bool Insert(Node* node) {
    const std::string_view key = Traits::Key(node);
    return Insert(node, Traits::Hash(key));
  }
  bool Insert(Node* node, uint64_t hash) {
    const std::string_view key = Traits::Key(node);
    if (dir_.empty()) CreateFirstSegment();
    Segment* seg = dir_[SlotOf(hash)];
    bool deferred = false;
    if (seg->set.size() >= seg->split_at) {
      // Never split on behalf of a key that is already there: the call must change nothing.
      if (seg->set.find(HashedKey{key, hash}) != seg->set.end()) return false;
      if (DictResizeAllowed() || seg->set.size() >= kForceResizeRatio * seg->split_at) {
        seg = SplitFor(hash);
      } else {
        deferred = true;
      }
    }
    const size_t size_before = seg->set.size();
    const size_t capacity_before = seg->set.capacity();
    bool inserted = false;
    seg->set.lazy_emplace(HashedKey{key, hash}, [&](const auto& construct) {
      construct(node);
      inserted = true;
    });
    if (!inserted) return false;
    Touch(seg);
    ++size_;
    if (deferred) {
      ++stats_.deferred_splits;
    } else if (size_before >= kSegmentMaxEntries) {
      ++stats_.overflow_inserts;
    }
    if (seg->set.capacity() != capacity_before) {
      // abseil grew this table: the first segment on its way to S entries (moves < S), or an overflowed one.
      NoteStepMoves(size_before);
      if (capacity_before >= FullCapacity()) ++stats_.full_segment_rehashes;
    }
    return true;
  }

  // Puts fresh, which has the same key as the node old in the dict, in old's place (the caller frees old).
  // The entry keeps its position in hash order, so a SCAN in progress is unaffected. Work: one probe; the
  // table does not grow (the insert reuses the slot the erase freed) and no segment splits or merges.
  void Replace(Node* old, Node* fresh) {
    const std::string_view key = Traits::Key(fresh);
    const uint64_t hash = Traits::Hash(key);
    Segment* seg = dir_[SlotOf(hash)];
    auto it = seg->set.find(HashedKey{key, hash});
    assert(it != seg->set.end() && *it == old);
    (void)old;
    seg->set.erase(it);
    seg->set.lazy_emplace(HashedKey{key, hash}, [fresh](const auto& construct) { construct(fresh); });
    Touch(seg);  // the SCAN cache holds node pointers
  }

  // Removes the node with this key and returns it (the caller frees it), nullptr if absent. Work: one probe,
  // plus, when the segment has become small, merges with its buddy that together move at most S/2 entries,
  // and directory halvings (each 2^(g-1) pointers).
  Node* Extract(std::string_view key) { return Extract(key, Traits::Hash(key)); }
  Node* Extract(std::string_view key, uint64_t hash) {
    if (dir_.empty()) return nullptr;
    Segment* seg = dir_[SlotOf(hash)];
    auto it = seg->set.find(HashedKey{key, hash});
    if (it == seg->set.end()) return nullptr;
    Node* node = *it;
    seg->set.erase(it);
    Touch(seg);
    --size_;
    if (seg->depth > 0 && seg->set.size() <= kMergeCheckBelow) {
      if (DictResizeAllowed()) {
        MergeAround(hash);
      } else {
        ++stats_.deferred_merges;  // a later delete from either buddy merges them
      }
    }
    return node;
  }

  // An empty dict that will take about n nodes (an RDB's RESIZEDB hint): builds at once the directory and
  // segments n uniformly hashed keys need (2^g segments of depth g, each expecting at most 70% of S, tables
  // reserved for that plus 25%), so loading them costs no split and no table growth -- those were ~20% of
  // a 10M-key load. No effect on a non-empty dict or for n below S. Work: O(n / S) allocations of
  // segment tables (n is the caller's to bound: a hostile hint must not allocate unbounded memory).
  void Reserve(size_t n) {
    if (size_ != 0 || n < kSegmentMaxEntries) return;
    uint32_t g = 0;
    while (g < kMaxDepth && (n >> g) * 10 > kSegmentMaxEntries * 7) ++g;
    const size_t expect = (n >> g) + 1;
    DeleteSegments();
    depth_count_.fill(0);
    scan_cache_.reset();
    dir_.assign(size_t{1} << g, nullptr);
    global_depth_ = g;
    for (size_t i = 0; i < dir_.size(); ++i) {
      Segment* seg = NewSegment(g);
      // A quarter over the expected count (8+ standard deviations at these sizes) for the table and
      // before the (jittered, as after a split) threshold: no segment splits or grows during the load.
      seg->set.reserve(expect + expect / 4);
      seg->split_at = JitteredSplitAt(expect + expect / 4);
      dir_[i] = seg;
    }
  }

  // Removes every node, calling dispose(Node*) on each (which must not touch the dict), and frees all
  // segments: the dict returns to its just-constructed state. O(size + segments); FLUSHDB on a big
  // keyspace should move the Dict out and clear it elsewhere if that is too long for the loop.
  template <class F>
  void Clear(F&& dispose) {
    ForEachSegment([&](Segment* seg) {
      for (Node* node : seg->set) dispose(node);
    });
    DeleteSegments();
    dir_.clear();
    dir_.shrink_to_fit();
    global_depth_ = 0;
    size_ = 0;
    depth_count_.fill(0);
    scan_cache_.reset();
  }

  // Freeing a big dict in slices (the loop's stepwise lazy free, core/lazyfree.h): removes whole segments
  // from the end of the directory, calling dispose(Node*) on each of their nodes, until at least max_nodes
  // nodes went or the dict is empty; returns how many went. A segment of depth d fills the last 2^(g-d)
  // slots when it is last, so the directory shrinks by that span and stays a list of whole segments. After a
  // call the dict is for draining only: size(), empty(), DrainSome, Clear and the destructor; nothing else
  // (the directory is no longer 2^g slots). Work: O(nodes removed + segments freed), overshooting max_nodes
  // by at most one segment.
  template <class F>
  size_t DrainSome(size_t max_nodes, F&& dispose) {
    size_t removed = 0;
    while (!dir_.empty() && removed < max_nodes) {
      Segment* seg = dir_.back();
      const size_t span = SpanOf(seg);
      for (Node* node : seg->set) dispose(node);
      removed += seg->set.size();
      size_ -= seg->set.size();
      --depth_count_[seg->depth];
      delete seg;
      dir_.resize(dir_.size() - span);
    }
    if (dir_.empty()) {
      dir_.shrink_to_fit();
      global_depth_ = 0;
      scan_cache_.reset();
    }
    return removed;
  }

  // ---------------------------------------------------------------------------------------------------------
  // SCAN
  //
  // Scan(cursor, count, fn) calls fn(Node*) for a batch of entries and returns the cursor for the next call;
  // the caller starts with 0 and stops when 0 comes back. The guarantee is Redis's, strengthened: every entry
  // present from the first call to the last is passed to fn exactly once, an entry added or removed meanwhile
  // at most once, whatever the table does between calls.
  //
  // How it works.
  // The cursor is not a position in any table; it is a position in hash order, i.e. a 64-bit hash value.
  // Everything the dict holds has a fixed place on the line of hash values 0 .. 2^64-1 (a key's hash never
  // changes), and the segments cut that line into contiguous ranges, each range held by one segment
  // (invariant 1). A call with cursor c
  //   - looks up the segment whose range [lo, hi] contains c, exactly as a key with hash c would be found;
  //   - hashes each of its entries and keeps those with hash >= c;
  //   - selects the K smallest of those (K >= COUNT, see "The sorted-run cache"; a selection, not a sort of
  //     the segment), widened to every entry whose hash equals the largest one picked so a run of equal
  //     hashes is never cut in two, and sorts them: an exact, sorted copy of the segment's entries in
  //     [c, covered_last];
  //   - passes the first COUNT of them to fn in hash order, again widened to the end of a run of equal
  //     hashes;
  //   - if it has then returned every entry up to hi (fewer than COUNT were left) and has budget left, it
  //     continues the same way with the segment that starts at hi+1.
  // It returns the smallest hash it has not covered: one past the last hash returned when it stopped inside a
  // segment, hi+1 when it stopped at the end of a segment, and 0 when the range it finished was the last one
  // (hi == 2^64-1, which also covers an entry whose hash is 2^64-1: there is no hash after it).
  //
  // The one fact the guarantee needs: a call with cursor c that returns c' has passed to fn every entry
  // present at that moment whose hash lies in [c, c'). That holds because the call examines every entry of
  // each segment it visits, and those segments hold every entry of their ranges (invariant 1), and because
  // when it stops early it stops after a complete run of equal hashes. The cursors of one scan, 0 = c0 < c1
  // < ... < ck then 0 (read as 2^64), cut the hash line into disjoint intervals [c_i, c_i+1) that cover it.
  // An entry present throughout has one fixed hash, which lies in exactly one interval, so the call that
  // covered that interval returned it, and no other call could have: exactly once. An entry that comes and
  // goes (even deleted and re-added: same key, same hash) lies in one interval too: at most once.
  //
  // What happens when the table resizes between calls.
  // Nothing needs handling, which is the point of ordering by hash rather than by table position. A split
  // moves the upper half of a range into a new segment, a merge folds two halves back together, and the
  // directory doubles or halves; none of this changes any entry's hash, only which segment holds which
  // range, and each call locates its segment afresh from the cursor. The cursor carries no state of the
  // table, so no sequence of splits and merges can make a later call skip or repeat an interval. (Contrast
  // Redis's reverse-binary cursor, whose argument depends on how bucket indexes of a power-of-two table
  // relate before and after a resize; a SwissTable's slot positions move on every rehash, so no cursor over
  // them could be stable.)
  //
  // The sorted-run cache.
  // Hashing a whole segment to return ten entries would make a full scan with the default COUNT cost
  // size * S / 10 hash computations. So a call that had to hash a segment selects K = max(COUNT, 256)
  // entries, not COUNT, and keeps the sorted run in one of kScanCacheSlots slots (least recently used
  // replaced, so a few concurrent scans do not evict each other), tagged with the segment and its
  // modification stamp (every insert, delete, split or merge of a segment gives it a new stamp from a counter
  // that never repeats, so a stamp also tells a new segment at a reused address apart). A later call whose
  // cursor falls inside a cached run of an unmodified segment, with at least COUNT entries left in the run or
  // the run reaching the end of the segment, is served from it by a binary search. The argument above is
  // untouched: an unchanged stamp means the segment holds exactly what it held when the run was copied, so
  // the run is still the exact set of entries in [first, covered_last]. A write to the segment between calls
  // just costs the next call a re-hash.
  //
  // Cost and limitations.
  //  - A call that misses the cache hashes every entry of each segment it visits: at most kScanMaxSegments
  //    segments, and it does not start another segment once it has hashed S entries, so fewer than 2*S hashes
  //    per call (unless a segment has overflowed); then O(entries) expected to select (nth_element) and
  //    O(K log K) to sort. A hit costs O(log K + COUNT). A full scan of a table nobody writes to hashes each
  //    entry about (entries per segment) / K times; under writes, calls miss more often, up to the O(S) per
  //    call bound.
  //  - Scan is const but updates the cache: two threads must not scan one Dict at the same time.
  //  - COUNT is exceeded only to finish a run of equal 64-bit hashes (a good hash makes such runs length 1).
  //  - A call may return fewer than COUNT entries, even none, with a non-zero cursor (sparse segments).
  //  - Cursors are hash values of this process's seeded hash: after a restart (or on another server) an old
  //    cursor is a valid starting point but not a continuation. Any 64-bit value is accepted.
  //  - fn must not modify the dict or scan it (the cached run it is handed out of would change under the
  //    call), and a node fn sees must stay alive until fn returns.
  template <class F>
  uint64_t Scan(uint64_t cursor, size_t count, F&& fn) const {
    if (size_ == 0) return 0;
    if (count == 0) count = 1;
    uint64_t pos = cursor;
    size_t returned = 0;
    size_t hashed = 0;
    for (size_t visited = 1;; ++visited) {
      const Segment* seg = dir_[SlotOf(pos)];
      const uint64_t range_last = pos | dict_internal::LowMask(seg->depth);
      if (!seg->set.empty()) {
        const size_t want = count - returned;
        const SortedRun run = SortedRunFrom(seg, pos, range_last, want, &hashed);
        // run: every entry of seg with hash in [pos, run.covered_last], sorted, runs of equal hashes whole.
        size_t take = std::min(want, run.size);
        while (take > 0 && take < run.size && run.data[take].hash == run.data[take - 1].hash) ++take;
        for (size_t i = 0; i < take; ++i) fn(run.data[i].node);
        returned += take;
        // Stopped inside the run: entries with larger hashes remain, so the hash + 1 cannot wrap.
        if (take < run.size) return run.data[take - 1].hash + 1;
        // Took the whole run but the segment goes on past it (a run of exactly `want` entries).
        if (run.covered_last != range_last) return run.covered_last + 1;
      }
      if (range_last == UINT64_MAX) return 0;  // the last range is done: so is the scan
      pos = range_last + 1;
      if (returned >= count || hashed >= kSegmentMaxEntries || visited >= kScanMaxSegments) return pos;
    }
  }

  // Calls served from the sorted-run cache and calls that hashed a segment (for tests and stats).
  uint64_t scan_cache_hits() const { return scan_cache_ ? scan_cache_->hits : 0; }
  uint64_t scan_cache_misses() const { return scan_cache_ ? scan_cache_->misses : 0; }

  // A random node, nullptr when empty, every node equally likely: a segment picked with probability
  // proportional to its entries (RandomSegment), then a uniformly random entry of it (RandomInSegment).
  // Cost: a few random directory draws and a few slot draws expected.
  template <class Rng>
  Node* Random(Rng& rng) const {
    const Segment* seg = RandomSegment(rng);
    if (seg == nullptr) return nullptr;
    return RandomInSegment(seg, rng);
  }

  // Up to n nodes, passed to fn, from one random segment: the full slots from a random slot of its table on
  // (wrapping around), Redis's dictGetSomeKeys trade (neighbours from a random bucket instead of independent
  // draws) for eviction and active-expiry sampling. Returns how many were passed (min(n, that segment's
  // size)). Cost: O(n / the table's fill) slot reads, at most its capacity.
  template <class Rng, class F>
  size_t SampleSome(Rng& rng, size_t n, F&& fn) const {
    const Segment* seg = RandomSegment(rng);
    if (seg == nullptr) return 0;
    const Table& set = seg->set;
    const size_t take = std::min(n, set.size());
    const size_t capacity = SlotAccess::Capacity(set);
    size_t i = absl::Uniform<size_t>(rng, 0, capacity);
    size_t passed = 0;
    for (size_t steps = 0; passed < take && steps < capacity; ++steps) {
      if (SlotAccess::Full(set, i)) {
        fn(SlotAccess::At(set, i));
        ++passed;
      }
      i = i + 1 == capacity ? 0 : i + 1;
    }
    return passed;
  }

  // Every node once, in no useful order. fn must not modify the dict.
  template <class F>
  void ForEach(F&& fn) const {
    ForEachSegment([&](const Segment* seg) {
      for (Node* node : seg->set) fn(node);
    });
  }

  // Bytes the dict itself holds: the directory and the segments' tables (abseil's layout: one control byte
  // per slot plus a cloned group, then 8-byte slots), not the nodes and not allocator rounding.
  size_t MemoryBytes() const {
    size_t bytes = dir_.capacity() * sizeof(Segment*);
    ForEachSegment([&](const Segment* seg) { bytes += sizeof(Segment) + TableBytes(seg->set.capacity()); });
    if (scan_cache_) {
      bytes += sizeof(ScanCache) + scan_cache_->scratch.capacity() * sizeof(HashedNode);
      for (const ScanCacheSlot& slot : scan_cache_->slots) bytes += slot.entries.capacity() * sizeof(HashedNode);
    }
    return bytes;
  }

  size_t segment_count() const {
    size_t segments = 0;
    for (size_t n : depth_count_) segments += n;
    return segments;
  }
  size_t directory_size() const { return dir_.size(); }
  uint32_t global_depth() const { return global_depth_; }
  const Stats& stats() const { return stats_; }

  // Starts the loads of the directory slot and of the segment's probe group for a key whose lookup is coming
  // (a pipeline batch prefetches its keys before executing them).
  void Prefetch(std::string_view key, uint64_t hash) const {
    if (dir_.empty()) return;
    dir_[SlotOf(hash)]->set.prefetch(HashedKey{key, hash});
  }

  // Walks the whole table checking invariants 1-4; returns "" or a description of the first violation.
  // O(size) hashes: for tests.
  std::string CheckInvariants() const {
    if (dir_.empty()) {
      if (size_ != 0 || global_depth_ != 0) return "empty directory with entries or depth";
      return "";
    }
    if (dir_.size() != (size_t{1} << global_depth_)) return "directory size is not 2^g";
    std::array<size_t, 65> depths{};
    size_t total = 0;
    for (size_t i = 0; i < dir_.size();) {
      const Segment* seg = dir_[i];
      if (seg->depth > global_depth_) return "segment deeper than the directory";
      const size_t span = size_t{1} << (global_depth_ - seg->depth);
      if (i % span != 0) return "segment slots not aligned";
      for (size_t j = i; j < i + span; ++j) {
        if (dir_[j] != seg) return "segment slots not contiguous";
      }
      const uint64_t first_hash = global_depth_ == 0 ? 0 : (uint64_t{i} << (64 - global_depth_));
      for (Node* node : seg->set) {
        const uint64_t hash = Traits::Hash(Traits::Key(node));
        if ((hash & ~dict_internal::LowMask(seg->depth)) != first_hash) return "node outside its segment's range";
      }
      ++depths[seg->depth];
      total += seg->set.size();
      i += span;
    }
    if (total != size_) return "size_ does not match the segments";
    if (depths != depth_count_) return "depth_count_ does not match the segments";
    if (global_depth_ > 0 && depth_count_[global_depth_] == 0) return "directory larger than needed";
    return "";
  }

 private:
  // A key with its hash already computed: what the segment tables are probed with, so no operation hashes a
  // key twice.
  struct HashedKey {
    std::string_view key;
    uint64_t hash;
  };
  struct HashedNode {
    uint64_t hash;
    Node* node;
  };
  static bool ByHash(const HashedNode& a, const HashedNode& b) { return a.hash < b.hash; }

  struct SlotHash {
    using is_transparent = void;
    // Only abseil's own rehashes (the first segment growing, tombstone cleanup) take this path.
    size_t operator()(const Node* node) const { return Traits::Hash(Traits::Key(node)); }
    size_t operator()(const HashedKey& k) const { return k.hash; }
  };
  struct SlotEq {
    using is_transparent = void;
    bool operator()(const Node* a, const Node* b) const { return a == b || Traits::Key(a) == Traits::Key(b); }
    bool operator()(const Node* a, const HashedKey& b) const { return Traits::Key(a) == b.key; }
    bool operator()(const HashedKey& a, const Node* b) const { return a.key == Traits::Key(b); }
  };
  using Table = absl::flat_hash_set<Node*, SlotHash, SlotEq>;
  using SlotAccess =
      absl::container_internal::hashtable_debug_internal::HashtableDebugAccess<Table, dict_internal::SlotArrayAccess>;

  struct Segment {
    Table set;
    uint64_t stamp = 0;  // a fresh value of mutations_ at every change of set or depth (the SCAN cache's tag)
    uint32_t depth = 0;  // local depth: the number of top hash bits its range fixes
    // An insert that finds set.size() >= split_at splits first. S normally; twice the size after a split
    // that could not make room (overflow), so retries stay amortized O(1) per insert.
    size_t split_at = kSegmentMaxEntries;
  };

  // A segment this small looks at its buddy after a delete. Two buddies merge when they hold at most S/2
  // together, so a merged segment needs S/2 more inserts before it splits again (no split/merge ping-pong),
  // and of any mergeable pair at least one side is this small, so checking only then finds the pair.
  static constexpr size_t kMergeCheckBelow = kSegmentMaxEntries / 4;
  static constexpr size_t kMergeMaxEntries = kSegmentMaxEntries / 2;
  // Local depth cap: keeps shifts defined and the directory bounded if a hash is degenerate.
  static constexpr uint32_t kMaxDepth = 48;

  size_t SlotOf(uint64_t hash) const {
    return global_depth_ == 0 ? 0 : static_cast<size_t>(hash >> (64 - global_depth_));
  }
  size_t SpanOf(const Segment* seg) const { return size_t{1} << (global_depth_ - seg->depth); }

  static size_t TableBytes(size_t capacity) {
    if (capacity == 0) return 0;
    constexpr size_t kClonedControlBytes = 16;  // abseil's Group::kWidth (SSE2)
    const size_t control = (capacity + kClonedControlBytes + alignof(Node*) - 1) & ~(alignof(Node*) - 1);
    return control + capacity * sizeof(Node*);
  }

  // The capacity reserve(S) gives; computed once from a real table so it follows abseil's sizing rules.
  static size_t FullCapacity() {
    static const size_t capacity = [] {
      Table probe;
      probe.reserve(kSegmentMaxEntries);
      return probe.capacity();
    }();
    return capacity;
  }

  void Touch(Segment* seg) { seg->stamp = ++mutations_; }

  // How many nodes ahead the hashing loops prefetch. On a keyspace bigger than the cache every node read
  // is a miss; hashing a segment's nodes one by one waited out ~100 ns per node (a split took ~150 us at
  // S = 1536), and prefetching keeps several misses in flight (halves that). 8..32 measured alike.
  static constexpr size_t kPrefetchAhead = 16;

  // Copies the entries of `set` (in iteration order) into `nodes` and their hashes into `hashes`. Only
  // the node's first cache line is prefetched: enough for entries that keep the key inline.
  static void HashEntries(const Table& set, std::vector<Node*>* nodes, std::vector<uint64_t>* hashes) {
    nodes->assign(set.begin(), set.end());
    hashes->resize(nodes->size());
    const size_t n = nodes->size();
    for (size_t i = 0; i < n && i < kPrefetchAhead; ++i) __builtin_prefetch((*nodes)[i]);
    for (size_t i = 0; i < n; ++i) {
      if (i + kPrefetchAhead < n) __builtin_prefetch((*nodes)[i + kPrefetchAhead]);
      (*hashes)[i] = Traits::Hash(Traits::Key((*nodes)[i]));
    }
  }

  Segment* NewSegment(uint32_t depth) {
    auto* seg = new Segment;
    Touch(seg);
    seg->depth = depth;
    ++depth_count_[depth];
    return seg;
  }

  void CreateFirstSegment() {
    auto* seg = new Segment;  // unreserved: a small dict (a big hash object) should not pay for S slots
    Touch(seg);
    dir_.assign(1, seg);
    global_depth_ = 0;
    ++depth_count_[0];
  }

  void NoteStepMoves(size_t moves) { stats_.largest_step_moves = std::max(stats_.largest_step_moves, moves); }

  // Splits the segment covering `hash` and returns the segment that covers it afterwards. Work: hashes each
  // entry of the segment once and moves the upper half (at most S entries: invariant 3), plus a directory
  // doubling (2^(g+1) pointer writes) when the segment is as deep as the directory, plus repointing half of
  // its 2^(g-d) slots.
  Segment* SplitFor(uint64_t hash) {
    Segment* low = dir_[SlotOf(hash)];
    if (low->depth >= kMaxDepth) {
      low->split_at = 2 * low->set.size();
      return low;
    }
    if (low->depth == global_depth_) DoubleDirectory();
    const uint32_t depth = low->depth;
    const size_t span = SpanOf(low);
    const size_t first_slot = SlotOf(hash) & ~(span - 1);
    --depth_count_[depth];
    low->depth = depth + 1;
    ++depth_count_[depth + 1];
    Touch(low);
    Segment* high = NewSegment(depth + 1);

    // Invariant 1: the entries whose next bit is 1 belong to the upper half of the range. Both halves get
    // new tables sized for their entries (the old one, sized for twice as many, is freed), so tables stay
    // between 44% and 87.5% full instead of the lower half keeping a table twice its size.
    const uint64_t bit = uint64_t{1} << (63 - depth);
    std::vector<Node*> nodes;
    std::vector<uint64_t> hashes;
    HashEntries(low->set, &nodes, &hashes);
    size_t upper = 0;
    for (uint64_t h : hashes) upper += (h & bit) != 0;
    Table kept;
    kept.reserve(nodes.size() - upper);
    high->set.reserve(upper);
    for (size_t i = 0; i < nodes.size(); ++i) {
      Node* node = nodes[i];
      Table& to = (hashes[i] & bit) ? high->set : kept;
      to.lazy_emplace(HashedKey{Traits::Key(node), hashes[i]}, [node](const auto& construct) { construct(node); });
    }
    low->set.swap(kept);
    const size_t moved = nodes.size();
    for (size_t i = first_slot + span / 2; i < first_slot + span; ++i) dir_[i] = high;
    // A half still at S or more: if the split separated the entries, the segment was oversized by a resize
    // pause, and it splits again at the next insert into it; if not, the hash is degenerate (Overflow).
    const bool separated = upper != 0 && upper != nodes.size();
    for (Segment* half : {low, high}) {
      half->split_at = half->set.size() < kSegmentMaxEntries ? JitteredSplitAt(half->set.size())
                       : separated                           ? kSegmentMaxEntries
                                                             : 2 * half->set.size();
    }
    ++stats_.splits;
    NoteStepMoves(moved);
    return dir_[SlotOf(hash)];
  }

  // A split's halves get thresholds spread over [S/2, S]: with a uniform hash, segments with one fixed
  // threshold all fill up together, and growth past each doubling of the table becomes a wave in which
  // nearly every insert splits a segment (~0.1 ms each), so one pipeline of inserts stalls for
  // milliseconds. Spread thresholds de-phase the segments: splits stay about one per S/2 inserts.
  size_t JitteredSplitAt(size_t size) {
    jitter_ = jitter_ * 6364136223846793005ULL + 1442695040888963407ULL;  // LCG: cheap, deterministic
    const size_t lo = std::max(kSegmentMaxEntries / 2, size + 1);
    if (lo >= kSegmentMaxEntries) return kSegmentMaxEntries;
    return lo + static_cast<size_t>(jitter_ >> 33) % (kSegmentMaxEntries - lo + 1);
  }

  // Every segment of depth g becomes two slots; no segment is touched. 2^(g+1) pointer writes.
  void DoubleDirectory() {
    std::vector<Segment*> doubled(dir_.size() * 2);
    for (size_t i = 0; i < dir_.size(); ++i) doubled[2 * i] = doubled[2 * i + 1] = dir_[i];
    dir_.swap(doubled);
    ++global_depth_;
    ++stats_.directory_doublings;
  }

  // Only called when no segment has depth g (invariant 2), so slots 2i and 2i+1 hold the same segment.
  void HalveDirectory() {
    std::vector<Segment*> halved(dir_.size() / 2);
    for (size_t i = 0; i < halved.size(); ++i) halved[i] = dir_[2 * i];
    dir_.swap(halved);
    --global_depth_;
    ++stats_.directory_halvings;
  }

  // After a delete from the segment covering `hash`: merges it with its buddy (the other half of the range
  // one level up) while both have the same depth and hold at most S/2 together, cascading upwards (emptied
  // tables fold back to one segment), but moving at most S/2 entries in all. Each merge moves the smaller
  // side into the larger, whose reserved table takes them without growing. Then halves the directory while
  // no segment needs its last level.
  void MergeAround(uint64_t hash) {
    size_t budget = kMergeMaxEntries;
    size_t moved_total = 0;
    std::vector<Node*> nodes;
    std::vector<uint64_t> hashes;
    for (;;) {
      Segment* seg = dir_[SlotOf(hash)];
      if (seg->depth == 0) break;
      const size_t span = SpanOf(seg);
      const size_t first_slot = SlotOf(hash) & ~(span - 1);
      const size_t buddy_first = first_slot ^ span;
      Segment* buddy = dir_[buddy_first];
      if (buddy->depth != seg->depth) break;  // the buddy's range is split further: nothing to fold yet
      const size_t together = seg->set.size() + buddy->set.size();
      const size_t moves = std::min(seg->set.size(), buddy->set.size());
      if (together > kMergeMaxEntries || moves > budget) break;
      Segment* keep = seg->set.size() >= buddy->set.size() ? seg : buddy;
      Segment* gone = keep == seg ? buddy : seg;
      HashEntries(gone->set, &nodes, &hashes);
      for (size_t i = 0; i < nodes.size(); ++i) {
        Node* node = nodes[i];
        keep->set.lazy_emplace(HashedKey{Traits::Key(node), hashes[i]},
                               [node](const auto& construct) { construct(node); });
      }
      Touch(keep);
      budget -= moves;
      moved_total += moves;
      depth_count_[keep->depth] -= 2;
      --keep->depth;
      ++depth_count_[keep->depth];
      keep->split_at = kSegmentMaxEntries;
      const size_t merged_first = std::min(first_slot, buddy_first);
      for (size_t i = merged_first; i < merged_first + 2 * span; ++i) dir_[i] = keep;
      delete gone;
      ++stats_.merges;
      while (global_depth_ > 0 && depth_count_[global_depth_] == 0) HalveDirectory();
    }
    NoteStepMoves(moved_total);
  }

  template <class Visit>
  void ForEachSegment(Visit&& visit) const {
    for (size_t i = 0; i < dir_.size(); i += SpanOf(dir_[i])) visit(static_cast<const Segment*>(dir_[i]));
  }
  template <class Visit>
  void ForEachSegment(Visit&& visit) {
    for (size_t i = 0; i < dir_.size(); i += SpanOf(dir_[i])) visit(dir_[i]);
  }

  void DeleteSegments() {
    // Read the span before deleting: it needs the segment's depth.
    for (size_t i = 0; i < dir_.size();) {
      Segment* seg = dir_[i];
      i += SpanOf(seg);
      delete seg;
    }
  }

  // A sorted run of one segment's entries handed to Scan: every entry with hash in [the cursor,
  // covered_last], in hash order, runs of equal hashes whole.
  struct SortedRun {
    const HashedNode* data;
    size_t size;
    uint64_t covered_last;
  };
  struct ScanCacheSlot {
    const Segment* seg = nullptr;  // compared, never dereferenced: it may have been freed since
    uint64_t stamp = 0;
    uint64_t first = 0;  // entries holds every entry of seg with hash in [first, covered_last]
    uint64_t covered_last = 0;
    uint64_t last_used = 0;
    std::vector<HashedNode> entries;  // sorted by hash
  };
  struct ScanCache {
    std::array<ScanCacheSlot, kScanCacheSlots> slots;
    std::vector<HashedNode> scratch;  // candidates while selecting; kept to avoid an allocation per call
    uint64_t clock = 0;
    uint64_t hits = 0;
    uint64_t misses = 0;
  };

  // The entries of `seg` from hash `pos` on, sorted: from the cache when a run of this very segment state
  // covers pos with at least `want` entries left (or reaches range_last), else by hashing the segment
  // (adding its size to *hashed), selecting max(want, K) entries, sorting them and caching the run.
  // Cost: a hit O(log K); a miss O(segment size) hashes, O(segment size) expected selection, O(K log K).
  SortedRun SortedRunFrom(const Segment* seg, uint64_t pos, uint64_t range_last, size_t want,
                          size_t* hashed) const {
    if (!scan_cache_) scan_cache_ = std::make_unique<ScanCache>();
    ScanCache& cache = *scan_cache_;
    ++cache.clock;
    for (ScanCacheSlot& slot : cache.slots) {
      if (slot.seg != seg || slot.stamp != seg->stamp || pos < slot.first || pos > slot.covered_last) continue;
      auto from = std::lower_bound(slot.entries.begin(), slot.entries.end(), pos,
                                   [](const HashedNode& e, uint64_t h) { return e.hash < h; });
      const size_t left = static_cast<size_t>(slot.entries.end() - from);
      if (left < want && slot.covered_last != range_last) break;  // too little left: hash afresh
      slot.last_used = cache.clock;
      ++cache.hits;
      return SortedRun{slot.entries.data() + (from - slot.entries.begin()), left, slot.covered_last};
    }
    ++cache.misses;

    // Hash every entry, keeping those at or after pos: branch-free and prefetching ahead (see
    // kPrefetchAhead), compacting in place behind the read position.
    std::vector<HashedNode>& scratch = cache.scratch;
    scratch.clear();
    for (Node* node : seg->set) scratch.push_back(HashedNode{0, node});
    const size_t total = scratch.size();
    for (size_t i = 0; i < total && i < kPrefetchAhead; ++i) __builtin_prefetch(scratch[i].node);
    size_t n = 0;
    for (size_t i = 0; i < total; ++i) {
      if (i + kPrefetchAhead < total) __builtin_prefetch(scratch[i + kPrefetchAhead].node);
      Node* node = scratch[i].node;
      const uint64_t hash = Traits::Hash(Traits::Key(node));
      scratch[n] = HashedNode{hash, node};
      n += hash >= pos;
    }
    *hashed += seg->set.size();
    const auto begin = scratch.begin();
    const auto end = begin + static_cast<std::ptrdiff_t>(n);

    // The `keep` smallest, widened to the whole run of the largest of them.
    const size_t keep = std::max(want, kScanCacheEntries);
    uint64_t covered_last = range_last;
    auto run_end = end;
    if (n > keep) {
      std::nth_element(begin, begin + static_cast<std::ptrdiff_t>(keep - 1), end, ByHash);
      const uint64_t cut = begin[static_cast<std::ptrdiff_t>(keep - 1)].hash;
      run_end = std::partition(begin + static_cast<std::ptrdiff_t>(keep), end,
                               [cut](const HashedNode& e) { return e.hash == cut; });
      if (run_end != end) covered_last = cut;  // larger hashes remain in the segment
    }
    std::sort(begin, run_end, ByHash);

    // Cache it: in the slot that held an older state of this segment, else the least recently used one.
    ScanCacheSlot* victim = nullptr;
    for (ScanCacheSlot& slot : cache.slots) {
      if (slot.seg == seg) victim = &slot;
    }
    if (victim == nullptr) {
      victim = &cache.slots[0];
      for (ScanCacheSlot& slot : cache.slots) {
        if (slot.last_used < victim->last_used) victim = &slot;
      }
    }
    victim->entries.assign(begin, run_end);
    victim->seg = seg;
    victim->stamp = seg->stamp;
    victim->first = pos;
    victim->covered_last = covered_last;
    victim->last_used = cache.clock;
    return SortedRun{victim->entries.data(), victim->entries.size(), covered_last};
  }

  // Picks a segment with probability proportional to its number of entries, so that Random() is uniform
  // over the entries; nullptr when the dict is empty. How: a random directory slot finds a segment of depth
  // d with probability 2^(g-d) / 2^g (its share of the hash space), and that segment is kept with
  // probability size * 2^(d-g) / S (rejection sampling), so a draw keeps segment s with probability
  // size(s) / (S * 2^g): proportional to its entries. The expected number of slot draws is S * 2^g / size_,
  // about the inverse of the segments' average fill (1.3 to ~8: a split leaves S/2, and a segment emptied
  // below S/4 merges with its buddy). Bound: kRandomDraws draws, then the plain share-of-hash-space pick
  // (what a degenerate hash or a dict emptied by deletes falls back to). A dict of one segment needs none.
  static constexpr int kRandomDraws = 64;

  template <class Rng>
  const Segment* RandomSegment(Rng& rng) const {
    if (size_ == 0) return nullptr;
    if (dir_.size() == 1) return dir_[0];
    for (int attempt = 0; attempt < kRandomDraws; ++attempt) {
      const Segment* seg = dir_[absl::Uniform<size_t>(rng, 0, dir_.size())];
      if (seg->set.empty()) continue;
      const uint32_t shift = std::min<uint32_t>(global_depth_ - seg->depth, 50);
      const uint64_t bound = uint64_t{kSegmentMaxEntries} << shift;
      if (seg->set.size() >= bound || absl::Uniform<uint64_t>(rng, 0, bound) < seg->set.size()) return seg;
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
      const Segment* seg = dir_[absl::Uniform<size_t>(rng, 0, dir_.size())];
      if (!seg->set.empty()) return seg;
    }
    // Mostly empty segments (a degenerate hash, or many deletes not yet merged): walk from a random slot.
    const size_t start = absl::Uniform<size_t>(rng, 0, dir_.size());
    for (size_t n = 0; n < dir_.size(); ++n) {
      const Segment* seg = dir_[(start + n) & (dir_.size() - 1)];
      if (!seg->set.empty()) return seg;
    }
    return nullptr;  // unreachable while size_ > 0 (invariant 4)
  }

  // A uniformly random node of a non-empty segment: random slots of its table until a full one (rejection
  // sampling keeps every node equally likely). A split or a merge leaves a table at least ~40% full, so a
  // draw hits with that chance or better; a table emptied by deletes that have not merged it yet can be
  // sparser, and after kRandomSlotDraws misses the node is found by walking (uniform, O(capacity)).
  static constexpr int kRandomSlotDraws = 32;

  template <class Rng>
  static Node* RandomInSegment(const Segment* seg, Rng& rng) {
    const Table& set = seg->set;
    const size_t capacity = SlotAccess::Capacity(set);
    for (int attempt = 0; attempt < kRandomSlotDraws; ++attempt) {
      const size_t i = absl::Uniform<size_t>(rng, 0, capacity);
      if (SlotAccess::Full(set, i)) return SlotAccess::At(set, i);
    }
    auto it = set.begin();
    std::advance(it, absl::Uniform<size_t>(rng, 0, set.size()));
    return *it;
  }

  std::vector<Segment*> dir_;  // 2^global_depth_ slots, or empty before the first insert
  uint32_t global_depth_ = 0;
  uint64_t jitter_ = 0x9E3779B97F4A7C15ULL;  // JitteredSplitAt state
  size_t size_ = 0;
  std::array<size_t, 65> depth_count_{};
  Stats stats_;
  uint64_t mutations_ = 0;  // source of segment stamps; never reset, so a stamp is never reused
  mutable std::unique_ptr<ScanCache> scan_cache_;  // made by the first Scan: dicts never scanned pay 8 bytes
};

}  // namespace ringkv::ds
