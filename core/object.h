// Values and keyspace entries. A Value is a (type, encoding) tag plus its data in 24 bytes: a short string or
// an integer inline, or ONE pointer to the encoding's own structure (a heap string, later a listpack, intset,
// quicklist, ...) with no wrapper object in between. A keyspace entry is one heap object: header, then key bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ringkv::core {

// Numbers are Redis's OBJ_* type ids (RDB and DEBUG OBJECT use them).
enum class ObjType : uint8_t { kString = 0, kList = 1, kSet = 2, kZSet = 3, kHash = 4 };
// Numbers are Redis's OBJ_ENCODING_* ids.
enum class Encoding : uint8_t {
  kRaw = 0, kInt = 1, kHashtable = 2, kIntset = 6, kSkiplist = 7, kEmbstr = 8, kQuicklist = 9, kListpack = 11,
  // Redis 7.4's listpack of field, value, TTL triplets: a small hash with hash-field expiry.
  kListpackEx = 12,
};

const char* TypeName(ObjType t);      // "string", "list", ... (TYPE)
const char* EncodingName(Encoding e);  // "raw", "int", "embstr", ... (OBJECT ENCODING)

// Redis keeps strings up to this many bytes in one allocation with the object (OBJ_ENCODING_EMBSTR_SIZE_LIMIT);
// ringkv reports the same encoding for the same sizes so tools and tests that read OBJECT ENCODING agree.
inline constexpr size_t kEmbstrMaxBytes = 44;

// What a Value needs to know about a structure it points to, one row per (type, encoding) pair whose data
// lives behind the pointer (strings are Value's own business). The dispatch is a plain table indexed by the
// pair (object.cc): the types add their rows there; tests register test-only structures.
// destroy may run on the lazyfree thread (core/lazyfree.h) while the loop goes on: it must touch nothing but
// the structure itself (no shared pools, caches or non-atomic counters), and the rows are registered at
// start-up, before any value exists.
struct EncodingOps {
  void (*destroy)(void* p) = nullptr;             // frees the structure (required)
  void* (*copy)(const void* p) = nullptr;         // a deep copy (COPY); null: COPY answers "unknown type"
  size_t (*heap_bytes)(const void* p) = nullptr;  // bytes allocated for it (MEMORY USAGE); null: 0
  // How much work destroy does, in allocations freed, roughly: quicklist nodes, hash/set/zset elements
  // (Redis's lazyfreeGetFreeEffort). O(1): it decides at every delete whether the free goes to the lazyfree
  // thread (above LazyFree::kThreshold). null: 1, one allocation, always freed at once.
  size_t (*effort)(const void* p) = nullptr;
  // Frees up to *budget elements of the structure, subtracting what it freed; true once it is entirely
  // freed, itself included. Set for the node-heavy encodings (hashtable hash and set, skiplist): the lazy
  // free frees those on the loop in slices (core/lazyfree.h says why). null: destroy only.
  bool (*free_some)(void* p, size_t* budget) = nullptr;
};
// The row of (t, e), or nullptr when no structure is registered for that pair.
const EncodingOps* FindEncodingOps(ObjType t, Encoding e);
// Installs (or replaces) the row of (t, e). destroy must be set.
void RegisterEncodingOps(ObjType t, Encoding e, const EncodingOps& ops);

// A value in 24 bytes. The storage is separate from the encoding Redis would report:
//   inline   strings of up to kInlineBytes bytes, inside the Value (no allocation, no second cache miss);
//   int      an int64 (Redis's int encoding);
//   heap     a longer string: ONE allocation holding its header (length, capacity) and then the bytes, like
//            an sds; it grows in place with amortised capacity (APPEND, SETRANGE, SETBIT);
//   pointer  any other encoding: the pointer to its structure, dispatched through EncodingOps.
// Reported encodings stay Redis's: int, embstr up to 44 bytes, raw beyond and after any in-place edit (a raw
// string may still be stored inline). Invariant: exactly the payload named by storage_ is live, and a heap or
// pointer payload is owned by this Value alone.
class Value {
 public:
  static constexpr size_t kInlineBytes = 21;

  Value() = default;
  ~Value() { Reset(); }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  Value(Value&& o) noexcept { TakeFrom(o); }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      Reset();
      TakeFrom(o);
    }
    return *this;
  }

  ObjType type() const { return static_cast<ObjType>(type_); }
  Encoding encoding() const { return static_cast<Encoding>(enc_); }
  bool IsString() const { return type() == ObjType::kString; }

  // --- strings: whole values ---
  // Stores s choosing the encoding as Redis does for a value written by SET: an integer in canonical form
  // (at most 20 chars) becomes int, otherwise embstr up to 44 bytes, else raw.
  void SetString(std::string_view s);
  void SetInt(int64_t v);  // int encoding (INCR and friends)
  // Stores s with embstr/raw chosen by length but never int (INCRBYFLOAT results, GETRANGE copies).
  void SetStringNoInt(std::string_view s);
  // Stores n zero bytes as a raw string with no spare capacity (a value built in place: SETRANGE or SETBIT on
  // a new key, BITOP's result) and returns them for filling; valid until the value next changes.
  char* SetRawZeros(size_t n);

  bool IsIntEncoded() const { return IsString() && storage_ == kStoreInt; }
  int64_t int_value() const { return Load<int64_t>(); }
  // The string's bytes. For an int-encoded value they are written into scratch (>= 21 bytes), which must
  // outlive the view. Valid until the value changes.
  std::string_view StringView(char* scratch) const;
  size_t StringLength() const;

  // --- strings: in-place edits. Each makes the value raw first, as Redis's dbUnshareStringValue. ---
  // The encoding only (an int becomes its digits); the bytes stay as they are.
  void MakeRaw();
  // Makes the string at least min_len bytes long, padding with zero bytes (Redis's sdsgrowzero), and returns
  // its bytes for editing; valid until the value next changes. Growth past the capacity reallocates with
  // amortised room (double up to 1 MiB, then +1 MiB), so repeated edits cost O(1) each.
  char* GrowString(size_t min_len);
  // Appends tail (which must not point into this value), with the same amortised growth. Returns the length.
  size_t AppendString(std::string_view tail);

  // --- other encodings: one owned structure ---
  // Takes ownership of p as the structure of (t, e), freeing what the value held. (t, e) must have a row in
  // the EncodingOps table, which is how the value frees, copies and measures it.
  template <class T>
  void SetPtr(ObjType t, Encoding e, T* p) {
    SetRawPtr(t, e, static_cast<void*>(p));
  }
  // The structure, as the caller knows it from (type(), encoding()); nullptr for strings. Read-only through a
  // const Value (every stored value outside Db); MutablePtr needs the writable value Db::Write hands out.
  template <class T>
  const T* Ptr() const {
    return static_cast<const T*>(RawPtr());
  }
  template <class T>
  T* MutablePtr() {
    return static_cast<T*>(storage_ == kStorePtr ? Load<void*>() : nullptr);
  }
  const void* RawPtr() const { return storage_ == kStorePtr ? Load<void*>() : nullptr; }
  // The structure moved by itself (a blob that reallocates, such as an intset growing): stores p in place of
  // the old pointer without freeing it, since the reallocation already did. Type and encoding stay; only for
  // a value that holds a structure.
  template <class T>
  void ReplacePtr(T* p) {
    Store(static_cast<void*>(p));
  }

  // Replaces this value by a copy of other (COPY). False, leaving this value alone, when other's structure
  // has no copy function.
  bool CopyFrom(const Value& other);
  // Bytes allocated for the value outside the Value itself (MEMORY USAGE, DEBUG OBJECT estimates): the heap
  // string's whole allocation, or what the structure reports.
  size_t HeapBytes() const;
  // The work freeing the value takes (EncodingOps::effort): 1 for strings, as Redis counts them.
  size_t FreeEffort() const;
  // Whether the structure frees in slices (EncodingOps::free_some).
  bool FreesInSlices() const;
  // Frees up to *budget elements (EncodingOps::free_some), subtracting them; true once the value holds
  // nothing any more (it is then an empty string). A value without free_some is freed whole at once.
  bool FreeSome(size_t* budget);

 private:
  enum Storage : uint8_t { kStoreInline = 0, kStoreInt = 1, kStoreHeap32 = 2, kStoreHeap64 = 3, kStorePtr = 4 };
  bool IsHeap() const { return storage_ == kStoreHeap32 || storage_ == kStoreHeap64; }
  void Reset();
  void TakeFrom(Value& o);
  void StoreBytes(std::string_view s, Encoding enc);
  void SetRawPtr(ObjType t, Encoding e, void* p);
  // Moves the bytes into a heap string of at least cap bytes of capacity (len bytes are kept).
  char* Reallocate(size_t len, size_t cap);

  // The payload bytes hold the inline string, or an int64 or a pointer (read and written with memcpy: the
  // array is byte-aligned so the whole Value packs into 24 bytes).
  template <typename T>
  T Load() const {
    T v;
    std::memcpy(&v, bytes_, sizeof v);
    return v;
  }
  template <typename T>
  void Store(T v) {
    std::memcpy(bytes_, &v, sizeof v);
  }

  char bytes_[kInlineBytes] = {};
  uint8_t inline_len_ = 0;
  uint8_t type_ : 3 = 0;
  uint8_t storage_ : 3 = kStoreInline;
  uint8_t enc_ = static_cast<uint8_t>(Encoding::kEmbstr);
};
static_assert(sizeof(Value) == 24, "a Value is 24 bytes");

class Db;
class AccessBits;

// One key of the keyspace: allocated with the key bytes after the header (Entry::Create), freed with
// Entry::Destroy. The Dicts of a Db hold pointers to entries; the main dict owns them. Everything that can
// change is private: the value and TTL change only through Db's mutation functions (which signal the change to
// the keyspace listener), and the access bits only through AccessBits.
//
// Layout: a 32-byte header, then, only in an entry made with expire room, the 8-byte expire time, then the key.
// Most keys never get a TTL, so they do not pay for one: a 16-byte key fits a 48-byte allocation instead of
// 64. Giving a TTL to an entry without room moves it to a new allocation (Db::SetExpire returns the new
// pointer); an entry keeps its room when its TTL goes, so a key whose TTL is set again and again moves once.
class Entry {
 public:
  std::string_view key() const { return {KeyBytes(), key_len_}; }
  const Value& value() const { return value_; }
  bool has_expire() const { return has_expire_ != 0; }
  // Absolute unix ms; meaningful only with has_expire().
  int64_t expire_at_ms() const {
    int64_t at = 0;
    if (expire_room_) std::memcpy(&at, reinterpret_cast<const char*>(this + 1), sizeof at);
    return at;
  }
  bool has_expire_room() const { return expire_room_ != 0; }

  // Keys are limited to 2^30 - 1 bytes (the length shares a word with two flags); the protocol's bulk limit
  // (proto-max-bulk-len, 512 MB by default) is below it.
  static constexpr size_t kMaxKeyBytes = (size_t{1} << 30) - 1;
  static Entry* Create(std::string_view key, bool expire_room = false);
  static void Destroy(Entry* e);
  // Bytes allocated for the entry itself (header, expire room and key), as the allocator rounds them.
  size_t AllocatedBytes() const;

 private:
  friend class Db;
  friend class AccessBits;
  Entry() = default;
  ~Entry() = default;

  const char* KeyBytes() const {
    return reinterpret_cast<const char*>(this + 1) + (expire_room_ ? sizeof(int64_t) : 0);
  }
  void StoreExpire(int64_t at_ms) {  // only with expire room
    std::memcpy(reinterpret_cast<char*>(this + 1), &at_ms, sizeof at_ms);
  }

  Value value_;
  uint32_t lru_ = 0;  // access bits: read and written only by AccessBits
  uint32_t key_len_ : 30 = 0;
  uint32_t has_expire_ : 1 = 0;
  uint32_t expire_room_ : 1 = 0;
};
static_assert(sizeof(Entry) == 32, "an entry header is 32 bytes");

}  // namespace ringkv::core
