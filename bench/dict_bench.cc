// Microbenchmarks of ds::Dict against a plain absl::flat_hash_map<std::string, Node*>, 1M keys of 16 bytes:
// lookups (hit and miss), building the table by inserts (mean and worst single insert), one growth step
// (a segment split, on cold nodes in a 1M-key table), one SCAN call, and Random. Dict variants with
// S = 768, 1536 (the default) and 3072 entries per segment show what S trades: split and SCAN cost grow with
// S, the directory shrinks.
//
// Run (Release build; pin to one core, the other machine core stays free):
//   cmake -S . -B build-dict -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-dict dict_bench
//   taskset -c 1 build-dict/dict_bench                               # everything, ~1-2 minutes
//   taskset -c 1 build-dict/dict_bench --benchmark_filter='Scan|Split'
// Worst-case insert latencies are counters (max_insert_us) on the *InsertLatency rows.
#include "ds/dict.h"

#include <absl/container/flat_hash_map.h>
#include <absl/random/random.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::ds {
namespace {

constexpr size_t kKeys = 1'000'000;

// One heap object per entry with the key bytes inline, like the keyspace's real entries.
struct BenchNode {
  uint32_t len;
  char key[20];
  uint64_t value;
};

template <size_t S>
struct BenchTraits {
  static constexpr size_t kSegmentMaxEntries = S;
  static std::string_view Key(const BenchNode* n) { return {n->key, n->len}; }
  static uint64_t Hash(std::string_view key) { return DefaultHash(key); }
};

std::string MakeKey(const char* prefix, size_t i) {
  char buf[32];
  const int n = std::snprintf(buf, sizeof(buf), "%s%012zu", prefix, i);  // "key:" + 12 digits = 16 bytes
  return std::string(buf, static_cast<size_t>(n));
}

BenchNode* MakeNode(const std::string& key) {
  auto* node = new BenchNode;
  node->len = static_cast<uint32_t>(key.size());
  std::memcpy(node->key, key.data(), key.size());
  node->value = key.size();
  return node;
}

// Keys, a shuffled lookup order, and the nodes: shared by every benchmark.
struct Corpus {
  std::vector<std::string> keys;
  std::vector<std::string> missing;
  std::vector<std::string> extra;  // inserted by the split benchmark
  std::vector<uint32_t> order;
  std::vector<BenchNode*> nodes;

  Corpus() {
    absl::BitGen rng;
    for (size_t i = 0; i < kKeys; ++i) {
      keys.push_back(MakeKey("key:", i * 2654435761u % 1000000007u));
      missing.push_back(MakeKey("nos:", i));
      nodes.push_back(MakeNode(keys.back()));
    }
    for (size_t i = 0; i < 2 * kKeys; ++i) extra.push_back(MakeKey("ext:", i));
    order.resize(kKeys);
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), rng);
  }
};
Corpus& TheCorpus() {
  static Corpus* corpus = new Corpus;
  return *corpus;
}

template <size_t S>
using BenchDict = Dict<BenchNode, BenchTraits<S>>;

// A 1M-key Dict per S, built once.
template <size_t S>
BenchDict<S>& FullDict() {
  static BenchDict<S>* dict = [] {
    auto* d = new BenchDict<S>;
    for (BenchNode* n : TheCorpus().nodes) d->Insert(n);
    return d;
  }();
  return *dict;
}

// Debian's abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), so the map's
// heterogeneous lookups take absl::string_view.
using Map = absl::flat_hash_map<std::string, BenchNode*>;
Map& FullMap() {
  static Map* map = [] {
    auto* m = new Map;
    for (size_t i = 0; i < kKeys; ++i) m->emplace(TheCorpus().keys[i], TheCorpus().nodes[i]);
    return m;
  }();
  return *map;
}

template <size_t S>
void BM_DictFindHit(benchmark::State& state) {
  auto& dict = FullDict<S>();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dict.Find(c.keys[c.order[i]]));
    if (++i == kKeys) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["table_bytes_per_key"] = static_cast<double>(dict.MemoryBytes()) / kKeys;
  state.counters["segments"] = static_cast<double>(dict.segment_count());
  state.counters["directory"] = static_cast<double>(dict.directory_size());
}

void BM_MapFindHit(benchmark::State& state) {
  auto& map = FullMap();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    auto it = map.find(absl::string_view(c.keys[c.order[i]]));
    benchmark::DoNotOptimize(it);
    if (++i == kKeys) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  // Slots only: the map also holds each 16-byte key in its own heap block (libstdc++'s SSO stops at 15).
  state.counters["table_bytes_per_key"] =
      static_cast<double>(map.capacity() * (sizeof(Map::value_type) + 1)) / kKeys;
}

template <size_t S>
void BM_DictFindMiss(benchmark::State& state) {
  auto& dict = FullDict<S>();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dict.Find(c.missing[c.order[i]]));
    if (++i == kKeys) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_MapFindMiss(benchmark::State& state) {
  auto& map = FullMap();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    auto it = map.find(absl::string_view(c.missing[c.order[i]]));
    benchmark::DoNotOptimize(it);
    if (++i == kKeys) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// Building a 1M-key table from empty, by single inserts (no reserve): mean cost per insert.
template <size_t S>
void BM_DictInsert(benchmark::State& state) {
  auto& c = TheCorpus();
  for (auto _ : state) {
    BenchDict<S> dict;
    for (BenchNode* n : c.nodes) dict.Insert(n);
    benchmark::DoNotOptimize(dict.size());
    state.PauseTiming();
    dict.Clear([](BenchNode*) {});
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

void BM_MapInsert(benchmark::State& state) {
  auto& c = TheCorpus();
  for (auto _ : state) {
    Map map;
    for (size_t i = 0; i < kKeys; ++i) map.emplace(c.keys[i], c.nodes[i]);
    benchmark::DoNotOptimize(map.size());
    state.PauseTiming();
    map = Map();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

// The stall a server would see: the slowest single insert while building 1M keys (each insert timed).
template <class Table, class InsertFn>
void InsertLatency(benchmark::State& state, InsertFn insert) {
  double max_us = 0;
  double slow_inserts = 0;  // inserts over 50 us
  for (auto _ : state) {
    Table table;
    for (size_t i = 0; i < kKeys; ++i) {
      const auto start = std::chrono::steady_clock::now();
      insert(table, i);
      const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
      max_us = std::max(max_us, us);
      slow_inserts += us > 50;
    }
    benchmark::DoNotOptimize(table.size());
    state.PauseTiming();
    table = Table();
    state.ResumeTiming();
  }
  state.counters["max_insert_us"] = max_us;
  state.counters["inserts_over_50us"] = slow_inserts / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * kKeys);
}
template <size_t S>
void BM_DictInsertLatency(benchmark::State& state) {
  InsertLatency<BenchDict<S>>(state, [](BenchDict<S>& d, size_t i) { d.Insert(TheCorpus().nodes[i]); });
  // ~Dict leaves nodes alone: nothing to free.
}
void BM_MapInsertLatency(benchmark::State& state) {
  InsertLatency<Map>(state, [](Map& m, size_t i) { m.emplace(TheCorpus().keys[i], TheCorpus().nodes[i]); });
}

// One growth step: inserts new keys into a 1M-key Dict and times only the inserts that split a segment
// (manual time). The nodes are cold, as in a real keyspace, so this includes the cache misses of hashing
// S keys. The keys are removed again afterwards so the shared table is unchanged.
template <size_t S>
void BM_DictSplit(benchmark::State& state) {
  auto& dict = FullDict<S>();
  auto& c = TheCorpus();
  std::vector<BenchNode*> added;
  size_t next = 0;
  size_t moved_max = 0;
  for (auto _ : state) {
    for (;;) {
      BenchNode* n = MakeNode(c.extra[next++ % c.extra.size()]);
      const uint64_t splits = dict.stats().splits;
      const auto start = std::chrono::steady_clock::now();
      const bool inserted = dict.Insert(n);
      const auto end = std::chrono::steady_clock::now();
      if (!inserted) {
        delete n;
        continue;
      }
      added.push_back(n);
      if (dict.stats().splits != splits) {
        state.SetIterationTime(std::chrono::duration<double>(end - start).count());
        break;
      }
    }
  }
  moved_max = dict.stats().largest_step_moves;
  state.counters["largest_step_moves"] = static_cast<double>(moved_max);
  state.counters["keys_added"] = static_cast<double>(added.size());
  for (BenchNode* n : added) delete dict.Extract(std::string_view(n->key, n->len));
}

// One SCAN call with COUNT = range(0), the cursor carried from call to call through full scans.
template <size_t S>
void BM_DictScan(benchmark::State& state) {
  auto& dict = FullDict<S>();
  const size_t count = static_cast<size_t>(state.range(0));
  uint64_t cursor = 0;
  size_t returned = 0;
  for (auto _ : state) {
    cursor = dict.Scan(cursor, count, [&](BenchNode* n) {
      benchmark::DoNotOptimize(n);
      ++returned;
    });
  }
  state.SetItemsProcessed(static_cast<int64_t>(returned));
  // What a full SCAN of the 1M keys costs at this COUNT, in CPU seconds (extrapolated from the mean call).
  // (kIsRate divides by the elapsed time, kInvert turns that into elapsed / (share of the keys returned).)
  state.counters["full_scan_s"] = benchmark::Counter(static_cast<double>(returned) / kKeys,
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

template <size_t S>
void BM_DictRandom(benchmark::State& state) {
  auto& dict = FullDict<S>();
  absl::BitGen rng;
  for (auto _ : state) benchmark::DoNotOptimize(dict.Random(rng));
  state.SetItemsProcessed(state.iterations());
}

template <size_t S>
void BM_DictSampleSome5(benchmark::State& state) {
  auto& dict = FullDict<S>();
  absl::BitGen rng;
  for (auto _ : state) dict.SampleSome(rng, 5, [](BenchNode* n) { benchmark::DoNotOptimize(n); });
  state.SetItemsProcessed(state.iterations() * 5);
}

#define RINGKV_DICT_BENCH_S(S)                                                            \
  BENCHMARK_TEMPLATE(BM_DictFindHit, S);                                                  \
  BENCHMARK_TEMPLATE(BM_DictFindMiss, S);                                                 \
  BENCHMARK_TEMPLATE(BM_DictInsert, S)->Unit(benchmark::kMillisecond)->Iterations(3);     \
  BENCHMARK_TEMPLATE(BM_DictInsertLatency, S)->Unit(benchmark::kMillisecond)->Iterations(2); \
  BENCHMARK_TEMPLATE(BM_DictSplit, S)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(1000); \
  BENCHMARK_TEMPLATE(BM_DictScan, S)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond); \
  BENCHMARK_TEMPLATE(BM_DictRandom, S);                                                   \
  BENCHMARK_TEMPLATE(BM_DictSampleSome5, S)

RINGKV_DICT_BENCH_S(768);
RINGKV_DICT_BENCH_S(1536);
RINGKV_DICT_BENCH_S(3072);
BENCHMARK(BM_MapFindHit);
BENCHMARK(BM_MapFindMiss);
BENCHMARK(BM_MapInsert)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MapInsertLatency)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace ringkv::ds
