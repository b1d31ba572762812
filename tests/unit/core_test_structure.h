// TestStructure: a test-only structure stored in a Value through the pointer mechanism (Value::SetPtr and the
// EncodingOps table), so tests can hold a non-string value before the real types exist. It is registered as
// (ObjType::kList, Encoding::kRaw), a pair no real encoding uses, and counts its live instances so tests can
// see that the value destroys, copies and measures it through the table.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/object.h"

namespace ringkv::test {

struct TestStructure {
  static constexpr core::ObjType kType = core::ObjType::kList;
  static constexpr core::Encoding kEncoding = core::Encoding::kRaw;
  static inline int live = 0;  // instances constructed and not yet destroyed

  std::vector<std::string> items;

  explicit TestStructure(std::vector<std::string> v) : items(std::move(v)) { ++live; }
  TestStructure(const TestStructure& o) : items(o.items) { ++live; }
  TestStructure& operator=(const TestStructure&) = delete;
  ~TestStructure() { --live; }

  // Installs the row of (kType, kEncoding); calling it again is harmless.
  static void Register() {
    core::EncodingOps ops;
    ops.destroy = [](void* p) { delete static_cast<TestStructure*>(p); };
    ops.copy = [](const void* p) -> void* { return new TestStructure(*static_cast<const TestStructure*>(p)); };
    ops.heap_bytes = [](const void* p) {
      size_t n = sizeof(TestStructure);
      for (const std::string& s : static_cast<const TestStructure*>(p)->items) n += s.capacity() + 1;
      return n;
    };
    core::RegisterEncodingOps(kType, kEncoding, ops);
  }

  // A value holding a new structure with items.
  static core::Value Make(std::vector<std::string> items) {
    Register();
    core::Value v;
    v.SetPtr(kType, kEncoding, new TestStructure(std::move(items)));
    return v;
  }
};

}  // namespace ringkv::test
