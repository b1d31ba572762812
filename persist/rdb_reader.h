// The RDB reader: loads files of versions 1..12 (Redis up to 7.4) into ringkv's databases, validating every
// structure as Redis does with sanitize-dump-payload yes (listpacks deeply, intsets, duplicates, NaN
// scores, lengths against the bytes left), so a corrupt or hostile file is refused with the offset where it
// went wrong and never crashes or leaves a half-built value. Values take ringkv's encodings by Redis 7.0's
// rules: a 7.2 listpack set becomes an intset or a hashtable by content and set-max-intset-entries, 7.4's
// hashes with field TTLs become listpackex or hashtable hashes with those TTLs. Ziplist-era encodings
// (files before version 10 that used them), modules and streams are refused with a clear error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/object.h"
#include "core/rdb_string.h"

namespace ringkv::core {
class Db;
class Entry;
struct Config;
}  // namespace ringkv::core

namespace ringkv::persist::rdb {

struct LoadStats {
  int version = 0;
  std::string redis_ver;   // the redis-ver aux field ("" when absent)
  int64_t ctime_s = -1;    // aux ctime
  int64_t used_mem = -1;   // aux used-mem
  uint64_t keys_loaded = 0;
  uint64_t keys_expired = 0;
  uint64_t empty_keys_skipped = 0;
  bool checksum_skipped = false;  // the file was written without a checksum (or verification is off)
  bool aof_base = false;          // aux aof-base was 1 (the RDB base of an AOF)
  // The history the file holds (aux repl-id, repl-offset, repl-stream-db: a replication RDB, or one saved by
  // a replica): a replica restarted from it can continue that history with PSYNC. "" / -1 when absent.
  std::string repl_id;
  int64_t repl_offset = -1;
  int repl_stream_db = -1;
  size_t end_offset = 0;          // where the RDB ended (an old-style AOF's commands follow its preamble)
};

// What the loader asks of its owner besides the databases.
class LoadHooks {
 public:
  virtual ~LoadHooks() = default;
  // A FUNCTION2 record: load the library (no replace). False with *err refuses the file.
  virtual bool OnFunction(std::string_view code, bool replace, std::string* err) = 0;
  // A key was added (e is live in db): restore its access bits (-1: not in the file) and file a hash with
  // field TTLs for active expiry.
  virtual void OnKey(int db, core::Entry* e, int64_t lfu_freq, int64_t lru_idle_s) = 0;
  // After each key record (loaded, expired or skipped): offset bytes of the file are read and stats holds the
  // aux fields met so far. The owner reports progress and may serve clients here (nothing of the loader's is
  // held across the call but its position). False stops the load (Load fails with "Loading aborted").
  virtual bool OnProgress(size_t offset, const LoadStats& stats) {
    (void)offset;
    (void)stats;
    return true;
  }
};

struct LoadOptions {
  const core::Config* config = nullptr;  // encoding thresholds, list fill and compress depth
  int64_t now_ms = 0;
  bool skip_expired = true;    // a primary drops keys (and hash fields) already expired, as Redis
  bool verify_checksum = true; // rdbchecksum
  // DEBUG RELOAD MERGE: a key already present is replaced (else a duplicated key refuses the file), and a
  // library already loaded too.
  bool allow_duplicates = false;
};


// Loads the file image into dbs (index i is db i; keys are added, the dbs are not emptied first). False
// with *err and *offset (the byte where reading failed) on any error; the dbs then hold what came before.
bool Load(std::string_view file, const std::vector<core::Db*>& dbs, const LoadOptions& opt, LoadHooks* hooks,
          LoadStats* stats, std::string* err, size_t* offset);

// One value of RDB type `type` (what follows the key), read from r into *out with ringkv's encodings.
// *empty is set when the value was an empty collection (Redis skips such keys). False with *err on
// corruption. now_ms / skip_expired drop hash fields already expired.
bool ReadValue(core::RdbReader& r, uint8_t type, const core::Config& cfg, int64_t now_ms, bool skip_expired,
               core::Value* out, bool* empty, std::string* err);

}  // namespace ringkv::persist::rdb
