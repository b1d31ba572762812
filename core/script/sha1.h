// SHA-1 of a byte string as 40 lower-case hex digits: the name of a script in the script cache (EVALSHA,
// SCRIPT LOAD) and redis.sha1hex(). FIPS 180-1, written here because nothing the server links provides it.
#pragma once

#include <string>
#include <string_view>

namespace ringkv::core {

std::string Sha1Hex(std::string_view data);

}  // namespace ringkv::core
