// StringMap: a map of distinct byte-string fields to byte-string values, the "hashtable" encoding of the hash
// type. Each field and its value live in ONE allocation (a node), so a 10-byte field with a 10-byte value
// costs a 24-byte block plus the table's slot, where Redis spends a dictEntry and two sds strings. Two tiers
// behind one interface, as ds::StringSet: up to kSmallMax fields a flat abseil table, past it a ds::Dict
// (growth without stalls, SCAN's guarantee across resizes).
//
// Node layout: <flags: u8> <field length: varint> <value length: varint> <field bytes> <value bytes>
// [<expiry: i64 unix ms>], lengths as LEB128 (7 bits a byte, low bits first). Flag bit 0 says the node has an
// expiry time (hash-field TTL, Redis 7.4), stored after the value so the field's offset, which every probe
// decodes, does not depend on it. A node without a TTL carries nothing for it.
//
// Field TTLs cost nothing for a map without them: the only per-map cost is the ttl_ pointer (null). A map
// with TTLs keeps ttl_, an ordered index of (expiry, node) over exactly the nodes with the flag, so the
// soonest expiry is its first element and expiring due fields walks it from the front.
//
// Invariants (CheckInvariants() verifies them):
//  1. Exactly one tier is live: big_ == nullptr and small_ holds every node (at most kSmallMax), or big_
//     holds every node and small_ is empty with no allocation. The map moves to the Dict when an insert
//     would pass kSmallMax and never moves back, so a Dict cursor stays meaningful for the map's life.
//  2. SCAN. The small tier answers one call with every node and cursor 0 (what Redis does for its compact
//     encodings); the big tier is Dict::Scan: every node present for the whole scan is returned once.
//  3. node_bytes_ is the sum of the allocator's usable sizes of the nodes (AllocatedBytes is O(1)).
//  4. A node's field bytes never change while it is in a table (its hash places it); a value or TTL update
//     either rewrites the node in place (the new node fits the block's usable size: field and hash
//     unchanged) or swaps in a new node for the same field.
//  5. TTL index: ttl_ is null exactly when no node has the TTL flag; otherwise it holds one (expiry, node)
//     pair per flagged node, with the expiry stored in that node.
//
// Ownership: the map owns its nodes and tables. A Node* or a view of its field or value handed out (Find,
// Random, ForEach, Scan) is valid until that field is set, erased or the map destroyed. Single-threaded.
#pragma once

#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_set.h>
#include <absl/random/distributions.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "ds/dict.h"

namespace ringkv::ds {

class StringMap {
 public:
  // A field and its value in one block (layout above). Never constructed: the pointer is the block.
  struct Node;

  // Above this many fields the map lives in a Dict (a Dict's fixed ~640 bytes would dominate a small map;
  // at 128 it is ~5 bytes a field, and moving 128 pointers is a bounded step).
  static constexpr size_t kSmallMax = 128;

  StringMap() = default;
  StringMap(const StringMap& other);  // a deep copy (COPY)
  StringMap& operator=(const StringMap&) = delete;
  ~StringMap();
  // Freeing in slices (the loop's stepwise lazy free): frees up to *budget elements, subtracting what it
  // freed, and returns true once every element is gone, leaving only this object for the caller to delete
  // (O(1) more). After the first call the map is for freeing only: FreeSome again or its destructor.
  bool FreeSome(size_t* budget);

  size_t size() const { return big_ ? big_->size() : small_.size(); }
  bool empty() const { return size() == 0; }

  static std::string_view FieldOf(const Node* n);
  static std::string_view ValueOf(const Node* n);
  static bool HasTtl(const Node* n) { return (*reinterpret_cast<const uint8_t*>(n) & kFlagTtl) != 0; }
  // The node's expiry (unix ms); only meaningful when HasTtl(n).
  static int64_t TtlOf(const Node* n);

  // The node of field, nullptr when absent.
  const Node* Find(std::string_view field) const;
  // Sets field to value (both copied; value may not point into this map). Returns true when the field was
  // new. An existing field keeps its TTL when keep_ttl (HINCRBY), else loses it (HSET), as in Redis 7.4.
  // Work: one probe, one allocation (none when an update fits the old block), plus at most one Dict growth
  // step or the one-off move to the Dict.
  bool Set(std::string_view field, std::string_view value, bool keep_ttl = false);
  // Removes field; false when absent. field may point into the node being removed.
  bool Erase(std::string_view field);

  // --- field TTLs (invariant 5) ---
  // Gives field (which must be present) the expiry at_ms, replacing any it had. O(log t) for t fields with
  // a TTL, plus a new node when the block has no room for the 8 bytes.
  void SetTtl(std::string_view field, int64_t at_ms);
  // Removes field's TTL; false when the field is absent or has none.
  bool ClearTtl(std::string_view field);
  size_t ttl_count() const { return ttl_ ? ttl_->size() : 0; }
  // The soonest expiry among the fields, INT64_MAX when none has a TTL. O(1).
  int64_t MinTtl() const { return ttl_ ? ttl_->begin()->first : INT64_MAX; }
  // Erases the fields whose expiry is at or before now_ms, soonest first, at most max of them, calling
  // fn(std::string_view field) just before each goes. Returns how many went. O(k log t) for k erased.
  template <class F>
  size_t EraseExpired(int64_t now_ms, size_t max, F&& fn) {
    size_t n = 0;
    while (n < max && ttl_ && ttl_->begin()->first <= now_ms) {
      const std::string_view field = FieldOf(ttl_->begin()->second);
      fn(field);
      Erase(field);
      ++n;
    }
    return n;
  }
  // Prepares for n fields: goes straight to the Dict past kSmallMax (a conversion from a large listpack).
  void Reserve(size_t n);

  // A uniformly random node of a non-empty map: O(kSmallMax) in the small tier, Dict::Random's cost in the big.
  template <class Rng>
  const Node* Random(Rng& rng) const {
    if (big_) return big_->Random(rng);
    auto it = small_.begin();
    std::advance(it, absl::Uniform<size_t>(rng, 0, small_.size()));
    return *it;
  }

  // fn(const Node*) for every node, in table order. fn must not modify the map.
  template <class F>
  void ForEach(F&& fn) const {
    if (big_) {
      big_->ForEach([&](const Node* n) { fn(n); });
    } else {
      for (const Node* n : small_) fn(n);
    }
  }

  // One SCAN step (invariant 2): fn(const Node*) for a batch; returns the next cursor, 0 at the end.
  template <class F>
  uint64_t Scan(uint64_t cursor, size_t count, F&& fn) const {
    if (big_) return big_->Scan(cursor, count, [&](const Node* n) { fn(n); });
    for (const Node* n : small_) fn(n);
    return 0;
  }

  // Bytes allocated outside this object: tables and nodes.
  size_t AllocatedBytes() const;
  // The nodes' share of it (invariant 3).
  size_t node_bytes() const { return node_bytes_; }
  bool is_small() const { return big_ == nullptr; }
  // "" or the first violated invariant. O(size): for tests.
  std::string CheckInvariants() const;

 private:
  struct NodeTraits {
    // As ds::StringSet's: small segments keep Random (HRANDFIELD) a short walk.
    static constexpr size_t kSegmentMaxEntries = 96;
    static std::string_view Key(const Node* n) { return StringMap::FieldOf(n); }
    static uint64_t Hash(std::string_view s) { return DefaultHash(s); }
  };
  struct SmallHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return DefaultHash(s); }
    size_t operator()(const Node* n) const { return DefaultHash(FieldOf(n)); }
  };
  struct SmallEq {
    using is_transparent = void;
    static std::string_view View(std::string_view s) { return s; }
    static std::string_view View(const Node* n) { return FieldOf(n); }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return View(a) == View(b);
    }
  };
  using SmallTable = absl::flat_hash_set<Node*, SmallHash, SmallEq>;
  using BigTable = Dict<Node, NodeTraits>;

  // A new node holding field and value.
  Node* NewNode(std::string_view field, std::string_view value);
  void FreeNode(Node* n);
  // Writes value into n in place when the block can hold it (invariant 4); false when it cannot.
  static bool RewriteInPlace(Node* n, std::string_view value);
  static constexpr uint8_t kFlagTtl = 1;
  // A new node holding field, value and, when has_ttl, the expiry at_ms.
  Node* NewNodeWithTtl(std::string_view field, std::string_view value, bool has_ttl, int64_t at_ms);
  void IndexAdd(Node* n);
  void IndexRemove(const Node* n);
  // Swaps the node of n's field (n itself is in the table) for fresh, freeing n.
  void ReplaceNode(Node* n, Node* fresh);
  Node* FindMutable(std::string_view field) const;
  void GoBig();

  SmallTable small_;
  std::unique_ptr<BigTable> big_;
  // The TTL index's nodes are counted into ttl_bytes_ (AllocatedBytes stays truthful with TTLs).
  template <class T>
  struct CountingAllocator {
    using value_type = T;
    size_t* bytes;
    explicit CountingAllocator(size_t* b) : bytes(b) {}
    template <class U>
    CountingAllocator(const CountingAllocator<U>& o) : bytes(o.bytes) {}  // NOLINT: rebinding
    T* allocate(size_t n) {
      *bytes += n * sizeof(T);
      return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, size_t n) {
      *bytes -= n * sizeof(T);
      std::allocator<T>().deallocate(p, n);
    }
    template <class U>
    bool operator==(const CountingAllocator<U>& o) const { return bytes == o.bytes; }
  };
  using TtlEntry = std::pair<int64_t, Node*>;
  using TtlIndex = absl::btree_set<TtlEntry, std::less<TtlEntry>, CountingAllocator<TtlEntry>>;
  std::unique_ptr<TtlIndex> ttl_;  // invariant 5
  size_t ttl_bytes_ = 0;
  size_t node_bytes_ = 0;
};

}  // namespace ringkv::ds
