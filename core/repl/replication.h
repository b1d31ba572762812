// Replication's shared core (Redis 7.0's replication.c state): the identity of the history this server holds
// (replid, replid2 and second_repl_offset), the stream offset (master_repl_offset: every byte ever fed to the
// replication stream), the backlog (a ring buffer of the newest repl-backlog-size bytes of the stream, for
// partial resyncs), and the stream itself: the propagated effects rendered once as RESP, with a SELECT
// whenever the *stream's* database changes (one stream for all replicas, as Redis's slaveseldb), appended to
// the backlog and to every attached replica's stream sink.
//
// The two sides build on it: core/repl/primary.h (replicas attached to this server: PSYNC, full syncs, WAIT)
// and core/repl/replica.h (this server's link to its primary). A replica does not render its own effects for
// sub-replicas: it proxies its primary's stream byte for byte (FeedRaw), so a chain carries one history.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/propagation.h"

namespace ringkv::core {

class Server;

// The newest `size` bytes of the stream, with the stream offsets they cover. Offsets are Redis's: the stream's
// first byte is offset 1, and end_offset() is master_repl_offset (bytes ever appended).
class ReplBacklog {
 public:
  explicit ReplBacklog(size_t size, uint64_t end_offset);
  void Append(std::string_view bytes);
  // repl_backlog_size, repl_backlog_histlen, repl_backlog_first_byte_offset.
  size_t size() const { return buf_.size(); }
  size_t histlen() const { return histlen_; }
  uint64_t first_byte_offset() const { return end_offset_ - histlen_ + 1; }
  uint64_t end_offset() const { return end_offset_; }
  // Whether a PSYNC asking for the byte at `offset` (its processed offset + 1) can continue from here:
  // first_byte_offset() <= offset <= end_offset() + 1.
  bool Holds(uint64_t offset) const;
  // Appends the bytes from stream offset `offset` to the end to *out (Holds(offset) must be true).
  void CopyFrom(uint64_t offset, std::string* out) const;
  // CONFIG SET repl-backlog-size: keeps the newest bytes that fit.
  void Resize(size_t size);

 private:
  std::string buf_;
  size_t head_ = 0;  // where the next byte goes
  size_t histlen_ = 0;
  uint64_t end_offset_ = 0;
};

// Where the rendered stream goes besides the backlog: a replica attached to this server (core/repl/primary.h).
class ReplStreamSink {
 public:
  virtual ~ReplStreamSink() = default;
  virtual void OnStream(std::string_view bytes) = 0;
};

class Replication final : public PropagationTarget {
 public:
  explicit Replication(Server& server);
  ~Replication() override;

  // ---- identity ----
  const std::string& replid() const { return replid_; }
  const std::string& replid2() const { return replid2_; }
  int64_t second_repl_offset() const { return second_repl_offset_; }  // -1 when replid2 is unset
  uint64_t master_repl_offset() const { return offset_; }
  // A new random replid, replid2 cleared (Redis's changeReplicationId + clearReplicationId2): a new history
  // (DEBUG CHANGE-REPL-ID, a primary that starts without one).
  void ChangeReplId();
  // Promotion (REPLICAOF NO ONE, FAILOVER): the current id becomes replid2, valid up to the current offset
  // (second_repl_offset = offset + 1), and a new replid starts, so the old primary's other replicas can
  // continue partially from this server (Redis's shiftReplicationId).
  void ShiftReplId();
  // A replica adopts its primary's history: after +FULLRESYNC <id> <offset> (replid2 cleared, the backlog
  // restarted at offset) or +CONTINUE <newid> (the old id becomes replid2 at the current offset).
  void AdoptFullSync(const std::string& id, uint64_t offset);
  void AdoptContinue(const std::string& new_id);

  // ---- the stream ----
  // PropagationTarget: a primary's own effects. Ignored while this server is a replica (it proxies instead).
  void Feed(int db, const std::vector<std::string_view>& argv) override;
  PropagationTargets kind() const override { return kPropagateRepl; }
  // Bytes already in stream form (a replica proxying its primary's stream; the PING of the replication cron):
  // to the backlog and every sink, offset advanced.
  void FeedRaw(std::string_view bytes);
  // The next effect starts with a SELECT whatever the db (Redis's slaveseldb = -1): a full sync began, or
  // the history changed hands.
  void ForceSelect() { stream_db_ = -1; }
  int stream_db() const { return stream_db_; }

  // Sinks: attached replicas that receive the stream live (the primary side adds and removes them).
  void AddSink(ReplStreamSink* s);
  void RemoveSink(ReplStreamSink* s);
  size_t sink_count() const { return sinks_.size(); }

  // The backlog: created when the first replica attaches (or a replica gets its primary's history), freed by
  // repl-backlog-ttl with no replica left (the primary side decides). Null when there is none.
  ReplBacklog* backlog() { return backlog_.get(); }
  void CreateBacklog();
  void FreeBacklog();
  // Whether the stream is being kept at all (a backlog exists or a sink listens): Feed renders nothing
  // otherwise, so a server without replicas pays nothing.
  bool streaming() const { return backlog_ != nullptr || !sinks_.empty(); }
  // CONFIG SET repl-backlog-size.
  void OnBacklogSizeChanged();

  // The repl_backlog_* and identity lines of INFO replication (master_replid ... repl_backlog_histlen), as
  // Redis 7.0.15 prints them.
  std::string InfoIdentityFields() const;

 private:
  void Append(std::string_view bytes);

  Server& server_;
  std::string replid_;
  std::string replid2_;
  int64_t second_repl_offset_ = -1;
  uint64_t offset_ = 0;
  int stream_db_ = -1;
  std::unique_ptr<ReplBacklog> backlog_;
  std::vector<ReplStreamSink*> sinks_;
  std::string scratch_;
};

}  // namespace ringkv::core
