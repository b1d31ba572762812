// Lazy freeing (Redis's lazyfree.c and its bio lazyfree thread): values whose free takes many allocations, and
// the tables of a flushed database, are handed to one helper thread that frees them while the loop goes on
// serving. Db decides per deletion (FreeCause and the lazyfree-lazy-* directives); this file owns the thread.
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

  // Something big to free on the thread: its destructor does the freeing (a flushed database's tables).
  struct Task {
    virtual ~Task() = default;
  };

  // config gives the lazyfree-lazy-* directives, read live; null: only kUnlink frees lazily.
  explicit LazyFree(const Config* config) : config_(config) {}
  ~LazyFree();  // invariant (4)
  LazyFree(const LazyFree&) = delete;
  LazyFree& operator=(const LazyFree&) = delete;

  // Whether deletions for cause free lazily under the current configuration.
  bool IsLazy(FreeCause cause) const;

  // Hands v's contents to the thread when cause frees lazily and v's effort is above kThreshold: v is left
  // an empty string and true is returned. Otherwise v is left alone (false), for the caller to free or
  // overwrite at once. Bound: one effort call and, when offloaded, one queue push under the lock.
  bool Offload(Value& v, FreeCause cause);
  // Queues task (never null) for the thread; objects is what it counts for in pending()/freed().
  void Submit(std::unique_ptr<Task> task, size_t objects);

  size_t pending() const { return pending_.load(std::memory_order_relaxed); }  // lazyfree_pending_objects
  uint64_t freed() const { return freed_.load(std::memory_order_relaxed); }    // lazyfreed_objects
  void ResetStats() { freed_.store(0, std::memory_order_relaxed); }            // CONFIG RESETSTAT
  // Blocks until everything queued so far is freed (tests; DEBUG-style waits).
  void Drain();

 private:
  struct Job {
    Value value;                  // a big value, or
    std::unique_ptr<Task> task;   // a task
    size_t objects = 1;
  };
  void Push(Job job);
  void Run();  // the thread's body

  const Config* config_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // the thread waits here for jobs
  std::condition_variable idle_cv_;  // Drain waits here for the queue to empty
  std::deque<Job> queue_;            // guarded by mu_
  bool busy_ = false;                // guarded by mu_: the thread is freeing a job it took off the queue
  bool stop_ = false;                // guarded by mu_: the destructor asked the thread to finish and exit
  std::thread thread_;               // started by the first Push
  std::atomic<size_t> pending_{0};
  std::atomic<uint64_t> freed_{0};
};

}  // namespace ringkv::core
