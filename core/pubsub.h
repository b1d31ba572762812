// PubSub: the registries of channel, pattern and shard-channel subscriptions, message delivery, and the
// keyspace notifications built on them (Redis 7.0's pubsub.c and notify.c semantics). Delivery appends the
// message to each receiver's output and asks the server to send it at the end of the loop turn: publishing
// to N subscribers costs N appends and no syscall; the turn sends every connection's output together.
//
// Ownership: a client owns its ClientSubscriptions (Client::subscriptions, present while it has one
// subscription or more); the registries point at clients, so the server calls RemoveClient before it frees
// a client and no registry ever holds a dangling Client*.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"

namespace ringkv::core {

class Client;
class Server;

// The three kinds of subscription, each with its own commands and reply words.
enum class PubSubKind : uint8_t { kChannel, kPattern, kShard };

// One client's subscriptions: name -> the sequence number of its place in that name's subscriber list.
struct ClientSubscriptions {
  absl::flat_hash_map<std::string, uint64_t> channels, patterns, shard_channels;
  absl::flat_hash_map<std::string, uint64_t>& Of(PubSubKind kind) {
    return kind == PubSubKind::kChannel ? channels : kind == PubSubKind::kPattern ? patterns : shard_channels;
  }
  // Redis's clientSubscriptionsCount (channels + patterns) and clientShardSubscriptionsCount: the count a
  // (un)subscribe reply carries.
  int64_t CountFor(PubSubKind kind) const {
    return kind == PubSubKind::kShard ? static_cast<int64_t>(shard_channels.size())
                                      : static_cast<int64_t>(channels.size() + patterns.size());
  }
  bool empty() const { return channels.empty() && patterns.empty() && shard_channels.empty(); }
};

class PubSub {
 public:
  // server receives the delivery callbacks (send scheduling, output limits).
  explicit PubSub(Server& server) : server_(server) {}
  PubSub(const PubSub&) = delete;
  PubSub& operator=(const PubSub&) = delete;

  // (P|S)SUBSCRIBE of one name: registers it unless the client has it already, and replies Redis's
  // ["subscribe", name, count] (a push in RESP3). Sets the client's pub/sub mode (CLIENT_PUBSUB).
  void Subscribe(Client& c, PubSubKind kind, std::string_view name);
  // (P|S)UNSUBSCRIBE of one name: replies ["unsubscribe", name, count] whether or not it was subscribed.
  void Unsubscribe(Client& c, PubSubKind kind, std::string_view name);
  // (P|S)UNSUBSCRIBE with no argument: every name of that kind, one reply each; with none, one reply with a
  // null name and the count.
  void UnsubscribeAll(Client& c, PubSubKind kind);
  // The client goes (close) or RESET: every subscription is dropped, without replies.
  void RemoveClient(Client& c);

  // PUBLISH: delivers "message" to the channel's subscribers, then "pmessage" to the subscribers of every
  // pattern that matches it. Returns the receivers (a client counted once per subscription that matched).
  int64_t Publish(std::string_view channel, std::string_view message);
  // SPUBLISH: "smessage" to the shard channel's subscribers (no patterns).
  int64_t PublishShard(std::string_view channel, std::string_view message);

  // Redis's notifyKeyspaceEvent: with notify_flags (NotifyFlag bits of notify-keyspace-events) enabling
  // notify_class, publishes event on __keyspace@<db>__:<key> (K) and key on __keyevent@<db>__:<event> (E).
  void NotifyKeyspaceEvent(int notify_flags, int notify_class, std::string_view event, std::string_view key,
                           int db);

  // PUBSUB CHANNELS / SHARDCHANNELS (pattern empty: all; Redis's glob otherwise).
  std::vector<std::string_view> Names(PubSubKind kind, std::string_view pattern, bool all) const;
  // PUBSUB NUMSUB / SHARDNUMSUB: subscribers of one name (channels or shard channels).
  size_t SubscriberCount(PubSubKind kind, std::string_view name) const;
  // INFO stats: pubsub_channels, pubsub_patterns (distinct patterns, as PUBSUB NUMPAT), pubsubshard_channels.
  size_t channel_count() const { return channels_.size(); }
  size_t pattern_count() const { return patterns_.size(); }
  size_t shard_channel_count() const { return shard_channels_.size(); }

  // Appends one encoded message (resp2 or resp3 bytes by the client's protocol) to a receiver, as any
  // out-of-band message is (also client tracking's invalidations): not to a closing client nor under CLIENT
  // REPLY OFF; the output limit applies.
  void Deliver(Client& c, std::string_view resp2, std::string_view resp3);

 private:
  // Subscribers of one name in subscription order (the order messages are delivered in, as Redis's list);
  // the key is the subscription's sequence number, so a client leaves in O(log n).
  using Subscribers = absl::btree_map<uint64_t, Client*>;
  using Registry = absl::flat_hash_map<std::string, Subscribers>;
  Registry& RegistryOf(PubSubKind kind) {
    return kind == PubSubKind::kChannel ? channels_ : kind == PubSubKind::kPattern ? patterns_ : shard_channels_;
  }
  const Registry& RegistryOf(PubSubKind kind) const {
    return const_cast<PubSub*>(this)->RegistryOf(kind);
  }
  // Removes one subscription from the registry and the client (true if it existed).
  bool Drop(Client& c, PubSubKind kind, std::string_view name);
  // The client has no subscription left: it leaves pub/sub mode and its subscriptions record goes.
  void MaybeLeaveMode(Client& c);
  void ReplySubscription(Client& c, PubSubKind kind, bool subscribe, const std::string_view* name);

  Server& server_;
  Registry channels_, patterns_, shard_channels_;
  uint64_t next_seq_ = 1;
  std::string buf2_, buf3_;  // encoding scratch, reused between messages
};

}  // namespace ringkv::core
