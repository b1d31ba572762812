#include "core/repl/replica.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/aof.h"
#include "core/bgsave.h"
#include "core/client.h"
#include "core/command.h"
#include "core/log.h"
#include "core/persistence.h"
#include "core/repl/failover.h"
#include "core/repl/primary.h"
#include "core/repl/replication.h"
#include "core/script/function_library.h"
#include "core/server.h"
#include "ds/numconv.h"
#include "io/connector.h"
#include "io/file_appender.h"
#include "io/reply_builder.h"
#include "persist/rdb_reader.h"

namespace ringkv::core {

namespace {

constexpr size_t kRunIdSize = 40;  // Redis's CONFIG_RUN_ID_SIZE: replids and the $EOF: mark

// Redis's wall clock in seconds (server.unixtime): the replication timers count whole seconds.
int64_t NowS(Server& s) { return s.NowMs() / 1000; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// One reply line from the primary (Redis's syncReadLine): up to "\n", without the "\r\n". False when the
// line is not complete yet.
bool TakeLine(std::string& in, std::string* line) {
  const size_t nl = in.find('\n');
  if (nl == std::string::npos) return false;
  size_t end = nl;
  if (end > 0 && in[end - 1] == '\r') --end;
  line->assign(in, 0, end);
  in.erase(0, nl + 1);
  return true;
}

// "+FULLRESYNC <replid> <offset>": false when the syntax is wrong.
bool ParseFullResync(const std::string& line, std::string* id, int64_t* offset) {
  const size_t id_at = line.find(' ');
  const size_t off_at = id_at == std::string::npos ? std::string::npos : line.find(' ', id_at + 1);
  if (off_at == std::string::npos || off_at - id_at - 1 != kRunIdSize ||
      !ds::StringToInt64(std::string_view(line).substr(off_at + 1), offset))
    return false;
  *id = line.substr(id_at + 1, kRunIdSize);
  return true;
}

void AppendRespCommand(std::string* out, std::initializer_list<std::string_view> argv) {
  absl::StrAppend(out, "*", argv.size(), "\r\n");
  for (std::string_view a : argv) {
    absl::StrAppend(out, "$", a.size(), "\r\n");
    out->append(a);
    out->append("\r\n");
  }
}

}  // namespace

Replica::Replica(Server& server) : server_(server), master_out_(std::make_unique<io::OutputBuffer>()) {}

Replica::~Replica() {
  // The process is ending (the loop is not turning any more): nothing in flight will complete. Close what we
  // own and leave the ring's owners alone (they die with the loop).
  if (tmp_fd_ >= 0) ::close(tmp_fd_);
  for (RetiredAppender& r : retired_appenders_) ::close(r.fd);
  if (!tmpfile_.empty()) ::unlink(tmpfile_.c_str());
}

// ---------------------------------------------------------------------------------------------------------
// Role changes

void Replica::StartFromConfig(const persist::rdb::LoadStats* loaded) {
  const Config& cfg = server_.config();
  if (cfg.replicaof_host.empty()) return;
  SetLogRole('S');
  host_ = cfg.replicaof_host;
  port_ = static_cast<int>(cfg.replicaof_port);
  // Redis's loadDataFromDisk on a replica: an RDB that says which history it holds (written by a replica,
  // or received in a full sync) lets the first PSYNC continue it.
  if (loaded != nullptr && loaded->repl_id.size() == kRunIdSize && loaded->repl_offset >= 0) {
    Replication& repl = server_.replication();
    repl.AdoptFullSync(loaded->repl_id, static_cast<uint64_t>(loaded->repl_offset));
    cached_ = Cached{true, loaded->repl_id, static_cast<uint64_t>(loaded->repl_offset),
                     std::max(loaded->repl_stream_db, 0)};
  }
  state_ = State::kConnect;  // the cron connects, as Redis's (its first tick comes within a second)
}

bool Replica::SetMaster(const std::string& host, int port, const std::string& requester) {
  Config& cfg = server_.config();
  if (active() && EqualsNoCase(host_, host) && port_ == port) {
    Log(LogLevel::kNotice,
        "REPLICAOF would result into synchronization with the master we are already connected with. No operation "
        "performed.");
    return false;
  }
  const bool was_master = !active();
  // The master client goes first (its history becomes the cached master), then the handshake or transfer.
  if (master_ != nullptr) {
    Log(LogLevel::kWarning, "Connection with master lost.");
    Log(LogLevel::kNotice, "Caching the disconnected master state.");
    cached_ = Cached{true, server_.replication().replid(), reploff_, master_->db_index};
    io::Connection* conn = conn_;
    FreeMasterClient();
    if (conn != nullptr) server_.loop()->Close(conn, false);
  }
  CancelHandshake(false);
  // Clients blocked on this server's data would wait for writes that only the new primary makes now (Redis's
  // disconnectAllBlockedClients): they get an error and are closed after it.
  for (Client* c : server_.blocking().UnblockAll(
           "-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)")) {
    server_.CloseClient(c, /*after_reply=*/true);
  }
  cfg.replicaof_host = host;
  cfg.replicaof_port = port;
  host_ = host;
  port_ = port;
  SetLogRole('S');
  server_.expired_lookup() = ExpiredLookup::kHide;
  if (was_master) {
    // Redis's replicationCacheMasterUsingMyself: our own history is what a new primary may continue.
    if (cached_.valid) Log(LogLevel::kNotice, "Discarding previously cached master state.");
    CacheMyself();
  }
  state_ = State::kConnect;
  Log(LogLevel::kNotice, "Connecting to MASTER %s:%d", host_, port_);
  ConnectWithMaster();
  // A failover's hand-over has no requester: Redis logs only the connect.
  if (!requester.empty())
    Log(LogLevel::kNotice, "REPLICAOF %s:%d enabled (user request from '%s')", host_, port_, requester);
  return true;
}

void Replica::CacheMyself() {
  Log(LogLevel::kNotice,
      "Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able "
      "to synchronize with the new master with just a partial transfer.");
  Replication& repl = server_.replication();
  const int db = repl.stream_db();
  cached_ = Cached{true, repl.replid(), repl.master_repl_offset(), db < 0 ? 0 : db};
}

void Replica::UnsetMaster(std::string_view why) {
  if (!active()) return;
  Config& cfg = server_.config();
  // Clear the primary first: freeing the master client must not reconnect.
  cfg.replicaof_host.clear();
  cfg.replicaof_port = 0;
  io::Connection* conn = master_ != nullptr ? conn_ : nullptr;
  if (master_ != nullptr) {
    // As Redis: the master client's history is cached, then discarded below.
    Log(LogLevel::kWarning, "Connection with master lost.");
    Log(LogLevel::kNotice, "Caching the disconnected master state.");
    cached_.valid = true;
    FreeMasterClient();
  }
  if (conn != nullptr) server_.loop()->Close(conn, false);
  if (cached_.valid) Log(LogLevel::kNotice, "Discarding previously cached master state.");
  cached_ = Cached{};
  CancelHandshake(false);
  // Redis's shiftReplicationId: the primary's history stays continuable as replid2 up to this offset.
  Replication& repl = server_.replication();
  repl.ShiftReplId();
  Log(LogLevel::kWarning, "Setting secondary replication ID to %s, valid up to offset: %d. New replication ID is %s",
      repl.replid2(), repl.second_repl_offset(), repl.replid());
  repl.ForceSelect();
  // The sub-replicas must learn of the new replid: they reconnect and continue with a PSYNC.
  server_.primary().DisconnectAll();
  state_ = State::kNone;
  down_since_s_ = 0;
  SetLogRole('M');
  server_.expired_lookup() = ExpiredLookup::kDelete;
  if (!why.empty()) Log(LogLevel::kNotice, "MASTER MODE enabled (%s)", why);
}

// ---------------------------------------------------------------------------------------------------------
// The connection and the handshake

void Replica::ConnectWithMaster() {
  if (connector_ != nullptr && !connector_->idle()) retired_connectors_.push_back(std::move(connector_));
  if (connector_ == nullptr) connector_ = std::make_unique<io::Connector>(server_.loop());
  std::string err;
  if (!connector_->Start(host_, port_, this, [this](io::Connection* c, int e) { OnConnected(c, e); }, &err)) {
    Log(LogLevel::kWarning, "Unable to connect to MASTER: %s", err);
    state_ = State::kConnect;
    return;
  }
  lastio_s_ = NowS(server_);
  state_ = State::kConnecting;
  Log(LogLevel::kNotice, "MASTER <-> REPLICA sync started");
}

void Replica::OnConnected(io::Connection* conn, int err) {
  if (state_ != State::kConnecting) {  // given up meanwhile (REPLICAOF NO ONE): drop it
    if (conn != nullptr) server_.loop()->Close(conn, false);
    return;
  }
  if (conn == nullptr) {
    Log(LogLevel::kWarning, "Error condition on socket for SYNC: %s", std::strerror(err));
    state_ = State::kConnect;  // the cron retries
    return;
  }
  conn_ = conn;
  Log(LogLevel::kNotice, "Non blocking connect for SYNC fired the event.");
  lastio_s_ = NowS(server_);
  state_ = State::kReceivePing;
  SendCommand({"PING"});
}

void Replica::SendCommand(std::initializer_list<std::string_view> argv) { SendCommandOn(conn_, argv); }

void Replica::SendCommandOn(io::Connection* conn, std::initializer_list<std::string_view> argv) {
  std::string cmd;
  AppendRespCommand(&cmd, argv);
  conn->output().Append(cmd);
  server_.loop()->WantSend(conn);
}

void Replica::CloseLink() {
  if (conn_ == nullptr) return;
  io::Connection* c = conn_;
  conn_ = nullptr;  // OnClosed for it is then ignored
  server_.loop()->Close(c, false);
}

bool Replica::CancelHandshake(bool reconnect) {
  if (state_ == State::kTransfer) {
    AbortTransfer();
  } else if (state_ == State::kConnecting || InHandshake()) {
    if (connector_ != nullptr && connector_->connecting()) connector_->Abort();
    CloseLink();
  } else {
    return false;
  }
  state_ = State::kConnect;
  if (!reconnect) return true;
  Log(LogLevel::kNotice, "Reconnecting to MASTER %s:%d after failure", host_, port_);
  ConnectWithMaster();
  return true;
}

void Replica::OnInput(io::Connection* conn) {
  if (conn == rdb_conn_ && conn != nullptr) {
    lastio_s_ = NowS(server_);
    RdbChannelInput();
    return;
  }
  if (conn != conn_) return;
  if (state_ == State::kConnected) {
    last_interaction_s_ = NowS(server_);
    ApplyStream();
    return;
  }
  lastio_s_ = NowS(server_);
  if (dual_ != Dual::kOff && state_ == State::kTransfer) {
    MainChannelInput();
    return;
  }
  if (InHandshake() && !HandshakeInput()) return;
  if (dual_ != Dual::kOff) return;  // +DUALCHANNELSYNC: the main connection waits for its PSYNC
  if (state_ == State::kTransfer && !TransferInput()) return;
  if (state_ == State::kConnected) ApplyStream();  // the stream right behind +CONTINUE or the payload
}

void Replica::OnClosed(io::Connection* conn) {
  if (conn == rdb_conn_ && conn != nullptr) {
    rdb_conn_ = nullptr;
    // After the whole RDB the primary closes the channel itself; before, the sync cannot go on.
    if (!transfer_done_) DualFailed("the RDB channel was closed before the end of the RDB");
    return;
  }
  if (conn != conn_) return;  // a link we gave up ourselves
  if (loading_) {
    // The primary went away while we load what it sent: the load goes on; afterwards the link is down.
    closed_while_loading_ = true;
    conn_ = nullptr;
    return;
  }
  if (state_ == State::kConnected) {
    if (applying_) {
      lost_while_applying_ = true;  // ApplyStream finishes the command in hand, then handles the loss
      return;
    }
    OnMasterLost();
    return;
  }
  conn_ = nullptr;
  if (state_ == State::kTransfer) {
    Log(LogLevel::kWarning, "I/O error trying to sync with MASTER: %s", "connection lost");
    AbortTransfer();
    state_ = State::kConnect;
    Log(LogLevel::kNotice, "Reconnecting to MASTER %s:%d after failure", host_, port_);
    ConnectWithMaster();
    return;
  }
  if (InHandshake()) {
    Log(LogLevel::kWarning, "Master did not respond to command during SYNC handshake");
    state_ = State::kConnect;  // the cron retries
  }
}

bool Replica::HandshakeInput() {
  std::string& in = conn_->input();
  std::string line;
  while (InHandshake() && TakeLine(in, &line)) {
    switch (state_) {
      case State::kReceivePing: {
        // +PONG, or an authentication error (AUTH comes next); older servers say "operation not permitted".
        if (!line.starts_with("+") && !line.starts_with("-NOAUTH") && !line.starts_with("-NOPERM") &&
            !line.starts_with("-ERR operation not permitted")) {
          Log(LogLevel::kWarning, "Error reply to PING from master: '%s'", line);
          CloseLink();
          state_ = State::kConnect;
          return false;
        }
        Log(LogLevel::kNotice, "Master replied to PING, replication can continue...");
        // The rest of the handshake is pipelined; the replies are read one by one below.
        const Config& cfg = server_.config();
        if (!cfg.masterauth.empty()) {
          if (cfg.masteruser.empty()) {
            SendCommand({"AUTH", cfg.masterauth});
          } else {
            SendCommand({"AUTH", cfg.masteruser, cfg.masterauth});
          }
        }
        const std::string port =
            std::to_string(cfg.replica_announce_port != 0 ? cfg.replica_announce_port : cfg.port);
        SendCommand({"REPLCONF", "listening-port", port});
        if (!cfg.replica_announce_ip.empty()) SendCommand({"REPLCONF", "ip-address", cfg.replica_announce_ip});
        if (cfg.repl_dual_channel) {
          SendCommand({"REPLCONF", "capa", "eof", "capa", "psync2", "capa", "dual-channel"});
        } else {
          SendCommand({"REPLCONF", "capa", "eof", "capa", "psync2"});
        }
        state_ = cfg.masterauth.empty() ? State::kReceivePort : State::kReceiveAuth;
        break;
      }
      case State::kReceiveAuth:
        if (line.starts_with("-")) {
          Log(LogLevel::kWarning, "Unable to AUTH to MASTER: %s", line);
          CloseLink();
          state_ = State::kConnect;
          return false;
        }
        state_ = State::kReceivePort;
        break;
      case State::kReceivePort:
        if (line.starts_with("-"))
          Log(LogLevel::kNotice, "(Non critical) Master does not understand REPLCONF listening-port: %s", line);
        state_ = server_.config().replica_announce_ip.empty() ? State::kReceiveCapa : State::kReceiveIp;
        break;
      case State::kReceiveIp:
        if (line.starts_with("-"))
          Log(LogLevel::kNotice, "(Non critical) Master does not understand REPLCONF ip-address: %s", line);
        state_ = State::kReceiveCapa;
        break;
      case State::kReceiveCapa:
        if (line.starts_with("-"))
          Log(LogLevel::kNotice, "(Non critical) Master does not understand REPLCONF capa: %s", line);
        SendPsync();
        state_ = State::kReceivePsync;
        break;
      case State::kReceivePsync:
        // The primary may send newlines to keep the link alive before it answers.
        if (line.empty()) break;
        if (!HandlePsyncReply(line)) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

void Replica::SendPsync() {
  psync_fallback_sync_ = false;
  if (cached_.valid) {
    const std::string offset = std::to_string(cached_.reploff + 1);
    Log(LogLevel::kNotice, "Trying a partial resynchronization (request %s:%s).", cached_.replid, offset);
    // A failover's PSYNC asks the target to promote itself first (Redis's "PSYNC <replid> <offset> FAILOVER").
    if (server_.failover().in_progress()) {
      SendCommand({"PSYNC", cached_.replid, offset, "FAILOVER"});
    } else {
      SendCommand({"PSYNC", cached_.replid, offset});
    }
  } else {
    Log(LogLevel::kNotice, "Partial resynchronization not possible (no cached master)");
    if (server_.failover().in_progress()) {
      SendCommand({"PSYNC", "?", "-1", "FAILOVER"});
    } else {
      SendCommand({"PSYNC", "?", "-1"});
    }
  }
}

bool Replica::HandlePsyncReply(const std::string& line) {
  // While failing over, the target's answer decides the failover: accepted, it is done; refused, this server
  // goes back to being the primary (Failover::OnPsyncReply aborts, which unsets the primary).
  if (server_.failover().in_progress()) {
    const bool accepted =
        line.starts_with("+FULLRESYNC") || line.starts_with("+CONTINUE") || line.starts_with("+DUALCHANNELSYNC");
    if (!accepted) {
      server_.failover().OnPsyncReply(false);
      return false;
    }
    server_.failover().OnPsyncReply(true);
  }
  if (line.starts_with("+DUALCHANNELSYNC")) {
    return StartDualChannel();
  } else if (line.starts_with("+FULLRESYNC")) {
    if (!ParseFullResync(line, &psync_replid_, &psync_offset_)) {
      Log(LogLevel::kWarning, "Master replied with wrong +FULLRESYNC syntax.");
      psync_replid_.clear();
      psync_offset_ = -1;
    } else {
      Log(LogLevel::kNotice, "Full resync from master: %s:%d", psync_replid_, psync_offset_);
    }
  } else if (line.starts_with("+CONTINUE")) {
    Log(LogLevel::kNotice, "Successful partial resynchronization with master.");
    // A new id after +CONTINUE: the primary's history changed hands (a failover); ours follows it, and the
    // old id stays valid up to here as replid2, so our own replicas can continue with us.
    Replication& repl = server_.replication();
    std::string_view rest = std::string_view(line).substr(9);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() == kRunIdSize && rest != cached_.replid) {
      Log(LogLevel::kNotice, "Master replication ID changed to %s", std::string(rest));
      // Sub-replicas must learn of the new id: they reconnect and continue with it (Redis disconnects them).
      server_.primary().DisconnectAll();
      if (repl.replid() != cached_.replid) repl.AdoptFullSync(cached_.replid, cached_.reploff);
      repl.AdoptContinue(std::string(rest));
      cached_.replid = std::string(rest);
    } else if (repl.replid() != cached_.replid || repl.master_repl_offset() != cached_.reploff) {
      repl.AdoptFullSync(cached_.replid, cached_.reploff);
    }
    // A history read from an RDB at start-up has no backlog yet: one is needed from here on.
    if (repl.backlog() == nullptr) repl.CreateBacklog();
    Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
    const int db = cached_.db;
    cached_ = Cached{};
    StartStreaming(repl.master_repl_offset(), db);
    return conn_ != nullptr;
  } else if (line.starts_with("-NOMASTERLINK") || line.starts_with("-LOADING")) {
    Log(LogLevel::kNotice, "Master is currently unable to PSYNC but should be in the future: %s", line);
    CloseLink();
    state_ = State::kConnect;
    return false;
  } else {
    if (line.starts_with("-ERR")) {
      Log(LogLevel::kNotice, "Master does not support PSYNC or is in error state (reply: %s)", line);
    } else {
      Log(LogLevel::kWarning, "Unexpected reply to PSYNC from master: %s", line);
    }
    Log(LogLevel::kNotice, "Retrying with SYNC...");
    conn_->output().Append("SYNC\r\n");
    server_.loop()->WantSend(conn_);
    psync_replid_.clear();
    psync_offset_ = -1;
    psync_fallback_sync_ = true;
  }
  return OpenTransferFile();
}

bool Replica::OpenTransferFile() {
  // A full sync: the payload goes to a temp file in dir (Redis's name pattern), then replaces dbfilename.
  if (server_.config().repl_diskless_load != 0) {
    static bool logged = false;  // once: it would repeat at every sync
    if (!logged) {
      logged = true;
      Log(LogLevel::kNotice, "repl-diskless-load is not supported by ringkv yet: loading the RDB from disk");
    }
  }
  int fd = -1;
  for (int tries = 0; tries < 5 && fd < 0; ++tries) {
    const std::string name = "temp-" + std::to_string(NowS(server_)) + "." + std::to_string(getpid()) + ".rdb";
    tmpfile_ = RdbPath(server_, name);
    fd = ::open(tmpfile_.c_str(), O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) break;
    if (fd < 0) tmpfile_ = RdbPath(server_, "temp-" + std::to_string(NowS(server_) + tries + 1) + "." +
                                                 std::to_string(getpid()) + ".rdb");
  }
  if (fd < 0) {
    Log(LogLevel::kWarning, "Opening the temp file needed for MASTER <-> REPLICA synchronization: %s",
        std::strerror(errno));
    tmpfile_.clear();
    CancelHandshake(false);
    return false;
  }
  tmp_fd_ = fd;
  // An aborted transfer's appender may still complete: its callbacks must not touch the next transfer.
  const uint64_t gen = ++transfer_gen_;
  io::FileAppender::Callbacks cb;
  cb.on_progress = [this, gen](uint64_t written, uint64_t synced) {
    if (gen == transfer_gen_) OnTransferWritten(written, synced);
  };
  cb.on_error = [this, gen](int err) {
    if (gen != transfer_gen_) return;
    Log(LogLevel::kWarning,
        "Write error or short write writing to the DB dump file needed for MASTER <-> REPLICA synchronization: %s",
        std::strerror(err));
    CancelHandshake(false);  // the cron reconnects
  };
  appender_ = std::make_unique<io::FileAppender>(server_.loop(), fd, 0, std::move(cb));
  state_ = State::kTransfer;
  transfer_size_ = -1;
  transfer_read_ = 0;
  transfer_done_ = false;
  use_mark_ = false;
  mark_tail_.clear();
  lastio_s_ = NowS(server_);
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The full sync

bool Replica::TransferInput() {
  std::string& in = TransferConn()->input();
  if (transfer_done_) return true;  // the rest is the stream: it waits for the load
  while (transfer_size_ == -1) {
    std::string line;
    if (!TakeLine(in, &line)) return true;
    if (line.starts_with("-")) {
      Log(LogLevel::kWarning, "MASTER aborted replication with an error: %s", line.substr(1));
      CancelHandshake(false);
      return false;
    }
    if (line.empty()) continue;  // a newline works as a PING while the primary prepares the payload
    if (line[0] != '$') {
      Log(LogLevel::kWarning,
          "Bad protocol from MASTER, the first byte is not '$' (we received '%s'), are you sure the host and port "
          "are right?",
          line);
      CancelHandshake(false);
      return false;
    }
    if (line.compare(1, 4, "EOF:") == 0 && line.size() >= 5 + kRunIdSize) {
      use_mark_ = true;
      eof_mark_ = line.substr(5, kRunIdSize);
      transfer_size_ = 0;
      Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF %s", "to disk");
    } else {
      int64_t n = 0;
      if (!ds::StringToInt64(std::string_view(line).substr(1), &n) || n < 0) n = 0;
      transfer_size_ = n;
      Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: receiving %d bytes from master %s", transfer_size_,
          "to disk");
    }
  }
  size_t take = in.size();
  if (!use_mark_) take = std::min<size_t>(take, static_cast<size_t>(transfer_size_ - transfer_read_));
  transfer_read_ += static_cast<int64_t>(take);
  bool eof = false;
  if (use_mark_) {
    // The mark is the last kRunIdSize bytes the primary sends before the stream (which waits for our ACK):
    // hold back the newest kRunIdSize bytes until more come or they turn out to be the mark.
    mark_tail_.append(in, 0, take);
    if (mark_tail_.size() >= kRunIdSize &&
        std::string_view(mark_tail_).substr(mark_tail_.size() - kRunIdSize) == eof_mark_) {
      eof = true;
      appender_->Append(std::string_view(mark_tail_).substr(0, mark_tail_.size() - kRunIdSize));
      mark_tail_.clear();
    } else if (mark_tail_.size() > kRunIdSize) {
      appender_->Append(std::string_view(mark_tail_).substr(0, mark_tail_.size() - kRunIdSize));
      mark_tail_.erase(0, mark_tail_.size() - kRunIdSize);
    }
  } else {
    appender_->Append(std::string_view(in).substr(0, take));
    eof = transfer_read_ == transfer_size_;
  }
  in.erase(0, take);
  if (!eof) {
    appender_->Flush(false);
    return true;
  }
  // Every byte is here: once it is on disk (written and synced), the old data goes and the file is loaded.
  // What follows in the input is the stream, applied after the load.
  transfer_done_ = true;
  appender_->Flush(true);
  if (dual_ != Dual::kOff) {
    Log(LogLevel::kNotice, "Dual channel sync: RDB received (%d bytes), closing the RDB channel", transfer_read_);
    CloseRdbChannel();
  }
  return true;
}

void Replica::OnTransferWritten(uint64_t written, uint64_t synced) {
  if (!transfer_done_ || loading_ || state_ != State::kTransfer) return;
  if (synced < appender_->appended() || written < appender_->appended()) return;
  if (dual_ != Dual::kOff && main_ch_ != MainChannel::kBuffering) {
    if (!rdb_ready_)
      Log(LogLevel::kNotice, "Dual channel sync: RDB on disk, waiting for the main channel to attach before loading it");
    rdb_ready_ = true;  // +CONTINUE loads it
    return;
  }
  FinishFullSync();
}

void Replica::AbortTransfer() {
  ++transfer_gen_;
  if (appender_ != nullptr) {
    server_.loop()->Cancel(appender_.get());
    retired_appenders_.push_back({std::move(appender_), tmp_fd_});
  } else if (tmp_fd_ >= 0) {
    ::close(tmp_fd_);
  }
  tmp_fd_ = -1;
  if (!tmpfile_.empty()) ::unlink(tmpfile_.c_str());
  tmpfile_.clear();
  CloseLink();
  CloseRdbChannel();
  EndDual();
  transfer_done_ = false;
}

void Replica::FinishFullSync() {
  Replication& repl = server_.replication();
  // A snapshot child could overwrite the file we are about to load, and would copy every page we free.
  if (server_.ChildActive() && server_.fork_child()->kind() == ChildKind::kRdb) {
    Log(LogLevel::kNotice,
        "Replica is about to load the RDB file received from the master, but there is a pending RDB child running. "
        "Killing process %d and removing its temp file to avoid any race",
        static_cast<int64_t>(server_.fork_child()->pid()));
    KillRdbChild(server_);
  }
  // Redis's replicationAttachToNewMaster: the old history is gone, so is anything that could continue it.
  if (cached_.valid) Log(LogLevel::kNotice, "Discarding previously cached master state.");
  cached_ = Cached{};
  server_.primary().DisconnectAll();  // our sub-replicas must resync with us as well
  repl.FreeBacklog();
  Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: Flushing old data");
  server_.aof().StopForFullSync();
  server_.FlushAll(server_.config().replica_lazy_flush);
  server_.functions().Flush();  // the primary's libraries come with its RDB (Redis's emptyData)
  Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: Loading DB in memory");
  // The file is on disk already (the appender synced it): it becomes dbfilename, so a restart finds it.
  retired_appenders_.push_back({std::move(appender_), tmp_fd_});  // we are inside its callback: freed later
  tmp_fd_ = -1;
  const std::string dst = RdbPath(server_, server_.config().dbfilename);
  if (::rename(tmpfile_.c_str(), dst.c_str()) != 0) {
    Log(LogLevel::kWarning, "Failed trying to rename the temp DB into %s in MASTER <-> REPLICA synchronization: %s",
        server_.config().dbfilename, std::strerror(errno));
    ::unlink(tmpfile_.c_str());
    tmpfile_.clear();
    CancelHandshake(true);
    return;
  }
  tmpfile_.clear();
  const std::string dir = server_.config().dir.empty() ? "." : server_.config().dir;
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  // The load serves other clients (-LOADING) from nested turns; the link's bytes wait meanwhile (held; in a
  // dual channel sync they go on accumulating as the buffered stream, within its bound: MainChannelInput).
  const bool dual = dual_ != Dual::kOff;
  loading_ = true;
  if (conn_ != nullptr && !dual) conn_->HoldInput();
  std::string err;
  persist::rdb::LoadStats stats;
  const RdbLoadResult r = RdbLoadFromDisk(server_, &err, /*merge=*/false, /*serve_clients=*/true, &stats,
                                          /*log_time=*/false);
  loading_ = false;
  if (conn_ != nullptr && !dual) conn_->ReleaseInput();
  EndDual();
  if (r == RdbLoadResult::kAborted) {  // SHUTDOWN during the load
    CloseLink();
    state_ = State::kConnect;
    return;
  }
  server_.aof().RestartAfterFullSync();  // loaded or not, the AOF rewrites what the dataset now is
  if (r != RdbLoadResult::kLoaded) {
    Log(LogLevel::kWarning, "Failed trying to load the MASTER synchronization DB from disk, check server logs.");
    CloseLink();
    state_ = State::kConnect;
    return;
  }
  // After a full sync our history is the primary's, from the offset it announced (a primary that only knows
  // SYNC gives none: a new history of our own, which no PSYNC can continue).
  if (psync_fallback_sync_ || psync_offset_ < 0) {
    repl.ChangeReplId();
    repl.AdoptFullSync(repl.replid(), 0);
  } else {
    repl.AdoptFullSync(psync_replid_, static_cast<uint64_t>(psync_offset_));
  }
  repl.CreateBacklog();
  Log(LogLevel::kNotice, "MASTER <-> REPLICA sync: Finished with success");
  const uint64_t offset = repl.master_repl_offset();
  const int db = stats.repl_stream_db >= 0 ? stats.repl_stream_db : 0;
  if (conn_ == nullptr || closed_while_loading_) {
    // The primary left while we loaded: what we loaded is its history up to offset; continue it.
    closed_while_loading_ = false;
    conn_ = nullptr;
    cached_ = Cached{true, repl.replid(), offset, db};
    Log(LogLevel::kWarning, "Connection with master lost.");
    state_ = State::kConnect;
    return;
  }
  if (dual)
    Log(LogLevel::kNotice, "Dual channel sync: applying the %d bytes of the stream buffered during the sync",
        conn_->input().size());
  StartStreaming(offset, db);
  // A diskless primary waits for this first ACK before it streams (Redis's "Send the initial ACK
  // immediately to put this replica in online state").
  if (use_mark_) SendAck();
  if (conn_ != nullptr && !conn_->input().empty()) ApplyStream();
}

// ---------------------------------------------------------------------------------------------------------
// The dual channel sync

bool Replica::StartDualChannel() {
  Log(LogLevel::kNotice, "Dual channel sync: the master sends the RDB on a second channel, connecting it");
  state_ = State::kTransfer;
  dual_ = Dual::kRdbConnecting;
  main_ch_ = MainChannel::kWaiting;
  rdb_ready_ = false;
  psync_replid_.clear();
  psync_offset_ = -1;
  transfer_size_ = -1;
  transfer_read_ = 0;
  transfer_done_ = false;
  lastio_s_ = NowS(server_);
  if (rdb_connector_ != nullptr && !rdb_connector_->idle()) retired_connectors_.push_back(std::move(rdb_connector_));
  if (rdb_connector_ == nullptr) rdb_connector_ = std::make_unique<io::Connector>(server_.loop());
  std::string err;
  if (!rdb_connector_->Start(host_, port_, this, [this](io::Connection* c, int e) { OnRdbConnected(c, e); }, &err)) {
    DualFailed("unable to connect the RDB channel: " + err);
    return false;
  }
  return true;
}

void Replica::OnRdbConnected(io::Connection* conn, int err) {
  if (dual_ != Dual::kRdbConnecting) {  // given up meanwhile
    if (conn != nullptr) server_.loop()->Close(conn, false);
    return;
  }
  if (conn == nullptr) {
    DualFailed(std::string("error connecting the RDB channel: ") + std::strerror(err));
    return;
  }
  rdb_conn_ = conn;
  dual_ = Dual::kRdbHandshake;
  lastio_s_ = NowS(server_);
  // AUTH and REPLCONF pipelined, their replies read in order (RdbChannelInput), then SYNC (a primary refuses
  // SYNC while a reply is unsent). No PING: the main connection just did it.
  const Config& cfg = server_.config();
  rdb_replies_left_ = 1;
  if (!cfg.masterauth.empty()) {
    ++rdb_replies_left_;
    if (cfg.masteruser.empty()) {
      SendCommandOn(conn, {"AUTH", cfg.masterauth});
    } else {
      SendCommandOn(conn, {"AUTH", cfg.masteruser, cfg.masterauth});
    }
  }
  SendCommandOn(conn, {"REPLCONF", "rdb-channel", "1", "capa", "eof", "capa", "psync2"});
  Log(LogLevel::kNotice, "Dual channel sync: RDB channel connected, asking for the snapshot");
}

bool Replica::RdbChannelInput() {
  std::string& in = rdb_conn_->input();
  std::string line;
  while (dual_ == Dual::kRdbHandshake && TakeLine(in, &line)) {
    if (line.empty()) continue;  // the primary's keepalive newline while the snapshot starts
    if (line[0] == '-') {
      DualFailed("the master refused the RDB channel: " + line);
      return false;
    }
    if (rdb_replies_left_ > 0) {
      if (--rdb_replies_left_ == 0) SendCommandOn(rdb_conn_, {"SYNC"});
      continue;
    }
    if (!line.starts_with("+FULLRESYNC") || !ParseFullResync(line, &psync_replid_, &psync_offset_)) {
      DualFailed("unexpected reply on the RDB channel: " + line);
      return false;
    }
    Log(LogLevel::kNotice, "Dual channel sync: full resync from master: %s:%d, attaching the main channel at offset %d",
        psync_replid_, psync_offset_, psync_offset_ + 1);
    if (!OpenTransferFile()) return false;
    dual_ = Dual::kRdbTransfer;
    SendCommand({"PSYNC", psync_replid_, std::to_string(psync_offset_ + 1)});
    main_ch_ = MainChannel::kPsyncSent;
  }
  if (dual_ != Dual::kRdbTransfer || rdb_conn_ == nullptr) return dual_ != Dual::kOff;
  return TransferInput();
}

bool Replica::MainChannelInput() {
  std::string& in = conn_->input();
  std::string line;
  while (main_ch_ != MainChannel::kBuffering) {
    if (!TakeLine(in, &line)) return true;
    if (line.empty()) continue;
    if (main_ch_ != MainChannel::kPsyncSent || !line.starts_with("+CONTINUE")) {
      DualFailed("unexpected reply on the main channel: " + line);
      return false;
    }
    std::string_view id = std::string_view(line).substr(9);
    while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
    if (!id.empty() && id != psync_replid_) {
      DualFailed("the master continued another history on the main channel: " + std::string(id));
      return false;
    }
    main_ch_ = MainChannel::kBuffering;
    Log(LogLevel::kNotice,
        "Dual channel sync: main channel attached at offset %d, buffering the stream until the RDB is loaded",
        psync_offset_ + 1);
    if (rdb_ready_) {
      FinishFullSync();
      return state_ == State::kConnected;
    }
  }
  BoundDualBuffer();
  return true;
}

void Replica::BoundDualBuffer() {
  // The stream waits here instead of in the primary's output buffer, within the same class of limit.
  const int64_t limit = server_.config().output_limit_replica.hard_bytes;
  if (limit <= 0 || conn_->reading_paused() || static_cast<int64_t>(conn_->input().size()) < limit) return;
  conn_->PauseReading();
  Log(LogLevel::kNotice,
      "Dual channel sync: %d bytes of the stream buffered (client-output-buffer-limit replica), reading paused until "
      "the RDB is loaded",
      conn_->input().size());
}

void Replica::DualFailed(std::string_view why) {
  Log(LogLevel::kWarning, "Dual channel sync: %s; closing both channels, retrying", std::string(why));
  CancelHandshake(false);  // the cron starts over within a second
}

void Replica::CloseRdbChannel() {
  if (rdb_connector_ != nullptr && rdb_connector_->connecting()) rdb_connector_->Abort();
  if (rdb_conn_ == nullptr) return;
  io::Connection* c = rdb_conn_;
  rdb_conn_ = nullptr;  // OnClosed for it is then ignored
  server_.loop()->Close(c, false);
}

void Replica::EndDual() {
  if (dual_ == Dual::kOff) return;
  dual_ = Dual::kOff;
  main_ch_ = MainChannel::kWaiting;
  rdb_ready_ = false;
  if (conn_ != nullptr) conn_->ResumeReading();
}

// ---------------------------------------------------------------------------------------------------------
// The stream

void Replica::StartStreaming(uint64_t offset, int db) {
  master_ = server_.CreateMasterClient(conn_, master_out_.get());
  master_->db_index = db < server_.db_count() ? db : 0;
  master_->user = "(superuser)";  // Redis's CLIENT LIST names no user for its master client
  reploff_ = offset;
  pending_multi_.clear();
  ack_owed_ = false;
  state_ = State::kConnected;
  down_since_s_ = 0;
  last_interaction_s_ = NowS(server_);
}

void Replica::Applied(std::string_view bytes) {
  if (bytes.empty()) return;
  reploff_ += bytes.size();
  server_.replication().FeedRaw(bytes);
}

void Replica::ApplyStream() {
  if (applying_ || master_ == nullptr) return;
  io::Connection* conn = conn_;
  std::string& in = conn->input();
  Client& c = *master_;
  io::RespParser& parser = c.parser();
  Dispatcher& dispatch = server_.dispatcher();
  applying_ = true;
  conn->HoldInput();  // a script's nested turn must not move the bytes the arguments point into
  size_t pos = 0;
  size_t applied_from = 0;  // start of the bytes applied and not yet forwarded
  while (pos < in.size() && !lost_while_applying_) {
    const io::RespParser::Result r = parser.Parse(std::string_view(in).substr(pos));
    if (r == io::RespParser::Result::kNeedMore) break;
    if (r == io::RespParser::Result::kError) {
      Log(LogLevel::kWarning, "Protocol error (%s) from client: %s. %s", parser.error(), "master", "");
      parser.Reset();
      lost_while_applying_ = true;
      break;
    }
    const size_t start = pos;
    pos += parser.consumed();
    if (parser.argv().empty()) continue;  // an empty line: the primary's keepalive newline
    const std::vector<std::string_view>& argv = parser.argv();
    const bool in_multi_before = c.tx.in_multi;
    // REPLCONF GETACK: the primary asks where we are; the answer is the offset before this command.
    const bool getack = argv.size() >= 2 && EqualsNoCase(argv[0], "replconf") && EqualsNoCase(argv[1], "getack");
    if (getack) {
      if (c.tx.in_multi) {
        ack_owed_ = true;
      } else {
        Applied(std::string_view(in).substr(applied_from, start - applied_from));
        applied_from = start;
        SendAck();
      }
    } else if (!(argv.size() >= 1 && EqualsNoCase(argv[0], "replconf"))) {
      c.argv = argv;
      // The primary's commands see keys whose TTL passed: its own DEL for them is on its way.
      server_.expired_lookup() = ExpiredLookup::kKeep;
      dispatch.Execute(c);
      server_.expired_lookup() = ExpiredLookup::kHide;
      c.argv.clear();
      if (!master_out_->empty()) {
        // Redis logs the errors a replica would send to its master (nothing is sent).
        if (master_out_->ByteAt(0) == '-' && !c.tx.in_multi) {
          const std::string reply = master_out_->Slice(1, std::min<size_t>(master_out_->size(), 128));
          Log(LogLevel::kWarning,
              "== CRITICAL == This %s is sending an error to its %s: '%s' after processing the command '%s'",
              "replica", "master", reply.substr(0, reply.find('\r')), c.last_cmd != nullptr ? c.last_cmd->full_name : "");
        }
        master_out_->Clear();
      }
    }
    if (c.tx.in_multi || in_multi_before) {
      // Inside a transaction nothing is applied until its EXEC: the bytes wait with the MULTI.
      if (!in_multi_before) {
        Applied(std::string_view(in).substr(applied_from, start - applied_from));
      }
      pending_multi_.append(in, start, pos - start);
      applied_from = pos;
      if (!c.tx.in_multi) {  // the EXEC (or DISCARD) closed it: the whole unit is applied now
        const bool owed = ack_owed_;
        ack_owed_ = false;
        std::string unit;
        unit.swap(pending_multi_);
        if (owed) SendAck();
        Applied(unit);
      }
    }
    if (master_ == nullptr) break;
  }
  if (!lost_while_applying_) Applied(std::string_view(in).substr(applied_from, pos - applied_from));
  if (pos > 0) in.erase(0, pos);
  // After a burst of the stream, an idle link does not keep its buffer (Redis trims a query buffer the same
  // way): it counts in used_memory, against maxmemory under replica-ignore-maxmemory no.
  if (in.empty() && in.capacity() > (1u << 20)) std::string().swap(in);
  conn->ReleaseInput();
  applying_ = false;
  if (lost_while_applying_) {
    lost_while_applying_ = false;
    OnMasterLost();
  }
}

void Replica::SendAck() {
  if (conn_ == nullptr) return;
  SendCommand({"REPLCONF", "ACK", std::to_string(reploff_)});
}

void Replica::FreeMasterClient() {
  if (master_ == nullptr) return;
  Client* c = master_;
  master_ = nullptr;
  c->DetachConnection();
  server_.FreeClient(c);
  conn_ = nullptr;
  master_out_->Clear();
}

void Replica::OnMasterLost() {
  // Redis's freeClient of the master + replicationCacheMaster + replicationHandleMasterDisconnection.
  Log(LogLevel::kWarning, "Connection with master lost.");
  Log(LogLevel::kNotice, "Caching the disconnected master state.");
  const int db = master_ != nullptr ? master_->db_index : 0;
  io::Connection* conn = conn_;
  FreeMasterClient();
  if (conn != nullptr) server_.loop()->Close(conn, false);
  // A transaction cut in half never happened: the next PSYNC asks for it again from its MULTI.
  pending_multi_.clear();
  ack_owed_ = false;
  cached_ = Cached{true, server_.replication().replid(), reploff_, db};
  down_since_s_ = NowS(server_);
  state_ = State::kConnect;
  if (!active() || server_.config().replicaof_host.empty()) return;
  // Reconnect now rather than at the next cron tick: the backlog may not wait.
  Log(LogLevel::kNotice, "Reconnecting to MASTER %s:%d", host_, port_);
  ConnectWithMaster();
}

// ---------------------------------------------------------------------------------------------------------
// The cron

void Replica::ReleaseRetired() {
  std::erase_if(retired_connectors_, [](const std::unique_ptr<io::Connector>& c) { return c->idle(); });
  std::erase_if(retired_appenders_, [](RetiredAppender& r) {
    if (r.appender != nullptr && !r.appender->idle()) return false;
    if (r.fd >= 0) ::close(r.fd);
    return true;
  });
}

void Replica::Cron() {
  ReleaseRetired();
  // The main connection of a dual channel sync is online on the primary, which times it out without ACKs:
  // it acknowledges the snapshot's offset (nothing of the buffered stream is applied yet).
  if (dual_ != Dual::kOff && main_ch_ == MainChannel::kBuffering && conn_ != nullptr)
    SendCommand({"REPLCONF", "ACK", std::to_string(psync_offset_)});
  if (!active() || loading_) return;
  const int64_t now = NowS(server_);
  const int64_t timeout = server_.config().repl_timeout;
  if ((state_ == State::kConnecting || InHandshake()) && now - lastio_s_ > timeout) {
    Log(LogLevel::kWarning, "Timeout connecting to the MASTER...");
    CancelHandshake(true);
  }
  if (state_ == State::kTransfer && !transfer_done_ && now - lastio_s_ > timeout) {
    Log(LogLevel::kWarning,
        "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter "
        "in redis.conf to a larger value.");
    CancelHandshake(true);
  }
  if (state_ == State::kConnected && now - last_interaction_s_ > timeout) {
    Log(LogLevel::kWarning, "MASTER timeout: no data nor PING received...");
    OnMasterLost();
    return;
  }
  if (state_ == State::kConnect) {
    Log(LogLevel::kNotice, "Connecting to MASTER %s:%d", host_, port_);
    ConnectWithMaster();
  }
  if (state_ == State::kConnected && !psync_fallback_sync_) SendAck();
}

// ---------------------------------------------------------------------------------------------------------
// INFO and ROLE

void Replica::AppendInfo(std::string* out) const {
  const int64_t now = server_.NowMs() / 1000;
  absl::StrAppend(out, "master_host:", host_, "\r\n");
  absl::StrAppend(out, "master_port:", port_, "\r\n");
  absl::StrAppend(out, "master_link_status:", link_up() ? "up" : "down", "\r\n");
  absl::StrAppend(out, "master_last_io_seconds_ago:", master_ != nullptr ? now - last_interaction_s_ : -1, "\r\n");
  absl::StrAppend(out, "master_sync_in_progress:", state_ == State::kTransfer ? 1 : 0, "\r\n");
  // The applied and read offsets of the master client, else of the cached one, else 1 (Redis's defaults).
  int64_t applied = 1, read = 1;
  if (master_ != nullptr) {
    applied = static_cast<int64_t>(reploff_);
    read = applied + static_cast<int64_t>(pending_multi_.size() + (conn_ != nullptr ? conn_->input().size() : 0));
  } else if (cached_.valid) {
    applied = read = static_cast<int64_t>(cached_.reploff);
  }
  absl::StrAppend(out, "slave_read_repl_offset:", read, "\r\n");
  absl::StrAppend(out, "slave_repl_offset:", applied, "\r\n");
  if (state_ == State::kTransfer) {
    const double perc = transfer_size_ != 0
                            ? static_cast<double>(transfer_read_) / static_cast<double>(transfer_size_) * 100
                            : 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", perc);
    absl::StrAppend(out, "master_sync_total_bytes:", transfer_size_, "\r\n");
    absl::StrAppend(out, "master_sync_read_bytes:", transfer_read_, "\r\n");
    absl::StrAppend(out, "master_sync_left_bytes:", transfer_size_ - transfer_read_, "\r\n");
    absl::StrAppend(out, "master_sync_perc:", buf, "\r\n");
    absl::StrAppend(out, "master_sync_last_io_seconds_ago:", now - lastio_s_, "\r\n");
  }
  if (!link_up()) {
    absl::StrAppend(out, "master_link_down_since_seconds:", down_since_s_ != 0 ? now - down_since_s_ : -1, "\r\n");
  }
}

void Replica::ReplyRole(io::ReplyBuilder& rb) const {
  rb.ArrayHeader(5);
  rb.Bulk("slave");
  rb.Bulk(host_);
  rb.Integer(port_);
  std::string_view st = "connect";
  if (InHandshake()) {
    st = "handshake";
  } else if (state_ == State::kConnecting) {
    st = "connecting";
  } else if (state_ == State::kTransfer) {
    st = "sync";
  } else if (state_ == State::kConnected) {
    st = "connected";
  }
  rb.Bulk(st);
  rb.Integer(master_ != nullptr ? static_cast<int64_t>(reploff_) : -1);
}

}  // namespace ringkv::core
