#include "core/lazyfree.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <utility>

#include "core/config.h"

namespace ringkv::core {

LazyFree::~LazyFree() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_one();
  // The thread empties the queue before it exits (Run), so everything queued is freed: invariant (4).
  if (thread_.joinable()) thread_.join();
}

bool LazyFree::IsLazy(FreeCause cause) const {
  switch (cause) {
    case FreeCause::kSync: return false;
    case FreeCause::kUnlink: return true;
    default: break;
  }
  if (config_ == nullptr) return false;
  switch (cause) {
    case FreeCause::kUserDel: return config_->lazyfree_lazy_user_del;
    case FreeCause::kUserFlush: return config_->lazyfree_lazy_user_flush;
    case FreeCause::kServerDel: return config_->lazyfree_lazy_server_del;
    case FreeCause::kExpire: return config_->lazyfree_lazy_expire;
    case FreeCause::kEviction: return config_->lazyfree_lazy_eviction;
    default: return false;
  }
}

bool LazyFree::Offload(Value& v, FreeCause cause, size_t objects) {
  // Strings (inline, int or one heap block) are one allocation: the effort call is skipped for them.
  if (v.RawPtr() == nullptr || !IsLazy(cause) || v.FreeEffort() <= kThreshold) return false;
  if (v.FreesInSlices()) {
    pending_.fetch_add(objects, std::memory_order_relaxed);
    SliceJob job;
    job.value = std::move(v);
    job.objects = objects;
    slices_.push_back(std::move(job));
    return true;
  }
  Job job;
  job.value = std::move(v);
  job.objects = objects;
  Push(std::move(job));
  return true;
}

void LazyFree::Submit(std::unique_ptr<Task> task, size_t objects) {
  Job job;
  job.task = std::move(task);
  job.objects = objects;
  Push(std::move(job));
}

void LazyFree::SubmitSlices(std::unique_ptr<SliceTask> task, size_t objects) {
  pending_.fetch_add(objects, std::memory_order_relaxed);
  SliceJob job;
  job.task = std::move(task);
  job.objects = objects;
  slices_.push_back(std::move(job));
}

void LazyFree::RunSlice(size_t budget) {
  while (budget > 0 && !slices_.empty()) {
    SliceJob& job = slices_.front();  // stays valid while Step pushes more jobs at the back
    const bool done = job.task ? job.task->Step(&budget, *this) : job.value.FreeSome(&budget);
    if (!done) break;
    const size_t objects = job.objects;
    slices_.pop_front();
    Finished(objects);
  }
}

void LazyFree::RunTimedSlice() {
  const auto start = std::chrono::steady_clock::now();
  while (!slices_.empty()) {
    RunSlice(kSliceChunk);
    if (std::chrono::steady_clock::now() - start >= std::chrono::microseconds(kSliceMaxUs)) break;
  }
}

void LazyFree::Finished(size_t objects) {
  pending_.fetch_sub(objects, std::memory_order_relaxed);
  freed_.fetch_add(objects, std::memory_order_relaxed);
}

void LazyFree::Push(Job job) {
  pending_.fetch_add(job.objects, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(job));
    if (!thread_.joinable()) {
      // Started with every signal blocked (the mask is inherited), so the process's signals are delivered to
      // the loop's thread, whose io_uring_enter they interrupt.
      sigset_t all, old;
      sigfillset(&all);
      pthread_sigmask(SIG_BLOCK, &all, &old);
      thread_ = std::thread([this] { Run(); });
      pthread_sigmask(SIG_SETMASK, &old, nullptr);
    }
  }
  work_cv_.notify_one();
}

void LazyFree::Drain() {
  while (!slices_.empty()) RunSlice(SIZE_MAX);
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void LazyFree::Run() {
  pthread_setname_np(pthread_self(), "bio_lazy_free");  // the name Redis gives its lazyfree thread
  // SCHED_BATCH: a woken lazyfree thread does not preempt the loop on its core. Without it, a 1M-element
  // UNLINK on this 2-core machine under load returned in ~3 ms (median of 15, the loop preempted by the
  // thread it had just woken); with it in ~7 us (core_lazyfree_test's measure line).
  sched_param param{};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &param);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stop_ and nothing left
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    // The free itself, outside the lock: the loop can queue more meanwhile.
    const size_t objects = job.objects;
    job.task.reset();
    job.value = Value();
    Finished(objects);
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

}  // namespace ringkv::core
