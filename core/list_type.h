// The list type's values: a ds::Quicklist behind a Value tagged (list, quicklist), as in Redis 7.0.15, where
// every list is a quicklist whatever its size (the listpack encoding of small lists came with 7.2). Each list
// keeps the list-max-listpack-size and list-compress-depth in force when it was created, as Redis's lists do.
// For the list commands (core/commands/lists.cc) and whoever else reads lists (SORT, DEBUG, the RDB writer).
#pragma once

#include <string>

#include "core/object.h"
#include "ds/quicklist.h"

namespace ringkv::core {

struct Config;

// Installs the EncodingOps row of (list, quicklist): destroy, copy, heap_bytes and the free effort (the number
// of nodes, Redis's lazyfreeGetFreeEffort for a quicklist). Idempotent.
void RegisterListEncodings();

// A new, empty list with the configured fill and compress depth (the caller pushes before adding it).
Value NewListValue(const Config& cfg);

inline const ds::Quicklist& ListOf(const Value& v) { return *v.Ptr<ds::Quicklist>(); }
inline ds::Quicklist& MutableListOf(Value& v) { return *v.MutablePtr<ds::Quicklist>(); }

// DEBUG OBJECT's quicklist fields, with their leading blank: " ql_nodes:2 ql_avg_node:2.00
// ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:216".
std::string ListDebugFields(const Value& v);

}  // namespace ringkv::core
