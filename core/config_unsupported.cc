// Directives whose lack of effect would lose data or weaken access control are refused until the issue
// that implements them lands, at start-up (a config file or --option fails with the line) and by CONFIG
// SET, with a message that names what is missing. A user who asks for ACL users or cluster mode must not
// be told "OK" by a server that then does nothing: access would not be restricted, keys would not be
// checked against slots. Settings that ask for nothing (cluster-enabled no) are accepted, so harnesses
// that turn these features off keep working. When an issue gives one of them effect, its guard goes away
// here.
#include <string>
#include <vector>

#include "core/config.h"

namespace ringkv::core::config_table {

namespace {

using Args = std::vector<std::string>;
// Checks the config as it would be after the directive is applied; empty: nothing refused.
using Guard = std::string (*)(const Config& next);

std::string GuardAclfile(const Config& c) {
  if (c.aclfile.empty()) return {};
  return "aclfile is not available yet: this version of ringkv has no ACL users (only requirepass), so the "
         "file's users would grant or restrict nothing";
}

std::string GuardCluster(const Config& c) {
  if (!c.cluster_enabled) return {};
  return "cluster-enabled yes is not available yet: this version of ringkv runs standalone only, so it would "
         "accept every key without slot checks";
}

void Wrap(ConfigDirective& d, Guard guard) {
  d.set = [inner = d.set, guard](Config& cfg, const Args& args, std::string* err) {
    Config next = cfg;
    if (!inner(next, args, err)) return false;
    if (std::string why = guard(next); !why.empty()) {
      *err = std::move(why);
      return false;
    }
    cfg = std::move(next);
    return true;
  };
}

}  // namespace

std::string UnsupportedUserLines() {
  return "ACL users are not available yet: this version of ringkv has no ACL users (only requirepass), so "
         "`user` lines would grant or restrict nothing";
}

void GuardUnsupportedDirectives(std::vector<ConfigDirective>* table) {
  const struct {
    std::string_view name;
    Guard guard;
  } kGuards[] = {
      {"aclfile", GuardAclfile},
      {"cluster-enabled", GuardCluster},
  };
  for (ConfigDirective& d : *table) {
    for (const auto& g : kGuards)
      if (d.name == g.name) Wrap(d, g.guard);
  }
}

}  // namespace ringkv::core::config_table
