// Quicklist: the list type's structure, Redis 7.0's quicklist semantics in ringkv's own code: a doubly linked
// list of nodes, each a listpack (ds/listpack.h, Redis's bytes) or, for one element of at least the packed
// threshold, a PLAIN node holding just that element's bytes. Nodes fill, split and merge by Redis 7.0.15's
// rules, so the node layout (DEBUG OBJECT's ql_nodes, ql_avg_node) is the one redis-server reaches by the same
// commands; inner nodes beyond the compress depth are LZF-compressed (liblzf) when that saves bytes.
//
// Invariants (relied on where marked "(invariant N)"):
//  1. count_ is the sum of the nodes' counts, len_ the number of nodes; no node is empty (an emptied node is
//     unlinked at once), so a list of count_ 0 has no node.
//  2. A node is PACKED (a listpack of count elements, sz = its bytes) or PLAIN (one element, sz = its length).
//     A PACKED node never holds an element of packed_threshold bytes or more that was inserted while that
//     threshold was in force; a PLAIN node is never merged with a neighbour.
//  3. Compression: a node's data is either raw (a listpack or the plain bytes) or an LZF blob <u32 compressed
//     bytes><compressed bytes> holding them; sz is always the raw size. The head and the tail are never
//     compressed, and nodes within compress_ of either end are raw after every public call; a node is
//     compressed only when its raw size is at least kMinCompressBytes and compression saves at least
//     kMinCompressImprove bytes (Redis's MIN_COMPRESS_BYTES / MIN_COMPRESS_IMPROVE). Reads (Reader) never
//     change a node: they decode a compressed one into their own buffer.
//  4. Fill: a node takes one more element of sz bytes only if (Redis's _quicklistNodeAllowInsert) its size
//     plus sz plus kInsertOverhead stays within the fill's byte limit (fill -1..-5: 4, 8, 16, 32, 64 KB), or,
//     for a positive fill, within kSizeSafetyLimit and below fill elements.
// Ownership: the Quicklist owns its nodes and their data blocks (malloc'ed: listpacks reallocate in place).
// Elem views point into a node (or a Reader's buffer) and are valid until the next mutation (or the Reader's
// next step). Costs: push/pop O(1) amortised; index O(nodes) + O(node); a mutation inside a node moves its
// bytes (at most a node's limit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ds/listpack.h"

namespace ringkv::ds {

class Quicklist {
 public:
  enum class End : uint8_t { kHead, kTail };
  using Elem = Listpack::Entry;

  // Redis 7.0's constants (quicklist.c): the largest multi-element node when the fill counts elements, the
  // per-insert estimate of a listpack entry's overhead, and the compression thresholds.
  static constexpr size_t kSizeSafetyLimit = 8192;
  static constexpr size_t kInsertOverhead = 8;
  static constexpr size_t kMinCompressBytes = 48;
  static constexpr size_t kMinCompressImprove = 8;
  static constexpr int kFillMax = 32767;  // 15 bits, as Redis's QL_FILL_BITS
  static constexpr int kFillMin = -5;
  static constexpr int kCompressMax = 65535;
  static constexpr size_t kDefaultPackedThreshold = size_t{1} << 30;

  // The element size from which an element gets a PLAIN node of its own (Redis's packed_threshold, a
  // process-wide setting: DEBUG QUICKLIST-PACKED-THRESHOLD). 0 restores the default (1 GiB); values above
  // 4 GiB - 1 MiB are refused (false), as Redis refuses them.
  static bool SetPackedThreshold(uint64_t bytes);
  static size_t packed_threshold();

  struct Node {
    Node* prev = nullptr;
    Node* next = nullptr;
    uint8_t* data = nullptr;  // invariant 3: raw listpack / plain bytes, or an LZF blob
    uint64_t sz : 44 = 0;     // raw size in bytes
    uint64_t count : 16 = 0;
    uint64_t compressed : 1 = 0;
    uint64_t plain : 1 = 0;
    uint64_t recompress : 1 = 0;     // decompressed for a mutation: compress it again when done
    uint64_t dont_compress : 1 = 0;  // held raw during a replace that works on it in two steps
  };

  // fill and compress are clamped as Redis's quicklistSetOptions does.
  Quicklist(int fill, int compress);
  ~Quicklist();
  // A deep copy (COPY): compressed nodes are copied compressed.
  Quicklist(const Quicklist& other);
  Quicklist& operator=(const Quicklist&) = delete;

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t node_count() const { return len_; }
  int fill() const { return fill_; }
  int compress_depth() const { return compress_; }
  const Node* head() const { return head_; }
  const Node* tail() const { return tail_; }

  // ---- the ends (LPUSH, RPUSH, LPOP, RPOP) ----
  void Push(End end, std::string_view s);
  // The element at an end of a non-empty list (the head and tail are never compressed: invariant 3).
  Elem Peek(End end) const;
  // Removes the element at an end of a non-empty list.
  void Pop(End end);

  // ---- whole nodes, as an RDB holds them (Redis's quicklistAppendListpack / quicklistAppendPlainNode) ----
  // Appends lp (validated, 1..65535 entries) as a new tail node, keeping the file's node layout.
  void AppendListpackNode(Listpack lp);
  // Appends one element as a PLAIN node.
  void AppendPlainNode(std::string_view s);

  // ---- by index (negative: from the tail) ----
  // LSET: replaces the element at index; false when out of range.
  bool Replace(int64_t index, std::string_view s);
  // Redis's quicklistDelRange: deletes count elements from start on (clamped to the list); false when
  // nothing was deleted.
  bool DeleteRange(int64_t start, int64_t count);

  // ---- bytes ----
  size_t AllocatedBytes() const;    // every block, as the allocator sized it (MEMORY USAGE)
  size_t UncompressedBytes() const;  // sum of the nodes' raw sizes (DEBUG OBJECT ql_uncompressed_size)
  size_t CompressedNodes() const;
  // Redis's quicklistRepr-like dump for DEBUG QUICKLIST (full: each node's elements too).
  std::string Repr(bool full) const;
  // Checks every invariant above (tests); false with a reason in *why.
  bool Verify(std::string* why) const;

  // Reads elements from an index (negative from the tail) towards the tail (forward) or the head, without
  // changing the list (invariant 3). Views are valid until the next call of Next or a mutation of the list.
  class Reader {
   public:
    Reader(const Quicklist& ql, int64_t index, bool forward);
    bool Next(Elem* out);

   private:
    void Enter(const Node* n);
    const Node* node_ = nullptr;
    const uint8_t* raw_ = nullptr;  // the node's raw bytes (its own, or buf_)
    Listpack::Pos pos_ = Listpack::kNoPos;
    int64_t offset_ = 0;  // where to start in node_ when pos_ is not set yet
    bool forward_;
    bool started_ = false;  // pos_ names the last element returned
    std::unique_ptr<uint8_t[]> buf_;
    size_t buf_bytes_ = 0;
  };

  // A mutating cursor over the elements (LREM, LINSERT), as Redis's quicklistIter: Next, then optionally
  // DeleteCurrent (the cursor goes on from there) or Insert (which ends the cursor). Holds its current node
  // raw while on it and compresses it again when it moves on or is destroyed.
  class Cursor {
   public:
    Cursor(Quicklist& ql, int64_t index, bool forward);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    bool Next(Elem* out);
    void DeleteCurrent();
    // Inserts s before or after the element Next returned; the cursor is finished afterwards.
    void Insert(std::string_view s, bool after);

   private:
    Quicklist& ql_;
    Node* node_ = nullptr;
    int64_t offset_ = 0;
    Listpack::Pos pos_ = Listpack::kNoPos;
    bool have_pos_ = false;
    bool forward_;
  };

 private:
  // Element position inside a node, as Redis's quicklistEntry: node, offset (may be negative: from the end)
  // and the listpack position (unused for a plain node).
  struct At {
    Node* node = nullptr;
    int64_t offset = 0;
    Listpack::Pos pos = Listpack::kNoPos;
  };

  // Redis's quicklistGetIteratorAtIdx: the node holding index and the offset in it (negative for a negative
  // index); node null when out of range.
  At Locate(int64_t index) const;

  bool AllowInsert(const Node* n, size_t sz) const;
  bool AllowMerge(const Node* a, const Node* b) const;
  static bool MeetsSizeLimit(size_t sz, int fill);

  Node* NewPackedNode(std::string_view s);
  static Node* NewPlainNode(std::string_view s);
  void LinkNode(Node* old_node, Node* new_node, bool after);
  void InsertPlainNode(Node* old_node, std::string_view s, bool after);
  void DelNode(Node* n);
  // Deletes the element at *pos in n; true when n went with it; *pos is then the following element's.
  bool DelIndex(Node* n, Listpack::Pos* pos);
  void InsertAt(At at, std::string_view s, bool after);
  void ReplaceAt(At at, std::string_view s);
  Node* SplitNode(Node* n, int64_t offset, bool after);
  Node* MergePair(Node* a, Node* b);
  void MergeAround(Node* center);

  // Compression (invariant 3), as Redis's __quicklistCompress & co.
  bool CompressNode(Node* n);
  static void DecompressNode(Node* n);
  static void DecompressForUse(Node* n) {
    if (n != nullptr && n->compressed) {
      DecompressNode(n);
      n->recompress = 1;
    }
  }
  void CompressIfRaw(Node* n) {
    if (n != nullptr && !n->compressed) CompressNode(n);
  }
  void CompressAround(Node* n);
  void Compress(Node* n) {
    if (n->recompress) {
      CompressIfRaw(n);
    } else {
      CompressAround(n);
    }
  }
  void RecompressOnly(Node* n) {
    if (n->recompress) CompressIfRaw(n);
  }
  static void FreeNode(Node* n);

  Node* head_ = nullptr;
  Node* tail_ = nullptr;
  uint64_t count_ = 0;
  uint64_t len_ = 0;
  int16_t fill_;
  uint16_t compress_;
};

}  // namespace ringkv::ds
