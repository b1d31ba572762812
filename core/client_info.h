// The one-line description of a client used by CLIENT LIST / CLIENT INFO and log lines, in Redis 7.0's
// field order (tools parse it by name, some by position).
#pragma once

#include <cstdint>
#include <string>

namespace ringkv::core {

class Server;
class Client;

void AppendClientInfo(const Server& server, const Client& c, int64_t now_ms, std::string* out);

}  // namespace ringkv::core
