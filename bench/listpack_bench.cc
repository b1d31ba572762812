// Microbenchmarks of ds::Listpack's hot operations, at the sizes the types use: a small hash or sorted set (16
// and 128 field/value pairs; 512 pairs is hash-max-listpack-entries), and a list's quicklist node (~8 KB,
// list-max-listpack-size -2). Append (RPUSH into a node, HSET of a new field as one batch), Prepend and
// Delete at the head (LPUSH/LPOP), Seek (LINDEX), Find with a stride (HGET/HSET: hit and miss), iterate
// (HGETALL, LRANGE), and the random picks.
//
// Run (Release build; pin to one core):
//   ninja -C build listpack_bench && taskset -c 1 build/listpack_bench
//
// Measured (2-core VM shared with other builds, load ~5, mimalloc, CPU-time column, 2026-12-03):
//   Append, 16-byte string          ~22 ns per entry (one realloc, in place within mimalloc's size class)
//   Append of an int ("128000")     ~25 ns (StringToInt64 decides the encoding)
//   AppendBatch of a field/value    ~28 ns per pair (one realloc and one memmove for both)
//   Prepend + Delete at the head    ~190 ns on an 8 KB node (two memmoves of the node)
//   Append + Delete at the tail     ~27 ns on an 8 KB node
//   Seek on an 8 KB node (~450)     ~280 ns (from the nearer end: ~2.5 ns per entry stepped)
//   Find field, 16/128/512 pairs    ~43 / ~245 / ~900 ns (hit, half the fields on average); miss on 128: ~440
//   Find + Replace (HSET existing)  ~290 ns on 128 pairs
//   Iterate forward / backward      ~2 / ~3 ns per entry (Get and View included forward)
//   RandomGroups 10 of 128 pairs    ~880 ns with repeats, ~1.4 us unique (one walk, one draw per pair)
//   Validate (deep), 512 pairs      ~3 GB/s
#include "ds/listpack.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

namespace ringkv::ds {
namespace {

std::string Field(int i) { return "field:" + std::to_string(i); }
std::string Value(int i) { return i % 3 == 0 ? std::to_string(i * 7) : "value-" + std::to_string(i); }

Listpack Hash(int pairs) {
  Listpack lp;
  for (int i = 0; i < pairs; ++i) lp.AppendBatch({Field(i), Value(i)});
  return lp;
}

// A list node of about 8 KB: 16-byte elements (18 bytes each as entries), ~450 of them.
Listpack Node(int* entries) {
  Listpack lp;
  int n = 0;
  while (lp.size_bytes() < 8000) lp.Append("element-" + std::to_string(10000000 + n++));
  *entries = n;
  return lp;
}

void BM_AppendString(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::string> values;
  for (int i = 0; i < n; ++i) values.push_back("element-" + std::to_string(10000000 + i));
  for (auto _ : state) {
    Listpack lp;
    for (const auto& v : values) lp.Append(v);
    benchmark::DoNotOptimize(lp.bytes());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AppendString)->Arg(16)->Arg(128)->Arg(450);

void BM_AppendInt(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::string> values;
  for (int i = 0; i < n; ++i) values.push_back(std::to_string(i * 1000));
  for (auto _ : state) {
    Listpack lp;
    for (const auto& v : values) lp.Append(v);
    benchmark::DoNotOptimize(lp.bytes());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AppendInt)->Arg(128);

// HSET of new fields: one batch (one realloc) per pair.
void BM_AppendPair(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::string> fields, values;
  for (int i = 0; i < n; ++i) {
    fields.push_back(Field(i));
    values.push_back(Value(i));
  }
  for (auto _ : state) {
    Listpack lp;
    for (int i = 0; i < n; ++i) lp.AppendBatch({fields[i], values[i]});
    benchmark::DoNotOptimize(lp.bytes());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AppendPair)->Arg(16)->Arg(128)->Arg(512);

// LPUSH + LPOP on a full node: both move the whole node's bytes.
void BM_PrependDeleteHead(benchmark::State& state) {
  int n;
  Listpack lp = Node(&n);
  for (auto _ : state) {
    lp.Prepend("element-00000000");
    benchmark::DoNotOptimize(lp.Delete(lp.First()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PrependDeleteHead);

// RPUSH + RPOP at the tail of a full node: nothing moves.
void BM_AppendDeleteTail(benchmark::State& state) {
  int n;
  Listpack lp = Node(&n);
  for (auto _ : state) {
    lp.Append("element-00000000");
    benchmark::DoNotOptimize(lp.Delete(lp.Last()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AppendDeleteTail);

void BM_Seek(benchmark::State& state) {
  int n;
  const Listpack lp = Node(&n);
  std::mt19937 rng(1);
  std::vector<int64_t> idx(1024);
  for (auto& i : idx) i = static_cast<int64_t>(rng() % n);
  size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(lp.Seek(idx[k++ & 1023]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Seek);

void BM_FindField(benchmark::State& state) {
  const int pairs = static_cast<int>(state.range(0));
  const bool hit = state.range(1) != 0;
  const Listpack lp = Hash(pairs);
  std::mt19937 rng(2);
  std::vector<std::string> keys(1024);
  for (auto& k : keys) k = hit ? Field(static_cast<int>(rng() % pairs)) : "missing:" + std::to_string(rng() % 1000);
  size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(lp.Find(lp.First(), keys[k++ & 1023], 1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindField)->Args({16, 1})->Args({128, 1})->Args({512, 1})->Args({128, 0});

// HSET of an existing field: find it and replace the value (same size: the tail does not move).
void BM_FindReplace(benchmark::State& state) {
  Listpack lp = Hash(128);
  std::mt19937 rng(3);
  std::vector<std::string> keys(1024);
  for (auto& k : keys) k = Field(static_cast<int>(rng() % 128));
  size_t k = 0;
  for (auto _ : state) {
    const Listpack::Pos p = lp.Find(lp.First(), keys[k++ & 1023], 1);
    lp.Replace(lp.Next(p), "value-xyz");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindReplace);

void BM_Iterate(benchmark::State& state) {
  const Listpack lp = Hash(static_cast<int>(state.range(0)));
  char buf[Listpack::kIntBufBytes];
  for (auto _ : state) {
    size_t bytes = 0;
    for (Listpack::Pos p = lp.First(); p != Listpack::kNoPos; p = lp.Next(p)) bytes += lp.Get(p).View(buf).size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_Iterate)->Arg(128)->Arg(512);

void BM_IterateBackward(benchmark::State& state) {
  const Listpack lp = Hash(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    size_t n = 0;
    for (Listpack::Pos p = lp.Last(); p != Listpack::kNoPos; p = lp.Prev(p)) n += lp.Get(p).is_int;
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_IterateBackward)->Arg(128);

void BM_RandomGroups(benchmark::State& state) {
  const Listpack lp = Hash(128);
  std::mt19937_64 rng(4);
  std::vector<Listpack::Entry> keys(10), vals(10);
  const bool unique = state.range(0) != 0;
  for (auto _ : state) {
    if (unique) {
      benchmark::DoNotOptimize(lp.RandomGroupsUnique(rng, 10, 2, keys.data(), vals.data()));
    } else {
      lp.RandomGroups(rng, 10, 2, keys.data(), vals.data());
    }
    benchmark::DoNotOptimize(keys.data());
  }
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(BM_RandomGroups)->Arg(0)->Arg(1);

void BM_Validate(benchmark::State& state) {
  const Listpack lp = Hash(512);
  for (auto _ : state) benchmark::DoNotOptimize(Listpack::Validate(lp.view(), true));
  state.SetBytesProcessed(state.iterations() * lp.size_bytes());
}
BENCHMARK(BM_Validate);

}  // namespace
}  // namespace ringkv::ds
