// Blocking: clients that wait for keys (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN/MAX, BZMPOP; later
// XREAD BLOCK, WAIT and cluster redirections), as Redis's blocked.c, in Redis 7.2's re-execution model: a
// handler that finds nothing to serve calls ctx.BlockOnKeys(); the client's reply is deferred and its later
// pipelined commands wait (their bytes keep arriving, the query limit applies). When a key it waits on is
// written (the keyspace's KeyEvent signal), the key goes on the ready list; after the current top-level call
// (a command, a whole MULTI/EXEC or script) and in BeforeSleep, each client waiting on a ready key, in FIFO
// order per key, has its command executed again as a proper call in its db. The handler serves it then, or
// blocks again and keeps its place in the queue and its original deadline. For lists and sorted sets this
// gives Redis 7.0's replies; a key that is deleted or holds another type wakes nobody, as in 7.0 (a waiter
// with unblock_on_nokey, for XREADGROUP later, is re-executed then too).
//
// How a handler uses it (see also CommandContext's MayBlock, BlockOnKeys, BlockWakeKey, TimeoutOrReply):
//   int64_t deadline_ms;
//   if (!ctx.TimeoutOrReply(ctx.argv.back(), TimeoutUnit::kSeconds, &deadline_ms)) return;
//   ... serve at once if there is data, and return ...
//   if (!ctx.MayBlock()) { ctx.rb.NullArray(); return; }   // MULTI, scripts: the non-blocking form's reply
//   ctx.BlockOnKeys(keys, deadline_ms, {.type = ObjType::kList});
//
// Timeouts are exact to the millisecond (a client times out at the first millisecond past its deadline, as
// Redis's `timeout < now`): deadlines sit in an ordered set and one DeadlineTimer on the ring is armed for the
// earliest, so ten thousand blocked clients cost nothing per loop turn or cron tick.
//
// Invariants:
//   1. A client is blocked iff client.blocked != nullptr iff waiters_ holds its BlockedClient; a blocked
//      client is linked into the queue of each of its (distinct) keys in its db exactly once, and is in
//      timeouts_ iff its deadline is non-zero.
//   2. A queue (db, key) exists iff at least one client waits on that key; it is never empty.
//   3. While a blocked command is re-executed (reexec_), only that client's links may change: nothing else
//      blocks, unblocks or frees a client, so the serve loop may hold the next link of the queue it walks.
// Ownership: Blocking owns the BlockedClient records (argv copies included); Server owns the clients and
// calls Remove() before freeing one.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "core/object.h"

namespace ringkv::io {
class DeadlineTimer;
}

namespace ringkv::core {

class Client;
class Server;
struct Command;
struct KeyEvent;

// The reply a blocked command gets when its timeout passes or CLIENT UNBLOCK ... TIMEOUT ends it. Redis 7.0
// answers every list and sorted-set command with a null array then (BLMOVE and BRPOPLPUSH too: their
// non-blocking form inside MULTI answers a null bulk, which is the handler's own reply).
enum class TimeoutReply : uint8_t { kNullArray, kNullBulk };

struct BlockOptions {
  ObjType type = ObjType::kList;  // the type whose arrival on a key can serve the client
  TimeoutReply timeout_reply = TimeoutReply::kNullArray;
  // Also re-executed when a key it waits on is deleted, flushed or holds another type (Redis 7.2's
  // unblock_on_nokey, for XREADGROUP); lists and sorted sets leave it false.
  bool unblock_on_nokey = false;
  // A wait that is not for keys (WAIT: replicas' acknowledgements): its reply when it times out or is ended
  // by Release or CLIENT UNBLOCK ... TIMEOUT, written to the client's reply builder. Replaces timeout_reply.
  void (*on_timeout)(Server& server, Client& c) = nullptr;
};

struct BlockedClient;
struct BlockLink;

// One key's waiters in one db, oldest first: an intrusive doubly linked list of the waiters' links, so a
// client leaves any queue in O(1).
struct BlockQueue {
  BlockLink* head = nullptr;
  BlockLink* tail = nullptr;
  size_t nokey = 0;    // waiters with unblock_on_nokey
  bool ready = false;  // on the ready list (so it is put there once)
};

// A blocked client's place in one key's queue.
struct BlockLink {
  BlockedClient* owner = nullptr;
  BlockQueue* queue = nullptr;
  const std::string* key = nullptr;  // the queue's key in its map (node_hash_map: stable)
  BlockLink* prev = nullptr;
  BlockLink* next = nullptr;
};

// A blocked client's record (Client::blocked points to it): the command to run again, as received.
struct BlockedClient {
  Client* client = nullptr;
  Command* cmd = nullptr;
  int db = 0;
  int64_t deadline_ms = 0;  // 0: no timeout
  BlockOptions opts;
  std::vector<std::string> argv;
  std::vector<BlockLink> links;  // one per distinct key; never reallocated while linked
  bool reblocked = false;   // set when its re-executed command blocked again
  // The time its command has run so far, waits excluded (SLOWLOG and the latency histogram count the
  // command once, when it ends).
  int64_t run_us = 0;
};

class Blocking {
 public:
  explicit Blocking(Server& server);
  ~Blocking();
  Blocking(const Blocking&) = delete;
  Blocking& operator=(const Blocking&) = delete;

  // The timer that drives timeouts (set by Server::Run once the loop exists; null in tests, which call
  // HandleTimeouts themselves).
  void SetTimer(io::DeadlineTimer* timer);

  // ---- from handlers (through CommandContext) ----
  // Blocks client c, running cmd with argv in its db, on keys until deadline_ms (0: forever). argv is copied.
  // While c's command is being re-executed, it keeps its place and its first deadline instead.
  void Block(Client& c, Command* cmd, const std::vector<std::string_view>& argv, std::span<const std::string_view> keys,
             int64_t deadline_ms, const BlockOptions& opts);
  // The key whose signal re-executes the running command, or empty when it is not a re-execution.
  std::string_view wake_key(const Client& c) const;
  bool reexecuting(const Client& c) const;

  // ---- from the keyspace (Server's KeyspaceListener) ----
  void OnKeyEvent(const KeyEvent& ev);
  void OnDbFlushed(int db);
  void OnDbsSwapped(int a, int b);

  // ---- from the dispatcher and the server ----
  // After a top-level call: serves the clients waiting on keys signalled ready, until none is left (a served
  // BLMOVE may make its destination ready). Not re-entrant: a call it runs does not serve again.
  void AfterCall() {
    if (!ready_.empty() && !serving_) ServeReady();
  }
  // Ends the waits whose deadline is before now_ms with their timeout reply, then re-arms the timer.
  void HandleTimeouts(int64_t now_ms);
  // CLIENT UNBLOCK id [TIMEOUT|ERROR]: false when no such client is blocked.
  bool Unblock(uint64_t client_id, bool with_error);
  // Ends a wait that is not for keys (WAIT, whose condition its owner watches) with its on_timeout reply,
  // counted as a success. False when the client is not blocked.
  bool Release(uint64_t client_id);
  // Every blocked client stops waiting with `error` as its reply (Redis's disconnectAllBlockedClients when a
  // primary becomes a replica); returns them, for the caller to close after the reply.
  std::vector<Client*> UnblockAll(std::string_view error);
  // The client goes away (disconnect, CLIENT KILL): it stops waiting, with no reply.
  void Remove(Client& c);
  // Clients that stopped waiting since the last call (ids): their pending input is to be run and their
  // deferred replies sent (Server::BeforeSleep).
  std::vector<uint64_t> TakeUnblocked() { return std::exchange(unblocked_, {}); }

  // INFO clients.
  size_t blocked_clients() const { return waiters_.size(); }
  size_t clients_in_timeout_table() const { return timeouts_.size(); }
  // Tests: the earliest deadline (0: none) and how many wait on a key.
  int64_t next_deadline_ms() const { return timeouts_.empty() ? 0 : timeouts_.begin()->first; }
  size_t waiting_on(int db, std::string_view key) const;

 private:
  using KeyQueues = absl::node_hash_map<std::string, BlockQueue>;

  KeyQueues& QueuesOf(int db);
  void MarkReady(int db, std::string_view key, BlockQueue& q);
  void ServeReady();
  void ServeKey(int db, std::string_view key);
  // Runs w's command again for the signal of key; finishes w when it did not block again.
  void Reexecute(BlockedClient* w, std::string_view key);
  // Links w into the queues of keys (distinct), at their tails.
  void LinkKeys(BlockedClient* w, std::span<const std::string_view> keys);
  void UnlinkKeys(BlockedClient* w);
  // w's wait is over: unlinked, out of the timeout set, record freed; its client is queued for its input.
  void Finish(BlockedClient* w);
  // The deferred reply for a timeout or CLIENT UNBLOCK, outside any call of w's client.
  // error: the reply instead of the timeout reply ("" for none).
  void ReplyAndFinish(BlockedClient* w, std::string_view error, bool count_failed);
  void ArmTimer(int64_t now_ms);

  Server& server_;
  io::DeadlineTimer* timer_ = nullptr;
  absl::flat_hash_map<uint64_t, std::unique_ptr<BlockedClient>> waiters_;  // by client id
  std::vector<KeyQueues> queues_;                                           // by db index
  std::set<std::pair<int64_t, uint64_t>> timeouts_;                         // (deadline_ms, client id)
  struct ReadyKey {
    int db;
    std::string key;
  };
  std::vector<ReadyKey> ready_;  // FIFO, no duplicates (BlockQueue::ready)
  std::vector<uint64_t> unblocked_;
  size_t nokey_waiters_ = 0;     // waiters with unblock_on_nokey
  bool serving_ = false;
  BlockedClient* reexec_ = nullptr;  // the waiter whose command is being re-executed
  std::string wake_key_;             // ... and the key that woke it
};

// Parses a blocking command's timeout as Redis 7.0.15's getTimeoutFromObjectOrReply: seconds as a float
// (rounded up to the millisecond; "timeout is not a float or out of range") or milliseconds as an integer
// ("timeout is not an integer or out of range"); negative is "timeout is negative". 0 means forever; else the
// absolute deadline now_ms + timeout (saturated: Redis's overflowing sum also never times out). Returns false
// with the error message in *err.
enum class TimeoutUnit : uint8_t { kSeconds, kMilliseconds };
bool ParseBlockTimeout(std::string_view arg, TimeoutUnit unit, int64_t now_ms, int64_t* deadline_ms,
                       std::string_view* err);

}  // namespace ringkv::core
