// The body of an AOF rewrite: writes a new base file that rebuilds the whole dataset, as the child of Redis's
// BGREWRITEAOF does (rewriteAppendOnlyFile): an RDB (aof-use-rdb-preamble yes, with the aof-base aux field set)
// or commands (FUNCTION LOAD per library, then per database SELECT and, per key, SET/RPUSH/SADD/ZADD/HMSET in
// batches of 64 elements followed by PEXPIREAT for a key with a TTL). It reads the databases only and touches
// nothing else of the server, so it can run in a forked child as well as in the loop.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "persist/rdb_writer.h"

namespace ringkv::core {
class Db;
}

namespace ringkv::persist::aof {

struct BaseOptions {
  bool rdb_preamble = true;          // aof-use-rdb-preamble
  rdb::SaveOptions rdb;              // with rdb_preamble: how the RDB is written (aof_base is set here); its
                                     // on_key is called after each key in either form
  std::vector<std::string_view> function_codes;  // without it: the libraries, loaded first
  int64_t timestamp_s = 0;  // without it and non-zero: a "#TS:" annotation opens the file (aof-timestamp-enabled)
};

// Writes the base to fd (from its current position) and fsyncs it. False with *err (errno's text) when a
// write or the fsync fails.
bool WriteAofBase(int fd, const std::vector<const core::Db*>& dbs, const BaseOptions& opt, std::string* err);

// The commands form alone, appended to *out (tests, and the writer above).
void AppendDbAsCommands(std::string* out, int db_index, const core::Db& db);

}  // namespace ringkv::persist::aof
