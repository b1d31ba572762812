// Listeners: opens every listening socket the configuration names (each `bind` address on `port`, and the
// `unixsocket`) on the loop, with redis-server 7.0.15's rules for optional and failing addresses and its
// log lines; and closes them at shutdown, removing the unix socket file as Redis does.
#pragma once

#include "core/config.h"
#include "io/loop.h"

namespace ringkv::core {

struct ListenSummary {
  int tcp_listeners = 0;     // TCP addresses listened on
  bool unix_socket = false;  // listening on cfg.unixsocket
};

// Listens on every address of cfg.bind at cfg.port (none when port is 0, as Redis) and on cfg.unixsocket.
// Returns false when start-up must stop; the reason is logged with Redis's text ("Failed listening on port
// N (TCP), aborting.", "Failed opening Unix socket: ...", "Configured to not listen anywhere, exiting.").
bool ListenAll(io::Loop* loop, const Config& cfg, ListenSummary* summary);
// Redis's start-up lines once the server is ready: "Ready to accept connections" when TCP is listened on,
// "The server is now ready to accept connections at <path>" for the unix socket.
void LogReadyToAccept(const ListenSummary& summary, const Config& cfg);
// Shutdown: stops accepting and removes the unix socket file ("Removing the unix socket file.").
void CloseListeners(io::Loop* loop, const Config& cfg);

}  // namespace ringkv::core
