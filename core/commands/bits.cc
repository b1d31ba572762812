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

// BITOP's result over srcs, each read as if padded with zero bytes to the longest one. Empty when every
// source is empty (the caller then deletes the destination). NOT has exactly one source.
std::string OpBitOp(BitOp op, const std::vector<std::string_view>& srcs) {
  size_t max_len = 0;
  for (std::string_view s : srcs) max_len = std::max(max_len, s.size());
  std::string out(max_len, '\0');
  if (max_len == 0) return out;
  auto* res = reinterpret_cast<uint8_t*>(out.data());
  std::memcpy(res, srcs[0].data(), srcs[0].size());
  if (op == BitOp::kNot) {
    for (size_t i = 0; i < max_len; ++i) res[i] = static_cast<uint8_t>(~res[i]);
    return out;
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
  return out;
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
std::string_view ReadBytes(const Entry* e, char* scratch) {
  return e == nullptr ? std::string_view() : e->value.StringView(scratch);
}

// Redis's lookupStringForBitCommand: the key's string made raw and zero-padded so bit max_bit is addressable,
// creating the key when missing. Null (WRONGTYPE replied) for another type. *grew tells whether the key was
// created or lengthened, which counts as a change even when no bit flips.
Entry* BitmapForWriteOrReply(CommandContext& ctx, std::string_view key, uint64_t max_bit, bool* grew) {
  const size_t need = static_cast<size_t>(max_bit >> 3) + 1;
  Entry* e = ctx.LookupWrite(key);
  if (ctx.WrongTypeReply(e, ObjType::kString)) return nullptr;
  if (e == nullptr) {
    e = ctx.db->Add(key);
    e->value.SetStringNoInt("");
  }
  std::string& s = e->value.MutableString();  // raw from now on, as Redis's dbUnshareStringValue
  *grew = s.size() < need;
  if (*grew) s.resize(need, '\0');
  return e;
}

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
  bool grew;
  Entry* e = BitmapForWriteOrReply(ctx, key, offset, &grew);
  if (e == nullptr) return;
  std::string& s = e->value.MutableString();
  auto& byte = reinterpret_cast<uint8_t&>(s[offset >> 3]);
  const uint8_t mask = static_cast<uint8_t>(1u << (7 - (offset & 7)));
  const bool was_set = (byte & mask) != 0;
  if (grew || was_set != (on == 1)) {
    byte = static_cast<uint8_t>(on ? (byte | mask) : (byte & ~mask));
    ctx.KeyModified(key);
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
  const std::string_view s = e->value.StringView(scratch);
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
    srcs.push_back(ReadBytes(e, scratch[j].data()));
  }
  std::string result = OpBitOp(op, srcs);  // computed before the destination (maybe a source) is touched

  const std::string_view dest = ctx.argv[2];
  const auto len = static_cast<int64_t>(result.size());
  if (!result.empty()) {
    Entry* e = ctx.LookupWrite(dest);
    if (e == nullptr) {
      e = ctx.db->Add(dest);
    } else {
      ctx.db->RemoveExpire(e);
    }
    e->value.SetStringNoInt("");
    e->value.MutableString() = std::move(result);  // raw whatever the length, as Redis stores an sds result
    ctx.KeyModified(dest);
    ctx.Dirty();
  } else if (ctx.db->Delete(dest)) {
    ctx.KeyModified(dest);
    ctx.Dirty();
  }
  ctx.rb.Integer(len);
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
  const std::string_view s = e->value.StringView(scratch);

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
  const std::string_view s = e->value.StringView(scratch);
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

// Runs one SET or INCRBY on the (already grown) bitmap p and replies its result: the old value for SET, the
// new one for INCRBY, nil when OVERFLOW FAIL refused it. Returns whether it counts as a change: as in Redis,
// a write that was done counts when the bits changed or when the string had to grow for this command.
bool RunFieldWrite(CommandContext& ctx, uint8_t* p, const FieldRequest& r, bool grew) {
  bool overflowed;
  bool changed;
  int64_t reply;
  if (r.is_signed) {
    const int64_t old_value = ds::GetSignedBitfield(p, r.offset, r.bits);
    int64_t limited = 0;
    int64_t new_value;
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
    ds::SetSignedBitfield(p, r.offset, r.bits, new_value);
    changed = old_value != new_value;
  } else {
    const uint64_t old_value = ds::GetUnsignedBitfield(p, r.offset, r.bits);
    uint64_t limited = 0;
    uint64_t new_value;
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
    ds::SetUnsignedBitfield(p, r.offset, r.bits, new_value);
    changed = old_value != new_value;
  }
  ctx.rb.Integer(reply);
  return changed || grew;
}

// BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
//              [OVERFLOW WRAP|SAT|FAIL] ...  (BITFIELD_RO: GET only)
// Offsets are bits, or "#n" for the n-th field of that width. A command with any write grows the string once
// to the farthest bit written, then runs the operations in order, each seeing the ones before it.
void BitFieldGeneric(CommandContext& ctx, bool read_only_command) {
  const std::string_view key = ctx.argv[1];
  std::vector<FieldRequest> reqs;
  bool has_write = false;
  uint64_t max_write_bit = 0;
  if (!FieldRequestsOrReply(ctx, &reqs, &has_write, &max_write_bit)) return;

  Entry* e;
  bool grew = false;
  if (!has_write) {
    e = ctx.LookupRead(key);
    if (ctx.WrongTypeReply(e, ObjType::kString)) return;
  } else {
    if (read_only_command) {
      ctx.ReplyError("ERR BITFIELD_RO only supports the GET subcommand");
      return;
    }
    e = BitmapForWriteOrReply(ctx, key, max_write_bit, &grew);
    if (e == nullptr) return;
  }

  int64_t changes = 0;
  ctx.rb.ArrayHeader(reqs.size());
  for (const FieldRequest& r : reqs) {
    if (r.op == FieldOp::kGet) {
      char scratch[ds::kInt64BufBytes];
      const std::string_view s = ReadBytes(e, scratch);
      if (r.is_signed) {
        ctx.rb.Integer(ds::GetSignedBitfield(Bytes(s), s.size(), r.offset, r.bits));
      } else {
        ctx.rb.Integer(static_cast<int64_t>(ds::GetUnsignedBitfield(Bytes(s), s.size(), r.offset, r.bits)));
      }
      continue;
    }
    auto* p = reinterpret_cast<uint8_t*>(e->value.MutableString().data());
    if (RunFieldWrite(ctx, p, r, grew)) ++changes;
  }
  if (changes > 0) {
    ctx.KeyModified(key);
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
