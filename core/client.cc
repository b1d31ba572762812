#include "core/client.h"

namespace ringkv::core {

Client::Client(uint64_t id, io::Connection* conn, io::OutputBuffer* out, const io::RespLimits* limits)
    : id_(id), conn_(conn), out_(out), rb_(out), parser_(limits) {}

}  // namespace ringkv::core
