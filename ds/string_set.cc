#include "ds/string_set.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ringkv::ds {

namespace {

constexpr uint32_t kWideMarker = 0xFFFFFFFFu;

// abseil's table layout for `capacity` slots of 8 bytes: one control byte per slot plus a cloned group,
// rounded to the slot alignment, then the slots (the same formula Dict::MemoryBytes uses).
size_t FlatTableBytes(size_t capacity) {
  if (capacity == 0) return 0;
  constexpr size_t kClonedControlBytes = 16;
  const size_t control = (capacity + kClonedControlBytes + 7) & ~size_t{7};
  return control + capacity * sizeof(void*);
}

}  // namespace

std::string_view StringSet::Key(const Member* m) {
  const auto* p = reinterpret_cast<const char*>(m);
  uint32_t len;
  std::memcpy(&len, p, sizeof len);
  if (len != kWideMarker) return {p + sizeof len, len};
  uint64_t wide;
  std::memcpy(&wide, p + sizeof len, sizeof wide);
  return {p + sizeof len + sizeof wide, static_cast<size_t>(wide)};
}

StringSet::Member* StringSet::NewMember(std::string_view s, size_t* usable) {
  const bool wide = s.size() >= kWideMarker;
  const size_t header = wide ? sizeof(uint32_t) + sizeof(uint64_t) : sizeof(uint32_t);
  auto* p = static_cast<char*>(std::malloc(header + s.size()));
  if (p == nullptr) throw std::bad_alloc();
  if (wide) {
    std::memcpy(p, &kWideMarker, sizeof kWideMarker);
    const uint64_t len = s.size();
    std::memcpy(p + sizeof(uint32_t), &len, sizeof len);
  } else {
    const auto len = static_cast<uint32_t>(s.size());
    std::memcpy(p, &len, sizeof len);
  }
  if (!s.empty()) std::memcpy(p + header, s.data(), s.size());
  *usable = malloc_usable_size(p);
  return reinterpret_cast<Member*>(p);
}

void StringSet::FreeMember(Member* m) {
  member_bytes_ -= malloc_usable_size(m);
  std::free(m);
}

StringSet::StringSet(const StringSet& other) {
  Reserve(other.size());
  other.ForEach([&](std::string_view m) { Insert(m); });
}

StringSet::~StringSet() {
  if (big_) {
    big_->Clear([](Member* m) { std::free(m); });
  } else {
    for (Member* m : small_) std::free(m);
  }
}

bool StringSet::FreeSome(size_t* budget) {
  if (big_) {
    const size_t n = big_->DrainSome(*budget, [](Member* m) { std::free(m); });
    *budget -= std::min(n, *budget);
    return big_->empty();
  }
  *budget -= std::min(small_.size(), *budget);
  for (Member* m : small_) std::free(m);
  SmallTable().swap(small_);
  return true;
}

bool StringSet::Contains(std::string_view m) const {
  if (big_) return big_->Find(m) != nullptr;
  return small_.find(m) != small_.end();
}

void StringSet::GoBig() {
  big_ = std::make_unique<BigTable>();
  for (Member* m : small_) big_->Insert(m);
  SmallTable().swap(small_);  // invariant 1: the small tier keeps no allocation
}

void StringSet::Reserve(size_t n) {
  if (big_) return;
  if (n > kSmallMax) {
    GoBig();
  } else {
    small_.reserve(n);
  }
}

bool StringSet::Insert(std::string_view s) {
  if (!big_) {
    if (small_.size() < kSmallMax) {
      bool inserted = false;
      small_.lazy_emplace(s, [&](const auto& construct) {
        size_t usable;
        construct(NewMember(s, &usable));
        member_bytes_ += usable;
        inserted = true;
      });
      return inserted;
    }
    if (small_.contains(s)) return false;
    GoBig();
  }
  const uint64_t hash = BigTable::HashOf(s);
  if (big_->Find(s, hash) != nullptr) return false;
  size_t usable;
  Member* m = NewMember(s, &usable);
  member_bytes_ += usable;
  big_->Insert(m, hash);
  return true;
}

bool StringSet::Erase(std::string_view s) {
  Member* m = nullptr;
  if (big_) {
    m = big_->Extract(s);
  } else {
    auto it = small_.find(s);
    if (it != small_.end()) {
      m = *it;
      small_.erase(it);
    }
  }
  if (m == nullptr) return false;
  FreeMember(m);  // last: s may point into m
  return true;
}

size_t StringSet::AllocatedBytes() const {
  size_t bytes = member_bytes_;
  if (big_) {
    bytes += malloc_usable_size(big_.get()) + big_->MemoryBytes();
  } else {
    bytes += FlatTableBytes(small_.capacity());
  }
  return bytes;
}

std::string StringSet::CheckInvariants() const {
  size_t usable = 0;
  auto count = [&](const Member* m) { usable += malloc_usable_size(const_cast<Member*>(m)); };
  if (big_) {
    big_->ForEach(count);
  } else {
    for (const Member* m : small_) count(m);
  }
  if (usable != member_bytes_) return "member_bytes_ does not match the members";
  if (big_) {
    if (!small_.empty() || small_.capacity() != 0) return "small tier not empty beside the Dict";
    return big_->CheckInvariants();
  }
  if (small_.size() > kSmallMax) return "small tier past kSmallMax";
  return "";
}

}  // namespace ringkv::ds
