// Values and keyspace entries. A keyspace entry is one heap object: its header, then the key bytes inline.
// The value's type and encoding follow Redis (OBJECT ENCODING names); strings are int / embstr / raw as
// Redis's tryObjectEncoding would choose. Later types hang their container off Value::container_.
#pragma once

#include <cstdint>
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

class Value {
 public:
  Value() = default;
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  Value(Value&&) noexcept = default;
  Value& operator=(Value&&) noexcept = default;

  ObjType type() const { return type_; }
  Encoding encoding() const { return enc_; }
  bool IsString() const { return type_ == ObjType::kString; }

  // --- strings ---
  // Stores s choosing the encoding as Redis does for a value written by SET: an integer in canonical form
  // (at most 20 chars) becomes int, otherwise embstr up to 44 bytes, else raw.
  void SetString(std::string_view s);
  void SetInt(int64_t v);  // int encoding (INCR and friends)
  // Stores s with embstr/raw chosen by length but never int (values built by INCRBYFLOAT, GETRANGE copies).
  void SetStringNoInt(std::string_view s);
  bool IsIntEncoded() const { return type_ == ObjType::kString && enc_ == Encoding::kInt; }
  int64_t int_value() const { return int_; }
  // The string's bytes. For an int-encoded value they are written into scratch (>= 21 bytes), which must
  // outlive the view.
  std::string_view StringView(char* scratch) const;
  size_t StringLength() const;
  // For in-place edits (APPEND, SETRANGE, SETBIT): converts to raw (as Redis's dbUnshareStringValue) and
  // returns the bytes to edit.
  std::string& MutableString();

  // --- other types ---
  void SetContainer(ObjType type, Encoding enc, std::unique_ptr<Container> c);
  Container* container() const { return container_.get(); }
  void set_encoding(Encoding e) { enc_ = e; }

  // Copies the value (COPY). Strings only until the other types land; returns false for others.
  bool CopyFrom(const Value& other);
  // Approximate bytes held by the value beyond the entry header (INFO used_memory is mimalloc's; this is for
  // MEMORY USAGE and DEBUG OBJECT serializedlength estimates).
  size_t HeapBytes() const;

 private:
  ObjType type_ = ObjType::kString;
  Encoding enc_ = Encoding::kEmbstr;
  int64_t int_ = 0;
  std::string str_;
  std::unique_ptr<Container> container_;
};

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
