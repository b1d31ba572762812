// ReplyBuilder: the RESP2/RESP3 encodings of Redis 7.0's addReply* family (networking.c), written into an
// OutputBuffer. The hot replies (integers, bulk headers) are formatted without snprintf, and a small reply
// is staged on the stack so it reaches the OutputBuffer as one append.
#include "io/reply_builder.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

namespace ringkv::io {

namespace {

// A reply whose header, payload and CRLF fit here is copied once; a bigger payload is appended in place.
constexpr size_t kStageBytes = 512;
// Longest int64 in decimal: 19 digits and a sign.
constexpr size_t kInt64Chars = 20;

constexpr std::array<char, 200> MakeDigitPairs() {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}
constexpr std::array<char, 200> kDigitPairs = MakeDigitPairs();

// Writes v in decimal so that it ends just before `end`; returns where it starts. Two digits per division
// halve the divisions against a digit-at-a-time loop; the magnitude is taken in unsigned arithmetic so
// INT64_MIN needs no special case.
char* FormatInt64Backward(int64_t v, char* end) {
  uint64_t u = v < 0 ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
  char* p = end;
  while (u >= 100) {
    size_t idx = static_cast<size_t>(u % 100) * 2;
    u /= 100;
    p -= 2;
    std::memcpy(p, &kDigitPairs[idx], 2);
  }
  if (u >= 10) {
    p -= 2;
    std::memcpy(p, &kDigitPairs[static_cast<size_t>(u) * 2], 2);
  } else {
    *--p = static_cast<char>('0' + u);
  }
  if (v < 0) *--p = '-';
  return p;
}

// The headers of short aggregates and bulks, formatted once: Redis's shared.mbulkhdr / shared.bulkhdr.
constexpr int kSharedHeaders = 32;  // OBJ_SHARED_BULKHDR_LEN
struct SharedHeaders {
  std::array<std::array<char, 8>, kSharedHeaders> bytes{};
  std::array<uint8_t, kSharedHeaders> len{};

  constexpr explicit SharedHeaders(char prefix) {
    for (int n = 0; n < kSharedHeaders; ++n) {
      auto& b = bytes[static_cast<size_t>(n)];
      size_t i = 0;
      b[i++] = prefix;
      if (n >= 10) b[i++] = static_cast<char>('0' + n / 10);
      b[i++] = static_cast<char>('0' + n % 10);
      b[i++] = '\r';
      b[i++] = '\n';
      len[static_cast<size_t>(n)] = static_cast<uint8_t>(i);
    }
  }
  std::string_view Get(int64_t n) const {
    return {bytes[static_cast<size_t>(n)].data(), len[static_cast<size_t>(n)]};
  }
};
constexpr SharedHeaders kArrayHeaders('*');
constexpr SharedHeaders kBulkHeaders('$');

// "<prefix><n>\r\n" into a caller's buffer of at least kInt64Chars + 3 bytes ending at `end`.
std::string_view FormatPrefixed(char prefix, int64_t n, char* end) {
  end[-2] = '\r';
  end[-1] = '\n';
  char* p = FormatInt64Backward(n, end - 2);
  *--p = prefix;
  return {p, static_cast<size_t>(end - p)};
}

}  // namespace

void ReplyBuilder::PutPrefixed(char prefix, int64_t n) {
  if (n >= 0 && n < kSharedHeaders) {
    if (prefix == '*') return Put(kArrayHeaders.Get(n));
    if (prefix == '$') return Put(kBulkHeaders.Get(n));
  }
  char buf[kInt64Chars + 4];
  Put(FormatPrefixed(prefix, n, buf + sizeof(buf)));
}

void ReplyBuilder::PutFramed(std::string_view head, std::string_view body) {
  if (discard_) return;
  size_t total = head.size() + body.size() + 2;
  if (total <= kStageBytes) {
    char stage[kStageBytes];
    std::memcpy(stage, head.data(), head.size());
    // body may be empty with a null data(); memcpy of zero bytes from null is still undefined.
    if (!body.empty()) std::memcpy(stage + head.size(), body.data(), body.size());
    stage[total - 2] = '\r';
    stage[total - 1] = '\n';
    out_->Append(std::string_view(stage, total));
    return;
  }
  out_->Append(head);
  out_->Append(body);
  out_->Append(std::string_view("\r\n", 2));
}

void ReplyBuilder::Ok() { Put("+OK\r\n"); }

void ReplyBuilder::SimpleString(std::string_view s) { PutFramed("+", s); }

void ReplyBuilder::Error(std::string_view msg) {
  if (error_observer_ != nullptr) error_observer_->OnErrorReply(msg);
  if (discard_) return;
  // Redis's addReplyErrorLength: a message that already carries its '-' is sent as is, and an empty one
  // becomes "-ERR " (it prefixes "-ERR " whenever the first byte is not '-').
  std::string_view head = "-";
  if (msg.empty()) {
    head = "-ERR ";
  } else if (msg.front() == '-') {
    head = "";
  }
  // A CR or LF inside an error line would end it early and desynchronise the client: Redis maps them to
  // spaces (addReplyErrorFormat), so one line always stays one line.
  if (msg.find_first_of("\r\n") == std::string_view::npos) return PutFramed(head, msg);
  std::string clean(msg);
  for (char& c : clean) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  PutFramed(head, clean);
}

void ReplyBuilder::Integer(int64_t v) { PutPrefixed(':', v); }

void ReplyBuilder::Bulk(std::string_view s) {
  if (discard_) return;
  int64_t n = static_cast<int64_t>(s.size());
  if (n < kSharedHeaders) return PutFramed(kBulkHeaders.Get(n), s);
  char buf[kInt64Chars + 4];
  PutFramed(FormatPrefixed('$', n, buf + sizeof(buf)), s);
}

void ReplyBuilder::BulkInt(int64_t v) {
  if (discard_) return;
  char digits[kInt64Chars];
  char* end = digits + sizeof(digits);
  char* p = FormatInt64Backward(v, end);
  Bulk(std::string_view(p, static_cast<size_t>(end - p)));
}

void ReplyBuilder::Null() { Put(resp3_ ? std::string_view("_\r\n") : std::string_view("$-1\r\n")); }

void ReplyBuilder::NullArray() { Put(resp3_ ? std::string_view("_\r\n") : std::string_view("*-1\r\n")); }

void ReplyBuilder::ArrayHeader(size_t n) { PutPrefixed('*', static_cast<int64_t>(n)); }

void ReplyBuilder::MapHeader(size_t n) {
  // RESP2 has no map: the pairs are flattened into one array of keys and values.
  if (resp3_) return PutPrefixed('%', static_cast<int64_t>(n));
  PutPrefixed('*', static_cast<int64_t>(2 * n));
}

void ReplyBuilder::SetHeader(size_t n) { PutPrefixed(resp3_ ? '~' : '*', static_cast<int64_t>(n)); }

void ReplyBuilder::PushHeader(size_t n) { PutPrefixed(resp3_ ? '>' : '*', static_cast<int64_t>(n)); }

void ReplyBuilder::Double(double v) {
  if (discard_) return;
  // Spelled out rather than left to the formatter, as Redis does, so every libc gives the same bytes.
  if (std::isinf(v)) {
    if (resp3_) return Put(v > 0 ? std::string_view(",inf\r\n") : std::string_view(",-inf\r\n"));
    return Bulk(v > 0 ? std::string_view("inf") : std::string_view("-inf"));
  }
  char buf[64];
  std::string_view text;
  if (std::isnan(v)) {
    // glibc's %.17g prints a NaN with its sign bit as "-nan", which RESP3 does not define; always "nan".
    text = "nan";
  } else {
    // to_chars in general format with a precision is specified as printf's %.17g, without the locale
    // lookup and varargs of snprintf.
    auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::general, 17);
    text = std::string_view(buf, static_cast<size_t>(res.ptr - buf));
  }
  if (resp3_) return PutFramed(",", text);
  Bulk(text);
}

void ReplyBuilder::Bool(bool v) {
  if (resp3_) return Put(v ? std::string_view("#t\r\n") : std::string_view("#f\r\n"));
  Put(v ? std::string_view(":1\r\n") : std::string_view(":0\r\n"));
}

void ReplyBuilder::Verbatim(std::string_view text, std::string_view fmt) {
  if (discard_) return;
  if (!resp3_) return Bulk(text);
  // The format tag is exactly three bytes on the wire ("txt", "mkd"); the length counts it and its ':'.
  fmt = fmt.substr(0, 3);
  char buf[kInt64Chars + 4 + 4];
  char* end = buf + sizeof(buf) - (fmt.size() + 1);
  std::string_view len = FormatPrefixed('=', static_cast<int64_t>(text.size() + fmt.size() + 1), end);
  std::memcpy(end, fmt.data(), fmt.size());
  end[fmt.size()] = ':';
  PutFramed(std::string_view(len.data(), len.size() + fmt.size() + 1), text);
}

void ReplyBuilder::Raw(std::string_view resp) { Put(resp); }

}  // namespace ringkv::io
