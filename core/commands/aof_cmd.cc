// BGREWRITEAOF: starts (or schedules, inside MULTI/EXEC) a rewrite of the append-only file (core/aof.h).
#include "core/aof.h"
#include "core/call.h"
#include "core/command.h"
#include "core/context.h"
#include "core/server.h"

namespace ringkv::core {

namespace {

void BgrewriteaofCommand(CommandContext& ctx) {
  const std::string reply = ctx.server.aof().BgRewriteCommand(/*in_exec=*/ctx.call.parent != nullptr);
  if (reply[0] == '+') {
    ctx.rb.SimpleString(std::string_view(reply).substr(1));
  } else {
    ctx.rb.Error(std::string_view(reply).substr(1));
  }
}

}  // namespace

void RegisterAofCommands(CommandTable& t) { t.Add("bgrewriteaof", BgrewriteaofCommand); }

}  // namespace ringkv::core
