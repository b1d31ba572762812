#include "persist/rdb_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdio>

#include "core/access_bits.h"
#include "core/crc64.h"
#include "core/db.h"
#include "core/hash_type.h"
#include "persist/rdb_format.h"
#include "core/rdb_string.h"
#include "core/version.h"
#include "ds/intset.h"
#include "ds/listpack.h"
#include "ds/quicklist.h"
#include "ds/string_map.h"
#include "ds/string_set.h"
#include "ds/zset.h"

namespace ringkv::persist::rdb {

// The codec reads and builds core's databases and values throughout.
using namespace ::ringkv::core;  // NOLINT(google-build-using-namespace)
namespace {

void AppendI64(std::string* out, int64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
  out->append(b, 8);
}

void AppendDouble(std::string* out, double d) {
  int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  AppendI64(out, bits);  // Redis's rdbSaveBinaryDoubleValue: the IEEE bytes, little-endian
}

std::string_view ListpackBytes(const Value& v) {
  const uint8_t* p = v.Ptr<uint8_t>();
  return {reinterpret_cast<const char*>(p), ds::listpack_internal::Load32(p)};
}

// The LZF blob form of a node Redis keeps compressed (rdbSaveLzfBlob): the node's own compressed bytes.
void AppendQuicklistNode(std::string* out, const ds::Quicklist::Node* n, bool compress) {
  RdbAppendLen(out, n->plain ? kContainerPlain : kContainerPacked);
  if (n->compressed) {
    const uint32_t csz = ds::listpack_internal::Load32(n->data);
    out->push_back(static_cast<char>(kLzfStringByte));
    RdbAppendLen(out, csz);
    RdbAppendLen(out, n->sz);
    out->append(reinterpret_cast<const char*>(n->data) + 4, csz);
    return;
  }
  RdbAppendString(out, {reinterpret_cast<const char*>(n->data), static_cast<size_t>(n->sz)}, compress);
}

// A listpackex hash written back as field, value pairs (no field has a TTL any more).
std::string PairsListpack(const Value& v) {
  ds::Listpack lp;
  HashForEach(v, [&](std::string_view f, std::string_view val) { lp.AppendBatch({f, val}); });
  return std::string(lp.view());
}

}  // namespace

uint8_t ValueType(const Value& v) {
  switch (v.type()) {
    case ObjType::kString: return kString;
    case ObjType::kList: return kListQuicklist2;
    case ObjType::kSet: return v.encoding() == Encoding::kIntset ? kSetIntset : kSet;
    case ObjType::kZSet: return v.encoding() == Encoding::kListpack ? kZsetListpack : kZset2;
    case ObjType::kHash:
      if (v.encoding() == Encoding::kListpack) return kHashListpack;
      if (!HashHasFieldTtls(v)) return v.encoding() == Encoding::kListpackEx ? kHashListpack : kHash;
      return v.encoding() == Encoding::kListpackEx ? kHashListpackEx : kHashMetadata;
  }
  return kString;
}

void AppendValue(std::string* out, const Value& v, bool compress) {
  switch (ValueType(v)) {
    case kString: {
      char scratch[32];
      RdbAppendString(out, v.StringView(scratch), compress);
      return;
    }
    case kListQuicklist2: {
      const ds::Quicklist& ql = *v.Ptr<ds::Quicklist>();
      RdbAppendLen(out, ql.node_count());
      for (const ds::Quicklist::Node* n = ql.head(); n != nullptr; n = n->next) AppendQuicklistNode(out, n, compress);
      return;
    }
    case kSetIntset: {
      const ds::Intset* is = v.Ptr<ds::Intset>();
      std::string blob(is->RedisBlobBytes(), '\0');
      is->WriteRedisBlob(reinterpret_cast<uint8_t*>(blob.data()));
      RdbAppendString(out, blob, compress);
      return;
    }
    case kSet: {
      const ds::StringSet& s = *v.Ptr<ds::StringSet>();
      RdbAppendLen(out, s.size());
      s.ForEach([&](std::string_view m) { RdbAppendString(out, m, compress); });
      return;
    }
    case kZsetListpack:
      RdbAppendString(out, ListpackBytes(v), compress);
      return;
    case kZset2: {
      // Greatest first, as Redis: its loader then inserts each element at the head of the skiplist.
      const ds::ZSet& z = *v.Ptr<ds::ZSet>();
      RdbAppendLen(out, z.size());
      for (const ds::ZSet::Node* n = z.Last(); n != nullptr; n = n->prev()) {
        RdbAppendString(out, n->member(), compress);
        AppendDouble(out, n->score());
      }
      return;
    }
    case kHashListpack:
      if (v.encoding() == Encoding::kListpack) {
        RdbAppendString(out, ListpackBytes(v), compress);
      } else {
        RdbAppendString(out, PairsListpack(v), compress);
      }
      return;
    case kHash: {
      const ds::StringMap& m = *v.Ptr<ds::StringMap>();
      RdbAppendLen(out, m.size());
      m.ForEach([&](const ds::StringMap::Node* n) {
        RdbAppendString(out, ds::StringMap::FieldOf(n), compress);
        RdbAppendString(out, ds::StringMap::ValueOf(n), compress);
      });
      return;
    }
    case kHashListpackEx:
      // Redis 7.4: the soonest TTL, then the listpack of triplets (TTL 0: none), which is ours byte for byte.
      AppendI64(out, HashMinFieldTtl(v));
      RdbAppendString(out, ListpackBytes(v), compress);
      return;
    case kHashMetadata: {
      // Redis 7.4: the soonest TTL, then per field its TTL as an offset from it plus one (0: no TTL).
      const int64_t min_ttl = HashMinFieldTtl(v);
      const ds::StringMap& m = *v.Ptr<ds::StringMap>();
      AppendI64(out, min_ttl);
      RdbAppendLen(out, m.size());
      m.ForEach([&](const ds::StringMap::Node* n) {
        const bool has = ds::StringMap::HasTtl(n);
        RdbAppendLen(out, has ? static_cast<uint64_t>(ds::StringMap::TtlOf(n) - min_ttl) + 1 : 0);
        RdbAppendString(out, ds::StringMap::FieldOf(n), compress);
        RdbAppendString(out, ds::StringMap::ValueOf(n), compress);
      });
      return;
    }
    default:
      return;
  }
}

namespace {

// Buffers the file's bytes, keeps the running CRC-64 and writes whole blocks to fd (or keeps all in *out).
class Sink {
 public:
  Sink(int fd, std::string* out) : fd_(fd), out_(fd < 0 ? out : &own_) {}
  std::string* buf() { return out_; }
  // Writes what is buffered once it passes the block size (always, with force).
  bool Flush(bool force) {
    if (out_->size() - crc_done_ > 0) {
      crc_ = Crc64(crc_, out_->data() + crc_done_, out_->size() - crc_done_);
      crc_done_ = out_->size();
    }
    if (fd_ < 0 || (!force && out_->size() < kBlockBytes)) return true;
    size_t off = 0;
    while (off < out_->size()) {
      const ssize_t n = ::write(fd_, out_->data() + off, out_->size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      off += static_cast<size_t>(n);
    }
    out_->clear();
    crc_done_ = 0;
    return true;
  }
  uint64_t crc() const { return crc_; }

 private:
  static constexpr size_t kBlockBytes = 1 << 20;
  int fd_;
  std::string own_;
  std::string* out_;
  uint64_t crc_ = 0;
  size_t crc_done_ = 0;
};

void AppendAux(std::string* out, std::string_view field, std::string_view value) {
  out->push_back(static_cast<char>(kOpAux));
  RdbAppendString(out, field);
  RdbAppendString(out, value);
}

}  // namespace

bool Save(const std::vector<const Db*>& dbs, const SaveOptions& opt, int fd, std::string* out, std::string* err) {
  Sink sink(fd, out);
  std::string* b = sink.buf();
  char magic[16];
  std::snprintf(magic, sizeof magic, "REDIS%04d", opt.version);
  b->append(magic);
  // Redis's rdbSaveInfoAuxFields, in its order.
  AppendAux(b, "redis-ver", kRedisVersion);
  AppendAux(b, "redis-bits", std::to_string(sizeof(void*) * 8));
  AppendAux(b, "ctime", std::to_string(opt.ctime_s));
  AppendAux(b, "used-mem", std::to_string(opt.used_mem));
  if (opt.repl) {
    AppendAux(b, "repl-stream-db", std::to_string(opt.repl->stream_db));
    AppendAux(b, "repl-id", opt.repl->replid);
    AppendAux(b, "repl-offset", std::to_string(opt.repl->offset));
  }
  AppendAux(b, "aof-base", opt.aof_base ? "1" : "0");
  for (std::string_view code : opt.function_codes) {
    b->push_back(static_cast<char>(kOpFunction2));
    RdbAppendString(b, code, opt.compress);
  }
  bool ok = true;
  uint64_t keys_written = 0;
  for (size_t i = 0; i < dbs.size() && ok; ++i) {
    const Db* db = dbs[i];
    if (db == nullptr || db->size() == 0) continue;
    b->push_back(static_cast<char>(kOpSelectDb));
    RdbAppendLen(b, i);
    b->push_back(static_cast<char>(kOpResizeDb));
    RdbAppendLen(b, db->size());
    RdbAppendLen(b, db->expires_size());
    db->ForEach([&](Entry* e) {
      if (!ok) return;
      if (e->has_expire()) {
        b->push_back(static_cast<char>(kOpExpireTimeMs));
        AppendI64(b, e->expire_at_ms());
      }
      if (opt.access == SaveOptions::kAccessIdle) {
        b->push_back(static_cast<char>(kOpIdle));
        RdbAppendLen(b, static_cast<uint64_t>(opt.access_bits->IdleSeconds(*e)));
      } else if (opt.access == SaveOptions::kAccessFreq) {
        b->push_back(static_cast<char>(kOpFreq));
        b->push_back(static_cast<char>(opt.access_bits->Frequency(*e)));
      }
      b->push_back(static_cast<char>(ValueType(e->value())));
      RdbAppendString(b, e->key(), opt.compress);
      AppendValue(b, e->value(), opt.compress);
      ok = sink.Flush(false);
      if (opt.on_key) opt.on_key(++keys_written);
    });
  }
  if (ok) {
    b->push_back(static_cast<char>(kOpEof));
    ok = sink.Flush(false);
  }
  if (ok) {
    AppendI64(b, opt.checksum ? static_cast<int64_t>(sink.crc()) : 0);
    ok = sink.Flush(true);
  }
  if (!ok && err != nullptr) *err = std::strerror(errno);
  return ok;
}

}  // namespace ringkv::persist::rdb
