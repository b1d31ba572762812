// Client-side caching (Redis 7.0's tracking.c): CLIENT TRACKING's state and the invalidation messages. A
// tracking client is told when a key it may hold in a local cache changes, so it can drop its copy:
//  - default mode: the keys a read-only command read (after the call, by its key specs) are remembered for the
//    client that ran it, EXEC's inner commands included; a script's read remembers the script's declared keys
//    for its caller (Redis 7.0.15: the keys of the caller's command, not of the script's), and EVAL_RO,
//    EVALSHA_RO and FCALL_RO count only by their scripts' reads; the first change of such a key sends each of those clients one invalidation and forgets
//    the key (it is tracked again when read again). OPTIN remembers only after CLIENT CACHING yes, OPTOUT
//    unless CLIENT CACHING no, for the next command (a whole MULTI..EXEC);
//  - BCAST: nothing is remembered; every change of a key under one of the client's prefixes is queued for
//    the prefix, and BeforeSleep sends each client of the prefix one message with all of them;
//  - a flush (FLUSHDB, FLUSHALL, a replica's full sync) sends every tracking client one null invalidation and
//    empties the table.
// Changes come from the keyspace's KeyEvent signal (writes, deletes, expiry, eviction; Server::OnKeyEvent).
// The table is global, not per db, as Redis's: a write in db 1 invalidates a read in db 0.
//
// Delivery (SendTo): a RESP3 client gets `>2 invalidate <keys>` pushes; with REDIRECT <id> the messages go to
// that client instead: a RESP3 one gets the same pushes, a RESP2 one in pub/sub mode a `message` on
// __redis__:invalidate whose payload is the array of keys (null for a flush); a RESP2 client without a
// redirect gets nothing, as in Redis. A redirect target that is gone marks the client broken_redirect and, in
// RESP3, sends it a `tracking-redir-broken` push instead. Messages go through PubSub::Deliver, so they are
// refused to a closing client or under CLIENT REPLY OFF and count against the output limits like any reply.
// An invalidation (or a flush's null) that would reach the client of the running top-level call waits until
// that call has replied (Redis's tracking_pending_keys), so it is never spliced into the reply (ringkv also
// holds one redirected to that client, which Redis splices in).
//
// NOLOOP, as Redis 7.0.15 does it: in default mode a change is the client's own when its top-level call made
// it (its scripts' writes, and an expiry its own read met); in BCAST mode when the innermost call's client
// made it (a script's writes are not the caller's), and an expiry is nobody's. An eviction is nobody's in
// both (Redis would skip a NOLOOP client whose command evicted its key, leaving its copy stale).
//
// Sessions. The table stores a session id per client, not the client id: a session starts at CLIENT TRACKING
// ON (of a client that was off) and ends at OFF, RESET or the client's end, and its id is never reused. So a
// client that turns tracking off and on again gets no messages for what it read before (Redis keeps its id in
// the table and would still send them), and the ids of ended sessions are removed by Sweep in bounded steps
// from the cron (Redis leaves them until their key changes): the table holds no dangling id for long.
//
// Memory of the table (TrackingTable): one heap block per tracked key holding an 8-byte header, the key's
// bytes rounded up to 8, and its session ids (8 bytes each, room for a power of two of them), plus one 8-byte
// slot and a control byte in ds::Dict. A 16-byte key read by one client costs a 32-byte block and ~10-12
// bytes of table: ~44 bytes, against Redis's radix tree of keys each with its own radix tree of ids. The key
// is stored once however many clients track it; the keyspace's own copy is not shared (a tracked key may not
// exist, and a key's entry may be freed while its invalidation is still owed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "ds/dict.h"

namespace ringkv::core {

class Client;
class LazyFree;
class Server;
struct Call;
struct Command;
struct KeyEvent;

// One client's tracking state, present (Client::tracking) while CLIENT TRACKING is on.
struct ClientTracking {
  uint64_t session = 0;   // the id its keys carry in the table (Tracking's sessions): never reused
  uint64_t redirect = 0;  // REDIRECT's client id; 0: none
  bool bcast = false;
  bool optin = false;
  bool optout = false;
  bool noloop = false;           // no invalidation for a change this client made itself
  bool caching = false;          // CLIENT CACHING yes (OPTIN) or no (OPTOUT) was given for the next command
  bool broken_redirect = false;  // a message found the redirect target gone
  absl::btree_set<std::string> prefixes;  // BCAST's prefixes in Redis's order (bytewise); "" matches all
};

// A tracked key: one heap block [header][key bytes, padded to 8][session ids, sorted]. The ids have room for
// bit_ceil(count) entries; the key's bytes never change while the block is in the table.
class TrackedKey {
 public:
  static TrackedKey* Create(std::string_view key, uint64_t session);
  static void Destroy(TrackedKey* k);
  struct Deleter {
    void operator()(TrackedKey* k) const { Destroy(k); }
  };

  std::string_view key() const { return {reinterpret_cast<const char*>(this + 1), key_len_}; }
  std::span<const uint64_t> sessions() const { return {ids(), count_}; }
  // Bytes of the block holding this many sessions (the table's cost per key, minus the Dict's slot).
  static size_t BlockBytes(size_t key_len, size_t sessions);

 private:
  friend class TrackingTable;
  TrackedKey() = default;
  uint64_t* ids() { return reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(this + 1) + Padded(key_len_)); }
  const uint64_t* ids() const { return const_cast<TrackedKey*>(this)->ids(); }
  static size_t Padded(size_t n) { return (n + 7) & ~size_t{7}; }
  static size_t Room(uint32_t count);  // ids the block has room for

  uint32_t key_len_ = 0;
  uint32_t count_ = 0;
};
static_assert(sizeof(TrackedKey) == 8);

using TrackedKeyPtr = std::unique_ptr<TrackedKey, TrackedKey::Deleter>;

// The default mode's table: key -> the sessions that may hold it (Redis's TrackingTable).
class TrackingTable {
 public:
  TrackingTable() = default;
  ~TrackingTable();
  TrackingTable(const TrackingTable&) = delete;
  TrackingTable& operator=(const TrackingTable&) = delete;

  // Remembers that session may hold key; true when the pair is new. Work: one probe, and when the key gains
  // a session past its block's room, one copy of the block (O(sessions of the key)).
  bool Add(std::string_view key, uint64_t session);
  // Removes key from the table and hands it over (null when it was not tracked).
  TrackedKeyPtr Take(std::string_view key);
  // Removes a uniformly random key and hands it over (null when the table is empty). Work: Dict::Random.
  TrackedKeyPtr TakeRandom(absl::BitGen& rng);
  // Every key goes (a flush). A big table is freed in the lazy-free slices (lazyfree may be null: at once).
  void Clear(LazyFree* lazyfree);

  // Drops the ids for which live(id) is false from about count keys, from cursor on (ds::Dict::Scan's
  // cursor, 0 to start); a key left with none goes. Returns the next cursor, 0 when the pass is done: a pass
  // from 0 to 0 visits every key present throughout. Work: one Dict::Scan call of count, plus O(ids) per key.
  template <class Live>
  uint64_t Sweep(uint64_t cursor, size_t count, Live&& live);

  size_t keys() const { return dict_.size(); }  // INFO tracking_total_keys
  uint64_t items() const { return items_; }     // INFO tracking_total_items: (key, session) pairs

 private:
  struct Traits {
    static std::string_view Key(const TrackedKey* k) { return k->key(); }
    static uint64_t Hash(std::string_view key) { return ds::DefaultHash(key); }
  };
  using Dict = ds::Dict<TrackedKey, Traits>;
  struct FlushedTable;
  // Removes the ids for which live(id) is false from k; returns how many went.
  template <class Live>
  static size_t DropDead(TrackedKey* k, Live& live);

  Dict dict_;
  uint64_t items_ = 0;
  std::vector<TrackedKey*> emptied_;  // Sweep's scratch: keys left without a session
};

// The server's tracking: per-client state changes, the table, the BCAST prefixes, the messages.
class Tracking {
 public:
  explicit Tracking(Server& server) : server_(server) {}
  Tracking(const Tracking&) = delete;
  Tracking& operator=(const Tracking&) = delete;

  // What CLIENT TRACKING ON asked for (the handler has checked the combination against Redis's rules).
  struct Options {
    uint64_t redirect = 0;
    bool bcast = false, optin = false, optout = false, noloop = false;
    std::vector<std::string_view> prefixes;
  };
  // CLIENT TRACKING ON: starts a session, or changes the options of the one running (Redis's enableTracking:
  // the mode flags and broken_redirect are replaced, CLIENT CACHING's flag and the BCAST prefixes stay, and
  // new prefixes add to them; BCAST without PREFIX adds the empty prefix).
  void Enable(Client& c, const Options& opts);
  // CLIENT TRACKING OFF and RESET: the session ends and every trace of it goes (its prefixes now, its ids by
  // Sweep).
  void Disable(Client& c);
  // The client's end: Disable, and the invalidations it was owed go too.
  void RemoveClient(Client& c);
  // Redis's checkPrefixCollisionsOrReply: the error for the first prefix of `add` that overlaps (one is a
  // prefix of the other) a prefix c has or a later one of `add`; empty when none does.
  static std::string PrefixCollision(const Client& c, std::span<const std::string_view> add);

  // Anything to do on the command path: a tracking client exists, or an invalidation waits for a reply.
  bool active() const { return !sessions_.empty() || !pending_.empty(); }

  // ---- the dispatcher's hooks ----
  // A call ended (each call, nested ones too): the keys of a read-only command are remembered for the
  // top-level call's client (Redis's trackingRememberKeys); at the end of a top-level call, the invalidations
  // that waited for its reply are sent (trackingHandlePendingKeyInvalidations).
  void AfterCall(const Call& call);
  // A command of c was processed (run, queued or refused): CLIENT CACHING's flag lasts one command, or one
  // transaction (Redis's resetClient keeps it inside MULTI and after any CLIENT subcommand).
  void AfterClientCommand(Client& c, const Command* cmd);
  // Before a command runs (and from the cron): over tracking-table-max-keys, random keys are forgotten with an
  // invalidation (Redis's trackingLimitUsedSlots). Work: at most kLimitEffortMax keys a call; the effort grows
  // by 100 keys with each call that ends still over the limit, from 100.
  void EnforceTableLimit();
  static constexpr int kLimitEffortStep = 100;
  static constexpr int kLimitEffortMax = 10000;

  // ---- the keyspace's signals (Server forwards them) ----
  void OnKeyEvent(const KeyEvent& ev);
  // FLUSHDB / FLUSHALL (through a FlushAllScope, once for all the dbs): a null invalidation to every tracking
  // client, and the table empties (Redis's trackingInvalidateKeysOnFlush).
  void OnFlush();
  // Server::FlushAll empties every db: one invalidation for the whole flush, as Redis's signalFlushedDb(-1).
  class FlushAllScope {
   public:
    explicit FlushAllScope(Tracking& t) : t_(t) { ++t_.flush_all_depth_; }
    ~FlushAllScope() {
      if (--t_.flush_all_depth_ == 0) t_.OnFlush();
    }
    FlushAllScope(const FlushAllScope&) = delete;
    FlushAllScope& operator=(const FlushAllScope&) = delete;

   private:
    Tracking& t_;
  };

  // ---- the loop ----
  // BCAST: each prefix's changed keys go to its clients, one message each (Redis's
  // trackingBroadcastInvalidationMessages). Work: O(prefixes + keys changed) when something changed, O(1)
  // otherwise.
  void BeforeSleep();
  // The table limit, and the sweep of ended sessions' ids: at most kSweepKeysPerCron keys a tick.
  void Cron();
  static constexpr size_t kSweepKeysPerCron = 4096;

  // INFO.
  size_t tracking_clients() const { return sessions_.size(); }
  size_t total_keys() const { return table_.keys(); }
  uint64_t total_items() const { return table_.items(); }
  size_t total_prefixes() const { return prefixes_.size(); }

 private:
  // One BCAST prefix: its clients, and the keys changed under it since the last broadcast, each with the id
  // of the client that changed it last (0: no client, as expiry) for NOLOOP.
  struct Prefix {
    absl::btree_map<uint64_t, Client*> clients;  // by client id
    absl::btree_map<std::string, uint64_t> keys;
  };

  // trackingRememberKeys: the keys argv names for cmd go into the table for caller's session.
  void RememberKeys(Client& caller, const Command& cmd, const std::vector<std::string_view>& argv);
  // k was taken out of the table: each running session that tracked it gets an invalidation (Redis's
  // trackingInvalidateKey), but not a NOLOOP client that made the change (changer: the client of the
  // top-level call that changed it; null for an eviction and the table limit).
  void Notify(const TrackedKey& k, const Client* changer);
  // The client of the running top-level call (a script's caller), null between commands.
  Client* ExecutingClient() const;
  // Sends c one invalidation whose payload is the RESP value `payload` (an array of keys, or a null), to c or
  // its redirect target (Redis's sendTrackingMessage).
  void SendTo(Client& c, std::string_view payload);
  // Whether an invalidation for target must wait for the end of the running top-level call of executing
  // (null: none runs): it would reach executing itself, directly or redirected.
  bool MustWait(Client& target, const Client* executing) const;
  // owner's top-level call ended: the invalidations that waited for it are sent.
  void FlushPending(Client& owner);
  void AddPrefix(Client& c, std::string_view prefix);
  void RemovePrefix(Client& c, const std::string& prefix);
  // BCAST: key changed by the client with id changer_id (0: none); queue it under each matching prefix.
  void QueueBroadcast(std::string_view key, uint64_t changer_id);
  // The array of keys of p in RESP, without those last changed by the client with id skip_id (0: keep all);
  // false when nothing is left.
  bool BuildBroadcast(const Prefix& p, uint64_t skip_id, std::string* out) const;

  Server& server_;
  TrackingTable table_;
  absl::flat_hash_map<uint64_t, Client*> sessions_;  // running sessions (their clients are tracking)
  uint64_t next_session_ = 1;
  bool ended_sessions_ = false;  // ids of ended sessions may remain in the table
  uint64_t sweep_cursor_ = 0;    // the sweep pass in progress (0 with ended_sessions_: a pass starts)
  bool sweep_running_ = false;
  bool sessions_ended_in_pass_ = false;  // a session ended after the running pass began: one more pass
  // BCAST prefixes (stable nodes: Prefix* stay valid while the prefix exists) and their distinct lengths, so
  // a changed key is matched with one lookup per length.
  std::map<std::string, Prefix, std::less<>> prefixes_;
  std::map<size_t, size_t> prefix_lengths_;  // length -> prefixes of that length
  size_t changed_prefixes_ = 0;              // prefixes whose keys are not empty
  // Invalidations (keys, or a flush's null) waiting for the end of a top-level call (MustWait).
  struct Pending {
    Client* owner;   // the client of the top-level call they wait for
    Client* target;  // the tracking client they are for
    std::string key;
    bool all;  // a flush: a null payload
  };
  std::vector<Pending> pending_;
  int limit_calls_over_ = 0;  // EnforceTableLimit calls that ended over the limit in a row
  int flush_all_depth_ = 0;
  std::vector<int> key_positions_;  // scratch of AfterCall
  std::string msg_, payload_;       // encoding scratch
};

// ---- templates ----

template <class Live>
size_t TrackingTable::DropDead(TrackedKey* k, Live& live) {
  uint64_t* ids = k->ids();
  uint32_t kept = 0;
  for (uint32_t i = 0; i < k->count_; ++i)
    if (live(ids[i])) ids[kept++] = ids[i];
  const size_t dropped = k->count_ - kept;
  k->count_ = kept;  // the room only ever shrinks in count's eyes: the block stays large enough
  return dropped;
}

template <class Live>
uint64_t TrackingTable::Sweep(uint64_t cursor, size_t count, Live&& live) {
  // Scan's callback must not change the dict: keys left empty are taken out after the call.
  emptied_.clear();
  const uint64_t next = dict_.Scan(cursor, count, [&](TrackedKey* k) {
    items_ -= DropDead(k, live);
    if (k->count_ == 0) emptied_.push_back(k);
  });
  for (TrackedKey* k : emptied_) TrackedKey::Destroy(dict_.Extract(k->key()));
  emptied_.clear();
  return next;
}

}  // namespace ringkv::core
