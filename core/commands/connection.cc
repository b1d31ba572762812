// Connection commands: PING, ECHO, QUIT, RESET, AUTH, HELLO, SELECT and CLIENT with its subcommands.
// Replies and errors follow Redis 7.0 word for word.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/client_info.h"
#include "core/context.h"
#include "core/repl/replica.h"
#include "core/server.h"
#include "core/tracking.h"
#include "core/version.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---- helpers ----

// Redis's validateClientName: printable ASCII without spaces.
bool ValidClientName(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '!' && ch <= '~'; });
}

// AUTH/HELLO AUTH against the default user (ACL users come later). Replies the error itself on failure.
bool AuthenticateOrReply(CommandContext& ctx, std::string_view user, std::string_view pass) {
  const std::string& required = ctx.server.config().requirepass;
  bool ok = user == "default" && (required.empty() || pass == required);
  if (!ok) {
    ctx.rb.Error("WRONGPASS invalid username-password pair or user is disabled.");
    return false;
  }
  ctx.client.authenticated = true;
  ctx.client.user = std::string(user);
  return true;
}

void SetProtocol(Client& c, int resp) {
  c.resp = resp;
  c.rb().SetResp3(resp == 3);
}

// CLIENT LIST / KILL TYPE: Redis's getClientType classes, in its order: master, then replica, then pubsub,
// else normal.
enum ClientClassFilter { kAnyClients, kNormalClients, kPubsubClients, kReplicaClients, kMasterClients };
int ClassOf(const Client& c) {
  if (c.master) return kMasterClients;
  if (c.is_replica) return kReplicaClients;
  return c.in_pubsub() ? kPubsubClients : kNormalClients;
}
bool OfClass(const Client& c, int filter) { return filter == kAnyClients || ClassOf(c) == filter; }

// ---- handlers ----

void PingCommand(CommandContext& ctx) {
  if (ctx.argc() > 2) {
    ctx.rb.Error("ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (ctx.client.in_pubsub() && ctx.client.resp == 2) {
    // In RESP2 subscribe mode a reply must look like a message: ["pong", argument or ""].
    ctx.rb.ArrayHeader(2);
    ctx.rb.Bulk("pong");
    ctx.rb.Bulk(ctx.argc() == 1 ? std::string_view() : ctx.argv[1]);
  } else if (ctx.argc() == 1) {
    ctx.rb.SimpleString("PONG");
  } else {
    ctx.rb.Bulk(ctx.argv[1]);
  }
}

void EchoCommand(CommandContext& ctx) { ctx.rb.Bulk(ctx.argv[1]); }

void QuitCommand(CommandContext& ctx) {
  ctx.rb.Ok();
  ctx.client.close_after_reply = true;
}

void ResetCommand(CommandContext& ctx) {
  Client& c = ctx.client;
  // A transaction in progress and every watch end (Redis's clearClientConnectionState).
  ctx.server.watches().Discard(c);
  c.db_index = 0;
  SetProtocol(c, 2);
  c.name.clear();
  c.reply_mode = ReplyMode::kOn;
  ctx.server.pubsub().RemoveClient(c);  // every subscription goes, without replies
  ctx.server.monitors().Remove(c);      // and MONITOR mode
  ctx.server.tracking().Disable(c);     // and client-side caching
  // Redis 7.0's RESET leaves CLIENT NO-EVICT as it was.
  c.authenticated = ctx.server.config().requirepass.empty();
  c.user = "default";
  ctx.rb.SimpleString("RESET");
}

void AuthCommand(CommandContext& ctx) {
  if (ctx.argc() > 3) {
    ctx.ReplySyntaxError();
    return;
  }
  // The password, and the user name with it, never show in SLOWLOG or MONITOR.
  for (size_t j = 1; j < ctx.argc(); ++j) ctx.RedactArg(j);
  if (ctx.argc() == 2) {
    if (ctx.server.config().requirepass.empty()) {
      ctx.rb.Error(
          "ERR AUTH <password> called without any password configured for the default user. Are you sure your "
          "configuration is correct?");
      return;
    }
    if (AuthenticateOrReply(ctx, "default", ctx.argv[1])) ctx.rb.Ok();
    return;
  }
  if (AuthenticateOrReply(ctx, ctx.argv[1], ctx.argv[2])) ctx.rb.Ok();
}

void HelloCommand(CommandContext& ctx) {
  int64_t ver = 0;
  size_t next = 1;
  if (ctx.argc() >= 2) {
    if (!ctx.Int64OrReply(ctx.argv[1], &ver, "ERR Protocol version is not an integer or out of range")) return;
    next = 2;
    if (ver < 2 || ver > 3) {
      ctx.rb.Error("NOPROTO unsupported protocol version");
      return;
    }
  }
  std::string_view user, pass, setname;
  bool has_auth = false, has_setname = false;
  for (size_t j = next; j < ctx.argc(); ++j) {
    size_t more = ctx.argc() - j - 1;
    if (EqualsIgnoreCase(ctx.argv[j], "AUTH") && more >= 2) {
      ctx.RedactArg(j + 1);
      ctx.RedactArg(j + 2);
      has_auth = true;
      user = ctx.argv[j + 1];
      pass = ctx.argv[j + 2];
      j += 2;
    } else if (EqualsIgnoreCase(ctx.argv[j], "SETNAME") && more >= 1) {
      has_setname = true;
      setname = ctx.argv[j + 1];
      j += 1;
    } else {
      ctx.rb.Error("ERR Syntax error in HELLO option '" + std::string(ctx.argv[j].substr(0, 128)) + "'");
      return;
    }
  }
  if (has_setname && !ValidClientName(setname)) {
    ctx.rb.Error("ERR Client names cannot contain spaces, newlines or special characters.");
    return;
  }
  if (!has_auth && !ctx.client.authenticated) {
    ctx.rb.Error(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
        "<user> <pass> option can be used to authenticate the client and select the RESP protocol version at "
        "the same time");
    return;
  }
  if (has_auth && !AuthenticateOrReply(ctx, user, pass)) return;
  if (has_setname) ctx.client.name = std::string(setname);
  if (ver != 0) SetProtocol(ctx.client, static_cast<int>(ver));
  io::ReplyBuilder& rb = ctx.rb;
  rb.MapHeader(7);
  rb.Bulk("server");
  rb.Bulk("redis");
  rb.Bulk("version");
  rb.Bulk(kRedisVersion);
  rb.Bulk("proto");
  rb.Integer(ctx.client.resp);
  rb.Bulk("id");
  rb.Integer(static_cast<int64_t>(ctx.client.id()));
  rb.Bulk("mode");
  rb.Bulk("standalone");
  rb.Bulk("role");
  rb.Bulk(ctx.server.replica().active() ? "replica" : "master");
  rb.Bulk("modules");
  rb.ArrayHeader(0);
}

void SelectCommand(CommandContext& ctx) {
  int64_t id;
  if (!ctx.Int64OrReply(ctx.argv[1], &id)) return;
  // Redis reads the index as a C int (getIntFromObjectOrReply).
  if (id < INT32_MIN || id > INT32_MAX) {
    ctx.rb.Error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return;
  }
  if (id < 0 || id >= ctx.server.db_count()) {
    ctx.rb.Error(kErrDbIndex);
    return;
  }
  ctx.client.db_index = static_cast<int>(id);
  ctx.rb.Ok();
}

// ---- CLIENT ----

void ClientIdCommand(CommandContext& ctx) { ctx.rb.Integer(static_cast<int64_t>(ctx.client.id())); }

void ClientSetnameCommand(CommandContext& ctx) {
  if (!ValidClientName(ctx.argv[2])) {
    ctx.rb.Error("ERR Client names cannot contain spaces, newlines or special characters.");
    return;
  }
  ctx.client.name = std::string(ctx.argv[2]);
  ctx.rb.Ok();
}

void ClientGetnameCommand(CommandContext& ctx) {
  if (ctx.client.name.empty()) {
    ctx.rb.Null();
  } else {
    ctx.rb.Bulk(ctx.client.name);
  }
}

std::vector<Client*> ClientsById(Server& server) {
  std::vector<Client*> all;
  for (auto& [id, c] : server.clients()) all.push_back(c);
  std::sort(all.begin(), all.end(), [](Client* a, Client* b) { return a->id() < b->id(); });
  return all;
}

void ClientListCommand(CommandContext& ctx) {
  std::vector<uint64_t> ids;
  bool by_id = false;
  int class_filter = kAnyClients;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    if (EqualsIgnoreCase(ctx.argv[j], "TYPE") && j + 1 < ctx.argc()) {
      std::string_view type = ctx.argv[j + 1];
      if (!EqualsIgnoreCase(type, "normal") && !EqualsIgnoreCase(type, "master") &&
          !EqualsIgnoreCase(type, "replica") && !EqualsIgnoreCase(type, "slave") &&
          !EqualsIgnoreCase(type, "pubsub")) {
        ctx.rb.Error("ERR Unknown client type '" + std::string(type) + "'");
        return;
      }
      if (EqualsIgnoreCase(type, "pubsub")) {
        class_filter = kPubsubClients;
      } else if (EqualsIgnoreCase(type, "normal")) {
        class_filter = kNormalClients;
      } else if (EqualsIgnoreCase(type, "replica") || EqualsIgnoreCase(type, "slave")) {
        class_filter = kReplicaClients;
      } else {
        class_filter = kMasterClients;
      }
      ++j;
    } else if (EqualsIgnoreCase(ctx.argv[j], "ID") && j + 1 < ctx.argc()) {
      by_id = true;
      for (++j; j < ctx.argc(); ++j) {
        int64_t id;
        if (!ds::StringToInt64(ctx.argv[j], &id) || id <= 0) {
          ctx.rb.Error("ERR Invalid client ID");
          return;
        }
        ids.push_back(static_cast<uint64_t>(id));
      }
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  std::string out;
  for (Client* c : ClientsById(ctx.server)) {
    if (by_id && std::find(ids.begin(), ids.end(), c->id()) == ids.end()) continue;
    if (!OfClass(*c, class_filter)) continue;
    AppendClientInfo(ctx.server, *c, ctx.now_ms, &out);
    out += '\n';
  }
  ctx.rb.Verbatim(out);
}

void ClientInfoCommand(CommandContext& ctx) {
  std::string out;
  AppendClientInfo(ctx.server, ctx.client, ctx.now_ms, &out);
  out += '\n';
  ctx.rb.Verbatim(out);
}

void ClientKillCommand(CommandContext& ctx) {
  // Old form: CLIENT KILL addr:port -> +OK or an error.
  if (ctx.argc() == 3) {
    for (auto& [id, c] : ctx.server.clients()) {
      if (c->addr == ctx.argv[2]) {
        ctx.server.CloseClient(c, c == &ctx.client);
        ctx.rb.Ok();
        return;
      }
    }
    ctx.rb.Error("ERR No such client");
    return;
  }
  if (ctx.argc() % 2 != 0) {
    ctx.ReplySyntaxError();
    return;
  }
  uint64_t id = 0;
  std::string_view addr, laddr, user;
  bool skipme = true, has_filter = false;
  int class_filter = kAnyClients;
  for (size_t j = 2; j + 1 < ctx.argc(); j += 2) {
    std::string_view opt = ctx.argv[j], val = ctx.argv[j + 1];
    if (EqualsIgnoreCase(opt, "ID")) {
      int64_t v;
      if (!ds::StringToInt64(val, &v) || v <= 0) {
        ctx.rb.Error("ERR client-id should be greater than 0");
        return;
      }
      id = static_cast<uint64_t>(v);
    } else if (EqualsIgnoreCase(opt, "TYPE")) {
      if (!EqualsIgnoreCase(val, "normal") && !EqualsIgnoreCase(val, "master") && !EqualsIgnoreCase(val, "replica") &&
          !EqualsIgnoreCase(val, "slave") && !EqualsIgnoreCase(val, "pubsub")) {
        ctx.rb.Error("ERR Unknown client type '" + std::string(val) + "'");
        return;
      }
      if (EqualsIgnoreCase(val, "pubsub")) {
        class_filter = kPubsubClients;
      } else if (EqualsIgnoreCase(val, "normal")) {
        class_filter = kNormalClients;
      } else if (EqualsIgnoreCase(val, "replica") || EqualsIgnoreCase(val, "slave")) {
        class_filter = kReplicaClients;
      } else {
        class_filter = kMasterClients;
      }
    } else if (EqualsIgnoreCase(opt, "ADDR")) {
      addr = val;
    } else if (EqualsIgnoreCase(opt, "LADDR")) {
      laddr = val;
    } else if (EqualsIgnoreCase(opt, "USER")) {
      // Only the default user exists until ACL users arrive.
      if (val != "default") {
        ctx.rb.Error("ERR No such user '" + std::string(val) + "'");
        return;
      }
      user = val;
    } else if (EqualsIgnoreCase(opt, "SKIPME")) {
      if (EqualsIgnoreCase(val, "yes")) {
        skipme = true;
      } else if (EqualsIgnoreCase(val, "no")) {
        skipme = false;
      } else {
        ctx.ReplySyntaxError();
        return;
      }
    } else {
      ctx.ReplySyntaxError();
      return;
    }
    has_filter = true;
  }
  (void)has_filter;
  int64_t killed = 0;
  for (Client* c : ClientsById(ctx.server)) {
    if (id != 0 && c->id() != id) continue;
    if (!addr.empty() && c->addr != addr) continue;
    if (!laddr.empty() && c->laddr != laddr) continue;
    if (!user.empty() && c->user != user) continue;
    if (!OfClass(*c, class_filter)) continue;
    if (c == &ctx.client && skipme) continue;
    ctx.server.CloseClient(c, c == &ctx.client);
    ++killed;
  }
  ctx.rb.Integer(killed);
}

void ClientReplyCommand(CommandContext& ctx) {
  std::string_view mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "ON")) {
    ctx.client.reply_mode = ReplyMode::kOn;
    ctx.rb.SetDiscard(false);
    ctx.rb.Ok();
  } else if (EqualsIgnoreCase(mode, "OFF")) {
    ctx.client.reply_mode = ReplyMode::kOff;
  } else if (EqualsIgnoreCase(mode, "SKIP")) {
    if (ctx.client.reply_mode != ReplyMode::kOff) ctx.client.reply_mode = ReplyMode::kSkipNext;
  } else {
    ctx.ReplySyntaxError();
  }
}

void ClientNoEvictCommand(CommandContext& ctx) {
  if (EqualsIgnoreCase(ctx.argv[2], "ON")) {
    ctx.client.no_evict = true;
  } else if (EqualsIgnoreCase(ctx.argv[2], "OFF")) {
    ctx.client.no_evict = false;
  } else {
    ctx.ReplySyntaxError();
    return;
  }
  ctx.rb.Ok();
}

void ClientPauseCommand(CommandContext& ctx) {
  int64_t timeout_ms;
  if (!ctx.Int64OrReply(ctx.argv[2], &timeout_ms, "ERR timeout is not an integer or out of range")) return;
  if (timeout_ms < 0) {
    ctx.rb.Error("ERR timeout is negative");
    return;
  }
  bool writes_only = false;
  if (ctx.argc() == 4) {
    if (EqualsIgnoreCase(ctx.argv[3], "WRITE")) {
      writes_only = true;
    } else if (!EqualsIgnoreCase(ctx.argv[3], "ALL")) {
      ctx.rb.Error("ERR CLIENT PAUSE mode must be WRITE or ALL");
      return;
    }
  } else if (ctx.argc() > 4) {
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  ctx.server.PauseClients(ctx.now_ms + timeout_ms, writes_only);
  ctx.rb.Ok();
}

void ClientUnpauseCommand(CommandContext& ctx) {
  ctx.server.UnpauseClients();
  ctx.rb.Ok();
}

// ---- client-side caching (core/tracking.h); the checks, their order and their errors are Redis 7.0's ----

// CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]: every option is parsed
// (REDIRECT's client must exist now) before ON or OFF is looked at, as Redis does.
void ClientTrackingCommand(CommandContext& ctx) {
  Client& c = ctx.client;
  Tracking::Options opts;
  bool has_redirect = false;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    const bool more = j + 1 < ctx.argc();
    std::string_view opt = ctx.argv[j];
    if (EqualsIgnoreCase(opt, "redirect") && more) {
      ++j;
      if (has_redirect) {
        ctx.rb.Error("ERR A client can only redirect to a single other client");
        return;
      }
      int64_t id;
      if (!ctx.Int64OrReply(ctx.argv[j], &id)) return;
      if (id <= 0 || ctx.server.FindClient(static_cast<uint64_t>(id)) == nullptr) {
        ctx.rb.Error("ERR The client ID you want redirect to does not exist");
        return;
      }
      has_redirect = true;
      opts.redirect = static_cast<uint64_t>(id);
    } else if (EqualsIgnoreCase(opt, "bcast")) {
      opts.bcast = true;
    } else if (EqualsIgnoreCase(opt, "optin")) {
      opts.optin = true;
    } else if (EqualsIgnoreCase(opt, "optout")) {
      opts.optout = true;
    } else if (EqualsIgnoreCase(opt, "noloop")) {
      opts.noloop = true;
    } else if (EqualsIgnoreCase(opt, "prefix") && more) {
      opts.prefixes.push_back(ctx.argv[++j]);
    } else {
      ctx.ReplySyntaxError();
      return;
    }
  }
  if (EqualsIgnoreCase(ctx.argv[2], "off")) {
    ctx.server.tracking().Disable(c);
    ctx.rb.Ok();
    return;
  }
  if (!EqualsIgnoreCase(ctx.argv[2], "on")) {
    ctx.ReplySyntaxError();
    return;
  }
  const ClientTracking* now = c.tracking.get();
  if (!opts.bcast && !opts.prefixes.empty()) {
    ctx.rb.Error("ERR PREFIX option requires BCAST mode to be enabled");
    return;
  }
  if (now != nullptr && now->bcast != opts.bcast) {
    ctx.rb.Error(
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling "
        "it with a different mode.");
    return;
  }
  if (opts.bcast && (opts.optin || opts.optout)) {
    ctx.rb.Error("ERR OPTIN and OPTOUT are not compatible with BCAST");
    return;
  }
  if (opts.optin && opts.optout) {
    ctx.rb.Error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    return;
  }
  if (now != nullptr && ((opts.optin && now->optout) || (opts.optout && now->optin))) {
    ctx.rb.Error(
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling "
        "it with a different mode.");
    return;
  }
  if (opts.bcast) {
    if (std::string err = Tracking::PrefixCollision(c, opts.prefixes); !err.empty()) {
      ctx.rb.Error(err);
      return;
    }
  }
  ctx.server.tracking().Enable(c, opts);
  ctx.rb.Ok();
}

// CLIENT CACHING YES|NO: whether the next command's keys are tracked, in OPTIN or OPTOUT mode. Redis checks
// that tracking is on before it reads the argument.
void ClientCachingCommand(CommandContext& ctx) {
  ClientTracking* t = ctx.client.tracking.get();
  if (t == nullptr) {
    ctx.rb.Error(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode "
        "enabled");
    return;
  }
  if (EqualsIgnoreCase(ctx.argv[2], "yes")) {
    if (!t->optin) {
      ctx.rb.Error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
      return;
    }
  } else if (EqualsIgnoreCase(ctx.argv[2], "no")) {
    if (!t->optout) {
      ctx.rb.Error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
      return;
    }
  } else {
    ctx.ReplySyntaxError();
    return;
  }
  t->caching = true;
  ctx.rb.Ok();
}

// The redirect of a tracking client (0: none), -1 when tracking is off.
void ClientGetredirCommand(CommandContext& ctx) {
  const ClientTracking* t = ctx.client.tracking.get();
  ctx.rb.Integer(t != nullptr ? static_cast<int64_t>(t->redirect) : -1);
}

void ClientTrackinginfoCommand(CommandContext& ctx) {
  const ClientTracking* t = ctx.client.tracking.get();
  io::ReplyBuilder& rb = ctx.rb;
  rb.MapHeader(3);
  rb.Bulk("flags");
  std::vector<std::string_view> flags{t != nullptr ? "on" : "off"};
  if (t != nullptr) {
    if (t->bcast) flags.push_back("bcast");
    if (t->optin) flags.push_back("optin");
    if (t->optin && t->caching) flags.push_back("caching-yes");
    if (t->optout) flags.push_back("optout");
    if (t->optout && t->caching) flags.push_back("caching-no");
    if (t->noloop) flags.push_back("noloop");
    if (t->broken_redirect) flags.push_back("broken_redirect");
  }
  rb.SetHeader(flags.size());
  for (std::string_view f : flags) rb.Bulk(f);
  rb.Bulk("redirect");
  rb.Integer(t != nullptr ? static_cast<int64_t>(t->redirect) : -1);
  rb.Bulk("prefixes");
  rb.ArrayHeader(t != nullptr ? t->prefixes.size() : 0);
  if (t != nullptr) {
    for (const std::string& p : t->prefixes) rb.Bulk(p);
  }
}

// No command blocks yet, so no client is ever blocked: 0, as Redis replies for a client that is not blocked.
// CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked on keys gets its timeout reply or the UNBLOCKED error
// now (:1); any other id, blocked or not, is :0.
void ClientUnblockCommand(CommandContext& ctx) {
  if (ctx.argc() > 4) {  // Redis matches "unblock" only with 3 or 4 arguments
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  bool with_error = false;  // Redis checks the reason before the id
  if (ctx.argc() == 4) {
    with_error = EqualsIgnoreCase(ctx.argv[3], "ERROR");
    if (!with_error && !EqualsIgnoreCase(ctx.argv[3], "TIMEOUT")) {
      ctx.rb.Error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      return;
    }
  }
  int64_t id;
  if (!ctx.Int64OrReply(ctx.argv[2], &id)) return;
  const bool unblocked = id > 0 && ctx.server.blocking().Unblock(static_cast<uint64_t>(id), with_error);
  ctx.rb.Integer(unblocked ? 1 : 0);
}

void ClientHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "CACHING (YES|NO)",
      "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
      "GETREDIR",
      "    Return the client ID we are redirecting to when tracking is enabled.",
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "    * ID <client-id>",
      "      Kill connections by client id.",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "UNPAUSE",
      "    Stop the current client pause, resuming traffic.",
      "PAUSE <timeout> [WRITE|ALL]",
      "    Suspend all, or just write, clients for <timeout> milliseconds.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "UNBLOCK <clientid> [TIMEOUT|ERROR]",
      "    Unblock the specified blocked client.",
      "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
      "         [OPTIN] [OPTOUT] [NOLOOP]",
      "    Control server assisted client side caching.",
      "TRACKINGINFO",
      "    Report tracking status for the current connection.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
  });
}

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterConnectionCommands(CommandTable& t) {
  t.Add("ping", PingCommand);
  t.Add("echo", EchoCommand);
  t.Add("quit", QuitCommand);
  t.Add("reset", ResetCommand);
  t.Add("auth", AuthCommand);
  t.Add("hello", HelloCommand);
  t.Add("select", SelectCommand);
  t.Add("client|id", ClientIdCommand);
  t.Add("client|setname", ClientSetnameCommand);
  t.Add("client|getname", ClientGetnameCommand);
  t.Add("client|list", ClientListCommand);
  t.Add("client|info", ClientInfoCommand);
  t.Add("client|kill", ClientKillCommand);
  t.Add("client|reply", ClientReplyCommand);
  t.Add("client|no-evict", ClientNoEvictCommand);
  t.Add("client|pause", ClientPauseCommand);
  t.Add("client|unpause", ClientUnpauseCommand);
  t.Add("client|caching", ClientCachingCommand);
  t.Add("client|getredir", ClientGetredirCommand);
  t.Add("client|tracking", ClientTrackingCommand);
  t.Add("client|trackinginfo", ClientTrackinginfoCommand);
  t.Add("client|unblock", ClientUnblockCommand);
  t.Add("client|help", ClientHelpCommand);
}

}  // namespace ringkv::core
