// Versions: ringkv's own, and the Redis version whose behaviour it matches (reported as redis_version, since
// clients and tools read that to choose features).
#pragma once

namespace ringkv::core {
inline constexpr const char* kRingkvVersion = "0.1.0";
inline constexpr const char* kRedisVersion = "7.0.15";
}  // namespace ringkv::core
