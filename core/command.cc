#include "core/command.h"

#include <cctype>

namespace ringkv::core {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
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
  auto it = commands_.find(std::string(buf, name.size()));
  return it == commands_.end() ? nullptr : it->second;
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
