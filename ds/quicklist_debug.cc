// Quicklist's debugging aids: the DEBUG QUICKLIST dump and the invariant check the tests run after every step.
// Kept apart from the operations (quicklist.cc) that the server runs on every list command.
#include <absl/strings/str_format.h>
#include <lzf.h>

#include <string>
#include <string_view>

#include "ds/quicklist.h"

namespace ringkv::ds {

namespace {

uint32_t Load32(const uint8_t* p) { return listpack_internal::Load32(p); }

// Read-only access to raw listpack bytes that someone else owns.
class LpView {
 public:
  explicit LpView(const uint8_t* p) : lp_(Listpack::Adopt(const_cast<uint8_t*>(p))) {}
  ~LpView() { lp_.Release(); }
  LpView(const LpView&) = delete;
  LpView& operator=(const LpView&) = delete;
  const Listpack* operator->() const { return &lp_; }

 private:
  Listpack lp_;
};

}  // namespace

std::string Quicklist::Repr(bool full) const {
  std::string out = absl::StrFormat("{count : %d}\n{len : %d}\n{fill : %d}\n{compress : %d}\n{bookmark_count : 0}\n",
                                    count_, len_, fill_, compress_);
  int i = 0;
  for (const Node* n = head_; n != nullptr; n = n->next, ++i) {
    absl::StrAppendFormat(&out, "{quicklist node(%d)\n", i);
    absl::StrAppendFormat(&out, "{container : %s, encoding: %s, size: %d, count: %d, recompress: %d, attempted_compress: 0}\n",
                          n->plain ? "PLAIN" : "PACKED", n->compressed ? "LZF" : "RAW", static_cast<uint64_t>(n->sz),
                          static_cast<unsigned>(n->count), static_cast<unsigned>(n->recompress));
    if (full) {
      std::string scratch;
      const uint8_t* bytes = n->data;
      if (n->compressed) {
        scratch.resize(n->sz);
        lzf_decompress(n->data + 4, Load32(n->data), scratch.data(), static_cast<unsigned>(n->sz));
        bytes = reinterpret_cast<const uint8_t*>(scratch.data());
      }
      if (n->plain) {
        out += "{ entry : ";
        out.append(reinterpret_cast<const char*>(bytes), n->sz);
        out += " }\n}\n";
      } else {
        out += "{ listpack:\n";
        LpView lp(bytes);
        for (Listpack::Pos p = lp->First(); p != Listpack::kNoPos; p = lp->Next(p)) {
          out += lp->Get(p).ToString();
          out += "\n";
        }
        out += "}\n}\n";
      }
    }
  }
  return out;
}

bool Quicklist::Verify(std::string* why) const {
  uint64_t count = 0, len = 0;
  const Node* prev = nullptr;
  const size_t depth = compress_;
  for (const Node* n = head_; n != nullptr; prev = n, n = n->next, ++len) {
    if (n->prev != prev) return *why = "prev link", false;
    if (n->count == 0) return *why = "empty node", false;
    if (n->recompress || n->dont_compress) return *why = "node left marked for recompression", false;
    count += n->count;
    if (n->plain && n->count != 1) return *why = "plain node with several elements", false;
    std::string raw;
    const uint8_t* bytes = n->data;
    if (n->compressed) {
      raw.resize(n->sz);
      if (lzf_decompress(n->data + 4, Load32(n->data), raw.data(), static_cast<unsigned>(n->sz)) != n->sz) {
        return *why = "compressed node does not decompress", false;
      }
      if (n->sz < kMinCompressBytes || Load32(n->data) + kMinCompressImprove >= n->sz) {
        return *why = "node compressed without saving", false;
      }
      bytes = reinterpret_cast<const uint8_t*>(raw.data());
    }
    if (!n->plain) {
      std::string_view v(reinterpret_cast<const char*>(bytes), n->sz);
      if (!Listpack::Validate(v, true)) return *why = "node listpack invalid", false;
      LpView lp(bytes);
      if (lp->Length() != n->count) return *why = "node count differs from its listpack", false;
    }
  }
  if (prev != tail_) return *why = "tail", false;
  if (count != count_) return *why = "count", false;
  if (len != len_) return *why = "len", false;
  if (head_ != nullptr && (head_->compressed || tail_->compressed)) return *why = "an end is compressed", false;
  if (depth > 0 && len_ >= depth * 2) {
    size_t i = 0;
    for (const Node* n = head_; n != nullptr && i < depth; n = n->next, ++i) {
      if (n->compressed) return *why = "compressed within depth (head side)", false;
    }
    i = 0;
    for (const Node* n = tail_; n != nullptr && i < depth; n = n->prev, ++i) {
      if (n->compressed) return *why = "compressed within depth (tail side)", false;
    }
  }
  return true;
}

}  // namespace ringkv::ds
