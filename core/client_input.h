// ClientInput: turns the bytes a network client sent into commands and runs them, as Redis's
// processInputBuffer: pipelined commands are parsed in batches whose keys are prefetched before they run,
// and the limits are enforced where the data arrives: client-query-buffer-limit on every command and on
// the part of one still arriving, the output-buffer limits after every command (the hard limit itself is
// enforced by the OutputBuffer as each reply is appended).
//
// Output backpressure. A client whose unsent output passes kOutputHighWaterBytes stops having its pipelined
// commands run until that output has drained to kOutputResumeBytes (the loop tells us, OnOutputDrained), so
// a client that reads as it goes (4 GETRANGEs of a 256 MB value in one write) is served within a 1 GB limit
// instead of being charged for the whole batch at once. Its input keeps being read meanwhile (the query
// limit still applies), so a client that writes everything before reading cannot deadlock. It applies only
// where the limits leave room for it (no hard or soft limit, or limits at least 4 high-water marks): with a
// tighter limit Redis's semantics hold exactly (replies accumulate until the limit closes the client, as
// Redis's obuf-limits tests expect). A waiting client that takes nothing from its socket for
// kStallTimeoutMs stops being waited for: it then runs into its hard limit and is closed as in Redis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/client.h"

namespace ringkv::core {

class Server;
struct Command;
struct OutputLimit;

class ClientInput {
 public:
  explicit ClientInput(Server& server) : server_(server) {}
  ClientInput(const ClientInput&) = delete;
  ClientInput& operator=(const ClientInput&) = delete;

  // Runs every complete command in the client's input, in order, then erases what it consumed. May close
  // the client (protocol error, QUIT, a limit): the caller must not use c afterwards without looking it up.
  void Process(Client& c);

  // Applies the output limits of the client's class to its OutputBuffer (at accept, on CONFIG SET, and when
  // the client enters or leaves pub/sub).
  void ApplyOutputLimits(Client& c) const;
  // The limits of the client's class, as Redis's getClientType: replica once attached, pubsub once it has a
  // subscription.
  const OutputLimit& OutputLimitFor(const Client& c) const;
  // The client's output is past its hard limit, or has stayed past its soft limit for longer than allowed
  // (keeps the soft-limit clock). When true, the caller closes it; LogOutputLimitClose counts and logs that.
  bool OverOutputLimit(Client& c, int64_t now_ms) const;
  void LogOutputLimitClose(const Client& c, int64_t now_ms);

  static constexpr size_t kOutputHighWaterBytes = size_t{64} << 20;
  static constexpr size_t kOutputResumeBytes = size_t{16} << 20;
  static constexpr int64_t kStallTimeoutMs = 2000;
  // The loop reports that a waiting client's output drained: run what it sent meanwhile.
  void OnOutputDrained(Client& c);
  // From the cron: waiting clients that took nothing from their socket for kStallTimeoutMs run again.
  void CheckStalledClients(int64_t now_ms);
  void Forget(const Client& c) { yielded_.erase(c.id()); }

 private:
  // After a command: the client's output is past its hard limit, or has stayed past its soft limit for
  // longer than allowed. Closes it (without sending its pending output) and logs it. Returns true if so.
  bool CloseIfOverOutputLimit(Client& c, int64_t now_ms);
  // After a command: true (and the client now waits) if its output passed the high-water mark.
  bool YieldForOutput(Client& c, int64_t now_ms);
  void CloseForQueryLimit(Client& c, std::string_view qbuf);

  struct ParsedCommand {
    std::vector<std::string_view> argv;
    Command* cmd = nullptr;  // table entry for argv[0] (nullptr: unknown command)
    size_t end = 0;          // input offset just past the command
  };

  Server& server_;
  // Reused between calls (they keep their capacities); one per nesting level: a script past
  // busy-reply-threshold runs other clients' input from a nested loop turn (Server::ProcessEventsWhileBusy)
  // while its own batch is in use.
  std::vector<ParsedCommand> batches_[2];
  int depth_ = 0;
  absl::flat_hash_set<uint64_t> yielded_;  // ids of the clients waiting for their output to drain
};

}  // namespace ringkv::core
