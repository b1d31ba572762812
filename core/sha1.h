// SHA-1 (FIPS 180-1): the names of scripts in the script cache (EVALSHA, SCRIPT LOAD, redis.sha1hex()) and
// the mixing function of DEBUG DIGEST (core/digest.h), which hashes several short inputs per key. Written
// here because nothing the server links provides it; the block function uses the CPU's SHA extensions when
// it has them (checked once): a one-block hash then takes ~45 ns instead of ~285, and two at once through
// Sha1Pair ~55 (measured here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::core {

inline constexpr size_t kSha1Bytes = 20;

// The 20-byte digest of data[0, n) into out.
void Sha1(const void* data, size_t n, uint8_t* out);
// The digests of two messages at once; with the SHA extensions this takes little more time than one (their
// instructions leave room for a second independent message). out1 and out2 may overlap the inputs.
void Sha1Pair(const void* data1, size_t n1, uint8_t* out1, const void* data2, size_t n2, uint8_t* out2);
// The digest of data as 40 lower-case hex digits.
std::string Sha1Hex(std::string_view data);
// A 20-byte digest as 40 lower-case hex digits.
std::string Sha1ToHex(const uint8_t* digest);

// The block functions, for tests that check one against the other. kShaNi is available only when the CPU
// has the SHA extensions (and SSE4.1).
enum class Sha1Blocks : uint8_t { kPortable, kShaNi };
bool Sha1BlocksAvailable(Sha1Blocks impl);
void Sha1With(Sha1Blocks impl, const void* data, size_t n, uint8_t* out);

}  // namespace ringkv::core
