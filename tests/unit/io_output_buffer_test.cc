// OutputBuffer: bytes come out in order across block boundaries, iovecs cover exactly what is queued, and
// consuming partially (a short send) keeps the rest intact.
#include "io/output_buffer.h"

#include <gtest/gtest.h>

#include <string>

namespace ringkv::io {
namespace {

std::string Pattern(size_t n, char seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i % 23);
  return s;
}

std::string Gather(const OutputBuffer& ob, size_t max_bytes = SIZE_MAX) {
  struct iovec iov[64];
  int n = ob.FillIov(iov, 64, max_bytes);
  std::string s;
  for (int i = 0; i < n; ++i) s.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
  return s;
}

TEST(OutputBuffer, AppendsAcrossBlocksInOrder) {
  OutputBuffer ob;
  std::string expect;
  for (int i = 0; i < 1000; ++i) {
    std::string piece = Pattern(static_cast<size_t>(i % 97 + 1), static_cast<char>('a' + i % 5));
    ob.Append(piece);
    expect += piece;
  }
  EXPECT_EQ(ob.size(), expect.size());
  EXPECT_EQ(ob.ToString(), expect);
  EXPECT_EQ(Gather(ob), expect);
}

TEST(OutputBuffer, LargePayloadGetsOneBlock) {
  OutputBuffer ob;
  ob.Append("$67108864\r\n");
  std::string big = Pattern(64u << 20, 'x');
  ob.Append(big);
  ob.Append("\r\n");
  struct iovec iov[64];
  int n = ob.FillIov(iov, 64, SIZE_MAX);
  EXPECT_LE(n, 4);
  EXPECT_EQ(ob.size(), big.size() + 13);
  EXPECT_GE(ob.allocated_bytes(), big.size());
}

TEST(OutputBuffer, PartialConsumeKeepsTheRest) {
  OutputBuffer ob;
  std::string all = Pattern(100000, 'k');
  ob.Append(all);
  size_t off = 0;
  for (size_t step : {1ul, 7ul, 16383ul, 16385ul, 5000ul}) {
    ob.Consume(step);
    off += step;
    ASSERT_EQ(ob.ToString(), all.substr(off));
    ASSERT_EQ(ob.ByteAt(0), all[off]);
  }
  EXPECT_EQ(ob.Slice(10, 5), all.substr(off + 10, 5));
  ob.Consume(ob.size());
  EXPECT_TRUE(ob.empty());
  ob.Append("+OK\r\n");
  EXPECT_EQ(ob.ToString(), "+OK\r\n");
}

TEST(OutputBuffer, FillIovRespectsByteBudget) {
  OutputBuffer ob;
  std::string all = Pattern(50000, 'q');
  ob.Append(all);
  EXPECT_EQ(Gather(ob, 20000), all.substr(0, 20000));
}

}  // namespace
}  // namespace ringkv::io
