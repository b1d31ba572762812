// ClientInput: turns the bytes a network client sent into commands and runs them, as Redis's
// processInputBuffer: pipelined commands are parsed in batches whose keys are prefetched before they run,
// and the limits are enforced where the data arrives: client-query-buffer-limit on every command and on
// the part of one still arriving, the output-buffer limits after every command (the hard limit itself is
// enforced by the OutputBuffer as each reply is appended).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ringkv::core {

class Client;
class Server;
struct Command;

class ClientInput {
 public:
  explicit ClientInput(Server& server) : server_(server) {}
  ClientInput(const ClientInput&) = delete;
  ClientInput& operator=(const ClientInput&) = delete;

  // Runs every complete command in the client's input, in order, then erases what it consumed. May close
  // the client (protocol error, QUIT, a limit): the caller must not use c afterwards without looking it up.
  void Process(Client& c);

  // Applies the output limits of the client's class to its OutputBuffer (at accept and on CONFIG SET).
  void ApplyOutputLimits(Client& c) const;

 private:
  // After a command: the client's output is past its hard limit, or has stayed past its soft limit for
  // longer than allowed. Closes it (without sending its pending output) and logs it. Returns true if so.
  bool CloseIfOverOutputLimit(Client& c, int64_t now_ms);
  void CloseForQueryLimit(Client& c, std::string_view qbuf);

  struct ParsedCommand {
    std::vector<std::string_view> argv;
    Command* cmd = nullptr;  // table entry for argv[0] (nullptr: unknown command)
    size_t end = 0;          // input offset just past the command
  };

  Server& server_;
  std::vector<ParsedCommand> batch_;  // reused between calls: keeps its capacities
};

}  // namespace ringkv::core
