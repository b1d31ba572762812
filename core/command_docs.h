// The command metadata that Redis 7.0 keeps in its per-command JSON files and that the family files do not spell
// out: key specs, tips, doc flags, deprecation, history and the COMMAND DOCS argument tree. CommandTable merges
// an entry into each registered CommandSpec, so COMMAND INFO and COMMAND DOCS reply what Redis 7.0.15 replies.
#pragma once

#include <string_view>
#include <vector>

#include "core/command.h"

namespace ringkv::core {

struct CommandDocs {
  std::vector<KeySpec> key_specs;
  std::vector<std::string_view> tips;
  std::string_view doc_flags;  // space-separated: "deprecated", "syscmd"
  std::string_view deprecated_since;
  std::string_view replaced_by;
  std::vector<CommandHistory> history;
  std::vector<ArgSpec> args;
};

// The entry of a command by its lower-case full name ("get", "client|list"); nullptr when there is none.
const CommandDocs* FindCommandDocs(std::string_view full_name);

}  // namespace ringkv::core
