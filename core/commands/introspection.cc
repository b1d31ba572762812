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

void ReplyOneKeySpec(io::ReplyBuilder& rb, const KeySpec& k) {
  rb.MapHeader(k.notes.empty() ? 3 : 4);
  if (!k.notes.empty()) {
    rb.Bulk("notes");
    rb.Bulk(k.notes);
  }
  rb.Bulk("flags");
  std::vector<std::string_view> flags = SplitWords(k.flags);
  rb.SetHeader(flags.size());
  for (std::string_view f : flags) rb.SimpleString(f);
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
  if (k.keynum_index > 0) {
    rb.Bulk("keynum");
    rb.Bulk("spec");
    rb.MapHeader(3);
    rb.Bulk("keynumidx");
    rb.Integer(k.keynum_index);
    rb.Bulk("firstkey");
    rb.Integer(k.keynum_firstkey);
    rb.Bulk("step");
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
  // Derived from the legacy (first, last, step) triple when the family gave no key specs.
  KeySpec k;
  k.begin_index = s.first_key;
  k.lastkey = s.last_key < 0 ? s.last_key : s.last_key - s.first_key;
  k.keystep = s.key_step;
  rb.SetHeader(1);
  ReplyOneKeySpec(rb, k);
}

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
  // Redis replies an empty set when there are no tips, an array of bulk strings otherwise.
  if (s.tips.empty()) {
    rb.SetHeader(0);
  } else {
    rb.ArrayHeader(s.tips.size());
    for (std::string_view tip : s.tips) rb.Bulk(tip);
  }
  ReplyKeySpecs(rb, s);
  std::vector<const Command*> subs = SortedSubcommands(c);
  rb.SetHeader(subs.size());
  for (const Command* sub : subs) ReplyCommandInfo(rb, *sub);
}

void ReplyCommandDocs(io::ReplyBuilder& rb, const Command& c) {
  const CommandSpec& s = c.spec;
  std::vector<const Command*> subs = SortedSubcommands(c);
  rb.MapHeader(subs.empty() ? 4 : 5);
  rb.Bulk("summary");
  rb.Bulk(s.summary);
  rb.Bulk("since");
  rb.Bulk(s.since);
  rb.Bulk("group");
  rb.Bulk(s.group);
  rb.Bulk("complexity");
  rb.Bulk(s.complexity);
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
      ctx.rb.NullArray();
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

void CommandGetkeysCommand(CommandContext& ctx) {
  std::vector<std::string_view> argv(ctx.argv.begin() + 2, ctx.argv.end());
  Command* c = ctx.server.commands().Find(argv[0]);
  if (c != nullptr && c->has_subcommands() && argv.size() >= 2) c = ctx.server.commands().FindSub(c, argv[1]);
  if (c == nullptr) {
    ctx.rb.Error("ERR Invalid command specified");
    return;
  }
  const int arity = c->spec.arity;
  const int argc = static_cast<int>(argv.size());
  if ((arity > 0 && arity != argc) || argc < -arity) {
    ctx.rb.Error("ERR Invalid number of arguments specified for command");
    return;
  }
  std::vector<int> keys;
  CommandTable::GetKeys(*c, argv, &keys);
  if (keys.empty()) {
    ctx.rb.Error("ERR The command has no key arguments");
    return;
  }
  ctx.rb.ArrayHeader(keys.size());
  for (int k : keys) ctx.rb.Bulk(argv[static_cast<size_t>(k)]);
}

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
               .summary = "Returns detailed information about all commands.",
               .complexity = "O(N) where N is the total number of Redis commands",
               .subcommands = {
                   {.name = "count", .arity = 2, .flags = f, .acl = kAclConnection, .handler = CommandCountCommand,
                    .since = "2.8.13", .summary = "Returns a count of commands.", .complexity = "O(1)"},
                   {.name = "info", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandInfoCommand,
                    .since = "2.8.13", .summary = "Returns information about one, multiple or all commands.",
                    .complexity = "O(N) where N is the number of commands to look up"},
                   {.name = "docs", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandDocsCommand,
                    .since = "7.0.0", .summary = "Returns documentary information about one, multiple or all commands.",
                    .complexity = "O(N) where N is the number of commands to look up"},
                   {.name = "list", .arity = -2, .flags = f, .acl = kAclConnection, .handler = CommandListCommand,
                    .since = "7.0.0", .summary = "Returns a list of command names.",
                    .complexity = "O(N) where N is the total number of Redis commands"},
                   {.name = "getkeys", .arity = -4, .flags = f, .acl = kAclConnection,
                    .handler = CommandGetkeysCommand, .since = "2.8.13",
                    .summary = "Extracts the key names from an arbitrary command.",
                    .complexity = "O(N) where N is the number of arguments to the command"},
                   {.name = "help", .arity = 2, .flags = f, .acl = kAclConnection, .handler = CommandHelpCommand,
                    .since = "5.0.0", .summary = "Returns helpful text about the different subcommands.",
                    .complexity = "O(1)"},
               }});
}

}  // namespace ringkv::core
