#include "io/output_buffer.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace ringkv::io {

bool OutputBuffer::AdmitPastLimit(size_t n) {
  over_hard_ = true;
  check_at_ = 0;
  dropped_bytes_ += n;
  return false;
}

void OutputBuffer::Append(std::string_view bytes) {
  if (size_ + bytes.size() > check_at_) [[unlikely]] {
    if (!AdmitPastLimit(bytes.size())) return;
  }
  size_ += bytes.size();
  while (!bytes.empty()) {
    if (blocks_.empty() || blocks_.back().end == blocks_.back().cap) {
      // A large payload gets one block of its own size: one copy, one iovec.
      size_t cap = bytes.size() > kBlockBytes ? bytes.size() : kBlockBytes;
      Block b;
      b.data.reset(new char[cap]);
      b.cap = cap;
      if (cap > kBlockBytes) big_bytes_ += cap - kBlockBytes;
      blocks_.push_back(std::move(b));
    }
    Block& b = blocks_.back();
    size_t n = std::min(bytes.size(), b.cap - b.end);
    std::memcpy(b.data.get() + b.end, bytes.data(), n);
    b.end += n;
    bytes.remove_prefix(n);
  }
}

int OutputBuffer::FillIov(struct iovec* iov, int max_iov, size_t max_bytes) const {
  int n = 0;
  for (const Block& b : blocks_) {
    if (n == max_iov || max_bytes == 0) break;
    size_t len = std::min(b.end - b.begin, max_bytes);
    if (len == 0) continue;
    iov[n].iov_base = const_cast<char*>(b.data.get() + b.begin);
    iov[n].iov_len = len;
    max_bytes -= len;
    ++n;
  }
  return n;
}

void OutputBuffer::Consume(size_t n) {
  size_ -= n;
  while (n > 0) {
    Block& b = blocks_.front();
    size_t take = std::min(n, b.end - b.begin);
    b.begin += take;
    n -= take;
    if (b.begin == b.end) {
      // Keep one standard block to reuse: the common case is reply, send, reply, send.
      if (blocks_.size() == 1 && b.cap == kBlockBytes) {
        b.begin = b.end = 0;
        break;
      }
      if (b.cap > kBlockBytes) big_bytes_ -= b.cap - kBlockBytes;
      blocks_.pop_front();
    }
  }
}

void OutputBuffer::Clear() {
  blocks_.clear();
  size_ = 0;
  big_bytes_ = 0;
}

char OutputBuffer::ByteAt(size_t offset) const {
  for (const Block& b : blocks_) {
    size_t len = b.end - b.begin;
    if (offset < len) return b.data[b.begin + offset];
    offset -= len;
  }
  return '\0';
}

std::string OutputBuffer::Slice(size_t offset, size_t n) const {
  std::string s;
  for (const Block& b : blocks_) {
    if (s.size() == n) break;
    size_t len = b.end - b.begin;
    if (offset >= len) {
      offset -= len;
      continue;
    }
    size_t take = std::min(len - offset, n - s.size());
    s.append(b.data.get() + b.begin + offset, take);
    offset = 0;
  }
  return s;
}

std::string OutputBuffer::ToString() const {
  std::string s;
  s.reserve(size_);
  for (const Block& b : blocks_) s.append(b.data.get() + b.begin, b.end - b.begin);
  return s;
}

}  // namespace ringkv::io
