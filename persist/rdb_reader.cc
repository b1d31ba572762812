#include "persist/rdb_reader.h"

#include <absl/container/flat_hash_set.h>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/config.h"
#include "core/crc64.h"
#include "core/db.h"
#include "core/hash_type.h"
#include "core/list_type.h"
#include "persist/rdb_format.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/intset.h"
#include "ds/listpack.h"
#include "ds/numconv.h"
#include "ds/quicklist.h"
#include "ds/zset_listpack.h"

namespace ringkv::persist::rdb {

// The codec reads and builds core's databases and values throughout.
using namespace ::ringkv::core;  // NOLINT(google-build-using-namespace)
namespace {

// Element vectors grow past this as elements really arrive: a length in the file sizes nothing bigger.
constexpr uint64_t kMaxReserve = 1 << 16;

bool ReadI64(RdbReader& r, int64_t* v) {
  std::string_view b;
  if (!r.ReadBytes(8, &b)) return false;
  uint64_t u = 0;
  for (int i = 7; i >= 0; --i) u = (u << 8) | static_cast<uint8_t>(b[i]);
  *v = static_cast<int64_t>(u);
  return true;
}

bool Fail(std::string* err, std::string what) {
  *err = std::move(what);
  return false;
}

// A collection length, checked against the bytes left (every element takes at least one byte), so a
// hostile length can neither loop for long nor size an allocation.
bool ReadCount(RdbReader& r, uint64_t* n, std::string* err) {
  if (!r.ReadLen(n)) return Fail(err, "Unexpected EOF reading a length");
  if (*n > r.remaining()) return Fail(err, "Length beyond the end of the payload");
  return true;
}

bool ReadStr(RdbReader& r, std::string* s, std::string* err) {
  if (!r.ReadString(s)) return Fail(err, "Unexpected EOF or bad string encoding");
  return true;
}

// A listpack blob validated deeply; entries are collected as strings (group of `group` entries required).
bool ReadListpack(RdbReader& r, uint32_t group, std::string* blob, std::vector<std::string>* items,
                  std::string* err) {
  if (!ReadStr(r, blob, err)) return false;
  items->clear();
  const bool ok = ds::Listpack::Validate(*blob, true, [&](const ds::Listpack::Entry& e) {
    items->push_back(e.ToString());
    return true;
  });
  if (!ok) return Fail(err, "Listpack integrity check failed");
  if (items->size() % group != 0) return Fail(err, "Listpack with an incomplete group of entries");
  return true;
}

bool ParseListpackScore(const std::string& s, double* d) {
  // A zset listpack's score entry: an integer or the text of a double (Redis's zzlStrtod).
  if (!ds::StringToDouble(s, d) || std::isnan(*d)) return false;
  return true;
}

HashLimits Limits(const Config& cfg) { return HashLimitsOf(cfg); }

// Builds a hash from fields, values and TTLs (-1: none), by ringkv's rules, refusing duplicates.
bool BuildHash(const Config& cfg, const std::vector<std::string>& fv, const std::vector<int64_t>& ttls, Value* out,
               std::string* err) {
  const HashLimits lim = Limits(cfg);
  Value v = NewHash();
  bool any_ttl = false;
  for (size_t i = 0; i + 1 < fv.size(); i += 2) {
    if (!HashSet(v, fv[i], fv[i + 1], lim)) return Fail(err, "Duplicate hash fields detected");
    if (ttls[i / 2] >= 0) any_ttl = true;
  }
  if (any_ttl) {
    HashEnableFieldTtls(v);
    for (size_t i = 0; i + 1 < fv.size(); i += 2)
      if (ttls[i / 2] >= 0) HashSetFieldTtl(v, fv[i], ttls[i / 2]);
  }
  *out = std::move(v);
  return true;
}

bool BuildSet(const Config& cfg, const std::vector<std::string>& members, Value* out, std::string* err) {
  const size_t max_intset = MaxIntsetEntries(cfg);
  Value v = members.size() > max_intset ? NewSetFor("-") : NewIntsetSet();
  for (const auto& m : members)
    if (!SetAdd(v, m, max_intset)) return Fail(err, "Duplicate set members detected");
  *out = std::move(v);
  return true;
}

}  // namespace

bool ReadValue(RdbReader& r, uint8_t type, const Config& cfg, int64_t now_ms, bool skip_expired, Value* out,
               bool* empty, std::string* err) {
  *empty = false;
  std::string s, blob;
  std::vector<std::string> items;
  switch (type) {
    case kString: {
      if (!ReadStr(r, &s, err)) return false;
      out->SetString(s);
      return true;
    }
    case kList:
    case kListQuicklist2: {
      uint64_t n;
      if (!ReadCount(r, &n, err)) return false;
      Value v = NewListValue(cfg);
      ds::Quicklist& ql = MutableListOf(v);
      for (uint64_t i = 0; i < n; ++i) {
        if (type == kList) {
          if (!ReadStr(r, &s, err)) return false;
          ql.Push(ds::Quicklist::End::kTail, s);
          continue;
        }
        uint64_t container;
        if (!r.ReadLen(&container)) return Fail(err, "Unexpected EOF reading a quicklist container");
        if (container != kContainerPlain && container != kContainerPacked)
          return Fail(err, "Quicklist integrity check failed: unknown container");
        if (!ReadStr(r, &s, err)) return false;
        if (container == kContainerPlain) {
          ql.AppendPlainNode(s);
          continue;
        }
        uint32_t count = 0;
        if (!ds::Listpack::Validate(s, true, [&](const ds::Listpack::Entry&) { return ++count <= 65535; }))
          return Fail(err, "Listpack integrity check failed");
        if (count == 0) continue;  // Redis skips an empty node (an old bug could save one)
        ql.AppendListpackNode(ds::Listpack::FromBytes(s));
      }
      *empty = ql.empty();
      *out = std::move(v);
      return true;
    }
    case kSet: {
      uint64_t n;
      if (!ReadCount(r, &n, err)) return false;
      items.reserve(std::min<uint64_t>(n, kMaxReserve));
      for (uint64_t i = 0; i < n; ++i) {
        if (!ReadStr(r, &s, err)) return false;
        items.push_back(std::move(s));
      }
      *empty = n == 0;
      return BuildSet(cfg, items, out, err);
    }
    case kSetIntset: {
      if (!ReadStr(r, &blob, err)) return false;
      ds::Intset* is = ds::Intset::FromBlob(blob.data(), blob.size());
      if (is == nullptr) return Fail(err, "Intset integrity check failed");
      Value v;
      v.SetPtr(ObjType::kSet, Encoding::kIntset, is);
      if (is->size() > MaxIntsetEntries(cfg)) {
        // Redis 7.0 converts an intset past set-max-intset-entries at load.
        std::vector<std::string> members;
        for (uint32_t i = 0; i < is->size(); ++i) members.push_back(std::to_string(is->Get(i)));
        Value h = NewSetFor("-");
        for (const auto& m : members) SetAdd(h, m, 0);
        v = std::move(h);
      }
      *out = std::move(v);
      return true;
    }
    case kSetListpack: {
      if (!ReadListpack(r, 1, &blob, &items, err)) return false;
      *empty = items.empty();
      return BuildSet(cfg, items, out, err);
    }
    case kZset:
    case kZset2: {
      uint64_t n;
      if (!ReadCount(r, &n, err)) return false;
      ZsetPairs pairs;
      pairs.reserve(std::min<uint64_t>(n, kMaxReserve));
      absl::flat_hash_set<std::string> seen;
      for (uint64_t i = 0; i < n; ++i) {
        if (!ReadStr(r, &s, err)) return false;
        double d;
        if (type == kZset2) {
          std::string_view b;
          if (!r.ReadBytes(8, &b)) return Fail(err, "Unexpected EOF reading a score");
          uint64_t bits = 0;
          for (int k = 7; k >= 0; --k) bits = (bits << 8) | static_cast<uint8_t>(b[k]);
          std::memcpy(&d, &bits, sizeof d);
        } else {
          uint8_t len;
          if (!r.ReadByte(&len)) return Fail(err, "Unexpected EOF reading a score");
          if (len == 253) {
            d = NAN;
          } else if (len == 254) {
            d = INFINITY;
          } else if (len == 255) {
            d = -INFINITY;
          } else {
            std::string_view b;
            if (!r.ReadBytes(len, &b) || !ds::StringToDouble(b, &d)) return Fail(err, "Bad score");
          }
        }
        if (std::isnan(d)) return Fail(err, "Zset with NAN score detected");
        if (!seen.insert(s).second) return Fail(err, "Duplicate zset fields detected");
        pairs.emplace_back(std::move(s), d);
      }
      SortZsetPairs(&pairs);
      *empty = pairs.empty();
      *out = BuildZset(pairs, ZsetLimitsOf(cfg));
      return true;
    }
    case kZsetListpack: {
      if (!ReadListpack(r, 2, &blob, &items, err)) return false;
      absl::flat_hash_set<std::string_view> seen;
      for (size_t i = 0; i < items.size(); i += 2) {
        double d;
        if (!ParseListpackScore(items[i + 1], &d)) return Fail(err, "Zset listpack with a bad score");
        if (!seen.insert(items[i]).second) return Fail(err, "Duplicate zset fields detected");
      }
      *empty = items.empty();
      Value v;
      v.SetPtr(ObjType::kZSet, Encoding::kListpack, ds::Listpack::FromBytes(blob).Release());
      if (items.size() / 2 > ZsetLimitsOf(cfg).max_entries) ZsetConvertToSkiplist(v);
      *out = std::move(v);
      return true;
    }
    case kHash: {
      uint64_t n;
      if (!ReadCount(r, &n, err)) return false;
      items.reserve(std::min<uint64_t>(2 * n, kMaxReserve));
      for (uint64_t i = 0; i < 2 * n; ++i) {
        if (!ReadStr(r, &s, err)) return false;
        items.push_back(std::move(s));
      }
      *empty = n == 0;
      return BuildHash(cfg, items, std::vector<int64_t>(n, -1), out, err);
    }
    case kHashListpack: {
      if (!ReadListpack(r, 2, &blob, &items, err)) return false;
      const HashLimits lim = Limits(cfg);
      bool fits = items.size() / 2 <= lim.max_entries;
      absl::flat_hash_set<std::string_view> seen;
      for (size_t i = 0; i < items.size(); i += 2) {
        if (!seen.insert(items[i]).second) return Fail(err, "Duplicate hash fields detected");
        if (items[i].size() > lim.max_value || items[i + 1].size() > lim.max_value) fits = false;
      }
      *empty = items.empty();
      if (!fits) return BuildHash(cfg, items, std::vector<int64_t>(items.size() / 2, -1), out, err);
      out->SetPtr(ObjType::kHash, Encoding::kListpack, ds::Listpack::FromBytes(blob).Release());
      return true;
    }
    case kHashMetadata:
    case kHashListpackEx: {
      int64_t min_ttl;
      if (!ReadI64(r, &min_ttl)) return Fail(err, "Unexpected EOF reading a hash's minimum TTL");
      std::vector<int64_t> ttls;
      std::vector<std::string> fv;
      auto keep = [&](std::string f, std::string val, int64_t ttl) {
        if (ttl >= 0 && skip_expired && ttl < now_ms) return;  // expired at load: dropped, as Redis 7.4
        fv.push_back(std::move(f));
        fv.push_back(std::move(val));
        ttls.push_back(ttl);
      };
      bool had_fields = false;
      if (type == kHashMetadata) {
        uint64_t n;
        if (!ReadCount(r, &n, err)) return false;
        had_fields = n > 0;
        for (uint64_t i = 0; i < n; ++i) {
          uint64_t rel;
          std::string f, val;
          if (!r.ReadLen(&rel)) return Fail(err, "Unexpected EOF reading a field TTL");
          if (!ReadStr(r, &f, err) || !ReadStr(r, &val, err)) return false;
          keep(std::move(f), std::move(val), rel == 0 ? -1 : min_ttl + static_cast<int64_t>(rel - 1));
        }
      } else {
        if (!ReadListpack(r, 3, &blob, &items, err)) return false;
        had_fields = !items.empty();
        for (size_t i = 0; i < items.size(); i += 3) {
          int64_t ttl;
          if (!ds::StringToInt64(items[i + 2], &ttl) || ttl < 0) return Fail(err, "Bad hash field TTL");
          keep(items[i], items[i + 1], ttl == 0 ? -1 : ttl);
        }
      }
      *empty = fv.empty();
      (void)had_fields;
      return BuildHash(cfg, fv, ttls, out, err);
    }
    case kModulePreGa:
    case kModule2:
      return Fail(err, "Module data types are not supported by ringkv");
    case kStreamListpacks:
    case kStreamListpacks2:
    case kStreamListpacks3:
      return Fail(err, "The stream type is not supported by ringkv yet");
    case kHashZipmap:
    case kListZiplist:
    case kZsetZiplist:
    case kHashZiplist:
    case kListQuicklist:
      return Fail(err, "Ziplist-era encodings (RDB written before Redis 7.0) are not supported");
    case kHashMetadataPreGa:
    case kHashListpackExPreGa:
      return Fail(err, "Hash field TTLs of Redis 7.4 release candidates are not supported");
    default:
      return Fail(err, "Unknown RDB encoding type " + std::to_string(type));
  }
}

bool Load(std::string_view file, const std::vector<Db*>& dbs, const LoadOptions& opt, LoadHooks* hooks,
          LoadStats* stats, std::string* err, size_t* offset) {
  RdbReader r(file);
  auto fail = [&](std::string what) {
    *err = std::move(what);
    *offset = r.pos();
    return false;
  };
  std::string_view magic;
  if (!r.ReadBytes(9, &magic) || magic.substr(0, 5) != "REDIS") return fail("Wrong signature trying to load DB from file");
  int version = 0;
  for (char c : magic.substr(5)) {
    if (c < '0' || c > '9') return fail("Wrong signature trying to load DB from file");
    version = version * 10 + (c - '0');
  }
  if (version < 1 || version > kMaxReadVersion) return fail("Can't handle RDB format version " + std::to_string(version));
  stats->version = version;
  const Config& cfg = *opt.config;
  int db_index = 0;
  int64_t expire_ms = -1, lfu_freq = -1, lru_idle = -1;
  std::string key, field, value;
  while (true) {
    uint8_t type;
    if (!r.ReadByte(&type)) return fail("Unexpected EOF reading RDB file");
    if (type == kOpExpireTime) {
      std::string_view b;
      if (!r.ReadBytes(4, &b)) return fail("Unexpected EOF reading RDB file");
      int32_t t;
      std::memcpy(&t, b.data(), 4);
      expire_ms = int64_t{t} * 1000;
      continue;
    }
    if (type == kOpExpireTimeMs) {
      if (!ReadI64(r, &expire_ms)) return fail("Unexpected EOF reading RDB file");
      continue;
    }
    if (type == kOpFreq) {
      uint8_t f;
      if (!r.ReadByte(&f)) return fail("Unexpected EOF reading RDB file");
      lfu_freq = f;
      continue;
    }
    if (type == kOpIdle) {
      uint64_t idle;
      if (!r.ReadLen(&idle)) return fail("Unexpected EOF reading RDB file");
      lru_idle = static_cast<int64_t>(std::min<uint64_t>(idle, INT64_MAX));
      continue;
    }
    if (type == kOpEof) break;
    if (type == kOpSelectDb) {
      uint64_t id;
      if (!r.ReadLen(&id)) return fail("Unexpected EOF reading RDB file");
      if (id >= dbs.size()) {
        return fail("FATAL: Data file was created with a Redis server configured to handle more than " +
                    std::to_string(dbs.size()) + " databases");
      }
      db_index = static_cast<int>(id);
      continue;
    }
    if (type == kOpResizeDb) {
      uint64_t a, b;
      if (!r.ReadLen(&a) || !r.ReadLen(&b)) return fail("Unexpected EOF reading RDB file");
      // A hint only, and from the file: never more keys than the rest of it can hold (a key and its value
      // take at least 4 bytes), so a hostile hint cannot make us allocate more than the file justifies.
      const uint64_t most = (file.size() - r.pos()) / 4;
      dbs[db_index]->Reserve(static_cast<size_t>(std::min(a, most)), static_cast<size_t>(std::min(b, most)));
      continue;
    }
    if (type == kOpAux) {
      if (!r.ReadString(&field) || !r.ReadString(&value)) return fail("Unexpected EOF reading an aux field");
      int64_t n;
      if (field == "redis-ver") stats->redis_ver = value;
      if (field == "ctime" && ds::StringToInt64(value, &n)) stats->ctime_s = n;
      if (field == "used-mem" && ds::StringToInt64(value, &n)) stats->used_mem = n;
      if (field == "aof-base") stats->aof_base = value == "1";
      if (field == "repl-id") stats->repl_id = value;
      if (field == "repl-offset" && ds::StringToInt64(value, &n)) stats->repl_offset = n;
      if (field == "repl-stream-db" && ds::StringToInt64(value, &n) && n >= 0 && n < 1 << 20)
        stats->repl_stream_db = static_cast<int>(n);
      continue;
    }
    if (type == kOpFunction2) {
      if (!r.ReadString(&value)) return fail("Unexpected EOF reading a function library");
      std::string why;
      if (hooks != nullptr && !hooks->OnFunction(value, opt.allow_duplicates, &why)) return fail("Failed loading library: " + why);
      continue;
    }
    if (type == kOpFunctionPreGa) return fail("Pre-release function format not supported");
    if (type == kOpModuleAux) return fail("Module auxiliary data is not supported by ringkv");
    // A key and its value.
    const size_t record_at = r.pos();
    if (!r.ReadString(&key)) return fail("Unexpected EOF reading a key");
    Value v;
    bool empty = false;
    std::string why;
    if (!ReadValue(r, type, cfg, opt.now_ms, opt.skip_expired, &v, &empty, &why)) return fail(why);
    (void)record_at;
    Db* db = dbs[db_index];
    if (empty) {
      ++stats->empty_keys_skipped;
    } else if (opt.skip_expired && expire_ms != -1 && expire_ms < opt.now_ms) {
      ++stats->keys_expired;
    } else {
      if (Entry* old = db->Peek(key); old != nullptr) {
        if (!opt.allow_duplicates) return fail("Duplicated key '" + key + "' in DB " + std::to_string(db_index));
        db->Delete(old);
      }
      Entry* e = db->Add(key, std::move(v), 0, "", expire_ms != -1);
      if (expire_ms != -1) e = db->SetExpire(e, expire_ms);
      if (hooks != nullptr) hooks->OnKey(db_index, e, lfu_freq, lru_idle);
      ++stats->keys_loaded;
    }
    expire_ms = lfu_freq = lru_idle = -1;
    if (hooks != nullptr && !hooks->OnProgress(r.pos(), *stats)) return fail("Loading aborted");
  }
  if (version >= 5) {
    const size_t crc_end = r.pos();
    int64_t stored;
    if (!ReadI64(r, &stored)) return fail("Unexpected EOF reading the RDB checksum");
    if (stored == 0 || !opt.verify_checksum) {
      stats->checksum_skipped = true;
    } else {
      const uint64_t crc = Crc64(0, file.data(), crc_end);
      if (crc != static_cast<uint64_t>(stored)) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "Wrong RDB checksum expected: (%llx) got (%llx)",
                      static_cast<unsigned long long>(stored), static_cast<unsigned long long>(crc));
        *offset = crc_end;
        *err = buf;
        return false;
      }
    }
  }
  stats->end_offset = r.pos();
  return true;
}

}  // namespace ringkv::persist::rdb
