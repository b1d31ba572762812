// Lazy freeing (core/lazyfree.h) through the real commands: which deletions hand a big value to the lazyfree
// thread under which lazyfree-lazy-* directive (Redis 7.0's lazyfree.c and db.c), the INFO counters, FLUSHALL
// ASYNC that keeps serving, later writes to the same key name, and a 1M-element delete that returns at once.
// BigStructure is a test-only value whose free effort is its node count; its destructor records which thread
// ran it and, while a Gate is closed, holds the lazyfree thread so a test can look at the server mid-free.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/db.h"
#include "core/lazyfree.h"
#include "tests/unit/command_harness.h"

namespace ringkv::core {
namespace {

using test::CommandHarness;

struct BigStructure {
  // A pair no real encoding uses (TestStructure has list/raw).
  static constexpr ObjType kType = ObjType::kZSet;
  static constexpr Encoding kEncoding = Encoding::kRaw;

  static inline std::atomic<int> live{0};
  static inline std::atomic<int> freed_on_loop{0};   // destroyed on the test's (the loop's) thread
  static inline std::atomic<int> freed_off_loop{0};  // destroyed on another thread: the lazyfree thread
  static inline std::thread::id loop_thread;
  static inline std::mutex gate_mu;
  static inline std::condition_variable gate_cv;
  static inline bool gate_closed = false;  // guarded by gate_mu

  std::vector<std::unique_ptr<std::string>> nodes;  // one allocation each, as a collection's elements

  explicit BigStructure(size_t n) {
    nodes.reserve(n);
    for (size_t i = 0; i < n; ++i) nodes.push_back(std::make_unique<std::string>(40, static_cast<char>('a' + i % 26)));
    ++live;
  }
  BigStructure(const BigStructure& o) {
    for (const auto& s : o.nodes) nodes.push_back(std::make_unique<std::string>(*s));
    ++live;
  }
  ~BigStructure() {
    if (std::this_thread::get_id() == loop_thread) {
      ++freed_on_loop;
    } else {
      std::unique_lock<std::mutex> lock(gate_mu);
      gate_cv.wait(lock, [] { return !gate_closed; });
      ++freed_off_loop;
    }
    --live;
  }

  static void Register() {
    EncodingOps ops;
    ops.destroy = [](void* p) { delete static_cast<BigStructure*>(p); };
    ops.copy = [](const void* p) -> void* { return new BigStructure(*static_cast<const BigStructure*>(p)); };
    ops.effort = [](const void* p) { return static_cast<const BigStructure*>(p)->nodes.size(); };
    RegisterEncodingOps(kType, kEncoding, ops);
  }
  static Value Make(size_t n) {
    Value v;
    v.SetPtr(kType, kEncoding, new BigStructure(n));
    return v;
  }
};

// While alive, the lazyfree thread waits inside the first BigStructure it frees. Opened on destruction,
// before the server (and its thread) go.
struct Gate {
  Gate() { Set(true); }
  ~Gate() { Set(false); }
  static void Set(bool closed) {
    {
      std::lock_guard<std::mutex> lock(BigStructure::gate_mu);
      BigStructure::gate_closed = closed;
    }
    BigStructure::gate_cv.notify_all();
  }
};

class LazyFreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BigStructure::Register();
    BigStructure::loop_thread = std::this_thread::get_id();
    on0_ = BigStructure::freed_on_loop;
    off0_ = BigStructure::freed_off_loop;
    live0_ = BigStructure::live;
  }

  void AddBig(const std::string& key, size_t n, int db = 0) {
    h_.db(db).Add(key, BigStructure::Make(n), kNotifyGeneric, "");
  }
  int OnLoop() const { return BigStructure::freed_on_loop - on0_; }
  int OffLoop() const { return BigStructure::freed_off_loop - off0_; }
  int Live() const { return BigStructure::live - live0_; }
  void Drain() { h_.server().lazyfree().Drain(); }

  // A numeric field of INFO memory.
  int64_t InfoField(const std::string& name) {
    const std::string info = h_.Run({"INFO", "memory"});
    const size_t at = info.find("\r\n" + name + ":");
    EXPECT_NE(at, std::string::npos) << name;
    if (at == std::string::npos) return -1;
    return std::stoll(info.substr(at + name.size() + 3));
  }

  CommandHarness h_;
  int on0_ = 0, off0_ = 0, live0_ = 0;
};

TEST_F(LazyFreeTest, UnlinkHandsABigValueToTheThreadAndTheCountersMove) {
  EXPECT_EQ(InfoField("lazyfree_pending_objects"), 0);
  EXPECT_EQ(InfoField("lazyfreed_objects"), 0);
  AddBig("big", 1000);
  {
    Gate gate;
    EXPECT_EQ(h_.Run({"UNLINK", "big", "missing"}), ":1\r\n");
    // The key is gone at once; the structure is still being freed, off the loop.
    EXPECT_EQ(h_.Run({"EXISTS", "big"}), ":0\r\n");
    EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
    EXPECT_EQ(Live(), 1);
    EXPECT_EQ(InfoField("lazyfree_pending_objects"), 1);
    EXPECT_EQ(InfoField("lazyfreed_objects"), 0);
  }
  Drain();
  EXPECT_EQ(Live(), 0);
  EXPECT_EQ(OffLoop(), 1);
  EXPECT_EQ(OnLoop(), 0);
  EXPECT_EQ(InfoField("lazyfree_pending_objects"), 0);
  EXPECT_EQ(InfoField("lazyfreed_objects"), 1);
  // CONFIG RESETSTAT zeroes the freed count, as Redis's lazyfreeResetStats.
  EXPECT_EQ(h_.Run({"CONFIG", "RESETSTAT"}), "+OK\r\n");
  EXPECT_EQ(InfoField("lazyfreed_objects"), 0);
}

TEST_F(LazyFreeTest, ValuesAtOrBelowTheThresholdAreFreedAtOnce) {
  AddBig("at", LazyFree::kThreshold);
  AddBig("above", LazyFree::kThreshold + 1);
  h_.Run({"SET", "str", std::string(1000, 'x')});
  EXPECT_EQ(h_.Run({"UNLINK", "at", "str"}), ":2\r\n");
  EXPECT_EQ(OnLoop(), 1);
  EXPECT_EQ(h_.server().lazyfree().pending(), 0u);
  EXPECT_EQ(h_.Run({"UNLINK", "above"}), ":1\r\n");
  Drain();
  EXPECT_EQ(OffLoop(), 1);
  EXPECT_EQ(InfoField("lazyfreed_objects"), 1);
  EXPECT_EQ(Live(), 0);
}

TEST_F(LazyFreeTest, DelIsLazyOnlyUnderLazyfreeLazyUserDel) {
  AddBig("a", 500);
  EXPECT_EQ(h_.Run({"DEL", "a"}), ":1\r\n");
  EXPECT_EQ(OnLoop(), 1);
  EXPECT_EQ(h_.Run({"CONFIG", "SET", "lazyfree-lazy-user-del", "yes"}), "+OK\r\n");
  AddBig("a", 500);
  EXPECT_EQ(h_.Run({"DEL", "a"}), ":1\r\n");
  Drain();
  EXPECT_EQ(OnLoop(), 1);
  EXPECT_EQ(OffLoop(), 1);
}

// Redis's dbDelete and dbSetValue: SET over a value, RENAME over a key, COPY ... REPLACE over a key free the
// old value with freeObjAsync under lazyfree-lazy-server-del.
TEST_F(LazyFreeTest, ImplicitDeletesAreLazyOnlyUnderLazyfreeLazyServerDel) {
  for (bool lazy : {false, true}) {
    SCOPED_TRACE(lazy ? "lazy" : "sync");
    h_.Run({"CONFIG", "SET", "lazyfree-lazy-server-del", lazy ? "yes" : "no"});
    const int on = OnLoop(), off = OffLoop();
    AddBig("t1", 200);
    AddBig("t2", 200);
    AddBig("t3", 200);
    AddBig("src", 100);
    EXPECT_EQ(h_.Run({"SET", "t1", "v"}), "+OK\r\n");
    EXPECT_EQ(h_.Run({"GET", "t1"}), "$1\r\nv\r\n");
    h_.Run({"SET", "s", "x"});
    EXPECT_EQ(h_.Run({"RENAME", "s", "t2"}), "+OK\r\n");
    EXPECT_EQ(h_.Run({"GET", "t2"}), "$1\r\nx\r\n");
    EXPECT_EQ(h_.Run({"COPY", "src", "t3", "REPLACE"}), ":1\r\n");
    EXPECT_EQ(h_.Run({"TYPE", "t3"}), "+zset\r\n");
    Drain();
    EXPECT_EQ(OnLoop() - on, lazy ? 0 : 3);
    EXPECT_EQ(OffLoop() - off, lazy ? 3 : 0);
    h_.Run({"FLUSHALL", "SYNC"});
  }
  EXPECT_EQ(Live(), 0);
}

TEST_F(LazyFreeTest, ExpiryIsLazyOnlyUnderLazyfreeLazyExpire) {
  for (bool lazy : {false, true}) {
    SCOPED_TRACE(lazy ? "lazy" : "sync");
    h_.Run({"CONFIG", "SET", "lazyfree-lazy-expire", lazy ? "yes" : "no"});
    const int on = OnLoop(), off = OffLoop();
    AddBig("lazy", 100);
    AddBig("active", 100);
    AddBig("past", 100);
    EXPECT_EQ(h_.Run({"PEXPIRE", "lazy", "5"}), ":1\r\n");
    EXPECT_EQ(h_.Run({"PEXPIRE", "active", "5"}), ":1\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(h_.Run({"EXISTS", "lazy"}), ":0\r\n");     // lazy expiry on access
    h_.server().active_expire().SlowCycle(100000);     // the cron's active cycle
    EXPECT_EQ(h_.Run({"PEXPIREAT", "past", "1"}), ":1\r\n");  // EXPIRE in the past deletes
    EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
    Drain();
    EXPECT_EQ(OnLoop() - on, lazy ? 0 : 3);
    EXPECT_EQ(OffLoop() - off, lazy ? 3 : 0);
  }
}

TEST_F(LazyFreeTest, FlushallAsyncSwapsTheTablesOutAndKeepsServing) {
  for (int i = 0; i < 1000; ++i) h_.Run({"SET", "k" + std::to_string(i), "v"});
  AddBig("big0", 100);
  AddBig("big1", 100, 1);
  h_.Run({"EXPIRE", "k1", "100"});
  {
    Gate gate;
    EXPECT_EQ(h_.Run({"FLUSHALL", "ASYNC"}), "+OK\r\n");
    EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
    // The thread is held inside a flushed table; the loop serves on, the same names included.
    EXPECT_EQ(h_.Run({"SET", "k1", "new"}), "+OK\r\n");
    EXPECT_EQ(h_.Run({"GET", "k1"}), "$3\r\nnew\r\n");
    EXPECT_EQ(h_.Run({"TTL", "k1"}), ":-1\r\n");
    AddBig("big0", 100);
    EXPECT_EQ(h_.Run({"DBSIZE"}), ":2\r\n");
    // Redis counts a flushed database as its number of keys.
    EXPECT_EQ(InfoField("lazyfree_pending_objects"), 1002);
    EXPECT_EQ(Live(), 3);
  }
  Drain();
  EXPECT_EQ(InfoField("lazyfree_pending_objects"), 0);
  EXPECT_EQ(InfoField("lazyfreed_objects"), 1002);
  EXPECT_EQ(OffLoop(), 2);
  EXPECT_EQ(Live(), 1);  // the new big0
  EXPECT_EQ(h_.Run({"GET", "k1"}), "$3\r\nnew\r\n");
  EXPECT_EQ(h_.Run({"SELECT", "1"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
}

// FLUSHDB/FLUSHALL without an option follow lazyfree-lazy-user-flush; SYNC and ASYNC override it.
TEST_F(LazyFreeTest, FlushOptionsAndLazyfreeLazyUserFlush) {
  struct Case {
    const char* flush_user;
    std::vector<std::string> cmd;
    bool lazy;
  };
  const std::vector<Case> cases = {
      {"no", {"FLUSHDB"}, false},          {"yes", {"FLUSHDB"}, true},          {"no", {"FLUSHALL"}, false},
      {"yes", {"FLUSHALL"}, true},         {"yes", {"FLUSHALL", "SYNC"}, false}, {"yes", {"flushdb", "sync"}, false},
      {"no", {"FLUSHDB", "ASYNC"}, true},  {"no", {"flushall", "async"}, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cmd[0] + (c.cmd.size() > 1 ? " " + c.cmd[1] : "") + " flush-user " + c.flush_user);
    h_.Run({"CONFIG", "SET", "lazyfree-lazy-user-flush", c.flush_user});
    const int on = OnLoop(), off = OffLoop();
    const int64_t freed = InfoField("lazyfreed_objects");
    AddBig("b", 10);  // small: freed inline by a sync flush, and in a slice of its table by an async one
    h_.Run({"SET", "s", "v"});
    EXPECT_EQ(h_.Run(c.cmd), "+OK\r\n");
    EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
    // The harness runs no loop turn: a lazy flush has freed nothing yet.
    EXPECT_EQ(Live(), c.lazy ? 1 : 0);
    EXPECT_EQ(InfoField("lazyfree_pending_objects"), c.lazy ? 2 : 0);
    Drain();
    EXPECT_EQ(Live(), 0);
    EXPECT_EQ(OnLoop() - on, 1);  // tables are freed on the loop, in slices when lazy
    EXPECT_EQ(OffLoop() - off, 0);
    EXPECT_EQ(InfoField("lazyfreed_objects") - freed, c.lazy ? 2 : 0);
  }
  EXPECT_EQ(h_.Run({"FLUSHALL", "LAZY"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h_.Run({"FLUSHDB", "ASYNC", "SYNC"}), "-ERR syntax error\r\n");
}

TEST_F(LazyFreeTest, AKeyNameReusedWhileItsOldValueIsFreedIsANewKey) {
  AddBig("k", 300);
  Gate gate;
  EXPECT_EQ(h_.Run({"UNLINK", "k"}), ":1\r\n");
  AddBig("k", 300);
  EXPECT_EQ(h_.Run({"TYPE", "k"}), "+zset\r\n");
  EXPECT_EQ(h_.Run({"UNLINK", "k"}), ":1\r\n");  // queued behind the first
  EXPECT_EQ(h_.Run({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"APPEND", "k", "w"}), ":2\r\n");
  EXPECT_EQ(h_.server().lazyfree().pending(), 2u);
  Gate::Set(false);
  Drain();
  EXPECT_EQ(h_.Run({"GET", "k"}), "$2\r\nvw\r\n");
  EXPECT_EQ(OffLoop(), 2);
  EXPECT_EQ(Live(), 0);
}

// The case: deleting a 1M-element value must not stall the loop. UNLINK returns while the thread
// frees; DEL (lazyfree-lazy-user-del off) frees inline. The times are printed, not asserted: where the free
// ran is the assertion.
TEST_F(LazyFreeTest, UnlinkOfAMillionElementsReturnsWhileTheThreadFrees) {
  constexpr size_t kElements = 1000000;
  AddBig("a", kElements);
  AddBig("b", kElements);
  // The thread starts with the first hand-off; a serving server has it already.
  AddBig("warm", LazyFree::kThreshold + 1);
  h_.Run({"UNLINK", "warm"});
  Drain();
  const int off = OffLoop();
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(h_.Run({"UNLINK", "a"}), ":1\r\n");
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(h_.Run({"PING"}), "+PONG\r\n");
  EXPECT_EQ(OnLoop(), 0);
  EXPECT_EQ(h_.Run({"DEL", "b"}), ":1\r\n");
  auto t2 = std::chrono::steady_clock::now();
  EXPECT_EQ(OnLoop(), 1);
  Drain();
  auto t3 = std::chrono::steady_clock::now();
  EXPECT_EQ(OffLoop() - off, 1);
  EXPECT_EQ(Live(), 0);
  auto us = [](auto d) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  };
  std::printf("[ measure  ] 1M elements: UNLINK returned in %lld us (thread done %lld us later); DEL took %lld us\n",
              us(t1 - t0), us(t3 - t1), us(t2 - t1));
  RecordProperty("unlink_us", std::to_string(us(t1 - t0)));
  RecordProperty("del_us", std::to_string(us(t2 - t1)));
}

// The node-heavy encodings (hashtable hash and set, skiplist) are freed on the loop in slices, not on the
// thread (mimalloc hands another thread's frees back to the loop in one piece): UNLINK queues the value and
// each RunSlice frees a bounded part. (used_memory is counted in the server binary only: the integration
// test test_lazyfree_slices.py watches it fall.)
TEST_F(LazyFreeTest, NodeHeavyValuesAreFreedOnTheLoopInSlices) {
  constexpr int kN = 60000;
  for (int i = 0; i < kN; i += 1000) {
    std::vector<std::string> sadd = {"SADD", "s"}, hset = {"HSET", "h"}, zadd = {"ZADD", "z"};
    for (int j = i; j < i + 1000; ++j) {
      sadd.push_back("member:" + std::to_string(j));
      hset.push_back("field:" + std::to_string(j));
      hset.push_back("v");
      zadd.push_back(std::to_string(j));
      zadd.push_back("m" + std::to_string(j));
    }
    h_.Run(sadd);
    h_.Run(hset);
    h_.Run(zadd);
  }
  EXPECT_EQ(h_.Run({"OBJECT", "ENCODING", "s"}), "$9\r\nhashtable\r\n");
  EXPECT_EQ(h_.Run({"OBJECT", "ENCODING", "z"}), "$8\r\nskiplist\r\n");
  LazyFree& lf = h_.server().lazyfree();
  for (const char* key : {"s", "h", "z"}) {
    SCOPED_TRACE(key);
    EXPECT_EQ(h_.Run({"UNLINK", key}), ":1\r\n");
    EXPECT_EQ(h_.Run({"EXISTS", key}), ":0\r\n");
    EXPECT_TRUE(lf.has_slices());
    EXPECT_EQ(lf.pending(), 1u);
    int slices = 0;
    while (lf.has_slices()) {
      lf.RunSlice(2000);
      ++slices;
      ASSERT_LT(slices, kN);
    }
    EXPECT_GE(slices, kN / 2000);  // bounded slices, not one piece
    EXPECT_LE(slices, kN / 2000 + 10);
    EXPECT_EQ(lf.pending(), 0u);
  }
  EXPECT_EQ(InfoField("lazyfreed_objects"), 3);
  EXPECT_EQ(OffLoop(), 0);
}

// A flushed database is freed in slices too; a big collection inside it becomes a job of its own (not freed
// whole inside one slice), counted once with its table.
TEST_F(LazyFreeTest, FlushallAsyncFreesTablesAndTheirBigValuesInSlices) {
  for (int i = 0; i < 3000; ++i) h_.Run({"SET", "k" + std::to_string(i), "v", "EX", "100"});
  std::vector<std::string> sadd = {"SADD", "big"};
  for (int j = 0; j < 20000; ++j) sadd.push_back("member:" + std::to_string(j));
  h_.Run(sadd);
  EXPECT_EQ(h_.Run({"FLUSHALL", "ASYNC"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"DBSIZE"}), ":0\r\n");
  LazyFree& lf = h_.server().lazyfree();
  EXPECT_EQ(lf.pending(), 3001u);
  int slices = 0;
  while (lf.has_slices()) {
    lf.RunSlice(1000);
    ASSERT_LT(++slices, 1000);
  }
  EXPECT_GE(slices, (3000 + 20000) / (1000 + 1536));
  EXPECT_EQ(lf.pending(), 0u);
  EXPECT_EQ(InfoField("lazyfreed_objects"), 3001);
}

// LazyFree alone: the policy per cause, and a destructor that frees what is still queued.
TEST_F(LazyFreeTest, PolicyPerCauseAndTheDestructorFinishesThePendingFrees) {
  Config cfg;
  {
    LazyFree lf(&cfg);
    EXPECT_TRUE(lf.IsLazy(FreeCause::kUnlink));
    EXPECT_FALSE(lf.IsLazy(FreeCause::kSync));
    for (FreeCause c : {FreeCause::kUserDel, FreeCause::kUserFlush, FreeCause::kServerDel, FreeCause::kExpire,
                        FreeCause::kEviction}) {
      EXPECT_FALSE(lf.IsLazy(c));
    }
    cfg.lazyfree_lazy_user_del = cfg.lazyfree_lazy_user_flush = cfg.lazyfree_lazy_server_del = true;
    cfg.lazyfree_lazy_expire = cfg.lazyfree_lazy_eviction = true;
    for (FreeCause c : {FreeCause::kUserDel, FreeCause::kUserFlush, FreeCause::kServerDel, FreeCause::kExpire,
                        FreeCause::kEviction}) {
      EXPECT_TRUE(lf.IsLazy(c));
    }
    EXPECT_FALSE(LazyFree(nullptr).IsLazy(FreeCause::kServerDel));

    Value small = BigStructure::Make(3);
    EXPECT_FALSE(lf.Offload(small, FreeCause::kUnlink));
    EXPECT_EQ(small.type(), BigStructure::kType);  // left alone for the caller
    Gate gate;
    for (int i = 0; i < 5; ++i) {
      Value v = BigStructure::Make(100);
      EXPECT_TRUE(lf.Offload(v, FreeCause::kUnlink));
      EXPECT_TRUE(v.IsString());  // emptied
      EXPECT_EQ(v.RawPtr(), nullptr);
    }
    EXPECT_EQ(lf.pending(), 5u);
    EXPECT_EQ(Live(), 6);
    Gate::Set(false);
  }  // ~LazyFree: the thread frees the five and exits
  EXPECT_EQ(OffLoop(), 5);
  EXPECT_EQ(OnLoop(), 1);  // the small one, with its Value
  EXPECT_EQ(Live(), 0);
}

}  // namespace
}  // namespace ringkv::core
