#include "core/command_meta.h"

#include <algorithm>

namespace ringkv::core {

namespace {

// Bisection over a run sorted by name (both arrays of the generated table are).
const CommandMeta* FindIn(std::span<const CommandMeta> run, std::string_view name) {
  auto it = std::lower_bound(run.begin(), run.end(), name,
                             [](const CommandMeta& m, std::string_view n) { return m.name < n; });
  return it != run.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

const CommandMeta* FindCommandMeta(std::string_view full_name) {
  const size_t bar = full_name.find('|');
  const CommandMeta* top = FindIn(kCommandMetaTable.commands, full_name.substr(0, bar));
  if (top == nullptr || bar == std::string_view::npos) return top;
  return FindIn(Subcommands(*top), full_name);
}

}  // namespace ringkv::core
