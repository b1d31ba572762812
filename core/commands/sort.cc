// SORT and SORT_RO, as Redis 7.0.15 answers them: lists, sets and sorted sets (a missing key is an empty
// list), numeric or ALPHA order, BY and GET patterns over string keys and hash fields, LIMIT, and SORT's
// STORE into a list ("sortstore", or "del" when the result is empty; propagated as received). Layout: the
// pieces (patterns, scores, comparison, Redis's partial quicksort), then the handler, then registration.
//
// Where Redis's result depends on its sort routines, ringkv follows them: the full sort is glibc's qsort,
// which is a stable merge sort, so equal elements keep the order they were loaded in (std::stable_sort);
// BY with a LIMIT that narrows the range uses Redis's partial quicksort (pqsort.c, a Bentley-McIlroy
// three-way quicksort that only descends into partitions overlapping the range), reproduced by
// PartialQuickSort below so that ties among equal BY values come out in Redis's order.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/hash_field_expiry.h"
#include "core/hash_type.h"
#include "core/list_type.h"
#include "core/server.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/numconv.h"
#include "ds/quicklist.h"

namespace ringkv::core {
namespace {

using ds::Quicklist;

// ---------------------------------------------------------------------------------------------------------
// The pieces.
// ---------------------------------------------------------------------------------------------------------

// Redis reads patterns with C string functions (strchr, strstr): only the bytes before a NUL are searched.
std::string_view CPrefix(std::string_view s) { return s.substr(0, s.find('\0')); }

// A BY or GET pattern, taken apart once (Redis's lookupKeyByPattern does it for every element): "#" is the
// element itself; otherwise the first '*' is replaced by the element, and a "->field" after it (with at least
// one byte of field) reads that field of a hash instead of a string.
struct Pattern {
  std::string_view text;
  bool self = false;          // "#"
  bool has_star = false;      // without a '*' a pattern names nothing (GET) or means no sorting (BY)
  std::string_view prefix;    // the key before the '*'
  std::string_view postfix;   // the key after it
  std::string_view field;     // non-empty: a hash field
};

Pattern ParsePattern(std::string_view text) {
  Pattern p;
  p.text = text;
  const std::string_view c = CPrefix(text);
  if (c == "#") {
    p.self = true;
    return p;
  }
  const size_t star = c.find('*');
  if (star == std::string_view::npos) return p;
  p.has_star = true;
  p.prefix = text.substr(0, star);
  const size_t arrow = c.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 < c.size()) {
    // The field runs to the end of the whole pattern, NULs included, as Redis measures it by the sds length.
    p.postfix = text.substr(star + 1, arrow - star - 1);
    p.field = text.substr(arrow + 2);
  } else {
    p.postfix = text.substr(star + 1);
  }
  return p;
}

// What a pattern names for one element: the element for "#", else the string at the key (or the hash field),
// through a read lookup (lazy expiry, keyspace hits and misses, the access bits), as Redis's lookupKeyRead.
// A hash met here loses its due fields first, as every hash command makes it (core/hash_field_expiry.h).
// False when there is nothing: no '*', no such key, another type, no such field. The view is valid until the
// keyspace changes; an integer is written into scratch (kInt64BufBytes). key_buf is reused between calls.
bool LookupByPattern(CommandContext& ctx, const Pattern& p, std::string_view elem, std::string* key_buf,
                     char* scratch, std::string_view* out) {
  if (p.self) {
    *out = elem;
    return true;
  }
  if (!p.has_star) return false;
  key_buf->assign(p.prefix);
  key_buf->append(elem);
  key_buf->append(p.postfix);
  Entry* e = ctx.LookupRead(*key_buf);
  if (e == nullptr) return false;
  if (!p.field.empty()) {
    if (e->value().type() != ObjType::kHash) return false;
    if (HashMinFieldTtl(e->value()) <= ctx.ExpireNowMs()) {
      bool deleted = false;
      ExpireHashFields(ctx.server, *ctx.db, e, ctx.ExpireNowMs(), SIZE_MAX, &deleted);
      if (deleted) return false;
    }
    return HashGet(e->value(), p.field, scratch, out);
  }
  if (e->value().type() != ObjType::kString) return false;
  *out = e->value().StringView(scratch);
  return true;
}

// Redis 7.0's numeric sort key: strtod over the C string (up to a NUL), which must be consumed whole, without
// ERANGE (overflow, or an underflow such as 1e-400 or a subnormal) and not NaN. So "", " 7", "0x10", "inf"
// are numbers and "1 ", "1e", "nan" are not. Redis tests an errno it never cleared, so one ERANGE makes later
// SORTs on that connection fail too until some syscall happens to fail; ringkv judges each value alone.
bool ParseSortScore(std::string_view s, double* out) {
  s = CPrefix(s);
  // strtod needs a NUL-terminated copy: on the stack when short.
  char small[64];
  std::string big;
  const char* buf;
  if (s.size() < sizeof(small)) {
    std::copy(s.begin(), s.end(), small);
    small[s.size()] = '\0';
    buf = small;
  } else {
    big.assign(s);
    buf = big.c_str();
  }
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(buf, &end);
  if (*end != '\0' || errno == ERANGE || std::isnan(d)) return false;
  *out = d;
  return true;
}

// Redis's compareStringObjects: bytes, then length.
int CompareBinary(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Redis compares ALPHA keys with strcoll, on C strings. redis-server sets LC_COLLATE from the environment;
// ringkv always collates as the C (and C.UTF-8) locale does, which is strcmp: unsigned bytes up to a NUL.
int CompareCollate(std::string_view a, std::string_view b) { return CompareBinary(CPrefix(a), CPrefix(b)); }

// Copies of the elements and BY values for one SORT, in blocks that never move, so views stay valid while
// the keyspace and the source value change around them (lazy expiry during lookups, STORE onto the source).
class ByteArena {
 public:
  std::string_view Copy(std::string_view s) {
    if (s.size() > left_) {
      const size_t n = std::max(kBlock, s.size());
      blocks_.push_back(std::make_unique<char[]>(n));
      next_ = blocks_.back().get();
      left_ = n;
    }
    char* at = next_;
    if (!s.empty()) std::memcpy(at, s.data(), s.size());
    next_ += s.size();
    left_ -= s.size();
    return {at, s.size()};
  }

 private:
  static constexpr size_t kBlock = 16 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

// One element being sorted (Redis's redisSortObject).
struct SortItem {
  std::string_view elem;
  double score = 0;    // numeric sort: the element's or its BY value's number (0 when the BY key is missing)
  std::string_view by;  // ALPHA with BY: the BY value, when found
  bool has_by = false;
};

// Redis's sortCompare, with its settings.
struct SortCompare {
  bool desc = false;
  bool alpha = false;
  bool by_pattern = false;
  bool store = false;  // Redis compares binary-safe when storing, with strcoll when replying

  int operator()(const SortItem& a, const SortItem& b) const {
    int cmp;
    if (!alpha) {
      if (a.score > b.score) {
        cmp = 1;
      } else if (a.score < b.score) {
        cmp = -1;
      } else {
        cmp = CompareBinary(a.elem, b.elem);  // equal scores: the elements' bytes decide
      }
    } else if (by_pattern) {
      if (!a.has_by || !b.has_by) {
        cmp = a.has_by == b.has_by ? 0 : (a.has_by ? 1 : -1);  // a missing BY value sorts first
      } else {
        cmp = store ? CompareBinary(a.by, b.by) : CompareCollate(a.by, b.by);
      }
    } else {
      cmp = store ? CompareBinary(a.elem, b.elem) : CompareCollate(a.elem, b.elem);
    }
    return desc ? -cmp : cmp;
  }
};

// Redis's pqsort: Bentley and McIlroy's quicksort (median of three, ninther above 40 elements, insertion sort
// below 7, elements equal to the pivot gathered at both ends and swapped to the middle), descending only into
// the partitions that overlap [want_lo, want_hi]. Unstable: it is reproduced step by step so that equal
// elements land where Redis puts them. Sorts items[lo, lo + n).
class PartialQuickSort {
 public:
  PartialQuickSort(std::vector<SortItem>& items, const SortCompare& cmp, int64_t want_lo, int64_t want_hi)
      : v_(items), cmp_(cmp), want_lo_(want_lo), want_hi_(want_hi) {}

  void Sort(int64_t lo, int64_t n) {
    for (;;) {
      if (n < 7) {
        for (int64_t m = lo + 1; m < lo + n; ++m)
          for (int64_t l = m; l > lo && Cmp(l - 1, l) > 0; --l) Swap(l, l - 1);
        return;
      }
      int64_t mid = lo + n / 2;
      if (n > 7) {
        int64_t first = lo, last = lo + n - 1;
        if (n > 40) {
          const int64_t d = n / 8;
          first = Median3(first, first + d, first + 2 * d);
          mid = Median3(mid - d, mid, mid + d);
          last = Median3(last - 2 * d, last - d, last);
        }
        mid = Median3(first, mid, last);
      }
      Swap(lo, mid);  // the pivot waits at lo
      // [lo+1, a): equal to the pivot; [a, b): less; (c, d]: greater; (d, lo+n): equal.
      int64_t a = lo + 1, b = lo + 1, c = lo + n - 1, d = lo + n - 1;
      for (;;) {
        int r;
        while (b <= c && (r = Cmp(b, lo)) <= 0) {
          if (r == 0) Swap(a++, b);
          ++b;
        }
        while (b <= c && (r = Cmp(c, lo)) >= 0) {
          if (r == 0) Swap(c, d--);
          --c;
        }
        if (b > c) break;
        Swap(b++, c--);
      }
      const int64_t end = lo + n;
      int64_t r = std::min(a - lo, b - a);
      SwapBlocks(lo, b - r, r);
      r = std::min(d - c, end - d - 1);
      SwapBlocks(b, end - r, r);
      if ((r = b - a) > 1 && Overlaps(lo, r)) Sort(lo, r);
      if ((r = d - c) > 1 && Overlaps(end - r, r)) {
        lo = end - r;  // the right part by iteration, as pqsort does
        n = r;
        continue;
      }
      return;
    }
  }

 private:
  int Cmp(int64_t i, int64_t j) const { return cmp_(v_[static_cast<size_t>(i)], v_[static_cast<size_t>(j)]); }
  void Swap(int64_t i, int64_t j) { std::swap(v_[static_cast<size_t>(i)], v_[static_cast<size_t>(j)]); }
  void SwapBlocks(int64_t i, int64_t j, int64_t n) {
    for (int64_t k = 0; k < n; ++k) Swap(i + k, j + k);
  }
  int64_t Median3(int64_t a, int64_t b, int64_t c) const {
    return Cmp(a, b) < 0 ? (Cmp(b, c) < 0 ? b : (Cmp(a, c) < 0 ? c : a))
                         : (Cmp(b, c) > 0 ? b : (Cmp(a, c) < 0 ? a : c));
  }
  // pqsort skips a partition [s, s + len) only when the wanted range lies wholly before or after it.
  bool Overlaps(int64_t s, int64_t len) const {
    const bool before = want_lo_ < s && want_hi_ < s;
    const bool after = want_lo_ >= s + len && want_hi_ >= s + len;
    return !(before || after);
  }

  std::vector<SortItem>& v_;
  const SortCompare& cmp_;
  int64_t want_lo_, want_hi_;
};

// ---------------------------------------------------------------------------------------------------------
// The command.
// ---------------------------------------------------------------------------------------------------------

struct SortArgs {
  bool desc = false;
  bool alpha = false;
  bool dontsort = false;  // a BY pattern without '*': no sorting (sticky, as in Redis, once any BY had none)
  int64_t limit_start = 0;
  int64_t limit_count = -1;
  bool has_by = false;
  Pattern by;
  std::vector<Pattern> gets;
  bool has_store = false;
  std::string_view store;
};

// Redis's option loop: later options override earlier ones; an unknown word, or a known one without its
// arguments, is a syntax error; a bad LIMIT number is Redis's integer error. SORT_RO knows no STORE.
bool ParseSortArgs(CommandContext& ctx, bool readonly, SortArgs* a) {
  const size_t argc = ctx.argc();
  for (size_t j = 2; j < argc; ++j) {
    const std::string_view opt = ctx.argv[j];
    const size_t left = argc - j - 1;
    if (EqualsIgnoreCase(opt, "asc")) {
      a->desc = false;
    } else if (EqualsIgnoreCase(opt, "desc")) {
      a->desc = true;
    } else if (EqualsIgnoreCase(opt, "alpha")) {
      a->alpha = true;
    } else if (EqualsIgnoreCase(opt, "limit") && left >= 2) {
      if (!ctx.Int64OrReply(ctx.argv[j + 1], &a->limit_start) || !ctx.Int64OrReply(ctx.argv[j + 2], &a->limit_count))
        return false;
      j += 2;
    } else if (!readonly && EqualsIgnoreCase(opt, "store") && left >= 1) {
      a->has_store = true;
      a->store = ctx.argv[++j];
    } else if (EqualsIgnoreCase(opt, "by") && left >= 1) {
      a->has_by = true;
      a->by = ParsePattern(ctx.argv[++j]);
      if (!a->by.has_star) a->dontsort = true;
    } else if (EqualsIgnoreCase(opt, "get") && left >= 1) {
      a->gets.push_back(ParsePattern(ctx.argv[++j]));
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
  }
  return true;
}

// Loads count elements of a list from index `from`, counted from the head, or (from_tail: a DESC without
// sorting, Redis's direct load of the wanted range) from the tail.
void LoadList(const Value& v, int64_t from, int64_t count, bool from_tail, ByteArena* arena,
              std::vector<SortItem>* items) {
  const Quicklist& ql = ListOf(v);
  const int64_t len = static_cast<int64_t>(ql.size());
  Quicklist::Reader r(ql, from_tail ? len - from - 1 : from, !from_tail);
  Quicklist::Elem el;
  char buf[ds::kInt64BufBytes];
  while (static_cast<int64_t>(items->size()) < count && r.Next(&el)) {
    SortItem it;
    it.elem = arena->Copy(el.View(buf));
    items->push_back(it);
  }
}

// Loads count elements of a sorted set from rank `from`, in its order or (from_tail: DESC without sorting)
// in reverse from the top.
void LoadZset(const Value& v, int64_t from, int64_t count, bool from_tail, ByteArena* arena,
              std::vector<SortItem>* items) {
  const int64_t len = static_cast<int64_t>(ZsetLength(v));
  ZsetCursor c = ZsetCursor::AtRank(v, static_cast<uint64_t>(from_tail ? len - from - 1 : from));
  for (int64_t i = 0; i < count && c.valid(); ++i) {
    SortItem it;
    it.elem = arena->Copy(c.member());
    items->push_back(it);
    if (from_tail) {
      c.Prev();
    } else {
      c.Next();
    }
  }
}

size_t SourceLength(const Value& v) {
  switch (v.type()) {
    case ObjType::kList: return ListOf(v).size();
    case ObjType::kSet: return SetSize(v);
    default: return ZsetLength(v);
  }
}

void SortGeneric(CommandContext& ctx, bool readonly) {
  SortArgs a;
  if (!ParseSortArgs(ctx, readonly, &a)) return;

  Entry* src = ctx.LookupRead(ctx.argv[1]);
  if (src != nullptr) {
    const ObjType t = src->value().type();
    if (t != ObjType::kList && t != ObjType::kSet && t != ObjType::kZSet) {
      ctx.ReplyError(kErrWrongType);
      return;
    }
    // Redis reads sorted sets through their skiplist and converts a listpack one for good, SORT_RO too (its
    // OBJECT ENCODING says "skiplist" afterwards). Only the representation changes: no event, no dirty.
    if (t == ObjType::kZSet && src->value().encoding() == Encoding::kListpack)
      ZsetConvertToSkiplist(ctx.db->Reencode(src));
  }
  // A missing key sorts as an empty list.
  const ObjType type = src == nullptr ? ObjType::kList : src->value().type();
  bool alpha = a.alpha, dontsort = a.dontsort, by_pattern = a.has_by;
  // A set's own order is its hash table's, which differs between a master and its replicas (and between
  // runs of a script): when the result is stored, Redis sorts it as ALPHA instead. (Scripts would force it
  // too; ringkv runs none yet.)
  if (dontsort && type == ObjType::kSet && a.has_store) {
    dontsort = false;
    alpha = true;
    by_pattern = false;
  }

  const int64_t vectorlen = src == nullptr ? 0 : static_cast<int64_t>(SourceLength(src->value()));
  // Redis's LIMIT clamping, bounded by the size first so nothing overflows.
  int64_t start = std::min(std::max(a.limit_start, int64_t{0}), vectorlen);
  const int64_t count = std::min(std::max(a.limit_count, int64_t{-1}), vectorlen);
  int64_t end = count < 0 ? vectorlen - 1 : start + count - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  ByteArena arena;
  std::vector<SortItem> items;
  if (src != nullptr) {
    const Value& v = src->value();
    if (type != ObjType::kSet && dontsort) {
      // The list's or sorted set's own order (reversed by DESC), only the wanted range loaded; the output
      // starts at 0.
      const int64_t n = end - start + 1;
      if (n > 0) {
        items.reserve(static_cast<size_t>(n));
        if (type == ObjType::kList) {
          LoadList(v, start, n, a.desc, &arena, &items);
        } else {
          LoadZset(v, start, n, a.desc, &arena, &items);
        }
        end -= start;
        start = 0;
      }
    } else if (type == ObjType::kList) {
      items.reserve(static_cast<size_t>(vectorlen));
      LoadList(v, 0, vectorlen, false, &arena, &items);
    } else if (type == ObjType::kZSet) {
      // Redis loads them from its dict, in hash order; only ties between equal ALPHA BY values can show it.
      items.reserve(static_cast<size_t>(vectorlen));
      LoadZset(v, 0, vectorlen, false, &arena, &items);
    } else {
      items.reserve(static_cast<size_t>(vectorlen));
      char buf[ds::kInt64BufBytes];
      SetForEach(v, [&](const SetElem& e) {
        SortItem it;
        it.elem = arena.Copy(e.View(buf));
        items.push_back(it);
      });
    }
  }

  bool conversion_error = false;
  if (!dontsort) {
    std::string key_buf;
    char scratch[ds::kInt64BufBytes];
    for (SortItem& it : items) {
      std::string_view byval = it.elem;
      if (by_pattern && !LookupByPattern(ctx, a.by, it.elem, &key_buf, scratch, &byval)) continue;
      if (alpha) {
        if (by_pattern) {
          it.by = arena.Copy(byval);
          it.has_by = true;
        }
      } else if (!ParseSortScore(byval, &it.score)) {
        conversion_error = true;
      }
    }
    // (Redis sorts before it reports a bad score; the order is not seen then, so ringkv skips the work.)
    const SortCompare cmp{.desc = a.desc, .alpha = alpha, .by_pattern = by_pattern, .store = a.has_store};
    const int64_t n = static_cast<int64_t>(items.size());
    if (!conversion_error && by_pattern && (start != 0 || end != n - 1)) {
      PartialQuickSort(items, cmp, start, end).Sort(0, n);
    } else if (!conversion_error) {
      std::stable_sort(items.begin(), items.end(),
                       [&](const SortItem& x, const SortItem& y) { return cmp(x, y) < 0; });
    }
  }

  const int64_t rows = end - start + 1;
  const int64_t outputlen = a.gets.empty() ? rows : static_cast<int64_t>(a.gets.size()) * rows;
  if (conversion_error) {
    ctx.ReplyError("ERR One or more scores can't be converted into double");
    return;
  }
  std::string key_buf;
  char scratch[ds::kInt64BufBytes];
  if (!a.has_store) {
    ctx.rb.ArrayHeader(static_cast<size_t>(std::max<int64_t>(outputlen, 0)));
    for (int64_t j = start; j <= end; ++j) {
      const SortItem& it = items[static_cast<size_t>(j)];
      if (a.gets.empty()) ctx.rb.Bulk(it.elem);
      for (const Pattern& p : a.gets) {
        std::string_view val;
        if (LookupByPattern(ctx, p, it.elem, &key_buf, scratch, &val)) {
          ctx.rb.Bulk(val);
        } else {
          ctx.rb.Null();
        }
      }
    }
    return;
  }

  // STORE: a new quicklist with Redis's built-in node options (7.0's SORT does not apply the configured
  // list-max-listpack-size or list-compress-depth to it), a GET that finds nothing stored as "".
  auto* ql = new Quicklist(-2, 0);
  Value result;
  result.SetPtr(ObjType::kList, Encoding::kQuicklist, ql);
  for (int64_t j = start; j <= end; ++j) {
    const SortItem& it = items[static_cast<size_t>(j)];
    if (a.gets.empty()) ql->Push(Quicklist::End::kTail, it.elem);
    for (const Pattern& p : a.gets) {
      std::string_view val;
      if (!LookupByPattern(ctx, p, it.elem, &key_buf, scratch, &val)) val = {};
      ql->Push(Quicklist::End::kTail, val);
    }
  }
  if (outputlen > 0) {
    // Redis's setKey: the destination's TTL goes, whatever it held is replaced.
    Entry* dst = ctx.LookupWrite(a.store);
    if (dst != nullptr) {
      ctx.db->Overwrite(dst, kNotifyList, "sortstore") = std::move(result);
    } else {
      ctx.db->Add(a.store, std::move(result), kNotifyList, "sortstore");
    }
    ctx.Dirty(outputlen);
  } else if (ctx.db->DeleteKey(a.store)) {
    ctx.Dirty();
  }
  ctx.rb.Integer(std::max<int64_t>(outputlen, 0));
}

void SortCommand(CommandContext& ctx) { SortGeneric(ctx, false); }
void SortRoCommand(CommandContext& ctx) { SortGeneric(ctx, true); }

// Redis's sortGetKeys for COMMAND GETKEYS and cluster checks: the sorted key, and the last STORE's key.
// LIMIT skips two arguments, GET and BY one; STORE does not skip its key (so "STORE STORE d" stores in d).
void SortGetKeys(const std::vector<std::string_view>& argv, std::vector<int>* keys) {
  keys->push_back(1);
  int store = 0;
  const size_t argc = argv.size();
  for (size_t i = 2; i < argc; ++i) {
    if (EqualsIgnoreCase(argv[i], "limit")) {
      i += 2;
    } else if (EqualsIgnoreCase(argv[i], "get") || EqualsIgnoreCase(argv[i], "by")) {
      i += 1;
    } else if (EqualsIgnoreCase(argv[i], "store") && i + 1 < argc) {
      store = static_cast<int>(i + 1);
    }
  }
  if (store != 0) keys->push_back(store);
}

// SORT_RO's only key is the one it sorts.
void SortRoGetKeys(const std::vector<std::string_view>&, std::vector<int>* keys) { keys->push_back(1); }

}  // namespace

void RegisterSortCommands(CommandTable& t) {
  t.Add("sort", SortCommand, SortGetKeys);
  t.Add("sort_ro", SortRoCommand, SortRoGetKeys);
}

}  // namespace ringkv::core
