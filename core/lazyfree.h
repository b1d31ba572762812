// Lazy freeing (Redis's lazyfree.c and its bio lazyfree thread): values whose free takes many allocations, and
// the tables of a flushed database, leave the keyspace at once and are freed while the loop goes on serving.
// Db decides per deletion (FreeCause and the lazyfree-lazy-* directives); this file does the freeing, in one
// of two places:
//  - on the loop, in slices (RunSlice, a bounded number of elements per loop turn), for node-heavy
//    structures (hashtable hashes and sets, skiplists: EncodingOps::free_some) and flushed databases. With
//    mimalloc, blocks freed by another thread go back to the loop's heap, and the loop's next allocation
//    slow path collects the whole backlog at once: UNLINK of a 1M-field hash freed on a thread cost the loop
//    ~85 ms in one piece (perf call graph, session 3). Freed here they cost ~45 ms of loop time in slices of
//    at most kSliceMaxUs, and no client waits more than one slice;
//  - on the helper thread (as Redis's bio), for what is few big blocks (quicklists) and for Tasks.
//
// Invariants:
//  (1) the thread never touches the keyspace, a client or the server: what it frees was detached from the
//      keyspace before it was queued (a Value moved out of its entry, a database's dicts swapped for empty
//      ones), so a later write to the same key name meets a fresh entry and can never race the free;
//  (2) what is queued is owned by the queue alone until freed; every allocation freed there goes through the
//      process's allocator, which is thread-safe (the counting wrappers of core/alloc_counting.cc use a
//      relaxed atomic), so used_memory drops as the thread works;
//  (3) pending() counts the objects queued and not yet freed (a value is 1, a database is its key count, as
//      Redis's lazyfree_objects); freed() counts those freed since start or the last ResetStats();
//  (4) the destructor frees whatever is still queued and joins the thread: nothing is leaked at exit.
//  (5) a slice job belongs to the loop's thread: Offload, SubmitSlices, RunSlice and Drain run there only.
// The thread starts with the first hand-off (a server that never frees lazily has no thread), with every
// signal blocked so SIGTERM/SIGINT reach the loop's thread, and runs under SCHED_BATCH so waking it never
// preempts the loop on a shared core. It frees one job at a time, outside the queue's lock. A forked child
// (snapshots, later) must not queue frees: the thread does not exist there.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "core/object.h"

namespace ringkv::core {

struct Config;

// Why a value leaves the keyspace. Each cause frees lazily under its own directive, as Redis 7.0 does.
enum class FreeCause : uint8_t {
  kSync,       // always at once (SYNC flushes, shutdown)
  kUnlink,     // UNLINK, FLUSHALL/FLUSHDB ASYNC: always lazy
  kUserDel,    // DEL: lazyfree-lazy-user-del
  kUserFlush,  // FLUSHALL/FLUSHDB without ASYNC|SYNC: lazyfree-lazy-user-flush
  kServerDel,  // implicit deletes: SET over a value, RENAME/COPY REPLACE over a key, a *STORE over its
               // destination, a collection that lost its last element: lazyfree-lazy-server-del
  kExpire,     // lazy and active expiry, EXPIRE/GETEX with a time in the past: lazyfree-lazy-expire
  kEviction,   // maxmemory eviction: lazyfree-lazy-eviction
};

class LazyFree {
 public:
  // Redis's LAZYFREE_THRESHOLD: a value whose free effort is at most this is freed at once, which is
  // cheaper than the hand-off.
  static constexpr size_t kThreshold = 64;

  // How long RunSlice frees per loop turn, at most (checked every kSliceChunk elements). A cold 1M-field
  // hash frees at ~100-300 ns an element, so a slice is a few thousand elements.
  static constexpr int64_t kSliceMaxUs = 500;
  static constexpr size_t kSliceChunk = 512;

  // Something big to free on the thread: its destructor does the freeing.
  struct Task {
    virtual ~Task() = default;
  };
  // Something big to free on the loop in slices (a flushed database's tables): Step frees up to *budget
  // elements, subtracting them, and returns true when done; it may Offload values it meets. Destroyed (O(1))
  // when done.
  struct SliceTask {
    virtual ~SliceTask() = default;
    virtual bool Step(size_t* budget, LazyFree& lazyfree) = 0;
  };

  // config gives the lazyfree-lazy-* directives, read live; null: only kUnlink frees lazily.
  explicit LazyFree(const Config* config) : config_(config) {}
  ~LazyFree();  // invariant (4)
  LazyFree(const LazyFree&) = delete;
  LazyFree& operator=(const LazyFree&) = delete;

  // Whether deletions for cause free lazily under the current configuration.
  bool IsLazy(FreeCause cause) const;

  // Takes v's contents for freeing later when cause frees lazily and v's effort is above kThreshold (to the
  // loop's slices when v frees in slices, else to the thread): v is left an empty string and true is
  // returned. Otherwise v is left alone (false), for the caller to free or overwrite at once. Bound: one
  // effort call and one queue push (under the lock for the thread). objects is what v counts for in
  // pending()/freed(): 0 for a value of a flushed database, which counts as its tables' key count already.
  bool Offload(Value& v, FreeCause cause, size_t objects = 1);
  // Queues task (never null) for the thread; objects is what it counts for in pending()/freed().
  void Submit(std::unique_ptr<Task> task, size_t objects);
  // Queues task (never null) for the loop's slices.
  void SubmitSlices(std::unique_ptr<SliceTask> task, size_t objects);

  // Whether slice jobs wait: the loop should come round again without waiting for I/O.
  bool has_slices() const { return !slices_.empty(); }
  // Frees up to budget elements of the slice jobs, oldest first. Bound: ~budget elements + one segment.
  void RunSlice(size_t budget);
  // One loop turn's slice: chunks of kSliceChunk elements until kSliceMaxUs have passed or nothing is left.
  void RunTimedSlice();

  size_t pending() const { return pending_.load(std::memory_order_relaxed); }  // lazyfree_pending_objects
  uint64_t freed() const { return freed_.load(std::memory_order_relaxed); }    // lazyfreed_objects
  void ResetStats() { freed_.store(0, std::memory_order_relaxed); }            // CONFIG RESETSTAT
  // Frees every slice job now and blocks until the thread has freed everything queued so far (tests;
  // DEBUG-style waits).
  void Drain();

 private:
  struct Job {
    Value value;                  // a big value, or
    std::unique_ptr<Task> task;   // a task
    size_t objects = 1;
  };
  struct SliceJob {
    Value value;                       // a value that frees in slices, or
    std::unique_ptr<SliceTask> task;   // a task
    size_t objects = 1;
  };
  void Push(Job job);
  void Run();  // the thread's body
  void Finished(size_t objects);

  const Config* config_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // the thread waits here for jobs
  std::condition_variable idle_cv_;  // Drain waits here for the queue to empty
  std::deque<Job> queue_;            // guarded by mu_
  bool busy_ = false;                // guarded by mu_: the thread is freeing a job it took off the queue
  bool stop_ = false;                // guarded by mu_: the destructor asked the thread to finish and exit
  std::thread thread_;               // started by the first Push
  std::deque<SliceJob> slices_;      // the loop's own (invariant 5); references stay valid on push_back
  std::atomic<size_t> pending_{0};
  std::atomic<uint64_t> freed_{0};
};

}  // namespace ringkv::core
