// The command table: one CommandSpec per command (and per subcommand of container commands such as CLIENT),
// registered by the command family files. The dispatcher, COMMAND INFO/DOCS/GETKEYS, ACL categories, cluster
// slot checks and MULTI queueing all read from here, so a command is described in exactly one place.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace ringkv::core {

struct CommandContext;
using CommandHandler = void (*)(CommandContext& ctx);
// For commands whose keys cannot be described by first/last/step (flag kMovableKeys): appends the argument
// indexes that are keys.
using GetKeysProc = void (*)(const std::vector<std::string_view>& argv, std::vector<int>* key_indexes);

// Command flags, as Redis's CMD_* (the names COMMAND INFO prints are in CommandFlagNames()).
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
  kCmdSentinel = 1 << 16,
  kCmdOnlySentinel = 1 << 17,
  kCmdNoMandatoryKeys = 1 << 18,
  kCmdProtected = 1 << 19,    // refused unless enabled by a config (DEBUG: enable-debug-command)
  kCmdNoAsyncLoading = 1 << 20,
  kCmdNoMulti = 1 << 21,      // not allowed inside MULTI
  kCmdMovableKeys = 1 << 22,  // keys found by GetKeysProc
  kCmdAllowBusy = 1 << 23,    // allowed while a script is busy
};

// ACL categories (Redis's @names). Implicit ones (@read, @write, @fast, @slow, @admin, @dangerous, @pubsub,
// @blocking) are derived from the flags at registration, as Redis's setImplicitACLCategories does.
enum AclCategory : uint64_t {
  kAclKeyspace = 1 << 0, kAclRead = 1 << 1, kAclWrite = 1 << 2, kAclSet = 1 << 3, kAclSortedSet = 1 << 4,
  kAclList = 1 << 5, kAclHash = 1 << 6, kAclString = 1 << 7, kAclBitmap = 1 << 8, kAclHyperLogLog = 1 << 9,
  kAclGeo = 1 << 10, kAclStream = 1 << 11, kAclPubsub = 1 << 12, kAclAdmin = 1 << 13, kAclFast = 1 << 14,
  kAclSlow = 1 << 15, kAclBlocking = 1 << 16, kAclDangerous = 1 << 17, kAclConnection = 1 << 18,
  kAclTransaction = 1 << 19, kAclScripting = 1 << 20,
};

// A Redis 7 key specification (COMMAND INFO's key specs): where the keys start and how far they go.
// flags: space-separated Redis names ("RW access update", "RO access", "OW update", "RM delete", ...).
struct KeySpec {
  std::string_view flags;
  int begin_index = 1;  // begin_search: type index, the argument index of the first key
  int lastkey = 0;      // find_keys: type range, relative to the first key (-1: the last argument)
  int keystep = 1;
  int limit = 0;
  std::string_view notes;  // optional "notes" shown in the spec
  // begin_search of type keyword (e.g. "STORE"): when set, begin_index is unused. startfrom > 0 searches forward
  // from that argument, < 0 backward from the end.
  std::string_view keyword;
  int keyword_startfrom = 0;
  // find_keys of type keynum (e.g. the numkeys of ZUNIONSTORE), used when keynum_index >= 0: the key count is at
  // first + keynum_index, the keys start at first + keynum_firstkey, every keynum_step arguments.
  int keynum_index = -1;
  int keynum_firstkey = 0;
  int keynum_step = 1;
};

// A key an argv names, as the key specs find it: the argument index and the flags of the spec that found it.
struct KeyRef {
  int pos = 0;
  std::string_view flags;
};

// One argument of a command as COMMAND DOCS describes it (Redis's redisCommandArg). oneof and block arguments
// hold their parts in args.
enum class ArgType : uint8_t { kString, kInteger, kDouble, kKey, kPattern, kUnixTime, kPureToken, kOneof, kBlock };
enum ArgFlag : uint8_t { kArgOptional = 1 << 0, kArgMultiple = 1 << 1, kArgMultipleToken = 1 << 2 };

struct ArgSpec {
  std::string_view name;
  ArgType type = ArgType::kString;
  int key_spec_index = -1;  // kKey only: which key spec finds this key
  std::string_view token;   // the literal word that introduces the argument ("EX", "GET")
  std::string_view summary;
  std::string_view since;
  std::string_view deprecated_since;
  uint8_t flags = 0;  // ArgFlag bits
  std::vector<ArgSpec> args;
};

// COMMAND DOCS history: the version and what changed in it.
struct CommandHistory {
  std::string_view since;
  std::string_view changes;
};

struct CommandSpec {
  std::string_view name;  // lower case; a subcommand's is "container|sub", e.g. "client|list"
  int arity = 0;          // > 0: exactly this many arguments with the name; < 0: at least -arity
  uint64_t flags = 0;
  int first_key = 0, last_key = 0, key_step = 0;  // 0 0 0: no keys; last_key -1: up to the last argument
  uint64_t acl = 0;
  CommandHandler handler = nullptr;
  std::string_view group;       // COMMAND DOCS: "string", "generic", "connection", "server", ...
  std::string_view since;       // first Redis version with it
  std::string_view summary;
  std::string_view complexity;
  GetKeysProc getkeys = nullptr;
  std::vector<CommandSpec> subcommands;
  // The metadata Redis keeps in its command JSON files. A family usually leaves these empty: CommandTable fills
  // each empty one from core/command_docs.cc, keyed by the full name; a family that sets one keeps its own.
  // COMMAND INFO: key specs (derived from first/last/step with empty flags when still empty) and tips
  // ("nondeterministic_output", "request_policy:all_shards", ...).
  std::vector<KeySpec> key_specs;
  std::vector<std::string_view> tips;
  // COMMAND DOCS: doc_flags (space-separated: "deprecated", "syscmd"), deprecation, history and arguments.
  std::string_view doc_flags;
  std::string_view replaced_by;
  std::string_view deprecated_since;
  std::vector<ArgSpec> args;
  std::vector<CommandHistory> history;
};

// Runtime side of a registered command: its spec plus statistics (INFO commandstats).
struct Command {
  CommandSpec spec;
  std::string full_name;  // "get", "client|list"
  Command* parent = nullptr;
  absl::flat_hash_map<std::string, Command*> subcommands;  // lower-cased subcommand name -> command
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;

  bool has_subcommands() const { return !subcommands.empty(); }
};

class CommandTable {
 public:
  CommandTable() = default;
  CommandTable(const CommandTable&) = delete;
  CommandTable& operator=(const CommandTable&) = delete;
  ~CommandTable();

  void Register(CommandSpec spec);
  // rename-command: the command named `from` answers to `to` instead (removed when `to` is empty).
  // False with Redis's reason when `from` does not exist or `to` is taken.
  bool Rename(std::string_view from, std::string_view to, std::string* err);
  // Case-insensitive lookup of a top-level command.
  Command* Find(std::string_view name) const;
  // Resolves "client list" style argv to the subcommand where the command has subcommands.
  // Returns the container itself when argv has no subcommand argument, nullptr for an unknown subcommand.
  Command* FindSub(Command* container, std::string_view sub) const;
  const absl::flat_hash_map<std::string, Command*>& all() const { return commands_; }
  void ResetStats();

  // Key argument indexes of argv for cmd (COMMAND GETKEYS, cluster slot checks, WATCH later).
  static void GetKeys(const Command& cmd, const std::vector<std::string_view>& argv, std::vector<int>* out);
  // Redis's getKeysUsingKeySpecs: the keys of argv as cmd's key specs find them, spec by spec, each with its
  // spec's flags. Returns false and adds no key when argv does not fit a spec (out of bounds, a bad keynum count)
  // or a spec is incomplete, as Redis does.
  static bool GetKeysFromSpecs(const Command& cmd, const std::vector<std::string_view>& argv,
                               std::vector<KeyRef>* out);

 private:
  Command* Make(CommandSpec spec, Command* parent);
  absl::flat_hash_map<std::string, Command*> commands_;
  std::vector<Command*> owned_;
};

// Names of the flags as COMMAND INFO prints them ("write", "readonly", ...).
std::vector<std::string_view> CommandFlagNames(uint64_t flags);
std::vector<std::string_view> AclCategoryNames(uint64_t acl);

// The family registration functions; each lives at the bottom of its core/commands/<family>.cc.
void RegisterConnectionCommands(CommandTable* t);
void RegisterServerCommands(CommandTable* t);
void RegisterKeyCommands(CommandTable* t);
void RegisterStringCommands(CommandTable* t);
void RegisterBitCommands(CommandTable* t);
void RegisterIntrospectionCommands(CommandTable* t);
void RegisterConfigCommands(CommandTable* t);

}  // namespace ringkv::core
