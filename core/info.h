// INFO's text, built from the server's state. Field names are Redis 7.0's, so tools that parse INFO
// (redis-cli, exporters, Sentinel later) find what they look for.
#pragma once

#include <string>
#include <vector>

namespace ringkv::core {

class Server;

// sections: lower-cased names as given to INFO (empty: the default set; "all", "everything", "default").
std::string BuildInfo(Server& server, const std::vector<std::string>& sections);
// "%.2f" + K/M/G/T/P suffix like Redis's bytesToHuman.
std::string BytesToHuman(uint64_t n);

}  // namespace ringkv::core
