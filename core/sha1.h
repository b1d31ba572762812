// SHA-1 (FIPS 180-1): the names of scripts in the script cache (EVALSHA, SCRIPT LOAD, redis.sha1hex()) and
// the mixing function of DEBUG DIGEST (core/digest.h), which hashes several short inputs per key. Written
// here because nothing the server links provides it; the block function uses the CPU's SHA extensions when
// it has them (checked once), which makes a one-block hash about three times cheaper.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::core {

inline constexpr size_t kSha1Bytes = 20;

// The 20-byte digest of data[0, n) into out.
void Sha1(const void* data, size_t n, uint8_t* out);
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
