// The command table: binds the handlers of the command families to the metadata of Redis 7.0.15's commands
// (core/command_meta.h, generated). A family registers a command with one line, `t.Add("get", GetCommand)`; the
// dispatcher, COMMAND INFO/DOCS/GETKEYS, ACL categories, cluster slot checks and MULTI queueing read from here.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/command_meta.h"
#include "ds/latency_histogram.h"

namespace ringkv::core {

struct CommandContext;
using CommandHandler = void (*)(CommandContext& ctx);
// For commands whose keys the key specs cannot find alone (Redis's getkeys_proc): appends the argument indexes
// that are keys.
using GetKeysProc = void (*)(const std::vector<std::string_view>& argv, std::vector<int>* key_indexes);

// The hot part of a command, copied from its metadata at registration: what the dispatcher reads on every call.
struct CommandSpec {
  int arity = 0;       // > 0: exactly this many arguments with the name; < 0: at least -arity
  uint64_t flags = 0;  // CommandFlag bits
  int first_key = 0, last_key = 0, key_step = 0;  // 0 0 0: no keys; last_key -1: up to the last argument
  uint64_t acl = 0;                               // AclCategory bits
  CommandHandler handler = nullptr;               // never null once registered
  GetKeysProc getkeys = nullptr;
};

// A key an argv names, as the key specs find it: the argument index and the flags of the spec that found it.
struct KeyRef {
  int pos = 0;
  std::string_view flags;
};

// Runtime side of a registered command: the hot spec, the cold metadata it came from, and statistics (INFO
// commandstats).
struct Command {
  CommandSpec spec;
  const CommandMeta* meta = nullptr;  // never null: key specs, tips and the COMMAND DOCS fields
  std::string full_name;              // "get", "client|list"
  Command* parent = nullptr;
  absl::flat_hash_map<std::string, Command*> subcommands;  // lower-cased subcommand name -> registered command
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;
  // Its durations (INFO latencystats, LATENCY HISTOGRAM), in nanoseconds as Redis records them; made at the
  // first call, so commands never called cost nothing.
  std::unique_ptr<ds::LatencyHistogram> latency;
  void RecordLatency(int64_t duration_us) {
    if (latency == nullptr) [[unlikely]] latency = std::make_unique<ds::LatencyHistogram>();
    latency->Record(duration_us * 1000);
  }

  bool has_subcommands() const { return !subcommands.empty(); }
  std::span<const KeySpec> key_specs() const { return KeySpecs(*meta); }
};

class CommandTable {
 public:
  CommandTable() = default;
  CommandTable(const CommandTable&) = delete;
  CommandTable& operator=(const CommandTable&) = delete;
  ~CommandTable();

  // Binds handler to the metadata of full_name ("get", "client|list"). A subcommand's container is created from
  // its own metadata when its first subcommand is added; adding the container itself (COMMAND, whose bare form
  // runs) gives it a handler. A name without metadata, a name added twice, or a subcommand of a command that
  // has none is a programming error: the process aborts at start-up naming it.
  Command& Add(std::string_view full_name, CommandHandler handler);
  // The same for a command whose keys need its own finder (Redis's getkeys_proc).
  Command& Add(std::string_view full_name, CommandHandler handler, GetKeysProc getkeys);

  // rename-command: the command named `from` answers to `to` instead (removed when `to` is empty).
  // False with Redis's reason when `from` does not exist or `to` is taken.
  bool Rename(std::string_view from, std::string_view to, std::string* err);
  // Case-insensitive lookup of a top-level command.
  Command* Find(std::string_view name) const;
  // The registered subcommand `sub` of container (case-insensitive), nullptr when there is none.
  Command* FindSub(Command* container, std::string_view sub) const;
  // A command by Redis's full name, "get" or "client|list" (case-insensitive; COMMAND INFO, LATENCY
  // HISTOGRAM), nullptr when there is none.
  Command* FindByFullName(std::string_view name) const;
  // Top-level registered commands by their (possibly renamed) lower-case name.
  const absl::flat_hash_map<std::string, Command*>& all() const { return commands_; }
  // Every registered command and subcommand, sorted by full name (INFO commandstats and latencystats,
  // LATENCY HISTOGRAM).
  std::vector<Command*> AllByFullName() const;
  void ResetStats();

  // Key argument indexes of argv for cmd (cluster slot checks, WATCH later): the GetKeysProc when the command
  // has one, else first/last/step.
  static void GetKeys(const Command& cmd, const std::vector<std::string_view>& argv, std::vector<int>* out);
  // Redis's getKeysUsingKeySpecs: the keys of argv as cmd's key specs find them, spec by spec, each with its
  // spec's flags (not_key specs skipped). Returns false and adds no key when argv does not fit a spec (out of
  // bounds, a bad keynum count), a spec is incomplete or of unknown type, as Redis does.
  static bool GetKeysFromSpecs(const Command& cmd, const std::vector<std::string_view>& argv,
                               std::vector<KeyRef>* out);

 private:
  Command* Make(const CommandMeta& meta, Command* parent);
  absl::flat_hash_map<std::string, Command*> commands_;
  std::vector<Command*> owned_;
};

// Every family's commands (core/commands/families.cc lists the families).
void RegisterAllCommands(CommandTable& t);

// Names of the flags as COMMAND INFO prints them ("write", "readonly", ...), in Redis's order.
std::vector<std::string_view> CommandFlagNames(uint64_t flags);
std::vector<std::string_view> AclCategoryNames(uint64_t acl);

}  // namespace ringkv::core
