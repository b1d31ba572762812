#include "persist/aof_manifest.h"

#include <cctype>
#include <cstdlib>
#include <strings.h>

#include "core/config.h"

namespace ringkv::persist::aof {

namespace {

// Redis reads the manifest with fgets into a 1024-byte line buffer: a longer line cannot be read.
constexpr size_t kMaxLine = 1024;

// Redis's sdsneedsrepr: a name with any of these is written quoted.
bool NeedsRepr(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '"' || c == '\n' || c == '\r' || c == '\t' || c == '\a' || c == '\b' || !std::isprint(c) ||
        std::isspace(c))
      return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  auto is_trim = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_trim(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_trim(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string FormatManifestLine(const FileInfo& f) {
  std::string out = "file ";
  out += NeedsRepr(f.name) ? core::QuoteConfigValue(f.name) : f.name;
  out += " seq " + std::to_string(f.seq) + " type ";
  out += static_cast<char>(f.type);
  out += '\n';
  return out;
}

std::string Manifest::ToString() const {
  std::string out;
  if (base) out += FormatManifestLine(*base);
  for (const FileInfo& f : history) out += FormatManifestLine(f);
  for (const FileInfo& f : incr) out += FormatManifestLine(f);
  return out;
}

std::string Manifest::NewBase(std::string_view prefix, bool rdb) {
  if (base) {
    base->type = FileType::kHistory;
    history.insert(history.begin(), *base);
  }
  FileInfo f;
  f.seq = ++base_seq;
  f.name = std::string(prefix) + "." + std::to_string(f.seq) + ".base" + (rdb ? ".rdb" : ".aof");
  f.type = FileType::kBase;
  base = f;
  return f.name;
}

std::string Manifest::NewIncr(std::string_view prefix) {
  FileInfo f;
  f.seq = ++incr_seq;
  f.name = std::string(prefix) + "." + std::to_string(f.seq) + ".incr.aof";
  f.type = FileType::kIncr;
  incr.push_back(f);
  return f.name;
}

void Manifest::MarkIncrAsHistory(bool keep_last) {
  size_t n = incr.size();
  if (keep_last && n > 0) --n;
  // Redis walks the list from its tail and puts each one first in the history: the newest ends up last.
  for (size_t i = n; i-- > 0;) {
    FileInfo f = incr[i];
    f.type = FileType::kHistory;
    history.insert(history.begin(), f);
  }
  incr.erase(incr.begin(), incr.begin() + static_cast<ptrdiff_t>(n));
}

bool ParseManifest(std::string_view content, Manifest* out, ManifestError* err) {
  *out = Manifest{};
  int64_t max_incr_seq = 0;
  int linenum = 0;
  size_t pos = 0;
  auto fail = [&](std::string msg, std::string_view line) {
    err->line = line.data() != nullptr ? linenum : 0;
    err->text = std::string(line);
    err->message = std::move(msg);
    return false;
  };
  if (content.empty()) return fail("Found an empty AOF manifest", {});
  while (pos < content.size()) {
    // One fgets: up to the newline, at most kMaxLine bytes.
    const size_t nl = content.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? content.size() : nl + 1;
    std::string_view raw = content.substr(pos, std::min(end - pos, kMaxLine));
    pos += raw.size();
    ++linenum;
    if (raw[0] == '#') continue;  // a comment
    if (raw.back() != '\n') return fail("The AOF manifest file contains too long line", {});
    const std::string_view line = Trim(raw);
    if (line.empty()) return fail("Invalid AOF manifest file format", line);
    std::vector<std::string> argv;
    if (!core::SplitConfigLine(line, &argv) || argv.size() < 6 || argv.size() % 2 != 0)
      return fail("Invalid AOF manifest file format", line);
    FileInfo f;
    char type = 0;
    bool have_name = false;
    for (size_t i = 0; i < argv.size(); i += 2) {
      const std::string& k = argv[i];
      const std::string& v = argv[i + 1];
      if (strcasecmp(k.c_str(), "file") == 0) {
        f.name = v;
        have_name = true;
        if (v.find('/') != std::string::npos || v.find('\\') != std::string::npos)
          return fail("File can't be a path, just a filename", line);
      } else if (strcasecmp(k.c_str(), "seq") == 0) {
        f.seq = std::atoll(v.c_str());
      } else if (strcasecmp(k.c_str(), "type") == 0) {
        type = v.empty() ? 0 : v[0];
      }
      // Other keys are ignored: later versions may add some.
    }
    if (!have_name || f.seq == 0 || type == 0) return fail("Invalid AOF manifest file format", line);
    if (type == static_cast<char>(FileType::kBase)) {
      if (out->base) return fail("Found duplicate base file information", line);
      f.type = FileType::kBase;
      out->base = f;
      out->base_seq = f.seq;
    } else if (type == static_cast<char>(FileType::kHistory)) {
      f.type = FileType::kHistory;
      out->history.push_back(f);
    } else if (type == static_cast<char>(FileType::kIncr)) {
      if (f.seq <= max_incr_seq) return fail("Found a non-monotonic sequence number", line);
      f.type = FileType::kIncr;
      out->incr.push_back(f);
      out->incr_seq = max_incr_seq = f.seq;
    } else {
      return fail("Unknown AOF file type", line);
    }
  }
  return true;
}

std::string ManifestFileName(std::string_view prefix) { return std::string(prefix) + ".manifest"; }
std::string TempManifestFileName(std::string_view prefix) { return "temp-" + std::string(prefix) + ".manifest"; }
std::string TempIncrFileName(std::string_view prefix) { return "temp-" + std::string(prefix) + ".incr"; }

}  // namespace ringkv::persist::aof
