// CompletionOwner: the seam through which code outside the loop (timers, file writes and fsyncs of the
// persistence layer) submits operations to the one ring without the loop knowing what they are. The loop
// routes each completion of an SQE obtained with Loop::GetSqe(owner) back to that owner.
#pragma once

#include <cstdint>

namespace ringkv::io {

class Loop;

// One owner is one operation slot: it has at most one kind of operation in flight at a time, so a
// completion needs no further tag to say which operation it ends (a file writer that keeps a write and an
// fsync in flight together uses two owners). An owner may keep several SQEs of that kind in flight (a
// multishot request, or linked requests) as long as it can tell their completions apart by res/flags.
//
// Lifetime rule (the loop's promise "a completion never touches a freed owner" rests on it): an owner is
// freed only when idle(): every SQE it got has delivered its final CQE (one without IORING_CQE_F_MORE) and
// no retry is pending. To free one early, call Loop::Cancel(owner), which cancels its requests and drops a
// pending retry, and free it after the OnCompletion that makes idle() true (the cancelled request still
// completes, with -ECANCELED or its result if it had already finished). The loop itself never frees owners.
class CompletionOwner {
 public:
  // One CQE of an operation of this owner: res and flags as the kernel wrote them. Called after the batch
  // of CQEs was copied out of the ring and the CQ advanced, never while the CQ is being iterated, so it may
  // submit new SQEs (and re-enter any loop API) freely. When it is called for a final CQE, inflight() has
  // already been decremented.
  virtual void OnCompletion(int32_t res, uint32_t flags) = 0;
  // Loop::GetSqe(this) returned nullptr (no free SQE even after submitting the queue): the loop calls this
  // once, at the start of the next turn, so the owner can try again. The default does nothing.
  virtual void OnSqeRetry() {}

  // SQEs handed out for this owner whose final CQE has not been handled yet.
  unsigned inflight() const { return inflight_; }
  // Safe to free (see the lifetime rule above).
  bool idle() const { return inflight_ == 0 && !retry_queued_; }

 protected:
  CompletionOwner() = default;
  ~CompletionOwner() = default;  // not deleted through this interface
  CompletionOwner(const CompletionOwner&) = delete;
  CompletionOwner& operator=(const CompletionOwner&) = delete;

 private:
  friend class Loop;
  unsigned inflight_ = 0;
  bool retry_queued_ = false;
};

}  // namespace ringkv::io
