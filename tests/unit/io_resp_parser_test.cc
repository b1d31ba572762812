// Tests of io/resp_parser: Redis 7.0's request grammar and error strings, fed the way a connection feeds it
// (bytes accumulating in a buffer that moves between calls), at every split point.
#include "io/resp_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::io {
namespace {

using Result = RespParser::Result;
using Argv = std::vector<std::string>;

std::string S(std::string_view s) { return std::string(s); }

// What a connection would observe: the commands in order, then either an error or leftover bytes.
struct Outcome {
  std::vector<Argv> commands;
  std::vector<size_t> consumed;
  std::string error;  // empty unless a protocol error ended the stream
  size_t leftover = 0;

  bool operator==(const Outcome&) const = default;
};

Argv Copy(const std::vector<std::string_view>& argv) { return Argv(argv.begin(), argv.end()); }

// Feeds `input` in pieces ending at the given offsets, like a connection that appends each read to its
// buffer, parses every complete command and drops the consumed prefix. The buffer is rebuilt (so it moves)
// before every call: the parser may only remember offsets.
Outcome Feed(RespParser& parser, std::string_view input, const std::vector<size_t>& cuts) {
  Outcome out;
  std::string pending;
  size_t fed = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(input.size());
  for (size_t end : ends) {
    if (end < fed) continue;
    pending.append(input.substr(fed, end - fed));
    fed = end;
    while (!pending.empty()) {
      std::string moved = pending;  // a fresh allocation: the bytes now live at another address
      Result r = parser.Parse(moved);
      if (r == Result::kError) {
        out.error = parser.error();
        return out;
      }
      if (r == Result::kNeedMore) break;
      out.commands.push_back(Copy(parser.argv()));
      out.consumed.push_back(parser.consumed());
      pending.erase(0, parser.consumed());
    }
  }
  out.leftover = pending.size();
  return out;
}

Outcome FeedAll(std::string_view input, const RespLimits& limits = RespLimits()) {
  RespParser parser(&limits);
  return Feed(parser, input, {});
}

Outcome FeedInChunks(std::string_view input, size_t chunk, const RespLimits& limits = RespLimits()) {
  RespParser parser(&limits);
  std::vector<size_t> cuts;
  for (size_t i = chunk; i < input.size(); i += chunk) cuts.push_back(i);
  return Feed(parser, input, cuts);
}

// Parses one command from the start of `input` in a single call.
struct One {
  Result result;
  Argv argv;
  size_t consumed;
  std::string error;
};
One ParseOnce(std::string_view input, const RespLimits& limits = RespLimits()) {
  RespParser parser(&limits);
  Result r = parser.Parse(input);
  return {r, Copy(parser.argv()), parser.consumed(), r == Result::kError ? parser.error() : std::string()};
}

std::string ErrorOf(std::string_view input, const RespLimits& limits = RespLimits()) {
  One one = ParseOnce(input, limits);
  EXPECT_EQ(one.result, Result::kError) << "input: " << input;
  return one.error;
}

std::string Bulk(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + S(s) + "\r\n"; }
std::string Command(const Argv& argv) {
  std::string out = "*" + std::to_string(argv.size()) + "\r\n";
  for (const auto& a : argv) out += Bulk(a);
  return out;
}

// ---- Multibulk --------------------------------------------------------------------------------------------

TEST(RespParserTest, ParsesMultibulkCommand) {
  One one = ParseOnce("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*1\r\n");
  EXPECT_EQ(one.result, Result::kCommand);
  EXPECT_EQ(one.argv, (Argv{"SET", "key", "value"}));
  EXPECT_EQ(one.consumed, 33u);
}

TEST(RespParserTest, BulksAreBinarySafe) {
  std::string value("a\r\nb\0c\r\n\0", 9);
  One one = ParseOnce(Command({"SET", "k", value}));
  ASSERT_EQ(one.result, Result::kCommand);
  ASSERT_EQ(one.argv.size(), 3u);
  EXPECT_EQ(one.argv[2], value);
  One empty = ParseOnce("*2\r\n$3\r\nGET\r\n$0\r\n\r\n");
  EXPECT_EQ(empty.argv, (Argv{"GET", ""}));
}

TEST(RespParserTest, ArgvViewsPointIntoTheCallersBuffer) {
  RespLimits limits;
  RespParser parser(&limits);
  std::string buf = "*1\r\n$4\r\nPING\r\n";
  ASSERT_EQ(parser.Parse(buf), Result::kCommand);
  EXPECT_EQ(parser.argv()[0].data(), buf.data() + 8);
  EXPECT_FALSE(parser.argv_in_parser_storage());
}

TEST(RespParserTest, ZeroAndNegativeCountsYieldEmptyCommands) {
  for (std::string_view in : {"*0\r\n", "*-1\r\n", "*-10\r\n"}) {
    One one = ParseOnce(in);
    EXPECT_EQ(one.result, Result::kCommand) << in;
    EXPECT_TRUE(one.argv.empty()) << in;
    EXPECT_EQ(one.consumed, in.size()) << in;
  }
  // The next command follows at once.
  Outcome out = FeedAll("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(out.commands, (std::vector<Argv>{{}, {}, {"PING"}}));
}

TEST(RespParserTest, SkipsTheByteAfterCountCrAndTheTwoAfterABulkLikeRedis) {
  // Redis checks only that bytes exist there, not that they are LF / CRLF.
  One one = ParseOnce("*2\rX$3\r\nGET\r\n$1\rYkZW");
  EXPECT_EQ(one.result, Result::kCommand);
  EXPECT_EQ(one.argv, (Argv{"GET", "k"}));
  EXPECT_EQ(one.consumed, 20u);
}

TEST(RespParserTest, WaitsForTheLfAfterACountCr) {
  RespLimits limits;
  RespParser parser(&limits);
  EXPECT_EQ(parser.Parse("*1\r"), Result::kNeedMore);
  EXPECT_EQ(parser.Parse("*1\r\n$4\r"), Result::kNeedMore);
  EXPECT_EQ(parser.Parse("*1\r\n$4\r\nPING\r"), Result::kNeedMore);
  ASSERT_EQ(parser.Parse("*1\r\n$4\r\nPING\r\n"), Result::kCommand);
  EXPECT_EQ(Copy(parser.argv()), (Argv{"PING"}));
}

TEST(RespParserTest, EmptyBufferNeedsMore) {
  RespLimits limits;
  RespParser parser(&limits);
  EXPECT_EQ(parser.Parse(""), Result::kNeedMore);
  EXPECT_EQ(parser.Parse("*"), Result::kNeedMore);
}

// ---- Splitting ---------------------------------------------------------------------------------------------

// Several commands of every kind back to back, each with its expected argv.
std::string Pipeline() {
  std::string p;
  p += Command({"SET", "key:1", "hello"});
  p += "*0\r\n";
  p += Command({"SET", "bin", std::string("x\r\n\0y", 5)});
  p += "PING\r\n";
  p += "\r\n";
  p += "set  \"a b\\x41\\n\" 'it\\'s'\n";
  p += "*-1\r\n";
  p += Command({"GET", ""});
  p += Command({"MSET", std::string(300, 'v'), "k2", "v2"});
  return p;
}
std::vector<Argv> PipelineArgv() {
  return {{"SET", "key:1", "hello"},
          {},
          {"SET", "bin", std::string("x\r\n\0y", 5)},
          {"PING"},
          {},
          {"set", "a bA\n", "it's"},
          {},
          {"GET", ""},
          {"MSET", std::string(300, 'v'), "k2", "v2"}};
}

TEST(RespParserTest, PipelineAtOnce) {
  Outcome out = FeedAll(Pipeline());
  EXPECT_EQ(out.commands, PipelineArgv());
  EXPECT_EQ(out.leftover, 0u);
  EXPECT_TRUE(out.error.empty());
}

TEST(RespParserTest, PipelineSplitAtEveryByte) {
  const std::string input = Pipeline();
  const Outcome whole = FeedAll(input);
  RespLimits limits;
  for (size_t cut = 0; cut <= input.size(); ++cut) {
    RespParser parser(&limits);
    EXPECT_EQ(Feed(parser, input, {cut}), whole) << "split at " << cut;
  }
  // Two cuts everywhere in the first commands, where headers and payloads meet.
  for (size_t a = 0; a < 80; ++a) {
    for (size_t b = a; b < 80; ++b) {
      RespParser parser(&limits);
      ASSERT_EQ(Feed(parser, input, {a, b}), whole) << "split at " << a << " and " << b;
    }
  }
}

TEST(RespParserTest, PipelineFedAsGrowingPrefixes) {
  // A byte at a time: every prefix of the stream is offered, as a caller that accumulates bytes does.
  const std::string input = Pipeline();
  EXPECT_EQ(FeedInChunks(input, 1).commands, PipelineArgv());
}

TEST(RespParserTest, PipelineFedInSmallChunks) {
  const std::string input = Pipeline();
  for (size_t chunk : {2u, 3u, 5u, 7u, 16u, 64u}) {
    Outcome out = FeedInChunks(input, chunk);
    EXPECT_EQ(out.commands, PipelineArgv()) << "chunk " << chunk;
    EXPECT_EQ(out.leftover, 0u);
  }
}

TEST(RespParserTest, RandomStreamsParseTheSameAtOnceAndInPieces) {
  // Streams of protocol fragments, valid or not: however they are cut, the commands and the error (or the
  // bytes left waiting) must be what one call over the whole stream gives.
  const std::vector<std::string> pieces = {"*2\r\n", "*1\r\n", "$3\r\n", "$1\r\n", "$0\r\n", "abc", "\r\n",
                                           "\n", "\r", "*0\r\n", "*-1\r\n", "PING", " ", "\"", "'", "\\",
                                           "\\x4", "1", std::string(1, '\0'), "*", "$", "-", "+", "x y"};
  std::mt19937 rng(12345);
  RespLimits limits;
  int with_commands = 0, with_errors = 0, left_waiting = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    int n = 1 + static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) input += pieces[rng() % pieces.size()];
    const Outcome whole = FeedAll(input);
    with_commands += !whole.commands.empty();
    with_errors += !whole.error.empty();
    left_waiting += whole.leftover > 0;
    ASSERT_EQ(FeedInChunks(input, 1), whole) << testing::PrintToString(input);
    ASSERT_EQ(FeedInChunks(input, 3), whole) << testing::PrintToString(input);
    std::vector<size_t> cuts;
    for (size_t i = 0; i < input.size(); ++i) {
      if (rng() % 4 == 0) cuts.push_back(i);
    }
    RespParser parser(&limits);
    ASSERT_EQ(Feed(parser, input, cuts), whole) << testing::PrintToString(input);
  }
  // The generator must reach every outcome for the comparison to mean something.
  EXPECT_GT(with_commands, 300);
  EXPECT_GT(with_errors, 300);
  EXPECT_GT(left_waiting, 300);
}

TEST(RespParserTest, ResumingDoesNotRescanLines) {
  // A count line that arrives a byte at a time is searched once per byte, not once per call per byte.
  RespLimits limits;
  RespParser parser(&limits);
  std::string line = "*" + std::string(15, '1');
  std::string buf;
  for (char c : line) {
    buf.push_back(c);
    ASSERT_EQ(parser.Parse(buf), Result::kNeedMore);
  }
  EXPECT_EQ(parser.scanned_bytes(), line.size());
}

TEST(RespParserTest, LargeBulkInSixteenKilobyteChunks) {
  const size_t kLen = 8 * 1024 * 1024;
  std::string payload(kLen, 'p');
  for (size_t i = 0; i < kLen; i += 4099) payload[i] = static_cast<char>(i % 251);  // \r, \n and \0 included
  const std::string input = Command({"SET", "big", payload}) + Command({"GET", "big"});
  const size_t first_len = input.size() - Command({"GET", "big"}).size();
  const size_t header_len = first_len - kLen - 2;  // everything before the payload

  RespLimits limits;
  RespParser parser(&limits);
  std::string buf;
  size_t calls = 0;
  size_t fed = 0;
  bool hinted = false;
  std::vector<Argv> commands;
  while (fed < input.size()) {
    size_t n = std::min<size_t>(16 * 1024, input.size() - fed);
    buf.append(input, fed, n);
    fed += n;
    while (true) {
      ++calls;
      Result r = parser.Parse(buf);
      ASSERT_NE(r, Result::kError);
      if (r == Result::kNeedMore) {
        if (buf.size() > header_len) {
          // Inside the big bulk: the parser knows how large the command will be.
          EXPECT_EQ(parser.bytes_hint(), first_len);
          hinted = true;
        }
        break;
      }
      commands.push_back(Copy(parser.argv()));
      buf.erase(0, parser.consumed());
    }
  }
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0][2], payload);
  EXPECT_EQ(commands[1], (Argv{"GET", "big"}));
  EXPECT_TRUE(hinted);
  EXPECT_GT(calls, 500u);
  // Only the headers and count lines were searched: the 8 MB payload never was, nor rescanned per call.
  EXPECT_LT(parser.scanned_bytes(), 100u);
}

TEST(RespParserTest, BytesHintOnlyForBigBulks) {
  RespLimits limits;
  RespParser parser(&limits);
  std::string small = "*1\r\n$32767\r\nabc";
  EXPECT_EQ(parser.Parse(small), Result::kNeedMore);
  EXPECT_EQ(parser.bytes_hint(), 0u);
  parser.Reset();
  std::string big = "*1\r\n$32768\r\nabc";
  EXPECT_EQ(parser.Parse(big), Result::kNeedMore);
  EXPECT_EQ(parser.bytes_hint(), 12u + 32768u + 2u);
}

TEST(RespParserTest, ResetForgetsAPartialCommand) {
  RespLimits limits;
  RespParser parser(&limits);
  EXPECT_EQ(parser.Parse("*2\r\n$3\r\nGET\r\n$1"), Result::kNeedMore);
  parser.Reset();
  ASSERT_EQ(parser.Parse("PING\r\n"), Result::kCommand);
  EXPECT_EQ(Copy(parser.argv()), (Argv{"PING"}));
}

// ---- Inline ------------------------------------------------------------------------------------------------

TEST(RespParserTest, InlineSplitsOnBlanks) {
  EXPECT_EQ(ParseOnce("SET key value\r\n").argv, (Argv{"SET", "key", "value"}));
  EXPECT_EQ(ParseOnce("  GET\tkey  \n").argv, (Argv{"GET", "key"}));
  One one = ParseOnce("PING\nPING\n");
  EXPECT_EQ(one.argv, (Argv{"PING"}));
  EXPECT_EQ(one.consumed, 5u);
  // A bare '\r' inside the line is a blank; only the one before '\n' is stripped as line end.
  EXPECT_EQ(ParseOnce("a\rb\r\r\n").argv, (Argv{"a", "b"}));
  // Skipping blanks accepts \v and \f, but only space, tab, CR and LF end an unquoted argument.
  EXPECT_EQ(ParseOnce("\v\fa\vb c\n").argv, (Argv{"a\vb", "c"}));
}

TEST(RespParserTest, InlineEmptyLinesYieldEmptyCommands) {
  for (std::string_view in : {"\r\n", "\n", "   \r\n", "\t\n"}) {
    One one = ParseOnce(in);
    EXPECT_EQ(one.result, Result::kCommand) << in;
    EXPECT_TRUE(one.argv.empty());
    EXPECT_EQ(one.consumed, in.size());
  }
}

TEST(RespParserTest, InlineDoubleQuotesAndEscapes) {
  EXPECT_EQ(ParseOnce("SET \"a b\" \"\"\n").argv, (Argv{"SET", "a b", ""}));
  EXPECT_EQ(ParseOnce(R"(ECHO "\x41\x6a\x4A\n\r\t\b\a\\\"\q")" "\n").argv,
            (Argv{"ECHO", "AjJ\n\r\t\b\a\\\"q"}));
  // \x without two hex digits is a plain escape of 'x'.
  EXPECT_EQ(ParseOnce(R"(ECHO "\x4g")" "\n").argv, (Argv{"ECHO", "x4g"}));
  EXPECT_EQ(ParseOnce(R"(ECHO "\xff\x00")" "\n").argv, (Argv{"ECHO", std::string("\xff\0", 2)}));
  // A quote inside a word opens a quoted part of the same argument.
  EXPECT_EQ(ParseOnce("ECHO a\"b c\"\n").argv, (Argv{"ECHO", "ab c"}));
}

TEST(RespParserTest, InlineSingleQuotes) {
  EXPECT_EQ(ParseOnce(R"(ECHO 'it\'s' 'a\nb' 'x"y')" "\n").argv, (Argv{"ECHO", "it's", "a\\nb", "x\"y"}));
}

TEST(RespParserTest, InlineArgvLivesInParserStorage) {
  RespLimits limits;
  RespParser parser(&limits);
  std::string buf = "GET \"k\\x41\"\r\n";
  ASSERT_EQ(parser.Parse(buf), Result::kCommand);
  EXPECT_TRUE(parser.argv_in_parser_storage());
  buf.assign(buf.size(), '#');  // the input may go away: the arguments do not point into it
  EXPECT_EQ(Copy(parser.argv()), (Argv{"GET", "kA"}));
  ASSERT_EQ(parser.Parse("\r\n"), Result::kCommand);
  EXPECT_FALSE(parser.argv_in_parser_storage());
}

TEST(RespParserTest, InlineNulHidesTheLineEndLikeRedisStrchr) {
  RespLimits limits;
  limits.max_inline_len = 16;
  RespParser parser(&limits);
  std::string buf("PI\0NG\r\n", 7);
  EXPECT_EQ(parser.Parse(buf), Result::kNeedMore);
  buf += std::string(10, 'x');
  EXPECT_EQ(parser.Parse(buf), Result::kError);
  EXPECT_EQ(parser.error(), "Protocol error: too big inline request");
  // The same far into a long line, and when the NUL arrives in a later read than the line's start.
  RespLimits wide;
  std::string late = "ECHO " + std::string(100, 'a');
  RespParser second(&wide);
  EXPECT_EQ(second.Parse(late), Result::kNeedMore);
  late += std::string("b\0c\r\n", 5);
  EXPECT_EQ(second.Parse(late), Result::kNeedMore);
  late += "PING\r\n";
  EXPECT_EQ(second.Parse(late), Result::kNeedMore);
  std::string far = "ECHO " + std::string(100, 'a') + std::string("\0\r\n", 3);
  EXPECT_EQ(ParseOnce(far).result, Result::kNeedMore);
}

// ---- Errors, with Redis's exact strings --------------------------------------------------------------------

TEST(RespParserTest, InvalidMultibulkLength) {
  for (std::string_view in : {"*abc\r\n", "*+3\r\n", "*03\r\n", "*-0\r\n", "*\r\n", "*3 \r\n", "*1.5\r\n",
                              "*99999999999999999999\r\n", "*-\r\n", "*00\r\n", "*3000000000\r\n"}) {
    EXPECT_EQ(ErrorOf(in), "Protocol error: invalid multibulk length") << in;
  }
  // The error is reported as soon as the line is whole, before any argument.
  EXPECT_EQ(FeedInChunks("*x\r\n$3\r\nGET\r\n", 1).error, "Protocol error: invalid multibulk length");
}

TEST(RespParserTest, MultibulkCountLimit) {
  RespLimits limits;
  limits.max_multibulk_len = 10;
  EXPECT_EQ(ParseOnce("*10\r\n", limits).result, Result::kNeedMore);
  EXPECT_EQ(ErrorOf("*11\r\n", limits), "Protocol error: invalid multibulk length");
}

TEST(RespParserTest, TooBigMbulkCountString) {
  RespLimits limits;
  std::string in = "*" + std::string(64 * 1024 - 1, '1');  // exactly the limit: still waiting
  EXPECT_EQ(ParseOnce(in, limits).result, Result::kNeedMore);
  in.push_back('1');
  EXPECT_EQ(ErrorOf(in, limits), "Protocol error: too big mbulk count string");
  // Fed in pieces, the error comes once the pending bytes pass the limit.
  EXPECT_EQ(FeedInChunks(in, 4096).error, "Protocol error: too big mbulk count string");
}

TEST(RespParserTest, ExpectedDollar) {
  // Redis's own test: the fourth element of "*3" is not a bulk.
  EXPECT_EQ(FeedAll("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n").error, "Protocol error: expected '$', got 'f'");
  EXPECT_EQ(ErrorOf("*1\r\n:5\r\n"), "Protocol error: expected '$', got ':'");
  // The header's own CR: the message carries the raw byte (the reply builder turns it into a space).
  EXPECT_EQ(ErrorOf("*1\r\n\r\n"), "Protocol error: expected '$', got '\r'");
  // Reported only once the line's CRLF is there, as Redis does.
  EXPECT_EQ(ParseOnce("*1\r\nfoo").result, Result::kNeedMore);
}

TEST(RespParserTest, InvalidBulkLength) {
  for (std::string_view len : {"-1", "-10", "abc", "+1", "01", "-0", "", "1 ", "2000000000",
                               "99999999999999999999"}) {
    std::string in = "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$" + S(len) + "\r\n";
    EXPECT_EQ(FeedAll(in).error, "Protocol error: invalid bulk length") << len;
  }
}

TEST(RespParserTest, BulkLengthLimit) {
  RespLimits limits;
  limits.max_bulk_len = 10;
  EXPECT_EQ(ParseOnce("*1\r\n$10\r\n", limits).result, Result::kNeedMore);
  EXPECT_EQ(ErrorOf("*1\r\n$11\r\n", limits), "Protocol error: invalid bulk length");
}

TEST(RespParserTest, TooBigBulkCountString) {
  std::string in = "*1\r\n$" + std::string(64 * 1024 - 1, '1');  // 64 KB pending from the '$': waiting
  EXPECT_EQ(ParseOnce(in).result, Result::kNeedMore);
  in.push_back('1');
  EXPECT_EQ(ErrorOf(in), "Protocol error: too big bulk count string");
  // The limit counts from the header's '$', not from the command's start.
  RespLimits limits;
  limits.max_inline_len = 8;
  EXPECT_EQ(ParseOnce("*2\r\n$3\r\nGET\r\n$1234567", limits).result, Result::kNeedMore);
  EXPECT_EQ(ErrorOf("*2\r\n$3\r\nGET\r\n$12345678", limits), "Protocol error: too big bulk count string");
  // A NUL hides the CR from Redis's strchr(): the header is then "too big" once the limit passes.
  std::string nul("*1\r\n$1\0\r\nx\r\n", 12);
  EXPECT_EQ(ParseOnce(nul, limits).result, Result::kNeedMore);
  EXPECT_EQ(ErrorOf(nul + "zz", limits), "Protocol error: too big bulk count string");
}

TEST(RespParserTest, TooBigInlineRequest) {
  RespLimits limits;
  std::string in(64 * 1024, 'a');
  EXPECT_EQ(ParseOnce(in, limits).result, Result::kNeedMore);
  in.push_back('a');
  EXPECT_EQ(ErrorOf(in, limits), "Protocol error: too big inline request");
  EXPECT_EQ(FeedInChunks(in, 1000).error, "Protocol error: too big inline request");
  // As in Redis the limit applies only while the newline is missing: a longer line that arrives whole parses.
  One whole = ParseOnce("ECHO " + std::string(70000, 'b') + "\n", limits);
  EXPECT_EQ(whole.result, Result::kCommand);
  ASSERT_EQ(whole.argv.size(), 2u);
  EXPECT_EQ(whole.argv[1].size(), 70000u);
}

TEST(RespParserTest, InlineLimitIsConfigurable) {
  RespLimits limits;
  limits.max_inline_len = 10;
  EXPECT_EQ(ParseOnce("0123456789", limits).result, Result::kNeedMore);
  EXPECT_EQ(ErrorOf("0123456789X", limits), "Protocol error: too big inline request");
}

TEST(RespParserTest, UnbalancedQuotes) {
  for (std::string_view in : {"SET \"foo\n", "SET 'foo\n", "SET \"foo\"bar\n", "SET 'foo'bar\n",
                              "SET \"foo\\\"\n", "SET \"foo\\\n", "ECHO \"a\"\"b\"\n"}) {
    EXPECT_EQ(ErrorOf(in), "Protocol error: unbalanced quotes in request") << in;
  }
  // A closing quote followed by a blank other than space is fine.
  EXPECT_EQ(ParseOnce("ECHO \"a\"\tb\r\n").argv, (Argv{"ECHO", "a", "b"}));
}

TEST(RespParserTest, ParsesAgainAfterResetFollowingAnError) {
  RespLimits limits;
  RespParser parser(&limits);
  EXPECT_EQ(parser.Parse("*x\r\n"), Result::kError);
  parser.Reset();
  EXPECT_TRUE(parser.error().empty());
  ASSERT_EQ(parser.Parse("*1\r\n$4\r\nPING\r\n"), Result::kCommand);
  EXPECT_EQ(Copy(parser.argv()), (Argv{"PING"}));
}

}  // namespace
}  // namespace ringkv::io
