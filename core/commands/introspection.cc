// COMMAND and its subcommands: the command table as clients see it (redis-cli reads COMMAND DOCS for its
// hints; cluster clients read key positions from COMMAND INFO).
#include <algorithm>
#include <string>
#include <vector>

#include "core/command_reply.h"
#include "core/context.h"
#include "core/server.h"
#include "ds/glob.h"

namespace ringkv::core {
namespace {

std::vector<const Command*> SortedCommands(Server& server) {
  std::vector<const Command*> all;
  for (const auto& [name, c] : server.commands().all()) all.push_back(c);
  std::sort(all.begin(), all.end(), [](const Command* a, const Command* b) { return a->full_name < b->full_name; });
  return all;
}

void CommandCommand(CommandContext& ctx) {
  std::vector<const Command*> all = SortedCommands(ctx.server);
  ctx.rb.ArrayHeader(all.size());
  for (const Command* c : all) ReplyCommandInfo(ctx.rb, *c);
}

void CommandCountCommand(CommandContext& ctx) {
  ctx.rb.Integer(static_cast<int64_t>(ctx.server.commands().all().size()));
}

void CommandInfoCommand(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    CommandCommand(ctx);
    return;
  }
  ctx.rb.ArrayHeader(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); ++j) {
    const Command* c = ctx.server.commands().FindByFullName(ctx.argv[j]);
    if (c == nullptr) {
      ctx.rb.Null();
    } else {
      ReplyCommandInfo(ctx.rb, *c);
    }
  }
}

void CommandDocsCommand(CommandContext& ctx) {
  std::vector<const Command*> cmds;
  if (ctx.argc() == 2) {
    cmds = SortedCommands(ctx.server);
  } else {
    for (size_t j = 2; j < ctx.argc(); ++j) {
      const Command* c = ctx.server.commands().FindByFullName(ctx.argv[j]);
      if (c != nullptr) cmds.push_back(c);
    }
  }
  ctx.rb.MapHeader(cmds.size());
  for (const Command* c : cmds) {
    ctx.rb.Bulk(c->full_name);
    ReplyCommandDocs(ctx.rb, *c);
  }
}

void CommandListCommand(CommandContext& ctx) {
  std::string_view filter, value;
  if (ctx.argc() == 5 && EqualsIgnoreCase(ctx.argv[2], "FILTERBY")) {
    filter = ctx.argv[3];
    value = ctx.argv[4];
    if (!EqualsIgnoreCase(filter, "MODULE") && !EqualsIgnoreCase(filter, "ACLCAT") &&
        !EqualsIgnoreCase(filter, "PATTERN")) {
      ctx.ReplySyntaxError();
      return;
    }
  } else if (ctx.argc() != 2) {
    ctx.ReplySyntaxError();
    return;
  }
  std::vector<std::string> names;
  std::vector<const Command*> stack;
  for (const Command* c : SortedCommands(ctx.server)) {
    stack = {c};
    for (const Command* sub : SortedSubcommands(*c)) stack.push_back(sub);
    for (const Command* x : stack) {
      bool keep = true;
      if (EqualsIgnoreCase(filter, "MODULE")) {
        keep = false;
      } else if (EqualsIgnoreCase(filter, "ACLCAT")) {
        keep = false;
        for (std::string_view cat : AclCategoryNames(x->spec.acl))
          if (EqualsIgnoreCase(cat.substr(1), value)) keep = true;
      } else if (EqualsIgnoreCase(filter, "PATTERN")) {
        keep = ds::GlobMatch(value, x->full_name, true);
      }
      if (keep) names.push_back(x->full_name);
    }
  }
  ctx.rb.ArrayHeader(names.size());
  for (const std::string& n : names) ctx.rb.Bulk(n);
}

// The key flags of commands whose key spec says variable_flags: Redis computes them from the arguments in the
// command's getkeys proc (setGetKeys, bitfieldGetKeys). Returns false for a command it does not know.
bool VariableKeyFlags(const Command& c, const std::vector<std::string_view>& argv, std::vector<KeyRef>* out) {
  const size_t argc = argv.size();
  if (c.full_name == "set") {
    // GET makes SET read the old value; without it the key is only overwritten.
    std::string_view flags = "OW update";
    for (size_t i = 3; i < argc; ++i)
      if (EqualsIgnoreCase(argv[i], "get")) {
        flags = "RW access update";
        break;
      }
    out->push_back({1, flags});
    return true;
  }
  if (c.full_name == "bitfield") {
    // Read-only when every operation is a complete GET (OVERFLOW changes nothing by itself); anything else,
    // syntax errors included, counts as a write.
    bool readonly = true;
    for (size_t i = 2; i < argc; ++i) {
      const size_t remaining = argc - i - 1;
      if (EqualsIgnoreCase(argv[i], "get") && remaining >= 2) {
        i += 2;
      } else if ((EqualsIgnoreCase(argv[i], "set") || EqualsIgnoreCase(argv[i], "incrby")) && remaining >= 3) {
        readonly = false;
        break;
      } else if (EqualsIgnoreCase(argv[i], "overflow") && remaining >= 1) {
        i += 1;
      } else {
        readonly = false;
        break;
      }
    }
    out->push_back({1, readonly ? std::string_view("RO access") : std::string_view("RW access update")});
    return true;
  }
  return false;
}

// The flags Redis's getkeys procs give the keys they find, for the commands whose keys only the proc finds
// (key specs of unknown type): SORT's sorted key is read, its STORE key overwritten; SORT_RO only reads.
std::string_view ProcKeyFlags(const Command& c, int pos) {
  if (c.full_name == "sort" || c.full_name == "sort_ro") return pos == 1 ? "RO access" : "OW update";
  return {};
}

// Redis's getKeysFromCommandWithSpecs: the key specs when their flags are fixed, else the command's own rules,
// else (no key specs, or specs that do not fit argv) the family's getkeys proc or first/last/step, which
// carry no flags.
void KeysWithFlags(const Command& c, const std::vector<std::string_view>& argv, std::vector<KeyRef>* out) {
  const std::span<const KeySpec> specs = c.key_specs();
  bool variable = false;
  for (const KeySpec& k : specs)
    if (k.flags.find("variable_flags") != std::string_view::npos) variable = true;
  if (variable && VariableKeyFlags(c, argv, out)) return;
  // As Redis, the key specs come first even when the command has a getkeys proc (their flags are
  // reliable); the proc answers only when the specs cannot find the keys.
  if (!specs.empty() && (CommandTable::GetKeysFromSpecs(c, argv, out) || c.spec.getkeys == nullptr)) return;
  std::vector<int> positions;
  CommandTable::GetKeys(c, argv, &positions);
  for (int pos : positions) out->push_back({pos, ProcKeyFlags(c, pos)});
}

// COMMAND GETKEYS / GETKEYSANDFLAGS, with Redis's checks in Redis's order.
void GetKeysReply(CommandContext& ctx, bool with_flags) {
  std::vector<std::string_view> argv(ctx.argv.begin() + 2, ctx.argv.end());
  Command* c = ctx.server.commands().Find(argv[0]);
  if (c != nullptr && c->has_subcommands() && argv.size() >= 2) c = ctx.server.commands().FindSub(c, argv[1]);
  if (c == nullptr) {
    ctx.rb.Error("ERR Invalid command specified");
    return;
  }
  if (c->spec.getkeys == nullptr && c->key_specs().empty() && c->spec.first_key <= 0) {
    ctx.rb.Error("ERR The command has no key arguments");
    return;
  }
  const int arity = c->spec.arity;
  const int argc = static_cast<int>(argv.size());
  if ((arity > 0 && arity != argc) || argc < -arity) {
    ctx.rb.Error("ERR Invalid number of arguments specified for command");
    return;
  }
  std::vector<KeyRef> keys;
  KeysWithFlags(*c, argv, &keys);
  if (keys.empty()) {
    if (c->spec.flags & kCmdNoMandatoryKeys) {
      ctx.rb.EmptyArray();
    } else {
      ctx.rb.Error("ERR Invalid arguments specified for command");
    }
    return;
  }
  ctx.rb.ArrayHeader(keys.size());
  for (const KeyRef& k : keys) {
    if (with_flags) {
      ctx.rb.ArrayHeader(2);
      ctx.rb.Bulk(argv[static_cast<size_t>(k.pos)]);
      ReplyFlagSet(ctx.rb, k.flags);
    } else {
      ctx.rb.Bulk(argv[static_cast<size_t>(k.pos)]);
    }
  }
}

void CommandGetkeysCommand(CommandContext& ctx) { GetKeysReply(ctx, false); }

void CommandGetkeysAndFlagsCommand(CommandContext& ctx) { GetKeysReply(ctx, true); }

void CommandHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
      "GETKEYSANDFLAGS <full-command>",
      "    Return the keys and the access flags from a full Redis command.",
  });
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterIntrospectionCommands(CommandTable& t) {
  t.Add("command", CommandCommand);
  t.Add("command|count", CommandCountCommand);
  t.Add("command|info", CommandInfoCommand);
  t.Add("command|docs", CommandDocsCommand);
  t.Add("command|list", CommandListCommand);
  t.Add("command|getkeys", CommandGetkeysCommand);
  t.Add("command|getkeysandflags", CommandGetkeysAndFlagsCommand);
  t.Add("command|help", CommandHelpCommand);
}

}  // namespace ringkv::core
