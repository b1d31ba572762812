#include "core/script/script_cache.h"

#include <vector>

#include "core/context.h"
#include "core/sha1.h"

namespace ringkv::core {

namespace {

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

ScriptCache::ScriptCache(Server& server) : engine_(server) {}

bool ScriptCache::ParseShebang(std::string_view body, uint32_t* flags, size_t* skip, std::string* err) {
  *skip = 0;
  if (body.substr(0, 2) != "#!") {
    *flags = kScriptEvalCompat;
    return true;
  }
  *flags = 0;
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos) {
    *err = "ERR Invalid script shebang";
    return false;
  }
  std::vector<std::string_view> parts = SplitWords(body.substr(0, nl));
  if (parts.empty() || parts[0] != "#!lua") {
    *err = "ERR Unexpected engine in script shebang: " + std::string(parts.empty() ? "" : parts[0]);
    return false;
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].substr(0, 6) != "flags=") {
      *err = "ERR Unknown lua shebang option: " + std::string(parts[i]);
      return false;
    }
    std::string_view list = parts[i].substr(6);
    if (list.empty()) continue;
    size_t pos = 0;
    for (;;) {
      size_t comma = list.find(',', pos);
      std::string_view flag = list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
      if (flag == "no-writes") {
        *flags |= kScriptNoWrites;
      } else if (flag == "allow-oom") {
        *flags |= kScriptAllowOom;
      } else if (flag == "allow-stale") {
        *flags |= kScriptAllowStale;
      } else if (flag == "no-cluster") {
        *flags |= kScriptNoCluster;
      } else if (flag == "allow-cross-slot-keys") {
        *flags |= kScriptAllowCrossSlot;
      } else {
        *err = "ERR Unexpected flag in script shebang: " + std::string(flag);
        return false;
      }
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
  }
  *skip = nl;
  return true;
}

const CachedScript* ScriptCache::Find(std::string_view sha) const {
  if (sha.size() != 40) return nullptr;
  auto it = scripts_.find(ToLower(sha));
  return it == scripts_.end() ? nullptr : &it->second;
}

bool ScriptCache::Add(std::string_view body, std::string* sha, std::string* err) {
  *sha = Sha1Hex(body);
  if (scripts_.contains(*sha)) return true;
  uint32_t flags = 0;
  size_t skip = 0;
  if (!ParseShebang(body, &flags, &skip, err)) return false;
  std::string lua_err;
  if (!engine_.Compile(FunctionName(*sha), body.substr(skip), &lua_err)) {
    *err = "ERR Error compiling script (new function): " + lua_err;
    return false;
  }
  scripts_.emplace(*sha, CachedScript{std::string(body), flags});
  body_bytes_ += body.size();
  return true;
}

void ScriptCache::Flush() {
  scripts_.clear();
  body_bytes_ = 0;
  engine_.Reset();
}

}  // namespace ringkv::core
