// The sorted set type's values: its two encodings behind one small API with Redis 7.0's conversion rules,
// for the sorted set commands (core/commands/zsets*.cc) and whoever else reads sorted sets (SORT, the RDB
// writer). A sorted set is a listpack (Redis's bytes, ds/zset_listpack.h; the Value points straight at the
// listpack block) while it has at most zset-max-listpack-entries members of at most zset-max-listpack-value
// bytes, else a skiplist + dict (ds::ZSet). It converts at Redis's points (ZADD/ZINCRBY/ZRANGESTORE adding
// past a limit; the ZUNION/ZINTER/ZDIFF STORE results are built whole and take the listpack when they fit)
// and never converts back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/object.h"
#include "ds/listpack.h"
#include "ds/zset.h"
#include "ds/zset_listpack.h"

namespace ringkv::core {

struct Config;

// Installs the EncodingOps rows of (zset, listpack) and (zset, skiplist). Idempotent.
void RegisterZsetEncodings();

// zset-max-listpack-entries / -value as read live from the config.
struct ZsetLimits {
  size_t max_entries = 128;
  size_t max_value = 64;
};
ZsetLimits ZsetLimitsOf(const Config& cfg);

Value NewListpackZset();
Value NewSkiplistZset();
// The encoding ZADD gives a new key whose first member is first_member (Redis: a skiplist when the entries
// limit is 0 or that member is longer than the value limit).
Value NewZsetFor(std::string_view first_member, const ZsetLimits& lim);

size_t ZsetLength(const Value& v);
bool ZsetScore(const Value& v, std::string_view member, double* score);
// 0-based rank of member (from the top when reverse), or -1 when absent.
int64_t ZsetRank(const Value& v, std::string_view member, bool reverse);
// Removes member; false when absent. Never converts.
bool ZsetDel(Value& v, std::string_view member);

// ZADD's options and outcomes (Redis's ZADD_IN_* / ZADD_OUT_*).
enum ZaddIn : int { kZaddIncr = 1, kZaddNx = 2, kZaddXx = 4, kZaddGt = 8, kZaddLt = 16 };
enum ZaddOut : int { kZaddNan = 1, kZaddAdded = 2, kZaddUpdated = 4, kZaddNop = 8 };
// What ZADD of (score, member) will do, decided without touching the value (so a handler asks Db for a
// writable value only when something changes). v may be null (a key about to be created).
struct ZaddPlan {
  int out = 0;           // ZaddOut bits; kZaddNan: the command fails
  bool exists = false;   // member is present (with score `cur`)
  double cur = 0;
  double score = 0;      // the member's score after the operation (ZINCRBY's reply)
  bool Changes() const { return (out & (kZaddAdded | kZaddUpdated)) != 0; }
};
ZaddPlan ZsetPlanAdd(const Value* v, double score, std::string_view member, int in_flags);
// Carries out a plan that Changes(), converting a listpack to a skiplist first when the new member would
// break a limit (Redis's zsetAdd).
void ZsetApplyAdd(Value& v, std::string_view member, const ZaddPlan& plan, const ZsetLimits& lim);

void ZsetConvertToSkiplist(Value& v);

// A sorted set built whole from (member, score) pairs sorted by (score, member) with distinct members: a
// listpack when it fits the limits (Redis's zsetConvertToListpackIfNeeded after building a skiplist), else a
// skiplist. The pairs must not be empty.
using ZsetPairs = std::vector<std::pair<std::string, double>>;
Value BuildZset(const ZsetPairs& sorted, const ZsetLimits& lim);
// Sorts pairs into the sorted-set order.
void SortZsetPairs(ZsetPairs* pairs);

// ZRANGEBYSCORE-style bounds, as Redis's zslParseRange: "(" makes a bound exclusive, the rest is read by a
// bare strtod up to the argument's first NUL byte (so "", " 1", "0x10", "inf", "+inf", "1e3" are accepted),
// and NaN is refused. False on error ("min or max is not a float").
bool ParseScoreRange(std::string_view min, std::string_view max, ds::ZScoreRange* r);
// ZRANGEBYLEX-style bounds, as zslParseLexRange: "-", "+", "[x" or "(x"; views point into the arguments.
// False on error ("min or max not valid string range item").
bool ParseLexRange(std::string_view min, std::string_view max, ds::ZLexRange* r);

// A position in either encoding, for the range commands: walks forwards or backwards in (score, member)
// order. Reads only; the value must not change while a cursor is used.
class ZsetCursor {
 public:
  static ZsetCursor First(const Value& v);
  static ZsetCursor Last(const Value& v);
  // The element at 0-based rank (ascending), or an invalid cursor.
  static ZsetCursor AtRank(const Value& v, uint64_t rank);
  static ZsetCursor FirstInRange(const Value& v, const ds::ZScoreRange& r);
  static ZsetCursor LastInRange(const Value& v, const ds::ZScoreRange& r);
  static ZsetCursor FirstInLexRange(const Value& v, const ds::ZLexRange& r);
  static ZsetCursor LastInLexRange(const Value& v, const ds::ZLexRange& r);

  bool valid() const { return lp_ != nullptr ? pos_ != ds::Listpack::kNoPos : node_ != nullptr; }
  void Next();
  void Prev();
  // The member: a view into the set, or an int member's digits in this cursor's buffer (valid until the
  // cursor moves).
  std::string_view member();
  double score() const;

  ZsetCursor(const ZsetCursor& o) : lp_(o.lp_), pos_(o.pos_), node_(o.node_) {}
  ZsetCursor& operator=(const ZsetCursor& o) {
    lp_ = o.lp_;
    pos_ = o.pos_;
    node_ = o.node_;
    return *this;
  }

 private:
  ZsetCursor() = default;
  // A listpack cursor keeps a non-owning Listpack over the value's block (released, never freed).
  struct LpView {
    ds::Listpack lp;
    explicit LpView(const uint8_t* p) : lp(ds::Listpack::Adopt(const_cast<uint8_t*>(p))) {}
    ~LpView() { lp.Release(); }
  };
  static ZsetCursor OfListpack(const Value& v, ds::ZlPos pos);
  static ZsetCursor OfNode(const ds::ZSet::Node* n);

  const uint8_t* lp_ = nullptr;
  ds::ZlPos pos_ = ds::Listpack::kNoPos;
  const ds::ZSet::Node* node_ = nullptr;
  char buf_[ds::Listpack::kIntBufBytes];
};

// Read access to a listpack-encoded value as a ds::Listpack (no copy; the block stays the value's).
class ZsetListpackRef {
 public:
  explicit ZsetListpackRef(const Value& v) : lp_(ds::Listpack::Adopt(const_cast<uint8_t*>(v.Ptr<uint8_t>()))) {}
  ~ZsetListpackRef() { lp_.Release(); }
  ZsetListpackRef(const ZsetListpackRef&) = delete;
  ZsetListpackRef& operator=(const ZsetListpackRef&) = delete;
  const ds::Listpack& operator*() const { return lp_; }
  const ds::Listpack* operator->() const { return &lp_; }

 private:
  ds::Listpack lp_;
};

// Write access to a listpack-encoded value: the value takes the block back (it may have moved) when this
// goes out of scope.
class ZsetListpackEdit {
 public:
  explicit ZsetListpackEdit(Value& v) : v_(v), lp_(ds::Listpack::Adopt(v.MutablePtr<uint8_t>())) {}
  ~ZsetListpackEdit() { v_.ReplacePtr(lp_.Release()); }
  ZsetListpackEdit(const ZsetListpackEdit&) = delete;
  ZsetListpackEdit& operator=(const ZsetListpackEdit&) = delete;
  ds::Listpack& operator*() { return lp_; }
  ds::Listpack* operator->() { return &lp_; }

 private:
  Value& v_;
  ds::Listpack lp_;
};

}  // namespace ringkv::core
