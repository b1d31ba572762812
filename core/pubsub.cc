#include "core/pubsub.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "core/client.h"
#include "core/config.h"
#include "core/server.h"
#include "ds/glob.h"

namespace ringkv::core {

namespace {

// This abseil's string_view is its own type: lookups by std::string_view go through it.
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view SubscribeWord(PubSubKind kind, bool subscribe) {
  switch (kind) {
    case PubSubKind::kChannel: return subscribe ? "subscribe" : "unsubscribe";
    case PubSubKind::kPattern: return subscribe ? "psubscribe" : "punsubscribe";
    case PubSubKind::kShard: return subscribe ? "ssubscribe" : "sunsubscribe";
  }
  return "";
}

void AppendBulk(std::string* out, std::string_view s) {
  out->push_back('$');
  absl::StrAppend(out, s.size());
  out->append("\r\n");
  out->append(s);
  out->append("\r\n");
}

// A message in both protocols: "*n" (RESP2 array) and ">n" (RESP3 push) differ only in the first byte.
void Encode(std::string* resp2, std::string* resp3, std::initializer_list<std::string_view> parts) {
  resp2->clear();
  resp2->push_back('*');
  absl::StrAppend(resp2, parts.size());
  resp2->append("\r\n");
  for (std::string_view p : parts) AppendBulk(resp2, p);
  *resp3 = *resp2;
  (*resp3)[0] = '>';
}

}  // namespace

void PubSub::ReplySubscription(Client& c, PubSubKind kind, bool subscribe, const std::string_view* name) {
  io::ReplyBuilder& rb = c.rb();
  rb.PushHeader(3);
  rb.Bulk(SubscribeWord(kind, subscribe));
  if (name != nullptr) {
    rb.Bulk(*name);
  } else {
    rb.Null();
  }
  rb.Integer(c.subscriptions != nullptr ? c.subscriptions->CountFor(kind) : 0);
}

void PubSub::Subscribe(Client& c, PubSubKind kind, std::string_view name) {
  if (c.subscriptions == nullptr) {
    c.subscriptions = std::make_unique<ClientSubscriptions>();
    server_.OnPubSubModeChanged(c);  // the client's output limits are now the pubsub class's
  }
  auto& mine = c.subscriptions->Of(kind);
  if (!mine.contains(Key(name))) {
    const uint64_t seq = next_seq_++;
    mine.emplace(std::string(name), seq);
    RegistryOf(kind)[std::string(name)].emplace(seq, &c);
  }
  ReplySubscription(c, kind, /*subscribe=*/true, &name);
}

bool PubSub::Drop(Client& c, PubSubKind kind, std::string_view name) {
  if (c.subscriptions == nullptr) return false;
  auto& mine = c.subscriptions->Of(kind);
  auto it = mine.find(Key(name));
  if (it == mine.end()) return false;
  Registry& reg = RegistryOf(kind);
  auto rit = reg.find(Key(name));
  if (rit != reg.end()) {
    rit->second.erase(it->second);
    if (rit->second.empty()) reg.erase(rit);  // Redis drops a channel with no subscriber left
  }
  mine.erase(it);
  return true;
}

void PubSub::MaybeLeaveMode(Client& c) {
  if (c.subscriptions == nullptr || !c.subscriptions->empty()) return;
  c.subscriptions.reset();
  server_.OnPubSubModeChanged(c);
}

void PubSub::Unsubscribe(Client& c, PubSubKind kind, std::string_view name) {
  Drop(c, kind, name);
  // The reply carries the count after the removal; the record goes only after it is read.
  ReplySubscription(c, kind, /*subscribe=*/false, &name);
  MaybeLeaveMode(c);
}

void PubSub::UnsubscribeAll(Client& c, PubSubKind kind) {
  std::vector<std::string> names;
  if (c.subscriptions != nullptr) {
    for (const auto& [name, seq] : c.subscriptions->Of(kind)) names.push_back(name);
  }
  for (const std::string& name : names) {
    Drop(c, kind, name);
    const std::string_view view = name;
    ReplySubscription(c, kind, /*subscribe=*/false, &view);
  }
  if (names.empty()) ReplySubscription(c, kind, /*subscribe=*/false, nullptr);
  MaybeLeaveMode(c);
}

void PubSub::RemoveClient(Client& c) {
  if (c.subscriptions == nullptr) return;
  for (PubSubKind kind : {PubSubKind::kChannel, PubSubKind::kPattern, PubSubKind::kShard}) {
    std::vector<std::string> names;
    for (const auto& [name, seq] : c.subscriptions->Of(kind)) names.push_back(name);
    for (const std::string& name : names) Drop(c, kind, name);
  }
  MaybeLeaveMode(c);
}

void PubSub::Deliver(Client& c, std::string_view resp2, std::string_view resp3) {
  // Redis 7.0 (prepareClientToWrite) writes nothing to a client being closed, nor under CLIENT REPLY OFF.
  if (c.close_asap || c.close_after_reply || c.rb().discard()) return;
  c.out().Append(c.resp == 3 ? resp3 : resp2);
  server_.OnPubSubDelivered(c);
}

int64_t PubSub::Publish(std::string_view channel, std::string_view message) {
  int64_t receivers = 0;
  if (auto it = channels_.find(Key(channel)); it != channels_.end()) {
    Encode(&buf2_, &buf3_, {"message", channel, message});
    for (const auto& [seq, c] : it->second) {
      Deliver(*c, buf2_, buf3_);
      ++receivers;
    }
  }
  for (const auto& [pattern, subs] : patterns_) {
    if (!ds::GlobMatch(pattern, channel)) continue;
    Encode(&buf2_, &buf3_, {"pmessage", pattern, channel, message});
    for (const auto& [seq, c] : subs) {
      Deliver(*c, buf2_, buf3_);
      ++receivers;
    }
  }
  return receivers;
}

int64_t PubSub::PublishShard(std::string_view channel, std::string_view message) {
  auto it = shard_channels_.find(Key(channel));
  if (it == shard_channels_.end()) return 0;
  Encode(&buf2_, &buf3_, {"smessage", channel, message});
  int64_t receivers = 0;
  for (const auto& [seq, c] : it->second) {
    Deliver(*c, buf2_, buf3_);
    ++receivers;
  }
  return receivers;
}

void PubSub::NotifyKeyspaceEvent(int notify_flags, int notify_class, std::string_view event, std::string_view key,
                                 int db) {
  if (!(notify_flags & notify_class)) return;
  if (channels_.empty() && patterns_.empty()) return;  // nobody could hear it: skip building the names
  std::string chan;
  if (notify_flags & kNotifyKeyspace) {
    absl::StrAppend(&chan, "__keyspace@", db, "__:", Key(key));
    Publish(chan, event);
  }
  if (notify_flags & kNotifyKeyevent) {
    chan.clear();
    absl::StrAppend(&chan, "__keyevent@", db, "__:", Key(event));
    Publish(chan, key);
  }
}

std::vector<std::string_view> PubSub::Names(PubSubKind kind, std::string_view pattern, bool all) const {
  std::vector<std::string_view> out;
  for (const auto& [name, subs] : RegistryOf(kind)) {
    if (all || ds::GlobMatch(pattern, name)) out.push_back(name);
  }
  return out;
}

size_t PubSub::SubscriberCount(PubSubKind kind, std::string_view name) const {
  const Registry& reg = RegistryOf(kind);
  auto it = reg.find(Key(name));
  return it == reg.end() ? 0 : it->second.size();
}

}  // namespace ringkv::core
