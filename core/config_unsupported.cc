// Directives whose lack of effect would lose data or weaken access control are refused until the issue
// that implements them lands, at start-up (a config file or --option fails with the line) and by CONFIG
// SET, with a message that names what is missing. A user who asks for replication, ACL users, cluster
// mode or an eviction policy must not be told "OK" by a server that
// then does nothing: a benchmark would show durability at no cost, and a crash would lose what the user
// believed was safe. Settings that ask for nothing (replicaof no one, maxmemory 0)
// are accepted, so harnesses that turn these features off keep working. When an issue gives one of them
// effect, its guard goes away here.
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

// maxmemory is enforced as noeviction (writes refused with -OOM past the limit); an eviction policy with a
// limit would promise evictions that do not happen.
std::string GuardEviction(const Config& c) {
  if (c.maxmemory == 0 || c.maxmemory_policy == kNoEviction) return {};
  return "maxmemory-policy " + std::string(MaxmemoryPolicyNames()[static_cast<size_t>(c.maxmemory_policy)]) +
         " is not available yet with a maxmemory limit: this version of ringkv evicts nothing (eviction arrives "
         "with a later issue); use maxmemory-policy noeviction, under which writes past maxmemory are refused";
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
      {"maxmemory", GuardEviction},      {"maxmemory-policy", GuardEviction},
  };
  for (ConfigDirective& d : *table) {
    for (const auto& g : kGuards)
      if (d.name == g.name) Wrap(d, g.guard);
  }
}

}  // namespace ringkv::core::config_table
