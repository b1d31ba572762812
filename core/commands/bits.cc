// The bitmap family: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO over string values,
// with Redis 7.0's argument order, replies and error strings. Bit 0 is the most significant bit of byte 0.
// Layout: pure Op* helpers first, then the handlers (parse, call, reply), then the registration table.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/config.h"
#include "core/context.h"
#include "core/server.h"
#include "ds/bitops.h"
#include "ds/numconv.h"

namespace ringkv::core {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Ops: pure functions on byte strings.
// ---------------------------------------------------------------------------------------------------------

const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

enum class BitOp { kAnd, kOr, kXor, kNot };

// The length of BITOP's result: the longest source. Zero when every source is empty (the caller then
// deletes the destination).
size_t OpBitOpLength(const std::vector<std::string_view>& srcs) {
  size_t max_len = 0;
  for (std::string_view s : srcs) max_len = std::max(max_len, s.size());
  return max_len;
}

// BITOP's result over srcs into res (OpBitOpLength(srcs) zero bytes), each source read as if padded with zero
// bytes to the longest one. NOT has exactly one source.
void OpBitOp(BitOp op, const std::vector<std::string_view>& srcs, uint8_t* res) {
  const size_t max_len = OpBitOpLength(srcs);
  if (max_len == 0) return;
  std::memcpy(res, srcs[0].data(), srcs[0].size());
  if (op == BitOp::kNot) {
    for (size_t i = 0; i < max_len; ++i) res[i] = static_cast<uint8_t>(~res[i]);
    return;
  }
  // One pass per source over plain byte loops: the compiler vectorises them, and the zero padding of a
  // shorter source only matters for AND (it clears the tail); OR and XOR with zero leave bytes as they are.
  for (size_t k = 1; k < srcs.size(); ++k) {
    const uint8_t* src = Bytes(srcs[k]);
    const size_t n = srcs[k].size();
    switch (op) {
      case BitOp::kAnd:
        for (size_t i = 0; i < n; ++i) res[i] &= src[i];
        std::memset(res + n, 0, max_len - n);
        break;
      case BitOp::kOr:
        for (size_t i = 0; i < n; ++i) res[i] |= src[i];
        break;
      case BitOp::kXor:
        for (size_t i = 0; i < n; ++i) res[i] ^= src[i];
        break;
      case BitOp::kNot:
        break;
    }
  }
}

// Redis's index normalisation for BITCOUNT and BITPOS ranges over total units (bytes or bits): negative
// indexes count from the end, then both clamp into [0, total-1]. The range may come out empty (start > end).
void OpNormalizeRange(int64_t total, int64_t* start, int64_t* end) {
  if (*start < 0) *start += total;
  if (*end < 0) *end += total;
  if (*start < 0) *start = 0;
  if (*end < 0) *end = 0;
  if (*end >= total) *end = total - 1;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers.
// ---------------------------------------------------------------------------------------------------------

constexpr std::string_view kErrBitOffset = "ERR bit offset is not an integer or out of range";
constexpr std::string_view kErrBitValue = "ERR bit is not an integer or out of range";
constexpr std::string_view kErrBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

// Redis's getBitOffsetFromArgument: a bit offset that is a non-negative integer whose byte lies below
// proto-max-bulk-len (so no bitmap command grows a string past the protocol's limit). With allow_hash (BITFIELD)
// "#n" means n * bits; the product wraps like Redis's signed multiply does on the machines it runs on.
bool BitOffsetOrReply(CommandContext& ctx, std::string_view arg, bool allow_hash, int bits, uint64_t* out) {
  const bool use_hash = allow_hash && bits > 0 && !arg.empty() && arg[0] == '#';
  int64_t offset;
  if (!ds::StringToInt64(use_hash ? arg.substr(1) : arg, &offset)) {
    ctx.ReplyError(kErrBitOffset);
    return false;
  }
  if (use_hash) offset = static_cast<int64_t>(static_cast<uint64_t>(offset) * static_cast<uint64_t>(bits));
  if (offset < 0 || (offset >> 3) >= ctx.server.config().proto_max_bulk_len) {
    ctx.ReplyError(kErrBitOffset);
    return false;
  }
  *out = static_cast<uint64_t>(offset);
  return true;
}

// The string bytes of a value; an int-encoded value is printed into scratch (>= kInt64BufBytes).
std::string_view ReadBytes(const Value* v, char* scratch) {
  return v == nullptr ? std::string_view() : v->StringView(scratch);
}

// Redis's lookupStringForBitCommand, split where the change really happens. Looking up: the key's entry for
// a bit write (null when missing), made raw in place as Redis's dbUnshareStringValue; false (WRONGTYPE
// replied) for another type. The growth (and creation) waits for BitmapWriter::Bytes, which runs only when a
// bit is written, so a command that writes nothing changes nothing and signals nothing.
bool BitmapForWriteOrReply(CommandContext& ctx, std::string_view key, Entry** e) {
  *e = ctx.LookupWrite(key);
  if (ctx.WrongTypeReply(*e, ObjType::kString)) return false;
  if (*e != nullptr) ctx.db->UnshareString(*e);
  return true;
}

// The bitmap a bit command writes: the key's value, or (for a missing key) a new value created exactly `need`
// bytes long and added to the db by Finish. The first Bytes() signals the write (once per command, as Redis
// notifies once) and grows the string to need bytes; reads before that go through Current().
class BitmapWriter {
 public:
  BitmapWriter(CommandContext& ctx, std::string_view key, Entry* e, size_t need)
      : ctx_(ctx), key_(key), e_(e), need_(need) {}

  // Whether the write makes the string longer (or creates it): that alone counts as a change in Redis.
  bool grows() const { return e_ == nullptr || e_->value().StringLength() < need_; }
  // The bytes as they are now, for reading (a missing key reads as empty).
  const Value* Current() const { return writable_ != nullptr ? writable_ : e_ != nullptr ? &e_->value() : nullptr; }
  // The bytes to write, at least need bytes long.
  uint8_t* Bytes(std::string_view event) {
    if (writable_ == nullptr) {
      if (e_ == nullptr) {
        bytes_ = reinterpret_cast<uint8_t*>(new_value_.SetRawZeros(need_));
        writable_ = &new_value_;
      } else {
        writable_ = &ctx_.db->Write(e_, kNotifyString, event);
        bytes_ = reinterpret_cast<uint8_t*>(writable_->GrowString(need_));
      }
    }
    return bytes_;
  }
  // A missing key written to is added now ("new", then event): its value was built aside.
  void Finish(std::string_view event) {
    if (e_ == nullptr && writable_ != nullptr) ctx_.db->Add(key_, std::move(new_value_), kNotifyString, event);
  }

 private:
  CommandContext& ctx_;
  std::string_view key_;
  Entry* e_;
  size_t need_;
  Value new_value_;
  Value* writable_ = nullptr;
  uint8_t* bytes_ = nullptr;
};

// SETBIT key offset value: replies the bit's previous value.
void SetBitCommand(CommandContext& ctx) {
  const std::string_view key = ctx.argv[1];
  uint64_t offset;
  if (!BitOffsetOrReply(ctx, ctx.argv[2], false, 0, &offset)) return;
  int64_t on;
  if (!ctx.Int64OrReply(ctx.argv[3], &on, kErrBitValue)) return;
  if (on & ~int64_t{1}) {
    ctx.ReplyError(kErrBitValue);
    return;
  }
  Entry* e;
  if (!BitmapForWriteOrReply(ctx, key, &e)) return;
  const uint64_t byte_index = offset >> 3;
  const uint8_t mask = static_cast<uint8_t>(1u << (7 - (offset & 7)));
  char scratch[ds::kInt64BufBytes];
  const std::string_view before = ReadBytes(e != nullptr ? &e->value() : nullptr, scratch);
  const bool was_set = byte_index < before.size() && (static_cast<uint8_t>(before[byte_index]) & mask) != 0;
  BitmapWriter bitmap(ctx, key, e, static_cast<size_t>(byte_index) + 1);
  // Created, lengthened, or the bit flips: that is a change (Redis's dirty || bit differs).
  if (bitmap.grows() || was_set != (on == 1)) {
    uint8_t& b = bitmap.Bytes("setbit")[byte_index];
    b = static_cast<uint8_t>(on ? (b | mask) : (b & ~mask));
    bitmap.Finish("setbit");
    ctx.Dirty();
  }
  ctx.rb.Integer(was_set ? 1 : 0);
}

// GETBIT key offset: bits past the end (or of a missing key) are 0.
void GetBitCommand(CommandContext& ctx) {
  uint64_t offset;
  if (!BitOffsetOrReply(ctx, ctx.argv[2], false, 0, &offset)) return;
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  char scratch[ds::kInt64BufBytes];
  const std::string_view s = e->value().StringView(scratch);
  const uint64_t byte = offset >> 3;
  int bit = 0;
  if (byte < s.size()) bit = (static_cast<uint8_t>(s[byte]) >> (7 - (offset & 7))) & 1;
  ctx.rb.Integer(bit);
}

// BITOP AND|OR|XOR|NOT destkey key [key ...]: missing sources are empty strings; the result is stored raw
// with no TTL, or the destination is deleted when the result is empty. Replies the result's length.
void BitOpCommand(CommandContext& ctx) {
  const std::string_view name = ctx.argv[1];
  BitOp op;
  if (EqualsIgnoreCase(name, "AND")) {
    op = BitOp::kAnd;
  } else if (EqualsIgnoreCase(name, "OR")) {
    op = BitOp::kOr;
  } else if (EqualsIgnoreCase(name, "XOR")) {
    op = BitOp::kXor;
  } else if (EqualsIgnoreCase(name, "NOT")) {
    op = BitOp::kNot;
  } else {
    ctx.ReplySyntaxError();
    return;
  }
  if (op == BitOp::kNot && ctx.argc() != 4) {
    ctx.ReplyError("ERR BITOP NOT must be called with a single source key.");
    return;
  }

  const size_t num_srcs = ctx.argc() - 3;
  // Int-encoded sources are printed into their own scratch slot; the views must stay valid until OpBitOp.
  std::vector<std::array<char, ds::kInt64BufBytes>> scratch(num_srcs);
  std::vector<std::string_view> srcs;
  srcs.reserve(num_srcs);
  for (size_t j = 0; j < num_srcs; ++j) {
    const Entry* e = ctx.LookupRead(ctx.argv[j + 3]);
    if (ctx.WrongTypeReply(e, ObjType::kString)) return;
    srcs.push_back(ReadBytes(e != nullptr ? &e->value() : nullptr, scratch[j].data()));
  }
  // Computed into a value of its own before the destination (maybe a source) is touched; raw whatever the
  // length, as Redis stores the sds it built.
  const size_t len = OpBitOpLength(srcs);
  Value result;
  OpBitOp(op, srcs, reinterpret_cast<uint8_t*>(result.SetRawZeros(len)));

  const std::string_view dest = ctx.argv[2];
  if (len > 0) {
    // Redis's setKey: the destination is looked up for writing, replaced whole, its TTL gone.
    Entry* e = ctx.LookupWrite(dest);
    if (e == nullptr) {
      ctx.db->Add(dest, std::move(result), kNotifyString, "set");
    } else {
      ctx.db->Overwrite(e, kNotifyString, "set") = std::move(result);
    }
    ctx.Dirty();
  } else if (ctx.db->DeleteKey(dest)) {
    ctx.Dirty();
  }
  ctx.rb.Integer(static_cast<int64_t>(len));
}

// Parses "BIT"/"BYTE" (the BITCOUNT and BITPOS unit); false after replying a syntax error.
bool UnitIsBitOrReply(CommandContext& ctx, std::string_view arg, bool* is_bit) {
  if (EqualsIgnoreCase(arg, "BIT")) {
    *is_bit = true;
  } else if (EqualsIgnoreCase(arg, "BYTE")) {
    *is_bit = false;
  } else {
    ctx.ReplySyntaxError();
    return false;
  }
  return true;
}

// BITCOUNT key [start end [BYTE|BIT]]. Redis 7.0 looks the key up before parsing the range, so a missing key
// answers 0 even when the range is malformed; two negative indexes with start > end answer 0 before the
// unit is even parsed.
void BitCountCommand(CommandContext& ctx) {
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  char scratch[ds::kInt64BufBytes];
  const std::string_view s = e->value().StringView(scratch);

  int64_t start = 0, end = static_cast<int64_t>(s.size()) - 1;
  bool is_bit = false;
  if (ctx.argc() == 4 || ctx.argc() == 5) {
    if (!ctx.Int64OrReply(ctx.argv[2], &start) || !ctx.Int64OrReply(ctx.argv[3], &end)) return;
    if (start < 0 && end < 0 && start > end) {
      ctx.rb.Integer(0);
      return;
    }
    if (ctx.argc() == 5 && !UnitIsBitOrReply(ctx, ctx.argv[4], &is_bit)) return;
    const auto total = static_cast<int64_t>(s.size()) * (is_bit ? 8 : 1);
    OpNormalizeRange(total, &start, &end);
  } else if (ctx.argc() != 2) {
    ctx.ReplySyntaxError();
    return;
  }
  if (start > end) {
    ctx.rb.Integer(0);
    return;
  }
  const uint64_t count =
      is_bit ? ds::PopCountBits(Bytes(s), s.size(), start, end)
             : ds::PopCount(Bytes(s) + start, static_cast<size_t>(end - start + 1));
  ctx.rb.Integer(static_cast<int64_t>(count));
}

// BITPOS key bit [start [end [BYTE|BIT]]]. A missing key is an endless run of zeros (0 for bit 0, -1 for
// bit 1). Looking for 0 without an explicit end treats the string as zero padded on the right, so an all-ones
// string answers its length in bits; with an explicit end the search stops there and answers -1.
void BitPosCommand(CommandContext& ctx) {
  int64_t bit;
  if (!ctx.Int64OrReply(ctx.argv[2], &bit)) return;
  if (bit != 0 && bit != 1) {
    ctx.ReplyError("ERR The bit argument must be 1 or 0.");
    return;
  }
  const Entry* e = ctx.LookupRead(ctx.argv[1]);
  if (e == nullptr) {
    ctx.rb.Integer(bit ? -1 : 0);
    return;
  }
  if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  char scratch[ds::kInt64BufBytes];
  const std::string_view s = e->value().StringView(scratch);
  const auto len = static_cast<int64_t>(s.size());

  int64_t start = 0, end = len - 1;
  bool is_bit = false, end_given = false;
  if (ctx.argc() >= 4 && ctx.argc() <= 6) {
    // Redis's order: start, then the unit, then end.
    if (!ctx.Int64OrReply(ctx.argv[3], &start)) return;
    if (ctx.argc() == 6 && !UnitIsBitOrReply(ctx, ctx.argv[5], &is_bit)) return;
    if (ctx.argc() >= 5) {
      if (!ctx.Int64OrReply(ctx.argv[4], &end)) return;
      end_given = true;
    }
    OpNormalizeRange(is_bit ? len * 8 : len, &start, &end);
  } else if (ctx.argc() != 3) {
    ctx.ReplySyntaxError();
    return;
  }
  if (start > end) {
    ctx.rb.Integer(-1);
    return;
  }
  const int b = static_cast<int>(bit);
  if (is_bit) {
    ctx.rb.Integer(ds::BitPosBits(Bytes(s), s.size(), b, start, end));
    return;
  }
  const auto bytes = static_cast<size_t>(end - start + 1);
  int64_t pos = ds::BitPos(Bytes(s) + start, bytes, b);
  if (end_given && b == 0 && pos == static_cast<int64_t>(bytes) * 8) {
    ctx.rb.Integer(-1);
    return;
  }
  if (pos != -1) pos += start * 8;
  ctx.rb.Integer(pos);
}

// ---- BITFIELD ----

enum class FieldOp { kGet, kSet, kIncrBy };

struct FieldRequest {
  FieldOp op;
  bool is_signed;
  int bits;
  uint64_t offset;
  int64_t value;  // SET's value or INCRBY's increment
  ds::BitfieldOverflow overflow;
};

// Redis's getBitfieldTypeFromArgument: 'i' or 'u' (lower case only) then the width, i1..i64 or u1..u63 (a
// u64 could not be replied as a RESP integer). Redis reads the width as a C string, so it stops at a NUL.
bool FieldTypeOrReply(CommandContext& ctx, std::string_view arg, bool* is_signed, int* bits) {
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) {
    ctx.ReplyError(kErrBitfieldType);
    return false;
  }
  *is_signed = arg[0] == 'i';
  std::string_view width = arg.substr(1);
  width = width.substr(0, width.find('\0'));
  int64_t n;
  if (!ds::StringToInt64(width, &n) || n < 1 || n > (*is_signed ? 64 : 63)) {
    ctx.ReplyError(kErrBitfieldType);
    return false;
  }
  *bits = static_cast<int>(n);
  return true;
}

// Parses every subcommand before anything runs (an error anywhere means nothing is done). OVERFLOW applies
// to the SET/INCRBY operations after it. *max_write_bit is the last bit any write touches.
bool FieldRequestsOrReply(CommandContext& ctx, std::vector<FieldRequest>* out, bool* has_write,
                          uint64_t* max_write_bit) {
  ds::BitfieldOverflow overflow = ds::BitfieldOverflow::kWrap;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    const size_t remaining = ctx.argc() - j - 1;
    const std::string_view sub = ctx.argv[j];
    FieldRequest req{};
    if (EqualsIgnoreCase(sub, "GET") && remaining >= 2) {
      req.op = FieldOp::kGet;
    } else if (EqualsIgnoreCase(sub, "SET") && remaining >= 3) {
      req.op = FieldOp::kSet;
    } else if (EqualsIgnoreCase(sub, "INCRBY") && remaining >= 3) {
      req.op = FieldOp::kIncrBy;
    } else if (EqualsIgnoreCase(sub, "OVERFLOW") && remaining >= 1) {
      const std::string_view mode = ctx.argv[++j];
      if (EqualsIgnoreCase(mode, "WRAP")) {
        overflow = ds::BitfieldOverflow::kWrap;
      } else if (EqualsIgnoreCase(mode, "SAT")) {
        overflow = ds::BitfieldOverflow::kSat;
      } else if (EqualsIgnoreCase(mode, "FAIL")) {
        overflow = ds::BitfieldOverflow::kFail;
      } else {
        ctx.ReplyError("ERR Invalid OVERFLOW type specified");
        return false;
      }
      continue;
    } else {
      ctx.ReplySyntaxError();
      return false;
    }
    if (!FieldTypeOrReply(ctx, ctx.argv[j + 1], &req.is_signed, &req.bits)) return false;
    if (!BitOffsetOrReply(ctx, ctx.argv[j + 2], true, req.bits, &req.offset)) return false;
    if (req.op != FieldOp::kGet) {
      *has_write = true;
      *max_write_bit = std::max(*max_write_bit, req.offset + static_cast<uint64_t>(req.bits) - 1);
      if (!ctx.Int64OrReply(ctx.argv[j + 3], &req.value)) return false;
      j += 3;
    } else {
      j += 2;
    }
    req.overflow = overflow;
    out->push_back(req);
  }
  return true;
}

// Runs one SET or INCRBY on bitmap and replies its result: the old value for SET, the new one for INCRBY, nil
// when OVERFLOW FAIL refused it. Returns whether it counts as a change: as in Redis, a write that was done
// counts when the bits changed or when the string had to grow for this command (grew). Only a change is
// written (an unchanged field needs no write), so the first one is where the command signals.
bool RunFieldWrite(CommandContext& ctx, BitmapWriter& bitmap, const FieldRequest& r, bool grew) {
  char scratch[ds::kInt64BufBytes];
  const std::string_view cur = ReadBytes(bitmap.Current(), scratch);
  bool overflowed;
  if (r.is_signed) {
    const int64_t old_value = ds::GetSignedBitfield(Bytes(cur), cur.size(), r.offset, r.bits);
    int64_t limited = 0;
    int64_t new_value;
    int64_t reply;
    if (r.op == FieldOp::kIncrBy) {
      overflowed = ds::CheckSignedBitfieldOverflow(old_value, r.value, r.bits, r.overflow, &limited) != 0;
      // Added as unsigned: only reached when the sum fits, and never UB when it does not.
      new_value = overflowed ? limited
                             : static_cast<int64_t>(static_cast<uint64_t>(old_value) + static_cast<uint64_t>(r.value));
      reply = new_value;
    } else {
      overflowed = ds::CheckSignedBitfieldOverflow(r.value, 0, r.bits, r.overflow, &limited) != 0;
      new_value = overflowed ? limited : r.value;
      reply = old_value;
    }
    if (overflowed && r.overflow == ds::BitfieldOverflow::kFail) {
      ctx.rb.Null();
      return false;
    }
    ctx.rb.Integer(reply);
    if (!grew && old_value == new_value) return false;
    ds::SetSignedBitfield(bitmap.Bytes("setbit"), r.offset, r.bits, new_value);
    return true;
  }
  const uint64_t old_value = ds::GetUnsignedBitfield(Bytes(cur), cur.size(), r.offset, r.bits);
  uint64_t limited = 0;
  uint64_t new_value;
  int64_t reply;
  if (r.op == FieldOp::kIncrBy) {
    overflowed = ds::CheckUnsignedBitfieldOverflow(old_value, r.value, r.bits, r.overflow, &limited) != 0;
    new_value = overflowed ? limited : old_value + static_cast<uint64_t>(r.value);
    reply = static_cast<int64_t>(new_value);
  } else {
    new_value = static_cast<uint64_t>(r.value);
    overflowed = ds::CheckUnsignedBitfieldOverflow(new_value, 0, r.bits, r.overflow, &limited) != 0;
    if (overflowed) new_value = limited;
    reply = static_cast<int64_t>(old_value);
  }
  if (overflowed && r.overflow == ds::BitfieldOverflow::kFail) {
    ctx.rb.Null();
    return false;
  }
  ctx.rb.Integer(reply);
  if (!grew && old_value == new_value) return false;
  ds::SetUnsignedBitfield(bitmap.Bytes("setbit"), r.offset, r.bits, new_value);
  return true;
}

// BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
//              [OVERFLOW WRAP|SAT|FAIL] ...  (BITFIELD_RO: GET only)
// Offsets are bits, or "#n" for the n-th field of that width. A command with any write grows the string once
// to the farthest bit written (at its first change), then runs the operations in order, each seeing the ones
// before it. Unlike Redis 7.0, a command whose writes all fail (OVERFLOW FAIL) neither creates nor lengthens
// the key: Redis does both without propagating anything, so its replicas never see that change.
void BitFieldGeneric(CommandContext& ctx, bool read_only_command) {
  const std::string_view key = ctx.argv[1];
  std::vector<FieldRequest> reqs;
  bool has_write = false;
  uint64_t max_write_bit = 0;
  if (!FieldRequestsOrReply(ctx, &reqs, &has_write, &max_write_bit)) return;

  Entry* e;
  if (!has_write) {
    e = ctx.LookupRead(key);
    if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  } else {
    if (read_only_command) {
      ctx.ReplyError("ERR BITFIELD_RO only supports the GET subcommand");
      return;
    }
    if (!BitmapForWriteOrReply(ctx, key, &e)) return;
  }
  BitmapWriter bitmap(ctx, key, e, static_cast<size_t>(max_write_bit >> 3) + 1);
  const bool grew = has_write && bitmap.grows();

  int64_t changes = 0;
  ctx.rb.ArrayHeader(reqs.size());
  for (const FieldRequest& r : reqs) {
    if (r.op == FieldOp::kGet) {
      char scratch[ds::kInt64BufBytes];
      const std::string_view s = ReadBytes(bitmap.Current(), scratch);
      if (r.is_signed) {
        ctx.rb.Integer(ds::GetSignedBitfield(Bytes(s), s.size(), r.offset, r.bits));
      } else {
        ctx.rb.Integer(static_cast<int64_t>(ds::GetUnsignedBitfield(Bytes(s), s.size(), r.offset, r.bits)));
      }
      continue;
    }
    if (RunFieldWrite(ctx, bitmap, r, grew)) ++changes;
  }
  if (changes > 0) {
    bitmap.Finish("setbit");
    ctx.Dirty(changes);
  }
}

void BitFieldCommand(CommandContext& ctx) { BitFieldGeneric(ctx, false); }
void BitFieldRoCommand(CommandContext& ctx) { BitFieldGeneric(ctx, true); }

}  // namespace

// Arity, flags, key specs, ACL categories and docs come from the generated metadata (core/command_meta.h).
void RegisterBitCommands(CommandTable& t) {
  t.Add("setbit", SetBitCommand);
  t.Add("getbit", GetBitCommand);
  t.Add("bitcount", BitCountCommand);
  t.Add("bitpos", BitPosCommand);
  t.Add("bitop", BitOpCommand);
  t.Add("bitfield", BitFieldCommand);
  t.Add("bitfield_ro", BitFieldRoCommand);
}

}  // namespace ringkv::core
