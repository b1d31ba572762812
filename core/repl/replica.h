// Replica: this server's link to its primary, as Redis 7.0's replica side of replication.c. REPLICAOF (or the
// replicaof directive) starts it; a state machine driven by the ring then connects (io::Connector), runs the
// handshake (PING, AUTH, REPLCONF listening-port / ip-address / capa, PSYNC), and either continues the
// cached history (+CONTINUE) or takes a full sync (+FULLRESYNC): the RDB arrives as `$<len>` or `$EOF:<mark>`
// framing, is written to temp-<unixtime>.<pid>.rdb through the ring (io::FileAppender) while the old data
// keeps being served, then renamed to dbfilename and loaded in the loading state. From then on every byte
// from the primary is commands, applied through the master client (flags=M) and forwarded verbatim to the
// backlog and sub-replicas (Replication::FeedRaw) by whole commands (a MULTI ... EXEC as one unit), so
// slave_repl_offset only ever counts applied commands (Redis's reploff vs read_reploff).
//
// Dual channel sync (repl-dual-channel, ringkv's own; the primary's half and the protocol are described in
// core/repl/primary.h): a ringkv primary answers the PSYNC with +DUALCHANNELSYNC; this side then opens the RDB
// channel (AUTH, REPLCONF rdb-channel 1, SYNC), reads +FULLRESYNC <replid> <offset> and the RDB there (the same
// transfer as above, into the temp file), and at once sends PSYNC <replid> <offset+1> on the main connection.
// Its +CONTINUE is followed by the live stream, which is buffered unapplied in the connection's input (at most
// client-output-buffer-limit replica's hard limit: past it the connection stops reading, so TCP pushes back on
// the primary) while the RDB arrives and loads; then it is applied in order, and the link is up. Any failure
// on either channel closes both and the cron starts over.
//
// The cron (once a second, Redis's replicationCron) bounds each step by repl-timeout, reconnects while the
// link is down, and sends REPLCONF ACK <offset>. A dropped link keeps the history as the cached master
// (replid + offset + db) so the next PSYNC can continue; REPLICAOF NO ONE promotes (ShiftReplId).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/loop.h"

namespace ringkv::io {
class Connector;
class FileAppender;
class ReplyBuilder;
}  // namespace ringkv::io

namespace ringkv::persist::rdb {
struct LoadStats;
}

namespace ringkv::core {

class Client;
class Server;

class Replica final : public io::ConnectionHandler {
 public:
  explicit Replica(Server& server);
  ~Replica() override;
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Start-up, after the dataset was loaded: with the replicaof directive set, connect (from the next turn).
  // loaded: what the RDB that was loaded said about its history (repl-id / repl-offset / repl-stream-db):
  // when present, this server's history becomes the cached master, so the first PSYNC can continue.
  void StartFromConfig(const persist::rdb::LoadStats* loaded);
  // REPLICAOF host port: false when already following exactly that primary (nothing done, Redis's
  // "+OK Already connected to specified master"). requester: CLIENT LIST line of who asked, for the log
  // (empty: a failover's hand-over, not logged as a REPLICAOF).
  bool SetMaster(const std::string& host, int port, const std::string& requester);
  // REPLICAOF NO ONE: the link dropped, the history shifted to replid2, writable again.
  // why: for the log line ("user request from '<client>'", "failover request from '<client>'"; empty: no
  // line, an aborted failover's return).
  void UnsetMaster(std::string_view why);

  // Once a second (Redis's replicationCron): timeouts, reconnects, REPLCONF ACK.
  void Cron();

  // Whether this server follows a primary (replicaof is set): the command path's one check.
  bool active() const { return state_ != State::kNone; }
  // The link is up and streaming (master_link_status:up).
  bool link_up() const { return state_ == State::kConnected; }
  const Client* master_client() const { return master_; }

  // INFO replication's replica lines, from master_host to master_link_down_since_seconds (Redis 7.0.15's
  // order), and ROLE's replica form.
  void AppendInfo(std::string* out) const;
  void ReplyRole(io::ReplyBuilder& rb) const;

  // io::ConnectionHandler: the link's bytes and its end.
  void OnInput(io::Connection* conn) override;
  void OnClosed(io::Connection* conn) override;

 private:
  enum class State {
    kNone,          // not a replica
    kConnect,       // must connect (the cron does it)
    kConnecting,    // the connect is in flight
    kReceivePing,   // handshake: waiting for each reply in turn
    kReceiveAuth,
    kReceivePort,
    kReceiveIp,
    kReceiveCapa,
    kReceivePsync,
    kTransfer,      // the RDB of a full sync is arriving (or being loaded)
    kConnected,     // streaming
  };
  // The history this server can continue from (Redis's cached master): set when a link drops, when a
  // primary becomes a replica, and at start-up from an RDB's repl-* fields.
  struct Cached {
    bool valid = false;
    std::string replid;
    uint64_t reploff = 0;
    int db = 0;
  };

  void ConnectWithMaster();
  void OnConnected(io::Connection* conn, int err);
  // Redis's cancelReplicationHandshake: aborts a handshake or a transfer; reconnect: at once, with a log line.
  bool CancelHandshake(bool reconnect);
  void CloseLink();  // closes the connection of a handshake or transfer (not of the master client)
  void AbortTransfer();
  bool InHandshake() const { return state_ >= State::kReceivePing && state_ <= State::kReceivePsync; }

  // Dual channel sync (the header comment). Each returns false when the sync was given up.
  enum class Dual {
    kOff,            // no dual channel sync under way
    kRdbConnecting,  // +DUALCHANNELSYNC read: the RDB channel's connect is in flight
    kRdbHandshake,   // its AUTH / REPLCONF / SYNC sent: their replies, then +FULLRESYNC
    kRdbTransfer,    // +FULLRESYNC read: the RDB arrives (TransferInput), then it is loaded
  };
  enum class MainChannel {
    kWaiting,    // +DUALCHANNELSYNC read, nothing sent since
    kPsyncSent,  // PSYNC <replid> <offset+1> sent
    kBuffering,  // +CONTINUE read: the stream accumulates in its input until the load is done
  };
  bool StartDualChannel();
  void OnRdbConnected(io::Connection* conn, int err);
  bool RdbChannelInput();
  bool MainChannelInput();
  void BoundDualBuffer();
  void DualFailed(std::string_view why);
  void CloseRdbChannel();
  void EndDual();
  // The connection the RDB arrives on: the RDB channel in a dual channel sync, else the link.
  io::Connection* TransferConn() const { return dual_ != Dual::kOff ? rdb_conn_ : conn_; }
  // The temp file a full sync's payload goes to, and the transfer's state; false (given up) when it cannot
  // be created.
  bool OpenTransferFile();

  // Input by state. Each returns false when the link was given up (conn_ is gone).
  bool HandshakeInput();
  bool HandlePsyncReply(const std::string& line);
  bool TransferInput();
  void SendCommand(std::initializer_list<std::string_view> argv);
  void SendCommandOn(io::Connection* conn, std::initializer_list<std::string_view> argv);
  void SendPsync();
  // A full sync's payload is on disk: flush, rename, load, go online.
  void OnTransferWritten(uint64_t written, uint64_t synced);
  void FinishFullSync();
  void StartStreaming(uint64_t offset, int db);
  void ApplyStream();
  // Forwards the applied bytes to the backlog and sub-replicas and advances the offset.
  void Applied(std::string_view bytes);
  void SendAck();
  // The link to the primary is gone (peer closed, CLIENT KILL, timeout): cache the history and reconnect.
  void OnMasterLost();
  void FreeMasterClient();
  void CacheMyself();
  void ReleaseRetired();

  Server& server_;
  State state_ = State::kNone;
  std::string host_;
  int port_ = 0;
  io::Connection* conn_ = nullptr;  // the link (handshake, transfer, or the master client's)
  std::unique_ptr<io::Connector> connector_;
  std::vector<std::unique_ptr<io::Connector>> retired_connectors_;  // aborted, waiting to be idle
  Client* master_ = nullptr;          // the master client, while connected
  std::unique_ptr<io::OutputBuffer> master_out_;  // its replies: nobody's (only ACKs go to the primary)
  Cached cached_;
  // Offsets of the stream being applied (Redis's master->reploff and read_reploff).
  uint64_t reploff_ = 0;
  std::string pending_multi_;  // bytes of a MULTI ... not yet closed by its EXEC (not applied yet)
  bool ack_owed_ = false;      // a GETACK came inside a MULTI: answered when the EXEC is applied
  bool applying_ = false;      // ApplyStream is running (a nested turn must not free the master client)
  bool lost_while_applying_ = false;
  int64_t lastio_s_ = 0;         // repl_transfer_lastio: the handshake's and the transfer's last read
  int64_t last_interaction_s_ = 0;  // the master client's last read (master_last_io_seconds_ago, timeout)
  int64_t down_since_s_ = 0;     // repl_down_since (0: never connected since it became a replica)

  // The full sync under way.
  std::string psync_replid_;   // +FULLRESYNC's id and offset (Redis's master_replid, master_initial_offset)
  int64_t psync_offset_ = -1;
  bool psync_fallback_sync_ = false;  // the primary knows no PSYNC: SYNC was sent, no history to continue
  int64_t transfer_size_ = -1;   // -1: the $ line not read yet; 0: EOF-marked; else the payload's length
  int64_t transfer_read_ = 0;
  bool use_mark_ = false;
  std::string eof_mark_;
  std::string mark_tail_;        // the last bytes read, held back until we know they are not the mark
  bool transfer_done_ = false;   // every byte is read: waiting for the disk, then loading
  bool loading_ = false;
  bool closed_while_loading_ = false;
  std::string tmpfile_;
  int tmp_fd_ = -1;
  std::unique_ptr<io::FileAppender> appender_;
  uint64_t transfer_gen_ = 0;  // which transfer the appender's callbacks belong to
  struct RetiredAppender {
    std::unique_ptr<io::FileAppender> appender;
    int fd;
  };
  std::vector<RetiredAppender> retired_appenders_;

  // The dual channel sync under way.
  Dual dual_ = Dual::kOff;
  MainChannel main_ch_ = MainChannel::kWaiting;
  io::Connection* rdb_conn_ = nullptr;
  std::unique_ptr<io::Connector> rdb_connector_;
  int rdb_replies_left_ = 0;  // replies to the RDB channel's AUTH and REPLCONF not read yet
  bool rdb_ready_ = false;    // the RDB is on disk before the main connection attached: loaded at +CONTINUE
};

}  // namespace ringkv::core
