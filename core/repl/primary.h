// Primary: the replicas attached to this server, Redis 7.0's master side of replication.c. A client becomes a
// replica with SYNC or PSYNC: a partial resync (+CONTINUE, the backlog from its offset, then the live stream)
// when it asks for a history and offset the backlog still holds, else a full sync (+FULLRESYNC <replid>
// <offset>, an RDB made by a forked child at that offset, then the stream produced since the fork). Also here:
// REPLCONF's per-replica options and ACKs, the replication cron (PING into the stream, timeouts, the backlog's
// time to live, the diskless delay), WAIT, min-replicas-to-write, and the primary's INFO and ROLE lines.
//
// Each replica moves through one explicit state machine (ReplicaState), only ever in MoveTo:
//
//   kWaitBgsaveStart --fork--> kWaitBgsaveEnd --disk RDB ready--> kSendBulk --file sent--> kOnline
//                                            \--diskless transfer done (stream starts at its first ACK)--/
//   (a partial resync goes straight to kOnline)
//
// From kWaitBgsaveEnd on, a replica is a ReplStreamSink of Replication: every stream byte (rendered once by
// Replication::Feed) is copied to it. Until its snapshot is delivered the bytes are held (ReplicaLink::held,
// counted against client-output-buffer-limit replica, as Redis counts them in the reply buffer); then they
// and everything after go to its connection's OutputBuffer, sent by the loop at the end of the turn. The
// snapshot itself never counts against the limit (Redis writes it beside the reply buffer): while it is
// transferred the OutputBuffer has no hard limit, and the transfer waits for the output to drain below
// kTransferMarkBytes before it reads the next chunk.
//
// Dual channel full sync (ringkv's own, after Valkey 8's: a ringkv replica that announced `capa dual-channel`):
// a PSYNC that cannot continue is answered +DUALCHANNELSYNC and nothing starts on that (main) connection. The
// replica opens a second one, the RDB channel (`REPLCONF rdb-channel 1`, then SYNC): that one gets
// +FULLRESYNC <replid> <offset> and the snapshot exactly as above, holds the stream from the fork, and is closed
// once its RDB is sent; it is never online and never streams. As soon as the replica reads +FULLRESYNC it sends
// `PSYNC <replid> <offset+1>` on the main connection, which is continued from the RDB channel's held stream
// (the hand-off: the RDB channel stops holding) and streams live from then on, while the replica buffers the
// stream locally until its load is done. So what the primary holds for a full sync is the stream of the few
// round trips before the hand-off, whatever the size of the snapshot and the write load.
//
// The stream is copied into each replica's output. Redis 7.0 shares one chain of refcounted blocks between
// the backlog and every replica (a replica holds a position, not a copy); ReplBacklog's ring and the
// connection's own OutputBuffer would both have to become views of such a chain to do the same here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/fork_child.h"
#include "core/repl/rdb_transfer.h"
#include "core/repl/replication.h"
#include "io/output_buffer.h"
#include "persist/rdb_writer.h"

namespace ringkv::core {

class Client;
class Server;

enum class ReplicaState : uint8_t {
  kHandshake,        // sent REPLCONF only: not a replica yet
  kWaitBgsaveStart,  // wants a full sync, waits for a snapshot child to start ("wait_bgsave")
  kWaitBgsaveEnd,    // its snapshot is being made; the stream since the fork is held ("wait_bgsave")
  kSendBulk,         // the RDB file is being sent ("send_bulk")
  kOnline,           // the stream flows ("online")
};

// Redis's SLAVE_CAPA_*: what the replica announced with REPLCONF capa.
inline constexpr uint32_t kCapaEof = 1;     // reads the EOF-marked diskless transfer
inline constexpr uint32_t kCapaPsync2 = 2;  // understands +CONTINUE <new replid>
// ringkv's own: takes a full sync as +DUALCHANNELSYNC and an RDB channel (a Redis primary ignores the capa).
inline constexpr uint32_t kCapaDualChannel = 4;

class Primary;

// One client that sent REPLCONF, SYNC or PSYNC (Client::repl points here; Primary owns it).
class ReplicaLink final : public ReplStreamSink {
 public:
  ReplicaLink(Primary& primary, Client& client) : primary_(primary), client_(client) {}
  void OnStream(std::string_view bytes) override;

  Client& client() const { return client_; }
  ReplicaState state = ReplicaState::kHandshake;
  int64_t listening_port = 0;  // REPLCONF listening-port
  std::string announced_ip;    // REPLCONF ip-address
  uint32_t capa = 0;
  bool pre_psync = false;  // came with SYNC: no +FULLRESYNC, no ACKs expected (Redis's CLIENT_PRE_PSYNC)
  uint64_t ack_off = 0;    // the last offset it acknowledged
  int64_t ack_time_s = 0;  // when (for lag and repl-timeout)
  int64_t last_interaction_s = 0;  // when it last sent anything (the diskless delay counts from its SYNC)
  uint64_t psync_initial_offset = 0;  // the offset its snapshot holds (what +FULLRESYNC said)
  // Stream bytes held until its snapshot is delivered: blocks (no reallocation of a big buffer), with the
  // replica class's hard limit enforced as the bytes arrive (OutputBuffer drops what would pass it).
  io::OutputBuffer held;
  bool streaming = false;         // held bytes went out: the stream goes straight to its output
  bool stream_on_ack = false;     // diskless: the stream starts with its first ACK after the transfer
  int64_t held_soft_since_ms = 0;  // held past the soft limit since then (0: it is not)
  // The disk target: the RDB file being read into its output.
  std::unique_ptr<ChunkReader> bulk;
  uint64_t bulk_size = 0;
  bool bulk_done = false;   // every byte of the file is in its output; online once that drained
  // The diskless transfer: it is one of its targets; its output is past the mark and the relay waits for it
  // (since then, seconds).
  bool socket_target = false;
  bool transfer_waiting = false;
  int64_t transfer_waiting_since_s = 0;
  // Dual channel sync. The RDB channel of a replica (REPLCONF rdb-channel 1): its held stream goes to the
  // main connection at the hand-off; its RDB sent, it is closed (or, not handed off yet, waits for that,
  // bounded by repl-timeout from rdb_sent_s).
  bool rdb_channel = false;
  bool handed_off = false;
  bool rdb_sent = false;
  int64_t rdb_sent_s = 0;
  // A main connection answered +DUALCHANNELSYNC, waiting (bounded by repl-timeout) for its PSYNC.
  int64_t dual_wait_since_s = 0;

 private:
  Primary& primary_;
  Client& client_;
};

class Primary {
 public:
  explicit Primary(Server& server);
  ~Primary();
  Primary(const Primary&) = delete;
  Primary& operator=(const Primary&) = delete;

  // ---- from the commands (core/commands/replication.cc) ----
  // The client's record, created by its first REPLCONF.
  ReplicaLink& LinkOf(Client& c);
  // SYNC (replid empty) or PSYNC replid offset: Redis's syncCommand. Replies (errors, +CONTINUE,
  // +FULLRESYNC) itself.
  void Sync(Client& c, bool psync, std::string_view replid, std::string_view offset_arg);
  // REPLCONF ACK <offset> from an attached replica.
  void OnAck(Client& c, int64_t offset);
  // WAIT: the replicas that acknowledged offset; blocked waiters and the GETACK they ask for.
  int CountAcks(uint64_t offset) const;
  void AddWaiter(Client& c, uint64_t offset, int64_t numreplicas);
  // A blocked WAIT ends (enough acks, its timeout, CLIENT UNBLOCK): replies the acks it got.
  void ReplyWaiter(Client& c);
  // ROLE: the online replicas as (ip, port, acknowledged offset).
  struct RoleEntry {
    std::string ip;
    int64_t port;
    uint64_t offset;
  };
  std::vector<RoleEntry> OnlineReplicas() const;
  // FAILOVER: the replica at host:port (its announced or peer address and its listening port, as Redis's
  // findReplica), or null; and the first replica that has acknowledged `offset`, or null.
  ReplicaLink* FindReplica(std::string_view host, int64_t port);
  ReplicaLink* FirstAcked(uint64_t offset);
  // The address a replica is known by: REPLCONF ip-address, else its peer's ip.
  std::string IpOf(const ReplicaLink& r) const;

  // ---- from the server ----
  // min-replicas-to-write: false when writes are to be refused with -NOREPLICAS.
  bool GoodReplicasOk() const;
  // The client is being freed: it stops being a replica (logged, as Redis's "Connection with replica ...
  // lost.").
  void Forget(Client& c);
  // Redis's disconnectSlaves: every attached replica is cut off now (it gets no more of the stream) and
  // reconnects: this server's history changed (a promotion, a full sync from its own primary, a new replid
  // from +CONTINUE), and a PSYNC tells the replica so.
  void DisconnectAll();
  // Its output drained to the mark it asked for: the next chunk of its transfer, or it goes online.
  void OnOutputDrained(Client& c);
  // A disk snapshot child ended (any BGSAVE: replicas waiting for one get its file).
  void OnDiskSnapshotDone(bool ok);
  void Cron(int64_t now_ms);
  // End of the loop turn: REPLCONF GETACK into the stream when a WAIT blocked, then waiters served.
  void BeforeSleep();
  // INFO replication: connected_slaves, min_slaves_good_slaves, slaveN lines.
  void AppendInfo(std::string* out) const;
  size_t replica_count() const { return replicas_.size(); }
  // Bytes the replicas' links hold: their output buffers and the streams held for them during a full sync
  // (not counted against maxmemory, core/evict.h; MEMORY STATS clients.slaves). O(links).
  size_t OutputBytes() const;

  // ReplicaLink::OnStream's work.
  void Deliver(ReplicaLink& r, std::string_view bytes);

  // The largest unsent output a transfer lets a replica have before it waits to read more.
  static constexpr size_t kTransferMarkBytes = size_t{1} << 20;
  static constexpr size_t kChunkBytes = size_t{256} << 10;

 private:
  // The one place a replica changes state.
  void MoveTo(ReplicaLink& r, ReplicaState to);
  bool TryPartialResync(ReplicaLink& r, std::string_view replid, int64_t offset);
  void SetupFullResync(ReplicaLink& r, uint64_t offset);
  void StartBgsaveForReplication(uint32_t mincapa);
  bool StartSocketTransfer();
  void StartPendingFork();
  ReplicaLink* TargetOf(uint64_t client_id) const;  // a live target of the diskless transfer, or null
  void RelayChunk(int32_t res);
  void ResumeRelay();
  void FinishSocketTransfer();
  void SendBulkChunk(ReplicaLink& r, int32_t res);
  void PutOnline(ReplicaLink& r);
  // Dual channel sync: the RDB channel whose held stream starts at stream offset `offset` (its fork's +1),
  // not handed off yet, or null; the hand-off; the end of an RDB channel's transfer.
  ReplicaLink* FindRdbChannel(uint64_t offset) const;
  void HandOff(ReplicaLink& rdb, ReplicaLink& main);
  void FinishRdbChannel(ReplicaLink& r);
  void StartStream(ReplicaLink& r);
  void Drop(ReplicaLink& r);
  // Past client-output-buffer-limit replica (its output once streaming, the held stream before): closed.
  void CheckLimit(ReplicaLink& r);
  void RefreshGoodReplicas();
  void RemoveRdbUsedToSync();
  void Retire(std::unique_ptr<ChunkReader> reader);
  void SweepRetired();
  void WantSend(ReplicaLink& r);
  std::string NameOf(const ReplicaLink& r) const;  // Redis's replicationGetSlaveName
  int64_t NowS() const;
  bool SocketChildRunning() const { return socket_ != nullptr && !socket_->child_done; }

  Server& server_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<ReplicaLink>> links_;  // by client id
  std::vector<ReplicaLink*> replicas_;  // attached (is_replica), in attach order (INFO's slaveN)
  // The diskless transfer under way: the pipe from its child and the replicas it feeds.
  struct SocketTransfer {
    std::unique_ptr<ChunkReader> pipe;
    std::vector<uint64_t> targets;  // client ids
    bool eof = false;
    bool child_done = false;
    bool child_ok = false;
  };
  std::unique_ptr<SocketTransfer> socket_;
  std::vector<std::unique_ptr<ChunkReader>> retired_;  // cancelled, waiting for their last completion
  struct Waiter {
    uint64_t client_id;
    uint64_t offset;
    int64_t numreplicas;
  };
  std::vector<Waiter> waiters_;
  bool get_ack_ = false;
  bool rdb_generated_by_replication_ = false;
  int good_replicas_ = 0;
  int64_t no_replicas_since_s_ = 0;
  int64_t last_cron_ms_ = 0;
  uint64_t cron_loops_ = 0;
};

// Redis's rdbPopulateSaveInfo on a primary: the replication aux fields of an RDB this server writes now
// (unset when it keeps no replication history: no backlog).
std::optional<persist::rdb::SaveOptions::ReplInfo> RdbReplInfo(Server& server);

}  // namespace ringkv::core
