// Call: the context of one command while its handler runs, owned by the dispatcher (dispatch.cc). It holds
// what Redis keeps in globals around call(): the dataset changes the command made (dirty), the error
// replies it built, and how the command itself must be propagated (as received, rewritten, or not at all).
// Calls nest: EXEC, EVAL and FCALL (later issues) run their inner commands as child calls inside one unit
// of propagation, so their effects reach the AOF and replicas together (propagation.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ringkv::core {

class Client;
struct Command;

struct Call {
  Client* client = nullptr;
  Command* cmd = nullptr;
  Call* parent = nullptr;  // the enclosing call of a nested one, else null
  int64_t dirty = 0;       // changes to the dataset (Redis's server.dirty delta): > 0 propagates a write
  // The time expiry is judged against (ms): the start of the top-level call, inherited by its nested calls, so a
  // key a script or EXEC found does not expire halfway through it (Redis 7.0's fixed_time_expire); a script
  // inside EXEC takes its own start (scriptTimeSnapshot). TTLs and new expire times use the real clock
  // (CommandContext::now_ms).
  int64_t expire_clock_ms = 0;
  uint32_t error_replies = 0;
  // The command's own effect: argv as received, unless rewritten (SET EX -> SET PXAT) or suppressed (a
  // command that propagates other effects instead, as Redis's preventCommandPropagation).
  bool rewritten = false;
  bool prevent_propagation = false;
  // Propagate the command even without a change, to these consumers (Redis's forceCommandPropagation:
  // PUBLISH goes to replicas).
  uint8_t force_targets = 0;
  std::vector<std::string> rewritten_argv;
  // Arguments SLOWLOG and MONITOR show as "(redacted)" (passwords: Redis's redactClientCommandArgument).
  std::vector<uint32_t> redacted_args;
};

}  // namespace ringkv::core
