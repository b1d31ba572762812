// DUMP / RESTORE payloads as Redis defines them: the RDB type byte, the value in its RDB form
// (rdb_writer.h's AppendValue), a 2-byte RDB version (little-endian) and a CRC-64 (core/crc64.h, little-endian)
// of everything before it. A payload is untrusted input: ReadDumpPayload validates it as deeply as an RDB file
// under sanitize-dump-payload yes (rdb_reader.h's ReadValue), so a hostile one is refused, never half-built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/object.h"

namespace ringkv::core {
struct Config;
}  // namespace ringkv::core

namespace ringkv::persist::rdb {

// The newest payload version RESTORE takes: Redis 7.0 refuses anything past its own 10; ringkv also takes the
// payloads of Redis 7.2 (11) and 7.4 (12), a migration path off newer servers.
inline constexpr int kMaxDumpVersion = 12;

// DUMP: v's payload. The version is 10 (Redis 7.0's, byte-identical to its DUMP) unless v is a hash with field
// TTLs, whose types exist from version 12 on (as the RDB writer). compress: rdbcompression.
std::string MakeDumpPayload(const core::Value& v, bool compress);

// Redis's verifyDumpPayload: at least the 10-byte footer, a version <= kMaxDumpVersion and a matching CRC.
// A zero CRC (written by Redis >= 7.2 with rdbchecksum no) is taken only from payloads of version 11 and up:
// 7.0 checks every CRC of its own version. *version (when given) gets the footer's version.
bool VerifyDumpPayload(std::string_view payload, int* version = nullptr);

// The value of a verified payload, in ringkv's encodings by cfg's thresholds. False with *err (for the log;
// RESTORE answers "ERR Bad data format") on an unknown type, any corruption, or an empty collection. Like
// Redis's rdbLoadObject over the payload buffer, the footer's bytes are readable and trailing bytes are not
// an error. Hash fields whose TTL is before now_ms are dropped (a 7.4 payload).
bool ReadDumpPayload(std::string_view payload, const core::Config& cfg, int64_t now_ms, core::Value* out,
                     std::string* err);

}  // namespace ringkv::persist::rdb
