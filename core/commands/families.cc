// The list of command families: each family file ends with its Register function, one `t.Add(...)` line per
// command; a new family is its file plus one line here.
#include "core/command.h"

namespace ringkv::core {

// Each is defined at the bottom of core/commands/<family>.cc.
void RegisterConnectionCommands(CommandTable& t);
void RegisterServerCommands(CommandTable& t);
void RegisterConfigCommands(CommandTable& t);
void RegisterIntrospectionCommands(CommandTable& t);
void RegisterObservabilityCommands(CommandTable& t);
void RegisterKeyCommands(CommandTable& t);
void RegisterStringCommands(CommandTable& t);
void RegisterBitCommands(CommandTable& t);
void RegisterMemoryCommands(CommandTable& t);
void RegisterSetCommands(CommandTable& t);
void RegisterListCommands(CommandTable& t);
void RegisterZsetCommands(CommandTable& t);
void RegisterHashCommands(CommandTable& t);
void RegisterSortCommands(CommandTable& t);
void RegisterPubsubCommands(CommandTable& t);
void RegisterTransactionCommands(CommandTable& t);
void RegisterScriptingCommands(CommandTable& t);
void RegisterFunctionCommands(CommandTable& t);
void RegisterDumpCommands(CommandTable& t);
void RegisterAofCommands(CommandTable& t);
void RegisterReplicationCommands(CommandTable& t);
void RegisterReplicaofCommands(CommandTable& t);

void RegisterAllCommands(CommandTable& t) {
  RegisterConnectionCommands(t);
  RegisterServerCommands(t);
  RegisterConfigCommands(t);
  RegisterIntrospectionCommands(t);
  RegisterObservabilityCommands(t);
  RegisterKeyCommands(t);
  RegisterStringCommands(t);
  RegisterBitCommands(t);
  RegisterMemoryCommands(t);
  RegisterSetCommands(t);
  RegisterListCommands(t);
  RegisterZsetCommands(t);
  RegisterHashCommands(t);
  RegisterSortCommands(t);
  RegisterPubsubCommands(t);
  RegisterTransactionCommands(t);
  RegisterScriptingCommands(t);
  RegisterFunctionCommands(t);
  RegisterDumpCommands(t);
  RegisterAofCommands(t);
  RegisterReplicationCommands(t);
  RegisterReplicaofCommands(t);
}

}  // namespace ringkv::core
