#include "core/repl/replication.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "core/server.h"

namespace ringkv::core {

// ---- ReplBacklog ----

ReplBacklog::ReplBacklog(size_t size, uint64_t end_offset) : buf_(std::max<size_t>(size, 1), '\0'), end_offset_(end_offset) {}

void ReplBacklog::Append(std::string_view bytes) {
  end_offset_ += bytes.size();
  const size_t cap = buf_.size();
  if (bytes.size() >= cap) {  // only the newest cap bytes survive
    bytes.remove_prefix(bytes.size() - cap);
    buf_.assign(bytes.data(), cap);
    head_ = 0;
    histlen_ = cap;
    return;
  }
  const size_t first = std::min(bytes.size(), cap - head_);
  std::copy_n(bytes.data(), first, buf_.data() + head_);
  std::copy_n(bytes.data() + first, bytes.size() - first, buf_.data());
  head_ = (head_ + bytes.size()) % cap;
  histlen_ = std::min(cap, histlen_ + bytes.size());
}

bool ReplBacklog::Holds(uint64_t offset) const {
  return offset >= first_byte_offset() && offset <= end_offset_ + 1;
}

void ReplBacklog::CopyFrom(uint64_t offset, std::string* out) const {
  const size_t n = static_cast<size_t>(end_offset_ + 1 - offset);  // bytes from offset to the end
  const size_t cap = buf_.size();
  const size_t start = (head_ + cap - n % cap) % cap;  // n <= histlen_ <= cap
  if (n == 0) return;
  const size_t first = std::min(n, cap - start);
  out->append(buf_.data() + start, first);
  out->append(buf_.data(), n - first);
}

void ReplBacklog::Resize(size_t size) {
  size = std::max<size_t>(size, 1);
  if (size == buf_.size()) return;
  const size_t keep = std::min(histlen_, size);
  std::string kept;
  kept.reserve(keep);
  CopyFrom(end_offset_ + 1 - keep, &kept);
  buf_.assign(size, '\0');
  std::copy(kept.begin(), kept.end(), buf_.begin());
  head_ = keep % size;
  histlen_ = keep;
}

// ---- Replication ----

namespace {

std::string NewReplId(absl::BitGen& rng) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(40, '0');
  for (char& ch : s) ch = kHex[absl::Uniform(rng, 0, 16)];
  return s;
}

void AppendBulk(std::string* out, std::string_view arg) {
  absl::StrAppend(out, "$", arg.size(), "\r\n");
  out->append(arg);
  out->append("\r\n");
}

}  // namespace

Replication::Replication(Server& server) : server_(server), replid_(NewReplId(server.rng())), replid2_(40, '0') {}

// The propagator is a later member of Server: gone by now, so nothing to unregister from.
Replication::~Replication() = default;

void Replication::ChangeReplId() {
  replid_ = NewReplId(server_.rng());
  replid2_.assign(40, '0');
  second_repl_offset_ = -1;
}

void Replication::ShiftReplId() {
  replid2_ = replid_;
  // The byte at offset_+1 is the first the old history does not have.
  second_repl_offset_ = static_cast<int64_t>(offset_) + 1;
  replid_ = NewReplId(server_.rng());
}

void Replication::AdoptFullSync(const std::string& id, uint64_t offset) {
  replid_ = id;
  replid2_.assign(40, '0');
  second_repl_offset_ = -1;
  offset_ = offset;
  stream_db_ = -1;
  // The old backlog belongs to another history: start a new one at the primary's offset.
  if (backlog_ != nullptr) backlog_ = std::make_unique<ReplBacklog>(server_.config().repl_backlog_size, offset_);
}

void Replication::AdoptContinue(const std::string& new_id) {
  if (new_id == replid_) return;
  replid2_ = replid_;
  second_repl_offset_ = static_cast<int64_t>(offset_) + 1;
  replid_ = new_id;
}

void Replication::Feed(int db, const std::vector<std::string_view>& argv) {
  // Only a primary renders its own effects: a replica's stream is its primary's, proxied (FeedRaw).
  if (!server_.config().replicaof_host.empty()) return;
  scratch_.clear();
  if (db != -1 && db != stream_db_) {
    const std::string n = std::to_string(db);
    absl::StrAppend(&scratch_, "*2\r\n$6\r\nSELECT\r\n");
    AppendBulk(&scratch_, n);
    stream_db_ = db;
  }
  absl::StrAppend(&scratch_, "*", argv.size(), "\r\n");
  for (std::string_view a : argv) AppendBulk(&scratch_, a);
  Append(scratch_);
}

void Replication::FeedRaw(std::string_view bytes) { Append(bytes); }

void Replication::Append(std::string_view bytes) {
  if (!streaming()) return;
  offset_ += bytes.size();
  if (backlog_ != nullptr) backlog_->Append(bytes);
  for (ReplStreamSink* s : sinks_) s->OnStream(bytes);
}

void Replication::AddSink(ReplStreamSink* s) {
  CreateBacklog();
  sinks_.push_back(s);
}

void Replication::RemoveSink(ReplStreamSink* s) { std::erase(sinks_, s); }

void Replication::CreateBacklog() {
  if (backlog_ != nullptr) return;
  backlog_ = std::make_unique<ReplBacklog>(server_.config().repl_backlog_size, offset_);
  // A new backlog starts a stream whose db is not known to anyone yet.
  stream_db_ = -1;
  server_.propagator().AddTarget(this);
}

void Replication::FreeBacklog() {
  if (backlog_ == nullptr) return;
  backlog_.reset();
  server_.propagator().RemoveTarget(this);
}

void Replication::OnBacklogSizeChanged() {
  if (backlog_ != nullptr) backlog_->Resize(server_.config().repl_backlog_size);
}

std::string Replication::InfoIdentityFields() const {
  std::string out;
  absl::StrAppend(&out, "master_replid:", replid_, "\r\n");
  absl::StrAppend(&out, "master_replid2:", replid2_, "\r\n");
  absl::StrAppend(&out, "master_repl_offset:", offset_, "\r\n");
  absl::StrAppend(&out, "second_repl_offset:", second_repl_offset_, "\r\n");
  absl::StrAppend(&out, "repl_backlog_active:", backlog_ != nullptr ? 1 : 0, "\r\n");
  absl::StrAppend(&out, "repl_backlog_size:", server_.config().repl_backlog_size, "\r\n");
  absl::StrAppend(&out, "repl_backlog_first_byte_offset:", backlog_ != nullptr ? backlog_->first_byte_offset() : 0,
                  "\r\n");
  absl::StrAppend(&out, "repl_backlog_histlen:", backlog_ != nullptr ? backlog_->histlen() : 0, "\r\n");
  return out;
}

}  // namespace ringkv::core
