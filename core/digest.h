// DEBUG DIGEST and DEBUG DIGEST-VALUE: signatures of the whole dataset and of single values, computed as
// Redis 7.0.15 computes them (debug.c), bit for bit, so that a ringkv primary and a redis-server replica (or
// the reverse) holding the same data answer the same 40 hex digits, whatever encoding each chose.
//
// How Redis builds them, on 20-byte digests and SHA-1:
//   xor:  d ^= SHA1(data)              order-independent: adds an element of a set, hash or zset
//   mix:  d = SHA1(d ^ SHA1(data))     order-dependent: a list's elements, the parts of one record
// A value: mix its type id (4 bytes, big-endian), then: a string its bytes (an int-encoded string its
// decimal digits); a list each element in order; a set xors each member; a sorted set xors, per member, the
// SHA-1 of a digest that mixed the member and its score printed with "%.17g"; a hash the same with field
// and value. A key with a TTL xors in "!!expire!!" (the marker only: not the time, so a primary and a
// replica whose clocks differ still agree). The dataset: per non-empty db in order, mix the db id
// (4 bytes, big-endian) into the result, then xor into it the SHA-1 of each key's digest, which mixed the
// key's name before its value. No keys at all: 20 zero bytes.
//
// Logically expired keys (and hash fields) still count, as in Redis: DEBUG reads the table, not the
// keyspace a client sees. Hash-field TTLs do not exist in 7.0; a field with one xors "!!hexpire!!" into its
// element digest, as Redis 7.4 does, so a hash without field TTLs digests as in 7.0.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::core {

class Server;
class Entry;

using Digest = std::array<uint8_t, 20>;

// The two primitives above (Redis's xorDigest and mixDigest).
void XorDigest(Digest& d, std::string_view data);
void MixDigest(Digest& d, std::string_view data);
// 40 lower-case hex digits, as DEBUG DIGEST prints them.
std::string DigestHex(const Digest& d);

// DEBUG DIGEST-VALUE of one key: its value's digest (type, contents, TTL marker), without the key's name.
Digest ValueDigest(const Entry& e);
// DEBUG DIGEST: every key of every db.
Digest DatasetDigest(Server& server);

}  // namespace ringkv::core
