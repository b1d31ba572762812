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
//
// Measured (2-core AMD EPYC VM, shared with other builds: CPU-time column; 1M keys of 16 bytes):
//                         Dict S=768   S=1536   S=3072   one flat_hash_set  flat_hash_map<string>
//   Find hit              248 ns       260 ns   269 ns   225 ns             518 ns
//   Find miss             167 ns       177 ns   172 ns   163 ns             394 ns
//   Insert (build 1M)     150 ms       169 ms   166 ms   285 ms             460 ms
//   slowest single insert 0.13 ms      0.35 ms  0.53 ms  98 ms (rehash)     135 ms (rehash)
//   one split (cold)      48 us        89 us    167 us   -                  -
//   Scan COUNT 10         0.73 us      0.92 us  1.26 us  (full scan of 1M at COUNT 10: 0.07/0.09/0.13 s)
//   Scan COUNT 10, 100 writes between calls
//                         2.2 us       3.9 us   7.8 us   (sorted-run cache hit ratio 88/83/73%)
//   Scan COUNT 1000       53 us        72 us    84 us
//   Random                111 ns       120 ns   125 ns   (random slots of one table: cache misses, not S;
//                                                         a walk to a random position cost 1.2/2.2/4.0 us)
//   table bytes per key   19.0         19.0     18.9     18.9               86 (slots only)
// The Dict pays ~10-15% on lookups for the directory and the segment header (one more dependent load), and
// never stalls: its slowest insert is a split (or a page fault), where one table's is a full rehash.
#include "ds/dict.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/random/random.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include <time.h>

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

// CPU time of this thread: the machine is shared, so wall-clock timing of one insert would also count the
// time slices other processes took in the middle of it.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

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

// The same nodes in one plain SwissTable (no directory, no segments): what the Dict's layering costs.
struct NodeHash {
  using is_transparent = void;
  size_t operator()(const BenchNode* n) const { return DefaultHash({n->key, n->len}); }
  size_t operator()(std::string_view k) const { return DefaultHash(k); }
};
struct NodeEq {
  using is_transparent = void;
  bool operator()(const BenchNode* a, const BenchNode* b) const { return a == b; }
  bool operator()(const BenchNode* a, std::string_view b) const { return std::string_view(a->key, a->len) == b; }
  bool operator()(std::string_view a, const BenchNode* b) const { return a == std::string_view(b->key, b->len); }
};
using FlatSet = absl::flat_hash_set<BenchNode*, NodeHash, NodeEq>;
FlatSet& FullFlatSet() {
  static FlatSet* set = [] {
    auto* s = new FlatSet;
    for (BenchNode* n : TheCorpus().nodes) s->insert(n);
    return s;
  }();
  return *set;
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

void BM_FlatSetFindHit(benchmark::State& state) {
  auto& set = FullFlatSet();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    auto it = set.find(std::string_view(c.keys[c.order[i]]));
    benchmark::DoNotOptimize(it);
    if (++i == kKeys) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["table_bytes_per_key"] = static_cast<double>(set.capacity() * 9) / kKeys;
}

void BM_FlatSetFindMiss(benchmark::State& state) {
  auto& set = FullFlatSet();
  auto& c = TheCorpus();
  size_t i = 0;
  for (auto _ : state) {
    auto it = set.find(std::string_view(c.missing[c.order[i]]));
    benchmark::DoNotOptimize(it);
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

void BM_FlatSetInsert(benchmark::State& state) {
  auto& c = TheCorpus();
  for (auto _ : state) {
    FlatSet set;
    for (BenchNode* n : c.nodes) set.insert(n);
    benchmark::DoNotOptimize(set.size());
    state.PauseTiming();
    set = FlatSet();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

// The stall a server would see: the slowest single insert while building 1M keys (each insert timed in
// thread CPU time; the timer adds ~0.3 us to every insert of these rows).
template <class Table, class InsertFn>
void InsertLatency(benchmark::State& state, InsertFn insert) {
  TheCorpus();  // built on first use: not inside a timed insert
  double max_us = 0;
  double slow_inserts = 0;  // inserts over 50 us
  for (auto _ : state) {
    Table table;
    for (size_t i = 0; i < kKeys; ++i) {
      const double start = ThreadCpuSeconds();
      insert(table, i);
      const double us = (ThreadCpuSeconds() - start) * 1e6;
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
void BM_FlatSetInsertLatency(benchmark::State& state) {
  InsertLatency<FlatSet>(state, [](FlatSet& s, size_t i) { s.insert(TheCorpus().nodes[i]); });
}

// One growth step: inserts new keys into a 1M-key Dict and times (thread CPU time, reported as manual time)
// only the inserts that split a segment. The nodes are cold, as in a real keyspace, so this includes the
// cache misses of hashing S keys. With a uniform hash all segments fill at about the same rate, so splits
// come in waves (the first one after the table grows by about (S - 1M/segments) per segment); 200 splits
// stay inside the first wave for every S here. The keys are removed again afterwards.
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
      const double start = ThreadCpuSeconds();
      const bool inserted = dict.Insert(n);
      const double end = ThreadCpuSeconds();
      if (!inserted) {
        delete n;
        continue;
      }
      added.push_back(n);
      if (dict.stats().splits != splits) {
        state.SetIterationTime(end - start);
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

// SCAN COUNT 10 while the table is written: range(0) inserts and as many deletes (random segments) between
// two calls, so some calls find their cached run invalidated. Only the Scan calls are timed (CPU time).
template <size_t S>
void BM_DictScanWithWrites(benchmark::State& state) {
  auto& dict = FullDict<S>();
  auto& c = TheCorpus();
  const size_t writes = static_cast<size_t>(state.range(0));
  std::vector<BenchNode*> added;
  size_t next = 0;
  uint64_t cursor = 0;
  const uint64_t misses_before = dict.scan_cache_misses();
  const uint64_t hits_before = dict.scan_cache_hits();
  for (auto _ : state) {
    const double start = ThreadCpuSeconds();
    cursor = dict.Scan(cursor, 10, [](BenchNode* n) { benchmark::DoNotOptimize(n); });
    state.SetIterationTime(ThreadCpuSeconds() - start);
    for (size_t w = 0; w < writes; ++w) {
      BenchNode* n = MakeNode(c.extra[next++ % c.extra.size()]);
      if (dict.Insert(n)) {
        added.push_back(n);
      } else {
        delete n;
      }
      if (added.size() > 1000) {
        const size_t victim = next % added.size();
        delete dict.Extract(std::string_view(added[victim]->key, added[victim]->len));
        added[victim] = added.back();
        added.pop_back();
      }
    }
  }
  const double misses = static_cast<double>(dict.scan_cache_misses() - misses_before);
  const double hits = static_cast<double>(dict.scan_cache_hits() - hits_before);
  state.counters["cache_hit_ratio"] = hits / (hits + misses);
  for (BenchNode* n : added) delete dict.Extract(std::string_view(n->key, n->len));
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
  BENCHMARK_TEMPLATE(BM_DictSplit, S)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(200); \
  BENCHMARK_TEMPLATE(BM_DictScan, S)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond); \
  BENCHMARK_TEMPLATE(BM_DictScanWithWrites, S)->Arg(10)->Arg(100)->UseManualTime()->Unit(benchmark::kMicrosecond); \
  BENCHMARK_TEMPLATE(BM_DictRandom, S);                                                   \
  BENCHMARK_TEMPLATE(BM_DictSampleSome5, S)

RINGKV_DICT_BENCH_S(768);
RINGKV_DICT_BENCH_S(1536);
RINGKV_DICT_BENCH_S(3072);
BENCHMARK(BM_MapFindHit);
BENCHMARK(BM_MapFindMiss);
BENCHMARK(BM_MapInsert)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MapInsertLatency)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_FlatSetFindHit);
BENCHMARK(BM_FlatSetFindMiss);
BENCHMARK(BM_FlatSetInsert)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_FlatSetInsertLatency)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace ringkv::ds
