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

void Value::SetString(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && ds::StringToInt64(s, &v)) {
    SetInt(v);
    return;
  }
  SetStringNoInt(s);
}

void Value::SetInt(int64_t v) {
  container_.reset();
  type_ = ObjType::kString;
  enc_ = Encoding::kInt;
  int_ = v;
  std::string().swap(str_);
}

void Value::SetStringNoInt(std::string_view s) {
  container_.reset();
  type_ = ObjType::kString;
  enc_ = s.size() <= kEmbstrMaxBytes ? Encoding::kEmbstr : Encoding::kRaw;
  if (s.size() < str_.capacity() / 2) std::string().swap(str_);  // do not keep a huge buffer for a small value
  str_.assign(s.data(), s.size());
}

std::string_view Value::StringView(char* scratch) const {
  if (enc_ == Encoding::kInt) return {scratch, ds::Int64ToChars(int_, scratch)};
  return str_;
}

size_t Value::StringLength() const {
  if (enc_ == Encoding::kInt) {
    char buf[24];
    return ds::Int64ToChars(int_, buf);
  }
  return str_.size();
}

std::string& Value::MutableString() {
  if (enc_ == Encoding::kInt) {
    char buf[24];
    str_.assign(buf, ds::Int64ToChars(int_, buf));
  }
  enc_ = Encoding::kRaw;
  return str_;
}

void Value::SetContainer(ObjType type, Encoding enc, std::unique_ptr<Container> c) {
  std::string().swap(str_);
  type_ = type;
  enc_ = enc;
  container_ = std::move(c);
}

bool Value::CopyFrom(const Value& other) {
  if (other.type_ != ObjType::kString) return false;
  container_.reset();
  type_ = other.type_;
  enc_ = other.enc_;
  int_ = other.int_;
  str_ = other.str_;
  return true;
}

size_t Value::HeapBytes() const {
  if (type_ == ObjType::kString) return str_.capacity() > 15 ? str_.capacity() + 1 : 0;
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
