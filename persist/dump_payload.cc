#include "persist/dump_payload.h"

#include "core/crc64.h"
#include "core/rdb_string.h"
#include "persist/rdb_format.h"
#include "persist/rdb_reader.h"
#include "persist/rdb_writer.h"

namespace ringkv::persist::rdb {
namespace {

constexpr size_t kFooterBytes = 10;  // 2 of version, 8 of CRC

void AppendLe64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t Le64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[i]);
  return v;
}

}  // namespace

std::string MakeDumpPayload(const core::Value& v, bool compress) {
  std::string out;
  const uint8_t type = ValueType(v);
  out.push_back(static_cast<char>(type));
  AppendValue(&out, v, compress);
  const int version = type == kHashMetadata || type == kHashListpackEx ? kHfeVersion : kWriteVersion;
  out.push_back(static_cast<char>(version & 0xff));
  out.push_back(static_cast<char>((version >> 8) & 0xff));
  AppendLe64(&out, core::Crc64(0, out));
  return out;
}

bool VerifyDumpPayload(std::string_view payload, int* version) {
  if (payload.size() < kFooterBytes) return false;
  const std::string_view footer = payload.substr(payload.size() - kFooterBytes);
  const int ver = static_cast<uint8_t>(footer[0]) | (static_cast<uint8_t>(footer[1]) << 8);
  if (version != nullptr) *version = ver;
  if (ver > kMaxDumpVersion) return false;
  const uint64_t stored = Le64(footer.substr(2));
  if (stored == 0 && ver > kWriteVersion) return true;
  return core::Crc64(0, payload.data(), payload.size() - 8) == stored;
}

bool ReadDumpPayload(std::string_view payload, const core::Config& cfg, int64_t now_ms, core::Value* out,
                     std::string* err) {
  core::RdbReader r(payload);
  uint8_t type;
  if (!r.ReadByte(&type)) {
    *err = "Unexpected EOF reading the type";
    return false;
  }
  bool empty = false;
  core::Value v;
  if (!ReadValue(r, type, cfg, now_ms, /*skip_expired=*/true, &v, &empty, err)) return false;
  if (empty) {
    *err = "Empty collection";
    return false;
  }
  *out = std::move(v);
  return true;
}

}  // namespace ringkv::persist::rdb
