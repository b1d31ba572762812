// Transactions: a client's MULTI state (the queued commands, owning their arguments, and why EXEC must fail)
// and the server's registry of watched keys, which the keyspace's change signal (keyspace_events.h) marks
// dirty. The commands themselves are in core/commands/transactions.cc; queueing happens in dispatch.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"

namespace ringkv::core {

class Client;
class Server;
struct Command;
struct KeyEvent;

// One command queued between MULTI and EXEC. The client's argv are views into its input buffer, which is
// reused before EXEC comes, so the queue keeps copies.
struct QueuedCommand {
  Command* cmd = nullptr;
  std::vector<std::string> argv;
};

// A client's transaction (Client::tx). Redis's CLIENT_MULTI / CLIENT_DIRTY_EXEC / CLIENT_DIRTY_CAS flags.
struct TxState {
  bool in_multi = false;
  bool dirty_exec = false;  // a command was refused while queueing: EXEC answers EXECABORT
  bool dirty_cas = false;   // a watched key changed: EXEC answers a null array
  // Union of the queued commands' flags: EXEC itself is refused under maxmemory when one of them may grow
  // memory (Redis 7.0's processCommand treats such an EXEC as deny-oom).
  uint64_t queued_flags = 0;
  std::vector<QueuedCommand> queue;
  // The (db, key) pairs this client watches, each once, in WATCH order (the registry holds the reverse map).
  std::vector<std::pair<int, std::string>> watched;
};

// Watched keys: (db, key) -> the clients watching it. Every key event costs one emptiness test when nobody
// watches, one hash lookup otherwise. Clients are never unwatched while the registry iterates: marking a
// client dirty leaves its watches in place (EXEC, DISCARD, UNWATCH, RESET or the client's end drop them).
class WatchRegistry {
 public:
  explicit WatchRegistry(Server& server) : server_(server) {}
  WatchRegistry(const WatchRegistry&) = delete;
  WatchRegistry& operator=(const WatchRegistry&) = delete;

  // WATCH key in db for c (a second WATCH of the same key is a no-op). Redis 7.0 remembers whether the key
  // was in the db but already expired: its deletion later (lazily, by the active cycle, by a flush) is no
  // logical change and does not fail the transaction.
  void Watch(Client& c, int db, std::string_view key);
  // Drops every watch of c (EXEC, DISCARD, UNWATCH, RESET, the client's end).
  void UnwatchAll(Client& c);
  // Ends c's transaction, if any, and drops its watches (DISCARD, EXEC, RESET, the client's end).
  void Discard(Client& c);
  // EXEC's last check (Redis 7.0's isWatchedKeyExpired): a key c watched while it was alive is still in its
  // table but logically expired now, so the transaction must fail even though nobody has deleted it yet.
  bool AnyWatchedKeyExpired(const Client& c, int64_t now_ms) const;

  // The keyspace's signals (Server forwards them).
  void OnKeyEvent(const KeyEvent& ev);
  // Before FLUSHDB / FLUSHALL empties db: clients watching a key present in it are dirty.
  void OnDbFlushing(int db);
  // After SWAPDB: clients watching, in a or b, a key present in either db are dirty.
  void OnDbsSwapped(int a, int b);

  size_t watched_keys() const { return keys_.size(); }  // distinct (db, key) pairs
  bool empty() const { return keys_.empty(); }

 private:
  struct Watcher {
    Client* client;
    bool expired;  // the key was in the db, logically expired, when this client watched it
  };
  using Key = std::pair<int, std::string>;
  using KeyView = std::pair<int, std::string_view>;
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& k) const { return absl::Hash<KeyView>{}(k); }
    size_t operator()(const Key& k) const { return (*this)(KeyView(k.first, k.second)); }
  };
  struct KeyEq {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return a.first == b.first && std::string_view(a.second) == std::string_view(b.second);
    }
  };
  // Marks the watchers of one key dirty; gone: the key has just left its table (a watcher whose key was
  // already expired when watched sees no change in that, only its flag cleared).
  static void Touch(std::vector<Watcher>& watchers, bool gone);

  Server& server_;
  absl::flat_hash_map<Key, std::vector<Watcher>, KeyHash, KeyEq> keys_;
};

}  // namespace ringkv::core
