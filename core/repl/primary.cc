#include "core/repl/primary.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/aof.h"
#include "core/bgsave.h"
#include "core/client.h"
#include "core/context.h"
#include "core/log.h"
#include "core/persistence.h"
#include "core/repl/replica.h"
#include "core/server.h"
#include "ds/numconv.h"
#include "io/loop.h"

namespace ringkv::core {

namespace {

// INFO's state names (Redis's replstateToString): both waits print wait_bgsave.
const char* StateName(ReplicaState s) {
  switch (s) {
    case ReplicaState::kWaitBgsaveStart:
    case ReplicaState::kWaitBgsaveEnd:
      return "wait_bgsave";
    case ReplicaState::kSendBulk:
      return "send_bulk";
    case ReplicaState::kOnline:
      return "online";
    case ReplicaState::kHandshake:
      break;
  }
  return "";
}

bool IsSink(ReplicaState s) { return s >= ReplicaState::kWaitBgsaveEnd; }

// Appends every byte of `from` to *to, a block at a time.
void CopyOutput(const io::OutputBuffer& from, io::OutputBuffer* to) {
  for (size_t off = 0; off < from.size(); off += io::OutputBuffer::kBlockBytes)
    to->Append(from.Slice(off, std::min(io::OutputBuffer::kBlockBytes, from.size() - off)));
}

}  // namespace

void ReplicaLink::OnStream(std::string_view bytes) { primary_.Deliver(*this, bytes); }

std::optional<persist::rdb::SaveOptions::ReplInfo> RdbReplInfo(Server& server) {
  Replication& repl = server.replication();
  if (repl.backlog() == nullptr) return std::nullopt;
  persist::rdb::SaveOptions::ReplInfo info;
  // Redis's rdbPopulateSaveInfo: a replica saves the history it follows, in the db its primary's stream
  // is in (the master client's), so a restart from this file can continue it with PSYNC.
  if (!server.config().replicaof_host.empty()) {
    const Client* master = server.replica().master_client();
    if (master == nullptr) return std::nullopt;
    info.stream_db = master->db_index;
  } else {
    info.stream_db = repl.stream_db() == -1 ? 0 : repl.stream_db();
  }
  info.replid = repl.replid();
  info.offset = repl.master_repl_offset();
  return info;
}

Primary::Primary(Server& server) : server_(server) { no_replicas_since_s_ = NowS(); }

Primary::~Primary() = default;

int64_t Primary::NowS() const { return server_.NowMs() / 1000; }

ReplicaLink& Primary::LinkOf(Client& c) {
  if (c.repl == nullptr) {
    auto link = std::make_unique<ReplicaLink>(*this, c);
    c.repl = link.get();
    links_.emplace(c.id(), std::move(link));
  }
  return *c.repl;
}

std::string Primary::IpOf(const ReplicaLink& r) const {
  if (!r.announced_ip.empty()) return r.announced_ip;
  const Client& c = r.client();
  return c.conn() != nullptr ? c.conn()->peer_ip() : std::string();
}

std::string Primary::NameOf(const ReplicaLink& r) const {
  const std::string ip = IpOf(r);
  if (ip.empty()) return absl::StrCat("client id #", r.client().id());
  if (r.listening_port == 0) return ip + ":<unknown-replica-port>";
  // Redis's anetFormatAddr: an IPv6 address in brackets.
  if (ip.find(':') != std::string::npos) return absl::StrCat("[", ip, "]:", r.listening_port);
  return absl::StrCat(ip, ":", r.listening_port);
}

void Primary::WantSend(ReplicaLink& r) {
  io::Loop* loop = server_.loop();
  if (loop != nullptr && r.client().conn() != nullptr) loop->WantSend(r.client().conn());
}

// ---------------------------------------------------------------------------------------------------------
// The state machine

void Primary::MoveTo(ReplicaLink& r, ReplicaState to) {
  const ReplicaState from = r.state;
  r.state = to;
  if (!IsSink(from) && IsSink(to)) server_.replication().AddSink(&r);
  Client& c = r.client();
  switch (to) {
    case ReplicaState::kWaitBgsaveEnd:
    case ReplicaState::kSendBulk:
      // The snapshot passes through the output beside the limit; the held stream is what counts (CheckLimit).
      c.out().SetHardLimit(0);
      break;
    case ReplicaState::kOnline:
      r.ack_time_s = NowS();  // no false timeout before its first ACK (Redis's replicaPutOnline)
      server_.client_input().ApplyOutputLimits(c);
      break;
    case ReplicaState::kHandshake:
    case ReplicaState::kWaitBgsaveStart:
      break;
  }
}

void Primary::Sync(Client& c, bool psync, std::string_view replid, std::string_view offset_arg) {
  if (c.is_replica) return;  // SYNC from a replica is ignored, without a reply
  // A replica can feed sub-replicas only the history it has itself (Redis's syncCommand).
  if (const Replica& self = server_.replica(); self.active() && !self.link_up()) {
    c.rb().Error("NOMASTERLINK Can't SYNC while not connected with my master");
    return;
  }
  if (!c.out().empty()) {
    c.rb().Error("ERR SYNC and PSYNC are invalid with pending output");
    return;
  }
  ReplicaLink& r = LinkOf(c);
  Log(LogLevel::kNotice, "Replica %s asks for synchronization", NameOf(r));
  r.last_interaction_s = NowS();
  if (psync) {
    int64_t offset;
    if (!ds::StringToInt64(offset_arg, &offset)) {
      c.rb().Error(kErrNotInt);
      Log(LogLevel::kWarning, "Replica %s asks for synchronization but with a wrong offset", NameOf(r));
      return;
    }
    // The main connection of a dual channel sync attaching is part of that full sync, not a partial resync.
    const bool dual_attach = r.dual_wait_since_s != 0;
    if (TryPartialResync(r, replid, offset)) {
      if (!dual_attach) ++server_.stats().sync_partial_ok;
      return;
    }
    // "?" is a replica that wants a full sync on purpose: no failed partial attempt.
    if (replid.empty() || replid[0] != '?') ++server_.stats().sync_partial_err;
    if (r.capa & kCapaDualChannel) {
      // Dual channel sync: the snapshot goes on the replica's RDB channel; this connection waits for the
      // PSYNC that attaches it to that snapshot's stream (the cron bounds the wait by repl-timeout).
      r.dual_wait_since_s = NowS();
      c.rb().SimpleString("DUALCHANNELSYNC");
      Log(LogLevel::kNotice, "Dual channel sync: replica %s will take the RDB on a second channel", NameOf(r));
      return;
    }
  } else if (r.rdb_channel) {
    ++server_.stats().sync_dual_channel;  // a full sync as PSYNC's: +FULLRESYNC first, no ACKs on this channel
    Log(LogLevel::kNotice, "Dual channel sync: RDB channel of replica %s asks for the snapshot", NameOf(r));
  } else {
    r.pre_psync = true;  // the old protocol (redis-cli --replica, harnesses): no +FULLRESYNC, no ACKs
  }
  ++server_.stats().sync_full;
  c.is_replica = true;
  c.reply_mode = ReplyMode::kOff;  // a replica gets the stream, never replies
  replicas_.push_back(&r);
  MoveTo(r, ReplicaState::kWaitBgsaveStart);
  Replication& repl = server_.replication();
  if (repl.backlog() == nullptr) {
    // A backlog made from scratch starts a new history: nobody can continue the old one from here.
    repl.ChangeReplId();
    repl.CreateBacklog();
    Log(LogLevel::kNotice, "Replication backlog created, my new replication IDs are '%s' and '%s'", repl.replid(),
        repl.replid2());
  }
  const bool rdb_child = server_.ChildActive() && server_.fork_child()->kind() == ChildKind::kRdb;
  if (rdb_child && !SocketChildRunning()) {
    // A disk snapshot is being made. It serves this replica too when it is a replication one: another replica
    // is holding the stream since its fork, and this one can start from a copy of that.
    ReplicaLink* other = nullptr;
    // (An RDB channel that handed its held stream off has none left to copy.)
    for (ReplicaLink* o : replicas_)
      if (o->state == ReplicaState::kWaitBgsaveEnd && !o->handed_off) {
        other = o;
        break;
      }
    if (other != nullptr && (r.capa & other->capa) == other->capa) {
      CopyOutput(other->held, &r.held);
      SetupFullResync(r, other->psync_initial_offset);
      Log(LogLevel::kNotice, "Waiting for end of BGSAVE for SYNC");
    } else {
      Log(LogLevel::kNotice, "Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
    }
  } else if (rdb_child) {
    Log(LogLevel::kNotice, "Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
  } else if (server_.config().repl_diskless_sync && (r.capa & kCapaEof) && server_.config().repl_diskless_sync_delay > 0) {
    // The cron starts it, after the delay lets more replicas arrive for the same transfer.
    Log(LogLevel::kNotice, "Delay next BGSAVE for diskless SYNC");
  } else if (!server_.ChildActive() && socket_ == nullptr) {
    StartBgsaveForReplication(r.capa);
  } else {
    Log(LogLevel::kNotice, "No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed");
  }
}

bool Primary::TryPartialResync(ReplicaLink& r, std::string_view replid, int64_t offset) {
  Replication& repl = server_.replication();
  // The history asked for is ours, or the one we continue (replid2) up to where we left it.
  const bool ours = EqualsIgnoreCase(replid, repl.replid());
  const bool second = EqualsIgnoreCase(replid, repl.replid2());
  if (!ours && (!second || offset > repl.second_repl_offset())) {
    if (!replid.empty() && replid[0] == '?') {
      Log(LogLevel::kNotice, "Full resync requested by replica %s", NameOf(r));
    } else if (!second) {
      Log(LogLevel::kNotice,
          "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '%s', my replication "
          "IDs are '%s' and '%s')",
          std::string(replid), repl.replid(), repl.replid2());
    } else {
      Log(LogLevel::kNotice,
          "Partial resynchronization not accepted: Requested offset for second ID was %d, but I can reply up to %d",
          offset, repl.second_repl_offset());
    }
    return false;
  }
  ReplBacklog* backlog = repl.backlog();
  // A dual channel replica's main connection attaches to the stream its RDB channel holds since the fork,
  // which serves it when the backlog no longer does.
  ReplicaLink* rdb = (r.capa & kCapaDualChannel) && ours && offset > 0 ? FindRdbChannel(static_cast<uint64_t>(offset))
                                                                       : nullptr;
  const bool in_backlog = backlog != nullptr && offset >= 0 && backlog->Holds(static_cast<uint64_t>(offset));
  if (!in_backlog && rdb == nullptr) {
    Log(LogLevel::kNotice,
        "Unable to partial resync with replica %s for lack of backlog (Replica request was: %d).", NameOf(r), offset);
    if (offset > static_cast<int64_t>(repl.master_repl_offset()))
      Log(LogLevel::kWarning,
          "Warning: replica %s tried to PSYNC with an offset that is greater than the master replication offset.",
          NameOf(r));
    return false;
  }
  Client& c = r.client();
  c.is_replica = true;
  c.reply_mode = ReplyMode::kOff;
  replicas_.push_back(&r);
  c.out().Append((r.capa & kCapaPsync2) ? absl::StrCat("+CONTINUE ", repl.replid(), "\r\n") : "+CONTINUE\r\n");
  size_t sent_bytes;
  if (in_backlog) {
    std::string bytes;
    backlog->CopyFrom(static_cast<uint64_t>(offset), &bytes);
    c.out().Append(bytes);
    sent_bytes = bytes.size();
  } else {
    CopyOutput(rdb->held, &c.out());
    sent_bytes = rdb->held.size();
  }
  r.streaming = true;
  r.dual_wait_since_s = 0;
  MoveTo(r, ReplicaState::kOnline);
  WantSend(r);
  if (rdb != nullptr) HandOff(*rdb, r);
  // No SELECT is forced: the replica kept its db from the previous link.
  Log(LogLevel::kNotice,
      "Partial resynchronization request from %s accepted. Sending %d bytes of backlog starting from offset %d.",
      NameOf(r), sent_bytes, offset);
  RefreshGoodReplicas();
  return true;
}

void Primary::SetupFullResync(ReplicaLink& r, uint64_t offset) {
  r.psync_initial_offset = offset;
  MoveTo(r, ReplicaState::kWaitBgsaveEnd);
  // The stream this replica gets from here must say its db first (Redis's slaveseldb = -1).
  server_.replication().ForceSelect();
  if (!r.pre_psync) {
    r.client().out().Append(absl::StrCat("+FULLRESYNC ", server_.replication().replid(), " ", offset, "\r\n"));
    WantSend(r);
  }
}

void Primary::StartBgsaveForReplication(uint32_t mincapa) {
  const bool socket = server_.config().repl_diskless_sync && (mincapa & kCapaEof);
  Log(LogLevel::kNotice, "Starting BGSAVE for SYNC with target: %s", socket ? "replicas sockets" : "disk");
  const bool ok = socket ? StartSocketTransfer() : RdbSaveBackground(server_);
  if (ok && !socket && server_.config().rdb_del_sync_files) rdb_generated_by_replication_ = true;
  if (!ok) {
    Log(LogLevel::kWarning, "BGSAVE for replication failed");
    for (ReplicaLink* r : std::vector<ReplicaLink*>(replicas_)) {
      if (r->state != ReplicaState::kWaitBgsaveStart) continue;
      Client& c = r->client();
      std::erase(replicas_, r);
      r->state = ReplicaState::kHandshake;
      c.is_replica = false;
      c.reply_mode = ReplyMode::kOn;
      c.rb().SetDiscard(false);
      c.rb().Error("ERR BGSAVE failed, replication can't continue");
      server_.CloseClient(&c, /*after_reply=*/true);
      WantSend(*r);
    }
    if (replicas_.empty()) no_replicas_since_s_ = NowS();
    return;
  }
  if (socket) return;  // StartSocketTransfer set its replicas up
  // The child holds the dataset as of now: that is the offset its replicas continue from.
  const uint64_t offset = server_.replication().master_repl_offset();
  for (ReplicaLink* r : replicas_)
    if (r->state == ReplicaState::kWaitBgsaveStart) SetupFullResync(*r, offset);
}

void Primary::StartPendingFork() {
  // Redis's shouldStartChildReplication: with diskless sync, wait repl-diskless-sync-delay seconds from the
  // oldest waiting replica's last word (or until repl-diskless-sync-max-replicas are waiting).
  if (server_.ChildActive() || socket_ != nullptr || server_.fork_child() == nullptr) return;
  const Config& cfg = server_.config();
  const int64_t now_ms = server_.NowMs();
  int waiting = 0;
  int64_t max_idle_s = 0;
  uint32_t mincapa = ~uint32_t{0};
  for (ReplicaLink* r : replicas_) {
    if (r->state != ReplicaState::kWaitBgsaveStart) continue;
    max_idle_s = std::max(max_idle_s, (now_ms - r->client().last_interaction_ms) / 1000);
    ++waiting;
    mincapa &= r->capa;
  }
  if (waiting > 0 && (!cfg.repl_diskless_sync ||
                      (cfg.repl_diskless_sync_max_replicas > 0 && waiting >= cfg.repl_diskless_sync_max_replicas) ||
                      max_idle_s >= cfg.repl_diskless_sync_delay))
    StartBgsaveForReplication(mincapa);
}

void Primary::PutOnline(ReplicaLink& r) {
  if (r.rdb_channel) {
    FinishRdbChannel(r);
    return;
  }
  MoveTo(r, ReplicaState::kOnline);
  Log(LogLevel::kNotice, "Synchronization with replica %s succeeded", NameOf(r));
  RefreshGoodReplicas();
  if (!r.stream_on_ack) StartStream(r);
}

ReplicaLink* Primary::FindRdbChannel(uint64_t offset) const {
  for (ReplicaLink* o : replicas_)
    if (o->rdb_channel && !o->handed_off && !o->client().close_asap && IsSink(o->state) &&
        o->psync_initial_offset + 1 == offset)
      return o;
  return nullptr;
}

void Primary::HandOff(ReplicaLink& rdb, ReplicaLink& main) {
  // From here the main connection has the stream: the RDB channel only finishes its snapshot.
  server_.replication().RemoveSink(&rdb);
  rdb.handed_off = true;
  rdb.held.Clear();
  rdb.held_soft_since_ms = 0;
  Log(LogLevel::kNotice, "Dual channel sync: main channel of replica %s attached at offset %d, streaming", NameOf(main),
      rdb.psync_initial_offset + 1);
  if (rdb.rdb_sent) FinishRdbChannel(rdb);
}

void Primary::FinishRdbChannel(ReplicaLink& r) {
  r.socket_target = false;
  r.transfer_waiting = false;
  if (!r.handed_off) {
    // Its main connection has not attached yet: the held stream must outlive the transfer (the cron bounds it).
    if (!r.rdb_sent) {
      r.rdb_sent = true;
      r.rdb_sent_s = NowS();
      Log(LogLevel::kNotice, "Dual channel sync: RDB sent to replica %s, waiting for its main channel", NameOf(r));
    }
    return;
  }
  Log(LogLevel::kNotice, "Dual channel sync: RDB sent to replica %s, closing its RDB channel", NameOf(r));
  Drop(r);
}

void Primary::StartStream(ReplicaLink& r) {
  r.stream_on_ack = false;
  r.streaming = true;
  Client& c = r.client();
  CopyOutput(r.held, &c.out());
  r.held.Clear();
  r.held_soft_since_ms = 0;
  WantSend(r);
  CheckLimit(r);
}

void Primary::Drop(ReplicaLink& r) { server_.CloseClient(&r.client(), /*after_reply=*/false); }

// ---------------------------------------------------------------------------------------------------------
// The stream and the output limit

void Primary::Deliver(ReplicaLink& r, std::string_view bytes) {
  Client& c = r.client();
  if (c.close_asap) return;
  if (r.streaming) {
    c.out().Append(bytes);
    WantSend(r);
  } else {
    // The live limit (CONFIG SET may change it), applied as the bytes arrive.
    const int64_t hard = server_.config().output_limit_replica.hard_bytes;
    r.held.SetHardLimit(hard > 0 ? static_cast<size_t>(hard) : 0);
    r.held.Append(bytes);
  }
  CheckLimit(r);
}

void Primary::CheckLimit(ReplicaLink& r) {
  Client& c = r.client();
  const OutputLimit& lim = server_.config().output_limit_replica;
  if (r.streaming) {
    // The common case costs two comparisons: under the soft limit (or none) and never past the hard one.
    if (!c.out().over_hard_limit() && c.obuf_soft_limit_since_ms == 0 &&
        (lim.soft_bytes <= 0 || static_cast<int64_t>(c.out().size()) <= lim.soft_bytes))
      return;
    const int64_t now_ms = server_.NowMs();
    if (!server_.client_input().OverOutputLimit(c, now_ms)) return;
    server_.client_input().LogOutputLimitClose(c, now_ms);
  } else {
    // During the full sync the held stream is what Redis's reply buffer holds: the same limits apply to it.
    const auto held = static_cast<int64_t>(r.held.size());
    bool over = r.held.over_hard_limit() || (lim.hard_bytes > 0 && held >= lim.hard_bytes);
    if (!over && lim.soft_bytes > 0 && held >= lim.soft_bytes) {
      const int64_t now_ms = server_.NowMs();
      if (r.held_soft_since_ms == 0) {
        r.held_soft_since_ms = now_ms;
      } else {
        over = now_ms - r.held_soft_since_ms > lim.soft_seconds * 1000;
      }
    } else if (!over) {
      r.held_soft_since_ms = 0;
    }
    if (!over) return;
    server_.client_input().LogOutputLimitClose(c, server_.NowMs());
  }
  server_.CloseClient(&c, /*after_reply=*/false);
}

// ---------------------------------------------------------------------------------------------------------
// Disk target: the RDB file through the replica's output

void Primary::OnDiskSnapshotDone(bool ok) {
  const std::string path = RdbPath(server_, server_.config().dbfilename);
  for (ReplicaLink* r : std::vector<ReplicaLink*>(replicas_)) {
    if (r->state != ReplicaState::kWaitBgsaveEnd) continue;
    if (!ok) {
      Drop(*r);
      Log(LogLevel::kWarning, "SYNC failed. BGSAVE child returned an error");
      continue;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      const std::string why = std::strerror(errno);
      if (fd >= 0) ::close(fd);
      Drop(*r);
      Log(LogLevel::kWarning, "SYNC failed. Can't open/stat DB after BGSAVE: %s", why);
      continue;
    }
    r->bulk_size = static_cast<uint64_t>(st.st_size);
    r->bulk_done = false;
    MoveTo(*r, ReplicaState::kSendBulk);
    r->client().out().Append(absl::StrCat("$", r->bulk_size, "\r\n"));
    WantSend(*r);
    ReplicaLink* rp = r;  // a cancelled reader never calls back, so rp outlives every call
    r->bulk = std::make_unique<ChunkReader>(server_.loop(), fd, /*is_pipe=*/false, kChunkBytes,
                                            [this, rp](int32_t res) { SendBulkChunk(*rp, res); });
    r->bulk->Read();
  }
  StartPendingFork();
}

void Primary::SendBulkChunk(ReplicaLink& r, int32_t res) {
  Client& c = r.client();
  if (res < 0 || (res == 0 && r.bulk->offset() < r.bulk_size)) {
    Log(LogLevel::kWarning, "Read error sending DB to replica: %s", res == 0 ? "premature EOF" : std::strerror(-res));
    Drop(r);
    return;
  }
  c.out().Append(r.bulk->data());
  WantSend(r);
  if (r.bulk->offset() >= r.bulk_size) {
    r.bulk_done = true;
    Retire(std::move(r.bulk));
    // Online once the whole file has left: the stream and the limits start from an empty output.
    c.conn()->NotifyWhenOutputBelow(0);
    return;
  }
  if (c.out().size() > kTransferMarkBytes) {
    c.conn()->NotifyWhenOutputBelow(kTransferMarkBytes / 2);
  } else {
    r.bulk->Read();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Diskless target: the child's pipe relayed to the replicas' outputs

bool Primary::StartSocketTransfer() {
  socket_ = std::make_unique<SocketTransfer>();
  int rd = -1;
  const pid_t pid = StartSocketSnapshot(
      server_,
      [this](const ChildResult& res) {
        if (res.ok()) {
          Log(LogLevel::kNotice, "Background RDB transfer terminated with success");
        } else if (res.signal == 0) {
          Log(LogLevel::kWarning, "Background transfer error");
        } else {
          Log(LogLevel::kWarning, "Background transfer terminated by signal %d", res.signal);
        }
        socket_->child_done = true;
        socket_->child_ok = res.ok();
        FinishSocketTransfer();
      },
      &rd);
  if (pid < 0) {
    Log(LogLevel::kWarning, "Can't save in background: fork: %s", std::strerror(errno));
    socket_.reset();
    return false;
  }
  Log(LogLevel::kNotice, "Background RDB transfer started by pid %d", static_cast<int>(pid));
  const uint64_t offset = server_.replication().master_repl_offset();
  for (ReplicaLink* r : replicas_) {
    if (r->state != ReplicaState::kWaitBgsaveStart) continue;
    SetupFullResync(*r, offset);
    r->socket_target = true;
    socket_->targets.push_back(r->client().id());
  }
  socket_->pipe = std::make_unique<ChunkReader>(server_.loop(), rd, /*is_pipe=*/true, kChunkBytes,
                                                [this](int32_t res) { RelayChunk(res); });
  socket_->pipe->Read();
  return true;
}

ReplicaLink* Primary::TargetOf(uint64_t id) const {
  Client* c = server_.FindClient(id);
  if (c == nullptr || c->repl == nullptr || c->close_asap || !c->repl->socket_target) return nullptr;
  return c->repl;
}

void Primary::RelayChunk(int32_t res) {
  SocketTransfer& t = *socket_;
  if (res < 0) {
    Log(LogLevel::kWarning, "Diskless rdb transfer, read error sending DB to replicas: %s", std::strerror(-res));
    for (uint64_t id : t.targets)
      if (ReplicaLink* r = TargetOf(id)) Drop(*r);
    KillRdbChild(server_);
    t.eof = true;
    FinishSocketTransfer();
    return;
  }
  if (res == 0) {
    int up = 0;
    for (uint64_t id : t.targets) up += TargetOf(id) != nullptr ? 1 : 0;
    Log(LogLevel::kWarning, "Diskless rdb transfer, done reading from pipe, %d replicas still up.", up);
    t.eof = true;
    FinishSocketTransfer();
    return;
  }
  int alive = 0;
  for (uint64_t id : t.targets) {
    ReplicaLink* r = TargetOf(id);
    if (r == nullptr) continue;
    ++alive;
    Client& c = r->client();
    c.out().Append(t.pipe->data());
    WantSend(*r);
    if (c.out().size() > kTransferMarkBytes) {
      r->transfer_waiting = true;
      r->transfer_waiting_since_s = NowS();
      c.conn()->NotifyWhenOutputBelow(kTransferMarkBytes / 2);
    }
  }
  if (alive == 0 && !t.child_done) {
    Log(LogLevel::kWarning, "Diskless rdb transfer, last replica dropped, killing fork child.");
    KillRdbChild(server_);
  }
  ResumeRelay();
}

void Primary::ResumeRelay() {
  if (socket_ == nullptr) return;
  SocketTransfer& t = *socket_;
  if (t.eof) {
    FinishSocketTransfer();
    return;
  }
  for (uint64_t id : t.targets)
    if (ReplicaLink* r = TargetOf(id); r != nullptr && r->transfer_waiting) return;
  t.pipe->Read();
}

void Primary::FinishSocketTransfer() {
  if (socket_ == nullptr || !socket_->eof || !socket_->child_done) return;
  SocketTransfer& t = *socket_;
  std::vector<uint64_t> left;
  for (uint64_t id : t.targets) {
    ReplicaLink* r = TargetOf(id);
    if (r == nullptr) continue;
    Client& c = r->client();
    if (!t.child_ok) {
      Drop(*r);
      Log(LogLevel::kWarning, "SYNC failed. BGSAVE child returned an error");
      continue;
    }
    if (!c.out().empty()) {  // online once its RDB has left entirely
      r->transfer_waiting = true;
      c.conn()->NotifyWhenOutputBelow(0);
      left.push_back(id);
      continue;
    }
    r->socket_target = false;
    r->transfer_waiting = false;
    Log(LogLevel::kNotice,
        "Streamed RDB transfer with replica %s succeeded (socket). Waiting for REPLCONF ACK from slave to enable "
        "streaming",
        NameOf(*r));
    // The replica finds the end of an EOF-marked RDB more easily when nothing follows it at once: the stream
    // starts with its first ACK.
    r->stream_on_ack = true;
    PutOnline(*r);
  }
  t.targets = std::move(left);
  if (!t.targets.empty()) return;
  Retire(std::move(t.pipe));
  socket_.reset();
  StartPendingFork();
}

void Primary::OnOutputDrained(Client& c) {
  ReplicaLink* r = c.repl;
  if (r == nullptr || !c.is_replica || c.close_asap) return;
  if (r->state == ReplicaState::kSendBulk) {
    if (r->bulk_done) {
      if (c.out().empty()) {
        PutOnline(*r);
      } else {
        c.conn()->NotifyWhenOutputBelow(0);
      }
    } else if (r->bulk != nullptr) {
      r->bulk->Read();
    }
    return;
  }
  if (r->transfer_waiting) {
    r->transfer_waiting = false;
    ResumeRelay();
  }
}

void Primary::Retire(std::unique_ptr<ChunkReader> reader) {
  if (reader == nullptr) return;
  if (reader->reading()) reader->Cancel();
  // Never freed here: this may run inside the reader's own completion.
  retired_.push_back(std::move(reader));
}

void Primary::SweepRetired() {
  std::erase_if(retired_, [](const std::unique_ptr<ChunkReader>& r) { return r->idle(); });
}

// ---------------------------------------------------------------------------------------------------------
// Replicas leaving, ACKs, WAIT

void Primary::DisconnectAll() {
  for (ReplicaLink* r : replicas_) {
    if (IsSink(r->state)) server_.replication().RemoveSink(r);
    Drop(*r);
  }
  // A main connection waiting for its RDB channel's snapshot would attach to the history that just ended.
  for (auto& [id, link] : links_)
    if (link->dual_wait_since_s != 0) Drop(*link);
}

void Primary::Forget(Client& c) {
  ReplicaLink* r = c.repl;
  if (r == nullptr) return;
  if (c.is_replica) {
    if (r->rdb_channel) {
      Log(LogLevel::kNotice, "Dual channel sync: RDB channel of replica %s closed", NameOf(*r));
    } else {
      Log(LogLevel::kNotice, "Connection with replica %s lost.", NameOf(*r));
    }
    std::erase(replicas_, r);
    if (IsSink(r->state)) server_.replication().RemoveSink(r);
    if (replicas_.empty()) no_replicas_since_s_ = NowS();
  }
  Retire(std::move(r->bulk));
  c.repl = nullptr;
  c.is_replica = false;
  links_.erase(c.id());
  RefreshGoodReplicas();
  // A diskless transfer waiting for this replica's output goes on without it.
  if (socket_ != nullptr) ResumeRelay();
}

void Primary::OnAck(Client& c, int64_t offset) {
  ReplicaLink& r = *c.repl;
  if (offset > 0 && static_cast<uint64_t>(offset) > r.ack_off) r.ack_off = static_cast<uint64_t>(offset);
  r.ack_time_s = NowS();
  if (r.stream_on_ack && r.state == ReplicaState::kOnline) StartStream(r);
}

size_t Primary::OutputBytes() const {
  size_t bytes = 0;
  for (const auto& [id, r] : links_) {
    if (r->client().is_replica) bytes += r->client().out().allocated_bytes() + r->held.allocated_bytes();
  }
  return bytes;
}

int Primary::CountAcks(uint64_t offset) const {
  int n = 0;
  for (const ReplicaLink* r : replicas_) n += r->state == ReplicaState::kOnline && r->ack_off >= offset ? 1 : 0;
  return n;
}

void Primary::AddWaiter(Client& c, uint64_t offset, int64_t numreplicas) {
  waiters_.push_back({c.id(), offset, numreplicas});
  get_ack_ = true;  // one GETACK at the end of the turn for every WAIT that blocked in it
}

void Primary::ReplyWaiter(Client& c) {
  auto it = std::find_if(waiters_.begin(), waiters_.end(), [&c](const Waiter& w) { return w.client_id == c.id(); });
  if (it == waiters_.end()) {
    c.rb().Integer(0);
    return;
  }
  c.rb().Integer(CountAcks(it->offset));
  waiters_.erase(it);
}

void Primary::BeforeSleep() {
  SweepRetired();
  if (get_ack_) {
    get_ack_ = false;
    static const std::vector<std::string_view> kGetack = {"REPLCONF", "GETACK", "*"};
    server_.replication().Feed(-1, kGetack);  // in the stream's current db: no SELECT
  }
  if (waiters_.empty()) return;
  std::vector<uint64_t> satisfied;
  std::erase_if(waiters_, [this](const Waiter& w) {
    Client* c = server_.FindClient(w.client_id);
    return c == nullptr || c->blocked == nullptr;  // gone, or its wait ended otherwise (timeout, UNBLOCK)
  });
  for (const Waiter& w : waiters_)
    if (CountAcks(w.offset) >= w.numreplicas) satisfied.push_back(w.client_id);
  for (uint64_t id : satisfied) server_.blocking().Release(id);  // replies through ReplyWaiter
}

ReplicaLink* Primary::FindReplica(std::string_view host, int64_t port) {
  for (ReplicaLink* r : replicas_) {
    if (!r->rdb_channel && r->listening_port == port && EqualsIgnoreCase(IpOf(*r), host)) return r;
  }
  return nullptr;
}

ReplicaLink* Primary::FirstAcked(uint64_t offset) {
  for (ReplicaLink* r : replicas_) {
    if (r->ack_off == offset && !IpOf(*r).empty()) return r;
  }
  return nullptr;
}

std::vector<Primary::RoleEntry> Primary::OnlineReplicas() const {
  std::vector<RoleEntry> out;
  for (const ReplicaLink* r : replicas_) {
    std::string ip = IpOf(*r);
    if (ip.empty() || r->state != ReplicaState::kOnline) continue;
    out.push_back({std::move(ip), r->listening_port, r->ack_off});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// min-replicas-to-write, the cron, INFO

void Primary::RefreshGoodReplicas() {
  const Config& cfg = server_.config();
  if (cfg.min_replicas_to_write == 0 || cfg.min_replicas_max_lag == 0) return;
  const int64_t now_s = NowS();
  int good = 0;
  for (const ReplicaLink* r : replicas_)
    good += r->state == ReplicaState::kOnline && now_s - r->ack_time_s <= cfg.min_replicas_max_lag ? 1 : 0;
  good_replicas_ = good;
}

bool Primary::GoodReplicasOk() const {
  const Config& cfg = server_.config();
  return cfg.min_replicas_to_write == 0 || cfg.min_replicas_max_lag == 0 || !cfg.replicaof_host.empty() ||
         good_replicas_ >= cfg.min_replicas_to_write;
}

void Primary::Cron(int64_t now_ms) {
  SweepRetired();
  // Redis's replicationCron runs once a second.
  if (now_ms - last_cron_ms_ < 1000) return;
  last_cron_ms_ = now_ms;
  const Config& cfg = server_.config();
  const int64_t now_s = now_ms / 1000;
  Replication& repl = server_.replication();
  // A PING every repl-ping-replica-period, so replicas can tell a dead link from a quiet one. It goes in the
  // stream's current db (no SELECT).
  if (cron_loops_ % static_cast<uint64_t>(std::max<int64_t>(cfg.repl_ping_replica_period, 1)) == 0 &&
      !replicas_.empty()) {
    static const std::vector<std::string_view> kPing = {"PING"};
    repl.Feed(-1, kPing);
  }
  // Replicas waiting for their RDB get a newline a second (outside the stream: no offset), so they do not
  // time out; not during a diskless transfer, whose bytes are the RDB itself.
  for (ReplicaLink* r : replicas_) {
    if (r->state == ReplicaState::kWaitBgsaveStart || (r->state == ReplicaState::kWaitBgsaveEnd && !r->socket_target)) {
      r->client().out().Append('\n');
      WantSend(*r);
    }
  }
  for (ReplicaLink* r : std::vector<ReplicaLink*>(replicas_)) {
    if (r->client().close_asap) continue;
    if (r->rdb_sent && !r->handed_off && now_s - r->rdb_sent_s > cfg.repl_timeout) {
      Log(LogLevel::kWarning, "Dual channel sync: main channel of replica %s never attached, closing its RDB channel",
          NameOf(*r));
      Drop(*r);
      continue;
    }
    if (r->state == ReplicaState::kOnline && !r->pre_psync && now_s - r->ack_time_s > cfg.repl_timeout) {
      Log(LogLevel::kWarning, "Disconnecting timedout replica (streaming sync): %s", NameOf(*r));
      Drop(*r);
    } else if (r->socket_target && r->transfer_waiting && now_s - r->transfer_waiting_since_s > cfg.repl_timeout) {
      Log(LogLevel::kWarning, "Disconnecting timedout replica (full sync): %s", NameOf(*r));
      Drop(*r);
    }
  }
  for (auto& [id, link] : links_) {
    if (link->dual_wait_since_s == 0 || link->client().close_asap || now_s - link->dual_wait_since_s <= cfg.repl_timeout)
      continue;
    Log(LogLevel::kWarning, "Dual channel sync: replica %s did not attach its main channel in time", NameOf(*link));
    link->dual_wait_since_s = 0;
    Drop(*link);
  }
  // Without replicas for repl-backlog-ttl seconds a primary frees its backlog, and starts a new history with
  // the next one (writes meanwhile do not advance the offset, so the old id would lie about them).
  if (replicas_.empty() && cfg.repl_backlog_ttl > 0 && repl.backlog() != nullptr && cfg.replicaof_host.empty() &&
      now_s - no_replicas_since_s_ > cfg.repl_backlog_ttl) {
    repl.ChangeReplId();
    repl.FreeBacklog();
    Log(LogLevel::kNotice, "Replication backlog freed after %d seconds without connected replicas.",
        cfg.repl_backlog_ttl);
  }
  StartPendingFork();
  RemoveRdbUsedToSync();
  RefreshGoodReplicas();
  ++cron_loops_;
}

void Primary::RemoveRdbUsedToSync() {
  // rdb-del-sync-files: a server without persistence does not leave the RDB it made for a full sync behind.
  if (!server_.config().rdb_del_sync_files) {
    rdb_generated_by_replication_ = false;
    return;
  }
  if (!rdb_generated_by_replication_ || HasSavePoints(server_) || server_.aof().enabled()) return;
  for (const ReplicaLink* r : replicas_)
    if (r->state == ReplicaState::kWaitBgsaveStart || r->state == ReplicaState::kWaitBgsaveEnd ||
        r->state == ReplicaState::kSendBulk)
      return;
  const std::string path = RdbPath(server_, server_.config().dbfilename);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  rdb_generated_by_replication_ = false;
  Log(LogLevel::kNotice, "Removing the RDB file used to feed replicas in a persistence-less instance");
  ::unlink(path.c_str());
}

void Primary::AppendInfo(std::string* out) const {
  // An RDB channel is not a replica of its own (its main connection is): INFO leaves it out, so tools that
  // read these lines (Sentinel) see one replica per server.
  const auto rdb_channels = std::count_if(replicas_.begin(), replicas_.end(), [](const ReplicaLink* r) { return r->rdb_channel; });
  absl::StrAppend(out, "connected_slaves:", replicas_.size() - static_cast<size_t>(rdb_channels), "\r\n");
  const Config& cfg = server_.config();
  if (cfg.min_replicas_to_write != 0 && cfg.min_replicas_max_lag != 0)
    absl::StrAppend(out, "min_slaves_good_slaves:", good_replicas_, "\r\n");
  const int64_t now_s = NowS();
  int id = 0;
  for (const ReplicaLink* r : replicas_) {
    const std::string ip = IpOf(*r);
    if (ip.empty() || r->rdb_channel) continue;
    const int64_t lag = r->state == ReplicaState::kOnline ? now_s - r->ack_time_s : 0;
    absl::StrAppend(out, "slave", id++, ":ip=", ip, ",port=", r->listening_port, ",state=", StateName(r->state),
                    ",offset=", r->ack_off, ",lag=", lag, "\r\n");
  }
}

}  // namespace ringkv::core
