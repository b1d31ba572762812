// Quicklist: node fill, split and merge by Redis 7.0.15's rules, LZF compression of inner nodes, readers and
// cursors. The structure and its invariants are in quicklist.h.
#include "ds/quicklist.h"

#include <lzf.h>
#include <malloc.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ringkv::ds {

namespace {

size_t g_packed_threshold = Quicklist::kDefaultPackedThreshold;

bool IsLarge(size_t sz) { return sz >= g_packed_threshold; }

// Out of memory is fatal, as in Redis.
uint8_t* Alloc(size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) {
    std::fprintf(stderr, "quicklist: out of memory allocating %zu bytes\n", n);
    std::abort();
  }
  return static_cast<uint8_t*>(p);
}

uint32_t Load32(const uint8_t* p) { return listpack_internal::Load32(p); }
void Store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }  // little-endian host (x86-64, arm64)

// A node's listpack, borrowed for the duration of one operation: the node's block is adopted by a Listpack
// and handed back (with the node's size updated) when the borrow ends, since mutations may move it.
class NodeLp {
 public:
  explicit NodeLp(Quicklist::Node* n) : n_(n), lp_(Listpack::Adopt(n->data)) { assert(!n->plain && !n->compressed); }
  ~NodeLp() {
    n_->sz = lp_.size_bytes();
    n_->data = lp_.Release();
  }
  NodeLp(const NodeLp&) = delete;
  NodeLp& operator=(const NodeLp&) = delete;
  Listpack& operator*() { return lp_; }
  Listpack* operator->() { return &lp_; }

 private:
  Quicklist::Node* n_;
  Listpack lp_;
};

// Read-only access to raw listpack bytes that someone else owns.
class LpView {
 public:
  explicit LpView(const uint8_t* p) : lp_(Listpack::Adopt(const_cast<uint8_t*>(p))) {}
  ~LpView() { lp_.Release(); }
  LpView(const LpView&) = delete;
  LpView& operator=(const LpView&) = delete;
  const Listpack* operator->() const { return &lp_; }
  const Listpack& operator*() const { return lp_; }

 private:
  Listpack lp_;
};

Quicklist::Elem PlainElem(const uint8_t* data, size_t sz) {
  Quicklist::Elem e;
  e.str = {reinterpret_cast<const char*>(data), sz};
  return e;
}

}  // namespace

bool Quicklist::SetPackedThreshold(uint64_t bytes) {
  if (bytes > (uint64_t{1} << 32) - (uint64_t{1} << 20)) return false;
  g_packed_threshold = bytes == 0 ? kDefaultPackedThreshold : static_cast<size_t>(bytes);
  return true;
}

size_t Quicklist::packed_threshold() { return g_packed_threshold; }

Quicklist::Quicklist(int fill, int compress) {
  fill_ = static_cast<int16_t>(fill > kFillMax ? kFillMax : fill < kFillMin ? kFillMin : fill);
  compress_ = static_cast<uint16_t>(compress > kCompressMax ? kCompressMax : compress < 0 ? 0 : compress);
}

Quicklist::~Quicklist() {
  for (Node* n = head_; n != nullptr;) {
    Node* next = n->next;
    FreeNode(n);
    n = next;
  }
}

Quicklist::Quicklist(const Quicklist& o) : fill_(o.fill_), compress_(o.compress_) {
  for (const Node* n = o.head_; n != nullptr; n = n->next) {
    Node* c = new Node;
    const size_t bytes = n->compressed ? 4 + size_t{Load32(n->data)} : size_t{n->sz};
    c->data = Alloc(bytes);
    std::memcpy(c->data, n->data, bytes);
    c->sz = n->sz;
    c->count = n->count;
    c->compressed = n->compressed;
    c->plain = n->plain;
    c->prev = tail_;
    (tail_ != nullptr ? tail_->next : head_) = c;
    tail_ = c;
    ++len_;
    count_ += n->count;
  }
}

void Quicklist::FreeNode(Node* n) {
  std::free(n->data);
  delete n;
}

// ---------------------------------------------------------------------------------------------------------
// Compression (invariant 3)

bool Quicklist::CompressNode(Node* n) {
  if (n->dont_compress) return false;
  // Only inner nodes are compressed: the ends are where pushes and pops work.
  assert(n->prev != nullptr && n->next != nullptr);
  n->recompress = 0;
  if (n->sz < kMinCompressBytes || n->sz > UINT32_MAX) return false;
  const auto raw = static_cast<unsigned>(n->sz);
  uint8_t* blob = Alloc(4 + size_t{raw});
  // lzf_compress answers 0 when the output would not fit in raw bytes (incompressible data).
  const unsigned csz = lzf_compress(n->data, raw, blob + 4, raw);
  if (csz == 0 || size_t{csz} + kMinCompressImprove >= n->sz) {
    std::free(blob);
    return false;
  }
  Store32(blob, csz);
  void* shrunk = std::realloc(blob, 4 + size_t{csz});
  if (shrunk != nullptr) blob = static_cast<uint8_t*>(shrunk);
  std::free(n->data);
  n->data = blob;
  n->compressed = 1;
  return true;
}

void Quicklist::DecompressNode(Node* n) {
  n->recompress = 0;
  uint8_t* raw = Alloc(n->sz);
  const unsigned got = lzf_decompress(n->data + 4, Load32(n->data), raw, static_cast<unsigned>(n->sz));
  if (got != n->sz) {
    std::fprintf(stderr, "quicklist: a compressed node does not decompress to its size\n");
    std::abort();
  }
  std::free(n->data);
  n->data = raw;
  n->compressed = 0;
}

// Redis's __quicklistCompress: makes the compress_ nodes at each end raw, then compresses n (unless it is one
// of them) and the first node past the depth on each side. Lists shorter than twice the depth stay raw.
void Quicklist::CompressAround(Node* n) {
  if (len_ == 0) return;
  assert(head_->recompress == 0 && tail_->recompress == 0);
  if (compress_ == 0 || len_ < uint64_t{compress_} * 2) return;
  Node* forward = head_;
  Node* reverse = tail_;
  bool in_depth = false;
  for (int depth = 0; depth < compress_; ++depth) {
    if (forward->compressed) DecompressNode(forward);
    if (reverse->compressed) DecompressNode(reverse);
    if (forward == n || reverse == n) in_depth = true;
    // The two walks met: every node is within the depth of an end.
    if (forward == reverse || forward->next == reverse) return;
    forward = forward->next;
    reverse = reverse->prev;
  }
  if (!in_depth) CompressIfRaw(n);
  CompressIfRaw(forward);
  CompressIfRaw(reverse);
}

// ---------------------------------------------------------------------------------------------------------
// Fill rules (invariant 4)

bool Quicklist::MeetsSizeLimit(size_t sz, int fill) {
  static constexpr size_t kLimits[] = {4096, 8192, 16384, 32768, 65536};
  if (fill >= 0) return false;
  const size_t level = static_cast<size_t>(-fill) - 1;
  return level < std::size(kLimits) && sz <= kLimits[level];
}

bool Quicklist::AllowInsert(const Node* n, size_t sz) const {
  if (n == nullptr || n->plain || IsLarge(sz)) return false;
  // An overestimate of what the entry adds: at worst a node ends a few bytes short of its limit.
  const size_t new_sz = n->sz + sz + kInsertOverhead;
  if (MeetsSizeLimit(new_sz, fill_)) return true;
  if (new_sz > kSizeSafetyLimit) return false;
  return static_cast<int>(n->count) < fill_;
}

bool Quicklist::AllowMerge(const Node* a, const Node* b) const {
  if (a == nullptr || b == nullptr || a->plain || b->plain) return false;
  // Redis's estimate of the merged size: one header and terminator fewer (it still subtracts the 11 bytes
  // of a ziplist's).
  const size_t merge_sz = a->sz + b->sz - 11;
  if (MeetsSizeLimit(merge_sz, fill_)) return true;
  if (merge_sz > kSizeSafetyLimit) return false;
  return static_cast<int>(a->count + b->count) <= fill_;
}

// ---------------------------------------------------------------------------------------------------------
// Nodes

Quicklist::Node* Quicklist::NewPackedNode(std::string_view s) {
  Node* n = new Node;
  Listpack lp;
  lp.Append(s);
  n->sz = lp.size_bytes();
  n->data = lp.Release();
  n->count = 1;
  return n;
}

Quicklist::Node* Quicklist::NewPlainNode(std::string_view s) {
  Node* n = new Node;
  n->data = Alloc(s.size());
  if (!s.empty()) std::memcpy(n->data, s.data(), s.size());
  n->sz = s.size();
  n->plain = 1;
  n->count = 1;
  return n;
}

// Redis's __quicklistInsertNode: links new_node next to old_node (or as the only node), then lets both
// settle their compression.
void Quicklist::LinkNode(Node* old_node, Node* new_node, bool after) {
  if (after) {
    new_node->prev = old_node;
    if (old_node != nullptr) {
      new_node->next = old_node->next;
      if (old_node->next != nullptr) old_node->next->prev = new_node;
      old_node->next = new_node;
    }
    if (tail_ == old_node) tail_ = new_node;
  } else {
    new_node->next = old_node;
    if (old_node != nullptr) {
      new_node->prev = old_node->prev;
      if (old_node->prev != nullptr) old_node->prev->next = new_node;
      old_node->prev = new_node;
    }
    if (head_ == old_node) head_ = new_node;
  }
  if (len_ == 0) head_ = tail_ = new_node;
  ++len_;
  if (old_node != nullptr) Compress(old_node);
  Compress(new_node);
}

void Quicklist::AppendListpackNode(Listpack lp) {
  Node* n = new Node;
  n->sz = lp.size_bytes();
  n->count = lp.Length();
  count_ += n->count;
  n->data = lp.Release();
  LinkNode(tail_, n, true);
}

void Quicklist::AppendPlainNode(std::string_view s) { InsertPlainNode(tail_, s, true); }

void Quicklist::InsertPlainNode(Node* old_node, std::string_view s, bool after) {
  LinkNode(old_node, NewPlainNode(s), after);
  ++count_;
}

void Quicklist::DelNode(Node* n) {
  if (n->next != nullptr) n->next->prev = n->prev;
  if (n->prev != nullptr) n->prev->next = n->next;
  if (n == tail_) tail_ = n->prev;
  if (n == head_) head_ = n->next;
  --len_;
  count_ -= n->count;
  // A node within the depth may have gone: the ones that moved into it must be raw.
  CompressAround(nullptr);
  FreeNode(n);
}

bool Quicklist::DelIndex(Node* n, Listpack::Pos* pos) {
  if (n->plain) {
    DelNode(n);
    return true;
  }
  {
    NodeLp lp(n);
    *pos = lp->Delete(*pos);
  }
  n->count = n->count - 1;
  --count_;
  if (n->count == 0) {
    DelNode(n);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// The ends

void Quicklist::Push(End end, std::string_view s) {
  const bool head = end == End::kHead;
  Node* at = head ? head_ : tail_;
  if (IsLarge(s.size())) {
    InsertPlainNode(at, s, !head);
    return;
  }
  if (AllowInsert(at, s.size())) {
    NodeLp lp(at);
    if (head) {
      lp->Prepend(s);
    } else {
      lp->Append(s);
    }
    at->count = at->count + 1;
  } else {
    LinkNode(at, NewPackedNode(s), !head);
  }
  ++count_;
}

Quicklist::Elem Quicklist::Peek(End end) const {
  const Node* n = end == End::kHead ? head_ : tail_;
  assert(n != nullptr && !n->compressed);
  if (n->plain) return PlainElem(n->data, n->sz);
  LpView lp(n->data);
  return lp->Get(end == End::kHead ? lp->First() : lp->Last());
}

void Quicklist::Pop(End end) {
  Node* n = end == End::kHead ? head_ : tail_;
  assert(n != nullptr && !n->compressed);
  Listpack::Pos pos = Listpack::kNoPos;
  if (!n->plain) {
    LpView lp(n->data);
    pos = end == End::kHead ? lp->First() : lp->Last();
  }
  DelIndex(n, &pos);
}

// ---------------------------------------------------------------------------------------------------------
// By index

Quicklist::At Quicklist::Locate(int64_t idx) const {
  At at;
  const bool forward = idx >= 0;
  const uint64_t index = forward ? static_cast<uint64_t>(idx) : static_cast<uint64_t>(-(idx + 1));
  if (index >= count_) return at;
  // Walk from the nearer end.
  bool seek_forward = forward;
  uint64_t seek_index = index;
  if (index > (count_ - 1) / 2) {
    seek_forward = !forward;
    seek_index = count_ - 1 - index;
  }
  uint64_t accum = 0;
  Node* n = seek_forward ? head_ : tail_;
  while (n != nullptr && accum + n->count <= seek_index) {
    accum += n->count;
    n = seek_forward ? n->next : n->prev;
  }
  if (n == nullptr) return at;
  // accum as if the walk had gone the index's way.
  if (seek_forward != forward) accum = count_ - n->count - accum;
  at.node = n;
  at.offset = forward ? static_cast<int64_t>(index - accum) : -static_cast<int64_t>(index) - 1 + static_cast<int64_t>(accum);
  return at;
}

bool Quicklist::Replace(int64_t index, std::string_view s) {
  At at = Locate(index);
  if (at.node == nullptr) return false;
  DecompressForUse(at.node);
  if (!at.node->plain) {
    LpView lp(at.node->data);
    at.pos = lp->Seek(at.offset);
  }
  ReplaceAt(at, s);
  return true;
}

// Redis's quicklistReplaceEntry.
void Quicklist::ReplaceAt(At at, std::string_view s) {
  Node* n = at.node;
  if (!n->plain && !IsLarge(s.size())) {
    {
      NodeLp lp(n);
      lp->Replace(at.pos, s);
    }
    Compress(n);
  } else if (n->plain) {
    if (IsLarge(s.size())) {
      std::free(n->data);
      n->data = Alloc(s.size());
      if (!s.empty()) std::memcpy(n->data, s.data(), s.size());
      n->sz = s.size();
      Compress(n);
    } else {
      InsertAt(at, s, /*after=*/true);
      DelNode(n);
    }
  } else {
    // A large element replaces a packed one: it goes into a plain node after it (splitting the node when
    // it is inside), and the old element, now the last of its node, goes.
    n->dont_compress = 1;
    InsertAt(at, s, /*after=*/true);
    if (n->count == 1) {
      DelNode(n);
    } else {
      Listpack::Pos last;
      {
        LpView lp(n->data);
        last = lp->Last();
      }
      DelIndex(n, &last);
      n->dont_compress = 0;
      Compress(n);
      if (n->next != nullptr) Compress(n->next);
    }
  }
}

bool Quicklist::DeleteRange(int64_t start, int64_t count) {
  if (count <= 0) return false;
  uint64_t extent = static_cast<uint64_t>(count);
  if (start >= 0 && extent > count_ - static_cast<uint64_t>(start)) {
    extent = count_ - static_cast<uint64_t>(start);
  } else if (start < 0 && extent > static_cast<uint64_t>(-start)) {
    extent = static_cast<uint64_t>(-start);
  }
  At at = Locate(start);
  if (at.node == nullptr) return false;
  Node* n = at.node;
  int64_t offset = at.offset;
  while (extent > 0) {
    Node* next = n->next;
    uint64_t del;
    bool whole = false;
    if (offset == 0 && extent >= n->count) {
      whole = true;
      del = n->count;
    } else if (offset >= 0 && extent + static_cast<uint64_t>(offset) >= n->count) {
      del = n->count - static_cast<uint64_t>(offset);
    } else if (offset < 0) {
      // Only on the first node: everything from offset to the node's end, at most extent.
      del = static_cast<uint64_t>(-offset);
      if (del > extent) del = extent;
    } else {
      del = extent;
    }
    if (whole || n->plain) {
      DelNode(n);
    } else {
      DecompressForUse(n);
      {
        NodeLp lp(n);
        lp->DeleteRange(offset, static_cast<uint32_t>(del));
      }
      n->count = n->count - del;
      count_ -= del;
      if (n->count == 0) {
        DelNode(n);
      } else {
        RecompressOnly(n);
      }
    }
    extent -= del;
    n = next;
    offset = 0;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Insertion inside the list: split and merge (Redis's _quicklistInsert, _quicklistSplitNode, _quicklistMergeNodes)

// Splits n at offset. after: n keeps [0, offset], the new node gets (offset, end]; otherwise the new node
// gets [0, offset) and n keeps [offset, end]. n must be raw. Returns the new (unlinked) node.
Quicklist::Node* Quicklist::SplitNode(Node* n, int64_t offset, bool after) {
  Node* nn = new Node;
  nn->data = Alloc(n->sz);
  std::memcpy(nn->data, n->data, n->sz);
  nn->sz = n->sz;
  if (offset < 0) offset += n->count;
  constexpr uint32_t kToEnd = UINT32_MAX;
  const int64_t orig_start = after ? offset + 1 : 0;
  const uint32_t orig_extent = after ? kToEnd : static_cast<uint32_t>(offset);
  const int64_t new_start = after ? 0 : offset;
  const uint32_t new_extent = after ? static_cast<uint32_t>(offset + 1) : kToEnd;
  {
    NodeLp lp(n);
    lp->DeleteRange(orig_start, orig_extent);
    n->count = lp->Length();
  }
  {
    NodeLp lp(nn);
    lp->DeleteRange(new_start, new_extent);
    nn->count = lp->Length();
  }
  return nn;
}

// Merges b's elements into a (a left of b); b goes. Returns a.
Quicklist::Node* Quicklist::MergePair(Node* a, Node* b) {
  if (a->compressed) DecompressNode(a);
  if (b->compressed) DecompressNode(b);
  Listpack merged = Listpack::Merge(Listpack::Adopt(a->data), Listpack::Adopt(b->data));
  b->data = nullptr;
  a->count = merged.Length();
  a->sz = merged.size_bytes();
  a->data = merged.Release();
  b->count = 0;
  DelNode(b);
  Compress(a);
  return a;
}

void Quicklist::MergeAround(Node* center) {
  Node* prev = center->prev;
  Node* prev_prev = prev != nullptr ? prev->prev : nullptr;
  Node* next = center->next;
  Node* next_next = next != nullptr ? next->next : nullptr;
  if (AllowMerge(prev, prev_prev)) MergePair(prev_prev, prev);
  if (AllowMerge(next, next_next)) MergePair(next, next_next);
  Node* target = center;
  if (AllowMerge(center, center->prev)) target = MergePair(center->prev, center);
  if (AllowMerge(target, target->next)) MergePair(target, target->next);
}

void Quicklist::InsertAt(At at, std::string_view s, bool after) {
  Node* n = at.node;
  const size_t sz = s.size();
  const bool full = !AllowInsert(n, sz);
  bool at_tail = false, at_head = false, avail_next = false, avail_prev = false;
  if (after && (at.offset == static_cast<int64_t>(n->count) - 1 || at.offset == -1)) {
    at_tail = true;
    avail_next = AllowInsert(n->next, sz);
  }
  if (!after && (at.offset == 0 || at.offset == -static_cast<int64_t>(n->count))) {
    at_head = true;
    avail_prev = AllowInsert(n->prev, sz);
  }
  if (IsLarge(sz)) {
    if (n->plain || (at_tail && after) || (at_head && !after)) {
      InsertPlainNode(n, s, after);
    } else {
      DecompressForUse(n);
      Node* rest = SplitNode(n, at.offset, after);
      Node* plain = NewPlainNode(s);
      LinkNode(n, plain, after);
      LinkNode(plain, rest, after);
      ++count_;
    }
    return;
  }
  if (!full) {
    DecompressForUse(n);
    {
      NodeLp lp(n);
      lp->Insert(at.pos, s, after ? Listpack::Where::kAfter : Listpack::Where::kBefore);
    }
    n->count = n->count + 1;
    RecompressOnly(n);
  } else if (at_tail && avail_next && after) {
    // The new element starts the next node.
    Node* nn = n->next;
    DecompressForUse(nn);
    {
      NodeLp lp(nn);
      lp->Prepend(s);
    }
    nn->count = nn->count + 1;
    RecompressOnly(nn);
    RecompressOnly(n);
  } else if (at_head && avail_prev && !after) {
    // The new element ends the previous node.
    Node* pn = n->prev;
    DecompressForUse(pn);
    {
      NodeLp lp(pn);
      lp->Append(s);
    }
    pn->count = pn->count + 1;
    RecompressOnly(pn);
    RecompressOnly(n);
  } else if ((at_tail && !avail_next && after) || (at_head && !avail_prev && !after)) {
    LinkNode(n, NewPackedNode(s), after);
  } else {
    // Full and in the middle: split at the position, put the element on the split side, and merge what
    // can be merged around.
    DecompressForUse(n);
    Node* nn = SplitNode(n, at.offset, after);
    {
      NodeLp lp(nn);
      if (after) {
        lp->Prepend(s);
      } else {
        lp->Append(s);
      }
    }
    nn->count = nn->count + 1;
    LinkNode(n, nn, after);
    MergeAround(n);
  }
  ++count_;
}

// ---------------------------------------------------------------------------------------------------------
// Reader

Quicklist::Reader::Reader(const Quicklist& ql, int64_t index, bool forward) : forward_(forward) {
  At at = ql.Locate(index);
  if (at.node == nullptr) return;
  Enter(at.node);
  offset_ = at.offset;
}

void Quicklist::Reader::Enter(const Node* n) {
  node_ = n;
  started_ = false;
  if (n == nullptr) return;
  if (!n->compressed) {
    raw_ = n->data;
    return;
  }
  if (buf_bytes_ < n->sz) {
    buf_.reset(new uint8_t[n->sz]);
    buf_bytes_ = n->sz;
  }
  const unsigned got = lzf_decompress(n->data + 4, Load32(n->data), buf_.get(), static_cast<unsigned>(n->sz));
  if (got != n->sz) {
    std::fprintf(stderr, "quicklist: a compressed node does not decompress to its size\n");
    std::abort();
  }
  raw_ = buf_.get();
}

bool Quicklist::Reader::Next(Elem* out) {
  while (node_ != nullptr) {
    if (node_->plain) {
      if (!started_) {
        started_ = true;
        *out = PlainElem(raw_, node_->sz);
        return true;
      }
    } else {
      LpView lp(raw_);
      pos_ = !started_ ? lp->Seek(offset_) : forward_ ? lp->Next(pos_) : lp->Prev(pos_);
      started_ = true;
      if (pos_ != Listpack::kNoPos) {
        *out = lp->Get(pos_);
        return true;
      }
    }
    Enter(forward_ ? node_->next : node_->prev);
    offset_ = forward_ ? 0 : -1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Cursor (Redis's quicklistIter with quicklistNext, quicklistDelEntry, quicklistInsertAfter/Before)

Quicklist::Cursor::Cursor(Quicklist& ql, int64_t index, bool forward) : ql_(ql), forward_(forward) {
  At at = ql.Locate(index);
  node_ = at.node;
  offset_ = at.offset;
}

Quicklist::Cursor::~Cursor() {
  if (node_ != nullptr) ql_.Compress(node_);
}

bool Quicklist::Cursor::Next(Elem* out) {
  while (node_ != nullptr) {
    const bool plain = node_->plain;
    if (!have_pos_) {
      DecompressForUse(node_);
      have_pos_ = true;
      if (plain) {
        pos_ = 0;
      } else {
        LpView lp(node_->data);
        pos_ = lp->Seek(offset_);
        have_pos_ = pos_ != Listpack::kNoPos;
      }
    } else if (plain) {
      have_pos_ = false;
    } else {
      LpView lp(node_->data);
      pos_ = forward_ ? lp->Next(pos_) : lp->Prev(pos_);
      offset_ += forward_ ? 1 : -1;
      have_pos_ = pos_ != Listpack::kNoPos;
    }
    if (have_pos_) {
      if (plain) {
        *out = PlainElem(node_->data, node_->sz);
      } else {
        LpView lp(node_->data);
        *out = lp->Get(pos_);
      }
      return true;
    }
    // This node is done: it may be compressed again; on to the next one.
    ql_.Compress(node_);
    node_ = forward_ ? node_->next : node_->prev;
    offset_ = forward_ ? 0 : -1;
    have_pos_ = false;
  }
  return false;
}

void Quicklist::Cursor::DeleteCurrent() {
  assert(node_ != nullptr && have_pos_);
  Node* prev = node_->prev;
  Node* next = node_->next;
  const bool gone = ql_.DelIndex(node_, &pos_);
  // The next Next finds its element again by offset: the deletion kept the offsets of the elements in its
  // direction (forward: the next element took the deleted one's offset; backward: negative offsets count
  // from the end, which did not move).
  have_pos_ = false;
  if (gone) {
    node_ = forward_ ? next : prev;
    offset_ = forward_ ? 0 : -1;
  }
}

void Quicklist::Cursor::Insert(std::string_view s, bool after) {
  assert(node_ != nullptr && have_pos_);
  ql_.InsertAt({node_, offset_, pos_}, s, after);
  // As Redis resets its iterator: the insert took care of the node's compression.
  node_ = nullptr;
  have_pos_ = false;
}

// ---------------------------------------------------------------------------------------------------------
// Bytes, dumps, verification

size_t Quicklist::AllocatedBytes() const {
  size_t total = malloc_usable_size(const_cast<Quicklist*>(this));
  for (const Node* n = head_; n != nullptr; n = n->next) {
    total += malloc_usable_size(const_cast<Node*>(n)) + malloc_usable_size(n->data);
  }
  return total;
}

size_t Quicklist::UncompressedBytes() const {
  size_t total = 0;
  for (const Node* n = head_; n != nullptr; n = n->next) total += n->sz;
  return total;
}

size_t Quicklist::CompressedNodes() const {
  size_t total = 0;
  for (const Node* n = head_; n != nullptr; n = n->next) total += n->compressed;
  return total;
}

}  // namespace ringkv::ds
