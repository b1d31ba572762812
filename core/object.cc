#include "core/object.h"

#include <malloc.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>

#include "ds/numconv.h"

namespace ringkv::core {

const char* TypeName(ObjType t) {
  switch (t) {
    case ObjType::kString: return "string";
    case ObjType::kList: return "list";
    case ObjType::kSet: return "set";
    case ObjType::kZSet: return "zset";
    case ObjType::kHash: return "hash";
  }
  return "unknown";
}

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kRaw: return "raw";
    case Encoding::kInt: return "int";
    case Encoding::kHashtable: return "hashtable";
    case Encoding::kIntset: return "intset";
    case Encoding::kSkiplist: return "skiplist";
    case Encoding::kEmbstr: return "embstr";
    case Encoding::kQuicklist: return "quicklist";
    case Encoding::kListpack: return "listpack";
    case Encoding::kListpackEx: return "listpackex";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------------------
// The EncodingOps table: one row per (type, encoding), indexed directly by the two small ids (3 bits of type,
// encodings below 16), so a destroy is one indexed load and an indirect call.

namespace {

constexpr size_t kTypeSlots = 8;
constexpr size_t kEncodingSlots = 16;
using OpsTable = std::array<std::array<EncodingOps, kEncodingSlots>, kTypeSlots>;

OpsTable& Table() {
  // The built-in structures register here as the types land (list, set, zset, hash rows).
  static OpsTable table{};
  return table;
}

[[noreturn]] void NoOps(ObjType t, Encoding e) {
  std::fprintf(stderr, "ringkv: no EncodingOps for type %d encoding %d\n", static_cast<int>(t), static_cast<int>(e));
  std::abort();
}

}  // namespace

const EncodingOps* FindEncodingOps(ObjType t, Encoding e) {
  const auto ti = static_cast<size_t>(t), ei = static_cast<size_t>(e);
  if (ti >= kTypeSlots || ei >= kEncodingSlots) return nullptr;
  const EncodingOps& ops = Table()[ti][ei];
  return ops.destroy != nullptr ? &ops : nullptr;
}

void RegisterEncodingOps(ObjType t, Encoding e, const EncodingOps& ops) {
  const auto ti = static_cast<size_t>(t), ei = static_cast<size_t>(e);
  if (ti >= kTypeSlots || ei >= kEncodingSlots || ops.destroy == nullptr) NoOps(t, e);
  Table()[ti][ei] = ops;
}

// ---------------------------------------------------------------------------------------------------------
// Heap strings. One allocation: a header (length, capacity), then the bytes; no NUL, every reader takes the
// length. The header is two uint32 while the capacity fits in 32 bits (every string a default
// proto-max-bulk-len allows), two uint64 beyond; Value's storage tag says which. The capacity is whatever the
// allocator really handed out (malloc_usable_size), so the slack of its size class is used, and HeapBytes
// reports what the string truly costs.

namespace {

struct Header32 {
  uint32_t len;
  uint32_t cap;
};
struct Header64 {
  uint64_t len;
  uint64_t cap;
};

// Redis's SDS_MAX_PREALLOC: growth doubles up to this size, then adds this much.
constexpr size_t kMaxPrealloc = size_t{1} << 20;

size_t GreedyCapacity(size_t need) { return need < kMaxPrealloc ? need * 2 : need + kMaxPrealloc; }

bool Fits32(size_t cap) { return cap <= std::numeric_limits<uint32_t>::max() - sizeof(Header32); }

size_t HeaderBytes(bool wide) { return wide ? sizeof(Header64) : sizeof(Header32); }

size_t HeapLen(const char* base, bool wide) {
  return wide ? reinterpret_cast<const Header64*>(base)->len : reinterpret_cast<const Header32*>(base)->len;
}
size_t HeapCap(const char* base, bool wide) {
  return wide ? reinterpret_cast<const Header64*>(base)->cap : reinterpret_cast<const Header32*>(base)->cap;
}
void SetHeapLen(char* base, bool wide, size_t len) {
  if (wide) {
    reinterpret_cast<Header64*>(base)->len = len;
  } else {
    reinterpret_cast<Header32*>(base)->len = static_cast<uint32_t>(len);
  }
}
// Records the capacity the allocator gave (usable size minus the header).
void SetHeapCapFromUsable(char* base, bool wide) {
  const size_t cap = malloc_usable_size(base) - HeaderBytes(wide);
  if (wide) {
    reinterpret_cast<Header64*>(base)->cap = cap;
  } else {
    reinterpret_cast<Header32*>(base)->cap = static_cast<uint32_t>(std::min<size_t>(cap, UINT32_MAX));
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Value

void Value::Reset() {
  if (IsHeap()) {
    std::free(Load<char*>());
  } else if (storage_ == kStorePtr) {
    const EncodingOps* ops = FindEncodingOps(type(), encoding());
    if (ops == nullptr) NoOps(type(), encoding());
    ops->destroy(Load<void*>());
  }
  storage_ = kStoreInline;
  inline_len_ = 0;
}

void Value::TakeFrom(Value& o) {
  std::memcpy(bytes_, o.bytes_, kInlineBytes);
  inline_len_ = o.inline_len_;
  type_ = o.type_;
  storage_ = o.storage_;
  enc_ = o.enc_;
  // o no longer owns what the payload points to.
  o.storage_ = kStoreInline;
  o.inline_len_ = 0;
  o.type_ = static_cast<uint8_t>(ObjType::kString);
  o.enc_ = static_cast<uint8_t>(Encoding::kEmbstr);
}

char* Value::Reallocate(size_t len, size_t cap) {
  const bool wide = !Fits32(cap);
  const size_t header = HeaderBytes(wide);
  if (cap > std::numeric_limits<size_t>::max() - header) throw std::bad_alloc();
  char* base;
  if (IsHeap() && (storage_ == kStoreHeap64) == wide) {
    // Same header layout: realloc may extend in place and copies the bytes otherwise.
    base = static_cast<char*>(std::realloc(Load<char*>(), header + cap));
    if (base == nullptr) throw std::bad_alloc();
  } else {
    base = static_cast<char*>(std::malloc(header + cap));
    if (base == nullptr) throw std::bad_alloc();
    char scratch[ds::kInt64BufBytes];
    const std::string_view old = StringView(scratch);
    if (len > 0) std::memcpy(base + header, old.data(), std::min(len, old.size()));
    Reset();
  }
  SetHeapLen(base, wide, len);
  SetHeapCapFromUsable(base, wide);
  Store(base);
  storage_ = wide ? kStoreHeap64 : kStoreHeap32;
  type_ = static_cast<uint8_t>(ObjType::kString);
  return base + header;
}

void Value::StoreBytes(std::string_view s, Encoding enc) {
  if (IsHeap() && s.size() > kInlineBytes) {
    // Reuse the heap string, unless it would keep a much larger buffer than the new value needs.
    char* base = Load<char*>();
    const bool wide = storage_ == kStoreHeap64;
    const size_t cap = HeapCap(base, wide);
    if (s.size() <= cap && s.size() >= cap / 2) {
      std::memmove(base + HeaderBytes(wide), s.data(), s.size());  // s may be this very string
      SetHeapLen(base, wide, s.size());
      type_ = static_cast<uint8_t>(ObjType::kString);
      enc_ = static_cast<uint8_t>(enc);
      return;
    }
  }
  if (s.size() <= kInlineBytes) {
    char tmp[kInlineBytes];
    if (!s.empty()) std::memcpy(tmp, s.data(), s.size());  // s may point into the payload Reset frees
    Reset();
    if (!s.empty()) std::memcpy(bytes_, tmp, s.size());
    inline_len_ = static_cast<uint8_t>(s.size());
  } else {
    // Exact size (plus the allocator's slack): a value written whole is not expected to grow.
    const bool wide = !Fits32(s.size());
    const size_t header = HeaderBytes(wide);
    char* base = static_cast<char*>(std::malloc(header + s.size()));
    if (base == nullptr) throw std::bad_alloc();
    std::memcpy(base + header, s.data(), s.size());
    SetHeapLen(base, wide, s.size());
    SetHeapCapFromUsable(base, wide);
    Reset();
    Store(base);
    storage_ = wide ? kStoreHeap64 : kStoreHeap32;
  }
  type_ = static_cast<uint8_t>(ObjType::kString);
  enc_ = static_cast<uint8_t>(enc);
}

void Value::SetString(std::string_view s) {
  int64_t v;
  if (s.size() <= ds::kInt64MaxChars && ds::StringToInt64(s, &v)) {
    SetInt(v);
    return;
  }
  SetStringNoInt(s);
}

void Value::SetInt(int64_t v) {
  Reset();
  type_ = static_cast<uint8_t>(ObjType::kString);
  enc_ = static_cast<uint8_t>(Encoding::kInt);
  storage_ = kStoreInt;
  Store(v);
}

void Value::SetStringNoInt(std::string_view s) {
  StoreBytes(s, s.size() <= kEmbstrMaxBytes ? Encoding::kEmbstr : Encoding::kRaw);
}

char* Value::SetRawZeros(size_t n) {
  Reset();
  type_ = static_cast<uint8_t>(ObjType::kString);
  enc_ = static_cast<uint8_t>(Encoding::kRaw);
  if (n <= kInlineBytes) {
    std::memset(bytes_, 0, kInlineBytes);
    inline_len_ = static_cast<uint8_t>(n);
    return bytes_;
  }
  char* data = Reallocate(n, n);
  std::memset(data, 0, n);
  return data;
}

std::string_view Value::StringView(char* scratch) const {
  switch (storage_) {
    case kStoreInt:
      return {scratch, ds::Int64ToChars(Load<int64_t>(), scratch)};
    case kStoreHeap32:
    case kStoreHeap64: {
      const char* base = Load<char*>();
      const bool wide = storage_ == kStoreHeap64;
      return {base + HeaderBytes(wide), HeapLen(base, wide)};
    }
    case kStoreInline:
      return {bytes_, inline_len_};
    default:
      return {};
  }
}

size_t Value::StringLength() const {
  if (IsHeap()) return HeapLen(Load<char*>(), storage_ == kStoreHeap64);
  char buf[ds::kInt64BufBytes];
  return StringView(buf).size();
}

void Value::MakeRaw() {
  if (!IsString()) return;  // a structure's encoding is its destroy dispatch: never relabelled here
  if (storage_ == kStoreInt) {
    // The digits (at most 20) always fit inline.
    char digits[ds::kInt64BufBytes];
    const size_t n = ds::Int64ToChars(Load<int64_t>(), digits);
    std::memcpy(bytes_, digits, n);
    inline_len_ = static_cast<uint8_t>(n);
    storage_ = kStoreInline;
  }
  enc_ = static_cast<uint8_t>(Encoding::kRaw);
}

char* Value::GrowString(size_t min_len) {
  MakeRaw();
  if (storage_ == kStoreInline) {
    if (min_len <= kInlineBytes) {
      if (min_len > inline_len_) {
        std::memset(bytes_ + inline_len_, 0, min_len - inline_len_);
        inline_len_ = static_cast<uint8_t>(min_len);
      }
      return bytes_;
    }
    const size_t len = inline_len_;
    char* data = Reallocate(len, GreedyCapacity(min_len));
    std::memset(data + len, 0, min_len - len);
    SetHeapLen(Load<char*>(), storage_ == kStoreHeap64, min_len);
    return data;
  }
  char* base = Load<char*>();
  bool wide = storage_ == kStoreHeap64;
  const size_t len = HeapLen(base, wide);
  char* data = base + HeaderBytes(wide);
  if (min_len <= len) return data;
  if (min_len > HeapCap(base, wide)) {
    data = Reallocate(len, GreedyCapacity(min_len));
    base = Load<char*>();
    wide = storage_ == kStoreHeap64;
  }
  std::memset(data + len, 0, min_len - len);
  SetHeapLen(base, wide, min_len);
  return data;
}

size_t Value::AppendString(std::string_view tail) {
  const size_t len = StringLength();
  char* data = GrowString(len + tail.size());
  if (!tail.empty()) std::memcpy(data + len, tail.data(), tail.size());
  return len + tail.size();
}

void Value::SetRawPtr(ObjType t, Encoding e, void* p) {
  if (FindEncodingOps(t, e) == nullptr) NoOps(t, e);
  Reset();
  type_ = static_cast<uint8_t>(t);
  enc_ = static_cast<uint8_t>(e);
  Store(p);
  storage_ = kStorePtr;
}

bool Value::CopyFrom(const Value& other) {
  if (other.storage_ == kStorePtr) {
    const EncodingOps* ops = FindEncodingOps(other.type(), other.encoding());
    if (ops == nullptr || ops->copy == nullptr) return false;
    SetRawPtr(other.type(), other.encoding(), ops->copy(other.Load<void*>()));
    return true;
  }
  if (other.storage_ == kStoreInt) {
    SetInt(other.int_value());
  } else {
    char buf[ds::kInt64BufBytes];
    StoreBytes(other.StringView(buf), other.encoding());
  }
  return true;
}

size_t Value::HeapBytes() const {
  if (IsHeap()) return malloc_usable_size(Load<char*>());
  if (storage_ == kStorePtr) {
    const EncodingOps* ops = FindEncodingOps(type(), encoding());
    return ops != nullptr && ops->heap_bytes != nullptr ? ops->heap_bytes(Load<void*>()) : 0;
  }
  return 0;
}

bool Value::FreesInSlices() const {
  if (storage_ != kStorePtr) return false;
  const EncodingOps* ops = FindEncodingOps(type(), encoding());
  return ops != nullptr && ops->free_some != nullptr;
}

bool Value::FreeSome(size_t* budget) {
  if (FreesInSlices()) {
    if (!FindEncodingOps(type(), encoding())->free_some(Load<void*>(), budget)) return false;
    storage_ = kStoreInline;  // the structure freed itself
    inline_len_ = 0;
    return true;
  }
  Reset();
  *budget -= std::min<size_t>(*budget, 1);
  return true;
}

size_t Value::FreeEffort() const {
  if (storage_ != kStorePtr) return 1;
  const EncodingOps* ops = FindEncodingOps(type(), encoding());
  return ops != nullptr && ops->effort != nullptr ? ops->effort(Load<void*>()) : 1;
}

// ---------------------------------------------------------------------------------------------------------
// Entry

Entry* Entry::Create(std::string_view key, bool expire_room) {
  if (key.size() > kMaxKeyBytes) throw std::length_error("key too long");
  const size_t room = expire_room ? sizeof(int64_t) : 0;
  void* mem = std::malloc(sizeof(Entry) + room + key.size());
  if (mem == nullptr) throw std::bad_alloc();
  Entry* e = new (mem) Entry();
  e->key_len_ = static_cast<uint32_t>(key.size());
  e->expire_room_ = expire_room ? 1 : 0;
  if (expire_room) e->StoreExpire(0);
  if (!key.empty()) std::memcpy(const_cast<char*>(e->KeyBytes()), key.data(), key.size());
  return e;
}

void Entry::Destroy(Entry* e) {
  e->~Entry();
  std::free(e);
}

size_t Entry::AllocatedBytes() const { return malloc_usable_size(const_cast<Entry*>(this)); }

}  // namespace ringkv::core
