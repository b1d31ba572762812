// The replication backlog (a ring of the newest stream bytes, with Redis's offsets: the first byte is offset
// 1) and the stream as Replication renders it for replicas: RESP of each effect, a SELECT only when the
// stream's database changes (and again after ForceSelect, as at a full sync's fork), nothing at all while no
// backlog or replica listens. The expected bytes are what a SYNC client reads from redis-server 7.0.15 for
// the same commands (tests/integration/test_repl_primary.py compares the two servers byte for byte).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/repl/primary.h"
#include "core/repl/replication.h"
#include "core/server.h"

namespace ringkv::core {
namespace {

std::string Tail(const ReplBacklog& b, uint64_t offset) {
  std::string out;
  b.CopyFrom(offset, &out);
  return out;
}

TEST(ReplBacklogTest, OffsetsAndCopies) {
  ReplBacklog b(8, /*end_offset=*/100);
  EXPECT_EQ(b.histlen(), 0u);
  EXPECT_EQ(b.first_byte_offset(), 101u);  // nothing held: the next byte is the first
  EXPECT_TRUE(b.Holds(101));
  EXPECT_FALSE(b.Holds(100));
  EXPECT_FALSE(b.Holds(102));
  b.Append("abcde");
  EXPECT_EQ(b.end_offset(), 105u);
  EXPECT_EQ(b.histlen(), 5u);
  EXPECT_EQ(b.first_byte_offset(), 101u);
  EXPECT_EQ(Tail(b, 101), "abcde");
  EXPECT_EQ(Tail(b, 104), "de");
  EXPECT_EQ(Tail(b, 106), "");  // a replica that has everything continues with nothing to send
  EXPECT_TRUE(b.Holds(106));
  EXPECT_FALSE(b.Holds(107));
}

TEST(ReplBacklogTest, WrapsAndKeepsTheNewestBytes) {
  ReplBacklog b(8, 0);
  b.Append("0123456");
  b.Append("789ab");  // wraps: holds "456789ab"
  EXPECT_EQ(b.histlen(), 8u);
  EXPECT_EQ(b.end_offset(), 12u);
  EXPECT_EQ(b.first_byte_offset(), 5u);
  EXPECT_FALSE(b.Holds(4));
  EXPECT_EQ(Tail(b, 5), "456789ab");
  EXPECT_EQ(Tail(b, 10), "9ab");
  b.Append("ABCDEFGHIJ");  // longer than the ring: only its last 8 bytes survive
  EXPECT_EQ(b.end_offset(), 22u);
  EXPECT_EQ(Tail(b, b.first_byte_offset()), "CDEFGHIJ");
}

TEST(ReplBacklogTest, ResizeKeepsWhatFits) {
  ReplBacklog b(8, 0);
  b.Append("abcdefgh");
  b.Resize(4);
  EXPECT_EQ(b.histlen(), 4u);
  EXPECT_EQ(b.first_byte_offset(), 5u);
  EXPECT_EQ(Tail(b, 5), "efgh");
  b.Resize(16);
  b.Append("ij");
  EXPECT_EQ(Tail(b, 5), "efghij");
  EXPECT_EQ(b.end_offset(), 10u);
}

// What the stream gets, as an attached replica receives it.
struct StreamRecorder : ReplStreamSink {
  std::string bytes;
  void OnStream(std::string_view b) override { bytes.append(b); }
  std::string Take() { return std::exchange(bytes, {}); }
};

class ReplStreamTest : public ::testing::Test {
 protected:
  ReplStreamTest() : server_(MakeConfig()) { client_ = server_.CreateFakeClient(); }
  static Config MakeConfig() {
    Config cfg;
    cfg.save.clear();  // FLUSHALL would save dump.rdb into the working directory
    return cfg;
  }
  void Run(std::vector<std::string> args) {
    std::vector<std::string_view> argv(args.begin(), args.end());
    client_->argv = argv;
    server_.ExecuteCommand(client_);
    client_->argv.clear();
    client_->out().Consume(client_->out().size());
  }
  Server server_;
  Client* client_;
  StreamRecorder sink_;
};

TEST_F(ReplStreamTest, NothingIsRenderedWithoutABacklog) {
  Run({"SET", "k", "v"});
  EXPECT_EQ(server_.replication().master_repl_offset(), 0u);
  EXPECT_FALSE(server_.replication().streaming());
  EXPECT_FALSE(RdbReplInfo(server_).has_value());  // a plain RDB: no repl-* aux fields
}

TEST_F(ReplStreamTest, SelectOnlyWhenTheStreamDbChanges) {
  Replication& repl = server_.replication();
  repl.AddSink(&sink_);  // creates the backlog and joins the propagation
  Run({"SET", "k", "v"});
  Run({"INCR", "n"});
  EXPECT_EQ(sink_.Take(),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
            "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
  Run({"SELECT", "12"});
  Run({"DEL", "n"});   // nothing to delete there: no effect, no SELECT
  Run({"SET", "a", "b"});
  EXPECT_EQ(sink_.Take(), "*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n");
  // A full sync's fork: the next effect says its db again, even the same one.
  repl.ForceSelect();
  Run({"SET", "a", "c"});
  EXPECT_EQ(sink_.Take(), "*2\r\n$6\r\nSELECT\r\n$2\r\n12\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nc\r\n");
  // The cron's PING and WAIT's GETACK go in the stream's current db: no SELECT.
  repl.Feed(-1, {"PING"});
  EXPECT_EQ(sink_.Take(), "*1\r\n$4\r\nPING\r\n");
  // The offset counts every byte, and the backlog holds them.
  ReplBacklog* b = repl.backlog();
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->end_offset(), repl.master_repl_offset());
  EXPECT_EQ(Tail(*b, repl.master_repl_offset() - 13), "*1\r\n$4\r\nPING\r\n");
  // An RDB made now carries the stream's db, the history and its offset.
  auto info = RdbReplInfo(server_);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->stream_db, 12);
  EXPECT_EQ(info->replid, repl.replid());
  EXPECT_EQ(info->offset, repl.master_repl_offset());
  repl.RemoveSink(&sink_);
}

TEST_F(ReplStreamTest, TransactionsAndScriptsAreWrapped) {
  server_.replication().AddSink(&sink_);
  Run({"MULTI"});
  Run({"SET", "a", "1"});
  Run({"INCRBYFLOAT", "f", "1.5"});
  Run({"EXEC"});
  EXPECT_EQ(sink_.Take(),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
            "*4\r\n$3\r\nSET\r\n$1\r\nf\r\n$3\r\n1.5\r\n$7\r\nKEEPTTL\r\n*1\r\n$4\r\nEXEC\r\n");
  Run({"PUBLISH", "ch", "hi"});  // to replicas only, although it writes nothing
  EXPECT_EQ(sink_.Take(), "*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$2\r\nhi\r\n");
  server_.replication().RemoveSink(&sink_);
}

}  // namespace
}  // namespace ringkv::core
