#include "ds/zset.h"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

namespace ringkv::ds {

bool ZLexRange::Empty() const {
  using K = ZLexBound::Kind;
  int c;
  if (min.kind == max.kind && min.kind != K::kValue) {
    c = 0;
  } else if (min.kind == K::kMinusInf || max.kind == K::kPlusInf) {
    c = -1;
  } else if (min.kind == K::kPlusInf || max.kind == K::kMinusInf) {
    c = 1;
  } else {
    c = CompareMembers(min.value, max.value);
  }
  return c > 0 || (c == 0 && (min.ex || max.ex));
}

namespace {

// xorshift64*: the level draws need speed, not quality, and no shared state with other threads (a set may be
// built on the loop while another is freed on the lazyfree thread, which draws nothing).
uint64_t NextRandom() {
  thread_local uint64_t state = 0x9E3779B97F4A7C15ull ^ reinterpret_cast<uintptr_t>(&state);
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1Dull;
}

}  // namespace

int ZSet::RandomLevel() {
  // p = 1/4 per extra level, as Redis's ZSKIPLIST_P: two random bits per level, 32 levels from one draw.
  uint64_t bits = NextRandom();
  int level = 1;
  while ((bits & 3) == 0 && level < kMaxLevel) {
    ++level;
    bits >>= 2;
  }
  return level;
}

ZSet::Node* ZSet::NewNode(int level, double score, std::string_view member) {
  const size_t bytes = sizeof(Node) + sizeof(Level) * static_cast<size_t>(level) + member.size();
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  Node* n = static_cast<Node*>(p);
  n->score_ = score;
  n->backward_ = nullptr;
  n->len_level_ = (static_cast<uint64_t>(member.size()) << 8) | static_cast<uint64_t>(level);
  Level* lv = n->levels();
  for (int i = 0; i < level; ++i) lv[i] = Level{};
  if (!member.empty()) std::memcpy(lv + level, member.data(), member.size());
  return n;
}

void ZSet::FreeNode(Node* n) { std::free(n); }

ZSet::ZSet() : header_(NewNode(kMaxLevel, 0, {})) {}

ZSet::ZSet(const ZSet& other) : ZSet() {
  // From the greatest to the smallest, as Redis's zsetDup: each insert stops at the header.
  for (const Node* n = other.tail_; n != nullptr; n = n->prev()) Insert(n->member(), n->score());
}

ZSet::~ZSet() {
  Node* n = header_->levels()[0].forward;
  while (n != nullptr) {
    Node* next = n->levels()[0].forward;
    FreeNode(n);
    n = next;
  }
  FreeNode(header_);
  // The Dict's segments go with dict_; it owns no node.
}

bool ZSet::FreeSome(size_t* budget) {
  // The Dict only points at nodes: its segments go first (~96 nodes a segment, counted as one unit each so
  // the slices stay even), then the nodes along level 0, the header's level-0 link following the cut.
  if (!dict_.empty()) {
    const size_t n = dict_.DrainSome(*budget * 16, [](Node*) {});
    *budget -= std::min(n / 16, *budget);
    if (!dict_.empty()) return false;
  }
  Level& first = header_->levels()[0];
  while (first.forward != nullptr && *budget > 0) {
    Node* next = first.forward->levels()[0].forward;
    FreeNode(first.forward);
    first.forward = next;
    --*budget;
  }
  if (first.forward != nullptr) return false;
  // Only the header is left: the higher levels point at freed nodes, so the destructor must not walk them.
  for (int i = 1; i < kMaxLevel; ++i) header_->levels()[i] = Level{};
  tail_ = nullptr;
  length_ = 0;
  return true;
}

ZSet::Node* ZSet::InsertNode(std::string_view member, double score) {
  Node* update[kMaxLevel];
  uint64_t rank[kMaxLevel];
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
    while (x->levels()[i].forward != nullptr && Before(x->levels()[i].forward, score, member)) {
      rank[i] += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  const int level = RandomLevel();
  if (level > level_) {
    for (int i = level_; i < level; ++i) {
      rank[i] = 0;
      update[i] = header_;
      header_->levels()[i].span = length_;
    }
    level_ = level;
  }
  x = NewNode(level, score, member);
  node_bytes_ += malloc_usable_size(x);
  for (int i = 0; i < level; ++i) {
    Level& xl = x->levels()[i];
    Level& ul = update[i]->levels()[i];
    xl.forward = ul.forward;
    ul.forward = x;
    xl.span = ul.span - (rank[0] - rank[i]);
    ul.span = (rank[0] - rank[i]) + 1;
  }
  for (int i = level; i < level_; ++i) update[i]->levels()[i].span++;
  x->backward_ = update[0] == header_ ? nullptr : update[0];
  if (x->levels()[0].forward != nullptr) {
    x->levels()[0].forward->backward_ = x;
  } else {
    tail_ = x;
  }
  ++length_;
  return x;
}

void ZSet::UnlinkNode(Node* x, Node** update) {
  for (int i = 0; i < level_; ++i) {
    Level& ul = update[i]->levels()[i];
    if (ul.forward == x) {
      ul.span += x->levels()[i].span - 1;
      ul.forward = x->levels()[i].forward;
    } else {
      ul.span -= 1;
    }
  }
  if (x->levels()[0].forward != nullptr) {
    x->levels()[0].forward->backward_ = x->backward_;
  } else {
    tail_ = x->backward_;
  }
  while (level_ > 1 && header_->levels()[level_ - 1].forward == nullptr) --level_;
  --length_;
}

ZSet::Node* ZSet::Seek(double score, std::string_view member, Node** update) const {
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && Before(x->levels()[i].forward, score, member)) {
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  return x->levels()[0].forward;
}

const ZSet::Node* ZSet::Insert(std::string_view member, double score) {
  Node* x = InsertNode(member, score);
  dict_.Insert(x);
  return x;
}

const ZSet::Node* ZSet::UpdateScore(const Node* cnode, double score) {
  Node* update[kMaxLevel];
  const double cur = cnode->score_;
  Node* x = Seek(cur, cnode->member(), update);
  // In place when the node keeps its position (Redis's zslUpdateScore test, strict on both sides).
  if ((x->backward_ == nullptr || x->backward_->score_ < score) &&
      (x->levels()[0].forward == nullptr || x->levels()[0].forward->score_ > score)) {
    x->score_ = score;
    return x;
  }
  // A new node: the member bytes live in the node, so the old one goes from the Dict and the list first.
  dict_.Extract(x->member());
  UnlinkNode(x, update);
  Node* n = InsertNode(x->member(), score);
  dict_.Insert(n);
  node_bytes_ -= malloc_usable_size(x);
  FreeNode(x);
  return n;
}

bool ZSet::Erase(std::string_view member) {
  Node* found = dict_.Find(member);
  if (found == nullptr) return false;
  Node* update[kMaxLevel];
  Node* x = Seek(found->score_, found->member(), update);
  dict_.Extract(x->member());
  UnlinkNode(x, update);
  node_bytes_ -= malloc_usable_size(x);
  FreeNode(x);  // last: member may point into x
  return true;
}

uint64_t ZSet::Rank(const Node* node) const {
  const double score = node->score_;
  const std::string_view member = node->member();
  const Node* x = header_;
  uint64_t rank = 0;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr &&
           (x->levels()[i].forward->score_ < score ||
            (x->levels()[i].forward->score_ == score && CompareMembers(x->levels()[i].forward->member(), member) <= 0))) {
      rank += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    if (x == node) return rank - 1;
  }
  return rank - 1;  // not reached for a node of this set
}

const ZSet::Node* ZSet::ByRank(uint64_t rank0) const {
  const uint64_t rank = rank0 + 1;
  const Node* x = header_;
  uint64_t traversed = 0;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && traversed + x->levels()[i].span <= rank) {
      traversed += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    if (traversed == rank) return x;
  }
  return nullptr;
}

bool ZSet::IsInRange(const ZScoreRange& r) const {
  if (r.Empty()) return false;
  if (tail_ == nullptr || !r.GteMin(tail_->score_)) return false;
  const Node* first = First();
  return first != nullptr && r.LteMax(first->score_);
}

const ZSet::Node* ZSet::FirstInRange(const ZScoreRange& r) const {
  if (!IsInRange(r)) return nullptr;
  const Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && !r.GteMin(x->levels()[i].forward->score_)) {
      x = x->levels()[i].forward;
    }
  }
  x = x->levels()[0].forward;
  return r.LteMax(x->score_) ? x : nullptr;
}

const ZSet::Node* ZSet::LastInRange(const ZScoreRange& r) const {
  if (!IsInRange(r)) return nullptr;
  const Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && r.LteMax(x->levels()[i].forward->score_)) {
      x = x->levels()[i].forward;
    }
  }
  return r.GteMin(x->score_) ? x : nullptr;
}

bool ZSet::IsInLexRange(const ZLexRange& r) const {
  if (r.Empty()) return false;
  if (tail_ == nullptr || !r.GteMin(tail_->member())) return false;
  const Node* first = First();
  return first != nullptr && r.LteMax(first->member());
}

const ZSet::Node* ZSet::FirstInLexRange(const ZLexRange& r) const {
  if (!IsInLexRange(r)) return nullptr;
  const Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && !r.GteMin(x->levels()[i].forward->member())) {
      x = x->levels()[i].forward;
    }
  }
  x = x->levels()[0].forward;
  return r.LteMax(x->member()) ? x : nullptr;
}

const ZSet::Node* ZSet::LastInLexRange(const ZLexRange& r) const {
  if (!IsInLexRange(r)) return nullptr;
  const Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && r.LteMax(x->levels()[i].forward->member())) {
      x = x->levels()[i].forward;
    }
  }
  return r.GteMin(x->member()) ? x : nullptr;
}

const ZSet::Node* ZSet::FirstLexGteMin(const ZLexRange& r) const {
  const Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && !r.GteMin(x->levels()[i].forward->member())) {
      x = x->levels()[i].forward;
    }
  }
  return x->levels()[0].forward;
}

size_t ZSet::DeleteRangeByScore(const ZScoreRange& r) {
  Node* update[kMaxLevel];
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && !r.GteMin(x->levels()[i].forward->score_)) {
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  x = x->levels()[0].forward;
  size_t removed = 0;
  while (x != nullptr && r.LteMax(x->score_)) {
    Node* next = x->levels()[0].forward;
    UnlinkNode(x, update);
    dict_.Extract(x->member());
    node_bytes_ -= malloc_usable_size(x);
    FreeNode(x);
    ++removed;
    x = next;
  }
  return removed;
}

size_t ZSet::DeleteRangeByLex(const ZLexRange& r) {
  Node* update[kMaxLevel];
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && !r.GteMin(x->levels()[i].forward->member())) {
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  x = x->levels()[0].forward;
  size_t removed = 0;
  while (x != nullptr && r.LteMax(x->member())) {
    Node* next = x->levels()[0].forward;
    UnlinkNode(x, update);
    dict_.Extract(x->member());
    node_bytes_ -= malloc_usable_size(x);
    FreeNode(x);
    ++removed;
    x = next;
  }
  return removed;
}

size_t ZSet::DeleteRangeByRank(uint64_t start0, uint64_t end0) {
  const uint64_t start = start0 + 1, end = end0 + 1;
  Node* update[kMaxLevel];
  Node* x = header_;
  uint64_t traversed = 0;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && traversed + x->levels()[i].span < start) {
      traversed += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  ++traversed;
  x = x->levels()[0].forward;
  size_t removed = 0;
  while (x != nullptr && traversed <= end) {
    Node* next = x->levels()[0].forward;
    UnlinkNode(x, update);
    dict_.Extract(x->member());
    node_bytes_ -= malloc_usable_size(x);
    FreeNode(x);
    ++removed;
    ++traversed;
    x = next;
  }
  return removed;
}

size_t ZSet::AllocatedBytes() const {
  return node_bytes_ + malloc_usable_size(header_) + dict_.MemoryBytes();
}

std::string ZSet::CheckInvariants() const {
  if (level_ < 1 || level_ > kMaxLevel) return "level_ out of range";
  // Order, backward links, tail, NaN (invariants 1 and 5), and each node's position for the spans.
  uint64_t count = 0;
  size_t bytes = 0;
  const Node* prev = nullptr;
  int max_level = 1;
  for (const Node* x = First(); x != nullptr; x = x->next()) {
    if (std::isnan(x->score_)) return "NaN score";
    if (x->prev() != prev) return "bad backward pointer";
    if (prev != nullptr && !Before(prev, x->score_, x->member())) return "nodes out of order";
    if (x->level() < 1 || x->level() > kMaxLevel) return "node level out of range";
    if (x->level() > max_level) max_level = x->level();
    if (dict_.Find(x->member()) != x) return "node missing from the dict";
    bytes += malloc_usable_size(const_cast<Node*>(x));
    prev = x;
    ++count;
  }
  if (tail_ != prev) return "bad tail";
  if (count != length_) return "length_ does not match the list";
  if (dict_.size() != length_) return "dict size does not match";
  if (bytes != node_bytes_) return "node_bytes_ does not match";
  if (length_ > 0 && max_level != level_) return "level_ is not the highest node level";
  // Spans (invariant 2): walk every level and check each span against level-0 positions.
  for (int i = 0; i < level_; ++i) {
    const Node* x = header_;
    uint64_t pos = 0;  // level-0 position of x (header = 0, first node = 1)
    while (x->levels()[i].forward != nullptr) {
      const Node* f = x->levels()[i].forward;
      uint64_t fpos = pos;
      for (const Node* y = x == header_ ? First() : x->next(); ; y = y->next()) {
        ++fpos;
        if (y == f) break;
        if (y == nullptr) return "forward pointer not on level 0";
      }
      if (x->levels()[i].span != fpos - pos) return "bad span at level " + std::to_string(i);
      if (f->level() <= i) return "forward pointer to a lower node";
      x = f;
      pos = fpos;
    }
  }
  std::string d = dict_.CheckInvariants();
  if (!d.empty()) return "dict: " + d;
  return "";
}

}  // namespace ringkv::ds
