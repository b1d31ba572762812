// COMMAND and its subcommands: the command table as clients see it (redis-cli reads COMMAND DOCS for its
// hints; cluster clients read key positions from COMMAND INFO).
#include <algorithm>
#include <string>
#include <vector>

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

std::vector<const Command*> SortedSubcommands(const Command& c) {
  std::vector<const Command*> subs;
  for (const auto& [name, sub] : c.subcommands) subs.push_back(sub);
  std::sort(subs.begin(), subs.end(), [](const Command* a, const Command* b) { return a->full_name < b->full_name; });
  return subs;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// Redis's addReplyCommandFlags: a set of status replies, one per flag.
void ReplyFlagSet(io::ReplyBuilder& rb, std::string_view space_separated) {
  std::vector<std::string_view> flags = SplitWords(space_separated);
  rb.SetHeader(flags.size());
  for (std::string_view f : flags) rb.SimpleString(f);
}

void ReplyOneKeySpec(io::ReplyBuilder& rb, const KeySpec& k) {
  rb.MapHeader(k.notes.empty() ? 3 : 4);
  if (!k.notes.empty()) {
    rb.Bulk("notes");
    rb.Bulk(k.notes);
  }
  rb.Bulk("flags");
  ReplyFlagSet(rb, k.flags);
  rb.Bulk("begin_search");
  rb.MapHeader(2);
  rb.Bulk("type");
  if (!k.keyword.empty()) {
    rb.Bulk("keyword");
    rb.Bulk("spec");
    rb.MapHeader(2);
    rb.Bulk("keyword");
    rb.Bulk(k.keyword);
    rb.Bulk("startfrom");
    rb.Integer(k.keyword_startfrom);
  } else {
    rb.Bulk("index");
    rb.Bulk("spec");
    rb.MapHeader(1);
    rb.Bulk("index");
    rb.Integer(k.begin_index);
  }
  rb.Bulk("find_keys");
  rb.MapHeader(2);
  rb.Bulk("type");
  if (k.keynum_index >= 0) {
    rb.Bulk("keynum");
    rb.Bulk("spec");
    rb.MapHeader(3);
    rb.Bulk("keynumidx");
    rb.Integer(k.keynum_index);
    rb.Bulk("firstkey");
    rb.Integer(k.keynum_firstkey);
    rb.Bulk("keystep");
    rb.Integer(k.keynum_step);
  } else {
    rb.Bulk("range");
    rb.Bulk("spec");
    rb.MapHeader(3);
    rb.Bulk("lastkey");
    rb.Integer(k.lastkey);
    rb.Bulk("keystep");
    rb.Integer(k.keystep);
    rb.Bulk("limit");
    rb.Integer(k.limit);
  }
}

void ReplyKeySpecs(io::ReplyBuilder& rb, const CommandSpec& s) {
  // Redis replies key specs and subcommands as RESP3 sets.
  if (!s.key_specs.empty()) {
    rb.SetHeader(s.key_specs.size());
    for (const KeySpec& k : s.key_specs) ReplyOneKeySpec(rb, k);
    return;
  }
  if (s.first_key <= 0) {
    rb.SetHeader(0);
    return;
  }
  // Derived from the legacy (first, last, step) triple when neither the family nor the docs table gave key specs.
  KeySpec k;
  k.begin_index = s.first_key;
  k.lastkey = s.last_key < 0 ? s.last_key : s.last_key - s.first_key;
  k.keystep = s.key_step;
  rb.SetHeader(1);
  ReplyOneKeySpec(rb, k);
}

// Redis's addReplyCommandInfo: ten fields; tips and key specs are sets, subcommands an array (an empty set when
// the command has none).
void ReplyCommandInfo(io::ReplyBuilder& rb, const Command& c) {
  const CommandSpec& s = c.spec;
  rb.ArrayHeader(10);
  rb.Bulk(c.full_name);
  rb.Integer(s.arity);
  std::vector<std::string_view> flags = CommandFlagNames(s.flags);
  rb.SetHeader(flags.size());
  for (std::string_view f : flags) rb.SimpleString(f);
  rb.Integer(s.first_key);
  rb.Integer(s.last_key);
  rb.Integer(s.key_step);
  std::vector<std::string_view> cats = AclCategoryNames(s.acl);
  rb.SetHeader(cats.size());
  for (std::string_view cat : cats) rb.SimpleString(cat);
  rb.SetHeader(s.tips.size());
  for (std::string_view tip : s.tips) rb.Bulk(tip);
  ReplyKeySpecs(rb, s);
  std::vector<const Command*> subs = SortedSubcommands(c);
  if (subs.empty()) {
    rb.SetHeader(0);
    return;
  }
  rb.ArrayHeader(subs.size());
  for (const Command* sub : subs) ReplyCommandInfo(rb, *sub);
}

std::string_view ArgTypeName(ArgType t) {
  switch (t) {
    case ArgType::kString: return "string";
    case ArgType::kInteger: return "integer";
    case ArgType::kDouble: return "double";
    case ArgType::kKey: return "key";
    case ArgType::kPattern: return "pattern";
    case ArgType::kUnixTime: return "unix-time";
    case ArgType::kPureToken: return "pure-token";
    case ArgType::kOneof: return "oneof";
    case ArgType::kBlock: return "block";
  }
  return "string";
}

// Redis 7.0's addReplyCommandArgList: an array of maps, each with name and type first and the optional fields in
// a fixed order; oneof and block arguments nest their parts under "arguments".
void ReplyArgs(io::ReplyBuilder& rb, const std::vector<ArgSpec>& args) {
  rb.ArrayHeader(args.size());
  for (const ArgSpec& a : args) {
    const bool key = a.type == ArgType::kKey;
    const bool nested = a.type == ArgType::kOneof || a.type == ArgType::kBlock;
    rb.MapHeader(2 + key + !a.token.empty() + !a.summary.empty() + !a.since.empty() + !a.deprecated_since.empty() +
                 (a.flags != 0) + nested);
    rb.Bulk("name");
    rb.Bulk(a.name);
    rb.Bulk("type");
    rb.Bulk(ArgTypeName(a.type));
    if (key) {
      rb.Bulk("key_spec_index");
      rb.Integer(a.key_spec_index);
    }
    if (!a.token.empty()) {
      rb.Bulk("token");
      rb.Bulk(a.token);
    }
    if (!a.summary.empty()) {
      rb.Bulk("summary");
      rb.Bulk(a.summary);
    }
    if (!a.since.empty()) {
      rb.Bulk("since");
      rb.Bulk(a.since);
    }
    if (!a.deprecated_since.empty()) {
      rb.Bulk("deprecated_since");
      rb.Bulk(a.deprecated_since);
    }
    if (a.flags != 0) {
      rb.Bulk("flags");
      const bool optional = a.flags & kArgOptional, multiple = a.flags & kArgMultiple;
      const bool multiple_token = a.flags & kArgMultipleToken;
      rb.SetHeader(optional + multiple + multiple_token);
      if (optional) rb.SimpleString("optional");
      if (multiple) rb.SimpleString("multiple");
      if (multiple_token) rb.SimpleString("multiple_token");
    }
    if (nested) {
      rb.Bulk("arguments");
      ReplyArgs(rb, a.args);
    }
  }
}

// Redis's addReplyCommandDocs: summary, since and group always; the rest only when the command has them.
void ReplyCommandDocs(io::ReplyBuilder& rb, const Command& c) {
  const CommandSpec& s = c.spec;
  std::vector<const Command*> subs = SortedSubcommands(c);
  rb.MapHeader(3 + !s.complexity.empty() + !s.doc_flags.empty() + !s.deprecated_since.empty() +
               !s.replaced_by.empty() + !s.history.empty() + !s.args.empty() + !subs.empty());
  rb.Bulk("summary");
  rb.Bulk(s.summary);
  rb.Bulk("since");
  rb.Bulk(s.since);
  rb.Bulk("group");
  rb.Bulk(s.group);
  if (!s.complexity.empty()) {
    rb.Bulk("complexity");
    rb.Bulk(s.complexity);
  }
  if (!s.doc_flags.empty()) {
    rb.Bulk("doc_flags");
    ReplyFlagSet(rb, s.doc_flags);
  }
  if (!s.deprecated_since.empty()) {
    rb.Bulk("deprecated_since");
    rb.Bulk(s.deprecated_since);
  }
  if (!s.replaced_by.empty()) {
    rb.Bulk("replaced_by");
    rb.Bulk(s.replaced_by);
  }
  if (!s.history.empty()) {
    rb.Bulk("history");
    rb.SetHeader(s.history.size());
    for (const CommandHistory& h : s.history) {
      rb.ArrayHeader(2);
      rb.Bulk(h.since);
      rb.Bulk(h.changes);
    }
  }
  if (!s.args.empty()) {
    rb.Bulk("arguments");
    ReplyArgs(rb, s.args);
  }
  if (!subs.empty()) {
    rb.Bulk("subcommands");
    rb.MapHeader(subs.size());
    for (const Command* sub : subs) {
      rb.Bulk(sub->full_name);
      ReplyCommandDocs(rb, *sub);
    }
  }
}

// Resolves "get" or "client|list" style names.
const Command* FindByFullName(Server& server, std::string_view name) {
  size_t bar = name.find('|');
  Command* c = server.commands().Find(name.substr(0, bar));
  if (c == nullptr || bar == std::string_view::npos) return c;
  return server.commands().FindSub(c, name.substr(bar + 1));
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
    const Command* c = FindByFullName(ctx.server, ctx.argv[j]);
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
      const Command* c = FindByFullName(ctx.server, ctx.argv[j]);
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

// Redis's getKeysFromCommandWithSpecs: the key specs when their flags are fixed, else the command's own rules,
// else (no key specs at all) the family's getkeys proc or first/last/step, which carry no flags.
void KeysWithFlags(const Command& c, const std::vector<std::string_view>& argv, std::vector<KeyRef>* out) {
  const CommandSpec& s = c.spec;
  bool variable = false;
  for (const KeySpec& k : s.key_specs)
    if (k.flags.find("variable_flags") != std::string_view::npos) variable = true;
  if (variable && VariableKeyFlags(c, argv, out)) return;
  if (!s.key_specs.empty() && s.getkeys == nullptr) {
    CommandTable::GetKeysFromSpecs(c, argv, out);
    return;
  }
  std::vector<int> positions;
  CommandTable::GetKeys(c, argv, &positions);
  for (int pos : positions) out->push_back({pos, {}});
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
  if (c->spec.getkeys == nullptr && c->spec.key_specs.empty() && c->spec.first_key <= 0) {
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

void RegisterIntrospectionCommands(CommandTable* t) {
  const uint64_t f = kCmdLoading | kCmdStale;
  t->Register({.name = "command", .arity = -1, .flags = f | kCmdSentinel, .acl = kAclConnection,
               .handler = CommandCommand, .group = "server", .since = "2.8.13",
               .summary = "Get array of Redis command details",
               .complexity = "O(N) where N is the total number of Redis commands",
               .subcommands = {
                   {.name = "count", .arity = 2, .flags = f, .acl = kAclConnection, .handler = CommandCountCommand,
                    .since = "2.8.13", .summary = "Get total number of Redis commands", .complexity = "O(1)"},
                   {.name = "info", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandInfoCommand,
                    .since = "2.8.13",
                    .summary = "Get array of specific Redis command details, or all when no argument is given.",
                    .complexity = "O(N) where N is the number of commands to look up"},
                   {.name = "docs", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandDocsCommand,
                    .since = "7.0.0", .summary = "Get array of specific Redis command documentation",
                    .complexity = "O(N) where N is the number of commands to look up"},
                   {.name = "list", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandListCommand,
                    .since = "7.0.0", .summary = "Get an array of Redis command names",
                    .complexity = "O(N) where N is the total number of Redis commands"},
                   {.name = "getkeys", .arity = -4, .flags = f, .acl = kAclConnection,
                    .handler = CommandGetkeysCommand, .since = "2.8.13",
                    .summary = "Extract keys given a full Redis command",
                    .complexity = "O(N) where N is the number of arguments to the command"},
                   {.name = "getkeysandflags", .arity = -4, .flags = f, .acl = kAclConnection,
                    .handler = CommandGetkeysAndFlagsCommand, .since = "7.0.0",
                    .summary = "Extract keys and access flags given a full Redis command",
                    .complexity = "O(N) where N is the number of arguments to the command"},
                   {.name = "help", .arity = 2, .flags = f, .acl = kAclConnection, .handler = CommandHelpCommand,
                    .since = "5.0.0", .summary = "Show helpful text about the different subcommands",
                    .complexity = "O(1)"},
               }});
}

}  // namespace ringkv::core
