// The RDB writer: one value in Redis's serialized form (what follows the key in a file, and later DUMP's
// payload body), and a whole dataset as a Redis 7.0 SAVE writes it (rdb_format.h has the grammar). Values
// are written in Redis's encodings straight from ringkv's blocks: listpacks are Redis's bytes already, an
// intset goes through ds::Intset::WriteRedisBlob, quicklist nodes as QUICKLIST_2 containers (compressed
// nodes as LZF blobs), hashtables and skiplists as element lists.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/object.h"

namespace ringkv::core {
class AccessBits;
class Db;
}  // namespace ringkv::core

namespace ringkv::persist::rdb {

// The type byte Redis writes for v (decided by its encoding), e.g. kHashListpack for a listpack hash.
uint8_t ValueType(const core::Value& v);
// Appends v's serialized form (without the type byte). compress: rdbcompression (LZF for strings > 20 bytes).
void AppendValue(std::string* out, const core::Value& v, bool compress);

struct SaveOptions {
  bool compress = true;   // rdbcompression
  bool checksum = true;   // rdbchecksum: the CRC-64 footer, else 8 zero bytes
  int version = 10;       // the magic's version (kWriteVersion, or kHfeVersion when hashes have field TTLs)
  // Per-key access bits, as Redis 7.0 saves them by policy: kAccessIdle under an LRU policy (IDLE opcode),
  // kAccessFreq under an LFU one (FREQ), else nothing. access_bits reads them (required unless kAccessNone).
  enum Access { kAccessNone, kAccessIdle, kAccessFreq } access = kAccessNone;
  const core::AccessBits* access_bits = nullptr;
  int64_t ctime_s = 0;     // the ctime aux field
  uint64_t used_mem = 0;   // the used-mem aux field
  bool aof_base = false;   // the aof-base aux field: 1 in the RDB base of an AOF (its loader logs "RDB is base AOF")
  // Redis's rdbSaveInfo: the replication aux fields (repl-stream-db, repl-id, repl-offset) of a snapshot made
  // while this server keeps a replication history (a primary with a backlog, a full sync's RDB). A replica
  // loading the file learns from them which history and offset it holds. Unset: not written.
  struct ReplInfo {
    int stream_db = 0;
    std::string replid;
    uint64_t offset = 0;
  };
  std::optional<ReplInfo> repl;
  std::vector<std::string_view> function_codes;  // one FUNCTION2 record each, in order
  // Called after each key is written, with the count so far (a snapshot child's progress report, and
  // rdb-key-save-delay); unset: nothing.
  std::function<void(uint64_t keys_written)> on_key;
};

// Writes a whole RDB of dbs (index i is db i; empty ones are skipped) to fd, in blocks as it goes, or, with
// fd < 0, appends it to *out. False with *err (errno's text) when a write fails.
bool Save(const std::vector<const core::Db*>& dbs, const SaveOptions& opt, int fd, std::string* out, std::string* err);

}  // namespace ringkv::persist::rdb
