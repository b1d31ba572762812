// Microbenchmarks of ds::Intset's hot operations (SADD, SISMEMBER, SREM, SRANDMEMBER/SPOP on an intset):
// building sets of 16..512 small or wide members in ascending and random order, 100 or 512 ids clustered
// above 1e8 ascending and descending (every Add a rebase), a lookup hit and miss, a remove-and-re-add pair,
// Random, and one widening step of the offsets from 2 to 8 bytes.
//
// Run (Release build; pin to one core):  taskset -c 1 build/intset_bench
//
// Measured (2-core AMD EPYC VM, shared with builds; CPU time), 2026-12-03, frame-of-reference layout (the
// Redis-layout figures of the same bench before it in parentheses):
//   build 512 ascending small       ~5.2 us  (~5 us: the append fast path, realloc in place)
//   build 512 random small          ~7.4 us  (~8 us: binary search + memmove of half the set)
//   build 512 clustered, descending ~15 us   (each Add below the base: memmove + a vectorized offset add)
//   Contains hit / miss, 512        ~6 / ~7-14 ns (~7 / ~32 ns)
//   Remove + Add, 512               ~30-50 ns (~48 ns)
//   Random                          ~6 ns    (~6 ns)
//   widen 512 offsets 2 -> 8 bytes  ~1.8 us  (~1.9 us)
#include "ds/intset.h"

#include <absl/random/random.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace ringkv::ds {
namespace {

std::vector<int64_t> Values(size_t n, bool wide, bool shuffled) {
  std::vector<int64_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = wide ? static_cast<int64_t>(i) * 100000000000LL : static_cast<int64_t>(i) * 3;
  if (shuffled) std::shuffle(v.begin(), v.end(), std::mt19937_64(42));
  return v;
}

Intset* Build(const std::vector<int64_t>& values) {
  Intset* is = Intset::New();
  for (int64_t x : values) is = Intset::Add(is, x, nullptr);
  return is;
}

void BM_Build(benchmark::State& state) {
  const auto values = Values(static_cast<size_t>(state.range(0)), state.range(1) != 0, state.range(2) != 0);
  for (auto _ : state) {
    Intset* is = Build(values);
    benchmark::DoNotOptimize(is);
    Intset::Free(is);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Build)->ArgNames({"n", "wide", "random"})->ArgsProduct({{16, 128, 512}, {0, 1}, {0, 1}});

// Ids clustered above a large base (perf/memory.py's sets: 1e8 + j), ascending (appends) or descending (every
// Add is below the base: a rebase pass over the offsets).
void BM_BuildClustered(benchmark::State& state) {
  const auto n = static_cast<int64_t>(state.range(0));
  std::vector<int64_t> values;
  for (int64_t j = 0; j < n; ++j) values.push_back(100000000 + (state.range(1) != 0 ? n - 1 - j : j));
  for (auto _ : state) {
    Intset* is = Build(values);
    benchmark::DoNotOptimize(is);
    Intset::Free(is);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BuildClustered)->ArgNames({"n", "descending"})->ArgsProduct({{100, 512}, {0, 1}});

void BM_ContainsHit(benchmark::State& state) {
  const auto values = Values(static_cast<size_t>(state.range(0)), false, true);
  Intset* is = Build(values);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(is->Contains(values[i]));
    if (++i == values.size()) i = 0;
  }
  Intset::Free(is);
}
BENCHMARK(BM_ContainsHit)->Arg(16)->Arg(100)->Arg(512);

void BM_ContainsMiss(benchmark::State& state) {
  const auto values = Values(static_cast<size_t>(state.range(0)), false, true);
  Intset* is = Build(values);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(is->Contains(values[i] + 1));  // members are multiples of 3
    if (++i == values.size()) i = 0;
  }
  Intset::Free(is);
}
BENCHMARK(BM_ContainsMiss)->Arg(16)->Arg(100)->Arg(512);

void BM_RemoveAdd(benchmark::State& state) {
  const auto values = Values(static_cast<size_t>(state.range(0)), false, true);
  Intset* is = Build(values);
  size_t i = 0;
  for (auto _ : state) {
    is = Intset::Remove(is, values[i], nullptr);
    is = Intset::Add(is, values[i], nullptr);
    if (++i == values.size()) i = 0;
  }
  Intset::Free(is);
}
BENCHMARK(BM_RemoveAdd)->Arg(16)->Arg(100)->Arg(512);

void BM_Random(benchmark::State& state) {
  Intset* is = Build(Values(512, false, false));
  absl::BitGen rng;
  for (auto _ : state) benchmark::DoNotOptimize(is->Random(rng));
  Intset::Free(is);
}
BENCHMARK(BM_Random);

void BM_Widen(benchmark::State& state) {
  Intset* base = Build(Values(512, false, false));
  for (auto _ : state) {
    state.PauseTiming();
    Intset* is = Intset::Copy(base);
    state.ResumeTiming();
    is = Intset::Add(is, int64_t{1} << 40, nullptr);
    benchmark::DoNotOptimize(is);
    Intset::Free(is);
  }
  Intset::Free(base);
}
BENCHMARK(BM_Widen);

}  // namespace
}  // namespace ringkv::ds
