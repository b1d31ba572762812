// FileUnlinker: removes files through the loop's ring (IORING_OP_UNLINKAT runs in the kernel's worker
// threads), so freeing the extents of a multi-gigabyte file never stalls the loop -- the AOF's history files
// after a rewrite (Redis hands those to its bio thread). Fire and forget: a failure is reported through
// on_error with the path, nothing is retried.
//
// Lifetime: a CompletionOwner (io/completion.h); free it only when idle(). At shutdown, Flush() removes
// whatever is still queued or in flight with plain unlink(2) (ENOENT for those the ring got to first).
#pragma once

#include <functional>
#include <list>
#include <string>

#include "io/completion.h"

namespace ringkv::io {

class FileUnlinker final : public CompletionOwner {
 public:
  FileUnlinker(Loop* loop, std::function<void(const std::string& path, int err)> on_error)
      : loop_(loop), on_error_(std::move(on_error)) {}
  ~FileUnlinker() = default;

  // Queues the removal of path; the SQE goes out with the loop's next submit.
  void Unlink(std::string path);
  // The blocking fallback for the end of the process: unlink(2) of every path not known removed.
  void Flush();

  size_t pending() const { return paths_.size(); }

  void OnCompletion(int32_t res, uint32_t flags) override;
  void OnSqeRetry() override;

 private:
  struct Pending {
    std::string path;
    bool submitted = false;
  };
  void SubmitQueued();

  Loop* loop_;
  std::function<void(const std::string&, int)> on_error_;
  // Oldest first. A path's bytes must outlive its SQE's submission: entries are dropped only when every
  // SQE in flight has completed (completions do not say which path they belong to).
  std::list<Pending> paths_;
};

}  // namespace ringkv::io
