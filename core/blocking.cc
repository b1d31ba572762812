#include "core/blocking.h"

#include <cassert>
#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "core/client.h"
#include "core/db.h"
#include "core/dispatch.h"
#include "core/keyspace_events.h"
#include "core/server.h"
#include "ds/numconv.h"
#include "io/timer.h"

namespace ringkv::core {

namespace {

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The keys a client waits on, each once, in argument order (Redis keeps one entry per distinct key).
std::vector<std::string_view> DistinctKeys(std::span<const std::string_view> keys) {
  std::vector<std::string_view> out;
  out.reserve(keys.size());
  if (keys.size() <= 16) {
    for (std::string_view k : keys) {
      bool seen = false;
      for (std::string_view o : out) seen = seen || o == k;
      if (!seen) out.push_back(k);
    }
    return out;
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (std::string_view k : keys)
    if (seen.insert(Absl(k)).second) out.push_back(k);
  return out;
}

// What its reply mode makes of a blocked client's deferred reply: CLIENT REPLY SKIP applied to the blocked
// command itself, so it still applies when that command's reply finally comes.
bool DiscardDeferred(const Client& c) {
  return c.reply_mode == ReplyMode::kOff || c.reply_mode == ReplyMode::kSkipThis;
}

}  // namespace

Blocking::Blocking(Server& server) : server_(server) {}
Blocking::~Blocking() = default;

void Blocking::SetTimer(io::DeadlineTimer* timer) {
  timer_ = timer;
  if (!timeouts_.empty()) ArmTimer(server_.NowMs());
}

Blocking::KeyQueues& Blocking::QueuesOf(int db) {
  if (static_cast<size_t>(db) >= queues_.size()) queues_.resize(static_cast<size_t>(db) + 1);
  return queues_[static_cast<size_t>(db)];
}

size_t Blocking::waiting_on(int db, std::string_view key) const {
  if (static_cast<size_t>(db) >= queues_.size()) return 0;
  const KeyQueues& qs = queues_[static_cast<size_t>(db)];
  auto it = qs.find(Absl(key));
  if (it == qs.end()) return 0;
  size_t n = 0;
  for (const BlockLink* l = it->second.head; l != nullptr; l = l->next) ++n;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Blocking and unblocking

void Blocking::Block(Client& c, Command* cmd, const std::vector<std::string_view>& argv,
                     std::span<const std::string_view> keys, int64_t deadline_ms, const BlockOptions& opts) {
  if (reexec_ != nullptr && reexec_->client == &c) {
    // Its command ran again and still finds nothing: it keeps its place in every queue and its first
    // deadline (Redis 7.2 keeps the timeout of a re-processed command too). Should the command name other
    // keys this time, it waits on those, at the tails of their queues.
    BlockedClient* w = reexec_;
    w->reblocked = true;
    std::vector<std::string_view> distinct = DistinctKeys(keys);
    bool same = distinct.size() == w->links.size();
    for (size_t i = 0; same && i < distinct.size(); ++i) same = *w->links[i].key == distinct[i];
    if (!same) {
      UnlinkKeys(w);
      LinkKeys(w, distinct);
    }
    return;
  }
  assert(c.blocked == nullptr);
  auto owned = std::make_unique<BlockedClient>();
  BlockedClient* w = owned.get();
  w->client = &c;
  w->cmd = cmd;
  w->db = c.db_index;
  w->deadline_ms = deadline_ms;
  w->opts = opts;
  w->argv.assign(argv.begin(), argv.end());
  LinkKeys(w, DistinctKeys(keys));
  if (opts.unblock_on_nokey) ++nokey_waiters_;
  c.blocked = w;
  waiters_.emplace(c.id(), std::move(owned));
  if (deadline_ms != 0) {
    timeouts_.emplace(deadline_ms, c.id());
    if (timeouts_.begin()->second == c.id()) ArmTimer(server_.NowMs());
  }
}

void Blocking::LinkKeys(BlockedClient* w, std::span<const std::string_view> keys) {
  KeyQueues& qs = QueuesOf(w->db);
  w->links.clear();
  w->links.resize(keys.size());  // sized once: the queues point into it
  for (size_t i = 0; i < keys.size(); ++i) {
    auto it = qs.find(Absl(keys[i]));
    if (it == qs.end()) it = qs.try_emplace(std::string(keys[i])).first;
    BlockQueue& q = it->second;
    BlockLink& l = w->links[i];
    l.owner = w;
    l.queue = &q;
    l.key = &it->first;
    l.prev = q.tail;
    l.next = nullptr;
    if (q.tail != nullptr) {
      q.tail->next = &l;
    } else {
      q.head = &l;
    }
    q.tail = &l;
    if (w->opts.unblock_on_nokey) ++q.nokey;
  }
}

void Blocking::UnlinkKeys(BlockedClient* w) {
  KeyQueues& qs = QueuesOf(w->db);
  for (BlockLink& l : w->links) {
    BlockQueue& q = *l.queue;
    (l.prev != nullptr ? l.prev->next : q.head) = l.next;
    (l.next != nullptr ? l.next->prev : q.tail) = l.prev;
    if (w->opts.unblock_on_nokey) --q.nokey;
    if (q.head == nullptr) qs.erase(qs.find(Absl(*l.key)));  // invariant 2: no empty queue
  }
  w->links.clear();
}

void Blocking::Remove(Client& c) {
  BlockedClient* w = c.blocked;
  if (w == nullptr) return;
  UnlinkKeys(w);
  if (w->deadline_ms != 0) timeouts_.erase({w->deadline_ms, c.id()});
  if (w->opts.unblock_on_nokey) --nokey_waiters_;
  c.blocked = nullptr;
  waiters_.erase(c.id());  // frees w
}

void Blocking::Finish(BlockedClient* w) {
  Client& c = *w->client;
  Remove(c);
  // CLIENT REPLY SKIP was for the blocked command: it is done now.
  if (c.reply_mode == ReplyMode::kSkipThis) c.reply_mode = ReplyMode::kOn;
  c.rb().SetDiscard(c.reply_mode == ReplyMode::kOff);
  unblocked_.push_back(c.id());
}

void Blocking::ReplyAndFinish(BlockedClient* w, std::string_view error, bool count_failed) {
  Client& c = *w->client;
  // The reply belongs to the blocked command, not to the call running now (CLIENT UNBLOCK's): it is written
  // outside that call.
  Dispatcher& d = server_.dispatcher();
  Call* running = d.DetachCall();
  io::ReplyBuilder& rb = c.rb();
  rb.SetDiscard(DiscardDeferred(c));
  if (!error.empty()) {
    rb.Error(error);
  } else if (w->opts.on_timeout != nullptr) {
    w->opts.on_timeout(server_, c);
  } else if (w->opts.timeout_reply == TimeoutReply::kNullBulk) {
    rb.Null();
  } else {
    rb.NullArray();
  }
  d.RestoreCall(running);
  // The reply's error is counted in errorstats, and Redis 7.0.15 counts it as a failure of the call that
  // ends the wait (CLIENT UNBLOCK ... ERROR fails: failed_calls counts the errors replied while a call runs).
  // Redis 7.0.15 counts a command ended by CLIENT UNBLOCK (TIMEOUT or ERROR) as failed, one that timed out
  // as not (checked against redis-server with INFO commandstats). Either way it was counted as a call when
  // it blocked.
  if (count_failed && w->cmd != nullptr) ++w->cmd->failed_calls;
  Finish(w);
}

bool Blocking::Unblock(uint64_t client_id, bool with_error) {
  auto it = waiters_.find(client_id);
  if (it == waiters_.end() || it->second.get() == reexec_) return false;
  // Redis 7.0.15 accounts the command when CLIENT UNBLOCK ends it (not when it times out).
  server_.dispatcher().OnBlockedEnded(*it->second->client, *it->second);
  ReplyAndFinish(it->second.get(), with_error ? "-UNBLOCKED client unblocked via CLIENT UNBLOCK" : "",
                 /*count_failed=*/true);
  return true;
}

bool Blocking::Release(uint64_t client_id) {
  auto it = waiters_.find(client_id);
  if (it == waiters_.end() || it->second.get() == reexec_) return false;
  ReplyAndFinish(it->second.get(), /*error=*/"", /*count_failed=*/false);
  return true;
}

std::vector<Client*> Blocking::UnblockAll(std::string_view error) {
  std::vector<Client*> unblocked;
  std::vector<BlockedClient*> all;
  for (auto& [id, w] : waiters_) {
    if (w.get() != reexec_) all.push_back(w.get());
  }
  for (BlockedClient* w : all) {
    unblocked.push_back(w->client);
    ReplyAndFinish(w, error, /*count_failed=*/true);
  }
  return unblocked;
}

// ---------------------------------------------------------------------------------------------------------
// Timeouts

void Blocking::HandleTimeouts(int64_t now_ms) {
  // Redis's handleBlockedClientsTimeout: a wait ends at the first millisecond past its deadline.
  while (!timeouts_.empty() && timeouts_.begin()->first < now_ms) {
    auto it = waiters_.find(timeouts_.begin()->second);
    assert(it != waiters_.end());
    ReplyAndFinish(it->second.get(), /*error=*/"", /*count_failed=*/false);
  }
  ArmTimer(now_ms);
}

void Blocking::ArmTimer(int64_t now_ms) {
  if (timer_ == nullptr || timeouts_.empty()) return;
  // Due at deadline + 1 ms; a firing that comes early (the earliest waiter was served meanwhile, the wall
  // clock moved) finds nothing due and arms again.
  timer_->ArmAfterMs(timeouts_.begin()->first + 1 - now_ms);
}

// ---------------------------------------------------------------------------------------------------------
// Signals and serving

void Blocking::MarkReady(int db, std::string_view key, BlockQueue& q) {
  if (q.ready) return;
  q.ready = true;
  ready_.push_back({db, std::string(key)});
}

void Blocking::OnKeyEvent(const KeyEvent& ev) {
  if (waiters_.empty() || static_cast<size_t>(ev.db) >= queues_.size()) return;
  KeyQueues& qs = queues_[static_cast<size_t>(ev.db)];
  if (qs.empty()) return;
  auto it = qs.find(Absl(ev.key));
  if (it == qs.end()) return;
  // A key that gains data is worth a look; a key that goes only matters to waiters that are told of it.
  const bool gained = ev.change == KeyChange::kAdded || ev.change == KeyChange::kWritten;
  if (gained || it->second.nokey > 0) MarkReady(ev.db, ev.key, it->second);
}

void Blocking::OnDbFlushed(int db) {
  if (nokey_waiters_ == 0 || static_cast<size_t>(db) >= queues_.size()) return;
  for (auto& [key, q] : queues_[static_cast<size_t>(db)])
    if (q.nokey > 0) MarkReady(db, key, q);
}

void Blocking::OnDbsSwapped(int a, int b) {
  // Clients stay with their db index, so the keys they wait on may now hold data (Redis's
  // scanDatabaseForReadyKeys); serving checks what each key holds.
  for (int db : {a, b}) {
    if (static_cast<size_t>(db) >= queues_.size()) continue;
    for (auto& [key, q] : queues_[static_cast<size_t>(db)]) MarkReady(db, key, q);
  }
}

void Blocking::ServeReady() {
  serving_ = true;
  // Keys signalled while serving (the push side of a served BLMOVE) form the next round.
  while (!ready_.empty()) {
    std::vector<ReadyKey> round = std::exchange(ready_, {});
    for (const ReadyKey& rk : round) ServeKey(rk.db, rk.key);
  }
  serving_ = false;
}

void Blocking::ServeKey(int db, std::string_view key) {
  if (static_cast<size_t>(db) >= queues_.size()) return;
  KeyQueues& qs = queues_[static_cast<size_t>(db)];
  auto it = qs.find(Absl(key));
  if (it == qs.end()) return;
  BlockQueue* q = &it->second;
  q->ready = false;  // a signal from here on puts it on the next round
  Db& d = server_.db(db);
  const int64_t now_ms = server_.NowMs();
  // Oldest first. Invariant 3: re-executing l's owner changes only its own links, so `next` stays linked in
  // q (and q alive) whenever it is not null.
  for (BlockLink* l = q->head; l != nullptr;) {
    BlockLink* next = l->next;
    BlockedClient* w = l->owner;
    const Entry* e = d.Peek(key);
    const bool live = e != nullptr && !Db::IsExpired(e, now_ms);
    // Lists and sorted sets vanish when emptied: once the key is gone only unblock_on_nokey waiters care.
    if (!live && q->nokey == 0) return;
    const bool wake = w->opts.unblock_on_nokey || (live && e->value().type() == w->opts.type);
    if (wake && !w->client->close_asap) Reexecute(w, key);
    l = next;
  }
}

void Blocking::Reexecute(BlockedClient* w, std::string_view key) {
  Client& c = *w->client;
  assert(c.db_index == w->db);
  reexec_ = w;
  wake_key_.assign(key.data(), key.size());
  w->reblocked = false;
  c.rb().SetDiscard(DiscardDeferred(c));
  c.argv.assign(w->argv.begin(), w->argv.end());
  server_.dispatcher().Reexecute(c, w->cmd);
  c.argv.clear();
  reexec_ = nullptr;
  wake_key_.clear();
  if (w->reblocked) {
    c.rb().SetDiscard(c.reply_mode == ReplyMode::kOff);
  } else {
    Finish(w);  // served (or failed): its reply is out, its pending input runs in BeforeSleep
  }
}

std::string_view Blocking::wake_key(const Client& c) const {
  return reexecuting(c) ? std::string_view(wake_key_) : std::string_view();
}

bool Blocking::reexecuting(const Client& c) const { return reexec_ != nullptr && reexec_->client == &c; }

// ---------------------------------------------------------------------------------------------------------

bool ParseBlockTimeout(std::string_view arg, TimeoutUnit unit, int64_t now_ms, int64_t* deadline_ms,
                       std::string_view* err) {
  int64_t timeout_ms = 0;
  if (unit == TimeoutUnit::kSeconds) {
    long double seconds;
    if (!ds::StringToLongDouble(arg, &seconds)) {
      *err = "ERR timeout is not a float or out of range";
      return false;
    }
    // Redis 7.0.15 rounds up to the millisecond (0.0001 waits 1 ms, -0.0009 means 0: forever), and a
    // value past the range of a long long converts to LLONG_MIN, the x86 conversion, so it reads as
    // negative.
    const long double ms = std::ceil(seconds * 1000.0L);
    timeout_ms = (ms >= 0x1p63L || ms < -0x1p63L) ? std::numeric_limits<int64_t>::min() : static_cast<int64_t>(ms);
  } else if (!ds::StringToInt64(arg, &timeout_ms)) {
    *err = "ERR timeout is not an integer or out of range";
    return false;
  }
  if (timeout_ms < 0) {
    *err = "ERR timeout is negative";
    return false;
  }
  if (timeout_ms == 0) {
    *deadline_ms = 0;
  } else if (timeout_ms > std::numeric_limits<int64_t>::max() - now_ms) {
    *deadline_ms = std::numeric_limits<int64_t>::max();  // Redis's sum overflows and never times out either
  } else {
    *deadline_ms = now_ms + timeout_ms;
  }
  return true;
}

}  // namespace ringkv::core
