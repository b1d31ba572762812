#include "core/command.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "core/context.h"
#include "ds/numconv.h"

namespace ringkv::core {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Registration mistakes are found at start-up, before any client connects: say which and stop.
[[noreturn]] void RegistrationError(std::string_view full_name, std::string_view why) {
  std::fprintf(stderr, "ringkv: command table: cannot register '%.*s': %.*s\n", static_cast<int>(full_name.size()),
               full_name.data(), static_cast<int>(why.size()), why.data());
  std::abort();
}

// The handler of a container (CLIENT, CONFIG ...) created for its subcommands. The dispatcher never reaches it
// (with a subcommand argument the subcommand runs, without one the arity check refuses), but it keeps "a
// registered command has a handler" true.
void ContainerCommand(CommandContext& ctx) { ctx.ReplySubcommandSyntaxError(); }

}  // namespace

CommandTable::~CommandTable() {
  for (Command* c : owned_) delete c;
}

Command* CommandTable::Make(const CommandMeta& meta, Command* parent) {
  auto* cmd = new Command();
  owned_.push_back(cmd);
  cmd->meta = &meta;
  cmd->parent = parent;
  cmd->full_name = std::string(meta.name);
  cmd->spec = CommandSpec{.arity = meta.arity, .flags = meta.flags, .first_key = meta.first_key,
                          .last_key = meta.last_key, .key_step = meta.key_step, .acl = meta.acl,
                          .handler = ContainerCommand, .getkeys = nullptr};
  return cmd;
}

Command& CommandTable::Add(std::string_view full_name, CommandHandler handler) {
  return Add(full_name, handler, nullptr);
}

Command& CommandTable::Add(std::string_view full_name, CommandHandler handler, GetKeysProc getkeys) {
  const std::string name = Lower(full_name);
  if (handler == nullptr) RegistrationError(name, "no handler");
  const CommandMeta* meta = FindCommandMeta(name);
  if (meta == nullptr) {
    RegistrationError(name, "no metadata for it in core/command_table_data.cc (generated from " +
                                std::string(kCommandMetaTable.source) + "): a misspelt name, or not a Redis command");
  }
  const size_t bar = name.find('|');
  Command* cmd = nullptr;
  if (bar == std::string::npos) {
    auto it = commands_.find(name);
    if (it == commands_.end()) {
      cmd = Make(*meta, nullptr);
      commands_[name] = cmd;
    } else if (it->second->spec.handler == ContainerCommand) {
      cmd = it->second;  // a container its subcommands created: now it has a handler of its own
    } else {
      RegistrationError(name, "added twice");
    }
  } else {
    const std::string parent_name = name.substr(0, bar);
    auto it = commands_.find(parent_name);
    Command* parent = nullptr;
    if (it != commands_.end()) {
      parent = it->second;
    } else {
      parent = Make(*FindCommandMeta(parent_name), nullptr);
      commands_[parent_name] = parent;
    }
    const std::string sub = name.substr(bar + 1);
    if (parent->subcommands.contains(sub)) RegistrationError(name, "added twice");
    cmd = Make(*meta, parent);
    parent->subcommands[sub] = cmd;
  }
  cmd->spec.handler = handler;
  cmd->spec.getkeys = getkeys;
  return *cmd;
}

Command* CommandTable::Find(std::string_view name) const {
  if (name.size() > 64) return nullptr;
  char buf[64];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  // absl::string_view (not std::) is what this abseil's heterogeneous lookup takes: no std::string built.
  auto it = commands_.find(absl::string_view(buf, name.size()));
  return it == commands_.end() ? nullptr : it->second;
}

bool CommandTable::Rename(std::string_view from, std::string_view to, std::string* err) {
  auto it = commands_.find(Lower(from));
  if (it == commands_.end()) {
    *err = "No such command in rename-command";
    return false;
  }
  Command* cmd = it->second;
  if (to.empty()) {
    commands_.erase(it);
    return true;
  }
  if (commands_.contains(Lower(to))) {
    *err = "Target command name already exists";
    return false;
  }
  commands_.erase(it);
  commands_[Lower(to)] = cmd;
  return true;
}

Command* CommandTable::FindSub(Command* container, std::string_view sub) const {
  auto it = container->subcommands.find(Lower(sub));
  return it == container->subcommands.end() ? nullptr : it->second;
}

std::vector<Command*> CommandTable::AllByFullName() const {
  std::vector<Command*> out;
  for (const auto& [name, c] : commands_) {
    out.push_back(c);
    for (const auto& [sub_name, sub] : c->subcommands) out.push_back(sub);
  }
  std::sort(out.begin(), out.end(), [](const Command* a, const Command* b) { return a->full_name < b->full_name; });
  return out;
}

Command* CommandTable::FindByFullName(std::string_view name) const {
  const size_t bar = name.find('|');
  Command* c = Find(name.substr(0, bar));
  if (c == nullptr || bar == std::string_view::npos) return c;
  return FindSub(c, name.substr(bar + 1));
}

void CommandTable::ResetStats() {
  for (Command* c : owned_) {
    c->calls = 0;
    c->usec = 0;
    c->rejected_calls = 0;
    c->failed_calls = 0;
    c->latency.reset();
  }
}

void CommandTable::GetKeys(const Command& cmd, const std::vector<std::string_view>& argv, std::vector<int>* out) {
  const CommandSpec& s = cmd.spec;
  if (s.getkeys != nullptr) {
    s.getkeys(argv, out);
    return;
  }
  if (s.first_key <= 0) return;
  int argc = static_cast<int>(argv.size());
  int last = s.last_key;
  if (last < 0) last = argc + last;
  int step = s.key_step > 0 ? s.key_step : 1;
  for (int i = s.first_key; i <= last && i < argc; i += step) out->push_back(i);
}

bool CommandTable::GetKeysFromSpecs(const Command& cmd, const std::vector<std::string_view>& argv,
                                    std::vector<KeyRef>* out) {
  const int argc = static_cast<int>(argv.size());
  const size_t start_size = out->size();
  const auto invalid = [&] {
    out->resize(start_size);
    return false;
  };
  for (const KeySpec& spec : cmd.key_specs()) {
    // A not_key spec names something that only looks like a key (SORT's BY pattern): not a key to return.
    if (spec.flags.find("not_key") != std::string_view::npos) continue;
    int first = 0;
    if (spec.begin_search == BeginSearchType::kIndex) {
      first = spec.begin_index;
    } else if (spec.begin_search == BeginSearchType::kKeyword) {
      // Forward from startfrom, or backward from argc + startfrom; a missing keyword means this spec names no key.
      const int from = spec.keyword_startfrom > 0 ? spec.keyword_startfrom : argc + spec.keyword_startfrom;
      const int to = spec.keyword_startfrom > 0 ? argc - 1 : 1;
      const std::string keyword = Lower(spec.keyword);
      for (int i = from; i != to; i = from <= to ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (Lower(argv[static_cast<size_t>(i)]) == keyword) {
          first = i + 1;
          break;
        }
      }
      if (first == 0) continue;
    } else {
      return invalid();  // an unknown spec: only the command's own key finder knows
    }
    int last = 0, step = 0;
    if (spec.find_keys == FindKeysType::kRange) {
      step = spec.keystep;
      if (spec.lastkey >= 0) {
        last = first + spec.lastkey;
      } else if (spec.limit == 0) {
        last = argc + spec.lastkey;
      } else {
        last = first + ((argc - first) / spec.limit + spec.lastkey);
      }
    } else if (spec.find_keys == FindKeysType::kKeynum) {
      step = spec.keynum_step;
      int64_t numkeys = 0;
      const int at = first + spec.keynum_index;
      if (at >= argc || !ds::StringToInt64(argv[static_cast<size_t>(at)], &numkeys) || numkeys < 0 ||
          numkeys > argc) {
        return invalid();
      }
      first += spec.keynum_firstkey;
      last = first + static_cast<int>(numkeys) - 1;
    } else {
      return invalid();
    }
    // Out of bounds is a syntax error the command itself reports; Redis then finds no keys at all.
    if (last >= argc || last < first || first >= argc || step <= 0) return invalid();
    for (int i = first; i <= last; i += step) out->push_back({i, spec.flags});
    if (spec.flags.find("incomplete") != std::string_view::npos) return invalid();
  }
  return true;
}

std::vector<std::string_view> CommandFlagNames(uint64_t flags) {
  static const std::pair<uint64_t, std::string_view> kNames[] = {
      {kCmdWrite, "write"},
      {kCmdReadonly, "readonly"},
      {kCmdDenyOom, "denyoom"},
      {kCmdModule, "module"},
      {kCmdAdmin, "admin"},
      {kCmdPubsub, "pubsub"},
      {kCmdNoscript, "noscript"},
      {kCmdBlocking, "blocking"},
      {kCmdLoading, "loading"},
      {kCmdStale, "stale"},
      {kCmdSkipMonitor, "skip_monitor"},
      {kCmdSkipSlowlog, "skip_slowlog"},
      {kCmdAsking, "asking"},
      {kCmdFast, "fast"},
      {kCmdNoAuth, "no_auth"},
      {kCmdMayReplicate, "may_replicate"},
      {kCmdNoMandatoryKeys, "no_mandatory_keys"},
      {kCmdNoAsyncLoading, "no_async_loading"},
      {kCmdNoMulti, "no_multi"},
      {kCmdMovableKeys, "movablekeys"},
      {kCmdAllowBusy, "allow_busy"},
  };
  std::vector<std::string_view> out;
  for (const auto& [bit, name] : kNames)
    if (flags & bit) out.push_back(name);
  return out;
}

std::vector<std::string_view> AclCategoryNames(uint64_t acl) {
  static const std::pair<uint64_t, std::string_view> kNames[] = {
      {kAclKeyspace, "@keyspace"}, {kAclRead, "@read"},         {kAclWrite, "@write"},
      {kAclSet, "@set"},           {kAclSortedSet, "@sortedset"}, {kAclList, "@list"},
      {kAclHash, "@hash"},         {kAclString, "@string"},     {kAclBitmap, "@bitmap"},
      {kAclHyperLogLog, "@hyperloglog"}, {kAclGeo, "@geo"},     {kAclStream, "@stream"},
      {kAclPubsub, "@pubsub"},     {kAclAdmin, "@admin"},       {kAclFast, "@fast"},
      {kAclSlow, "@slow"},         {kAclBlocking, "@blocking"}, {kAclDangerous, "@dangerous"},
      {kAclConnection, "@connection"}, {kAclTransaction, "@transaction"}, {kAclScripting, "@scripting"},
  };
  std::vector<std::string_view> out;
  for (const auto& [bit, name] : kNames)
    if (acl & bit) out.push_back(name);
  return out;
}

}  // namespace ringkv::core
