// The pub/sub family: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE, SUNSUBSCRIBE, PUBLISH,
// SPUBLISH and PUBSUB's subcommands, as Redis 7.0.15 (pubsub.c). The registries and delivery are core/pubsub.h;
// the RESP2 subscribe-mode restriction is the dispatcher's (dispatch.cc), PING's subscribe-mode reply is in
// connection.cc. Without cluster mode the shard commands work on their own registry on this one node.
#include <string>

#include "core/call.h"
#include "core/context.h"
#include "core/pubsub.h"
#include "core/server.h"

namespace ringkv::core {

namespace {

// Redis sets CLIENT_DENY_BLOCKING on a client running EXEC and on scripts' clients; ringkv's form of it is
// !ctx.MayBlock() (a nested call or a client that denies blocking). SUBSCRIBE and PSUBSCRIBE stay allowed
// inside MULTI/EXEC for compatibility (Redis 7.0 keeps that exception); SSUBSCRIBE has none.
bool InsideExec(const CommandContext& ctx) {
  for (const Call* c = ctx.call.parent; c != nullptr; c = c->parent) {
    if (c->cmd != nullptr && c->cmd->full_name == "exec") return true;
  }
  return false;
}

bool DeniedOrReply(CommandContext& ctx, std::string_view name, bool multi_exception) {
  if (ctx.MayBlock() || (multi_exception && InsideExec(ctx))) return false;
  ctx.rb.Error("ERR " + std::string(name) + " isn't allowed for a DENY BLOCKING client");
  return true;
}

void SubscribeTo(CommandContext& ctx, PubSubKind kind) {
  for (size_t j = 1; j < ctx.argc(); ++j) ctx.server.pubsub().Subscribe(ctx.client, kind, ctx.argv[j]);
}

void UnsubscribeFrom(CommandContext& ctx, PubSubKind kind) {
  PubSub& ps = ctx.server.pubsub();
  if (ctx.argc() == 1) {
    ps.UnsubscribeAll(ctx.client, kind);
    return;
  }
  for (size_t j = 1; j < ctx.argc(); ++j) ps.Unsubscribe(ctx.client, kind, ctx.argv[j]);
}

// ---- handlers ----

void SubscribeCommand(CommandContext& ctx) {
  if (DeniedOrReply(ctx, "SUBSCRIBE", /*multi_exception=*/true)) return;
  SubscribeTo(ctx, PubSubKind::kChannel);
}

void PsubscribeCommand(CommandContext& ctx) {
  if (DeniedOrReply(ctx, "PSUBSCRIBE", /*multi_exception=*/true)) return;
  SubscribeTo(ctx, PubSubKind::kPattern);
}

void SsubscribeCommand(CommandContext& ctx) {
  if (DeniedOrReply(ctx, "SSUBSCRIBE", /*multi_exception=*/false)) return;
  SubscribeTo(ctx, PubSubKind::kShard);
}

void UnsubscribeCommand(CommandContext& ctx) { UnsubscribeFrom(ctx, PubSubKind::kChannel); }
void PunsubscribeCommand(CommandContext& ctx) { UnsubscribeFrom(ctx, PubSubKind::kPattern); }
void SunsubscribeCommand(CommandContext& ctx) { UnsubscribeFrom(ctx, PubSubKind::kShard); }

// PUBLISH channel message: the receivers, counting a client once per subscription that matched. Redis also
// forces its propagation to replicas (not the AOF), so their subscribers get it too.
void PublishCommand(CommandContext& ctx) {
  ctx.rb.Integer(ctx.server.pubsub().Publish(ctx.argv[1], ctx.argv[2]));
  ctx.ForcePropagation(kPropagateRepl);
}

void SpublishCommand(CommandContext& ctx) {
  ctx.rb.Integer(ctx.server.pubsub().PublishShard(ctx.argv[1], ctx.argv[2]));
  ctx.ForcePropagation(kPropagateRepl);
}

void PubsubHelpCommand(CommandContext& ctx) {
  ctx.ReplyHelp({
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
  });
}

// PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the names with at least one subscriber.
void ListNames(CommandContext& ctx, PubSubKind kind) {
  if (ctx.argc() > 3) {
    ctx.ReplySubcommandSyntaxError();
    return;
  }
  const bool all = ctx.argc() == 2;
  std::vector<std::string_view> names = ctx.server.pubsub().Names(kind, all ? "" : ctx.argv[2], all);
  ctx.rb.ArrayHeader(names.size());
  for (std::string_view n : names) ctx.rb.Bulk(n);
}

// PUBSUB NUMSUB / SHARDNUMSUB name...: a flat array of name, count pairs (not a map, even in RESP3).
void CountSubscribers(CommandContext& ctx, PubSubKind kind) {
  ctx.rb.ArrayHeader((ctx.argc() - 2) * 2);
  for (size_t j = 2; j < ctx.argc(); ++j) {
    ctx.rb.Bulk(ctx.argv[j]);
    ctx.rb.Integer(static_cast<int64_t>(ctx.server.pubsub().SubscriberCount(kind, ctx.argv[j])));
  }
}

void PubsubChannelsCommand(CommandContext& ctx) { ListNames(ctx, PubSubKind::kChannel); }
void PubsubShardchannelsCommand(CommandContext& ctx) { ListNames(ctx, PubSubKind::kShard); }
void PubsubNumsubCommand(CommandContext& ctx) { CountSubscribers(ctx, PubSubKind::kChannel); }
void PubsubShardnumsubCommand(CommandContext& ctx) { CountSubscribers(ctx, PubSubKind::kShard); }

// PUBSUB NUMPAT: distinct patterns with a subscriber (Redis 7.0 counts its pattern dict).
void PubsubNumpatCommand(CommandContext& ctx) {
  ctx.rb.Integer(static_cast<int64_t>(ctx.server.pubsub().pattern_count()));
}

}  // namespace

void RegisterPubsubCommands(CommandTable& t) {
  t.Add("subscribe", SubscribeCommand);
  t.Add("unsubscribe", UnsubscribeCommand);
  t.Add("psubscribe", PsubscribeCommand);
  t.Add("punsubscribe", PunsubscribeCommand);
  t.Add("ssubscribe", SsubscribeCommand);
  t.Add("sunsubscribe", SunsubscribeCommand);
  t.Add("publish", PublishCommand);
  t.Add("spublish", SpublishCommand);
  t.Add("pubsub|help", PubsubHelpCommand);
  t.Add("pubsub|channels", PubsubChannelsCommand);
  t.Add("pubsub|numsub", PubsubNumsubCommand);
  t.Add("pubsub|numpat", PubsubNumpatCommand);
  t.Add("pubsub|shardchannels", PubsubShardchannelsCommand);
  t.Add("pubsub|shardnumsub", PubsubShardnumsubCommand);
}

}  // namespace ringkv::core
