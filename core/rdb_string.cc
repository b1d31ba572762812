#include "core/rdb_string.h"

#include <lzf.h>

#include <charconv>
#include <memory>

namespace ringkv::core {

namespace {

// The two top bits of a length's first byte.
constexpr uint8_t k6Bit = 0, k14Bit = 1, kEncVal = 3;
constexpr uint8_t k32Bit = 0x80, k64Bit = 0x81;
// The special string encodings (kEncVal): 8/16/32-bit integers and LZF.
constexpr uint8_t kEncInt8 = 0, kEncInt16 = 1, kEncInt32 = 2, kEncLzf = 3;
// An LZF back-reference of 3 bytes expands to at most 264 bytes: no valid blob inflates further.
constexpr uint64_t kLzfMaxRatio = 88;

// The integer form of s (Redis's rdbTryIntegerEncoding): only for the canonical decimal spelling of a value
// that fits 32 bits, so the string reads back identical. Returns the bytes written to enc (0: not possible).
int TryIntegerEncoding(std::string_view s, unsigned char enc[5]) {
  if (s.empty() || s.size() > 11) return 0;
  int64_t v;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || std::to_string(v) != s) return 0;
  if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
    enc[0] = (kEncVal << 6) | kEncInt8;
    enc[1] = static_cast<unsigned char>(v & 0xff);
    return 2;
  }
  if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
    enc[0] = (kEncVal << 6) | kEncInt16;
    enc[1] = static_cast<unsigned char>(v & 0xff);
    enc[2] = static_cast<unsigned char>((v >> 8) & 0xff);
    return 3;
  }
  if (v >= -(int64_t{1} << 31) && v <= (int64_t{1} << 31) - 1) {
    enc[0] = (kEncVal << 6) | kEncInt32;
    for (int i = 0; i < 4; ++i) enc[1 + i] = static_cast<unsigned char>((v >> (8 * i)) & 0xff);
    return 5;
  }
  return 0;
}

}  // namespace

void RdbAppendLen(std::string* out, uint64_t len) {
  if (len < (1 << 6)) {
    out->push_back(static_cast<char>((k6Bit << 6) | len));
  } else if (len < (1 << 14)) {
    out->push_back(static_cast<char>((k14Bit << 6) | (len >> 8)));
    out->push_back(static_cast<char>(len & 0xff));
  } else if (len <= UINT32_MAX) {
    out->push_back(static_cast<char>(k32Bit));
    for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  } else {
    out->push_back(static_cast<char>(k64Bit));
    for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  }
}

void RdbAppendString(std::string* out, std::string_view s, bool compress) {
  unsigned char enc[5];
  if (int n = TryIntegerEncoding(s, enc); n > 0) {
    out->append(reinterpret_cast<const char*>(enc), n);
    return;
  }
  // Redis skips LZF up to 20 bytes and keeps it only when it saves at least 4 bytes (the output buffer is
  // len - 4: lzf_compress answers 0 when the result does not fit).
  if (compress && s.size() > 20) {
    const size_t room = s.size() - 4;
    auto buf = std::make_unique<char[]>(room + 1);
    const unsigned clen = lzf_compress(s.data(), static_cast<unsigned>(s.size()), buf.get(), static_cast<unsigned>(room));
    if (clen > 0) {
      out->push_back(static_cast<char>((kEncVal << 6) | kEncLzf));
      RdbAppendLen(out, clen);
      RdbAppendLen(out, s.size());
      out->append(buf.get(), clen);
      return;
    }
  }
  RdbAppendLen(out, s.size());
  out->append(s);
}

bool RdbReader::ReadRaw(size_t n, std::string_view* out) {
  if (n > remaining()) return false;
  *out = buf_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool RdbReader::ReadByte(uint8_t* b) {
  std::string_view s;
  if (!ReadRaw(1, &s)) return false;
  *b = static_cast<uint8_t>(s[0]);
  return true;
}

bool RdbReader::ReadLen(uint64_t* len, bool* encoded) {
  if (encoded != nullptr) *encoded = false;
  uint8_t b;
  if (!ReadByte(&b)) return false;
  const uint8_t type = b >> 6;
  if (type == kEncVal) {
    if (encoded == nullptr) return false;  // a plain length was expected
    *encoded = true;
    *len = b & 0x3f;
    return true;
  }
  if (type == k6Bit) {
    *len = b & 0x3f;
    return true;
  }
  if (type == k14Bit) {
    uint8_t lo;
    if (!ReadByte(&lo)) return false;
    *len = (static_cast<uint64_t>(b & 0x3f) << 8) | lo;
    return true;
  }
  int bytes;
  if (b == k32Bit) {
    bytes = 4;
  } else if (b == k64Bit) {
    bytes = 8;
  } else {
    return false;
  }
  std::string_view raw;
  if (!ReadRaw(bytes, &raw)) return false;
  uint64_t v = 0;
  for (char c : raw) v = (v << 8) | static_cast<uint8_t>(c);
  *len = v;
  return true;
}

bool RdbReader::ReadString(std::string* out) {
  uint64_t len;
  bool encoded;
  if (!ReadLen(&len, &encoded)) return false;
  std::string_view raw;
  if (!encoded) {
    if (!ReadRaw(len, &raw)) return false;
    out->assign(raw);
    return true;
  }
  switch (len) {
    case kEncInt8:
    case kEncInt16:
    case kEncInt32: {
      const size_t n = len == kEncInt8 ? 1 : len == kEncInt16 ? 2 : 4;
      if (!ReadRaw(n, &raw)) return false;
      uint32_t u = 0;
      for (size_t i = 0; i < n; ++i) u |= static_cast<uint32_t>(static_cast<uint8_t>(raw[i])) << (8 * i);
      int64_t v = n == 1 ? static_cast<int8_t>(u) : n == 2 ? static_cast<int16_t>(u) : static_cast<int32_t>(u);
      *out = std::to_string(v);
      return true;
    }
    case kEncLzf: {
      uint64_t clen, plen;
      if (!ReadLen(&clen) || !ReadLen(&plen)) return false;
      if (clen == 0 || plen == 0 || clen > remaining() || plen > UINT32_MAX || plen / kLzfMaxRatio > clen) {
        return false;
      }
      if (!ReadRaw(clen, &raw)) return false;
      std::string val(plen, '\0');
      const unsigned got = lzf_decompress(raw.data(), static_cast<unsigned>(clen), val.data(), static_cast<unsigned>(plen));
      if (got != plen) return false;
      *out = std::move(val);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace ringkv::core
