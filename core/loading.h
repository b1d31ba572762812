// The loading state (Redis's server.loading): while the dataset is read at start-up, the server keeps
// listening and, every loading-process-events-interval-bytes of input, serves one nested loop turn
// (Server::ProcessEventsWhileBusy, as Redis's processEventsWhileBlocked) where every command without the
// `loading` flag is answered -LOADING (dispatch.cc). INFO persistence reports the progress with Redis's fields.
// Any loader drives it the same way: Begin(total bytes), Progress(bytes read) after each key or command, End().
#pragma once

#include <cstdint>
#include <string>

namespace ringkv::core {

class Server;

class Loading {
 public:
  explicit Loading(Server& server) : server_(server) {}

  // A load of total_bytes of input begins (0: the size is unknown). serve_clients: Progress serves nested turns
  // (the start-up load; DEBUG RELOAD runs inside a command and serves nobody, as its caller waits anyway).
  void Begin(uint64_t total_bytes, bool serve_clients);
  // One key (or command) was loaded and loaded_bytes of the input are read: applies key-load-delay (Redis's
  // test knob, microseconds per key; negative: sleep 1 us with probability 1/-delay), and serves a nested
  // turn each time the input crosses a multiple of loading-process-events-interval-bytes.
  void Progress(uint64_t loaded_bytes);
  // The used-mem aux field of the file being loaded (INFO's loading_rdb_used_mem).
  void SetRdbUsedMem(uint64_t bytes) { rdb_used_mem_ = bytes; }
  void End();

  bool active() const { return active_; }
  // INFO persistence's loading_* lines (only while a load is active), as Redis 7.0 prints them.
  void AppendInfo(std::string* out, int64_t now_s) const;

 private:
  Server& server_;
  bool active_ = false;
  bool serve_clients_ = false;
  int64_t start_time_s_ = 0;
  uint64_t total_bytes_ = 0;
  uint64_t rdb_used_mem_ = 0;
  uint64_t loaded_bytes_ = 0;
  uint64_t delay_rng_ = 0x9e3779b97f4a7c15ull;
};

}  // namespace ringkv::core
