// The command part of AOF files: the encoding the writer appends and the reader's verdicts (a command, a clean
// end, a torn tail with the offset to cut at, a format error), as Redis 7.0's loadSingleAppendOnlyFile reads.
#include "persist/aof_commands.h"

#include <gtest/gtest.h>

namespace ringkv::persist::aof {
namespace {

using Status = CommandReader::Status;

TEST(AofCommandsTest, EncodesRespArrays) {
  std::string out;
  AppendSelect(&out, 3);
  AppendCommand(&out, {"SET", "k", std::string_view("a\0b", 3)});
  EXPECT_EQ(out, "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na" + std::string(1, '\0') +
                     "b\r\n");
}

TEST(AofCommandsTest, ReadsBackWhatIsWritten) {
  std::string data = "REDISxx";  // a preamble the reader starts after
  AppendCommand(&data, {"SET", "k", "v"});
  data += "#TS:1700000000\r\n";  // annotations are skipped
  AppendCommand(&data, {"RPUSH", "l", "", "x"});
  CommandReader r(data, 7);
  std::vector<std::string_view> argv;
  ASSERT_EQ(r.Next(&argv), Status::kCommand);
  EXPECT_EQ(argv, (std::vector<std::string_view>{"SET", "k", "v"}));
  ASSERT_EQ(r.Next(&argv), Status::kCommand);
  EXPECT_EQ(argv, (std::vector<std::string_view>{"RPUSH", "l", "", "x"}));
  EXPECT_EQ(r.Next(&argv), Status::kEnd);
  EXPECT_EQ(r.offset(), data.size());
}

TEST(AofCommandsTest, TornTailReportsTheLastWholeCommand) {
  std::string whole;
  AppendCommand(&whole, {"INCR", "q"});
  std::string next;
  AppendCommand(&next, {"SET", "x", "yyyy"});
  // Every cut inside the second command is a torn tail at the end of the first.
  for (size_t cut = 1; cut < next.size(); ++cut) {
    std::string data = whole + next.substr(0, cut);
    CommandReader r(data, 0);
    std::vector<std::string_view> argv;
    ASSERT_EQ(r.Next(&argv), Status::kCommand);
    EXPECT_EQ(r.Next(&argv), Status::kTruncated) << "cut at " << cut;
    EXPECT_EQ(r.offset(), whole.size());
  }
}

TEST(AofCommandsTest, FormatErrors) {
  std::string good;
  AppendCommand(&good, {"SET", "a", "1"});
  for (std::string bad : {"+OK\r\n", "*0\r\n", "*x\r\n", "*1\r\n:5\r\n", "*1\r\n$-1\r\n", "\r\n"}) {
    std::string data = good + bad;
    CommandReader r(data, 0);
    std::vector<std::string_view> argv;
    ASSERT_EQ(r.Next(&argv), Status::kCommand);
    EXPECT_EQ(r.Next(&argv), Status::kBadFormat) << bad;
    EXPECT_EQ(r.offset(), good.size()) << bad;
  }
}

TEST(AofCommandsTest, CrlfAfterABulkIsNotChecked) {
  // Redis discards the two bytes after a bulk without looking at them.
  std::string data = "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n";
  CommandReader r(data, 0);
  std::vector<std::string_view> argv;
  EXPECT_EQ(r.Next(&argv), Status::kCommand);
  EXPECT_EQ(r.Next(&argv), Status::kCommand);
  EXPECT_EQ(r.Next(&argv), Status::kEnd);
}

}  // namespace
}  // namespace ringkv::persist::aof
