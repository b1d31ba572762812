// The flags a script declares (EVAL's `#!lua flags=...` shebang, a function's flags= in
// redis.register_function): their names in Redis's order, and the checks Redis 7.0 makes with them before a
// script runs, shared by EVAL and FCALL so both refuse the same things with the same words.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/script/lua_engine.h"

namespace ringkv::core {

struct CommandContext;

struct ScriptFlagName {
  std::string_view name;
  uint32_t bit;
};
// Redis's scripts_flags_def order: FUNCTION LIST prints a function's flags in it.
inline constexpr std::array<ScriptFlagName, 5> kScriptFlagNames = {{
    {"no-writes", kScriptNoWrites},
    {"allow-oom", kScriptAllowOom},
    {"allow-stale", kScriptAllowStale},
    {"no-cluster", kScriptNoCluster},
    {"allow-cross-slot-keys", kScriptAllowCrossSlot},
}};

// What Redis's processCommand decides from a script's declared flags (they replace the command's own flags
// there): a script that may write and lacks allow-oom is refused over maxmemory with the generic OOM error.
// Only for a top-level call; inside EXEC, ScriptPrepareOrReply says it in the script's words.
bool ScriptAdmitOrReply(CommandContext& ctx, uint32_t flags);
// Redis's scriptPrepareForRun: a script that may write cannot run from a *_RO command, nor (when it lacks
// allow-oom) over maxmemory. Nothing is checked for an EVAL script without a shebang.
bool ScriptPrepareOrReply(CommandContext& ctx, uint32_t flags, bool ro);

}  // namespace ringkv::core
