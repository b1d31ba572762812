#include "core/command.h"

#include <cctype>

#include "core/command_docs.h"
#include "ds/numconv.h"

namespace ringkv::core {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Fills what the family left empty from the command's entry in core/command_docs.cc.
void MergeDocs(const CommandDocs& d, CommandSpec* spec) {
  if (spec->key_specs.empty()) spec->key_specs = d.key_specs;
  if (spec->tips.empty()) spec->tips = d.tips;
  if (spec->doc_flags.empty()) spec->doc_flags = d.doc_flags;
  if (spec->deprecated_since.empty()) spec->deprecated_since = d.deprecated_since;
  if (spec->replaced_by.empty()) spec->replaced_by = d.replaced_by;
  if (spec->history.empty()) spec->history = d.history;
  if (spec->args.empty()) spec->args = d.args;
}

// Redis's setImplicitACLCategories: categories that follow from the flags.
uint64_t ImplicitAcl(uint64_t flags, uint64_t acl) {
  if (flags & kCmdWrite) acl |= kAclWrite;
  // Redis marks a command @read only when it reads the keyspace (readonly and not already @scripting).
  if ((flags & kCmdReadonly) && !(acl & kAclScripting)) acl |= kAclRead;
  if (flags & kCmdAdmin) acl |= kAclAdmin | kAclDangerous;
  if (flags & kCmdPubsub) acl |= kAclPubsub;
  if (flags & kCmdFast) acl |= kAclFast;
  if (flags & kCmdBlocking) acl |= kAclBlocking;
  if (!(acl & kAclFast)) acl |= kAclSlow;
  return acl;
}

}  // namespace

CommandTable::~CommandTable() {
  for (Command* c : owned_) delete c;
}

Command* CommandTable::Make(CommandSpec spec, Command* parent) {
  auto* cmd = new Command();
  owned_.push_back(cmd);
  cmd->parent = parent;
  cmd->full_name = parent ? parent->full_name + "|" + Lower(spec.name) : Lower(spec.name);
  spec.acl = ImplicitAcl(spec.flags, spec.acl);
  if (const CommandDocs* docs = FindCommandDocs(cmd->full_name)) MergeDocs(*docs, &spec);
  for (CommandSpec& sub : spec.subcommands) {
    std::string_view sub_name = sub.name;
    // Subcommands may be declared as "sub" or "container|sub".
    if (auto bar = sub_name.find('|'); bar != std::string_view::npos) sub_name = sub_name.substr(bar + 1);
    CommandSpec copy = sub;
    copy.name = sub_name;
    if (copy.group.empty()) copy.group = spec.group;
    Command* child = Make(std::move(copy), cmd);
    cmd->subcommands[Lower(sub_name)] = child;
  }
  cmd->spec = std::move(spec);
  return cmd;
}

void CommandTable::Register(CommandSpec spec) {
  std::string name = Lower(spec.name);
  Command* cmd = Make(std::move(spec), nullptr);
  commands_[name] = cmd;
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

void CommandTable::ResetStats() {
  for (Command* c : owned_) {
    c->calls = 0;
    c->usec = 0;
    c->rejected_calls = 0;
    c->failed_calls = 0;
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
  for (const KeySpec& spec : cmd.spec.key_specs) {
    int first = 0;
    if (spec.keyword.empty()) {
      first = spec.begin_index;
    } else {
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
    }
    int last = 0, step = 0;
    if (spec.keynum_index < 0) {
      step = spec.keystep;
      if (spec.lastkey >= 0) {
        last = first + spec.lastkey;
      } else if (spec.limit == 0) {
        last = argc + spec.lastkey;
      } else {
        last = first + ((argc - first) / spec.limit + spec.lastkey);
      }
    } else {
      step = spec.keynum_step;
      int64_t numkeys = 0;
      const int at = first + spec.keynum_index;
      if (at >= argc || !ds::StringToInt64(argv[static_cast<size_t>(at)], &numkeys) || numkeys < 0 ||
          numkeys > argc) {
        out->resize(start_size);
        return false;
      }
      first += spec.keynum_firstkey;
      last = first + static_cast<int>(numkeys) - 1;
    }
    // Out of bounds is a syntax error the command itself reports; Redis then finds no keys at all.
    if (last >= argc || last < first || first >= argc || step <= 0) {
      out->resize(start_size);
      return false;
    }
    for (int i = first; i <= last; i += step) out->push_back({i, spec.flags});
    if (spec.flags.find("incomplete") != std::string_view::npos) {
      out->resize(start_size);
      return false;
    }
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
