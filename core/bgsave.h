// Background RDB snapshots (Redis's rdbSaveBackground and what drives it): BGSAVE forks a child (ForkChild)
// that writes temp-<pid>.rdb in `dir` with the same SAVE code, fsyncs and renames it to `dbfilename`, while
// the parent keeps serving; the parent learns of the end through the ring and records it (lastsave, the
// changes saved, rdb_last_bgsave_status, the COW size). The cron starts one at the `save` points and for a
// BGSAVE SCHEDULE, and a failed one makes the server refuse writes with -MISCONF under
// stop-writes-on-bgsave-error until a save succeeds.
#pragma once

#include <cstdint>

namespace ringkv::core {

class Server;

// Redis's shared.bgsaveerr, without its leading '-'.
inline constexpr const char* kErrMisconf =
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands "
    "that may modify the data set are disabled, because this instance is configured to report errors during "
    "writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
    "details about the RDB error.";

// Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, the save points wait this long before retrying.
inline constexpr int64_t kBgsaveRetryDelayS = 5;

// Forks the snapshot child now. False when a child already runs or fork failed (logged; a failed fork
// counts as a failed save, as Redis's).
bool RdbSaveBackground(Server& server);
// The cron's part, Redis's serverCron: with no child running, a save point reached (or a scheduled BGSAVE)
// starts one.
void RdbSaveCron(Server& server);
// Ends a running RDB child (SIGUSR1) and removes its temp file now: SHUTDOWN and FLUSHALL. Its end still
// comes through the ring (as a kill, not a failure) unless the process exits first.
void KillRdbChild(Server& server);
// Whether `save` has at least one save point.
bool HasSavePoints(Server& server);
// Redis's writeCommandsDeniedByDiskError for the RDB: save points configured, the last background save
// failed, stop-writes-on-bgsave-error on.
bool WritesDeniedByRdbError(Server& server);

}  // namespace ringkv::core
