// ZSet: the "skiplist" encoding of the sorted set type: a skiplist ordered by (score, member bytes) with
// spans for rank arithmetic, plus a ds::Dict from member to node for O(1) score lookups and ZSCAN's
// guarantee. Same semantics as Redis's zskiplist (levels with p = 1/4 up to 32, ties ordered by memcmp then
// length, a backward pointer at level 0), and the score/lex range specs every range command uses, for this
// encoding and the listpack one (ds/zset_listpack.h).
//
// Invariants (CheckInvariants() verifies them):
//  1. Order. Walking level 0 from the header visits every node once, in strictly increasing (score, member)
//     order; backward points at the previous node (nullptr for the first), tail_ at the last.
//  2. Spans. For every node x (the header included) and level i below x's level, span(i) is the number of
//     level-0 steps from x to forward(i), or to one past the tail when forward(i) is null (for the header
//     only counted while the list is non-empty, 0 past the list's level as in Redis).
//  3. Levels. Every node has 1..kMaxLevel levels; level_ is the highest level of any node (1 when empty).
//  4. Dict. dict_ holds exactly the nodes of the list, keyed by member; length_ == dict_.size().
//  5. No score is NaN.
//
// Ownership: the element is owned in one place, the node: one allocation holding the score, the backward
// pointer, the levels and then the member bytes. The Dict indexes the same node pointers and owns nothing
// (the Dict's key is a view into the node), so a member costs one allocation and one Dict slot, where
// Redis spends a node, an sds and a dictEntry. A Node* / member view stays valid until that member is
// removed or the set destroyed. Single-threaded; destruction may run on another thread (it touches only
// this object's memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ds/dict.h"

namespace ringkv::ds {

// A score interval, as Redis's zrangespec: min/max with their exclusive flags ("(1.5").
struct ZScoreRange {
  double min = 0, max = 0;
  bool minex = false, maxex = false;

  bool GteMin(double v) const { return minex ? v > min : v >= min; }
  bool LteMax(double v) const { return maxex ? v < max : v <= max; }
  // The range can hold nothing whatever the set holds.
  bool Empty() const { return min > max || (min == max && (minex || maxex)); }
};

// One end of a lex interval: "-" (below every string), "+" (above every string), or a string, inclusive
// ("[a") or exclusive ("(a"). "-" and "+" count as exclusive, as Redis marks them.
struct ZLexBound {
  enum class Kind : uint8_t { kValue, kMinusInf, kPlusInf };
  Kind kind = Kind::kValue;
  bool ex = false;
  std::string_view value;  // kValue only; points into the caller's argument
};

// Compares a member with a bound (Redis's sdscmplex with the member first): <0, 0, >0.
inline int CompareLex(std::string_view member, const ZLexBound& b) {
  if (b.kind == ZLexBound::Kind::kPlusInf) return -1;
  if (b.kind == ZLexBound::Kind::kMinusInf) return 1;
  const int c = member.compare(b.value);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct ZLexRange {
  ZLexBound min, max;

  bool GteMin(std::string_view v) const { return min.ex ? CompareLex(v, min) > 0 : CompareLex(v, min) >= 0; }
  bool LteMax(std::string_view v) const { return max.ex ? CompareLex(v, max) < 0 : CompareLex(v, max) <= 0; }
  // The range can hold nothing (Redis compares the two bounds the same way: "-" below, "+" above all).
  bool Empty() const;
};

// Redis's member order for equal scores: memcmp on the common prefix, then the shorter first.
inline int CompareMembers(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

class ZSet {
 public:
  static constexpr int kMaxLevel = 32;  // Redis's ZSKIPLIST_MAXLEVEL

  class Node;
  struct Level {
    Node* forward = nullptr;
    uint64_t span = 0;
  };

  // A node: header, levels, member bytes, in one block. The layout is private to ZSet; readers use these.
  class Node {
   public:
    double score() const { return score_; }
    std::string_view member() const {
      return {reinterpret_cast<const char*>(levels() + level()), static_cast<size_t>(len_level_ >> 8)};
    }
    const Node* next() const { return levels()[0].forward; }
    const Node* prev() const { return backward_; }

   private:
    friend class ZSet;
    int level() const { return static_cast<int>(len_level_ & 0xFF); }
    Level* levels() { return reinterpret_cast<Level*>(this + 1); }
    const Level* levels() const { return reinterpret_cast<const Level*>(this + 1); }

    double score_;
    Node* backward_;
    uint64_t len_level_;  // member length << 8 | number of levels
  };
  static_assert(sizeof(Node) == 24, "a node header is 24 bytes");

  ZSet();
  ZSet(const ZSet& other);  // a deep copy (COPY)
  ZSet& operator=(const ZSet&) = delete;
  ~ZSet();
  // Freeing in slices (the loop's stepwise lazy free): frees up to *budget elements, subtracting what it
  // freed, and returns true once every element is gone, leaving only this object for the caller to delete
  // (O(1) more). After the first call the sorted set is for freeing only: FreeSome again or its destructor.
  bool FreeSome(size_t* budget);

  size_t size() const { return length_; }
  bool empty() const { return length_ == 0; }

  // The node of member, or nullptr (O(1) through the Dict).
  const Node* Find(std::string_view member) const { return dict_.Find(member); }
  // Inserts member, which must be absent, with score (not NaN). Returns its node.
  const Node* Insert(std::string_view member, double score);
  // Gives an existing node a new score (not NaN); returns the node now holding the member (the same one
  // when its place in the order does not change, as Redis's zslUpdateScore).
  const Node* UpdateScore(const Node* node, double score);
  // Removes member; false when absent.
  bool Erase(std::string_view member);

  const Node* First() const { return header_->levels()[0].forward; }
  const Node* Last() const { return tail_; }
  // 0-based rank of a node of this set (position in increasing order). O(log n).
  uint64_t Rank(const Node* node) const;
  // The node at 0-based rank, or nullptr past the end. O(log n).
  const Node* ByRank(uint64_t rank) const;

  // First / last node inside the range, or nullptr. O(log n).
  const Node* FirstInRange(const ZScoreRange& r) const;
  const Node* LastInRange(const ZScoreRange& r) const;
  const Node* FirstInLexRange(const ZLexRange& r) const;
  const Node* LastInLexRange(const ZLexRange& r) const;

  // The first node DeleteRangeByLex starts from: the descent to the first member passing r.min, without the
  // whole-range check of FirstInLexRange (Redis's zslDeleteRangeByLex has none). nullptr at the end.
  const Node* FirstLexGteMin(const ZLexRange& r) const;

  // Delete every node in the range; return how many went. O(log n + removed).
  size_t DeleteRangeByScore(const ZScoreRange& r);
  size_t DeleteRangeByLex(const ZLexRange& r);
  // 0-based, both inclusive, start <= end.
  size_t DeleteRangeByRank(uint64_t start, uint64_t end);

  // One ZSCAN step over the Dict: fn(const Node*) for a batch; the next cursor, 0 at the end. Every member
  // present for a whole scan is returned once (Dict::Scan).
  template <class F>
  uint64_t Scan(uint64_t cursor, size_t count, F&& fn) const {
    return dict_.Scan(cursor, count, [&](const Node* n) { fn(n); });
  }
  // A uniformly random node of a non-empty set (Dict::Random).
  template <class Rng>
  const Node* Random(Rng& rng) const {
    return dict_.Random(rng);
  }

  // Bytes allocated for the set outside this object: nodes, the header node and the Dict.
  size_t AllocatedBytes() const;
  // "" or the first violated invariant. O(n): for tests.
  std::string CheckInvariants() const;

 private:
  struct NodeTraits {
    // Small segments, as ds::StringSet's: ZRANDMEMBER's Random walks one segment.
    static constexpr size_t kSegmentMaxEntries = 96;
    static std::string_view Key(const Node* n) { return n->member(); }
    static uint64_t Hash(std::string_view s) { return DefaultHash(s); }
  };
  using NodeDict = Dict<Node, NodeTraits>;

  static Node* NewNode(int level, double score, std::string_view member);
  static void FreeNode(Node* n);
  static int RandomLevel();
  // (score, member) of a goes before (score, member).
  static bool Before(const Node* a, double score, std::string_view member) {
    return a->score_ < score || (a->score_ == score && CompareMembers(a->member(), member) < 0);
  }
  Node* InsertNode(std::string_view member, double score);
  void UnlinkNode(Node* x, Node** update);
  // Finds the node (score, member) filling update[] with the last node before it at each level.
  Node* Seek(double score, std::string_view member, Node** update) const;
  bool IsInRange(const ZScoreRange& r) const;
  bool IsInLexRange(const ZLexRange& r) const;

  Node* header_;
  Node* tail_ = nullptr;
  uint64_t length_ = 0;
  int level_ = 1;
  size_t node_bytes_ = 0;  // usable sizes of the nodes' blocks (header excluded)
  NodeDict dict_;
};

}  // namespace ringkv::ds
