// What the three files of the sorted set family share (zsets.cc registers the other two parts): storing a
// Z*STORE result the way Redis's setKey / dbDelete pair does.
#pragma once

#include <string_view>

#include "core/command.h"
#include "core/context.h"
#include "core/server.h"
#include "core/zset_type.h"

namespace ringkv::core {

void RegisterZsetRangeCommands(CommandTable& t);
void RegisterZsetSetOpCommands(CommandTable& t);

// Stores a non-empty result at dstkey and replies its size: the destination is replaced whole (its TTL
// goes; event `event`, "new" when it did not exist), as Redis's setKey.
inline void StoreZsetValue(CommandContext& ctx, std::string_view dstkey, Value result, size_t size,
                           std::string_view event) {
  Entry* e = ctx.LookupWrite(dstkey);
  if (e != nullptr) {
    ctx.db->Overwrite(e, kNotifyZset, event) = std::move(result);
  } else {
    ctx.db->Add(dstkey, std::move(result), kNotifyZset, event);
  }
  ctx.rb.Integer(static_cast<int64_t>(size));
  ctx.Dirty();
}

// Stores a result (pairs sorted in set order; built whole, a listpack when it fits) at dstkey and replies
// its size. An empty result deletes the destination instead ("del", counted as a change only when it
// existed), as ZUNIONSTORE ... and ZRANGESTORE do.
inline void StoreZsetResult(CommandContext& ctx, std::string_view dstkey, const ZsetPairs& sorted,
                            std::string_view event) {
  if (sorted.empty()) {
    ctx.rb.Integer(0);
    if (ctx.db->DeleteKey(dstkey)) ctx.Dirty();
    return;
  }
  StoreZsetValue(ctx, dstkey, BuildZset(sorted, ZsetLimitsOf(ctx.server.config())), sorted.size(), event);
}

}  // namespace ringkv::core
