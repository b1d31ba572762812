#include "ds/string_map.h"

#include <malloc.h>

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

size_t NodeBytes(size_t field_len, size_t value_len) {
  return 1 + VarintBytes(field_len) + VarintBytes(value_len) + field_len + value_len;
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

StringMap::Node* StringMap::NewNode(std::string_view field, std::string_view value) {
  auto* p = static_cast<uint8_t*>(std::malloc(NodeBytes(field.size(), value.size())));
  if (p == nullptr) throw std::bad_alloc();
  uint8_t* w = p;
  *w++ = 0;
  w = PutVarint(w, field.size());
  w = PutVarint(w, value.size());
  if (!field.empty()) std::memcpy(w, field.data(), field.size());
  if (!value.empty()) std::memcpy(w + field.size(), value.data(), value.size());
  node_bytes_ += malloc_usable_size(p);
  return reinterpret_cast<Node*>(p);
}

void StringMap::FreeNode(Node* n) {
  node_bytes_ -= malloc_usable_size(n);
  std::free(n);
}

bool StringMap::RewriteInPlace(Node* n, std::string_view value) {
  const Layout l = Decode(n);
  const size_t need = NodeBytes(l.field_len, value.size());
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
  // The field moves when the value length's varint changes width; its bytes stay the same (invariant 4).
  std::memmove(base + header_len, l.field, l.field_len);
  std::memcpy(base, header, header_len);
  if (!value.empty()) std::memcpy(base + header_len + l.field_len, value.data(), value.size());
  return true;
}

StringMap::StringMap(const StringMap& other) {
  Reserve(other.size());
  other.ForEach([&](const Node* n) { Set(FieldOf(n), ValueOf(n)); });
}

StringMap::~StringMap() {
  if (big_) {
    big_->Clear([](Node* n) { std::free(n); });
  } else {
    for (Node* n : small_) std::free(n);
  }
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

bool StringMap::Set(std::string_view field, std::string_view value) {
  if (!big_) {
    auto it = small_.find(field);
    if (it != small_.end()) {
      Node* n = *it;
      if (!RewriteInPlace(n, value)) ReplaceNode(n, NewNode(field, value));
      return false;
    }
    if (small_.size() < kSmallMax) {
      small_.insert(NewNode(field, value));
      return true;
    }
    GoBig();
  }
  const uint64_t hash = BigTable::HashOf(field);
  if (Node* n = big_->Find(field, hash)) {
    if (!RewriteInPlace(n, value)) ReplaceNode(n, NewNode(field, value));
    return false;
  }
  big_->Insert(NewNode(field, value), hash);
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
  FreeNode(n);  // last: field may point into n
  return true;
}

size_t StringMap::AllocatedBytes() const {
  size_t bytes = node_bytes_;
  if (big_) {
    bytes += malloc_usable_size(big_.get()) + big_->MemoryBytes();
  } else {
    bytes += FlatTableBytes(small_.capacity());
  }
  return bytes;
}

std::string StringMap::CheckInvariants() const {
  size_t usable = 0;
  std::string err;
  ForEach([&](const Node* n) {
    usable += malloc_usable_size(const_cast<Node*>(n));
    const Layout l = Decode(n);
    if (NodeBytes(l.field_len, l.value_len) > malloc_usable_size(const_cast<Node*>(n))) err = "node past its block";
  });
  if (!err.empty()) return err;
  if (usable != node_bytes_) return "node_bytes_ does not match the nodes";
  if (big_) {
    if (!small_.empty() || small_.capacity() != 0) return "small tier not empty beside the Dict";
    return big_->CheckInvariants();
  }
  if (small_.size() > kSmallMax) return "small tier past kSmallMax";
  return "";
}

}  // namespace ringkv::ds
