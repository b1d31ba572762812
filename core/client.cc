#include "core/client.h"

#include "core/pubsub.h"
#include "core/tracking.h"

namespace ringkv::core {

Client::Client(uint64_t id, io::Connection* conn, io::OutputBuffer* out, const io::RespLimits* limits)
    : id_(id), conn_(conn), out_(out), rb_(out), parser_(limits) {}

// Out of line: ClientSubscriptions and ClientTracking are complete only here.
Client::~Client() = default;

}  // namespace ringkv::core
