#include "core/script/function_library.h"

#include "core/config.h"
#include "core/context.h"
#include "core/crc64.h"
#include "core/rdb_string.h"

namespace ringkv::core {

namespace {

// RDB opcodes of a function library: 7.0's, and the release candidates' format RESTORE refuses by name.
constexpr uint8_t kOpcodeFunction2 = 245;
constexpr uint8_t kOpcodeFunctionPreGa = 246;
constexpr std::string_view kBadPayload = "DUMP payload version or checksum are wrong";

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

struct LibraryMeta {
  std::string engine, name;
  std::string_view code;  // from the shebang line's "\n" on
};

// Redis's functionExtractLibMetaData: "#!<engine> name=<lib>" (words split as sdssplitargs splits them,
// name= in any case) on the first line.
bool ParseMeta(std::string_view payload, LibraryMeta* md, std::string* err) {
  if (!payload.starts_with("#!")) {
    *err = "Missing library metadata";
    return false;
  }
  // Redis reads the payload as a C string: a NUL before the first newline hides it.
  const size_t nl = payload.find_first_of(std::string_view("\n\0", 2));
  if (nl == std::string_view::npos || payload[nl] != '\n') {
    *err = "Invalid library metadata";
    return false;
  }
  std::vector<std::string> parts;
  if (!SplitConfigLine(payload.substr(0, nl), &parts) || parts.empty()) {
    *err = "Invalid library metadata";
    return false;
  }
  md->engine = parts[0].size() > 2 ? parts[0].substr(2) : "";
  bool has_name = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() >= 5 && EqualsIgnoreCase(std::string_view(parts[i]).substr(0, 5), "name=")) {
      if (has_name) {
        *err = "Invalid metadata value, name argument was given multiple times";
        return false;
      }
      md->name = parts[i].substr(5);
      has_name = true;
      continue;
    }
    *err = "Invalid metadata value given: " + parts[i];
    return false;
  }
  if (!has_name) {
    *err = "Library name was not given";
    return false;
  }
  md->code = payload.substr(nl);
  return true;
}

}  // namespace

// ---- LibrarySet ----

const FunctionLibrary* LibrarySet::FindLibrary(std::string_view name) const {
  auto it = libs_.find(name);
  return it == libs_.end() ? nullptr : it->second.get();
}

const FunctionInfo* LibrarySet::FindFunction(std::string_view name) const {
  auto it = index_.find(ToLower(name));
  return it == index_.end() ? nullptr : it->second;
}

void LibrarySet::Link(std::unique_ptr<FunctionLibrary> lib) {
  for (FunctionInfo& f : lib->functions) {
    f.library = lib.get();
    index_.emplace(ToLower(f.name), &f);  // a case twin of the same library keeps the first
  }
  functions_count_ += lib->functions.size();
  std::string name = lib->name;
  libs_.emplace(std::move(name), std::move(lib));
}

std::unique_ptr<FunctionLibrary> LibrarySet::Unlink(std::string_view name) {
  auto it = libs_.find(name);
  if (it == libs_.end()) return nullptr;
  std::unique_ptr<FunctionLibrary> lib = std::move(it->second);
  libs_.erase(it);
  for (const FunctionInfo& f : lib->functions) {
    auto at = index_.find(ToLower(f.name));
    if (at != index_.end() && at->second == &f) index_.erase(at);
  }
  functions_count_ -= lib->functions.size();
  return lib;
}

// ---- payload ----

std::string BuildFunctionsPayload(const std::vector<std::string_view>& codes) {
  std::string out;
  for (std::string_view code : codes) {
    out.push_back(static_cast<char>(kOpcodeFunction2));
    RdbAppendString(&out, code);
  }
  out.push_back(static_cast<char>(kRdbVersion & 0xff));
  out.push_back(static_cast<char>(kRdbVersion >> 8));
  const uint64_t crc = Crc64(0, out);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return out;
}

bool ParseFunctionsPayload(std::string_view payload, std::vector<std::string>* codes, std::string* err) {
  // Footer: 2-byte RDB version (little-endian, at most ours), then the CRC-64 of all before it.
  if (payload.size() < 10) {
    *err = kBadPayload;
    return false;
  }
  const size_t footer = payload.size() - 10;
  const uint16_t version = static_cast<uint16_t>(static_cast<uint8_t>(payload[footer]) |
                                                 (static_cast<uint8_t>(payload[footer + 1]) << 8));
  uint64_t crc = 0;
  for (int i = 7; i >= 0; --i) crc = (crc << 8) | static_cast<uint8_t>(payload[footer + 2 + i]);
  if (version > kRdbVersion || Crc64(0, payload.substr(0, payload.size() - 8)) != crc) {
    *err = kBadPayload;
    return false;
  }
  // As Redis, the strings are read from the whole payload: one may run into the footer, and reading stops
  // once at most the footer's 10 bytes are left.
  RdbReader r(payload);
  codes->clear();
  while (r.remaining() > 10) {
    uint8_t type;
    r.ReadByte(&type);
    if (type == kOpcodeFunctionPreGa) {
      *err = "Pre-GA function format not supported";
      return false;
    }
    if (type != kOpcodeFunction2) {
      *err = "given type is not a function";
      return false;
    }
    std::string code;
    if (!r.ReadString(&code)) {
      *err = "Failed loading library payload";
      return false;
    }
    codes->push_back(std::move(code));
  }
  return true;
}

// ---- FunctionRegistry ----

FunctionRegistry::FunctionRegistry(Server& server) : engine_(server, /*eval_mode=*/false) {}

FunctionRegistry::~FunctionRegistry() = default;

void FunctionRegistry::Free(std::unique_ptr<FunctionLibrary> lib) {
  if (lib == nullptr) return;
  for (const FunctionInfo& f : lib->functions) engine_.DropFunction(f.key);
}

bool FunctionRegistry::Create(std::string_view code, bool replace, int64_t timeout_ms, LibrarySet* set,
                              std::string* name, std::string* err) {
  LibraryMeta md;
  if (!ParseMeta(code, &md, err)) return false;
  if (!ValidName(md.name)) {
    *err = "Library names can only contain letters, numbers, or underscores(_) and must be at least one "
           "character long";
    return false;
  }
  if (!EqualsIgnoreCase(md.engine, "lua")) {
    *err = "Engine '" + md.engine + "' not found";
    return false;
  }
  std::unique_ptr<FunctionLibrary> old;
  if (set->FindLibrary(md.name) != nullptr) {
    if (!replace) {
      *err = "Library '" + md.name + "' already exists";
      return false;
    }
    old = set->Unlink(md.name);
  }
  // From here a failure links the old library back: a failed REPLACE changes nothing.
  auto fail = [&] {
    if (old != nullptr) set->Link(std::move(old));
    return false;
  };
  std::vector<LuaEngine::LoadedFunction> loaded;
  if (!engine_.LoadLibrary(md.code, timeout_ms, &loaded, err)) return fail();
  auto lib = std::make_unique<FunctionLibrary>();
  lib->name = md.name;
  lib->code = std::string(code);
  for (LuaEngine::LoadedFunction& l : loaded) {
    FunctionInfo& f = lib->functions.emplace_back();
    f.name = std::move(l.name);
    f.description = std::move(l.description);
    f.has_description = l.has_description;
    f.flags = l.flags;
    f.key = std::move(l.key);
  }
  if (lib->functions.empty()) {
    *err = "No functions registered";
    return fail();
  }
  for (const FunctionInfo& f : lib->functions) {
    if (set->FindFunction(f.name) != nullptr) {
      *err = "Function " + f.name + " already exists";
      Free(std::move(lib));
      return fail();
    }
  }
  *name = lib->name;
  set->Link(std::move(lib));
  Free(std::move(old));
  return true;
}

bool FunctionRegistry::Load(std::string_view code, bool replace, int64_t timeout_ms, std::string* name,
                            std::string* err) {
  return Create(code, replace, timeout_ms, &current_, name, err);
}

bool FunctionRegistry::Delete(std::string_view library) {
  std::unique_ptr<FunctionLibrary> lib = current_.Unlink(library);
  if (lib == nullptr) return false;
  Free(std::move(lib));
  return true;
}

void FunctionRegistry::Flush() {
  current_ = LibrarySet();
  // Nothing compiled is referenced any more: a fresh state gives the Lua heap back. Never under a running
  // function (FUNCTION FLUSH is not allowed while a script is busy, but stay safe).
  if (!engine_.running()) engine_.Reset();
}

std::string FunctionRegistry::Dump() const {
  std::vector<std::string_view> codes;
  for (const auto& [name, lib] : current_.libraries()) codes.push_back(lib->code);
  return BuildFunctionsPayload(codes);
}

bool FunctionRegistry::Restore(std::string_view payload, RestorePolicy policy, std::string* err) {
  std::vector<std::string> codes;
  if (!ParseFunctionsPayload(payload, &codes, err)) return false;
  // The payload's libraries are created apart first (Redis's temporary functionsLibCtx): among themselves
  // they must not collide either.
  LibrarySet incoming;
  auto drop_incoming = [&] {
    std::vector<std::string> names;
    for (const auto& [name, lib] : incoming.libraries()) names.push_back(name);
    for (const std::string& n : names) Free(incoming.Unlink(n));
  };
  for (const std::string& code : codes) {
    std::string name;
    if (!Create(code, /*replace=*/false, /*timeout_ms=*/0, &incoming, &name, err)) {
      drop_incoming();
      return false;
    }
  }
  if (policy == RestorePolicy::kFlush) {
    std::vector<std::string> names;
    for (const auto& [name, lib] : current_.libraries()) names.push_back(name);
    for (const std::string& n : names) Free(current_.Unlink(n));
    current_ = std::move(incoming);
    return true;
  }
  // APPEND / REPLACE (Redis's libraryJoin): libraries of the same name collide (REPLACE sets the old ones
  // aside), then no function may collide with one that stays; any failure puts everything back.
  std::vector<std::unique_ptr<FunctionLibrary>> replaced;
  auto put_back = [&] {
    for (auto& lib : replaced) current_.Link(std::move(lib));
    drop_incoming();
    return false;
  };
  for (const auto& [name, lib] : incoming.libraries()) {
    if (current_.FindLibrary(name) == nullptr) continue;
    if (policy != RestorePolicy::kReplace) {
      *err = "Library " + name + " already exists";
      return put_back();
    }
    replaced.push_back(current_.Unlink(name));
  }
  for (const auto& [name, lib] : incoming.libraries()) {
    for (const FunctionInfo& f : lib->functions) {
      if (current_.FindFunction(f.name) != nullptr) {
        *err = "Function " + f.name + " already exists";
        return put_back();
      }
    }
  }
  std::vector<std::string> names;
  for (const auto& [name, lib] : incoming.libraries()) names.push_back(name);
  for (const std::string& n : names) current_.Link(incoming.Unlink(n));
  for (auto& lib : replaced) Free(std::move(lib));
  return true;
}

size_t FunctionRegistry::MemoryOverhead() const {
  size_t bytes = 0;
  for (const auto& [name, lib] : current_.libraries()) {
    bytes += sizeof(FunctionLibrary) + name.capacity() + lib->name.capacity() + lib->code.capacity();
    for (const FunctionInfo& f : lib->functions) {
      // The function and its index entry (key, pointer and table slot).
      bytes += sizeof(FunctionInfo) + f.name.capacity() + f.description.capacity() + f.key.capacity();
      bytes += f.name.size() + 2 * sizeof(void*);
    }
  }
  return bytes;
}

}  // namespace ringkv::core
