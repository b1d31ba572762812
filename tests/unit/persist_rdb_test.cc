// Tests for the RDB codec (core/rdb/): every type in every encoding goes through the writer and the reader
// and comes back with the same contents, encoding and TTL; expired keys and fields are dropped at load; the
// access bits travel by policy; the file's framing (magic, aux fields, checksum) is Redis's; and truncated
// or altered files are refused without crashing (a small fuzz, meant to run under ASan too).
#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/access_bits.h"
#include "core/config.h"
#include "core/crc64.h"
#include "core/db.h"
#include "core/hash_type.h"
#include "core/list_type.h"
#include "persist/rdb_format.h"
#include "persist/rdb_reader.h"
#include "persist/rdb_writer.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/quicklist.h"
#include "tests/unit/persist_test_values.h"

namespace ringkv::core {
namespace {

std::map<std::string, std::string> Dump(const Db& db) {
  std::map<std::string, std::string> out;
  db.ForEach([&](Entry* e) {
    out[std::string(e->key())] = Render(e->value()) + (e->has_expire() ? " ttl=" + std::to_string(e->expire_at_ms()) : "");
  });
  return out;
}

class RecordingHooks : public persist::rdb::LoadHooks {
 public:
  bool OnFunction(std::string_view code, bool, std::string*) override {
    functions.emplace_back(code);
    return true;
  }
  void OnKey(int db, Entry* e, int64_t lfu, int64_t idle) override {
    keys[std::to_string(db) + ":" + std::string(e->key())] = {lfu, idle};
  }
  std::vector<std::string> functions;
  std::map<std::string, std::pair<int64_t, int64_t>> keys;
};

struct Fixture {
  Config cfg;
  std::vector<std::unique_ptr<Db>> dbs;
  explicit Fixture(int n = 4) {
    RegisterAll();
    for (int i = 0; i < n; ++i) dbs.push_back(std::make_unique<Db>(i, nullptr, nullptr));
  }
  std::vector<Db*> Ptrs() {
    std::vector<Db*> v;
    for (auto& d : dbs) v.push_back(d.get());
    return v;
  }
  std::vector<const Db*> ConstPtrs() {
    std::vector<const Db*> v;
    for (auto& d : dbs) v.push_back(d.get());
    return v;
  }
  void Add(int db, std::string_view key, Value v, int64_t expire = -1) {
    Entry* e = dbs[db]->Add(key, std::move(v), 0, "", expire != -1);
    if (expire != -1) (void)dbs[db]->SetExpire(e, expire);
  }
};

void FillEveryEncoding(Fixture& f) {
  const Config& c = f.cfg;
  f.Add(0, "str:int", Str("12345"));
  f.Add(0, "str:bigint", Str("-9223372036854775808"));
  f.Add(0, "str:embstr", Str("hello"));
  f.Add(0, "str:raw", Str(std::string(300, 'a')));  // LZF-compressed in the file
  f.Add(0, "str:bin", Str(std::string("\x00\xff\x01zz", 5)));
  f.Add(0, "str:ttl", Str("v"), kFarMs);
  f.Add(0, "list:small", List(c, 5, "e"));
  f.Add(0, "list:big", List(c, 2000, "element-"));
  f.Add(0, "set:int", Set(c, 20, true));
  f.Add(0, "set:big", Set(c, 600, true));  // past set-max-intset-entries: hashtable
  f.Add(0, "set:str", Set(c, 10, false));
  f.Add(0, "zset:small", Zset(c, 10));
  f.Add(0, "zset:big", Zset(c, 300));
  f.Add(0, "hash:small", Hash(c, 10));
  f.Add(0, "hash:big", Hash(c, 700));
  f.Add(1, "hfe:small", Hash(c, 6, 2));
  f.Add(1, "hfe:big", Hash(c, 600, 3), kFarMs + 5);
  f.Add(3, "db3", Str("x"));
}

std::string SaveImage(Fixture& f, persist::rdb::SaveOptions opt = {}) {
  std::string out, err;
  EXPECT_TRUE(persist::rdb::Save(f.ConstPtrs(), opt, -1, &out, &err)) << err;
  return out;
}

TEST(RdbTest, RoundTripsEveryTypeAndEncoding) {
  for (bool compress : {true, false}) {
    Fixture f;
    FillEveryEncoding(f);
    persist::rdb::SaveOptions opt;
    opt.compress = compress;
    opt.version = persist::rdb::kHfeVersion;
    opt.function_codes = {"#!lua name=a\nredis.register_function('f', function() return 1 end)"};
    const std::string img = SaveImage(f, opt);
    ASSERT_EQ(img.substr(0, 9), "REDIS0012");
    Fixture g;
    RecordingHooks hooks;
    persist::rdb::LoadOptions lo{.config = &g.cfg, .now_ms = 1000};
    persist::rdb::LoadStats st;
    std::string err;
    size_t off = 0;
    ASSERT_TRUE(persist::rdb::Load(img, g.Ptrs(), lo, &hooks, &st, &err, &off)) << err << " at " << off;
    EXPECT_EQ(st.version, 12);
    EXPECT_EQ(st.redis_ver, "7.0.15");
    EXPECT_EQ(st.keys_loaded, 18u);
    EXPECT_FALSE(st.checksum_skipped);
    ASSERT_EQ(hooks.functions.size(), 1u);
    EXPECT_EQ(hooks.functions[0], opt.function_codes[0]);
    for (size_t i = 0; i < f.dbs.size(); ++i) EXPECT_EQ(Dump(*f.dbs[i]), Dump(*g.dbs[i])) << "db " << i;
    EXPECT_EQ(g.dbs[0]->Peek("list:big")->value().encoding(), Encoding::kQuicklist);
    EXPECT_EQ(g.dbs[0]->Peek("set:big")->value().encoding(), Encoding::kHashtable);
    EXPECT_EQ(g.dbs[1]->Peek("hfe:small")->value().encoding(), Encoding::kListpackEx);
    // The quicklist keeps its node layout.
    EXPECT_EQ(ListOf(f.dbs[0]->Peek("list:big")->value()).node_count(),
              ListOf(g.dbs[0]->Peek("list:big")->value()).node_count());
  }
}

TEST(RdbTest, CompressedAndPlainQuicklistNodes) {
  Fixture f;
  f.cfg.list_compress_depth = 1;
  Value v = List(f.cfg, 3000, "a-compressible-element-");
  ASSERT_GT(ListOf(v).CompressedNodes(), 0u);
  ASSERT_TRUE(ds::Quicklist::SetPackedThreshold(100));
  MutableListOf(v).Push(ds::Quicklist::End::kTail, std::string(200, 'p'));  // a PLAIN node
  ASSERT_TRUE(ds::Quicklist::SetPackedThreshold(0));
  f.Add(0, "l", std::move(v));
  const std::string img = SaveImage(f);
  Fixture g;
  g.cfg.list_compress_depth = 1;
  persist::rdb::LoadStats st;
  std::string err;
  size_t off;
  ASSERT_TRUE(persist::rdb::Load(img, g.Ptrs(), {.config = &g.cfg, .now_ms = 0}, nullptr, &st, &err, &off)) << err;
  EXPECT_EQ(Dump(*f.dbs[0]), Dump(*g.dbs[0]));
  const ds::Quicklist& ql = ListOf(g.dbs[0]->Peek("l")->value());
  EXPECT_EQ(ql.node_count(), ListOf(f.dbs[0]->Peek("l")->value()).node_count());
  EXPECT_TRUE(ql.tail()->plain);
  std::string why;
  EXPECT_TRUE(ql.Verify(&why)) << why;
}

TEST(RdbTest, FramingIsRedis70s) {
  Fixture f;
  f.Add(0, "k", Str("v"));
  persist::rdb::SaveOptions opt;
  opt.ctime_s = 1700000000;
  opt.used_mem = 1234567;
  const std::string img = SaveImage(f, opt);
  EXPECT_EQ(img.substr(0, 9), "REDIS0010");
  EXPECT_NE(img.find("\xfa\x09redis-ver\x06" "7.0.15"), std::string::npos);
  EXPECT_NE(img.find("\xfa\x0aredis-bits\xc0\x40"), std::string::npos);
  EXPECT_NE(img.find("\xfa\x08" "aof-base\xc0\x00", 0, 12), std::string::npos);
  // SELECTDB 0, RESIZEDB 1 0, then the key.
  EXPECT_NE(img.find(std::string("\xfe\x00\xfb\x01\x00\x00\x01k\x01v", 10)), std::string::npos);
  // EOF then the CRC-64 of everything before it, little-endian.
  ASSERT_EQ(static_cast<uint8_t>(img[img.size() - 9]), 0xFF);
  const uint64_t crc = Crc64(0, img.data(), img.size() - 8);
  uint64_t stored = 0;
  for (int i = 7; i >= 0; --i) stored = (stored << 8) | static_cast<uint8_t>(img[img.size() - 8 + i]);
  EXPECT_EQ(crc, stored);
  opt.checksum = false;
  const std::string nock = SaveImage(f, opt);
  EXPECT_EQ(nock.substr(nock.size() - 8), std::string(8, '\0'));
  Fixture g;
  persist::rdb::LoadStats st;
  std::string err;
  size_t off;
  ASSERT_TRUE(persist::rdb::Load(nock, g.Ptrs(), {.config = &g.cfg, .now_ms = 0}, nullptr, &st, &err, &off)) << err;
  EXPECT_TRUE(st.checksum_skipped);
}

TEST(RdbTest, ExpiredKeysAndFieldsAreDroppedAtLoad) {
  Fixture f;
  f.Add(0, "gone", Str("v"), 1000);
  f.Add(0, "kept", Str("v"), 5000);
  f.Add(0, "h", Hash(f.cfg, 4, 1, 1000));  // every field has a TTL in the past at load: the key goes too
  f.Add(0, "h2", Hash(f.cfg, 4, 2, 1000));  // half of them
  const std::string img = SaveImage(f, {.version = 12});
  Fixture g;
  persist::rdb::LoadStats st;
  std::string err;
  size_t off;
  ASSERT_TRUE(persist::rdb::Load(img, g.Ptrs(), {.config = &g.cfg, .now_ms = 3000}, nullptr, &st, &err, &off)) << err;
  EXPECT_EQ(g.dbs[0]->Peek("gone"), nullptr);
  EXPECT_NE(g.dbs[0]->Peek("kept"), nullptr);
  EXPECT_EQ(g.dbs[0]->Peek("h"), nullptr);
  ASSERT_NE(g.dbs[0]->Peek("h2"), nullptr);
  EXPECT_EQ(HashLength(g.dbs[0]->Peek("h2")->value()), 2u);
  EXPECT_EQ(st.keys_expired, 1u);
  EXPECT_EQ(st.empty_keys_skipped, 1u);
  EXPECT_EQ(st.keys_loaded, 2u);
}

TEST(RdbTest, AccessBitsTravelByPolicy) {
  Fixture f;
  f.cfg.maxmemory_policy = kAllkeysLfu;
  f.cfg.lfu_log_factor = 0;  // every access counts one
  AccessBits bits(&f.cfg);
  f.dbs[0] = std::make_unique<Db>(0, nullptr, &bits);
  f.Add(0, "k", Str("v"));
  for (int i = 0; i < 10; ++i) bits.Touch(f.dbs[0]->Peek("k"));
  persist::rdb::SaveOptions opt;
  opt.access = persist::rdb::SaveOptions::kAccessFreq;
  opt.access_bits = &bits;
  const std::string img = SaveImage(f, opt);
  EXPECT_NE(img.find(std::string("\xf9") + static_cast<char>(bits.Frequency(*f.dbs[0]->Peek("k"))) + std::string("\x00\x01k", 3)),
            std::string::npos);
  Fixture g;
  RecordingHooks hooks;
  persist::rdb::LoadStats st;
  std::string err;
  size_t off;
  ASSERT_TRUE(persist::rdb::Load(img, g.Ptrs(), {.config = &g.cfg, .now_ms = 0}, &hooks, &st, &err, &off)) << err;
  EXPECT_EQ(hooks.keys["0:k"].first, 15);
  EXPECT_EQ(hooks.keys["0:k"].second, -1);
  // LRU: the idle time, and Restore dates the access back by it.
  Fixture h;
  h.cfg.maxmemory_policy = kAllkeysLru;
  AccessBits lru(&h.cfg);
  h.dbs[0] = std::make_unique<Db>(0, nullptr, &lru);
  h.Add(0, "k", Str("v"));
  lru.Restore(h.dbs[0]->Peek("k"), -1, 1000);
  EXPECT_NEAR(lru.IdleSeconds(*h.dbs[0]->Peek("k")), 1000, 2);
  opt.access = persist::rdb::SaveOptions::kAccessIdle;
  opt.access_bits = &lru;
  const std::string img2 = SaveImage(h, opt);
  Fixture g2;
  RecordingHooks hooks2;
  ASSERT_TRUE(persist::rdb::Load(img2, g2.Ptrs(), {.config = &g2.cfg, .now_ms = 0}, &hooks2, &st, &err, &off)) << err;
  EXPECT_NEAR(hooks2.keys["0:k"].second, 1000, 2);
}

TEST(RdbTest, DuplicatesAndBadStructuresAreRefused) {
  Fixture f;
  f.Add(0, "k", Str("v"));
  std::string img = SaveImage(f, {.checksum = false});
  // The same record twice: a duplicated key.
  const std::string rec("\x00\x01k\x01v", 5);
  const size_t at = img.find(rec);
  ASSERT_NE(at, std::string::npos);
  std::string dup = img;
  dup.insert(at, rec);
  Fixture g;
  persist::rdb::LoadStats st;
  std::string err;
  size_t off;
  EXPECT_FALSE(persist::rdb::Load(dup, g.Ptrs(), {.config = &g.cfg, .now_ms = 0}, nullptr, &st, &err, &off));
  EXPECT_NE(err.find("Duplicated key"), std::string::npos) << err;
  // A stream, a module and a version from the future.
  for (uint8_t t : {persist::rdb::kStreamListpacks2, persist::rdb::kModule2}) {
    std::string bad = img;
    bad[at] = static_cast<char>(t);
    Fixture h;
    EXPECT_FALSE(persist::rdb::Load(bad, h.Ptrs(), {.config = &h.cfg, .now_ms = 0}, nullptr, &st, &err, &off));
    EXPECT_EQ(off, at + 3);
  }
  std::string future = img;
  future[8] = '3';
  Fixture h;
  EXPECT_FALSE(persist::rdb::Load(future, h.Ptrs(), {.config = &h.cfg, .now_ms = 0}, nullptr, &st, &err, &off));
  EXPECT_EQ(err, "Can't handle RDB format version 13");
}

TEST(RdbTest, TruncatedOrAlteredFilesNeverCrash) {
  Fixture f;
  FillEveryEncoding(f);
  f.cfg.list_compress_depth = 1;
  f.Add(2, "lc", List(f.cfg, 1500, "compress-me-"));
  const std::string img = SaveImage(f, {.version = 12});
  // Every truncation is refused.
  for (size_t n = 0; n < img.size(); n += std::max<size_t>(1, img.size() / 3000)) {
    Fixture g;
    persist::rdb::LoadStats st;
    std::string err;
    size_t off;
    EXPECT_FALSE(persist::rdb::Load(std::string_view(img).substr(0, n), g.Ptrs(), {.config = &g.cfg, .now_ms = 0}, nullptr,
                           &st, &err, &off))
        << n;
    EXPECT_LE(off, n);
  }
  // A flipped byte: the checksum catches every one; without it, the structure checks must hold alone.
  absl::BitGen rng;
  for (int i = 0; i < 400; ++i) {
    std::string bad = img;
    const size_t pos = absl::Uniform<size_t>(rng, 9, img.size() - 8);
    bad[pos] = static_cast<char>(bad[pos] ^ (1 << absl::Uniform<int>(rng, 0, 8)));
    for (bool verify : {true, false}) {
      Fixture g;
      persist::rdb::LoadStats st;
      std::string err;
      size_t off;
      const bool ok = persist::rdb::Load(bad, g.Ptrs(), {.config = &g.cfg, .now_ms = 0, .verify_checksum = verify}, nullptr,
                                &st, &err, &off);
      if (verify) {
        EXPECT_FALSE(ok) << pos;
      }
    }
  }
}

}  // namespace
}  // namespace ringkv::core
