#include "io/file_unlinker.h"

#include <fcntl.h>
#include <liburing.h>
#include <unistd.h>

#include <cerrno>

#include "io/loop.h"

namespace ringkv::io {

void FileUnlinker::Unlink(std::string path) {
  paths_.push_back(Pending{std::move(path), false});
  SubmitQueued();
}

void FileUnlinker::SubmitQueued() {
  for (Pending& p : paths_) {
    if (p.submitted) continue;
    io_uring_sqe* sqe = loop_->GetSqe(this);
    if (sqe == nullptr) return;  // OnSqeRetry at the next turn submits the rest
    io_uring_prep_unlinkat(sqe, AT_FDCWD, p.path.c_str(), 0);
    p.submitted = true;
  }
}

void FileUnlinker::OnSqeRetry() { SubmitQueued(); }

void FileUnlinker::OnCompletion(int32_t res, uint32_t /*flags*/) {
  if (res < 0 && res != -ENOENT && on_error_) {
    // Which path failed is not known from the completion; report the oldest submitted (there is usually one
    // in flight at a time: a rewrite's history).
    for (const Pending& p : paths_)
      if (p.submitted) {
        on_error_(p.path, -res);
        break;
      }
  }
  if (inflight() == 0) {
    // Every submitted SQE has completed: their paths can go; unsubmitted ones (waiting for an SQE) stay.
    paths_.remove_if([](const Pending& p) { return p.submitted; });
  }
}

void FileUnlinker::Flush() {
  for (const Pending& p : paths_) ::unlink(p.path.c_str());
  // Completions of SQEs in flight still arrive (and find these entries gone only once idle): keep the
  // submitted ones' bytes alive, mark the rest done.
  paths_.remove_if([](const Pending& p) { return !p.submitted; });
}

}  // namespace ringkv::io
