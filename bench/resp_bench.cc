// Microbenchmarks of the RESP codec: how fast io/resp_parser turns pipelined requests into argv, and how
// fast io/reply_builder writes the commonest replies. Neither touches a socket, so these are the codec's
// own ceiling, to compare against the whole-server numbers under perf/.
//
// Run (Release build, pinned to one core so numbers are stable on the two-core machines here):
//   cmake -S . -B build-resp -G Ninja && ninja -C build-resp resp_bench
//   taskset -c 1 ./build-resp/resp_bench                      # all
//   taskset -c 1 ./build-resp/resp_bench --benchmark_filter=Parse
// "bytes_per_second" is input (parse) or output (reply) throughput; "items_per_second" is commands parsed or
// replies written per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "io/output_buffer.h"
#include "io/reply_builder.h"
#include "io/resp_parser.h"

namespace ringkv::io {
namespace {

std::string BulkArg(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }

std::string Command(const std::vector<std::string>& argv) {
  std::string out = "*" + std::to_string(argv.size()) + "\r\n";
  for (const auto& a : argv) out += BulkArg(a);
  return out;
}

std::string Key(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "key:%04d", i);
  return buf;
}

// What redis-benchmark -P 1000 sends: `SET key:NNNN <16-byte value>` back to back.
std::string SetPipeline(int n) {
  std::string p;
  for (int i = 0; i < n; ++i) p += Command({"SET", Key(i), "value16bytes...."});
  return p;
}

std::string GetPipeline(int n) {
  std::string p;
  for (int i = 0; i < n; ++i) p += Command({"GET", Key(i)});
  return p;
}

// Parses every command in `input` as the connection does after one read: one call per command.
void ParseAll(benchmark::State& state, const std::string& input, int64_t commands) {
  RespLimits limits;
  RespParser parser(&limits);
  for (auto _ : state) {
    std::string_view rest = input;
    int64_t parsed = 0;
    while (parser.Parse(rest) == RespParser::Result::kCommand) {
      benchmark::DoNotOptimize(parser.argv().data());
      rest.remove_prefix(parser.consumed());
      ++parsed;
    }
    if (parsed != commands) state.SkipWithError("pipeline did not parse");
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.SetItemsProcessed(state.iterations() * commands);
}

void BM_ParseSetPipeline(benchmark::State& state) { ParseAll(state, SetPipeline(1000), 1000); }
BENCHMARK(BM_ParseSetPipeline);

void BM_ParseGetPipeline(benchmark::State& state) { ParseAll(state, GetPipeline(1000), 1000); }
BENCHMARK(BM_ParseGetPipeline);

void BM_ParseInlinePipeline(benchmark::State& state) {
  std::string p;
  for (int i = 0; i < 1000; ++i) p += "SET " + Key(i) + " value16bytes....\r\n";
  ParseAll(state, p, 1000);
}
BENCHMARK(BM_ParseInlinePipeline);

// One SET with a 1 MB value, all bytes present: the payload is taken by length, never scanned.
void BM_ParseBigBulk(benchmark::State& state) {
  ParseAll(state, Command({"SET", "big", std::string(1 << 20, 'x')}), 1);
}
BENCHMARK(BM_ParseBigBulk);

// The same 1 MB value arriving in 16 KB reads, the parser called after each: resumption must keep this
// O(total bytes), not O(bytes * reads).
void BM_ParseBigBulkIn16KbReads(benchmark::State& state) {
  const std::string input = Command({"SET", "big", std::string(1 << 20, 'x')});
  RespLimits limits;
  RespParser parser(&limits);
  for (auto _ : state) {
    RespParser::Result r = RespParser::Result::kNeedMore;
    for (size_t have = 16 * 1024; r == RespParser::Result::kNeedMore; have += 16 * 1024) {
      r = parser.Parse(std::string_view(input).substr(0, std::min(have, input.size())));
    }
    if (r != RespParser::Result::kCommand) state.SkipWithError("big bulk did not parse");
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseBigBulkIn16KbReads);

// Writes replies in batches of 1000, then consumes them as a completed send would, so the buffer stays in
// its reused first block as it does on a live connection.
template <typename Fn>
void BuildReplies(benchmark::State& state, Fn reply) {
  OutputBuffer out;
  ReplyBuilder builder(&out);
  int64_t bytes = 0;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) reply(builder, i);
    bytes += static_cast<int64_t>(out.size());
    out.Consume(out.size());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * 1000);
}

void BM_ReplyBulk16(benchmark::State& state) {
  const std::string value = "value16bytes....";
  BuildReplies(state, [&](ReplyBuilder& b, int) { b.Bulk(value); });
}
BENCHMARK(BM_ReplyBulk16);

void BM_ReplyInteger(benchmark::State& state) {
  BuildReplies(state, [](ReplyBuilder& b, int i) { b.Integer(static_cast<int64_t>(i) * 1000003); });
}
BENCHMARK(BM_ReplyInteger);

void BM_ReplyOk(benchmark::State& state) {
  BuildReplies(state, [](ReplyBuilder& b, int) { b.Ok(); });
}
BENCHMARK(BM_ReplyOk);

void BM_ReplyDouble(benchmark::State& state) {
  BuildReplies(state, [](ReplyBuilder& b, int i) { b.Double(i * 0.1); });
}
BENCHMARK(BM_ReplyDouble);

}  // namespace
}  // namespace ringkv::io
