#include "core/repl/rdb_transfer.h"

#include <fcntl.h>
#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "absl/random/random.h"
#include "core/persistence.h"
#include "core/repl/primary.h"
#include "core/server.h"
#include "io/loop.h"
#include "persist/rdb_writer.h"

namespace ringkv::core {

// ---- ChunkReader ----

ChunkReader::ChunkReader(io::Loop* loop, int fd, bool is_pipe, size_t chunk_bytes, Done done)
    : loop_(loop), fd_(fd), is_pipe_(is_pipe), buf_(chunk_bytes, '\0'), done_(std::move(done)) {}

ChunkReader::~ChunkReader() {
  if (fd_ >= 0) ::close(fd_);
}

void ChunkReader::Read() {
  if (reading() || cancelled_) return;
  io_uring_sqe* sqe = loop_->GetSqe(this);
  if (sqe == nullptr) {
    retry_ = true;  // OnSqeRetry at the start of the next turn
    return;
  }
  // A pipe has no offsets: -1 reads at its current position.
  io_uring_prep_read(sqe, fd_, buf_.data(), static_cast<unsigned>(buf_.size()),
                     is_pipe_ ? static_cast<uint64_t>(-1) : offset_);
}

void ChunkReader::OnSqeRetry() {
  retry_ = false;
  Read();
}

void ChunkReader::Cancel() {
  cancelled_ = true;
  retry_ = false;
  loop_->Cancel(this);
}

void ChunkReader::OnCompletion(int32_t res, uint32_t /*flags*/) {
  if (cancelled_) return;
  if (res == -EINTR || res == -EAGAIN) {
    Read();
    return;
  }
  len_ = res > 0 ? static_cast<size_t>(res) : 0;
  offset_ += len_;
  done_(res);
}

// ---- the diskless child ----

namespace {

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

pid_t StartSocketSnapshot(Server& server, std::function<void(const ChildResult&)> done, int* read_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
  // A bigger pipe means fewer wake-ups per megabyte relayed (1 MB is the unprivileged maximum by default).
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  static const char kHex[] = "0123456789abcdef";
  std::string mark(40, '0');
  for (char& ch : mark) ch = kHex[absl::Uniform(server.rng(), 0, 16)];
  size_t keys = 0;
  for (int i = 0; i < server.db_count(); ++i) keys += server.db(i).size();
  ChildSpec spec;
  spec.kind = ChildKind::kRdb;
  spec.keys_total = keys;
  const int wr = fds[1], rd = fds[0];
  spec.body = [&server, wr, rd, mark] {
    ::close(rd);
    persist::rdb::SaveOptions opt = RdbSaveOptionsFor(server);
    opt.repl = RdbReplInfo(server);
    std::vector<const Db*> dbs;
    for (int i = 0; i < server.db_count(); ++i) dbs.push_back(&server.db(i));
    std::string err;
    const bool ok = WriteAll(wr, "$EOF:" + mark + "\r\n") && persist::rdb::Save(dbs, opt, wr, nullptr, &err) &&
                    WriteAll(wr, mark);
    ::close(wr);
    return ok ? 0 : 1;
  };
  spec.done = std::move(done);
  const pid_t pid = server.fork_child()->Start(std::move(spec));
  const int saved = errno;
  ::close(wr);  // the child holds the write end now: its exit is the pipe's EOF
  if (pid < 0) {
    ::close(rd);
    errno = saved;
    return -1;
  }
  *read_fd = rd;
  return pid;
}

}  // namespace ringkv::core
