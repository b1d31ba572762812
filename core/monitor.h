// Monitors: the clients in MONITOR mode, and the feed of the commands the server runs to them, as Redis
// 7.0's replicationFeedMonitors: one line per command, after it ran,
//   +<unix seconds>.<microseconds> [<db> <client>] "arg" "arg" ...
// where <client> is the peer's ip:port, "unix:<unixsocket>" for a unix socket client, or "lua" for a
// script's commands, and each argument is quoted and escaped as Redis's sdscatrepr does.
//
// Which commands reach the feed is the dispatcher's call (not admin ones, not skip_monitor ones; EVAL and
// FCALL before their script's commands); nothing is fed while a dataset loads. This file formats once per
// command and appends the line to every monitor through the normal output path, so a monitor that does not
// read is held to its output limits like any client.
//
// Ownership: Server owns the clients; it calls Remove before it frees one (or when RESET ends the mode),
// so the list never holds a dangling Client*.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::core {

class Client;
class Server;

class Monitors {
 public:
  explicit Monitors(Server& server) : server_(server) {}
  Monitors(const Monitors&) = delete;
  Monitors& operator=(const Monitors&) = delete;

  bool empty() const { return clients_.empty(); }
  // MONITOR: c receives every command from now on (Client::monitor). A client already monitoring stays once.
  void Add(Client& c);
  // The client goes, or RESET ends its MONITOR mode.
  void Remove(Client& c);

  // Sends c's command (argv, run in db) to every monitor, with the arguments at the indexes in `redacted`
  // shown as "(redacted)".
  void Feed(const Client& c, int db, std::span<const std::string_view> argv, std::span<const uint32_t> redacted);

 private:
  Server& server_;
  std::vector<Client*> clients_;  // in the order they asked (Redis's server.monitors list)
  std::string line_;              // formatting scratch, reused between commands
};

}  // namespace ringkv::core
