// OutputBuffer: the bytes a connection still has to send, as a chain of fixed-size blocks so that appending
// never moves bytes already queued (a send in flight points into them) and a 64 MB reply is never realloc'd.
// Owned by one connection (or a fake client); single-threaded.
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
  std::deque<Block> blocks_;
  size_t size_ = 0;
  size_t big_bytes_ = 0;  // bytes of blocks larger than kBlockBytes (one big reply gets its own block)
};

}  // namespace ringkv::io
