// CONFIG GET / SET / RESETSTAT / REWRITE / HELP. The directive table and its Redis wording live in
// core/config.cc; these handlers only adapt it to the wire and tell the server what changed, so that the
// new value takes effect (hz, loglevel, maxclients, ...).
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/context.h"
#include "core/log.h"
#include "core/server.h"
#include "io/loop.h"

namespace ringkv::core {
namespace {

// enable-protected-configs: no, yes, or local (unix socket or loopback clients, Redis's islocalClient). A client
// without a connection is the server itself (AOF replay), which may.
bool MayChangeProtectedConfigs(CommandContext& ctx) {
  const int64_t mode = ctx.server.config().enable_protected_configs;
  if (mode == 1) return true;
  if (mode != 2) return false;
  const io::Connection* conn = ctx.client.conn();
  if (conn == nullptr) return true;
  return conn->is_local();
}

// CONFIG GET pattern [pattern ...]: a map of name -> value (a flat array in RESP2).
void ConfigGetCommand(CommandContext& ctx) {
  std::vector<std::string_view> patterns(ctx.argv.begin() + 2, ctx.argv.end());
  auto pairs = ConfigGet(ctx.server.config(), patterns);
  ctx.rb.MapHeader(pairs.size());
  for (const auto& [name, value] : pairs) {
    ctx.rb.Bulk(name);
    ctx.rb.Bulk(value);
  }
}

// CONFIG SET name value [name value ...]: all or nothing; the server applies each changed directive after
// the whole set succeeded, so it never sees a half-applied configuration.
void ConfigSetCommand(CommandContext& ctx) {
  // Redis's SENSITIVE_CONFIG directives: SLOWLOG and MONITOR never show their values, also when the command
  // fails.
  for (size_t j = 2; j + 1 < ctx.argc(); j += 2)
    if (EqualsIgnoreCase(ctx.argv[j], "requirepass") || EqualsIgnoreCase(ctx.argv[j], "masterauth")) ctx.RedactArg(j + 1);
  std::vector<std::string_view> args(ctx.argv.begin() + 2, ctx.argv.end());
  std::vector<std::string> changed;
  std::string err;
  if (!ConfigSet(&ctx.server.config(), args, MayChangeProtectedConfigs(ctx), &changed, &err)) {
    ctx.ReplyError(err);
    return;
  }
  for (const std::string& name : changed) ctx.server.OnConfigChanged(name);
  ctx.rb.Ok();
}

// CONFIG RESETSTAT: the INFO stats, commandstats and errorstats start again from zero.
void ConfigResetstatCommand(CommandContext& ctx) {
  ctx.server.stats() = Stats{};
  ctx.server.commands().ResetStats();
  ctx.server.lazyfree().ResetStats();
  ctx.rb.Ok();
}

void ConfigRewriteCommand(CommandContext& ctx) {
  const Config& cfg = ctx.server.config();
  if (cfg.config_file.empty()) {
    ctx.ReplyError("ERR The server is running without a config file");
    return;
  }
  std::string err;
  if (!RewriteConfigFile(cfg, &err)) {
    Log(LogLevel::kWarning, "CONFIG REWRITE failed: %s", err);
    ctx.ReplyError("ERR Rewriting config file: " + err);
    return;
  }
  Log(LogLevel::kWarning, "CONFIG REWRITE executed with success.");
  ctx.rb.Ok();
}

void ConfigHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
      "REWRITE",
      "    Rewrite the configuration file.",
  });
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterConfigCommands(CommandTable& t) {
  t.Add("config|get", ConfigGetCommand);
  t.Add("config|set", ConfigSetCommand);
  t.Add("config|resetstat", ConfigResetstatCommand);
  t.Add("config|rewrite", ConfigRewriteCommand);
  t.Add("config|help", ConfigHelpCommand);
}

}  // namespace ringkv::core
