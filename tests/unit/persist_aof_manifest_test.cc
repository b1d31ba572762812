// The AOF manifest: parsed and written as Redis 7.0 does (aof.c's aofLoadManifestFromFile and
// getAofManifestAsString), including its error texts and name quoting, and the rewrite's bookkeeping.
#include "persist/aof_manifest.h"

#include <gtest/gtest.h>

namespace ringkv::persist::aof {
namespace {

std::string ParseErr(std::string_view text, int* line = nullptr) {
  Manifest m;
  ManifestError err;
  if (ParseManifest(text, &m, &err)) return "OK";
  if (line != nullptr) *line = err.line;
  return err.message;
}

TEST(AofManifestTest, ParsesWhatRedisWrites) {
  Manifest m;
  ManifestError err;
  ASSERT_TRUE(ParseManifest("file appendonly.aof.2.base.rdb seq 2 type b\n"
                            "file appendonly.aof.1.incr.aof seq 1 type h\n"
                            "file appendonly.aof.3.incr.aof seq 3 type i\n"
                            "file appendonly.aof.4.incr.aof seq 4 type i\n",
                            &m, &err))
      << err.message;
  ASSERT_TRUE(m.base.has_value());
  EXPECT_EQ(m.base->name, "appendonly.aof.2.base.rdb");
  EXPECT_EQ(m.base->seq, 2);
  ASSERT_EQ(m.history.size(), 1u);
  EXPECT_EQ(m.history[0].type, FileType::kHistory);
  ASSERT_EQ(m.incr.size(), 2u);
  EXPECT_EQ(m.incr[1].name, "appendonly.aof.4.incr.aof");
  EXPECT_EQ(m.base_seq, 2);
  EXPECT_EQ(m.incr_seq, 4);
  // Written back byte for byte (base, history, incr).
  EXPECT_EQ(m.ToString(),
            "file appendonly.aof.2.base.rdb seq 2 type b\n"
            "file appendonly.aof.1.incr.aof seq 1 type h\n"
            "file appendonly.aof.3.incr.aof seq 3 type i\n"
            "file appendonly.aof.4.incr.aof seq 4 type i\n");
}

TEST(AofManifestTest, ToleratesWhatRedisTolerates) {
  Manifest m;
  ManifestError err;
  // Comments, keys in any case and order, unknown keys (forward compatibility), CRLF, quoted names.
  ASSERT_TRUE(ParseManifest("# a comment\n"
                            "TYPE b SEQ 1 FILE base.rdb\r\n"
                            "file \"my file.aof\" seq 5 type i future yes\n",
                            &m, &err))
      << err.message;
  EXPECT_EQ(m.base->name, "base.rdb");
  ASSERT_EQ(m.incr.size(), 1u);
  EXPECT_EQ(m.incr[0].name, "my file.aof");
}

TEST(AofManifestTest, ErrorsAsRedis) {
  int line = 0;
  EXPECT_EQ(ParseErr(""), "Found an empty AOF manifest");
  EXPECT_EQ(ParseErr("file a seq 1 type b"), "The AOF manifest file contains too long line");  // no newline
  EXPECT_EQ(ParseErr("file " + std::string(1100, 'x') + " seq 1 type b\n"), "The AOF manifest file contains too long line");
  EXPECT_EQ(ParseErr("\n"), "Invalid AOF manifest file format");
  EXPECT_EQ(ParseErr("file a seq 1\n"), "Invalid AOF manifest file format");
  EXPECT_EQ(ParseErr("file a seq 1 type\n"), "Invalid AOF manifest file format");
  EXPECT_EQ(ParseErr("file a seq 0 type b\n"), "Invalid AOF manifest file format");
  EXPECT_EQ(ParseErr("file \"a seq 1 type b\n"), "Invalid AOF manifest file format");
  EXPECT_EQ(ParseErr("file dir/a seq 1 type b\n"), "File can't be a path, just a filename");
  EXPECT_EQ(ParseErr("file a seq 1 type b\nfile b seq 2 type b\n", &line), "Found duplicate base file information");
  EXPECT_EQ(line, 2);
  EXPECT_EQ(ParseErr("file a seq 2 type i\nfile b seq 2 type i\n"), "Found a non-monotonic sequence number");
  EXPECT_EQ(ParseErr("file a seq 1 type x\n"), "Unknown AOF file type");
}

TEST(AofManifestTest, QuotesNamesAsSdscatrepr) {
  EXPECT_EQ(FormatManifestLine({"appendonly.aof.1.incr.aof", 1, FileType::kIncr}),
            "file appendonly.aof.1.incr.aof seq 1 type i\n");
  EXPECT_EQ(FormatManifestLine({"a b", 1, FileType::kBase}), "file \"a b\" seq 1 type b\n");
  EXPECT_EQ(FormatManifestLine({"q\"\n\x01", 7, FileType::kHistory}), "file \"q\\\"\\n\\x01\" seq 7 type h\n");
  // And a quoted name reads back as itself.
  Manifest m;
  ManifestError err;
  ASSERT_TRUE(ParseManifest(FormatManifestLine({"q\"\n\x01 x", 7, FileType::kIncr}), &m, &err)) << err.message;
  EXPECT_EQ(m.incr[0].name, "q\"\n\x01 x");
}

TEST(AofManifestTest, RewriteBookkeeping) {
  Manifest m;
  EXPECT_EQ(m.NewBase("appendonly.aof", true), "appendonly.aof.1.base.rdb");
  EXPECT_EQ(m.NewIncr("appendonly.aof"), "appendonly.aof.1.incr.aof");
  // A rewrite starts: a new incr file; it ends: a new base, the old base and incr become history.
  EXPECT_EQ(m.NewIncr("appendonly.aof"), "appendonly.aof.2.incr.aof");
  EXPECT_EQ(m.NewBase("appendonly.aof", false), "appendonly.aof.2.base.aof");
  m.MarkIncrAsHistory(/*keep_last=*/true);
  EXPECT_EQ(m.ToString(),
            "file appendonly.aof.2.base.aof seq 2 type b\n"
            "file appendonly.aof.1.incr.aof seq 1 type h\n"
            "file appendonly.aof.1.base.rdb seq 1 type h\n"
            "file appendonly.aof.2.incr.aof seq 2 type i\n");
  m.history.clear();
  m.MarkIncrAsHistory(/*keep_last=*/false);  // AOF off: every incr file is covered by the new base
  EXPECT_TRUE(m.incr.empty());
  EXPECT_EQ(m.history.size(), 1u);
  EXPECT_EQ(ManifestFileName("appendonly.aof"), "appendonly.aof.manifest");
  EXPECT_EQ(TempManifestFileName("appendonly.aof"), "temp-appendonly.aof.manifest");
  EXPECT_EQ(TempIncrFileName("appendonly.aof"), "temp-appendonly.aof.incr");
}

}  // namespace
}  // namespace ringkv::persist::aof
