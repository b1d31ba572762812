// Values and keyspace entries. A keyspace entry is one heap object: its header, then the key bytes inline.
// The value's type and encoding follow Redis (OBJECT ENCODING names); strings are int / embstr / raw as
// Redis's tryObjectEncoding would choose. Later types hang their container off Value::container_.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace ringkv::core {

// Numbers are Redis's OBJ_* type ids (RDB and DEBUG OBJECT use them).
enum class ObjType : uint8_t { kString = 0, kList = 1, kSet = 2, kZSet = 3, kHash = 4 };
// Numbers are Redis's OBJ_ENCODING_* ids.
enum class Encoding : uint8_t {
  kRaw = 0, kInt = 1, kHashtable = 2, kIntset = 6, kSkiplist = 7, kEmbstr = 8, kQuicklist = 9, kListpack = 11,
};

const char* TypeName(ObjType t);      // "string", "list", ... (TYPE)
const char* EncodingName(Encoding e);  // "raw", "int", "embstr", ... (OBJECT ENCODING)

// Redis keeps strings up to this many bytes in one allocation with the object (OBJ_ENCODING_EMBSTR_SIZE_LIMIT);
// ringkv reports the same encoding for the same sizes so tools and tests that read OBJECT ENCODING agree.
inline constexpr size_t kEmbstrMaxBytes = 44;

// The container of a non-string value (list, set, ...). Later issues derive from it.
class Container {
 public:
  virtual ~Container() = default;
};

// A value in 24 bytes. Storage is separate from the encoding Redis would report: strings of up to
// kInlineBytes live inside the Value itself (no second allocation, no second cache miss on GET); longer ones
// and any string edited in place live in a heap std::string; integers are stored as int64; other types
// point at their Container. Invariant: exactly the member of the union named by storage_ is live.
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

  // --- strings ---
  // Stores s choosing the encoding as Redis does for a value written by SET: an integer in canonical form
  // (at most 20 chars) becomes int, otherwise embstr up to 44 bytes, else raw.
  void SetString(std::string_view s);
  void SetInt(int64_t v);  // int encoding (INCR and friends)
  // Stores s with embstr/raw chosen by length but never int (values built by INCRBYFLOAT, GETRANGE copies).
  void SetStringNoInt(std::string_view s);
  bool IsIntEncoded() const { return IsString() && storage_ == kStoreInt; }
  int64_t int_value() const { return Load<int64_t>(); }
  // The string's bytes. For an int-encoded value they are written into scratch (>= 21 bytes), which must
  // outlive the view. Valid until the value changes.
  std::string_view StringView(char* scratch) const;
  size_t StringLength() const;
  // For in-place edits (APPEND, SETRANGE, SETBIT): converts to raw (as Redis's dbUnshareStringValue) and
  // returns the bytes to edit.
  std::string& MutableString();

  // --- other types ---
  void SetContainer(ObjType type, Encoding enc, std::unique_ptr<Container> c);
  Container* container() const { return storage_ == kStoreContainer ? Load<Container*>() : nullptr; }
  void set_encoding(Encoding e) { enc_ = static_cast<uint8_t>(e); }

  // Copies the value (COPY). Strings only until the other types land; returns false for others.
  bool CopyFrom(const Value& other);
  // Bytes held by the value outside the Value itself (MEMORY USAGE, DEBUG OBJECT estimates).
  size_t HeapBytes() const;

 private:
  enum Storage : uint8_t { kStoreInline = 0, kStoreHeap = 1, kStoreInt = 2, kStoreContainer = 3 };
  void Reset();
  void TakeFrom(Value& o);
  void StoreBytes(std::string_view s, Encoding enc);

  // The payload bytes hold the inline string, or an int64, std::string* or Container* (read and written with
  // memcpy: the array is byte-aligned so the whole Value packs into 24 bytes).
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
  uint8_t storage_ : 2 = kStoreInline;
  uint8_t enc_ = static_cast<uint8_t>(Encoding::kEmbstr);
};
static_assert(sizeof(Value) == 24, "a Value is 24 bytes");

// One key of the keyspace. Allocated with the key bytes after the header (Entry::Create); freed with
// Entry::Destroy. The Dicts of a Db hold pointers to entries; the main dict owns them.
struct Entry {
  Value value;
  int64_t expire_at_ms = 0;  // absolute unix time in ms; meaningful only when has_expire
  uint32_t lru = 0;          // LRU clock (seconds, 24 bits as Redis) or LFU counter + decay time
  uint32_t key_len = 0;
  bool has_expire = false;

  std::string_view key() const { return {reinterpret_cast<const char*>(this + 1), key_len}; }

  static Entry* Create(std::string_view key);
  static void Destroy(Entry* e);

 private:
  Entry() = default;
  ~Entry() = default;
};

}  // namespace ringkv::core
