#include "ds/string_map.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>

namespace ringkv::ds {

namespace {

constexpr size_t kMaxVarintBytes = 10;

size_t VarintBytes(uint64_t v) {
  size_t n = 1;
  while (v >= 128) {
    v >>= 7;
    ++n;
  }
  return n;
}

uint8_t* PutVarint(uint8_t* p, uint64_t v) {
  while (v >= 128) {
    *p++ = static_cast<uint8_t>(v | 128);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

const uint8_t* GetVarint(const uint8_t* p, uint64_t* v) {
  uint64_t out = 0;
  for (uint32_t shift = 0;; shift += 7) {
    const uint8_t b = *p++;
    out |= uint64_t{b & 127u} << shift;
    if (b < 128) break;
  }
  *v = out;
  return p;
}

// abseil's layout for `capacity` 8-byte slots (the same formula as ds::StringSet and Dict::MemoryBytes).
size_t FlatTableBytes(size_t capacity) {
  if (capacity == 0) return 0;
  constexpr size_t kClonedControlBytes = 16;
  const size_t control = (capacity + kClonedControlBytes + 7) & ~size_t{7};
  return control + capacity * sizeof(void*);
}

// The decoded header of a node: where its field and value start and how long they are.
struct Layout {
  uint8_t flags;
  uint64_t field_len;
  uint64_t value_len;
  const uint8_t* field;
  const uint8_t* value;
};

Layout Decode(const void* node) {
  const auto* p = static_cast<const uint8_t*>(node);
  Layout l;
  l.flags = *p++;
  p = GetVarint(p, &l.field_len);
  p = GetVarint(p, &l.value_len);
  l.field = p;
  l.value = p + l.field_len;
  return l;
}

size_t NodeBytes(size_t field_len, size_t value_len, bool has_ttl) {
  return 1 + VarintBytes(field_len) + VarintBytes(value_len) + field_len + value_len + (has_ttl ? 8 : 0);
}

}  // namespace

std::string_view StringMap::FieldOf(const Node* n) {
  // The fast path of every probe: flags, then one-byte lengths (fields and values below 128 bytes).
  const auto* p = reinterpret_cast<const uint8_t*>(n);
  if (p[1] < 128 && p[2] < 128) return {reinterpret_cast<const char*>(p + 3), p[1]};
  const Layout l = Decode(n);
  return {reinterpret_cast<const char*>(l.field), static_cast<size_t>(l.field_len)};
}

std::string_view StringMap::ValueOf(const Node* n) {
  const Layout l = Decode(n);
  return {reinterpret_cast<const char*>(l.value), static_cast<size_t>(l.value_len)};
}

int64_t StringMap::TtlOf(const Node* n) {
  const Layout l = Decode(n);
  int64_t at;
  std::memcpy(&at, l.value + l.value_len, sizeof at);
  return at;
}

StringMap::Node* StringMap::NewNode(std::string_view field, std::string_view value) {
  return NewNodeWithTtl(field, value, false, 0);
}

StringMap::Node* StringMap::NewNodeWithTtl(std::string_view field, std::string_view value, bool has_ttl,
                                           int64_t at_ms) {
  auto* p = static_cast<uint8_t*>(std::malloc(NodeBytes(field.size(), value.size(), has_ttl)));
  if (p == nullptr) throw std::bad_alloc();
  uint8_t* w = p;
  *w++ = has_ttl ? kFlagTtl : 0;
  w = PutVarint(w, field.size());
  w = PutVarint(w, value.size());
  if (!field.empty()) std::memcpy(w, field.data(), field.size());
  if (!value.empty()) std::memcpy(w + field.size(), value.data(), value.size());
  if (has_ttl) std::memcpy(w + field.size() + value.size(), &at_ms, sizeof at_ms);
  node_bytes_ += malloc_usable_size(p);
  return reinterpret_cast<Node*>(p);
}

void StringMap::IndexAdd(Node* n) {
  if (!ttl_) ttl_ = std::make_unique<TtlIndex>(CountingAllocator<TtlEntry>(&ttl_bytes_));
  ttl_->insert({TtlOf(n), n});
}

void StringMap::IndexRemove(const Node* n) {
  ttl_->erase({TtlOf(n), const_cast<Node*>(n)});
  if (ttl_->empty()) ttl_.reset();  // invariant 5: a map without TTLs keeps nothing for them
}

void StringMap::FreeNode(Node* n) {
  node_bytes_ -= malloc_usable_size(n);
  std::free(n);
}

bool StringMap::RewriteInPlace(Node* n, std::string_view value) {
  const Layout l = Decode(n);
  const bool has_ttl = (l.flags & kFlagTtl) != 0;
  const size_t need = NodeBytes(l.field_len, value.size(), has_ttl);
  if (need > malloc_usable_size(n)) return false;
  auto* base = reinterpret_cast<uint8_t*>(n);
  const auto* begin = reinterpret_cast<const char*>(base);
  // A value that points into this very block could be overwritten while copied: take the other path.
  if (!value.empty() && value.data() + value.size() > begin && value.data() < begin + malloc_usable_size(n)) {
    return false;
  }
  uint8_t header[1 + 2 * kMaxVarintBytes];
  uint8_t* w = header;
  *w++ = l.flags;
  w = PutVarint(w, l.field_len);
  w = PutVarint(w, value.size());
  const size_t header_len = static_cast<size_t>(w - header);
  int64_t at = 0;
  if (has_ttl) at = TtlOf(n);
  // The field moves when the value length's varint changes width; its bytes stay the same (invariant 4).
  std::memmove(base + header_len, l.field, l.field_len);
  std::memcpy(base, header, header_len);
  if (!value.empty()) std::memcpy(base + header_len + l.field_len, value.data(), value.size());
  if (has_ttl) std::memcpy(base + header_len + l.field_len + value.size(), &at, sizeof at);
  return true;
}

StringMap::StringMap(const StringMap& other) {
  Reserve(other.size());
  other.ForEach([&](const Node* n) {
    Set(FieldOf(n), ValueOf(n));
    if (HasTtl(n)) SetTtl(FieldOf(n), TtlOf(n));
  });
}

StringMap::~StringMap() {
  if (big_) {
    big_->Clear([](Node* n) { std::free(n); });
  } else {
    for (Node* n : small_) std::free(n);
  }
}

bool StringMap::FreeSome(size_t* budget) {
  // The TTL index points at nodes: it goes first, whole (a btree of the fields with a TTL).
  ttl_.reset();
  if (big_) {
    const size_t n = big_->DrainSome(*budget, [](Node* node) { std::free(node); });
    *budget -= std::min(n, *budget);
    return big_->empty();
  }
  *budget -= std::min(small_.size(), *budget);
  for (Node* node : small_) std::free(node);
  SmallTable().swap(small_);
  return true;
}

StringMap::Node* StringMap::FindMutable(std::string_view field) const {
  if (big_) return big_->Find(field);
  auto it = small_.find(field);
  return it == small_.end() ? nullptr : *it;
}

const StringMap::Node* StringMap::Find(std::string_view field) const { return FindMutable(field); }

void StringMap::GoBig() {
  big_ = std::make_unique<BigTable>();
  for (Node* n : small_) big_->Insert(n);
  SmallTable().swap(small_);  // invariant 1: the small tier keeps no allocation
}

void StringMap::Reserve(size_t n) {
  if (big_) return;
  if (n > kSmallMax) {
    GoBig();
  } else {
    small_.reserve(n);
  }
}

void StringMap::ReplaceNode(Node* n, Node* fresh) {
  const std::string_view field = FieldOf(fresh);
  if (big_) {
    const uint64_t hash = BigTable::HashOf(field);
    big_->Extract(field, hash);
    big_->Insert(fresh, hash);
  } else {
    small_.erase(field);
    small_.insert(fresh);
  }
  FreeNode(n);
}

bool StringMap::Set(std::string_view field, std::string_view value, bool keep_ttl) {
  uint64_t hash = 0;
  Node* n = nullptr;
  if (big_) {
    hash = BigTable::HashOf(field);
    n = big_->Find(field, hash);
  } else {
    auto it = small_.find(field);
    if (it != small_.end()) n = *it;
  }
  if (n != nullptr) {
    if (HasTtl(n)) {
      IndexRemove(n);  // the node may move; it is indexed again below if it keeps its TTL
      if (!keep_ttl) *reinterpret_cast<uint8_t*>(n) &= static_cast<uint8_t>(~kFlagTtl);
    }
    if (!RewriteInPlace(n, value)) {
      const bool has_ttl = HasTtl(n);
      Node* fresh = NewNodeWithTtl(field, value, has_ttl, has_ttl ? TtlOf(n) : 0);
      ReplaceNode(n, fresh);
      n = fresh;
    }
    if (HasTtl(n)) IndexAdd(n);
    return false;
  }
  if (!big_) {
    if (small_.size() < kSmallMax) {
      small_.insert(NewNode(field, value));
      return true;
    }
    GoBig();
    hash = BigTable::HashOf(field);
  }
  big_->Insert(NewNode(field, value), hash);
  return true;
}

void StringMap::SetTtl(std::string_view field, int64_t at_ms) {
  Node* n = FindMutable(field);
  if (n == nullptr) return;
  auto* base = reinterpret_cast<uint8_t*>(n);
  if (HasTtl(n)) IndexRemove(n);
  const Layout l = Decode(n);
  uint8_t* at = base + (l.value - base) + l.value_len;
  if (HasTtl(n) || NodeBytes(l.field_len, l.value_len, true) <= malloc_usable_size(n)) {
    // The 8 bytes fit the block (invariant 4: the field does not move).
    base[0] |= kFlagTtl;
    std::memcpy(at, &at_ms, sizeof at_ms);
    IndexAdd(n);
    return;
  }
  Node* fresh = NewNodeWithTtl(FieldOf(n), ValueOf(n), true, at_ms);
  ReplaceNode(n, fresh);
  IndexAdd(fresh);
}

bool StringMap::ClearTtl(std::string_view field) {
  Node* n = FindMutable(field);
  if (n == nullptr || !HasTtl(n)) return false;
  IndexRemove(n);
  *reinterpret_cast<uint8_t*>(n) &= static_cast<uint8_t>(~kFlagTtl);  // the 8 bytes become slack
  return true;
}

bool StringMap::Erase(std::string_view field) {
  Node* n = nullptr;
  if (big_) {
    n = big_->Extract(field);
  } else {
    auto it = small_.find(field);
    if (it != small_.end()) {
      n = *it;
      small_.erase(it);
    }
  }
  if (n == nullptr) return false;
  if (HasTtl(n)) IndexRemove(n);
  FreeNode(n);  // last: field may point into n
  return true;
}

size_t StringMap::AllocatedBytes() const {
  size_t bytes = node_bytes_;
  if (ttl_) bytes += sizeof(TtlIndex) + ttl_bytes_;
  if (big_) {
    bytes += malloc_usable_size(big_.get()) + big_->MemoryBytes();
  } else {
    bytes += FlatTableBytes(small_.capacity());
  }
  return bytes;
}

std::string StringMap::CheckInvariants() const {
  size_t usable = 0, flagged = 0;
  std::string err;
  ForEach([&](const Node* n) {
    usable += malloc_usable_size(const_cast<Node*>(n));
    const Layout l = Decode(n);
    if (NodeBytes(l.field_len, l.value_len, HasTtl(n)) > malloc_usable_size(const_cast<Node*>(n))) {
      err = "node past its block";
    }
    if (HasTtl(n)) {
      ++flagged;
      if (!ttl_ || !ttl_->contains({TtlOf(n), const_cast<Node*>(n)})) err = "a node with a TTL is not indexed";
    }
  });
  if (!err.empty()) return err;
  if (flagged != ttl_count()) return "the TTL index holds other nodes";
  if (ttl_ && ttl_->empty()) return "an empty TTL index is kept";
  if (usable != node_bytes_) return "node_bytes_ does not match the nodes";
  if (big_) {
    if (!small_.empty() || small_.capacity() != 0) return "small tier not empty beside the Dict";
    return big_->CheckInvariants();
  }
  if (small_.size() > kSmallMax) return "small tier past kSmallMax";
  return "";
}

}  // namespace ringkv::ds
