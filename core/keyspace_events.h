// Key-change signals. The keyspace (Db) emits one KeyEvent from its own mutation functions for every
// keyspace notification redis-server 7.0 fires for that change, in Redis's order, so WATCH, client tracking,
// keyspace notifications and blocked-client wake-ups can all hang off this one signal.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringkv::core {

// What happened to the key in its db.
enum class KeyChange : uint8_t {
  kAdded,    // the key did not exist and now does ("new")
  kWritten,  // the key's value or TTL changed ("set", "incrby", "expire", "persist", "rename_to", ...)
  kDeleted,  // the key is gone: deleted, renamed or moved away ("del", "rename_from", "move_from")
  kExpired,  // removed because its TTL passed, lazily or by the active cycle ("expired")
  kEvicted,  // removed by maxmemory eviction ("evicted")
};

// One key changed. The views are valid only during the callback. For an in-place edit (Db::Write) the event
// is emitted just before the edit, so a listener must not read the value from inside the callback; a listener
// that needs the outcome (blocked clients) records the key and looks after the command.
struct KeyEvent {
  int db;
  std::string_view key;
  KeyChange change;
  int notify_class;        // the NotifyFlag bit of the notification (core/config.h)
  std::string_view event;  // the keyspace-notification event name ("set", "del", "expired", ...)
};

class KeyspaceListener {
 public:
  virtual ~KeyspaceListener() = default;
  virtual void OnKeyEvent(const KeyEvent& ev) = 0;  // one key changed
  // FLUSHDB / FLUSHALL, before any key of db goes (WATCH needs to know which watched keys existed).
  virtual void OnDbFlushing(int db) { (void)db; }
  virtual void OnDbFlushed(int db) = 0;              // FLUSHDB / FLUSHALL: every key of db
  virtual void OnDbsSwapped(int a, int b) = 0;       // SWAPDB
};

}  // namespace ringkv::core
