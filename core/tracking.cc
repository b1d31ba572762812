#include "core/tracking.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/call.h"
#include "core/client.h"
#include "core/command.h"
#include "core/keyspace_events.h"
#include "core/lazyfree.h"
#include "core/server.h"

namespace ringkv::core {

// ---- TrackedKey ----

size_t TrackedKey::Room(uint32_t count) { return count <= 1 ? 1 : std::bit_ceil(count); }

size_t TrackedKey::BlockBytes(size_t key_len, size_t sessions) {
  return sizeof(TrackedKey) + Padded(key_len) + sizeof(uint64_t) * Room(static_cast<uint32_t>(sessions));
}

TrackedKey* TrackedKey::Create(std::string_view key, uint64_t session) {
  auto* k = new (::operator new(BlockBytes(key.size(), 1))) TrackedKey();
  k->key_len_ = static_cast<uint32_t>(key.size());
  k->count_ = 1;
  std::memcpy(k + 1, key.data(), key.size());
  k->ids()[0] = session;
  return k;
}

void TrackedKey::Destroy(TrackedKey* k) {
  if (k == nullptr) return;
  k->~TrackedKey();
  ::operator delete(k);
}

// ---- TrackingTable ----

// A flushed table freed in the lazy-free slices (LazyFree::SliceTask), so a flush of millions of tracked keys
// never stalls the loop.
struct TrackingTable::FlushedTable : LazyFree::SliceTask {
  Dict dict;
  bool Step(size_t* budget, LazyFree&) override {
    const size_t n = dict.DrainSome(*budget, TrackedKey::Destroy);
    *budget -= std::min(n, *budget);
    return dict.empty();
  }
  ~FlushedTable() override { dict.Clear(TrackedKey::Destroy); }
};

TrackingTable::~TrackingTable() { dict_.Clear(TrackedKey::Destroy); }

bool TrackingTable::Add(std::string_view key, uint64_t session) {
  if (key.size() > UINT32_MAX) return false;  // beyond any proto-max-bulk-len a key can have
  const uint64_t hash = Dict::HashOf(key);
  TrackedKey* k = dict_.Find(key, hash);
  if (k == nullptr) {
    dict_.Insert(TrackedKey::Create(key, session), hash);
    ++items_;
    return true;
  }
  uint64_t* ids = k->ids();
  uint64_t* end = ids + k->count_;
  uint64_t* pos = std::lower_bound(ids, end, session);
  if (pos != end && *pos == session) return false;
  if (k->count_ < TrackedKey::Room(k->count_)) {
    std::memmove(pos + 1, pos, (end - pos) * sizeof(uint64_t));
    *pos = session;
    ++k->count_;
  } else {
    // Full: a block with room for twice as many, in the old one's place in the dict.
    const size_t at = pos - ids;
    auto* fresh =
        new (::operator new(TrackedKey::BlockBytes(k->key_len_, k->count_ + 1))) TrackedKey();
    fresh->key_len_ = k->key_len_;
    fresh->count_ = k->count_ + 1;
    std::memcpy(fresh + 1, k + 1, k->key_len_);
    uint64_t* out = fresh->ids();
    std::copy(ids, pos, out);
    out[at] = session;
    std::copy(pos, end, out + at + 1);
    dict_.Replace(k, fresh);
    TrackedKey::Destroy(k);
  }
  ++items_;
  return true;
}

TrackedKeyPtr TrackingTable::Take(std::string_view key) {
  TrackedKey* k = dict_.Extract(key);
  if (k != nullptr) items_ -= k->count_;
  return TrackedKeyPtr(k);
}

TrackedKeyPtr TrackingTable::TakeRandom(absl::BitGen& rng) {
  TrackedKey* k = dict_.Random(rng);
  if (k == nullptr) return nullptr;
  dict_.Extract(k->key());
  items_ -= k->count_;
  return TrackedKeyPtr(k);
}

void TrackingTable::Clear(LazyFree* lazyfree) {
  items_ = 0;
  if (lazyfree != nullptr && dict_.size() > LazyFree::kThreshold) {
    auto flushed = std::make_unique<FlushedTable>();
    flushed->dict = std::move(dict_);  // dict_ is left empty and usable
    lazyfree->SubmitSlices(std::move(flushed), 0);
  } else {
    dict_.Clear(TrackedKey::Destroy);
  }
}

// ---- Tracking: client state ----

namespace {

bool Overlap(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}

// Redis formats prefixes with %s: the text ends at a NUL byte.
std::string_view UpToNul(std::string_view s) { return s.substr(0, s.find('\0')); }

// The top-level call of a nested one (a script's or EXEC's inner command): its client is the one that sent
// the command (Redis's server.current_client; a script's caller).
bool IsReadOnlyScriptCommand(const Command& cmd) {
  const std::string& n = cmd.full_name;
  return n == "eval_ro" || n == "evalsha_ro" || n == "fcall_ro";
}

const Call* RootOf(const Call* call) {
  while (call->parent != nullptr) call = call->parent;
  return call;
}

// A flush's payload: a null in the tracking client's protocol (also when a target of the other protocol gets
// it, as Redis does).
std::string_view NullFor(const Client& c) { return c.resp == 3 ? "_\r\n" : "$-1\r\n"; }

void AppendKeyArray(std::string* out, size_t count) { absl::StrAppend(out, "*", count, "\r\n"); }
void AppendBulk(std::string* out, std::string_view s) {
  absl::StrAppend(out, "$", s.size(), "\r\n");
  out->append(s);
  out->append("\r\n");
}

}  // namespace

std::string Tracking::PrefixCollision(const Client& c, std::span<const std::string_view> add) {
  for (size_t i = 0; i < add.size(); ++i) {
    if (c.tracking != nullptr) {
      for (const std::string& have : c.tracking->prefixes) {
        if (Overlap(have, add[i])) {
          return "ERR Prefix '" + std::string(UpToNul(add[i])) + "' overlaps with an existing prefix '" +
                 std::string(UpToNul(have)) + "'. Prefixes for a single client must not overlap.";
        }
      }
    }
    for (size_t j = i + 1; j < add.size(); ++j) {
      if (Overlap(add[i], add[j])) {
        return "ERR Prefix '" + std::string(UpToNul(add[i])) + "' overlaps with another provided prefix '" +
               std::string(UpToNul(add[j])) + "'. Prefixes for a single client must not overlap.";
      }
    }
  }
  return {};
}

void Tracking::Enable(Client& c, const Options& opts) {
  if (c.tracking == nullptr) {
    c.tracking = std::make_unique<ClientTracking>();
    c.tracking->session = next_session_++;
    sessions_.emplace(c.tracking->session, &c);
  }
  ClientTracking& t = *c.tracking;
  t.redirect = opts.redirect;
  t.broken_redirect = false;
  t.bcast = opts.bcast;
  t.optin = opts.optin;
  t.optout = opts.optout;
  t.noloop = opts.noloop;
  if (opts.bcast) {
    if (opts.prefixes.empty()) AddPrefix(c, "");
    for (std::string_view p : opts.prefixes) AddPrefix(c, p);
  }
}

void Tracking::Disable(Client& c) {
  if (c.tracking == nullptr) return;
  // RemovePrefix edits the client's set: walk a copy.
  const absl::btree_set<std::string> prefixes = c.tracking->prefixes;
  for (const std::string& p : prefixes) RemovePrefix(c, p);
  sessions_.erase(c.tracking->session);
  c.tracking.reset();
  // The session's ids stay in the table until Sweep removes them: nothing is ever sent for them.
  ended_sessions_ = true;
  if (sweep_running_) sessions_ended_in_pass_ = true;
}

void Tracking::RemoveClient(Client& c) {
  Disable(c);
  std::erase_if(pending_, [&c](const Pending& p) { return p.owner == &c || p.target == &c; });
}

void Tracking::AddPrefix(Client& c, std::string_view prefix) {
  auto [it, created] = prefixes_.try_emplace(std::string(prefix));
  if (created) ++prefix_lengths_[prefix.size()];
  if (it->second.clients.emplace(c.id(), &c).second) c.tracking->prefixes.emplace(prefix);
}

void Tracking::RemovePrefix(Client& c, const std::string& prefix) {
  c.tracking->prefixes.erase(prefix);
  auto it = prefixes_.find(prefix);
  if (it == prefixes_.end()) return;
  Prefix& p = it->second;
  p.clients.erase(c.id());
  if (!p.clients.empty()) return;
  // The last client of the prefix: it goes with whatever changes it had queued (nobody is left to tell).
  if (!p.keys.empty()) --changed_prefixes_;
  if (auto len = prefix_lengths_.find(prefix.size()); --len->second == 0) prefix_lengths_.erase(len);
  prefixes_.erase(it);
}

// ---- Tracking: the dispatcher's hooks ----

void Tracking::AfterCall(const Call& call) {
  const Command& cmd = *call.cmd;
  // The read-only script commands are no read themselves: only the reads their scripts make count.
  if ((cmd.spec.flags & kCmdReadonly) && !IsReadOnlyScriptCommand(cmd)) {
    Client& caller = *RootOf(&call)->client;
    if (caller.tracking != nullptr && !caller.tracking->bcast) {
      // Redis 7.0.15 remembers the keys of the caller's own command (its c->cmd): for EXEC's inner commands
      // that is the inner command; for a script's read, the script command itself -- its declared keys, not
      // the keys the script read.
      const Call* own = &call;
      while (own->client != &caller) own = own->parent;
      RememberKeys(caller, *own->cmd, caller.argv);
    }
  }
  if (call.parent == nullptr && !pending_.empty()) FlushPending(*call.client);
}

void Tracking::RememberKeys(Client& caller, const Command& cmd, const std::vector<std::string_view>& argv) {
  const ClientTracking& t = *caller.tracking;
  if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
  // Shard channels are keys to COMMAND (for cluster routing), not data anyone caches.
  if (cmd.spec.flags & kCmdPubsub) return;
  key_positions_.clear();
  if (cmd.spec.getkeys == nullptr && (cmd.spec.flags & kCmdMovableKeys)) {
    // EVAL, FCALL and their _RO forms: the keys they declare, as Redis's getkeys procs find them.
    std::vector<KeyRef> refs;
    CommandTable::GetKeysFromSpecs(cmd, argv, &refs);
    for (const KeyRef& r : refs) key_positions_.push_back(r.pos);
  } else {
    CommandTable::GetKeys(cmd, argv, &key_positions_);
  }
  for (int pos : key_positions_) table_.Add(argv[pos], t.session);
}

void Tracking::AfterClientCommand(Client& c, const Command* cmd) {
  if (c.tracking == nullptr || !c.tracking->caching || c.tx.in_multi) return;
  if (cmd != nullptr && cmd->parent != nullptr && cmd->parent->full_name == "client") return;
  c.tracking->caching = false;
}

void Tracking::EnforceTableLimit() {
  const int64_t max_keys = server_.config().tracking_table_max_keys;
  if (max_keys <= 0) return;  // 0: no limit
  const size_t limit = static_cast<size_t>(max_keys);
  if (table_.keys() <= limit) {
    limit_calls_over_ = 0;
    return;
  }
  int effort = std::min(kLimitEffortStep * (limit_calls_over_ + 1), kLimitEffortMax);
  while (effort-- > 0) {
    TrackedKeyPtr k = table_.TakeRandom(server_.rng());
    if (k == nullptr) break;
    // Forgetting a key is not a change of it: no broadcast, and every client is told, NOLOOP or not (Redis
    // skips a NOLOOP client whose command is about to run, which then never learns it lost the key).
    Notify(*k, /*changer=*/nullptr);
    if (table_.keys() <= limit) {
      limit_calls_over_ = 0;
      return;
    }
  }
  if (limit_calls_over_ < kLimitEffortMax / kLimitEffortStep) ++limit_calls_over_;
}

// ---- Tracking: invalidation ----

Client* Tracking::ExecutingClient() const {
  const Call* call = server_.dispatcher().current();
  return call != nullptr ? RootOf(call)->client : nullptr;
}

void Tracking::OnKeyEvent(const KeyEvent& ev) {
  if (table_.keys() == 0 && prefixes_.empty()) return;
  const Call* call = server_.dispatcher().current();
  if (!prefixes_.empty()) {
    // BCAST's NOLOOP compares with the client of the innermost call (a script's own client, not its
    // caller), and an expiry or eviction has none: Redis's signalModifiedKey(c) / signalModifiedKey(NULL).
    const bool by_command = call != nullptr && ev.change != KeyChange::kExpired && ev.change != KeyChange::kEvicted;
    QueueBroadcast(ev.key, by_command ? call->client->id() : 0);
  }
  if (table_.keys() == 0) return;
  // The default mode's NOLOOP compares with the client of the top-level call (Redis's current_client), so a
  // script's writes and an expiry met by the client's own command are its own changes. An eviction is
  // nobody's: ringkv tells the NOLOOP client anyway (Redis would not, leaving its copy stale).
  if (TrackedKeyPtr k = table_.Take(ev.key); k != nullptr)
    Notify(*k, ev.change == KeyChange::kEvicted ? nullptr : ExecutingClient());
}

bool Tracking::MustWait(Client& target, const Client* executing) const {
  if (executing == nullptr) return false;
  if (&target == executing) return true;
  // Also when the message is redirected to the client whose reply is being built (Redis would splice it in).
  const uint64_t redirect = target.tracking != nullptr ? target.tracking->redirect : 0;
  return redirect != 0 && server_.FindClient(redirect) == executing;
}

void Tracking::Notify(const TrackedKey& k, const Client* changer) {
  // Invalidations that would reach the client of the running top-level call wait until after its reply
  // (Redis's tracking_pending_keys, for a target that is the current client and executing a command).
  Client* executing = ExecutingClient();
  bool encoded = false;
  for (uint64_t session : k.sessions()) {
    auto it = sessions_.find(session);
    if (it == sessions_.end()) continue;  // an ended session
    Client& target = *it->second;
    if (target.tracking->noloop && &target == changer) continue;
    if (MustWait(target, executing)) {
      pending_.push_back({executing, &target, std::string(k.key()), /*all=*/false});
      continue;
    }
    if (!encoded) {
      payload_.clear();
      AppendKeyArray(&payload_, 1);
      AppendBulk(&payload_, k.key());
      encoded = true;
    }
    SendTo(target, payload_);
  }
}

void Tracking::FlushPending(Client& owner) {
  std::vector<Pending> due;
  std::erase_if(pending_, [&](Pending& p) {
    if (p.owner != &owner) return false;
    due.push_back(std::move(p));
    return true;
  });
  for (const Pending& p : due) {
    if (p.all) {
      SendTo(*p.target, NullFor(*p.target));
      continue;
    }
    payload_.clear();
    AppendKeyArray(&payload_, 1);
    AppendBulk(&payload_, p.key);
    SendTo(*p.target, payload_);
  }
}

void Tracking::SendTo(Client& c, std::string_view payload) {
  Client* target = &c;
  bool redirected = false;
  const uint64_t redirect = c.tracking != nullptr ? c.tracking->redirect : 0;
  if (redirect != 0) {
    target = server_.FindClient(redirect);
    if (target == nullptr) {
      c.tracking->broken_redirect = true;
      // Only a RESP3 client can be told in band that its messages have nowhere to go.
      if (c.resp == 3) {
        msg_.clear();
        absl::StrAppend(&msg_, ">2\r\n$21\r\ntracking-redir-broken\r\n:", redirect, "\r\n");
        server_.pubsub().Deliver(c, msg_, msg_);
      }
      return;
    }
    redirected = true;
  }
  msg_.clear();
  if (target->resp == 3) {
    msg_ = ">2\r\n$10\r\ninvalidate\r\n";
  } else if (redirected && target->in_pubsub()) {
    msg_ = "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n";
  } else {
    return;  // RESP2 has no push, and the client reads no channel: nothing can be sent
  }
  msg_ += payload;
  server_.pubsub().Deliver(*target, msg_, msg_);
}

void Tracking::OnFlush() {
  if (flush_all_depth_ > 0) return;  // FlushAllScope sends once at its end
  // The client that flushed gets its message after the reply, in order with its other invalidations.
  Client* executing = ExecutingClient();
  for (auto& [session, c] : sessions_) {
    if (MustWait(*c, executing)) {
      pending_.push_back({executing, c, std::string(), /*all=*/true});
    } else {
      SendTo(*c, NullFor(*c));
    }
  }
  table_.Clear(&server_.lazyfree());
  // Every id went with the table, live or not.
  ended_sessions_ = sweep_running_ = sessions_ended_in_pass_ = false;
  limit_calls_over_ = 0;
}

// ---- Tracking: BCAST ----

void Tracking::QueueBroadcast(std::string_view key, uint64_t changer_id) {
  for (const auto& [len, count] : prefix_lengths_) {
    if (len > key.size()) break;
    auto it = prefixes_.find(key.substr(0, len));
    if (it == prefixes_.end()) continue;
    Prefix& p = it->second;
    if (p.keys.empty()) ++changed_prefixes_;
    // The last change wins (Redis's raxInsert): NOLOOP skips a key only if its owner changed it last.
    p.keys.insert_or_assign(std::string(key), changer_id);
  }
}

bool Tracking::BuildBroadcast(const Prefix& p, uint64_t skip_id, std::string* out) const {
  size_t count = 0;
  for (const auto& [key, changer] : p.keys) count += skip_id == 0 || changer != skip_id;
  if (count == 0) return false;
  out->clear();
  AppendKeyArray(out, count);
  for (const auto& [key, changer] : p.keys) {
    if (skip_id == 0 || changer != skip_id) AppendBulk(out, key);
  }
  return true;
}

void Tracking::BeforeSleep() {
  if (changed_prefixes_ == 0) return;
  std::string all, own;
  for (auto& [name, p] : prefixes_) {
    if (p.keys.empty()) continue;
    BuildBroadcast(p, 0, &all);
    // Delivery never frees a client (one over its output limit is closed later): the map stays intact.
    for (const auto& [id, c] : p.clients) {
      if (c->tracking->noloop) {
        if (BuildBroadcast(p, id, &own)) SendTo(*c, own);
      } else {
        SendTo(*c, all);
      }
    }
    p.keys.clear();
  }
  changed_prefixes_ = 0;
}

// ---- Tracking: the cron ----

void Tracking::Cron() {
  if (!sessions_.empty()) EnforceTableLimit();
  if (!ended_sessions_) return;
  if (!sweep_running_) {
    sweep_running_ = true;
    sweep_cursor_ = 0;
    sessions_ended_in_pass_ = false;
  }
  sweep_cursor_ = table_.Sweep(sweep_cursor_, kSweepKeysPerCron,
                               [this](uint64_t session) { return sessions_.contains(session); });
  if (sweep_cursor_ != 0) return;
  // The pass saw every key that was there when it began: the sessions ended before it are gone.
  sweep_running_ = false;
  ended_sessions_ = sessions_ended_in_pass_;
  sessions_ended_in_pass_ = false;
}

}  // namespace ringkv::core
