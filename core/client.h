// Client: the state of one client of the server, independent of any socket, so that fake clients (Lua
// scripts, the AOF loader, MULTI replay) run commands through the same path. A network client points at its
// io::Connection; a fake one has none and collects its replies in its own buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/multi.h"
#include "io/output_buffer.h"
#include "io/reply_builder.h"
#include "io/resp_parser.h"

namespace ringkv::io {
class Connection;
}

namespace ringkv::core {

struct Command;
struct BlockedClient;
struct ClientSubscriptions;
struct ClientTracking;
class ReplicaLink;

enum class ReplyMode : uint8_t { kOn, kOff, kSkipNext, kSkipThis };

class Client {
 public:
  // conn may be null (fake client). limits are the server's live protocol limits.
  Client(uint64_t id, io::Connection* conn, io::OutputBuffer* out, const io::RespLimits* limits);
  ~Client();

  uint64_t id() const { return id_; }
  io::Connection* conn() const { return conn_; }
  void DetachConnection() { conn_ = nullptr; }
  io::ReplyBuilder& rb() { return rb_; }
  io::OutputBuffer& out() { return *out_; }
  io::RespParser& parser() { return parser_; }

  int db_index = 0;
  int resp = 2;  // protocol version chosen by HELLO
  bool authenticated = false;
  std::string name;
  std::string user = "default";
  ReplyMode reply_mode = ReplyMode::kOn;
  bool no_evict = false;
  bool close_after_reply = false;  // QUIT, protocol errors
  bool close_asap = false;         // CLIENT KILL, output limit
  // Its input is being run (ClientInput::Process is on the stack). A connection closed meanwhile -- in a
  // nested loop turn while its script runs -- does not free the client under the running command (Redis's
  // protectClient): free_when_done makes Process free it when it returns.
  bool in_process = false;
  bool free_when_done = false;
  bool is_fake() const { return conn_ == nullptr; }

  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  const Command* last_cmd = nullptr;  // CLIENT LIST cmd= (the command being run or the last one)
  std::string addr;   // ip:port of the peer ("<path>:0" on a unix socket)
  // Redis's getClientPeerId, as SLOWLOG and MONITOR print it: addr, or "?:0" for a client with no socket.
  std::string_view PeerId() const { return addr.empty() ? std::string_view("?:0") : std::string_view(addr); }
  std::string laddr;  // ip:port of the local end
  int fd = -1;
  uint64_t commands_processed = 0;
  int64_t obuf_soft_limit_since_ms = 0;  // when the output passed its soft limit (0: it is under it)
  // Output backpressure (client_input.h): running this client's commands waits for its output to drain.
  bool output_yielded = false;
  bool yield_suppressed = false;      // it stopped reading once: no more waiting for it
  size_t yield_last_unsent = 0;       // unsent bytes when progress was last seen
  int64_t yield_last_progress_ms = 0;
  uint64_t net_input_bytes = 0;
  // Blocking (core/blocking.h): the wait of a blocked client (its record, owned by Server's Blocking), and
  // whether its commands may block at all (Redis's CLIENT_DENY_BLOCKING: scripts' and the AOF's clients).
  BlockedClient* blocked = nullptr;
  bool deny_blocking = false;
  bool aof_loader = false;  // the AOF loader's client: its commands are the load (never -LOADING)
  bool master = false;      // a replica's master client (flags=M): its commands are the primary's stream
  bool monitor = false;     // in MONITOR mode (core/monitor.h; CLIENT LIST flag O)
  bool script = false;      // a script engine's client (Redis's CLIENT_SCRIPT): MONITOR shows it as "lua"
  // Commands that replay what already happened elsewhere (the AOF's, the primary's): never refused for
  // -LOADING, OOM, MISCONF, -READONLY or -MASTERDOWN (Redis's mustObeyClient).
  bool replayed() const { return aof_loader || master; }
  // Pub/sub (core/pubsub.h): the client's channels, patterns and shard channels, present while it has at
  // least one; that is Redis's CLIENT_PUBSUB (RESP2 subscribe mode, the pubsub output-limit class).
  std::unique_ptr<ClientSubscriptions> subscriptions;
  bool in_pubsub() const { return subscriptions != nullptr; }
  // Client-side caching (core/tracking.h): present while CLIENT TRACKING is on (Redis's CLIENT_TRACKING).
  std::unique_ptr<ClientTracking> tracking;
  // MULTI/EXEC and WATCH (core/multi.h).
  TxState tx;
  // Replication, the primary's side (core/repl/primary.h): the record of a client that sent REPLCONF, SYNC or
  // PSYNC (owned by the server's Primary, freed with the client), and whether it is an attached replica
  // (Redis's CLIENT_SLAVE: its SYNC/PSYNC was accepted; CLIENT LIST flag S, the replica output-limit class).
  ReplicaLink* repl = nullptr;
  bool is_replica = false;
  // master_repl_offset right after its last command that propagated something (Redis's woff): what WAIT
  // waits for the replicas to acknowledge.
  uint64_t woff = 0;

  // Argument vector of the command being executed (views into the connection's input or the parser's
  // storage: valid only while that command runs).
  std::vector<std::string_view> argv;

 private:
  uint64_t id_;
  io::Connection* conn_;
  io::OutputBuffer* out_;
  io::ReplyBuilder rb_;
  io::RespParser parser_;
};

}  // namespace ringkv::core
