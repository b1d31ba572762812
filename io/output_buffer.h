// OutputBuffer: the bytes a connection still has to send, as a chain of fixed-size blocks so that appending
// never moves bytes already queued (a send in flight points into them) and a 64 MB reply is never realloc'd.
// Owned by one connection (or a fake client); single-threaded. It also enforces the client's hard output
// limit where the bytes arrive, so no batch, pipeline or single big reply can overshoot it.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>

namespace ringkv::io {

class OutputBuffer {
 public:
  static constexpr size_t kBlockBytes = 16 * 1024;

  OutputBuffer() = default;
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  void Append(std::string_view bytes);
  void Append(char c) { Append(std::string_view(&c, 1)); }

  // The hard output limit (Redis's client-output-buffer-limit hard bytes of the client's class), counted
  // against the unsent bytes (size()), so a client that reads as it goes is never charged for what it has
  // already received. An append that would take the unsent bytes past it is dropped, and so is every
  // append after it: over_hard_limit() turns true and stays true, and the owner closes the client without
  // sending anything more (Redis closes such a client asynchronously, its pending replies discarded). So
  // the unsent bytes never exceed the limit. 0: no limit.
  void SetHardLimit(size_t bytes) {
    hard_limit_ = bytes;
    if (!over_hard_) check_at_ = bytes == 0 ? SIZE_MAX : bytes;
  }
  size_t hard_limit() const { return hard_limit_; }
  bool over_hard_limit() const { return over_hard_; }
  // Bytes an append tried to add past the limit (the log line reports them).
  size_t dropped_bytes() const { return dropped_bytes_; }

  // Bytes queued and not yet consumed.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Bytes of memory held by the blocks (for INFO and the output limit).
  size_t allocated_bytes() const { return blocks_.size() * kBlockBytes + big_bytes_; }

  // Fills up to max_iov iovecs with the queued bytes from the front, at most max_bytes in all.
  // The memory they point to stays valid and unmoved until Consume() passes it or Clear() is called.
  int FillIov(struct iovec* iov, int max_iov, size_t max_bytes) const;
  // Drops n bytes from the front (after the kernel has sent them).
  void Consume(size_t n);
  void Clear();

  // The byte at offset from the front (offset < size()), and up to n bytes from offset: lets the server
  // look at the start of a reply it just queued (error accounting) without copying the whole buffer.
  char ByteAt(size_t offset) const;
  std::string Slice(size_t offset, size_t n) const;

  // Copies everything queued into a string (tests, fake clients).
  std::string ToString() const;

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t cap = 0;
    size_t begin = 0;  // first unconsumed byte
    size_t end = 0;    // one past the last written byte
  };
  // Slow path of Append once size_ + n would pass check_at_: drops the bytes (returns false).
  bool AdmitPastLimit(size_t n);

  std::deque<Block> blocks_;
  size_t size_ = 0;
  size_t check_at_ = SIZE_MAX;  // the hard limit while under it; 0 once over (every append is dropped)
  size_t hard_limit_ = 0;
  size_t dropped_bytes_ = 0;
  bool over_hard_ = false;
  size_t big_bytes_ = 0;  // bytes of blocks larger than kBlockBytes (one big reply gets its own block)
};

}  // namespace ringkv::io
