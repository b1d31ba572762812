// The command part of an AOF file: commands as RESP arrays of bulk strings (what the AOF writer appends and
// a commands-form base holds), and the reader that replays them, with Redis 7.0's tolerance: "#..." annotation
// lines are skipped, the CRLF after a bulk is not checked, a file that ends inside a command is "truncated"
// (aof-load-truncated decides), anything else out of shape is a format error. Grammar: aof_format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::persist::aof {

// Appends argv as "*<n>\r\n" then "$<len>\r\n<bytes>\r\n" per argument.
void AppendCommand(std::string* out, const std::vector<std::string_view>& argv);
// Appends SELECT <db>, as Redis writes it when the database of the next command differs from the last one.
void AppendSelect(std::string* out, int db);
// Appends the annotation "#TS:<unix_s>\r\n" that aof-timestamp-enabled writes (readers skip it; redis-check-aof
// --truncate-to-timestamp cuts a file at one).
void AppendTimestamp(std::string* out, int64_t unix_s);

class CommandReader {
 public:
  enum class Status {
    kCommand,    // *argv holds the next command (views into the data)
    kEnd,        // the data ended cleanly after a whole command
    kTruncated,  // the data ended inside a command: offset() is where the last whole command ended
    kBadFormat,  // bytes that are no command: offset() is where the bad command starts
  };
  // data: the whole file (views point into it); start: where the commands begin (after an RDB preamble).
  CommandReader(std::string_view data, size_t start) : data_(data), pos_(start), valid_(start) {}
  Status Next(std::vector<std::string_view>* argv);
  // The offset after the last whole command read (Redis's valid_up_to).
  size_t offset() const { return valid_; }

 private:
  // The next line as fgets gives it (up to and including '\n', or to the end of the data); false at the end.
  bool ReadLine(std::string_view* line);

  std::string_view data_;
  size_t pos_;
  size_t valid_;
};

}  // namespace ringkv::persist::aof
