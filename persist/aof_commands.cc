#include "persist/aof_commands.h"

#include <cstdlib>

namespace ringkv::persist::aof {

namespace {

// Redis reads the count and length lines with fgets into a 1024-byte buffer (AOF_ANNOTATION_LINE_MAX_LEN):
// one read takes at most 1023 bytes, the rest of a longer line is read as the next line.
constexpr size_t kMaxLineRead = 1023;

void AppendHeader(std::string* out, char kind, size_t n) {
  out->push_back(kind);
  out->append(std::to_string(n));
  out->append("\r\n");
}

}  // namespace

void AppendCommand(std::string* out, const std::vector<std::string_view>& argv) {
  AppendHeader(out, '*', argv.size());
  for (std::string_view a : argv) {
    AppendHeader(out, '$', a.size());
    out->append(a);
    out->append("\r\n");
  }
}

void AppendSelect(std::string* out, int db) {
  const std::string n = std::to_string(db);
  AppendCommand(out, {"SELECT", n});
}

void AppendTimestamp(std::string* out, int64_t unix_s) {
  out->append("#TS:").append(std::to_string(unix_s)).append("\r\n");
}

bool CommandReader::ReadLine(std::string_view* line) {
  if (pos_ >= data_.size()) return false;
  const size_t room = std::min(data_.size() - pos_, kMaxLineRead);
  const size_t nl = data_.substr(pos_, room).find('\n');
  const size_t n = nl == std::string_view::npos ? room : nl + 1;
  *line = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

CommandReader::Status CommandReader::Next(std::vector<std::string_view>* argv) {
  argv->clear();
  std::string_view line;
  while (true) {
    const size_t start = pos_;
    if (!ReadLine(&line)) return Status::kEnd;
    if (line[0] == '#') {  // an annotation (Redis 7's #TS:...): skipped
      valid_ = pos_;
      continue;
    }
    if (line[0] != '*') {
      valid_ = start;
      return Status::kBadFormat;
    }
    if (line.size() == 1) return Status::kTruncated;  // "*" and then the end of the file
    break;
  }
  const long argc = std::strtol(std::string(line.substr(1)).c_str(), nullptr, 10);
  if (argc < 1) return Status::kBadFormat;
  for (long j = 0; j < argc; ++j) {
    if (!ReadLine(&line)) return Status::kTruncated;
    if (line[0] != '$') return Status::kBadFormat;
    const long long len = std::strtoll(std::string(line.substr(1)).c_str(), nullptr, 10);
    if (len < 0) return Status::kBadFormat;
    // The bytes, then two bytes Redis reads and discards (the CRLF, unchecked).
    if (data_.size() - pos_ < static_cast<unsigned long long>(len) + 2) return Status::kTruncated;
    argv->push_back(data_.substr(pos_, static_cast<size_t>(len)));
    pos_ += static_cast<size_t>(len) + 2;
  }
  valid_ = pos_;
  return Status::kCommand;
}

}  // namespace ringkv::persist::aof
