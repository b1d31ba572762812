// Value and Entry: the string encodings Redis would report (int / embstr / raw), inline versus heap storage
// across every transition, the heap string's in-place growth, the pointer mechanism of the other encodings
// (EncodingOps dispatch, with a test-only structure), moves, and the key bytes stored after the entry header.
#include "core/object.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <set>
#include <string>

#include "tests/unit/core_test_structure.h"

namespace ringkv::core {
namespace {

using test::TestStructure;

std::string Bytes(const Value& v) {
  char scratch[24];
  return std::string(v.StringView(scratch));
}

TEST(Value, SetStringChoosesRedisEncodings) {
  Value v;
  v.SetString("12345");
  EXPECT_EQ(v.encoding(), Encoding::kInt);
  EXPECT_TRUE(v.IsIntEncoded());
  EXPECT_EQ(v.int_value(), 12345);
  EXPECT_EQ(Bytes(v), "12345");
  // Not canonical integers stay strings, as Redis's string2ll refuses them.
  for (const char* s : {"012", "+1", " 1", "1 ", "-0", "1e3", "0x10", "99999999999999999999"}) {
    v.SetString(s);
    EXPECT_EQ(v.encoding(), Encoding::kEmbstr) << s;
    EXPECT_EQ(Bytes(v), s);
  }
  v.SetString("-9223372036854775808");
  EXPECT_EQ(v.encoding(), Encoding::kInt);
  v.SetString(std::string(44, 'e'));
  EXPECT_EQ(v.encoding(), Encoding::kEmbstr);
  v.SetString(std::string(45, 'r'));
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(v), std::string(45, 'r'));
  EXPECT_EQ(v.StringLength(), 45u);
}

TEST(Value, InlineAndHeapBoundaries) {
  Value v;
  for (size_t n : {0ul, 1ul, 20ul, 21ul, 22ul, 44ul, 45ul, 1000ul, 3ul}) {
    std::string s(n, 'x');
    if (n > 0) s[0] = 'a';  // never an integer
    v.SetStringNoInt(s);
    EXPECT_EQ(Bytes(v), s) << n;
    EXPECT_EQ(v.StringLength(), n);
    EXPECT_EQ(v.HeapBytes() > 0, n > Value::kInlineBytes) << n;
  }
  EXPECT_EQ(sizeof(Value), 24u);
}

TEST(Value, HeapStringIsOneAllocationReportedTruthfully) {
  Value v;
  v.SetStringNoInt(std::string(100, 'h'));
  // Header (8 bytes) and bytes in one block: what the allocator handed out, no more, no less.
  const size_t bytes = v.HeapBytes();
  EXPECT_GE(bytes, 108u);
  char scratch[24];
  EXPECT_EQ(bytes, malloc_usable_size(const_cast<char*>(v.StringView(scratch).data()) - 8));
  // Rewriting with a similar size reuses the block.
  const char* before = v.StringView(scratch).data();
  v.SetStringNoInt(std::string(90, 'i'));
  EXPECT_EQ(v.StringView(scratch).data(), before);
  EXPECT_EQ(Bytes(v), std::string(90, 'i'));
  // A much smaller value does not keep the big block.
  v.SetStringNoInt(std::string(30, 'j'));
  EXPECT_LT(v.HeapBytes(), bytes);
  EXPECT_EQ(v.encoding(), Encoding::kEmbstr);
}

TEST(Value, SelfAssignmentOfItsOwnBytes) {
  Value v;
  v.SetStringNoInt(std::string(60, 'a') + "tail");
  char scratch[24];
  v.SetStringNoInt(v.StringView(scratch).substr(10));  // the source lives in the block being rewritten
  EXPECT_EQ(Bytes(v), std::string(50, 'a') + "tail");
  v.SetStringNoInt(v.StringView(scratch).substr(40));  // shrinks to inline: the source is freed by the store
  EXPECT_EQ(Bytes(v), std::string(10, 'a') + "tail");
  EXPECT_EQ(v.HeapBytes(), 0u);
}

TEST(Value, MakeRawKeepsBytesAndStorage) {
  Value v;
  v.SetInt(42);
  v.MakeRaw();
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_FALSE(v.IsIntEncoded());
  EXPECT_EQ(Bytes(v), "42");
  EXPECT_EQ(v.HeapBytes(), 0u);  // a short raw string stays inline
  v.SetString("short");          // back to embstr
  EXPECT_EQ(v.encoding(), Encoding::kEmbstr);
}

TEST(Value, GrowStringPadsWithZerosAndMakesRaw) {
  Value v;
  v.SetString("ab");
  char* p = v.GrowString(5);
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(v), std::string("ab\0\0\0", 5));
  p[4] = 'z';
  EXPECT_EQ(Bytes(v), std::string("ab\0\0z", 5));
  EXPECT_EQ(v.GrowString(3), p);  // never shrinks
  EXPECT_EQ(v.StringLength(), 5u);
  // Past the inline room: moves to the heap, bytes kept, the rest zero.
  v.GrowString(30);
  EXPECT_EQ(Bytes(v), std::string("ab\0\0z", 5) + std::string(25, '\0'));
  EXPECT_GT(v.HeapBytes(), 0u);
  // An int grows from its digits.
  v.SetInt(-7);
  v.GrowString(4);
  EXPECT_EQ(Bytes(v), std::string("-7\0\0", 4));
}

TEST(Value, AppendGrowsWithAmortisedCapacity) {
  Value v;
  v.SetString("x");
  std::set<size_t> sizes;
  std::string expect = "x";
  for (int i = 0; i < 20000; ++i) {
    const std::string tail = std::to_string(i % 10);
    EXPECT_EQ(v.AppendString(tail), expect.size() + 1);
    expect += tail;
    sizes.insert(v.HeapBytes());
  }
  EXPECT_EQ(Bytes(v), expect);
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  // Doubling: a handful of distinct allocations for 20000 appends, not one per append.
  EXPECT_LE(sizes.size(), 16u);
  EXPECT_GE(v.HeapBytes(), expect.size());
  EXPECT_LE(v.HeapBytes(), 2 * expect.size() + 64);
}

TEST(Value, SetRawZerosIsExact) {
  Value v;
  char* p = v.SetRawZeros(1000);
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(v), std::string(1000, '\0'));
  p[999] = 1;
  EXPECT_EQ(Bytes(v).back(), 1);
  EXPECT_LT(v.HeapBytes(), 1100u);  // no growth room reserved (only the allocator's size-class slack)
  v.SetRawZeros(3);
  EXPECT_EQ(Bytes(v), std::string(3, '\0'));
  EXPECT_EQ(v.encoding(), Encoding::kRaw);
  EXPECT_EQ(v.HeapBytes(), 0u);
}

TEST(Value, MovesTransferOwnership) {
  Value a;
  a.SetString(std::string(100, 'h'));
  Value b(std::move(a));
  EXPECT_EQ(Bytes(b), std::string(100, 'h'));
  EXPECT_EQ(a.StringLength(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  Value c;
  c.SetInt(7);
  c = std::move(b);
  EXPECT_EQ(c.encoding(), Encoding::kRaw);  // 100 bytes: past embstr
  EXPECT_EQ(Bytes(c), std::string(100, 'h'));
}

TEST(Value, CopyFromKeepsEncoding) {
  Value src, dst;
  src.SetString("77");
  ASSERT_TRUE(dst.CopyFrom(src));
  EXPECT_EQ(dst.encoding(), Encoding::kInt);
  src.AppendString("x");
  ASSERT_TRUE(dst.CopyFrom(src));
  EXPECT_EQ(dst.encoding(), Encoding::kRaw);
  EXPECT_EQ(Bytes(dst), "77x");
  src.SetStringNoInt(std::string(50, 'q'));
  ASSERT_TRUE(dst.CopyFrom(src));
  EXPECT_EQ(Bytes(dst), std::string(50, 'q'));
  EXPECT_NE(dst.HeapBytes(), 0u);
}

// ---- the pointer mechanism ----

TEST(ValuePointer, OwnsDestroysCopiesAndMeasuresThroughTheTable) {
  const int live0 = TestStructure::live;
  {
    Value v = TestStructure::Make({"a", "b"});
    EXPECT_EQ(v.type(), ObjType::kList);
    EXPECT_FALSE(v.IsString());
    EXPECT_EQ(v.encoding(), Encoding::kRaw);
    ASSERT_NE(v.Ptr<TestStructure>(), nullptr);
    EXPECT_EQ(v.Ptr<TestStructure>()->items.size(), 2u);
    EXPECT_EQ(TestStructure::live, live0 + 1);
    EXPECT_GE(v.HeapBytes(), sizeof(TestStructure));

    Value copy;
    ASSERT_TRUE(copy.CopyFrom(v));
    EXPECT_EQ(TestStructure::live, live0 + 2);
    EXPECT_NE(copy.Ptr<TestStructure>(), v.Ptr<TestStructure>());  // deep
    copy.MutablePtr<TestStructure>()->items.push_back("c");
    EXPECT_EQ(v.Ptr<TestStructure>()->items.size(), 2u);

    // Overwriting with a string frees the structure.
    copy.SetString("now a string");
    EXPECT_EQ(TestStructure::live, live0 + 1);
    EXPECT_EQ(copy.RawPtr(), nullptr);
    EXPECT_EQ(copy.type(), ObjType::kString);

    // A move hands the structure over without a copy; the moved-from value owns nothing.
    Value moved(std::move(v));
    EXPECT_EQ(TestStructure::live, live0 + 1);
    EXPECT_EQ(v.RawPtr(), nullptr);  // NOLINT(bugprone-use-after-move)
    EXPECT_NE(moved.RawPtr(), nullptr);
  }
  EXPECT_EQ(TestStructure::live, live0);  // destructors went through EncodingOps::destroy
}

TEST(ValuePointer, StructureWithoutCopyIsRefused) {
  EncodingOps ops;
  ops.destroy = [](void* p) { delete static_cast<int*>(p); };
  RegisterEncodingOps(ObjType::kZSet, Encoding::kRaw, ops);  // another test-only pair
  Value v;
  v.SetPtr(ObjType::kZSet, Encoding::kRaw, new int(3));
  Value dst;
  dst.SetString("kept");
  EXPECT_FALSE(dst.CopyFrom(v));
  EXPECT_EQ(Bytes(dst), "kept");
  EXPECT_EQ(v.HeapBytes(), 0u);  // no heap_bytes: nothing claimed
  EXPECT_EQ(FindEncodingOps(ObjType::kHash, Encoding::kRaw), nullptr);
}

TEST(ValuePointerDeathTest, UnregisteredPairAborts) {
  Value v;
  EXPECT_DEATH(v.SetPtr(ObjType::kHash, Encoding::kSkiplist, new int(1)), "no EncodingOps");
}

// ---- entries ----

TEST(Entry, KeyBytesFollowTheHeader) {
  std::string key("binary\0key", 10);
  Entry* e = Entry::Create(key);
  EXPECT_EQ(e->key(), key);
  EXPECT_FALSE(e->has_expire());
  EXPECT_TRUE(e->value().IsString());
  EXPECT_EQ(e->value().StringLength(), 0u);
  Entry::Destroy(e);
  EXPECT_EQ(sizeof(Entry), 32u);
}

TEST(Entry, ExpireRoomSitsBetweenHeaderAndKey) {
  Entry* plain = Entry::Create("0123456789abcdef");
  Entry* roomy = Entry::Create("0123456789abcdef", /*expire_room=*/true);
  EXPECT_FALSE(plain->has_expire_room());
  EXPECT_TRUE(roomy->has_expire_room());
  EXPECT_EQ(plain->key(), "0123456789abcdef");
  EXPECT_EQ(roomy->key(), "0123456789abcdef");
  EXPECT_EQ(roomy->expire_at_ms(), 0);
  // A 16-byte key without a TTL fits the allocator's 48-byte class; with room it needs 56 bytes.
  EXPECT_LE(plain->AllocatedBytes(), 48u);
  EXPECT_GE(roomy->AllocatedBytes(), 56u);
  Entry::Destroy(plain);
  Entry::Destroy(roomy);
}

}  // namespace
}  // namespace ringkv::core
