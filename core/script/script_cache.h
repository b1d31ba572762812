// ScriptCache: the EVAL scripts known to the server, by the SHA1 of their body (EVALSHA, SCRIPT LOAD/EXISTS/
// FLUSH), with the flags of their `#!lua flags=...` shebang, and the Lua engine that holds them compiled.
// Redis keeps every script EVAL has seen until SCRIPT FLUSH, which also starts a fresh Lua state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "core/script/lua_engine.h"

namespace ringkv::core {

class Server;

struct CachedScript {
  std::string body;
  uint32_t flags = 0;  // ScriptFlag bits; kScriptEvalCompat for a script without a shebang
};

class ScriptCache {
 public:
  explicit ScriptCache(Server& server);

  // Redis's shebang rules: a body starting with "#!" must be "#!lua [flags=a,b]\n...". Sets *flags (compat
  // mode without a shebang) and *skip (the bytes of the shebang line, not compiled: line numbers stay).
  // False with the error reply ("ERR Unexpected flag in script shebang: x") in *err.
  static bool ParseShebang(std::string_view body, uint32_t* flags, size_t* skip, std::string* err);

  // The script with this SHA1 (40 hex digits, any case), or null.
  const CachedScript* Find(std::string_view sha) const;
  // Compiles body and keeps it under its SHA1 (*sha). False with the error reply in *err.
  bool Add(std::string_view body, std::string* sha, std::string* err);
  // SCRIPT FLUSH: forgets every script and restarts the Lua state.
  void Flush();
  size_t size() const { return scripts_.size(); }
  size_t body_bytes() const { return body_bytes_; }

  LuaEngine& engine() { return engine_; }
  // The name of a script's compiled function in the engine.
  static std::string FunctionName(std::string_view sha) { return "f_" + std::string(sha); }

 private:
  LuaEngine engine_;
  absl::flat_hash_map<std::string, CachedScript> scripts_;
  size_t body_bytes_ = 0;
};

}  // namespace ringkv::core
