#include "core/list_type.h"

#include <absl/strings/str_format.h>

#include "core/config.h"

namespace ringkv::core {

void RegisterListEncodings() {
  EncodingOps ops;
  ops.destroy = [](void* p) { delete static_cast<ds::Quicklist*>(p); };
  ops.copy = [](const void* p) -> void* { return new ds::Quicklist(*static_cast<const ds::Quicklist*>(p)); };
  ops.heap_bytes = [](const void* p) { return static_cast<const ds::Quicklist*>(p)->AllocatedBytes(); };
  // Freeing a quicklist frees each node and its block: Redis counts the nodes.
  ops.effort = [](const void* p) { return static_cast<const ds::Quicklist*>(p)->node_count(); };
  RegisterEncodingOps(ObjType::kList, Encoding::kQuicklist, ops);
}

Value NewListValue(const Config& cfg) {
  Value v;
  v.SetPtr(ObjType::kList, Encoding::kQuicklist,
           new ds::Quicklist(static_cast<int>(cfg.list_max_listpack_size), static_cast<int>(cfg.list_compress_depth)));
  return v;
}

std::string ListDebugFields(const Value& v) {
  const ds::Quicklist& ql = ListOf(v);
  const double avg = ql.node_count() == 0 ? 0.0 : static_cast<double>(ql.size()) / static_cast<double>(ql.node_count());
  return absl::StrFormat(" ql_nodes:%d ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%d",
                         ql.node_count(), avg, ql.fill(), ql.compress_depth() != 0 ? 1 : 0, ql.UncompressedBytes());
}

}  // namespace ringkv::core
