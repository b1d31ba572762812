// ds::Listpack against a std::deque<std::string> model and an independent reference encoder (randomised, every
// encoding and backlen boundary), byte-exact against listpacks built by redis-server 7.0.15 (the fixtures in
// ds_listpack_fixtures.inc, made by tests/tools/gen_listpack_fixtures.py), validation of corrupt bytes (fixed
// cases, random bytes and mutated listpacks: run under ASan to catch any read outside the bytes), counts past
// the u16 header, and the random picks.
#include "ds/listpack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ds/numconv.h"

namespace ringkv::ds {
namespace {

using Pos = Listpack::Pos;
using Model = std::deque<std::string>;

// --- an independent encoder, written from the format description (listpack.h) ---

std::string RefBacklen(uint64_t body) {
  // Redis's thresholds: the 2..5-byte forms start at 128, 16383, 2097151, 268435455 (not powers of two).
  int n = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  std::string out(n, '\0');
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>((body & 127) | (i == 0 ? 0 : 128));
    body >>= 7;
  }
  return out;
}

std::string LittleEndian(uint64_t v, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  return out;
}

std::string RefEntry(const std::string& s) {
  std::string body;
  int64_t v;
  if (StringToInt64(s, &v)) {
    const uint64_t u = static_cast<uint64_t>(v);
    if (v >= 0 && v < 128) {
      body.push_back(static_cast<char>(v));
    } else if (v >= -4096 && v < 4096) {
      body.push_back(static_cast<char>(0xC0 | ((u >> 8) & 0x1F)));
      body.push_back(static_cast<char>(u & 0xFF));
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      body = "\xF1" + LittleEndian(u, 2);
    } else if (v >= -(1 << 23) && v < (1 << 23)) {
      body = "\xF2" + LittleEndian(u, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      body = "\xF3" + LittleEndian(u, 4);
    } else {
      body = "\xF4" + LittleEndian(u, 8);
    }
  } else if (s.size() < 64) {
    body = std::string(1, static_cast<char>(0x80 | s.size())) + s;
  } else if (s.size() < 4096) {
    body.push_back(static_cast<char>(0xE0 | (s.size() >> 8)));
    body.push_back(static_cast<char>(s.size() & 0xFF));
    body += s;
  } else {
    body = "\xF0" + LittleEndian(s.size(), 4) + s;
  }
  return body + RefBacklen(body.size());
}

std::string RefListpack(const Model& m) {
  std::string entries;
  for (const std::string& s : m) entries += RefEntry(s);
  const uint32_t count = m.size() < 65535 ? static_cast<uint32_t>(m.size()) : 65535;
  return LittleEndian(6 + entries.size() + 1, 4) + LittleEndian(count, 2) + entries + "\xFF";
}

// --- helpers ---

std::string Str(const Listpack::Entry& e) { return e.ToString(); }

std::vector<std::string> Forward(const Listpack& lp) {
  std::vector<std::string> out;
  for (Pos p = lp.First(); p != Listpack::kNoPos; p = lp.Next(p)) out.push_back(Str(lp.Get(p)));
  return out;
}
std::vector<std::string> Backward(const Listpack& lp) {
  std::vector<std::string> out;
  for (Pos p = lp.Last(); p != Listpack::kNoPos; p = lp.Prev(p)) out.push_back(Str(lp.Get(p)));
  std::reverse(out.begin(), out.end());
  return out;
}

// Everything a listpack holding m must satisfy: the reference bytes, both walks, Seek at every index from
// both ends, Length, and deep validation.
void ExpectMatches(const Listpack& lp, const Model& m) {
  const std::vector<std::string> want(m.begin(), m.end());
  ASSERT_EQ(std::string(lp.view()), RefListpack(m));
  ASSERT_TRUE(Listpack::Validate(lp.view(), true));
  ASSERT_EQ(lp.Length(), m.size());
  ASSERT_EQ(lp.empty(), m.empty());
  ASSERT_EQ(Forward(lp), want);
  ASSERT_EQ(Backward(lp), want);
  const int64_t n = static_cast<int64_t>(m.size());
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_NE(lp.Seek(i), Listpack::kNoPos) << i;
    ASSERT_EQ(Str(lp.Get(lp.Seek(i))), m[i]) << i;
    ASSERT_EQ(lp.Seek(i - n), lp.Seek(i)) << i;
  }
  ASSERT_EQ(lp.Seek(n), Listpack::kNoPos);
  ASSERT_EQ(lp.Seek(-n - 1), Listpack::kNoPos);
}

// "30a3..[61*63]..": hex with runs written as [hh*count] (see gen_listpack_fixtures.py).
std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size();) {
    if (hex[i] == '[') {
      const size_t star = hex.find('*', i), close = hex.find(']', i);
      const char byte = static_cast<char>(std::stoi(std::string(hex.substr(i + 1, star - i - 1)), nullptr, 16));
      out.append(std::stoul(std::string(hex.substr(star + 1, close - star - 1))), byte);
      i = close + 1;
    } else {
      out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
      i += 2;
    }
  }
  return out;
}

const std::vector<std::string> kBoundaryInts = {
    "0", "1", "127", "128", "-1", "4095", "-4096", "4096", "-4097", "32767", "-32768", "32768", "-32769",
    "8388607", "-8388608", "8388608", "-8388609", "2147483647", "-2147483648", "2147483648", "-2147483649",
    "9223372036854775807", "-9223372036854775808"};
const std::vector<std::string> kNotInts = {"9223372036854775808", "-9223372036854775809", "010", " 1", "1 ",
                                           "-0", "+1", "", "1.5", "0x10", "-", "00",
                                           std::string("1\0", 2)};

// Values that hit every encoding, mostly short so a model of a few hundred entries stays cheap.
std::string RandomValue(std::mt19937_64& rng) {
  switch (rng() % 16) {
    case 0: return kBoundaryInts[rng() % kBoundaryInts.size()];
    case 1: return kNotInts[rng() % kNotInts.size()];
    case 2: return Int64ToString(static_cast<int64_t>(rng()) >> (rng() % 64));
    case 3: {
      static const size_t kLens[] = {62, 63, 64, 65, 125, 126, 127, 4094, 4095, 4096, 4097};
      return std::string(kLens[rng() % std::size(kLens)], static_cast<char>('a' + rng() % 26));
    }
    case 4: case 5: case 6: {
      std::string s(rng() % 12, 'x');
      for (char& c : s) c = "ab01-9 "[rng() % 7];
      return s;
    }
    default: return "v" + std::to_string(rng() % 1000);
  }
}

// --- encodings ---

TEST(ListpackTest, EmptyIsSevenBytes) {
  Listpack lp;
  EXPECT_EQ(std::string(lp.view()), std::string("\x07\x00\x00\x00\x00\x00\xFF", 7));
  EXPECT_TRUE(lp.empty());
  EXPECT_EQ(lp.Length(), 0u);
  EXPECT_EQ(lp.First(), Listpack::kNoPos);
  EXPECT_EQ(lp.Last(), Listpack::kNoPos);
  EXPECT_EQ(lp.Seek(0), Listpack::kNoPos);
  EXPECT_EQ(lp.Seek(-1), Listpack::kNoPos);
  EXPECT_GE(lp.AllocatedBytes(), 7u);
  EXPECT_TRUE(Listpack::Validate(lp.view(), true));
}

TEST(ListpackTest, IntsTakeTheNarrowestEncoding) {
  struct Case {
    std::string s;
    std::string entry;  // expected bytes, body then backlen
  };
  const std::vector<Case> cases = {
      {"0", std::string("\x00\x01", 2)},
      {"127", "\x7F\x01"},
      {"128", "\xC0\x80\x02"},
      {"-1", "\xDF\xFF\x02"},
      {"4095", "\xCF\xFF\x02"},
      {"-4096", std::string("\xD0\x00\x02", 3)},
      {"4096", std::string("\xF1\x00\x10\x03", 4)},
      {"-4097", "\xF1\xFF\xEF\x03"},
      {"32767", "\xF1\xFF\x7F\x03"},
      {"-32768", std::string("\xF1\x00\x80\x03", 4)},
      {"32768", std::string("\xF2\x00\x80\x00\x04", 5)},
      {"-8388608", std::string("\xF2\x00\x00\x80\x04", 5)},
      {"8388608", std::string("\xF3\x00\x00\x80\x00\x05", 6)},
      {"-2147483648", std::string("\xF3\x00\x00\x00\x80\x05", 6)},
      {"2147483648", std::string("\xF4\x00\x00\x00\x80\x00\x00\x00\x00\x09", 10)},
      {"-9223372036854775808", std::string("\xF4\x00\x00\x00\x00\x00\x00\x00\x80\x09", 10)},
      {"9223372036854775807", "\xF4\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F\x09"},
  };
  for (const Case& c : cases) {
    Listpack lp;
    lp.Append(c.s);
    EXPECT_EQ(std::string(lp.view().substr(6, lp.size_bytes() - 7)), c.entry) << c.s;
    EXPECT_EQ(Listpack::EncodedBytes(c.s), c.entry.size()) << c.s;
    const Listpack::Entry e = lp.Get(lp.First());
    EXPECT_TRUE(e.is_int) << c.s;
    int64_t v;
    ASSERT_TRUE(StringToInt64(c.s, &v));
    EXPECT_EQ(e.int_value, v);
    char buf[Listpack::kIntBufBytes];
    EXPECT_EQ(e.View(buf), c.s);
  }
}

TEST(ListpackTest, NonCanonicalNumbersStayStrings) {
  for (const std::string& s : kNotInts) {
    Listpack lp;
    lp.Append(s);
    const Listpack::Entry e = lp.Get(lp.First());
    EXPECT_FALSE(e.is_int) << s;
    EXPECT_EQ(e.str, s);
    EXPECT_EQ(static_cast<uint8_t>(lp.bytes()[6]), 0x80 | s.size()) << s;
  }
}

TEST(ListpackTest, StringLengthsAndBacklensAtEveryBoundary) {
  // {length, encoding header bytes, backlen bytes}: body = header + length decides the backlen.
  struct Case {
    size_t len, head, back;
  };
  const std::vector<Case> cases = {
      {0, 1, 1},      {63, 1, 1},     {64, 2, 1},     {125, 2, 1},      {126, 2, 2},      {4095, 2, 2},
      {4096, 5, 2},   {16377, 5, 2},  {16378, 5, 3},  {2097145, 5, 3},  {2097146, 5, 4},
  };
  for (const Case& c : cases) {
    const std::string s(c.len, 'q');
    Listpack lp;
    lp.Append("before");
    lp.Append(s);
    lp.Append("after");
    EXPECT_EQ(Listpack::EncodedBytes(s), c.head + c.len + c.back) << c.len;
    EXPECT_EQ(lp.size_bytes(), 7 + 8 + (c.head + c.len + c.back) + 7) << c.len;
    Model m = {"before", s, "after"};
    ExpectMatches(lp, m);
  }
}

TEST(ListpackTest, BacklenRoundTripsAtEveryWidth) {
  using namespace listpack_internal;
  const uint64_t values[] = {0,       1,       127,     128,       16382,     16383,     16384,
                             2097150, 2097151, 2097152, 268435454, 268435455, 268435456, UINT32_MAX};
  const uint32_t widths[] = {1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5};
  for (size_t i = 0; i < std::size(values); ++i) {
    uint8_t buf[5];
    EXPECT_EQ(BacklenBytes(values[i]), widths[i]) << values[i];
    const uint32_t n = EncodeBacklen(values[i], buf);
    ASSERT_EQ(n, widths[i]);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), n), RefBacklen(values[i])) << values[i];
    EXPECT_EQ(DecodeBacklen(buf + n - 1), values[i]);
  }
  const uint8_t six_marked[6] = {0x81, 0x81, 0x81, 0x81, 0x81, 0x81};
  EXPECT_EQ(DecodeBacklen(six_marked + 5), UINT64_MAX);
}

// --- byte-exact against redis-server ---

struct Fixture {
  const char* name;
  std::vector<std::vector<std::string>> commands;
  const char* hex;
};
const Fixture kFixtures[] = {
#include "ds_listpack_fixtures.inc"
};

double ScoreOf(const Listpack::Entry& e) { return e.is_int ? static_cast<double>(e.int_value) : std::strtod(std::string(e.str).c_str(), nullptr); }

// A sorted set's listpack insert as Redis's zzlInsert: before the first pair with a higher score, or the same
// score and a greater member; the score as text (d2string, the same as DoubleToString for these values).
void ZsetInsert(Listpack& lp, const std::string& member, double score) {
  const std::string text = DoubleToString(score);
  for (Pos e = lp.First(); e != Listpack::kNoPos; e = lp.Next(lp.Next(e))) {
    const double s = ScoreOf(lp.Get(lp.Next(e)));
    if (s > score || (s == score && lp.Get(e).ToString() > member)) {
      lp.InsertBatch(e, {member, text}, Listpack::Where::kBefore);
      return;
    }
  }
  lp.AppendBatch({member, text});
}

// The commands the fixtures use, applied the way Redis 7.0's t_hash.c / t_zset.c / quicklist drive a listpack.
void Apply(Listpack& lp, const std::vector<std::string>& a) {
  const std::string& cmd = a[0];
  auto find_pair = [&](const std::string& field) {
    return lp.empty() ? Listpack::kNoPos : lp.Find(lp.First(), field, 1);
  };
  if (cmd == "HSET") {
    for (size_t i = 2; i + 1 < a.size(); i += 2) {
      const Pos p = find_pair(a[i]);
      if (p != Listpack::kNoPos) {
        lp.Replace(lp.Next(p), a[i + 1]);
      } else {
        lp.AppendBatch({a[i], a[i + 1]});
      }
    }
  } else if (cmd == "HDEL" || cmd == "ZREM") {
    for (size_t i = 2; i < a.size(); ++i) {
      const Pos p = find_pair(a[i]);
      if (p != Listpack::kNoPos) lp.DeleteRangeWithEntry(p, 2);
    }
  } else if (cmd == "ZADD" || cmd == "ZINCRBY") {
    for (size_t i = 2; i + 1 < a.size(); i += 2) {
      double score = std::strtod(a[i].c_str(), nullptr);
      const Pos p = find_pair(a[i + 1]);
      if (p != Listpack::kNoPos) {
        if (cmd == "ZINCRBY") score += ScoreOf(lp.Get(lp.Next(p)));
        lp.DeleteRangeWithEntry(p, 2);
      }
      ZsetInsert(lp, a[i + 1], score);
    }
  } else if (cmd == "RPUSH") {
    for (size_t i = 2; i < a.size(); ++i) lp.Append(a[i]);
  } else if (cmd == "LPUSH") {
    for (size_t i = 2; i < a.size(); ++i) lp.Prepend(a[i]);
  } else if (cmd == "LINSERT") {
    const Pos p = lp.Find(lp.First(), a[3], 0);
    ASSERT_NE(p, Listpack::kNoPos);
    lp.Insert(p, a[4], a[2] == "BEFORE" ? Listpack::Where::kBefore : Listpack::Where::kAfter);
  } else if (cmd == "LSET") {
    lp.Replace(lp.Seek(std::stoll(a[2])), a[3]);
  } else if (cmd == "LREM") {
    int64_t left = std::stoll(a[2]);
    ASSERT_GE(left, 0);
    for (Pos p = lp.First(); p != Listpack::kNoPos;) {
      if (lp.Get(p).Equals(a[3])) {
        p = lp.Delete(p);
        if (--left == 0) break;
      } else {
        p = lp.Next(p);
      }
    }
  } else {
    FAIL() << "no replay for " << cmd;
  }
}

TEST(ListpackTest, SameBytesAsRedis) {
  for (const Fixture& f : kFixtures) {
    SCOPED_TRACE(f.name);
    Listpack lp;
    for (const auto& cmd : f.commands) Apply(lp, cmd);
    const std::string want = Unhex(f.hex);
    EXPECT_EQ(std::string(lp.view()), want);
    EXPECT_TRUE(Listpack::Validate(want, true));
    // Adopting Redis's bytes gives a listpack that reads the same.
    const Listpack adopted = Listpack::FromBytes(want);
    EXPECT_EQ(Forward(adopted), Forward(lp));
    EXPECT_EQ(Backward(adopted), Forward(lp));
  }
}

// --- randomised against the model ---

TEST(ListpackTest, RandomOperationsMatchModel) {
  std::mt19937_64 rng(20261203);
  Listpack lp;
  Model m;
  for (int step = 0; step < 6000; ++step) {
    SCOPED_TRACE(step);
    const size_t n = m.size();
    const uint64_t op = rng() % 15;
    // Keep the model between a few and ~150 entries: deletions win when it is large.
    if (n > 150 && op < 7) {
      const uint32_t count = static_cast<uint32_t>(1 + rng() % 40);
      const int64_t index = static_cast<int64_t>(rng() % n);
      lp.DeleteRange(index, count);
      m.erase(m.begin() + index, m.begin() + std::min<size_t>(n, index + count));
    } else if (op == 0) {
      const std::string v = RandomValue(rng);
      const Pos p = lp.Append(v);
      EXPECT_EQ(p, lp.Last());
      m.push_back(v);
    } else if (op == 1) {
      const std::string v = RandomValue(rng);
      const Pos p = lp.Prepend(v);
      EXPECT_EQ(p, lp.First());
      m.push_front(v);
    } else if (op == 2 && n > 0) {
      const size_t i = rng() % n;
      const bool after = rng() % 2;
      const std::string v = RandomValue(rng);
      const Pos p = lp.Insert(lp.Seek(static_cast<int64_t>(i)), v,
                              after ? Listpack::Where::kAfter : Listpack::Where::kBefore);
      m.insert(m.begin() + i + (after ? 1 : 0), v);
      EXPECT_EQ(p, lp.Seek(static_cast<int64_t>(i + (after ? 1 : 0))));
    } else if (op == 3 && n > 0) {
      const size_t i = rng() % n;
      const std::string v = RandomValue(rng);
      const Pos p = lp.Seek(static_cast<int64_t>(i));
      EXPECT_EQ(lp.Replace(p, v), p);
      m[i] = v;
    } else if (op == 4 && n > 0) {
      const size_t i = rng() % n;
      const Pos next = lp.Delete(lp.Seek(static_cast<int64_t>(i)));
      m.erase(m.begin() + i);
      EXPECT_EQ(next, i < m.size() ? lp.Seek(static_cast<int64_t>(i)) : Listpack::kNoPos);
    } else if (op == 5 && n > 0) {
      // Negative and out-of-range indexes too.
      const int64_t index = static_cast<int64_t>(rng() % (2 * n + 2)) - static_cast<int64_t>(n) - 1;
      const uint32_t count = static_cast<uint32_t>(rng() % 6);
      lp.DeleteRange(index, count);
      const int64_t from = index < 0 ? index + static_cast<int64_t>(n) : index;
      if (from >= 0 && from < static_cast<int64_t>(n)) {
        m.erase(m.begin() + from, m.begin() + std::min<int64_t>(n, from + count));
      }
    } else if (op == 6 && n > 0) {
      const size_t i = rng() % n;
      const uint32_t count = static_cast<uint32_t>(1 + rng() % 5);
      const Pos next = lp.DeleteRangeWithEntry(lp.Seek(static_cast<int64_t>(i)), count);
      m.erase(m.begin() + i, m.begin() + std::min<size_t>(n, i + count));
      EXPECT_EQ(next, i < m.size() ? lp.Seek(static_cast<int64_t>(i)) : Listpack::kNoPos);
    } else if (op == 7) {
      std::vector<std::string> vs(rng() % 4);
      for (auto& v : vs) v = RandomValue(rng);
      const std::vector<std::string_view> views(vs.begin(), vs.end());
      lp.AppendBatch(views);
      m.insert(m.end(), vs.begin(), vs.end());
    } else if (op == 8 && n > 0) {
      const size_t i = rng() % n;
      const bool after = rng() % 2;
      std::vector<std::string> vs(1 + rng() % 3);
      for (auto& v : vs) v = RandomValue(rng);
      const std::vector<std::string_view> views(vs.begin(), vs.end());
      lp.InsertBatch(lp.Seek(static_cast<int64_t>(i)), views,
                     after ? Listpack::Where::kAfter : Listpack::Where::kBefore);
      m.insert(m.begin() + i + (after ? 1 : 0), vs.begin(), vs.end());
    } else if (op == 9 && n > 0) {
      // Views into the listpack itself: copied before the bytes move.
      const size_t src = rng() % n, dst = rng() % n;
      const Listpack::Entry e = lp.Get(lp.Seek(static_cast<int64_t>(src)));
      const std::string copy = m[src];
      const std::string_view inside = e.is_int ? std::string_view(copy) : e.str;
      if (rng() % 2) {
        lp.Replace(lp.Seek(static_cast<int64_t>(dst)), inside);
        m[dst] = copy;
      } else {
        lp.InsertBatch(lp.Seek(static_cast<int64_t>(dst)), {inside, "x", inside}, Listpack::Where::kBefore);
        m.insert(m.begin() + dst, {copy, "x", copy});
      }
    } else if (op == 10 && n > 0) {
      // Find with a stride, from a random start, against a scan of the model.
      const size_t start = rng() % n;
      const uint32_t skip = static_cast<uint32_t>(rng() % 3);
      const std::string needle = rng() % 2 ? m[rng() % n] : RandomValue(rng);
      size_t want = n;
      for (size_t i = start; i < n; i += skip + 1) {
        if (m[i] == needle) {
          want = i;
          break;
        }
      }
      const Pos got = lp.Find(lp.Seek(static_cast<int64_t>(start)), needle, skip);
      EXPECT_EQ(got, want < n ? lp.Seek(static_cast<int64_t>(want)) : Listpack::kNoPos) << needle;
    } else if (op == 11) {
      // Split at a random point and merge back: both directions of Merge (the larger half is kept).
      const size_t cut = n == 0 ? 0 : rng() % (n + 1);
      Listpack left = lp.Clone();
      Listpack right = lp.Clone();
      left.DeleteRange(static_cast<int64_t>(cut), UINT32_MAX);
      if (cut > 0) right.DeleteRange(0, static_cast<uint32_t>(cut));
      lp = Listpack::Merge(std::move(left), std::move(right));
    } else if (op == 12 && n > 0) {
      // Clearing happens in real use (LTRIM, a quicklist node emptied): the empty listpack must be sound.
      if (rng() % 8 == 0) {
        lp.DeleteRange(0, static_cast<uint32_t>(n));
        m.clear();
      }
    } else if (op == 13) {
      Listpack copy = Listpack::FromBytes(lp.view());
      lp = std::move(copy);
    } else if (op == 14 && n > 0) {
      const size_t i = rng() % n;
      const Listpack::Entry e = lp.Get(lp.Seek(static_cast<int64_t>(i)));
      EXPECT_TRUE(e.Equals(m[i]));
      int64_t v;
      EXPECT_EQ(e.is_int, StringToInt64(m[i], &v));
    }
    ExpectMatches(lp, m);
    if (HasFatalFailure()) return;
  }
}

// --- search ---

TEST(ListpackTest, FindComparesIntsByValueAndSkipsValues) {
  Listpack lp;
  lp.AppendBatch({"name", "10", "10", "name", "010", "x", "-5", "y"});
  const Pos first = lp.First();
  // Fields only (skip 1): "name" is the first field; the value "10" is never a match for field "10"... it
  // is the second field too, found at index 2.
  EXPECT_EQ(lp.Find(first, "name", 1), lp.Seek(0));
  EXPECT_EQ(lp.Find(first, "10", 1), lp.Seek(2));
  EXPECT_EQ(lp.Find(first, "x", 1), Listpack::kNoPos);  // a value, not a field
  EXPECT_EQ(lp.Find(first, "x", 0), lp.Seek(5));
  EXPECT_EQ(lp.Find(first, "010", 1), lp.Seek(4));     // a string entry, not the int 10
  EXPECT_EQ(lp.Find(first, "-5", 1), lp.Seek(6));
  EXPECT_EQ(lp.Find(first, "+10", 0), Listpack::kNoPos);
  EXPECT_EQ(lp.Find(first, "10.0", 0), Listpack::kNoPos);
  EXPECT_EQ(lp.Find(lp.Seek(1), "name", 1), lp.Seek(3));  // from a value: its stride
  EXPECT_EQ(lp.Find(Listpack::kNoPos, "name", 1), Listpack::kNoPos);
  // Equals, the lpCompare of Redis.
  EXPECT_TRUE(lp.Get(lp.Seek(1)).Equals("10"));
  EXPECT_FALSE(lp.Get(lp.Seek(1)).Equals("010"));
  EXPECT_FALSE(lp.Get(lp.Seek(4)).Equals("10"));
  EXPECT_TRUE(lp.Get(lp.Seek(4)).Equals("010"));
}

TEST(ListpackTest, AdoptedNonCanonicalEntriesReadAndCompare) {
  // A "10" stored as a string and 5 in the 64-bit encoding: Redis accepts both on RESTORE.
  std::string bytes;
  const std::string e1 = "\x82" "10" "\x03";
  const std::string e2 = std::string("\xF4\x05\x00\x00\x00\x00\x00\x00\x00\x09", 10);
  const std::string entries = e1 + e2;
  bytes = LittleEndian(6 + entries.size() + 1, 4) + LittleEndian(2, 2) + entries + "\xFF";
  ASSERT_TRUE(Listpack::Validate(bytes, true));
  Listpack lp = Listpack::FromBytes(bytes);
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"10", "5"}));
  EXPECT_EQ(lp.Find(lp.First(), "10", 0), lp.First());
  EXPECT_EQ(lp.Find(lp.First(), "5", 0), lp.Last());
  // Edits keep working around them, and new entries are canonical.
  lp.Append("10");
  lp.Delete(lp.First());
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"5", "10"}));
  EXPECT_TRUE(lp.Get(lp.Last()).is_int);
  EXPECT_TRUE(Listpack::Validate(lp.view(), true));
}

// --- the count past the u16 header ---

TEST(ListpackTest, CountBeyondTheHeaderIsWalkedAndCachedAgainWhenItFits) {
  Listpack lp;
  // Batches, then single appends for the last steps below the limit.
  std::vector<std::string_view> ones(1000, "1");
  for (int i = 0; i < 65; ++i) lp.AppendBatch(ones);
  for (int i = 0; i < 534; ++i) lp.Append("1");
  EXPECT_EQ(listpack_internal::Load16(lp.bytes() + 4), 65534u);
  lp.AppendBatch({"2", "3"});  // 65536: the header cannot say it
  EXPECT_EQ(listpack_internal::Load16(lp.bytes() + 4), 65535u);
  EXPECT_EQ(lp.Length(), 65536u);
  EXPECT_EQ(listpack_internal::Load16(lp.bytes() + 4), 65535u);
  EXPECT_EQ(lp.Get(lp.Seek(65535)).int_value, 3);  // no count: from the head
  EXPECT_EQ(lp.Get(lp.Seek(-2)).int_value, 2);     // negative: from the tail
  EXPECT_EQ(lp.Seek(65536), Listpack::kNoPos);
  EXPECT_EQ(lp.Seek(-65537), Listpack::kNoPos);
  EXPECT_TRUE(Listpack::Validate(lp.view(), true));
  // A delete keeps the count unknown, even when fewer than 65535 remain, until Length walks (as Redis).
  lp.Delete(lp.First());
  lp.DeleteRange(0, 1000);
  EXPECT_EQ(listpack_internal::Load16(lp.bytes() + 4), 65535u);
  EXPECT_EQ(lp.Length(), 64535u);
  EXPECT_EQ(listpack_internal::Load16(lp.bytes() + 4), 64535u);
  EXPECT_TRUE(Listpack::Validate(lp.view(), true));
}

TEST(ListpackTest, DeleteRangeToTheEndCutsAndStoresTheIndex) {
  Listpack lp;
  for (int i = 0; i < 10; ++i) lp.Append(std::to_string(i));
  lp.DeleteRange(-3, 100);
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  lp.DeleteRange(7, 1);  // out of range: nothing
  lp.DeleteRange(2, 0);  // nothing
  lp.DeleteRange(1, 2);
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"0", "3", "4", "5", "6"}));
  Model m = {"0", "3", "4", "5", "6"};
  ExpectMatches(lp, m);
}

TEST(ListpackTest, MergeKeepsTheLargerBlockAndClampsTheCount) {
  Listpack small, big;
  small.AppendBatch({"a", "b"});
  for (int i = 0; i < 100; ++i) big.Append("e" + std::to_string(i));
  Model m = {"a", "b"};
  for (int i = 0; i < 100; ++i) m.push_back("e" + std::to_string(i));
  Listpack ab = Listpack::Merge(small.Clone(), big.Clone());  // the second is larger: prepended to
  ExpectMatches(ab, m);
  Model m2(m.begin() + 2, m.end());
  m2.push_back("a");
  m2.push_back("b");
  ExpectMatches(Listpack::Merge(big.Clone(), small.Clone()), m2);
  ExpectMatches(Listpack::Merge(Listpack(), Listpack()), {});
  // 40000 + 40000 entries: the merged count does not fit and is stored as unknown.
  Listpack x, y;
  const std::vector<std::string_view> ones(40000, "1"), twos(40000, "2");
  x.AppendBatch(ones);
  y.AppendBatch(twos);
  Listpack xy = Listpack::Merge(std::move(x), std::move(y));
  EXPECT_EQ(listpack_internal::Load16(xy.bytes() + 4), 65535u);
  EXPECT_EQ(xy.Length(), 80000u);
  EXPECT_TRUE(Listpack::Validate(xy.view(), true));
}

TEST(ListpackTest, SafeToAddStopsAtOneGigabyte) {
  Listpack lp;
  EXPECT_TRUE(lp.SafeToAdd(Listpack::kMaxSafetyBytes - 7));
  EXPECT_FALSE(lp.SafeToAdd(Listpack::kMaxSafetyBytes - 6));
  EXPECT_EQ(Listpack::kMaxSafetyBytes, size_t{1} << 30);
}

TEST(ListpackTest, AdoptAndReleaseHandTheBlockOver) {
  Listpack lp;
  lp.AppendBatch({"k", "v"});
  const std::string bytes(lp.view());
  uint8_t* raw = lp.Release();
  Listpack back = Listpack::Adopt(raw);
  EXPECT_EQ(std::string(back.view()), bytes);
}

// --- random picks ---

TEST(ListpackTest, RandomGroupIsUniform) {
  Listpack lp;
  for (int i = 0; i < 10; ++i) lp.AppendBatch({"f" + std::to_string(i), std::to_string(i)});
  std::mt19937_64 rng(7);
  std::map<std::string, int> seen;
  for (int i = 0; i < 100000; ++i) {
    const Pos p = lp.RandomGroup(rng, 2);
    ASSERT_NE(p, Listpack::kNoPos);
    const std::string f = Str(lp.Get(p));
    ASSERT_EQ(f, "f" + Str(lp.Get(lp.Next(p))));  // a field, followed by its value
    ++seen[f];
  }
  ASSERT_EQ(seen.size(), 10u);
  for (const auto& [f, n] : seen) EXPECT_NEAR(n, 10000, 1000) << f;
  EXPECT_EQ(Listpack().RandomGroup(rng, 2), Listpack::kNoPos);
  Listpack odd;
  odd.Append("lonely");
  EXPECT_EQ(odd.RandomGroup(rng, 2), Listpack::kNoPos);
  EXPECT_EQ(odd.RandomGroup(rng, 1), odd.First());
}

TEST(ListpackTest, RandomGroupsRepeatInPickOrder) {
  Listpack lp;
  for (int i = 0; i < 5; ++i) lp.AppendBatch({"f" + std::to_string(i), std::to_string(i)});
  std::mt19937_64 rng(11);
  constexpr uint32_t kCount = 5000;
  std::vector<Listpack::Entry> keys(kCount), vals(kCount);
  lp.RandomGroups(rng, kCount, 2, keys.data(), vals.data());
  std::map<std::string, int> seen;
  bool sorted = true;
  for (uint32_t i = 0; i < kCount; ++i) {
    ASSERT_EQ(Str(keys[i]), "f" + Str(vals[i]));
    ++seen[Str(keys[i])];
    if (i > 0 && Str(keys[i]) < Str(keys[i - 1])) sorted = false;
  }
  EXPECT_FALSE(sorted);  // the order picked, not the listpack's
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& [f, n] : seen) EXPECT_NEAR(n, 1000, 150) << f;
  // Single elements, no seconds.
  Listpack items;
  for (int i = 0; i < 3; ++i) items.Append("m" + std::to_string(i));
  std::vector<Listpack::Entry> one(100);
  items.RandomGroups(rng, 100, 1, one.data(), nullptr);
  for (const auto& e : one) EXPECT_EQ(Str(e).substr(0, 1), "m");
}

TEST(ListpackTest, RandomGroupsUniqueAreDistinctInOrderAndFair) {
  Listpack lp;
  for (int i = 0; i < 10; ++i) lp.AppendBatch({"f" + std::to_string(i), std::to_string(i)});
  std::mt19937_64 rng(3);
  std::vector<Listpack::Entry> keys(20), vals(20);
  EXPECT_EQ(lp.RandomGroupsUnique(rng, 20, 2, keys.data(), vals.data()), 10u);  // all of them, in order
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Str(keys[i]), "f" + std::to_string(i));
    EXPECT_EQ(Str(vals[i]), std::to_string(i));
  }
  std::map<std::string, int> seen;
  for (int t = 0; t < 20000; ++t) {
    ASSERT_EQ(lp.RandomGroupsUnique(rng, 3, 2, keys.data(), nullptr), 3u);
    std::set<std::string> distinct;
    for (int i = 0; i < 3; ++i) {
      distinct.insert(Str(keys[i]));
      ++seen[Str(keys[i])];
      if (i > 0) {
        EXPECT_LT(std::stoi(Str(keys[i - 1]).substr(1)), std::stoi(Str(keys[i]).substr(1)));
      }
    }
    ASSERT_EQ(distinct.size(), 3u);
  }
  for (const auto& [f, n] : seen) EXPECT_NEAR(n, 6000, 400) << f;
  EXPECT_EQ(Listpack().RandomGroupsUnique(rng, 3, 2, keys.data(), vals.data()), 0u);
}

// --- validation ---

std::string Build(std::initializer_list<std::string> items) {
  Listpack lp;
  for (const std::string& s : items) lp.Append(s);
  return std::string(lp.view());
}

// Validate on a copy in a block of exactly the bytes' size, so ASan flags a read one past them (a std::string
// has its NUL and often spare capacity there).
bool ValidateExact(const std::string& bytes, bool deep) {
  std::unique_ptr<char[]> exact(new char[bytes.size()]);
  std::memcpy(exact.get(), bytes.data(), bytes.size());
  return Listpack::Validate(std::string_view(exact.get(), bytes.size()), deep);
}

TEST(ListpackTest, ValidateRefusesCorruptBytes) {
  const std::string good = Build({"a", "123", std::string(70, 'z'), "-70000"});
  ASSERT_TRUE(ValidateExact(good, true));
  ASSERT_TRUE(ValidateExact(good, false));
  auto with = [&](size_t at, char byte) {
    std::string s = good;
    s[at] = byte;
    return s;
  };
  EXPECT_FALSE(ValidateExact("", false));
  EXPECT_FALSE(ValidateExact(std::string("\x06\x00\x00\x00\x00\x00", 6), false));  // too short
  EXPECT_FALSE(ValidateExact(good.substr(0, good.size() - 1), false));              // total != size
  EXPECT_FALSE(ValidateExact(with(good.size() - 1, '\x00'), false));                 // no terminator
  EXPECT_FALSE(ValidateExact(with(0, static_cast<char>(good[0] + 1)), false));       // total too big
  // Deep only: a shallow check passes these.
  const std::string bad_encoding = with(6, '\xF5');
  EXPECT_TRUE(ValidateExact(bad_encoding, false));
  EXPECT_FALSE(ValidateExact(bad_encoding, true));
  EXPECT_FALSE(ValidateExact(with(8, '\x05'), true));  // "a"'s backlen says 5
  EXPECT_FALSE(ValidateExact(with(4, '\x03'), true));  // count 3 of 4
  EXPECT_FALSE(ValidateExact(with(4, '\xFF'), true));  // count 255 of 4
  std::string unknown = good;
  unknown[4] = '\xFF';
  unknown[5] = '\xFF';
  EXPECT_TRUE(ValidateExact(unknown, true));  // an unknown count is not checked
  EXPECT_FALSE(ValidateExact(with(6, '\xFF'), true));  // a terminator before the end
  // A string length that runs past the end, in each string encoding.
  EXPECT_FALSE(ValidateExact(with(6, '\xBF'), true));  // 6-bit: 63 bytes
  EXPECT_FALSE(ValidateExact(with(6, '\xEF'), true));  // 12-bit: 0xF61 bytes
  std::string long32 = good;
  long32[6] = '\xF0';  // 32-bit length from the next 4 bytes: far past the end
  EXPECT_FALSE(ValidateExact(long32, true));
  // An entry whose size field itself does not fit.
  const std::string tiny = std::string("\x08\x00\x00\x00\x01\x00\xE0\xFF", 8);
  EXPECT_FALSE(ValidateExact(tiny, true));
  // A last entry whose backlen would end on the terminator itself (a 253-byte string has a 255-byte body,
  // backlen 0x01 0xFF): the entry must end before the terminator.
  std::string borrow = LittleEndian(263, 4) + LittleEndian(1, 2) + "\xE0\xFD" + std::string(253, 's') + "\x01\xFF";
  ASSERT_EQ(borrow.size(), 263u);
  EXPECT_FALSE(ValidateExact(borrow, true));
  // The callback sees each entry and can refuse.
  std::vector<std::string> seen;
  EXPECT_TRUE(Listpack::Validate(good, true, [&](const Listpack::Entry& e) {
    seen.push_back(e.ToString());
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "123", std::string(70, 'z'), "-70000"}));
  int calls = 0;
  EXPECT_FALSE(Listpack::Validate(good, true, [&](const Listpack::Entry&) { return ++calls < 2; }));
  EXPECT_EQ(calls, 2);
}

// Validates bytes held in a block of exactly their size (so ASan flags any read past them); when accepted,
// every reader must stay inside too and agree with itself, and edits must keep the listpack valid.
void FuzzOne(const std::string& bytes) {
  std::unique_ptr<char[]> exact(new char[bytes.size()]);
  std::memcpy(exact.get(), bytes.data(), bytes.size());
  uint32_t callbacks = 0;
  const bool ok = Listpack::Validate(std::string_view(exact.get(), bytes.size()), true, [&](const Listpack::Entry& e) {
    const std::string copy = e.ToString();  // reads every byte of a string entry
    ++callbacks;
    return copy.size() <= bytes.size() || e.is_int;
  });
  if (!ok) return;
  Listpack lp = Listpack::FromBytes(bytes);
  const std::vector<std::string> fwd = Forward(lp);
  ASSERT_EQ(fwd.size(), callbacks);
  ASSERT_EQ(Backward(lp), fwd);
  ASSERT_EQ(lp.Length(), fwd.size());
  for (size_t i = 0; i < fwd.size(); ++i) ASSERT_EQ(Str(lp.Get(lp.Seek(static_cast<int64_t>(i)))), fwd[i]);
  if (!fwd.empty()) {
    lp.Delete(lp.First());
    lp.Append("tail");
    lp.Replace(lp.First(), "head");
    ASSERT_TRUE(Listpack::Validate(lp.view(), true));
  }
}

TEST(ListpackTest, ValidateSurvivesRandomBytes) {
  std::mt19937_64 rng(99);
  for (int t = 0; t < 200000; ++t) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? 0xFF : rng());
    if (s.size() >= 7) {
      // Mostly a plausible header, so the deep checks run.
      if (rng() % 4 != 0) {
        const std::string total = LittleEndian(s.size(), 4);
        s.replace(0, 4, total);
        s.back() = '\xFF';
        if (rng() % 2) s.replace(4, 2, LittleEndian(rng() % 4, 2));
      }
    }
    FuzzOne(s);
    if (HasFatalFailure()) return;
  }
}

TEST(ListpackTest, ValidateSurvivesMutatedListpacks) {
  std::mt19937_64 rng(1234);
  int accepted = 0;
  for (int t = 0; t < 20000; ++t) {
    Listpack lp;
    const int n = static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) lp.Append(RandomValue(rng));
    std::string s(lp.view());
    const int mutations = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < mutations; ++k) {
      switch (rng() % 4) {
        case 0: s[rng() % s.size()] = static_cast<char>(rng()); break;      // any byte
        case 1: s[6 + rng() % (s.size() - 6)] ^= static_cast<char>(1u << (rng() % 8)); break;  // one bit
        case 2: {                                                              // cut, keep header and end
          const size_t keep = 7 + rng() % (s.size() - 6);
          s.resize(keep);
          s.back() = '\xFF';
          s.replace(0, 4, LittleEndian(s.size(), 4));
          break;
        }
        default: {  // bytes inserted in the middle, header fixed
          const size_t at = 6 + rng() % (s.size() - 6);
          s.insert(at, std::string(1 + rng() % 4, static_cast<char>(rng())));
          s.replace(0, 4, LittleEndian(s.size(), 4));
          break;
        }
      }
    }
    if (Listpack::Validate(s, true)) ++accepted;
    FuzzOne(s);
    if (HasFatalFailure()) return;
  }
  // Some mutations keep a listpack valid (a byte inside a string): the accepted path is exercised.
  EXPECT_GT(accepted, 100);
}

}  // namespace
}  // namespace ringkv::ds
