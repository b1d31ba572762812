// RespParser: Redis 7.0's request parsing (networking.c processMultibulkBuffer / processInlineBuffer and
// sds.c sdssplitargs), made resumable over a buffer the caller grows between calls.
//
// How resumption works
//   A command's bytes always start at buf[0]. Everything the parser remembers is an offset from there:
//   pos_ is the start of the line or bulk being read, scan_ is how far the search for that line's end has
//   already looked, bulk_len_ is the declared length of the bulk being read (its header is consumed), and
//   arg_offsets_ holds the arguments already complete. A new call continues from those offsets, so
//   - a line end is searched for once per byte, whatever the number of calls (scan_ only moves forward);
//   - the payload of a bulk is never scanned: it is complete when buf.size() - pos_ >= bulk_len_ + 2,
//     so an 8 MB argument arriving in 16 KB pieces costs O(1) per call plus its header.
//
// Where this deliberately mirrors Redis's quirks (so a client sees the same replies)
//   - Line ends are found with strchr() in Redis: a NUL byte before the '\r' (or the inline '\n') hides it,
//     and Redis waits until more than PROTO_INLINE_MAX_SIZE bytes are pending, then reports "too big".
//   - The byte after a "*<n>\r" / "$<len>\r" CR, and the two bytes after a bulk, are skipped unchecked.
//   - Numbers use string2ll(): no '+', no leading zeros, no "-0", at most 20 characters.
//   - "*0" and negative counts consume their line and yield an empty command.
#include "io/resp_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ringkv::io {

namespace {

constexpr size_t kNpos = std::string_view::npos;
// Redis's LONG_STR_SIZE: string2ll() refuses a string this long or longer.
constexpr size_t kLongStrSize = 21;

// string2ll() from Redis's util.c, restated: the strict grammar Redis applies to protocol lengths.
bool ParseStrictInt64(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() >= kLongStrSize) return false;
  if (s.size() == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    if (++i == s.size()) return false;
  }
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = static_cast<uint64_t>(s[i++] - '0');
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > kMax / 10) return false;
    v *= 10;
    if (v > kMax - digit) return false;
    v += digit;
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (v > kMaxPositive + 1) return false;
    // Negating in unsigned arithmetic keeps INT64_MIN representable.
    *out = static_cast<int64_t>(~v + 1);
  } else {
    if (v > kMaxPositive) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

// isspace() in the C locale, which sdssplitargs uses to skip blanks and to check what follows a quote.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

}  // namespace

RespParser::Result RespParser::Parse(std::string_view buf) {
  consumed_ = 0;
  bytes_hint_ = 0;
  argv_.clear();
  argv_in_parser_storage_ = false;
  if (!started_) {
    if (buf.empty()) return Result::kNeedMore;
    // As processInputBuffer: the first byte of a request picks the protocol for the whole request.
    started_ = true;
    inline_ = buf[0] != '*';
  }
  return inline_ ? ParseInline(buf) : ParseMultibulk(buf);
}

size_t RespParser::FindLineEnd(std::string_view buf, char target) {
  // Invariant: no byte in [pos_, scan_) is `target` or NUL. Redis's strchr() restarts at the line start on
  // every read; starting at scan_ gives the same answer without looking at those bytes again.
  // A NUL before the terminator stops strchr() there, and will stop it there on every later read too: the
  // line never ends (nul_seen_), and only the caller's size limit can end the wait.
  // On success scan_ stays on the terminator: when the byte after it has not arrived yet, the next call
  // finds it again at once.
  // Bound: each byte of a line is examined once over all calls (twice when past kShortLineBytes).
  if (nul_seen_ || scan_ >= buf.size()) return kNpos;
  // Protocol lines are a few bytes long: a plain loop that stops at the terminator or a NUL (strchr's own
  // rule) beats two library calls there. Long lines (inline requests, garbage) go to memchr below.
  constexpr size_t kShortLineBytes = 32;
  const size_t short_end = std::min(buf.size(), scan_ + kShortLineBytes);
  for (size_t i = scan_; i < short_end; ++i) {
    char c = buf[i];
    if (c == target || c == '\0') {
      scanned_bytes_ += i - scan_ + 1;
      scan_ = i;
      if (c == target) return i;
      nul_seen_ = true;
      return kNpos;
    }
  }
  scanned_bytes_ += short_end - scan_;
  scan_ = short_end;
  if (scan_ == buf.size()) return kNpos;
  const char* from = buf.data() + scan_;
  size_t avail = buf.size() - scan_;
  const char* hit = static_cast<const char*>(std::memchr(from, target, avail));
  size_t span = hit != nullptr ? static_cast<size_t>(hit - from) : avail;
  scanned_bytes_ += span + (hit != nullptr ? 1 : 0);
  if (std::memchr(from, '\0', span) != nullptr) {
    nul_seen_ = true;
    return kNpos;
  }
  if (hit == nullptr) {
    scan_ = buf.size();
    return kNpos;
  }
  scan_ = static_cast<size_t>(hit - buf.data());
  return scan_;
}

RespParser::Result RespParser::ParseMultibulk(std::string_view buf) {
  if (multibulk_len_ == 0) {
    size_t cr = FindLineEnd(buf, '\r');
    if (cr == kNpos) {
      if (buf.size() > limits_->max_inline_len) return Fail("Protocol error: too big mbulk count string");
      return Result::kNeedMore;
    }
    // Redis wants one more byte after the CR and skips it without looking at it.
    if (cr + 1 >= buf.size()) return Result::kNeedMore;
    int64_t count = 0;
    if (!ParseStrictInt64(buf.substr(1, cr - 1), &count) || count > limits_->max_multibulk_len) {
      return Fail("Protocol error: invalid multibulk length");
    }
    // Redis 7.0.x: before AUTH, a client may not announce big requests (keeps unauthenticated memory small).
    if (auth_required_ && count > kUnauthMaxArgs) return Fail("Protocol error: unauthenticated multibulk length");
    pos_ = scan_ = cr + 2;
    if (count <= 0) return Done(buf, pos_);
    multibulk_len_ = count;
    bulk_len_ = -1;
    arg_offsets_.clear();
    // As Redis: trust a huge declared count only as far as the arguments that actually arrive.
    arg_offsets_.reserve(static_cast<size_t>(std::min<int64_t>(count, 1024)));
  }

  while (multibulk_len_ > 0) {
    if (bulk_len_ < 0) {
      size_t cr = FindLineEnd(buf, '\r');
      if (cr == kNpos) {
        if (buf.size() - pos_ > limits_->max_inline_len) return Fail("Protocol error: too big bulk count string");
        return Result::kNeedMore;
      }
      if (cr + 1 >= buf.size()) return Result::kNeedMore;
      if (buf[pos_] != '$') {
        // Never NUL here: a NUL at pos_ would have hidden the CR above.
        error_ = "Protocol error: expected '$', got '";
        error_.push_back(buf[pos_]);
        error_.push_back('\'');
        ClearCommandState();
        return Result::kError;
      }
      int64_t len = 0;
      if (!ParseStrictInt64(buf.substr(pos_ + 1, cr - pos_ - 1), &len) || len < 0 ||
          len > limits_->max_bulk_len) {
        return Fail("Protocol error: invalid bulk length");
      }
      if (auth_required_ && len > kUnauthMaxBulkBytes) return Fail("Protocol error: unauthenticated bulk length");
      pos_ = cr + 2;
      bulk_len_ = len;
    }
    // The payload and its CRLF are taken by length alone: binary safe, and never scanned.
    size_t need = static_cast<size_t>(bulk_len_) + 2;
    if (buf.size() - pos_ < need) {
      if (bulk_len_ >= kBigArgBytes) bytes_hint_ = pos_ + need;
      return Result::kNeedMore;
    }
    arg_offsets_.emplace_back(pos_, static_cast<size_t>(bulk_len_));
    pos_ += need;
    scan_ = pos_;
    bulk_len_ = -1;
    --multibulk_len_;
  }
  return Done(buf, pos_);
}

RespParser::Result RespParser::ParseInline(std::string_view buf) {
  size_t nl = FindLineEnd(buf, '\n');
  if (nl == kNpos) {
    if (buf.size() > limits_->max_inline_len) return Fail("Protocol error: too big inline request");
    return Result::kNeedMore;
  }
  size_t line_end = nl;
  if (line_end > 0 && buf[line_end - 1] == '\r') --line_end;
  if (!SplitInline(buf.substr(0, line_end))) return Fail("Protocol error: unbalanced quotes in request");
  return Done(inline_storage_, nl + 1);
}

bool RespParser::SplitInline(std::string_view line) {
  // sdssplitargs() walks a C string; reading past the end of the line as '\0' keeps its exact rules
  // (a closing quote "followed by nothing", an escape at the very end) without copying the line.
  auto at = [line](size_t i) -> char { return i < line.size() ? line[i] : '\0'; };
  inline_storage_.clear();
  inline_storage_.reserve(line.size());  // unescaping never lengthens: no reallocation, views stay valid
  arg_offsets_.clear();
  size_t i = 0;
  while (true) {
    while (at(i) != '\0' && IsSpace(at(i))) ++i;
    if (at(i) == '\0') return true;
    size_t start = inline_storage_.size();
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      char c = at(i);
      if (in_double) {
        if (c == '\\' && at(i + 1) == 'x' && IsHexDigit(at(i + 2)) && IsHexDigit(at(i + 3))) {
          inline_storage_.push_back(static_cast<char>(HexDigitValue(at(i + 2)) * 16 + HexDigitValue(at(i + 3))));
          i += 3;
        } else if (c == '\\' && at(i + 1) != '\0') {
          char e = at(++i);
          switch (e) {
            case 'n': e = '\n'; break;
            case 'r': e = '\r'; break;
            case 't': e = '\t'; break;
            case 'b': e = '\b'; break;
            case 'a': e = '\a'; break;
            default: break;  // \\ \" and any other escaped byte stand for themselves
          }
          inline_storage_.push_back(e);
        } else if (c == '"') {
          // Redis refuses "foo"bar: a closing quote must end the argument.
          if (at(i + 1) != '\0' && !IsSpace(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;  // the line ended inside the quotes
        } else {
          inline_storage_.push_back(c);
        }
      } else if (in_single) {
        if (c == '\\' && at(i + 1) == '\'') {
          ++i;
          inline_storage_.push_back('\'');
        } else if (c == '\'') {
          if (at(i + 1) != '\0' && !IsSpace(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;
        } else {
          inline_storage_.push_back(c);
        }
      } else {
        // Unquoted, only these end an argument (not \v or \f, which skipping blanks does accept); a quote
        // in the middle of a word opens a quoted part of the same argument.
        switch (c) {
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case '\0':
            done = true;
            break;
          case '"':
            in_double = true;
            break;
          case '\'':
            in_single = true;
            break;
          default:
            inline_storage_.push_back(c);
            break;
        }
      }
      if (at(i) != '\0') ++i;
    }
    arg_offsets_.emplace_back(start, inline_storage_.size() - start);
  }
}

RespParser::Result RespParser::Fail(const char* msg) {
  error_ = msg;
  ClearCommandState();
  return Result::kError;
}

RespParser::Result RespParser::Done(std::string_view base, size_t consumed) {
  argv_.reserve(arg_offsets_.size());
  for (const auto& [offset, len] : arg_offsets_) argv_.emplace_back(base.data() + offset, len);
  argv_in_parser_storage_ = inline_ && !argv_.empty();
  consumed_ = consumed;
  ClearCommandState();
  return Result::kCommand;
}

void RespParser::ClearCommandState() {
  arg_offsets_.clear();
  pos_ = 0;
  scan_ = 0;
  multibulk_len_ = 0;
  bulk_len_ = -1;
  inline_ = false;
  started_ = false;
  nul_seen_ = false;
}

void RespParser::Reset() {
  ClearCommandState();
  argv_.clear();
  argv_in_parser_storage_ = false;
  inline_storage_.clear();
  error_.clear();
  consumed_ = 0;
  bytes_hint_ = 0;
}

}  // namespace ringkv::io
