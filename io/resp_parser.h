// RespParser: turns a connection's input bytes into argument vectors, one command per call.
// Accepts RESP multibulk (*N\r\n$len\r\n...) and inline commands (space separated, with Redis's quoting),
// enforcing Redis's limits with Redis's protocol error strings. No server dependencies.
//
// Lifetime: the parser never owns the input bytes. The caller keeps every byte of the current command, from
// its first byte, at the start of the buffer it passes, across calls (it may append and move the buffer, since
// the parser only remembers offsets relative to the command's start).
//  - Multibulk: argv views point into the buffer passed to the call that returned kCommand and live as long
//    as those bytes do.
//  - Inline: arguments may need unescaping ("a\x41", 'it\'s'), so they cannot be views of the input. They
//    live in storage owned by the parser and stay valid only until the next Parse() or Reset() call;
//    argv_in_parser_storage() says when this is the case, so a caller that parses a batch of commands before
//    executing them copies those arguments first.
// The argv() vector itself is overwritten by the next Parse() call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::io {

struct RespLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
  int64_t max_multibulk_len = 2147483647;  // count of arguments: INT_MAX, as Redis
  // PROTO_INLINE_MAX_SIZE. Redis uses the same constant for the longest inline request and for how far it
  // looks for the CR of a "*<count>" or "$<len>" line, so this limit governs all three.
  size_t max_inline_len = 64 * 1024;
};

class RespParser {
 public:
  enum class Result {
    kCommand,   // a whole command was parsed: argv() holds it, consumed() its length in bytes
    kNeedMore,  // the buffer ends inside a command; call again with the same start and more bytes
    kError,     // protocol error: error() holds Redis's message; the connection must be closed after replying
  };

  // A bulk at least this long makes bytes_hint() non-zero (Redis's PROTO_MBULK_BIG_ARG).
  static constexpr int64_t kBigArgBytes = 32 * 1024;

  explicit RespParser(const RespLimits* limits) : limits_(limits) {}

  // Parses the command at the start of buf. An empty line in inline mode (a bare "\r\n") is consumed and
  // yields kCommand with an empty argv, which the caller skips, as Redis does; so do "*0\r\n" and "*-1\r\n".
  // Work per call is bounded by the bytes added since the previous call (plus the argv of a completed
  // command): scanning resumes where it stopped and the payload of a bulk is never scanned.
  Result Parse(std::string_view buf);

  const std::vector<std::string_view>& argv() const { return argv_; }
  // True when argv() points into the parser's own storage (an inline command with arguments) rather than into
  // the caller's buffer: valid only until the next Parse() or Reset().
  bool argv_in_parser_storage() const { return argv_in_parser_storage_; }
  size_t consumed() const { return consumed_; }
  // "Protocol error: invalid multibulk length" etc. (without "ERR "), valid after kError.
  const std::string& error() const { return error_; }
  // How many bytes of the current command the caller should make room for, when known (a large bulk
  // argument's length): lets the connection reserve its buffer once instead of growing it step by step.
  // Set after kNeedMore while inside a bulk of at least kBigArgBytes (offset of the bulk's end + CRLF), else 0.
  size_t bytes_hint() const { return bytes_hint_; }
  // Bytes examined while looking for line ends since construction: lets tests check that resumed parsing
  // does not rescan (a large bulk costs its header, not its length).
  uint64_t scanned_bytes() const { return scanned_bytes_; }

  // While the client still has to authenticate, Redis limits a multibulk to 10 arguments and a bulk to
  // 16384 bytes ("Protocol error: unauthenticated ..."), so an unauthenticated peer cannot make it buffer much.
  static constexpr int64_t kUnauthMaxArgs = 10;
  static constexpr int64_t kUnauthMaxBulkBytes = 16384;
  void SetAuthRequired(bool on) { auth_required_ = on; }

  // Forget any partial command (after an error or when the buffer is discarded).
  void Reset();

 private:
  Result ParseMultibulk(std::string_view buf);
  Result ParseInline(std::string_view buf);
  // Looks for `target` in the line starting at pos_, resuming at scan_, the way Redis's strchr() does:
  // a NUL byte before it hides it. Returns its offset, or npos (scan_ then records how far it looked).
  size_t FindLineEnd(std::string_view buf, char target);
  // Splits an inline line like Redis's sdssplitargs into inline_storage_; false on unbalanced quotes.
  bool SplitInline(std::string_view line);
  Result Fail(const char* msg);
  // Completes a command: argv_ from arg_offsets_ relative to base (the input, or inline_storage_).
  Result Done(std::string_view base, size_t consumed);
  void ClearCommandState();

  // Implementation state: offsets relative to the command start, so the caller's buffer may move.
  const RespLimits* limits_;
  std::vector<std::string_view> argv_;
  std::vector<std::pair<size_t, size_t>> arg_offsets_;  // (offset, length) of each argument parsed so far
  std::string error_;
  size_t consumed_ = 0;
  size_t bytes_hint_ = 0;
  size_t pos_ = 0;            // start of the line or bulk being read
  size_t scan_ = 0;           // where the search for the current line's end resumes (>= pos_)
  int64_t multibulk_len_ = 0;  // arguments still expected; 0 when the "*<count>" line is not read yet
  int64_t bulk_len_ = -1;      // length of the bulk being read, -1 when reading its $ header
  bool inline_ = false;
  bool auth_required_ = false;
  bool started_ = false;       // the first byte of the current command has been seen
  bool nul_seen_ = false;      // a NUL hides the current line's end: Redis never finds it (see FindLineEnd)
  bool argv_in_parser_storage_ = false;
  uint64_t scanned_bytes_ = 0;
  // Unescaped inline arguments, back to back; argv_ views into it. Reserved to the line's length before
  // filling (unescaping never lengthens), so it never reallocates under the views.
  std::string inline_storage_;
};

}  // namespace ringkv::io
