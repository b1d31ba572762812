// ReplyBuilder: writes RESP2 or RESP3 replies into an OutputBuffer. Command handlers speak only to this;
// the same calls produce either protocol, following Redis's mapping (a RESP3 map is a flat RESP2 array,
// a RESP3 double is a RESP2 bulk string, a RESP3 null is $-1 or *-1 in RESP2).
// No server dependencies. The builder does not own the buffer; the buffer must outlive the builder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/output_buffer.h"

namespace ringkv::io {

// Told of every error reply as it is built, whether or not it is then sent (CLIENT REPLY OFF still counts
// errors in Redis's errorstats). The server counts errors here rather than by reading its output back.
class ErrorReplyObserver {
 public:
  virtual ~ErrorReplyObserver() = default;
  // msg: the error line without '-' and CRLF, as passed to Error() (its first word is the error code).
  virtual void OnErrorReply(std::string_view msg) = 0;
  // An error reply that is kept out of the error stats (a script relaying an error its redis.call already
  // counted): the command still counts as failed, as Redis's afterErrorReply does for such replies.
  virtual void OnUncountedErrorReply() {}
};

class ReplyBuilder {
 public:
  explicit ReplyBuilder(OutputBuffer* out) : out_(out) {}

  void SetOutput(OutputBuffer* out) { out_ = out; }
  // Who is told of each error reply (may be null). Must outlive the builder or be reset first.
  void SetErrorObserver(ErrorReplyObserver* o) { error_observer_ = o; }
  OutputBuffer* output() const { return out_; }
  void SetResp3(bool on) { resp3_ = on; }
  bool resp3() const { return resp3_; }
  // While discarding, every reply is dropped (CLIENT REPLY OFF / SKIP).
  void SetDiscard(bool on) { discard_ = on; }
  bool discard() const { return discard_; }

  void Ok();                              // +OK
  void SimpleString(std::string_view s);  // +s   (s must not contain CR or LF)
  // msg is the whole error line without '-' and CRLF, starting with its code: "ERR syntax error",
  // "WRONGTYPE Operation ...". CR/LF inside msg are replaced by spaces, as Redis does.
  void Error(std::string_view msg);
  void Integer(int64_t v);                // :v
  void Bulk(std::string_view s);          // $len s
  void BulkInt(int64_t v);                // an integer sent as a bulk string
  void Null();                            // RESP2 $-1, RESP3 _
  void NullArray();                       // RESP2 *-1, RESP3 _
  void ArrayHeader(size_t n);             // *n
  void MapHeader(size_t n);               // RESP3 %n, RESP2 *2n   (n = number of pairs)
  void SetHeader(size_t n);               // RESP3 ~n, RESP2 *n
  void PushHeader(size_t n);              // RESP3 >n, RESP2 *n
  // RESP3 ",<v>"; RESP2 bulk string. Formatted like Redis's addReplyDouble: %.17g, inf / -inf / nan.
  void Double(double v);
  void Bool(bool v);                      // RESP3 #t/#f, RESP2 :1/:0
  // RESP3 "=len\r\nfmt:text" (fmt is 3 chars, e.g. "txt"); RESP2 a bulk string of text.
  void Verbatim(std::string_view text, std::string_view fmt = "txt");
  void EmptyArray() { ArrayHeader(0); }
  // Bytes already in RESP form.
  void Raw(std::string_view resp);

 private:
  void Put(std::string_view s) {
    if (!discard_) out_->Append(s);
  }
  void PutPrefixed(char prefix, int64_t n);  // e.g. "*3\r\n"
  // Header, payload and trailing CRLF of one reply: copied as one append when small (one bounds check on
  // the output block instead of three), as separate appends when large (no staging copy of a big payload).
  void PutFramed(std::string_view head, std::string_view body);

  OutputBuffer* out_;
  ErrorReplyObserver* error_observer_ = nullptr;
  bool resp3_ = false;
  bool discard_ = false;
};

}  // namespace ringkv::io
