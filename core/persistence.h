// RDB files on disk for the server: SAVE (a synchronous write of the whole dataset, in the loop, as Redis's
// rdbSave: temp-<pid>.rdb in `dir`, fsync, rename to `dbfilename`), the load at start-up and DEBUG RELOAD's
// reload, with Redis's log lines. The format itself is persist/rdb_* (it knows Dbs and values, not the server);
// this file is the part that knows the server: config, functions, access bits, hash-field expiry, INFO.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "persist/rdb_reader.h"
#include "persist/rdb_writer.h"

namespace ringkv::core {

class Server;

// What INFO persistence and LASTSAVE report about saves and the last load.
struct RdbStatus {
  int64_t last_save_s = 0;       // rdb_last_save_time / LASTSAVE (the start time until the first save)
  int64_t dirty_at_save = 0;     // Server::dirty() when the last save began: changes since = dirty - this
  uint64_t saves = 0;            // rdb_saves
  bool last_save_ok = true;      // rdb_last_bgsave_status (SAVE sets it too, as Redis)
  // BGSAVE (core/bgsave.h)
  int64_t dirty_before_bgsave = 0;  // Server::dirty() at the fork: what a successful BGSAVE saved
  int64_t last_bgsave_try_s = 0;    // when the last BGSAVE was tried (the 5 s retry delay after a failure)
  int64_t last_bgsave_time_s = -1;  // rdb_last_bgsave_time_sec
  uint64_t last_cow_bytes = 0;      // rdb_last_cow_size
  bool bgsave_scheduled = false;    // BGSAVE SCHEDULE (or BGSAVE in EXEC): start one when no child runs
  uint64_t last_load_keys_loaded = 0;
  uint64_t last_load_keys_expired = 0;
};

// The path of `name` in the configured dir.
std::string RdbPath(Server& server, const std::string& name);

// SAVE: writes the dataset to dbfilename; false (logged, *err the reason) when it could not.
bool RdbSaveToDisk(Server& server, std::string* err);

enum class RdbLoadResult { kNoFile, kLoaded, kFailed, kAborted };
// Loads dbfilename into the (empty) databases. kFailed: the file exists and could not be read whole; the
// reason, with the offset and the pointer to redis-check-rdb, is logged and in *err.
// merge (DEBUG RELOAD MERGE): keys and libraries in the file replace those already present.
// serve_clients (the start-up load): clients are served meanwhile in the loading state (core/loading.h), and
// a SHUTDOWN among them stops the load (kAborted).
// stats (optional): what the file said (its aux fields, replication history included).
// log_time: the start-up's "DB loaded from disk" line (a replica's full sync has none).
RdbLoadResult RdbLoadFromDisk(Server& server, std::string* err, bool merge = false, bool serve_clients = false,
                              persist::rdb::LoadStats* stats = nullptr, bool log_time = true);

// The AOF's RDB parts (core/aof*.cc). How this server writes an RDB (compression, checksum, version, access
// bits, functions): the options SAVE uses, for an AOF base with an RDB preamble.
persist::rdb::SaveOptions RdbSaveOptionsFor(Server& server);
// Loads an RDB image that is an AOF's base (or an old-style AOF's preamble) into the databases, with the log
// lines of an RDB load ("RDB is base AOF" when it says so). False (logged, *err) when it cannot be read;
// *end: where the RDB ended (the commands of an old-style AOF follow).
bool RdbLoadAofPreamble(Server& server, std::string_view image, const std::string& name, size_t* end, std::string* err);

}  // namespace ringkv::core
