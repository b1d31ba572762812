// Redis 7.0 functions: libraries loaded with FUNCTION LOAD (`#!lua name=<lib>` then code that calls
// redis.register_function), the functions they register with their flags and descriptions, and the registry
// FCALL looks functions up in. The registry owns the functions-mode Lua engine (a state of its own, as
// Redis keeps it apart from EVAL's) and the DUMP/RESTORE payload: for each library the RDB opcode FUNCTION2
// and its code as an RDB string, then the RDB version and a CRC-64 (core/rdb_string.h, core/crc64.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/script/lua_engine.h"

namespace ringkv::core {

class Server;
struct FunctionLibrary;

struct FunctionInfo {
  std::string name;
  std::string description;
  bool has_description = false;  // FUNCTION LIST shows a null description otherwise
  uint32_t flags = 0;            // ScriptFlag bits
  std::string key;               // the compiled function in the engine (ScriptRun::fn_name)
  const FunctionLibrary* library = nullptr;
};

struct FunctionLibrary {
  std::string name;
  std::string code;                     // the whole text FUNCTION LOAD received, shebang included
  std::vector<FunctionInfo> functions;  // in registration order
};

// Redis's functionsLibCtx: libraries by name (case-sensitive) and their functions by name (any case). Two
// functions of one library may differ only in case (Redis lets it): the index keeps the first.
class LibrarySet {
 public:
  const FunctionLibrary* FindLibrary(std::string_view name) const;
  const FunctionInfo* FindFunction(std::string_view name) const;
  void Link(std::unique_ptr<FunctionLibrary> lib);
  std::unique_ptr<FunctionLibrary> Unlink(std::string_view name);
  // Ordered by name: FUNCTION LIST and DUMP are stable (Redis's order is its dict's, i.e. arbitrary).
  const std::map<std::string, std::unique_ptr<FunctionLibrary>, std::less<>>& libraries() const { return libs_; }
  size_t functions_count() const { return functions_count_; }  // FUNCTION STATS
  size_t indexed_functions() const { return index_.size(); }   // INFO number_of_functions
  bool empty() const { return libs_.empty(); }

 private:
  std::map<std::string, std::unique_ptr<FunctionLibrary>, std::less<>> libs_;
  absl::flat_hash_map<std::string, const FunctionInfo*> index_;  // lower-cased names
  size_t functions_count_ = 0;
};

enum class RestorePolicy { kAppend, kReplace, kFlush };

// The library codes of a FUNCTION DUMP payload, checked as FUNCTION RESTORE does: false with the error
// (without "ERR ") for a bad footer ("DUMP payload version or checksum are wrong"), an opcode that is not a
// function, or a string that does not decode. Never trusts a length in the payload.
bool ParseFunctionsPayload(std::string_view payload, std::vector<std::string>* codes, std::string* err);
// The payload FUNCTION DUMP replies for these library codes (in order).
std::string BuildFunctionsPayload(const std::vector<std::string_view>& codes);

class FunctionRegistry {
 public:
  // Redis's FUNCTION LOAD time limit (none for RESTORE and, later, replication and AOF loading).
  static constexpr int64_t kLoadTimeoutMs = 500;

  explicit FunctionRegistry(Server& server);
  ~FunctionRegistry();
  FunctionRegistry(const FunctionRegistry&) = delete;
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // FUNCTION LOAD [REPLACE]: on success *name is the library's name. On failure *err holds the reply's text
  // without its "ERR " and the libraries are as they were (a failed REPLACE keeps the old library).
  bool Load(std::string_view code, bool replace, int64_t timeout_ms, std::string* name, std::string* err);
  bool Delete(std::string_view library);  // false: no such library
  // FUNCTION FLUSH: every library goes, and the Lua state starts afresh.
  void Flush();
  std::string Dump() const;
  // FUNCTION RESTORE: all or nothing, with Redis's errors (see ParseFunctionsPayload, and "Library x already
  // exists" / "Function x already exists" on collisions).
  bool Restore(std::string_view payload, RestorePolicy policy, std::string* err);

  const FunctionInfo* Find(std::string_view function) const { return current_.FindFunction(function); }
  const LibrarySet& libraries() const { return current_; }
  LuaEngine& engine() { return engine_; }
  const LuaEngine& engine() const { return engine_; }
  // used_memory_functions: what the libraries' bookkeeping holds outside the Lua heap.
  size_t MemoryOverhead() const;

 private:
  bool Create(std::string_view code, bool replace, int64_t timeout_ms, LibrarySet* set, std::string* name,
              std::string* err);
  void Free(std::unique_ptr<FunctionLibrary> lib);

  LuaEngine engine_;
  LibrarySet current_;
};

}  // namespace ringkv::core
