// INFO's text and the DEBUG DIGEST signatures, built from the server's state. Field names are Redis 7.0's,
// so tools that parse INFO (redis-cli, exporters, Sentinel later) find what they look for.
#pragma once

#include <string>
#include <vector>

namespace ringkv::core {

class Server;
struct Entry;

// sections: lower-cased names as given to INFO (empty: the default set; "all", "everything", "default").
std::string BuildInfo(Server& server, const std::vector<std::string>& sections);
// "%.2f" + K/M/G/T/P suffix like Redis's bytesToHuman.
std::string BytesToHuman(uint64_t n);
// A hex signature of one value (DEBUG DIGEST-VALUE) and of the whole dataset (DEBUG DIGEST), 40 hex chars;
// all zeros for an empty dataset as in Redis. Stable across runs for the same content.
std::string ValueDigest(const Entry& e);
std::string DatasetDigest(Server& server);

}  // namespace ringkv::core
