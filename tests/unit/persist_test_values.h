// Values of every type and encoding for the persistence tests (RDB codec, DUMP/RESTORE payloads), and a
// readable rendering of a value (type, encoding, contents in a stable order, hash field TTLs) to compare them.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/hash_type.h"
#include "core/list_type.h"
#include "core/object.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/quicklist.h"

namespace ringkv::core {
inline constexpr int64_t kFarMs = 4102444800000;  // 2100-01-01

inline void RegisterAll() {
  RegisterHashEncodings();
  RegisterSetEncodings();
  RegisterListEncodings();
  RegisterZsetEncodings();
}

// A readable rendering of a value: type, encoding, contents (sets and hashes sorted).
inline std::string Render(const Value& v) {
  std::string out = std::string(TypeName(v.type())) + "/" + EncodingName(v.encoding()) + ":";
  char buf[32];
  switch (v.type()) {
    case ObjType::kString:
      out += v.StringView(buf);
      break;
    case ObjType::kList: {
      ds::Quicklist::Reader r(ListOf(v), 0, true);
      ds::Quicklist::Elem e;
      while (r.Next(&e)) out += e.ToString() + ",";
      break;
    }
    case ObjType::kSet: {
      std::vector<std::string> m;
      SetForEach(v, [&](const SetElem& e) { m.emplace_back(e.View(buf)); });
      std::sort(m.begin(), m.end());
      for (auto& s : m) out += s + ",";
      break;
    }
    case ObjType::kZSet:
      for (auto c = ZsetCursor::First(v); c.valid(); c.Next()) out += std::string(c.member()) + "=" + std::to_string(c.score()) + ",";
      break;
    case ObjType::kHash: {
      std::map<std::string, std::string> m;
      HashForEach(v, [&](std::string_view f, std::string_view val) {
        int64_t ttl = -1;
        HashFieldTtl(v, f, &ttl);
        m.emplace(f, std::string(val) + "@" + std::to_string(ttl));
      });
      for (auto& [f, val] : m) out += f + "=" + val + ",";
      break;
    }
  }
  return out;
}

inline Value Str(std::string_view s) {
  Value v;
  v.SetString(s);
  return v;
}

inline Value List(const Config& cfg, int n, const std::string& prefix) {
  Value v = NewListValue(cfg);
  for (int i = 0; i < n; ++i) MutableListOf(v).Push(ds::Quicklist::End::kTail, prefix + std::to_string(i));
  return v;
}

inline Value Set(const Config& cfg, int n, bool ints) {
  Value v = ints ? NewIntsetSet() : NewSetFor("x");
  for (int i = 0; i < n; ++i) SetAdd(v, ints ? std::to_string(i * 7 - 100) : "m" + std::to_string(i), MaxIntsetEntries(cfg));
  return v;
}

inline Value Zset(const Config& cfg, int n) {
  ZsetPairs p;
  for (int i = 0; i < n; ++i) p.emplace_back("z" + std::to_string(i), i * 1.5 - 3);
  SortZsetPairs(&p);
  return BuildZset(p, ZsetLimitsOf(cfg));
}

inline Value Hash(const Config& cfg, int n, int ttl_every = 0, int64_t ttl = kFarMs) {
  Value v = NewHash();
  for (int i = 0; i < n; ++i) HashSet(v, "f" + std::to_string(i), "v" + std::to_string(i), HashLimitsOf(cfg));
  if (ttl_every > 0) {
    HashEnableFieldTtls(v);
    for (int i = 0; i < n; i += ttl_every) HashSetFieldTtl(v, "f" + std::to_string(i), ttl + i);
  }
  return v;
}

}  // namespace ringkv::core
