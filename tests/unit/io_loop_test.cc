// io::Loop on a real ring with a small line-echo handler on loopback and unix sockets: the unhappy paths
// (no SQE after flushing the queue, io_uring_enter errors that pass and ones that stop the loop) made to
// happen with InjectFaultForTest, the output-drained notification, CompletionOwners (completion, cancel,
// retry after a missing SQE), the hz timer as an owner, and is_unix()/is_local().
//
// The loop runs on its own thread (the ring belongs to the thread that created it); the test thread talks
// to it only through sockets, and waits for the handler's notes (under a mutex) where ordering matters.
// Control lines the handler understands: "!nosqe N [quiet]", "!enter ERRNO N", "!big BYTES MARK",
// "!mark BYTES", "!mark-repeat N", "!quit", "!nop", "!cancel", "!owner-retry", "!timer MS", "!deadline MS",
// "!deadline-off", "!busy", "!release", "!stop"; any other line is echoed.
#include "io/loop.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <future>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "io/listen_socket.h"
#include "io/timer.h"

namespace ringkv::io {
namespace {

// A one-shot owner that answers on a connection when its operation completes.
class ReplyingOwner final : public CompletionOwner {
 public:
  ReplyingOwner(Loop* loop, std::string tag) : loop_(loop), tag_(std::move(tag)) {}
  Connection* conn = nullptr;
  std::function<void(io_uring_sqe*)> prep;
  int submits = 0, retries = 0;

  bool Submit() {
    io_uring_sqe* sqe = loop_->GetSqe(this);
    if (sqe == nullptr) return false;
    ++submits;
    prep(sqe);
    return true;
  }
  void OnCompletion(int32_t res, uint32_t /*flags*/) override {
    conn->output().Append(tag_ + " res=" + std::to_string(res) + " idle=" + (idle() ? "1" : "0") +
                          " retries=" + std::to_string(retries) + "\n");
    loop_->WantSend(conn);
  }
  void OnSqeRetry() override {
    ++retries;
    Submit();
  }

 private:
  Loop* loop_;
  std::string tag_;
};

class EchoHandler final : public LoopHandler {
 public:
  Loop* loop = nullptr;

  // Notes for the test thread.
  void Note(const std::string& s) {
    std::lock_guard<std::mutex> lock(mu_);
    notes_.push_back(s);
    cv_.notify_all();
  }
  // Waits (up to 20 s: a hang guard, not a timing assertion) until `count` notes start with prefix.
  bool WaitNotes(const std::string& prefix, size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return CountLocked(prefix) >= count; });
  }
  size_t Count(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    return CountLocked(prefix);
  }
  std::vector<std::string> Notes() {
    std::lock_guard<std::mutex> lock(mu_);
    return notes_;
  }

  void OnAccept(Connection* c) override {
    Note("accept unix=" + std::to_string(c->is_unix()) + " local=" + std::to_string(c->is_local()) +
         " peer=" + c->peer_addr() + " local_addr=" + c->local_addr());
  }
  void OnInput(Connection* c) override {
    std::string& in = c->input();
    size_t pos = 0, nl;
    while ((nl = in.find('\n', pos)) != std::string::npos) {
      Line(c, in.substr(pos, nl - pos));
      pos = nl + 1;
    }
    in.erase(0, pos);
  }
  void OnClosed(Connection*) override { Note("closed"); }
  void OnTimer() override { Note("timer"); }
  void OnOutputDrained(Connection* c) override {
    Note("drained unsent=" + std::to_string(c->output().size()));
    if (rearm_left_ > 0) {
      --rearm_left_;
      c->NotifyWhenOutputBelow(100);  // already below: must come next turn, not in this pass
      return;
    }
    c->output().Append("drained\n");
  }
  void BeforeSleep() override {}

  std::unique_ptr<ReplyingOwner> owner;
  std::unique_ptr<DeadlineTimer> deadline;

 private:
  size_t CountLocked(const std::string& prefix) const {
    size_t n = 0;
    for (const std::string& s : notes_) n += s.rfind(prefix, 0) == 0;
    return n;
  }

  void Line(Connection* c, const std::string& line) {
    std::istringstream words(line);
    std::string cmd;
    words >> cmd;
    if (cmd == "!nosqe") {
      unsigned n = 0;
      std::string quiet;
      words >> n >> quiet;
      loop->InjectFaultForTest(LoopFault::kNoSqe, n);
      if (quiet.empty()) c->output().Append("ok\n");
      Note("injected");
    } else if (cmd == "!enter") {
      int err = 0;
      unsigned n = 0;
      words >> err >> n;
      loop->InjectFaultForTest(LoopFault::kEnterError, n, err);
      c->output().Append("ok\n");
    } else if (cmd == "!big") {
      size_t bytes = 0, mark = 0;
      words >> bytes >> mark;
      c->output().Append(std::string(bytes, 'x'));
      c->output().Append("\n");
      c->NotifyWhenOutputBelow(mark);
    } else if (cmd == "!mark-repeat") {
      words >> rearm_left_;
      c->NotifyWhenOutputBelow(100);
    } else if (cmd == "!quit") {
      c->output().Append("bye\n");
      loop->Close(c, /*after_flush=*/true);
    } else if (cmd == "!mark") {
      size_t mark = 0;
      words >> mark;
      c->NotifyWhenOutputBelow(mark);
    } else if (cmd == "!nop") {
      owner = std::make_unique<ReplyingOwner>(loop, "nop");
      owner->conn = c;
      owner->prep = [](io_uring_sqe* sqe) { io_uring_prep_nop(sqe); };
      owner->Submit();
    } else if (cmd == "!owner-retry") {
      // The next GetSqe (this owner's) finds no SQE: the owner hears OnSqeRetry next turn and submits then.
      owner = std::make_unique<ReplyingOwner>(loop, "retried-nop");
      owner->conn = c;
      owner->prep = [](io_uring_sqe* sqe) { io_uring_prep_nop(sqe); };
      loop->InjectFaultForTest(LoopFault::kNoSqe, 1);
      if (owner->Submit()) c->output().Append("unexpected: got an SQE\n");
    } else if (cmd == "!cancel") {
      owner = std::make_unique<ReplyingOwner>(loop, "timeout");
      owner->conn = c;
      static __kernel_timespec ts{.tv_sec = 600, .tv_nsec = 0};
      owner->prep = [](io_uring_sqe* sqe) { io_uring_prep_timeout(sqe, &ts, 0, 0); };
      owner->Submit();
      loop->Cancel(owner.get());
    } else if (cmd == "!timer") {
      int64_t ms = 0;
      words >> ms;
      loop->SetTimerIntervalMs(ms);
      c->output().Append("ok\n");
    } else if (cmd == "!deadline") {
      int64_t ms = 0;
      words >> ms;
      if (!deadline) deadline = std::make_unique<DeadlineTimer>(loop, [this] { Note("deadline"); });
      deadline->ArmAfterMs(ms);
      c->output().Append("ok\n");
    } else if (cmd == "!deadline-off") {
      deadline->Disarm();
      c->output().Append("ok\n");
    } else if (cmd == "!busy") {
      // A long handler call (a busy script): holds this connection's input and turns the loop from inside
      // until another connection sends "!release".
      c->HoldInput();
      release_ = false;
      Note("busy-start");
      while (!release_) {
        loop->RunNestedTurn();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      Note("busy-end");
      c->output().Append("busy-done\n");
      c->ReleaseInput();  // what arrived meanwhile is appended: this very OnInput goes on with it
    } else if (cmd == "!release") {
      release_ = true;
      c->output().Append("released\n");
    } else if (cmd == "!require") {
      uint64_t seq = 0;
      words >> seq;
      loop->HoldUntilDurable(c, seq);
      c->output().Append("required\n");
      Note("required");
    } else if (cmd == "!durable") {
      uint64_t seq = 0;
      words >> seq;
      loop->MarkDurable(seq);
      c->output().Append("durable " + std::to_string(loop->held_connections()) + "\n");
    } else if (cmd == "!note") {
      std::string what;
      words >> what;
      Note(what);
      c->output().Append("noted\n");
    } else if (cmd == "!pause") {
      paused_ = c;
      c->PauseReading();
      c->output().Append("paused\n");
    } else if (cmd == "!input-size") {
      Note("input=" + std::to_string(paused_ != nullptr ? paused_->input().size() : 0));
      c->output().Append("ok\n");
    } else if (cmd == "!resume") {
      if (paused_ != nullptr) paused_->ResumeReading();
      paused_ = nullptr;
      c->output().Append("resumed\n");
    } else if (cmd == "!stop") {
      loop->Stop();
    } else {
      c->output().Append(line + "\n");
    }
  }

  int rearm_left_ = 0;
  bool release_ = false;
  Connection* paused_ = nullptr;  // the connection "!pause" paused, until "!resume" (another connection's)
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> notes_;
};

// A Loop with an EchoHandler on its own thread, listening on 127.0.0.1:<free port> and optionally on a unix
// socket and extra listeners made by the test.
class LoopThread {
 public:
  explicit LoopThread(std::string unix_path = "", std::function<void(Loop*)> extra = nullptr) {
    std::promise<int> ready;
    std::future<int> port = ready.get_future();
    thread_ = std::thread([this, &ready, unix_path, extra] {
      LoopOptions opts;
      opts.buf_count = 64;
      opts.log = [this](LoopLogLevel level, std::string_view line) {
        std::lock_guard<std::mutex> lock(log_mu_);
        log_.push_back((level == LoopLogLevel::kWarning ? "W " : "N ") + std::string(line));
      };
      Loop loop(&handler, opts);
      handler.loop = &loop;
      std::string err;
      if (!loop.Init(&err)) {
        ADD_FAILURE() << err;
        ready.set_value(-1);
        return;
      }
      ListenResult tcp = ListenTcp("127.0.0.1", 0, 128);
      if (tcp.fd < 0) {
        ADD_FAILURE() << tcp.error;
        ready.set_value(-1);
        return;
      }
      loop.AddListener(tcp.fd, "");
      if (!unix_path.empty()) {
        unlink(unix_path.c_str());
        ListenResult ux = ListenUnix(unix_path, 0, 128);
        EXPECT_GE(ux.fd, 0) << ux.error;
        if (ux.fd >= 0) loop.AddListener(ux.fd, unix_path);
      }
      if (extra) extra(&loop);
      ready.set_value(BoundPort(tcp.fd));
      run_ok_ = loop.Run();
      fatal_ = loop.fatal_error();
      counters_ = loop.counters();
      handler.owner.reset();
      handler.loop = nullptr;
    });
    port_ = port.get();
  }
  ~LoopThread() { Join(); }

  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  // After Join():
  bool run_ok() const { return run_ok_; }
  const std::string& fatal() const { return fatal_; }
  const LoopCounters& counters() const { return counters_; }
  std::vector<std::string> Log() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }
  size_t LogCount(const std::string& needle) {
    size_t n = 0;
    for (const std::string& l : Log()) n += l.find(needle) != std::string::npos;
    return n;
  }

  EchoHandler handler;

 private:
  std::thread thread_;
  int port_ = -1;
  bool run_ok_ = false;
  std::string fatal_;
  LoopCounters counters_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

// A blocking client socket with a receive timeout (a hang guard: the tests never assert on time).
class Client {
 public:
  explicit Client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Guard();
    ok_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  Client(const std::string& unix_path, bool) {
    fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, unix_path.data(), unix_path.size());
    Guard();
    ok_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool ok() const { return ok_; }

  void Send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }
  // Reads until `n` bytes arrived (or EOF/timeout: fewer come back).
  std::string Read(size_t n) {
    std::string out;
    char buf[65536];
    while (out.size() < n) {
      ssize_t r = recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
      if (r <= 0) break;
      out.append(buf, static_cast<size_t>(r));
    }
    return out;
  }
  // Sends `fill` bytes in 8 KB chunks, `gap_us` apart (a trickle: the reader's provided buffers never run
  // out, so its multishot recv would never end on its own), without blocking, until the socket stays full
  // for 300 ms (the peer stopped reading) or cap_bytes went out; returns how many went out.
  size_t SendUntilFull(char fill, size_t cap_bytes, int gap_us) {
    const std::string chunk(8u << 10, fill);
    size_t sent = 0;
    while (sent < cap_bytes) {
      ssize_t n = send(fd_, chunk.data(), std::min(chunk.size(), cap_bytes - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;
      pollfd p{.fd = fd_, .events = POLLOUT, .revents = 0};
      if (poll(&p, 1, 300) <= 0) break;
    }
    return sent;
  }
  // What has arrived already, without waiting.
  std::string ReadReady() {
    char buf[4096];
    ssize_t r = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    return r > 0 ? std::string(buf, static_cast<size_t>(r)) : std::string();
  }
  std::string Call(const std::string& line, size_t reply_bytes) {
    Send(line);
    return Read(reply_bytes);
  }

 private:
  void Guard() {
    timeval tv{.tv_sec = 20, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  int fd_ = -1;
  bool ok_ = false;
};

TEST(IoLoop, EchoesAndClosesCleanly) {
  LoopThread lt;
  {
    Client c(lt.port());
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c.Call("hello\n", 6), "hello\n");
    EXPECT_EQ(c.Call("a\nb\n", 4), "a\nb\n");
  }
  ASSERT_TRUE(lt.handler.WaitNotes("closed", 1));
  Client stopper(lt.port());
  stopper.Send("!stop\n");
  lt.Join();
  EXPECT_TRUE(lt.run_ok());
  EXPECT_EQ(lt.counters().no_sqe, 0u);
  EXPECT_EQ(lt.counters().enter_errors, 0u);
}

// The reply's send finds no SQE 50 times in a row: it is deferred turn after turn (without the enter
// blocking), then goes out; the connection keeps being served afterwards.
TEST(IoLoop, SendSurvivesMissingSqes) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call("!nosqe 50\n", 3), "ok\n");
  EXPECT_EQ(c.Call("still here\n", 11), "still here\n");
  c.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().no_sqe, 50u);
  // Logged, and rate-limited to a line a second: 50 back-to-back turns give far fewer than 50 lines.
  const size_t lines = lt.LogCount("no free submission queue entry");
  EXPECT_GE(lines, 1u);
  EXPECT_LT(lines, 10u);
}

// A new connection's first recv finds no SQE: it is armed on the next turn and the client is served.
TEST(IoLoop, AcceptedConnectionSurvivesMissingSqe) {
  LoopThread lt;
  Client first(lt.port());
  ASSERT_TRUE(first.ok());
  first.Send("!nosqe 1 quiet\n");  // no reply: the next SQE asked for is the new connection's recv
  ASSERT_TRUE(lt.handler.WaitNotes("injected", 1));
  Client second(lt.port());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.Call("served\n", 7), "served\n");
  second.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().no_sqe, 1u);
  EXPECT_EQ(lt.LogCount("deferred to the next loop turn"), 1u);
}

// The hz timer is a CompletionOwner: when its re-arm finds no SQE it re-arms on the next turn and keeps
// ticking.
TEST(IoLoop, TimerSurvivesMissingSqe) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call("!timer 5\n", 3), "ok\n");
  ASSERT_TRUE(lt.handler.WaitNotes("timer", 2));
  c.Send("!nosqe 1 quiet\n");  // the timer's next re-arm is the next SQE asked for
  ASSERT_TRUE(lt.handler.WaitNotes("injected", 1));
  const size_t ticks = lt.handler.Count("timer");
  ASSERT_TRUE(lt.handler.WaitNotes("timer", ticks + 3));
  c.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().no_sqe, 1u);
}

// DeadlineTimer: an earlier deadline replaces the timeout in flight (a 10-minute one, which would not fire
// within the test's 20 s guard), a later one keeps it, a disarmed one does not fire, and it fires again
// when armed after firing.
TEST(IoLoop, DeadlineTimerFiresOnceForTheEarliestDeadline) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call("!deadline 600000\n", 3), "ok\n");
  EXPECT_EQ(c.Call("!deadline 5\n", 3), "ok\n");       // earlier: replaces it
  EXPECT_EQ(c.Call("!deadline 300000\n", 3), "ok\n");  // later: the 5 ms one stays
  ASSERT_TRUE(lt.handler.WaitNotes("deadline", 1));
  // Armed and disarmed in one turn: nothing fires (a late firing could only make this pass wrongly).
  EXPECT_EQ(c.Call("!deadline 20\n!deadline-off\n", 6), "ok\nok\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(lt.handler.Count("deadline"), 1u);
  // Re-armed after firing, it fires again.
  EXPECT_EQ(c.Call("!deadline 10\n", 3), "ok\n");
  ASSERT_TRUE(lt.handler.WaitNotes("deadline", 2));
  EXPECT_EQ(lt.handler.Count("deadline"), 2u);
  c.Send("!stop\n");
  lt.Join();
}

// io_uring_enter failing with an error that can pass (ENOMEM): counted, logged once, the loop goes on.
TEST(IoLoop, PassingEnterErrorsAreCountedAndServingGoesOn) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.Call("!enter " + std::to_string(ENOMEM) + " 2\n", 3), "ok\n");
  EXPECT_EQ(c.Call("after\n", 6), "after\n");
  c.Send("!stop\n");
  lt.Join();
  EXPECT_TRUE(lt.run_ok());
  EXPECT_EQ(lt.counters().enter_errors, 2u);
  EXPECT_EQ(lt.LogCount("io_uring_enter failed: Cannot allocate memory"), 1u);
}

// The expected transient results (EINTR, EAGAIN, EBUSY, ETIME) are not errors at all.
TEST(IoLoop, TransientEnterResultsAreNotErrors) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  for (int err : {EINTR, EAGAIN, EBUSY, ETIME}) {
    EXPECT_EQ(c.Call("!enter " + std::to_string(err) + " 1\n", 3), "ok\n");
  }
  c.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().enter_errors, 0u);
  EXPECT_EQ(lt.LogCount("io_uring_enter failed"), 0u);
}

// An error that means the ring is broken (EBADF) stops the loop: Run() returns false with the reason, and
// the fatal line is logged.
TEST(IoLoop, BrokenRingStopsTheLoop) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  c.Send("!enter " + std::to_string(EBADF) + " 1\n");
  lt.Join();
  EXPECT_FALSE(lt.run_ok());
  EXPECT_NE(lt.fatal().find("Bad file descriptor"), std::string::npos) << lt.fatal();
  EXPECT_EQ(lt.counters().enter_errors, 1u);
  EXPECT_EQ(lt.LogCount("the ring is unusable, stopping the event loop"), 1u);
}

// NotifyWhenOutputBelow: a big reply the client reads slowly; OnOutputDrained comes once, after a send
// completion brought the unsent bytes to the mark or below, and what it queues goes out after the rest.
TEST(IoLoop, OutputDrainedIsNotifiedOnceAtTheMark) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  const size_t big = 8u << 20, mark = 64u << 10;
  c.Send("!big " + std::to_string(big) + " " + std::to_string(mark) + "\n");
  std::string got = c.Read(big + 1 + 8);
  ASSERT_EQ(got.size(), big + 1 + 8);
  EXPECT_EQ(got.substr(big), "\ndrained\n");
  EXPECT_EQ(lt.handler.Count("drained"), 1u);
  for (const std::string& n : lt.handler.Notes()) {
    if (n.rfind("drained unsent=", 0) == 0) {
      EXPECT_LE(std::stoul(n.substr(15)), mark);
    }
  }
  // Already below the mark when asked: notified in the same turn, with no send needed.
  EXPECT_EQ(c.Call("!mark 100\n", 8), "drained\n");
  EXPECT_EQ(lt.handler.Count("drained"), 2u);
  // Re-armed below the mark from OnOutputDrained itself: each notification comes on a later turn (the
  // enter does not block while one is pending), none is lost and the pass does not spin.
  EXPECT_EQ(c.Call("!mark-repeat 3\n", 8), "drained\n");
  EXPECT_EQ(lt.handler.Count("drained"), 6u);
  c.Send("!stop\n");
  lt.Join();
}

// PauseReading cancels the multishot recv: what the peer sends then waits in the socket, whose buffers fill
// so the peer's sends stop (TCP pushes back), instead of growing input(); ResumeReading delivers all of it.
TEST(IoLoop, PausedConnectionPushesBackOnItsPeer) {
  LoopThread lt;
  Client c(lt.port()), ctl(lt.port());
  ASSERT_TRUE(c.ok() && ctl.ok());
  EXPECT_EQ(c.Call("!pause\n", 7), "paused\n");
  // One long line, never ended while paused. A connection that kept reading would take all 24 MB.
  const size_t sent = c.SendUntilFull('y', 24u << 20, 100);
  EXPECT_LT(sent, 16u << 20);
  EXPECT_EQ(ctl.Call("!input-size\n", 3), "ok\n");
  size_t input = 0;
  for (const std::string& n : lt.handler.Notes())
    if (n.rfind("input=", 0) == 0) input = std::stoul(n.substr(6));
  EXPECT_LT(input, 1u << 20);  // at most what the cancelled recv had taken already
  EXPECT_EQ(ctl.Call("!resume\n", 8), "resumed\n");
  c.Send("\n");
  const std::string echo = c.Read(sent + 1);
  ASSERT_EQ(echo.size(), sent + 1);
  EXPECT_EQ(echo.find_first_not_of('y'), sent);
  ctl.Send("!stop\n");
  lt.Join();
}

// A connection closed after its reply (QUIT-like) while the reply's send finds no SQE: the reply still
// goes out, then the connection closes.
TEST(IoLoop, CloseAfterFlushSurvivesMissingSqes) {
  LoopThread lt;
  {
    Client c(lt.port());
    ASSERT_TRUE(c.ok());
    c.Send("!nosqe 3 quiet\n!quit\n");
    EXPECT_EQ(c.Read(100), "bye\n");  // then EOF
  }
  ASSERT_TRUE(lt.handler.WaitNotes("closed", 1));
  Client stopper(lt.port());
  stopper.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().no_sqe, 3u);
}

// CompletionOwner: a NOP completes to its owner (idle after its final CQE); a 10-minute timeout cancelled
// with Loop::Cancel completes with -ECANCELED; an owner whose GetSqe found no SQE hears OnSqeRetry.
TEST(IoLoop, CompletionOwners) {
  LoopThread lt;
  Client c(lt.port());
  ASSERT_TRUE(c.ok());
  std::string want = "nop res=0 idle=1 retries=0\n";
  EXPECT_EQ(c.Call("!nop\n", want.size()), want);
  want = "timeout res=" + std::to_string(-ECANCELED) + " idle=1 retries=0\n";
  EXPECT_EQ(c.Call("!cancel\n", want.size()), want);
  want = "retried-nop res=0 idle=1 retries=1\n";
  EXPECT_EQ(c.Call("!owner-retry\n", want.size()), want);
  c.Send("!stop\n");
  lt.Join();
  EXPECT_EQ(lt.counters().no_sqe, 1u);
}

TEST(IoLoop, UnixSocketConnectionsAreUnixAndLocal) {
  const std::string path = "/tmp/ringkv-io-loop-test-" + std::to_string(getpid()) + ".sock";
  LoopThread lt(path);
  {
    Client u(path, true);
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(u.Call("over unix\n", 10), "over unix\n");
    Client t(lt.port());
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.Call("over tcp\n", 9), "over tcp\n");
    t.Send("!stop\n");
  }
  lt.Join();
  unlink(path.c_str());
  std::vector<std::string> accepts;
  for (const std::string& n : lt.handler.Notes())
    if (n.rfind("accept", 0) == 0) accepts.push_back(n);
  ASSERT_EQ(accepts.size(), 2u);
  EXPECT_EQ(accepts[0], "accept unix=1 local=1 peer=" + path + ":0 local_addr=" + path + ":0");
  EXPECT_EQ(accepts[1].rfind("accept unix=0 local=1 peer=127.0.0.1:", 0), 0u) << accepts[1];
}

// A dual-stack IPv6 listener sees an IPv4 loopback peer as ::ffff:127.0.0.1, which Redis 7.0.15 does not
// call local (it compares the address text with "127.0.0.1" and "::1").
TEST(IoLoop, Ipv4MappedLoopbackIsNotLocal) {
  int mapped_port = 0;
  LoopThread lt("", [&mapped_port](Loop* loop) {
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int zero = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 16) != 0) {
      close(fd);
      return;  // no IPv6 on this host: mapped_port stays 0 and the test skips
    }
    mapped_port = BoundPort(fd);
    loop->AddListener(fd, "");
  });
  if (mapped_port == 0) {
    Client(lt.port()).Send("!stop\n");
    lt.Join();
    GTEST_SKIP() << "no IPv6 here";
  }
  {
    Client c(mapped_port);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c.Call("mapped\n", 7), "mapped\n");
    c.Send("!stop\n");
  }
  lt.Join();
  bool seen = false;
  for (const std::string& n : lt.handler.Notes()) {
    if (n.rfind("accept", 0) != 0) continue;
    seen = true;
    EXPECT_EQ(n.rfind("accept unix=0 local=0 peer=::ffff:127.0.0.1:", 0), 0u) << n;
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace ringkv::io

namespace ringkv::io {
namespace {

// A handler call that turns the loop from inside (RunNestedTurn, as a busy script does): other connections
// are accepted and served meanwhile, bytes for the busy connection wait until it releases its input and
// then come in order, and owner completions (a deadline timer that expired meanwhile) run only afterwards.
TEST(IoLoop, NestedTurnServesOthersHoldsInputAndDefersOwners) {
  LoopThread lt;
  {
    Client a(lt.port());
    ASSERT_TRUE(a.ok());
    a.Send("!deadline 100\n!busy\n");  // "ok" for the deadline stays queued while a's call is busy
    ASSERT_TRUE(lt.handler.WaitNotes("busy-start", 1));
    a.Send("held\n");
    Client b(lt.port());  // accepted by a nested turn
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b.Call("ping\n", 5), "ping\n");
    {
      Client gone(lt.port());  // connects and leaves while the call is busy
      EXPECT_EQ(gone.Call("x\n", 2), "x\n");
    }
    ASSERT_TRUE(lt.handler.WaitNotes("closed", 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the deadline passes meanwhile
    EXPECT_EQ(lt.handler.Count("deadline"), 0u);
    EXPECT_EQ(b.Call("!release\n", 9), "released\n");
    EXPECT_EQ(a.Read(18), "ok\nbusy-done\nheld\n");
    ASSERT_TRUE(lt.handler.WaitNotes("deadline", 1));
    std::vector<std::string> notes = lt.handler.Notes();
    auto at = [&](const std::string& n) { return std::find(notes.begin(), notes.end(), n) - notes.begin(); };
    EXPECT_LT(at("busy-end"), at("deadline"));
    EXPECT_EQ(a.Call("after\n", 6), "after\n");
  }
  Client stopper(lt.port());
  stopper.Send("!stop\n");
  lt.Join();
  EXPECT_TRUE(lt.run_ok());
}

// The durability gate: a connection asked to wait (HoldUntilDurable) sends nothing until the durable mark
// reaches its hold (MarkDurable), while the loop goes on reading and executing and other connections are
// served at once; a client that leaves while held is freed.
TEST(IoLoop, DurabilityGateHoldsOutputUntilDurable) {
  LoopThread lt;
  {
    Client a(lt.port()), b(lt.port()), c(lt.port());
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    a.Send("!require 1\n");
    ASSERT_TRUE(lt.handler.WaitNotes("required", 1));
    EXPECT_EQ(b.Call("read\n", 5), "read\n");  // not held: served while a waits
    // b's reply was sent in a later turn than a's: had a's been sent it would be in a's socket now.
    EXPECT_EQ(a.ReadReady(), "");
    {
      Client gone(lt.port());
      ASSERT_TRUE(gone.ok());
      gone.Send("!require 2\nbye\n");  // leaves while its output is held
    }
    ASSERT_TRUE(lt.handler.WaitNotes("closed", 1));
    a.Send("more\n");  // the loop still reads and executes a's commands; the output stays in order
    EXPECT_EQ(c.Call("!durable 1\n", 10), "durable 1\n");  // gone (hold 2) is still held
    EXPECT_EQ(a.Read(14), "required\nmore\n");
    EXPECT_EQ(c.Call("!durable 2\n", 10), "durable 0\n");
    EXPECT_EQ(c.Call("after\n", 6), "after\n");
  }
  Client stopper(lt.port());
  stopper.Send("!stop\n");
  lt.Join();
  EXPECT_TRUE(lt.run_ok());
  EXPECT_GE(lt.counters().durability_holds, 2u);
}

}  // namespace
}  // namespace ringkv::io
