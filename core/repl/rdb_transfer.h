// The byte-moving half of a full sync on the primary: how a snapshot reaches a replica's connection without
// the loop ever blocking on a file or a pipe. ChunkReader reads a file (the disk target's RDB) or a pipe (the
// diskless child's output) through the ring, one bounded chunk at a time; the caller copies each chunk into
// the replicas' output and asks for the next only when their unsent output is below a mark, so a slow replica
// holds back the transfer instead of growing the primary's memory. StartSocketSnapshot forks the diskless
// child: it writes the RDB into a pipe with Redis's EOF-marked framing, and the primary relays it.
//
// Why a pipe the parent relays rather than the child writing to the sockets itself (Redis 7.0 does the same):
// the parent stays the only writer of a replica's socket, so the +FULLRESYNC line, the keep-alive newlines,
// the RDB and then the stream leave in order through the one OutputBuffer; a replica that stops reading is
// dropped by the parent (repl-timeout, its output limit) without the child ever blocking on it; and the
// child's memory image is the only thing it shares with the parent.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/fork_child.h"
#include "io/completion.h"

namespace ringkv::io {
class Loop;
}

namespace ringkv::core {

class Server;

// Reads fd through the ring, one chunk of at most chunk_bytes at a time, at most one read in flight. Owns fd
// (closed when destroyed). A file is read at increasing offsets from 0; a pipe at its current position.
// Lifetime: a CompletionOwner (io/completion.h): destroy it only when idle(); Primary::Retire keeps one
// whose read is still in flight until it is.
class ChunkReader final : public io::CompletionOwner {
 public:
  // res > 0: that many bytes are in data(); 0: end of file; < 0: -errno. Runs on the loop, after the read
  // completed; it may call Read() again.
  using Done = std::function<void(int32_t res)>;
  ChunkReader(io::Loop* loop, int fd, bool is_pipe, size_t chunk_bytes, Done done);
  ~ChunkReader();

  void Read();
  bool reading() const { return inflight() > 0 || retry_; }
  std::string_view data() const { return std::string_view(buf_.data(), len_); }
  uint64_t offset() const { return offset_; }  // bytes read so far
  // Cancels the read in flight (its completion still comes, and is ignored).
  void Cancel();

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  io::Loop* loop_;
  int fd_;
  bool is_pipe_;
  bool retry_ = false;
  bool cancelled_ = false;
  std::string buf_;
  size_t len_ = 0;
  uint64_t offset_ = 0;
  Done done_;
};

// Forks the child of a diskless full sync (Redis's rdbSaveToSlavesSockets): it writes "$EOF:<mark>\r\n", the
// RDB with the replication aux fields, then "<mark>" (40 random hex characters) into a pipe, and exits.
// Returns the child's pid and the pipe's read end in *read_fd (the caller owns it), or -1 with errno.
pid_t StartSocketSnapshot(Server& server, std::function<void(const ChildResult&)> done, int* read_fd);

}  // namespace ringkv::core
