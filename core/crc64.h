// CRC-64 as Redis computes it for RDB files and DUMP / FUNCTION DUMP payloads: the "Jones" polynomial
// 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor. Check value:
// Crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca. Standalone: the RDB writer and reader share it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringkv::core {

// Continues a running checksum (start with 0) over len bytes.
uint64_t Crc64(uint64_t crc, const void* data, size_t len);
inline uint64_t Crc64(uint64_t crc, std::string_view s) { return Crc64(crc, s.data(), s.size()); }

}  // namespace ringkv::core
