// CommandHarness: runs commands through the real dispatcher (core::Server::ExecuteCommand) with no loop and
// no sockets: a Server built from a Config, one fake client with its own output buffer. Replies come back as
// the raw RESP bytes a client would read. KeyEventRecorder sits in front of the server's keyspace listener and
// records every key change, so tests can assert the exact signals a command emits.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/client.h"
#include "core/config.h"
#include "core/keyspace_events.h"
#include "core/server.h"
#include "io/output_buffer.h"
#include "io/resp_parser.h"

namespace ringkv::test {

class CommandHarness {
 public:
  explicit CommandHarness(core::Config config = DefaultConfig())
      : server_(std::move(config)), client_(1, nullptr, &out_, &limits_) {
    client_.authenticated = true;
  }

  // Redis's defaults, plus DEBUG allowed (the fake client has no address to count as local), without save
  // points (FLUSHALL would save dump.rdb into the working directory).
  static core::Config DefaultConfig() {
    core::Config c;
    c.enable_debug_command = 1;
    c.save.clear();
    return c;
  }

  // Runs one command; returns its raw reply ("+OK\r\n", ":1\r\n", "$-1\r\n", ...).
  std::string Run(const std::vector<std::string>& argv) {
    client_.argv.assign(argv.begin(), argv.end());
    server_.ExecuteCommand(&client_);
    client_.argv.clear();
    std::string reply = out_.ToString();
    out_.Clear();
    return reply;
  }

  // Runs one command as c, another client of the server (CreateFakeClient's); returns everything c received
  // since the last look: messages delivered to it by other clients' commands, then the reply.
  std::string RunAs(core::Client* c, const std::vector<std::string>& argv) {
    c->argv.assign(argv.begin(), argv.end());
    server_.ExecuteCommand(c);
    c->argv.clear();
    return TakeOutput(c);
  }
  // What c received since the last look (messages delivered by other clients' commands).
  static std::string TakeOutput(core::Client* c) {
    std::string s = c->out().ToString();
    c->out().Clear();
    return s;
  }

  core::Server& server() { return server_; }
  core::Db& db(int i = 0) { return server_.db(i); }
  core::Client& client() { return client_; }

 private:
  core::Server server_;
  io::OutputBuffer out_;
  io::RespLimits limits_;
  core::Client client_;
};

// Records every signal of the databases it is installed on, then forwards it to the listener that was there
// (the server), so the server's own handling (expired_keys, propagation) still runs. Removes itself on
// destruction.
class KeyEventRecorder : public core::KeyspaceListener {
 public:
  explicit KeyEventRecorder(core::Server& server) : server_(server) {
    for (int i = 0; i < server_.db_count(); ++i) {
      next_ = server_.db(i).listener();
      server_.db(i).set_listener(this);
    }
  }
  ~KeyEventRecorder() override {
    for (int i = 0; i < server_.db_count(); ++i) server_.db(i).set_listener(next_);
  }

  // "db:key:change:class:event", e.g. "0:k:added:new:new" (class as its notify-keyspace-events letter).
  void OnKeyEvent(const core::KeyEvent& ev) override {
    events_.push_back(std::to_string(ev.db) + ":" + std::string(ev.key) + ":" + ChangeName(ev.change) + ":" +
                      ClassLetter(ev.notify_class) + ":" + std::string(ev.event));
    if (next_ != nullptr) next_->OnKeyEvent(ev);
  }
  void OnDbFlushing(int db) override {
    if (next_ != nullptr) next_->OnDbFlushing(db);
  }
  void OnDbFlushed(int db) override {
    events_.push_back("flushed:" + std::to_string(db));
    if (next_ != nullptr) next_->OnDbFlushed(db);
  }
  void OnDbsSwapped(int a, int b) override {
    events_.push_back("swapped:" + std::to_string(a) + ":" + std::to_string(b));
    if (next_ != nullptr) next_->OnDbsSwapped(a, b);
  }

  // The events recorded since the last call.
  std::vector<std::string> Take() { return std::exchange(events_, {}); }

  static const char* ChangeName(core::KeyChange c) {
    switch (c) {
      case core::KeyChange::kAdded: return "added";
      case core::KeyChange::kWritten: return "written";
      case core::KeyChange::kDeleted: return "deleted";
      case core::KeyChange::kExpired: return "expired";
      case core::KeyChange::kEvicted: return "evicted";
    }
    return "?";
  }
  // The notify-keyspace-events letter of one class bit ("new" for n, to read well in expectations).
  static std::string ClassLetter(int notify_class) {
    switch (notify_class) {
      case core::kNotifyGeneric: return "g";
      case core::kNotifyString: return "$";
      case core::kNotifyList: return "l";
      case core::kNotifySet: return "s";
      case core::kNotifyHash: return "h";
      case core::kNotifyZset: return "z";
      case core::kNotifyExpired: return "x";
      case core::kNotifyEvicted: return "e";
      case core::kNotifyStream: return "t";
      case core::kNotifyNew: return "new";
      default: return "?" + std::to_string(notify_class);
    }
  }

 private:
  core::Server& server_;
  core::KeyspaceListener* next_ = nullptr;
  std::vector<std::string> events_;
};

}  // namespace ringkv::test
