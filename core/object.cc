#include "core/object.h"

#include <cstdlib>
#include <cstring>
#include <new>

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
  }
  return "unknown";
}

void Value::Reset() {
  if (storage_ == kStoreHeap) {
    delete Load<std::string*>();
  } else if (storage_ == kStoreContainer) {
    delete Load<Container*>();
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

void Value::StoreBytes(std::string_view s, Encoding enc) {
  if (storage_ == kStoreHeap && s.size() > kInlineBytes) {
    // Reuse the heap string, unless it would keep a much larger buffer than the new value needs.
    std::string* h = Load<std::string*>();
    if (s.size() >= h->capacity() / 2) {
      h->assign(s.data(), s.size());
      type_ = static_cast<uint8_t>(ObjType::kString);
      enc_ = static_cast<uint8_t>(enc);
      return;
    }
  }
  Reset();
  type_ = static_cast<uint8_t>(ObjType::kString);
  enc_ = static_cast<uint8_t>(enc);
  if (s.size() <= kInlineBytes) {
    if (!s.empty()) std::memcpy(bytes_, s.data(), s.size());
    inline_len_ = static_cast<uint8_t>(s.size());
    storage_ = kStoreInline;
  } else {
    Store(new std::string(s));
    storage_ = kStoreHeap;
  }
}

void Value::SetString(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && ds::StringToInt64(s, &v)) {
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

std::string_view Value::StringView(char* scratch) const {
  switch (storage_) {
    case kStoreInt:
      return {scratch, ds::Int64ToChars(Load<int64_t>(), scratch)};
    case kStoreHeap:
      return *Load<std::string*>();
    case kStoreInline:
      return {bytes_, inline_len_};
    default:
      return {};
  }
}

size_t Value::StringLength() const {
  char buf[24];
  return StringView(buf).size();
}

std::string& Value::MutableString() {
  if (storage_ != kStoreHeap) {
    char buf[24];
    std::string* h = new std::string(StringView(buf));
    Reset();
    Store(h);
    storage_ = kStoreHeap;
    type_ = static_cast<uint8_t>(ObjType::kString);
  }
  enc_ = static_cast<uint8_t>(Encoding::kRaw);
  return *Load<std::string*>();
}

void Value::SetContainer(ObjType type, Encoding enc, std::unique_ptr<Container> c) {
  Reset();
  type_ = static_cast<uint8_t>(type);
  enc_ = static_cast<uint8_t>(enc);
  Store(c.release());
  storage_ = kStoreContainer;
}

bool Value::CopyFrom(const Value& other) {
  if (!other.IsString()) return false;
  if (other.storage_ == kStoreInt) {
    SetInt(other.int_value());
  } else {
    char buf[24];
    StoreBytes(other.StringView(buf), other.encoding());
  }
  return true;
}

size_t Value::HeapBytes() const {
  if (storage_ == kStoreHeap) return sizeof(std::string) + Load<std::string*>()->capacity() + 1;
  return 0;
}

Entry* Entry::Create(std::string_view key) {
  void* mem = std::malloc(sizeof(Entry) + key.size());
  if (mem == nullptr) throw std::bad_alloc();
  Entry* e = new (mem) Entry();
  e->key_len = static_cast<uint32_t>(key.size());
  if (!key.empty()) std::memcpy(reinterpret_cast<char*>(e + 1), key.data(), key.size());
  return e;
}

void Entry::Destroy(Entry* e) {
  e->~Entry();
  std::free(e);
}

}  // namespace ringkv::core
