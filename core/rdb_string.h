// Redis's RDB encoding of lengths and strings, shared by FUNCTION DUMP/RESTORE and the RDB writer/reader:
// a length is 1, 2, 5 or 9 bytes (6-bit, 14-bit, 32-bit and 64-bit big-endian forms); a string is its
// length and bytes, or a short decimal integer stored as 1/2/4 little-endian bytes, or an LZF blob
// (compressed and original lengths, then the compressed bytes), exactly as Redis 7.0 writes them so a payload
// is byte-identical to redis-server's. RdbReader decodes untrusted input: every read is bounds-checked and no
// allocation is larger than what the input could really produce.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::core {

// Redis's RDB_VERSION for 7.0 (the footer of DUMP payloads).
inline constexpr uint16_t kRdbVersion = 10;

void RdbAppendLen(std::string* out, uint64_t len);
// rdbSaveRawString: the integer form when s is a canonical decimal int32, else LZF when compress is set,
// s is longer than 20 bytes and compressing saves at least 4 bytes, else the plain form.
void RdbAppendString(std::string* out, std::string_view s, bool compress = true);

class RdbReader {
 public:
  explicit RdbReader(std::string_view buf) : buf_(buf) {}

  bool ReadByte(uint8_t* b);
  // A length; *encoded (when given) is set for the special string encodings (11xxxxxx), whose 6 low bits
  // are then in *len. False on truncation or an unknown form.
  bool ReadLen(uint64_t* len, bool* encoded = nullptr);
  // A string in any of the forms RdbAppendString writes. False on truncation or corruption.
  bool ReadString(std::string* out);

  // n raw bytes (a binary double, a millisecond time); false on truncation.
  bool ReadBytes(size_t n, std::string_view* out) { return ReadRaw(n, out); }

  size_t pos() const { return pos_; }
  size_t remaining() const { return buf_.size() - pos_; }

 private:
  bool ReadRaw(size_t n, std::string_view* out);

  std::string_view buf_;
  size_t pos_ = 0;
};

}  // namespace ringkv::core
