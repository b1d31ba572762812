// The RDB file format's numbers, as Redis 7.0 writes them (version 10) and Redis 7.2 / 7.4 extended them
// (versions 11 and 12), for the writer (rdb_writer.h) and the reader (rdb_reader.h). A file is:
//   "REDIS" + 4 decimal digits of version, then opcodes and key/value records, then EOF and 8 bytes of
//   CRC-64 (little-endian; all zero when the writer had rdbchecksum off).
// A record is [EXPIRETIME_MS <i64 LE>] [IDLE <len> | FREQ <u8>] <type byte> <key string> <value>.
#pragma once

#include <cstdint>

namespace ringkv::persist::rdb {

// The version ringkv writes (Redis 7.0's), and the newest it reads.
inline constexpr int kWriteVersion = 10;
// Written instead of 10 when a hash has field TTLs (types kHashMetadata / kHashListpackEx exist from 12 on):
// a 7.0 server cannot hold such hashes anyway, and dropping the TTLs would lose data.
inline constexpr int kHfeVersion = 12;
inline constexpr int kMaxReadVersion = 12;

// Value type ids (the byte before the key).
enum Type : uint8_t {
  kString = 0,
  kList = 1,            // linked list of strings (before 3.2)
  kSet = 2,             // length, then members
  kZset = 3,            // scores as strings (before 3.0)
  kHash = 4,            // length, then field, value
  kZset2 = 5,           // length, then member and a binary double, greatest first
  kModulePreGa = 6,
  kModule2 = 7,
  kHashZipmap = 9,
  kListZiplist = 10,
  kSetIntset = 11,      // Redis's intset bytes as a string
  kZsetZiplist = 12,
  kHashZiplist = 13,
  kListQuicklist = 14,  // nodes of ziplists (3.2 .. 6.2)
  kStreamListpacks = 15,
  kHashListpack = 16,   // a listpack of field, value as a string
  kZsetListpack = 17,   // a listpack of member, score as a string
  kListQuicklist2 = 18, // node count, then per node a container (1 plain, 2 packed) and its bytes
  kStreamListpacks2 = 19,
  kSetListpack = 20,        // 7.2 (version 11): a listpack of members
  kStreamListpacks3 = 21,   // 7.2
  kHashMetadataPreGa = 22,  // 7.4 release candidates: not read
  kHashListpackExPreGa = 23,
  kHashMetadata = 24,       // 7.4 (version 12): min TTL <i64 LE>, length, then <len ttl> field value
  kHashListpackEx = 25,     // 7.4: min TTL <i64 LE>, then a listpack of field, value, TTL triplets
};

// Opcodes (bytes that stand where a type would).
enum Opcode : uint8_t {
  kOpFunction2 = 245,
  kOpFunctionPreGa = 246,
  kOpModuleAux = 247,
  kOpIdle = 248,          // LRU idle seconds (a length) of the next key
  kOpFreq = 249,          // LFU counter (one byte) of the next key
  kOpAux = 250,           // two strings: field, value
  kOpResizeDb = 251,      // two lengths: keys, keys with a TTL
  kOpExpireTimeMs = 252,  // i64 LE unix ms of the next key
  kOpExpireTime = 253,    // i32 LE unix seconds (old files)
  kOpSelectDb = 254,      // a length: the db of the records that follow
  kOpEof = 255,
};

// Quicklist node containers (Redis's QUICKLIST_NODE_CONTAINER_*).
inline constexpr uint64_t kContainerPlain = 1;
inline constexpr uint64_t kContainerPacked = 2;

// The LZF string form: (RDB_ENCVAL << 6) | RDB_ENC_LZF, then compressed length, original length, bytes.
inline constexpr uint8_t kLzfStringByte = 0xC3;

}  // namespace ringkv::persist::rdb
