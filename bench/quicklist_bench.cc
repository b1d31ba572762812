// Microbenchmarks of ds::Quicklist's hot operations at Redis's default fill (-2: 8 KB nodes): push and pop at
// either end (LPUSH/RPUSH/LPOP/RPOP), a push-pop queue, LINDEX in the middle of a long list, LRANGE-style reads
// (forward and backward), LSET, LINSERT in the middle (node splits and merges), and the same reads over
// compressed inner nodes (list-compress-depth 1), where each node read is decoded into the reader's buffer.
//
// Run (Release build; pin to one core):
//   ninja -C build quicklist_bench && taskset -c 1 build/quicklist_bench
//
// Measured (2-core VM shared with other builds, load ~4, mimalloc, CPU-time column, 2026-12-03):
//   RPUSH / LPUSH of a 17-byte string     ~69 / ~112 ns per element (a prepend moves the head node's bytes)
//   RPUSH + LPOP (a queue of 1000)        ~200 ns per pair
//   LINDEX middle of 100k / 1M            ~0.5 / ~4.5 us (node walk from the nearer end, then one seek)
//   ... over compressed nodes (depth 1)   ~7.6 us on 100k (the node is decoded into the reader's buffer)
//   100 elements forward / backward       ~1.6 / ~2.0 us; ~8.5 us over compressed nodes
//   LSET middle of 100k                   ~0.5 us; LINSERT middle (fill and split) ~1.9 us
#include "ds/quicklist.h"

#include <benchmark/benchmark.h>

#include <string>

namespace ringkv::ds {
namespace {

std::string Elem(int64_t i) { return "element:" + std::to_string(100000000 + i); }  // 17 bytes

Quicklist Filled(int64_t n, int compress = 0) {
  Quicklist ql(-2, compress);
  for (int64_t i = 0; i < n; ++i) ql.Push(Quicklist::End::kTail, Elem(i));
  return ql;
}

void BM_PushTail(benchmark::State& state) {
  const std::string s = Elem(1);
  for (auto _ : state) {
    Quicklist ql(-2, 0);
    for (int i = 0; i < 10000; ++i) ql.Push(Quicklist::End::kTail, s);
    benchmark::DoNotOptimize(ql.size());
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_PushTail);

void BM_PushHead(benchmark::State& state) {
  const std::string s = Elem(1);
  for (auto _ : state) {
    Quicklist ql(-2, 0);
    for (int i = 0; i < 10000; ++i) ql.Push(Quicklist::End::kHead, s);
    benchmark::DoNotOptimize(ql.size());
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_PushHead);

void BM_Queue(benchmark::State& state) {
  Quicklist ql = Filled(1000);
  const std::string s = Elem(2);
  for (auto _ : state) {
    ql.Push(Quicklist::End::kTail, s);
    benchmark::DoNotOptimize(ql.Peek(Quicklist::End::kHead).str.size());
    ql.Pop(Quicklist::End::kHead);
  }
}
BENCHMARK(BM_Queue);

void BM_IndexMiddle(benchmark::State& state) {
  const int64_t n = state.range(0);
  Quicklist ql = Filled(n, static_cast<int>(state.range(1)));
  Quicklist::Elem e;
  for (auto _ : state) {
    Quicklist::Reader r(ql, n / 2, true);
    r.Next(&e);
    benchmark::DoNotOptimize(e.str.data());
  }
}
BENCHMARK(BM_IndexMiddle)->Args({100000, 0})->Args({1000000, 0})->Args({100000, 1});

void BM_Range100(benchmark::State& state) {
  Quicklist ql = Filled(100000, static_cast<int>(state.range(1)));
  const bool forward = state.range(0) != 0;
  Quicklist::Elem e;
  for (auto _ : state) {
    Quicklist::Reader r(ql, forward ? 50000 : 50099, forward);
    size_t bytes = 0;
    for (int i = 0; i < 100 && r.Next(&e); ++i) bytes += e.str.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_Range100)->Args({1, 0})->Args({0, 0})->Args({1, 1});

void BM_ReplaceMiddle(benchmark::State& state) {
  Quicklist ql = Filled(100000);
  const std::string s = Elem(7);
  for (auto _ : state) ql.Replace(50000, s);
}
BENCHMARK(BM_ReplaceMiddle);

void BM_InsertMiddle(benchmark::State& state) {
  Quicklist ql = Filled(100000);
  const std::string s = Elem(9);
  Quicklist::Elem e;
  for (auto _ : state) {
    Quicklist::Cursor c(ql, static_cast<int64_t>(ql.size() / 2), true);
    c.Next(&e);
    c.Insert(s, true);
  }
}
BENCHMARK(BM_InsertMiddle);

}  // namespace
}  // namespace ringkv::ds
