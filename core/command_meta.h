// The metadata of every Redis 7.0.15 command and subcommand as constant data: arity, flags, key positions, ACL
// categories, key specs, tips and the COMMAND DOCS fields with their argument trees. The data is generated from a
// real redis-server by scripts/gen_command_table.py into core/command_table_data.cc; CommandTable binds handlers to
// it. Everything here is POD with index ranges for nested lists, so the table needs no dynamic initialisation.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ringkv::core {

// Command flags, as Redis's CMD_* (COMMAND INFO prints the visible ones; see CommandFlagNames()).
enum CommandFlag : uint64_t {
  kCmdWrite = 1 << 0,         // may modify the keyspace: propagated, refused on a read-only replica
  kCmdReadonly = 1 << 1,      // reads the keyspace only
  kCmdDenyOom = 1 << 2,       // may grow memory: refused when over maxmemory
  kCmdModule = 1 << 3,
  kCmdAdmin = 1 << 4,         // server administration (also ACL @admin @dangerous)
  kCmdPubsub = 1 << 5,
  kCmdNoscript = 1 << 6,      // not allowed from Lua scripts
  kCmdBlocking = 1 << 7,      // may block the client
  kCmdLoading = 1 << 8,       // allowed while the dataset is loading
  kCmdStale = 1 << 9,         // allowed on a replica with stale data
  kCmdSkipMonitor = 1 << 10,  // not shown by MONITOR
  kCmdSkipSlowlog = 1 << 11,
  kCmdAsking = 1 << 12,       // cluster: accepted for importing slots after ASKING
  kCmdFast = 1 << 13,         // O(1) or O(log N): never delays the server much (ACL @fast)
  kCmdNoAuth = 1 << 14,       // allowed before AUTH
  kCmdMayReplicate = 1 << 15,
  kCmdSentinel = 1 << 16,     // offered in sentinel mode too (top-level commands only; not printed)
  kCmdOnlySentinel = 1 << 17, // offered in sentinel mode only (SENTINEL; not printed)
  kCmdNoMandatoryKeys = 1 << 18,
  kCmdProtected = 1 << 19,    // refused unless enabled by a config (DEBUG: enable-debug-command; not printed)
  kCmdNoAsyncLoading = 1 << 20,
  kCmdNoMulti = 1 << 21,      // not allowed inside MULTI
  kCmdMovableKeys = 1 << 22,  // keys are not all at first/last/step: key specs or a GetKeysProc find them
  kCmdAllowBusy = 1 << 23,    // allowed while a script is busy
};

// ACL categories (Redis's @names), in the order COMMAND INFO prints them. The metadata holds the final set,
// the implicit ones (@read, @write, @fast, @slow, @admin, @dangerous ...) included, as COMMAND INFO shows it.
enum AclCategory : uint64_t {
  kAclKeyspace = 1 << 0, kAclRead = 1 << 1, kAclWrite = 1 << 2, kAclSet = 1 << 3, kAclSortedSet = 1 << 4,
  kAclList = 1 << 5, kAclHash = 1 << 6, kAclString = 1 << 7, kAclBitmap = 1 << 8, kAclHyperLogLog = 1 << 9,
  kAclGeo = 1 << 10, kAclStream = 1 << 11, kAclPubsub = 1 << 12, kAclAdmin = 1 << 13, kAclFast = 1 << 14,
  kAclSlow = 1 << 15, kAclBlocking = 1 << 16, kAclDangerous = 1 << 17, kAclConnection = 1 << 18,
  kAclTransaction = 1 << 19, kAclScripting = 1 << 20,
};

// A Redis 7 key specification (COMMAND INFO's key specs): where the keys start (begin_search) and how far they
// go (find_keys). Only the fields of the two types in use are meaningful.
enum class BeginSearchType : uint8_t { kIndex, kKeyword, kUnknown };
enum class FindKeysType : uint8_t { kRange, kKeynum, kUnknown };

struct KeySpec {
  std::string_view flags;  // space-separated Redis names: "RW access update", "RO access", "OW update" ...
  std::string_view notes;  // optional "notes" of the spec
  BeginSearchType begin_search = BeginSearchType::kIndex;
  int begin_index = 0;          // kIndex: the argument index of the first key
  std::string_view keyword;     // kKeyword: the key follows this word ("STORE") ...
  int keyword_startfrom = 0;    // ... searched forward from this argument when > 0, backward from the end when < 0
  FindKeysType find_keys = FindKeysType::kRange;
  int lastkey = 0;  // kRange: last key relative to the first (-1: the last argument, -2: the one before ...)
  int keystep = 1;
  int limit = 0;    // kRange with lastkey -1: only the first 1/limit of the remaining arguments
  // kKeynum (the numkeys of ZUNIONSTORE): the count is at first + keynum_index, the keys start at
  // first + keynum_firstkey, every keynum_step arguments.
  int keynum_index = 0;
  int keynum_firstkey = 0;
  int keynum_step = 1;
};

// A half-open run [begin, begin + count) of one of the table's arrays.
struct MetaRange {
  uint16_t begin = 0;
  uint16_t count = 0;
};

// One argument as COMMAND DOCS describes it (Redis's redisCommandArg); oneof and block arguments hold their
// parts in args.
enum class ArgType : uint8_t { kString, kInteger, kDouble, kKey, kPattern, kUnixTime, kPureToken, kOneof, kBlock };
enum ArgFlag : uint8_t { kArgOptional = 1 << 0, kArgMultiple = 1 << 1, kArgMultipleToken = 1 << 2 };

struct ArgSpec {
  std::string_view name;
  ArgType type = ArgType::kString;
  int key_spec_index = -1;  // which key spec finds this argument (keys, and SORT's patterns); -1: none
  // The literal word that introduces the argument ("EX"). Absent is a null view (data() == nullptr): MIGRATE's
  // empty_string has the token "", which COMMAND DOCS shows.
  std::string_view token;
  std::string_view summary;
  std::string_view since;
  std::string_view deprecated_since;
  uint8_t flags = 0;  // ArgFlag bits
  MetaRange args;     // parts of a oneof/block, in CommandMetaTable::args
};

// COMMAND DOCS history: the version and what changed in it.
struct CommandHistory {
  std::string_view since;
  std::string_view changes;
};

// One command or subcommand. Empty strings and ranges are fields COMMAND DOCS leaves out.
struct CommandMeta {
  std::string_view name;  // lower case; a subcommand's is "container|sub", e.g. "client|list"
  int arity = 0;          // > 0: exactly this many arguments with the name; < 0: at least -arity
  uint64_t flags = 0;     // CommandFlag bits
  int first_key = 0, last_key = 0, key_step = 0;  // 0 0 0: no keys; last_key -1: up to the last argument
  uint64_t acl = 0;                               // AclCategory bits
  std::string_view summary, since, group, complexity;
  std::string_view doc_flags;  // space-separated: "deprecated", "syscmd"
  std::string_view deprecated_since, replaced_by;
  MetaRange key_specs, tips, history, args;  // in the CommandMetaTable arrays of those names
  MetaRange subcommands;                     // in CommandMetaTable::subcommands
};

struct CommandMetaTable {
  std::span<const CommandMeta> commands;     // top-level commands, sorted by name
  std::span<const CommandMeta> subcommands;  // grouped by container, sorted by name within a group
  std::span<const KeySpec> key_specs;
  std::span<const std::string_view> tips;
  std::span<const CommandHistory> history;
  std::span<const ArgSpec> args;
  std::string_view source;  // "redis-server 7.0.15"
};

// Defined in the generated core/command_table_data.cc.
extern const CommandMetaTable kCommandMetaTable;

// The metadata of a command by its lower-case full name ("get", "client|list"); nullptr when Redis has none.
const CommandMeta* FindCommandMeta(std::string_view full_name);

inline std::span<const CommandMeta> Subcommands(const CommandMeta& m) {
  return kCommandMetaTable.subcommands.subspan(m.subcommands.begin, m.subcommands.count);
}
inline std::span<const KeySpec> KeySpecs(const CommandMeta& m) {
  return kCommandMetaTable.key_specs.subspan(m.key_specs.begin, m.key_specs.count);
}
inline std::span<const std::string_view> Tips(const CommandMeta& m) {
  return kCommandMetaTable.tips.subspan(m.tips.begin, m.tips.count);
}
inline std::span<const CommandHistory> History(const CommandMeta& m) {
  return kCommandMetaTable.history.subspan(m.history.begin, m.history.count);
}
inline std::span<const ArgSpec> Args(const CommandMeta& m) {
  return kCommandMetaTable.args.subspan(m.args.begin, m.args.count);
}
inline std::span<const ArgSpec> Args(const ArgSpec& a) {
  return kCommandMetaTable.args.subspan(a.args.begin, a.args.count);
}

}  // namespace ringkv::core
