#include "core/scan_args.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "ds/numconv.h"

namespace ringkv::core {

bool ScanCursorOrReply(CommandContext& ctx, std::string_view arg, uint64_t* cursor) {
  const std::string text(arg);  // NUL-terminated for strtoull: an embedded NUL ends the number, as in Redis
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (std::isspace(static_cast<unsigned char>(text.c_str()[0])) || *end != '\0' || errno == ERANGE) {
    ctx.ReplyError("ERR invalid cursor");
    return false;
  }
  *cursor = static_cast<uint64_t>(v);
  return true;
}

bool ScanOptionsOrReply(CommandContext& ctx, size_t first, ScanOptions* opts) {
  for (size_t i = first; i < ctx.argc(); i += 2) {
    const std::string_view opt = ctx.argv[i];
    const bool has_value = i + 1 < ctx.argc();
    if (EqualsIgnoreCase(opt, "count") && has_value) {
      int64_t count;
      if (!ctx.Int64OrReply(ctx.argv[i + 1], &count)) return false;
      if (count < 1) {
        ctx.ReplySyntaxError();
        return false;
      }
      opts->count = static_cast<uint64_t>(count);
    } else if (EqualsIgnoreCase(opt, "match") && has_value) {
      opts->pattern = ctx.argv[i + 1];
      opts->use_pattern = opts->pattern != "*";
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
  }
  return true;
}

void ReplyScan(CommandContext& ctx, uint64_t cursor, const std::vector<std::string_view>& elements) {
  char buf[ds::kInt64BufBytes];
  ctx.rb.ArrayHeader(2);
  ctx.rb.Bulk(std::string_view(buf, ds::Uint64ToChars(cursor, buf)));
  ctx.rb.ArrayHeader(elements.size());
  for (std::string_view m : elements) ctx.rb.Bulk(m);
}

void ReplyEmptyScan(CommandContext& ctx) {
  ctx.rb.ArrayHeader(2);
  ctx.rb.Bulk("0");
  ctx.rb.ArrayHeader(0);
}

}  // namespace ringkv::core
