// Tests for DUMP / RESTORE payloads (persist/dump_payload.h): every type and encoding round-trips with the
// footer Redis 7.0 writes (byte for byte for a known string), the footer checks refuse what Redis refuses,
// and hostile payloads (bytes flipped, cut or added, with the CRC recomputed so the structure checks are
// what is tested) give an error or a valid value, never a crash or a leak (run it under ASan too).
#include <absl/random/random.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/crc64.h"
#include "core/rdb_string.h"
#include "persist/dump_payload.h"
#include "persist/rdb_format.h"
#include "tests/unit/persist_test_values.h"

namespace ringkv::core {
namespace {

using persist::rdb::MakeDumpPayload;
using persist::rdb::ReadDumpPayload;
using persist::rdb::VerifyDumpPayload;

// Values of every type and encoding, with names.
std::vector<std::pair<std::string, Value>> EveryEncoding(Config& c) {
  RegisterAll();
  std::vector<std::pair<std::string, Value>> out;
  out.emplace_back("str:int", Str("12345"));
  out.emplace_back("str:bigint", Str("-9223372036854775808"));
  out.emplace_back("str:embstr", Str("hello"));
  out.emplace_back("str:raw", Str(std::string(300, 'a')));
  out.emplace_back("str:bin", Str(std::string("\x00\xff\x01zz", 5)));
  out.emplace_back("list:small", List(c, 5, "e"));
  out.emplace_back("list:big", List(c, 600, "element-"));
  out.emplace_back("set:int", Set(c, 20, true));
  out.emplace_back("set:big", Set(c, 600, true));
  out.emplace_back("set:str", Set(c, 10, false));
  out.emplace_back("zset:small", Zset(c, 10));
  out.emplace_back("zset:big", Zset(c, 300));
  out.emplace_back("hash:small", Hash(c, 10));
  out.emplace_back("hash:big", Hash(c, 700));
  out.emplace_back("hfe:small", Hash(c, 6, 2));
  out.emplace_back("hfe:big", Hash(c, 300, 3));
  return out;
}

// A payload with its footer made valid again for body (type byte and value).
std::string Refooter(std::string_view body, int version) {
  std::string p(body);
  p.push_back(static_cast<char>(version & 0xff));
  p.push_back(static_cast<char>(version >> 8));
  const uint64_t crc = Crc64(0, p);
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return p;
}

int VersionOf(const std::string& p) {
  return static_cast<uint8_t>(p[p.size() - 10]) | (static_cast<uint8_t>(p[p.size() - 9]) << 8);
}

TEST(DumpPayloadTest, StringIsByteIdenticalToRedis70) {
  Config c;
  // redis-server 7.0.15: SET foo bar; DUMP foo.
  const std::string redis("\x00\x03" "bar" "\x0a\x00\xe6\xbe\x49\x60\xee\x66\xfd\x17", 15);
  EXPECT_EQ(MakeDumpPayload(Str("bar"), true), redis);
  EXPECT_TRUE(VerifyDumpPayload(redis));
  Value v;
  std::string err;
  ASSERT_TRUE(ReadDumpPayload(redis, c, 0, &v, &err)) << err;
  EXPECT_EQ(Render(v), "string/embstr:bar");
}

TEST(DumpPayloadTest, EveryTypeAndEncodingRoundTrips) {
  Config c;
  for (bool compress : {true, false}) {
    for (auto& [name, v] : EveryEncoding(c)) {
      const std::string p = MakeDumpPayload(v, compress);
      int version = 0;
      ASSERT_TRUE(VerifyDumpPayload(p, &version)) << name;
      // Version 12 only where the value needs it (hash field TTLs).
      EXPECT_EQ(version, name.starts_with("hfe:") ? 12 : 10) << name;
      Value back;
      std::string err;
      ASSERT_TRUE(ReadDumpPayload(p, c, 0, &back, &err)) << name << ": " << err;
      EXPECT_EQ(Render(back), Render(v)) << name;
      // And the same payload again (DUMP of a RESTOREd key is the same bytes), but for hashtables, whose
      // element order is the table's.
      if (p[0] != persist::rdb::kSet && p[0] != persist::rdb::kHash) {
        EXPECT_EQ(MakeDumpPayload(back, compress), p) << name;
      }
    }
  }
}

TEST(DumpPayloadTest, FooterChecksAsRedis) {
  const std::string good = MakeDumpPayload(Str("bar"), true);
  const std::string body = good.substr(0, good.size() - 10);
  EXPECT_FALSE(VerifyDumpPayload(""));
  // (A leading byte dropped would keep the CRC: it starts from 0, so leading zero bytes do not count.)
  EXPECT_FALSE(VerifyDumpPayload(good.substr(0, 3) + good.substr(4)));
  EXPECT_FALSE(VerifyDumpPayload(std::string(9, '\0')));
  // Versions up to 12 (7.2, 7.4) are taken, 13 is not.
  EXPECT_TRUE(VerifyDumpPayload(Refooter(body, 11)));
  EXPECT_TRUE(VerifyDumpPayload(Refooter(body, 12)));
  EXPECT_FALSE(VerifyDumpPayload(Refooter(body, 13)));
  EXPECT_FALSE(VerifyDumpPayload(Refooter(body, 0x100 + 10)));
  // A zero CRC means "no checksum" only from the versions that write it (7.2 on); 7.0 refuses it.
  std::string zero = good;
  for (size_t i = zero.size() - 8; i < zero.size(); ++i) zero[i] = 0;
  EXPECT_FALSE(VerifyDumpPayload(zero));
  zero[zero.size() - 10] = 11;
  EXPECT_TRUE(VerifyDumpPayload(zero));
  // Any flipped bit of a real payload is caught by the CRC.
  Config c;
  for (auto& [name, v] : EveryEncoding(c)) {
    const std::string p = MakeDumpPayload(v, true);
    for (size_t pos = 0; pos < p.size(); pos += 1 + p.size() / 50) {
      std::string bad = p;
      bad[pos] = static_cast<char>(bad[pos] ^ 0x10);
      EXPECT_FALSE(VerifyDumpPayload(bad)) << name << " at " << pos;
    }
  }
}

TEST(DumpPayloadTest, UnknownTypesAndEmptyCollectionsAreBadData) {
  RegisterAll();  // a set that is read and then refused is freed through its encoding's ops
  Config c;
  Value v;
  std::string err;
  for (int type : {6, 7, 8, 9, 10, 12, 13, 14, 15, 19, 21, 22, 23, 26, 100, 245, 249, 255}) {
    std::string body(1, static_cast<char>(type));
    body += std::string("\x03" "bar", 4);
    EXPECT_FALSE(ReadDumpPayload(Refooter(body, 10), c, 0, &v, &err)) << type;
  }
  EXPECT_FALSE(ReadDumpPayload(Refooter(std::string("\x02\x00", 2), 10), c, 0, &v, &err));  // empty set
  EXPECT_EQ(err, "Empty collection");
  EXPECT_FALSE(ReadDumpPayload(Refooter(std::string("\x04\x00", 2), 10), c, 0, &v, &err));  // empty hash
  EXPECT_FALSE(ReadDumpPayload(Refooter(std::string("\x12\x00", 2), 10), c, 0, &v, &err));  // empty quicklist
  EXPECT_FALSE(ReadDumpPayload(Refooter("", 10), c, 0, &v, &err));
  // Duplicates are refused (deep validation), here a set of two equal members.
  EXPECT_FALSE(ReadDumpPayload(Refooter(std::string("\x02\x02\x01" "a" "\x01" "a", 7), 10), c, 0, &v, &err));
}

// What a read accepted must be a sound value: it renders and dumps again to a payload that reads back to
// the same contents.
void ExpectSound(const Config& c, const Value& v, const std::string& what) {
  const std::string again = MakeDumpPayload(v, true);
  Value back;
  std::string err;
  ASSERT_TRUE(ReadDumpPayload(again, c, 0, &back, &err)) << what << ": " << err;
  EXPECT_EQ(Render(back), Render(v)) << what;
}

TEST(DumpPayloadTest, HostilePayloadsGiveAnErrorOrAValidValue) {
  Config c;
  absl::BitGen rng(std::seed_seq{12});
  int accepted = 0, refused = 0;
  for (auto& [name, v] : EveryEncoding(c)) {
    for (bool compress : {true, false}) {
      const std::string p = MakeDumpPayload(v, compress);
      const int version = VersionOf(p);
      const std::string body = p.substr(0, p.size() - 10);
      auto check = [&](const std::string& bad_body, const std::string& what) {
        Value out;
        std::string err;
        if (ReadDumpPayload(Refooter(bad_body, version), c, 0, &out, &err)) {
          ++accepted;
          ExpectSound(c, out, name + " " + what);
        } else {
          ++refused;
          EXPECT_FALSE(err.empty()) << name << " " << what;
        }
      };
      // Every cut of the body (bounded: about 60 per payload).
      for (size_t n = 0; n < body.size(); n += 1 + body.size() / 60) check(body.substr(0, n), "cut " + std::to_string(n));
      // Flipped bits and bytes set to interesting values, one or three at a time.
      static const uint8_t kValues[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0xc0, 0x40};
      for (int i = 0; i < 150; ++i) {
        std::string bad = body;
        const int flips = i % 3 == 0 ? 3 : 1;
        for (int k = 0; k < flips; ++k) {
          const size_t pos = absl::Uniform<size_t>(rng, 0, bad.size());
          if (i % 2 == 0) {
            bad[pos] = static_cast<char>(bad[pos] ^ (1 << absl::Uniform<int>(rng, 0, 8)));
          } else {
            bad[pos] = static_cast<char>(kValues[absl::Uniform<size_t>(rng, 0, sizeof kValues)]);
          }
        }
        check(bad, "flip " + std::to_string(i));
      }
      // Bytes added at the end (Redis does not check that the value ends at the footer) or in the middle.
      for (int i = 0; i < 20; ++i) {
        std::string extra(absl::Uniform<size_t>(rng, 1, 40), '\0');
        for (char& ch : extra) ch = static_cast<char>(absl::Uniform<int>(rng, 0, 256));
        check(body + extra, "extend " + std::to_string(i));
        std::string mid = body;
        mid.insert(absl::Uniform<size_t>(rng, 1, mid.size() + 1), extra);
        check(mid, "insert " + std::to_string(i));
      }
    }
  }
  // Both outcomes happened: the fuzz reached the structure checks and past them.
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace ringkv::core
