// io::Connector on a real ring: an outbound connect to a loopback listener becomes an ordinary connection
// whose events go to the handler it was given (not the LoopHandler) and whose output reaches the peer; a
// refused connect reports ECONNREFUSED; an aborted attempt calls nobody and leaves the owner idle; an
// unresolvable host is refused at Start.
#include "io/connector.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "io/loop.h"
#include "tests/unit/loop_test_handler.h"

namespace ringkv::io {
namespace {

// A listening loopback socket (never accepted by the loop: the test accepts with accept(2)).
int ListenLoopback(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

// A port nobody listens on: bound, then closed.
int ClosedPort() {
  int port = 0;
  const int fd = ListenLoopback(&port);
  ::close(fd);
  return port;
}

struct RecordingHandler final : ConnectionHandler {
  std::string received;
  int inputs = 0, closes = 0;
  std::function<void(Connection*)> on_input;
  void OnInput(Connection* c) override {
    ++inputs;
    received += c->input();
    c->input().clear();
    if (on_input) on_input(c);
  }
  void OnClosed(Connection*) override { ++closes; }
};

class ConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(loop_.Init(&err)) << err;
    loop_.SetTimerIntervalMs(1);
  }
  // Turns the loop until done() or 10 s (a hang guard).
  void RunUntil(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    handler_.on_timer = [&] {
      if (done() || std::chrono::steady_clock::now() > deadline) loop_.Stop();
    };
    ASSERT_TRUE(loop_.Run());
  }

  testing_support::TimerOnlyHandler handler_;
  Loop loop_{&handler_, LoopOptions{}};
};

TEST_F(ConnectorTest, ConnectedSocketBecomesAConnectionOfItsOwnHandler) {
  int port = 0;
  const int lfd = ListenLoopback(&port);
  Connector connector(&loop_);
  RecordingHandler h;
  Connection* conn = nullptr;
  int done_calls = 0, done_err = -1;
  std::string err;
  ASSERT_TRUE(connector.Start("127.0.0.1", port, &h,
                              [&](Connection* c, int e) {
                                ++done_calls;
                                conn = c;
                                done_err = e;
                              },
                              &err))
      << err;
  EXPECT_TRUE(connector.connecting());
  RunUntil([&] { return done_calls > 0; });
  ASSERT_EQ(done_calls, 1);
  ASSERT_EQ(done_err, 0);
  ASSERT_NE(conn, nullptr);
  EXPECT_TRUE(connector.idle());
  EXPECT_FALSE(connector.connecting());
  EXPECT_EQ(conn->peer_addr(), "127.0.0.1:" + std::to_string(port));
  EXPECT_TRUE(conn->local_addr().starts_with("127.0.0.1:"));
  EXPECT_TRUE(conn->is_local());

  const int peer = accept(lfd, nullptr, nullptr);
  ASSERT_GE(peer, 0);
  // Our output reaches the peer; the peer's bytes reach our handler, not the LoopHandler.
  conn->output().Append("PING\r\n");
  loop_.WantSend(conn);
  ASSERT_EQ(write(peer, "+PONG\r\n", 7), 7);
  RunUntil([&] { return h.received.size() >= 7; });
  EXPECT_EQ(h.received, "+PONG\r\n");
  char buf[16] = {};
  ASSERT_EQ(read(peer, buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf, 6), "PING\r\n");
  // The peer goes away: the handler hears of it.
  ::close(peer);
  RunUntil([&] { return h.closes > 0; });
  EXPECT_EQ(h.closes, 1);
  ::close(lfd);
}

TEST_F(ConnectorTest, RefusedConnectReportsTheErrno) {
  Connector connector(&loop_);
  RecordingHandler h;
  int done_calls = 0, done_err = 0;
  Connection* conn = reinterpret_cast<Connection*>(1);
  std::string err;
  ASSERT_TRUE(connector.Start("127.0.0.1", ClosedPort(), &h,
                              [&](Connection* c, int e) {
                                ++done_calls;
                                conn = c;
                                done_err = e;
                              },
                              &err));
  RunUntil([&] { return done_calls > 0; });
  EXPECT_EQ(done_calls, 1);
  EXPECT_EQ(done_err, ECONNREFUSED);
  EXPECT_EQ(conn, nullptr);
  EXPECT_TRUE(connector.idle());
  // The owner can start again once idle.
  EXPECT_TRUE(connector.Start("127.0.0.1", ClosedPort(), &h, [&](Connection*, int) { ++done_calls; }, &err));
  RunUntil([&] { return done_calls > 1; });
  EXPECT_EQ(done_calls, 2);
}

// Aborted in flight (its completion still comes and closes the socket), or before it had an SQE (the retry
// is dropped): either way nobody is called and the owner ends idle.
TEST_F(ConnectorTest, AbortedAttemptCallsNobody) {
  for (const bool no_sqe : {false, true}) {
    SCOPED_TRACE(no_sqe ? "aborted waiting for an SQE" : "aborted in flight");
    int port = 0;
    const int lfd = ListenLoopback(&port);
    Connector connector(&loop_);
    RecordingHandler h;
    int done_calls = 0;
    std::string err;
    if (no_sqe) loop_.InjectFaultForTest(LoopFault::kNoSqe, 1);  // the connect waits for the next turn
    ASSERT_TRUE(connector.Start("127.0.0.1", port, &h, [&](Connection*, int) { ++done_calls; }, &err));
    EXPECT_FALSE(connector.idle());
    EXPECT_FALSE(connector.Start("127.0.0.1", port, &h, [&](Connection*, int) { ++done_calls; }, &err));
    connector.Abort();
    EXPECT_FALSE(connector.connecting());
    int turns = 0;
    RunUntil([&] { return connector.idle() && ++turns > 3; });
    EXPECT_TRUE(connector.idle());
    EXPECT_EQ(done_calls, 0);
    EXPECT_EQ(h.inputs + h.closes, 0);
    ::close(lfd);
  }
}

TEST_F(ConnectorTest, UnresolvableHostIsRefusedAtStart) {
  Connector connector(&loop_);
  RecordingHandler h;
  std::string err;
  EXPECT_FALSE(connector.Start("no-such-host.invalid", 6379, &h, [](Connection*, int) {}, &err));
  EXPECT_FALSE(err.empty());
  EXPECT_TRUE(connector.idle());
}

}  // namespace
}  // namespace ringkv::io
