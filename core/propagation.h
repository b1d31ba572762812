// Propagation: the stream of effects that the AOF and replicas replay, as Redis 7.0 builds it. Each call
// (one top-level command, with whatever runs inside it) queues its effects here; when the call ends they
// are handed to every target as one unit: alone when there is one effect, wrapped in MULTI ... EXEC when
// there are several (a write that first found its key expired propagates MULTI, DEL, the write, EXEC,
// exactly as redis-server 7.0.15 does). Work outside any call (active expiry in the cron) is handed over at
// once, one effect at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::core {

// A consumer of the effect stream: the AOF and replica links (later issues), a recorder in the tests.
// db is the database the effect applies to (the consumer emits SELECT when it changes), or -1 for an
// effect that needs no database (the EXEC closing a unit).
// Which consumers an effect is for (Redis's PROPAGATE_AOF / PROPAGATE_REPL): PUBLISH goes to replicas only.
enum PropagationTargets : uint8_t { kPropagateAof = 1, kPropagateRepl = 2, kPropagateAll = 3 };

class PropagationTarget {
 public:
  virtual ~PropagationTarget() = default;
  virtual void Feed(int db, const std::vector<std::string_view>& argv) = 0;
  // The kind of consumer this is: an effect reaches it when its targets include this kind.
  virtual PropagationTargets kind() const { return kPropagateAof; }
};

class Propagator {
 public:
  void AddTarget(PropagationTarget* t) { targets_.push_back(t); }
  void RemoveTarget(PropagationTarget* t);
  // False while nobody consumes the stream: callers skip building effects altogether (Redis's
  // shouldPropagate), so the command path costs nothing extra without AOF or replicas.
  bool active() const { return !targets_.empty(); }

  // A unit of work begins or ends (a top-level call; nested calls only count depth). Effects queued inside
  // are handed to the targets when the outermost unit ends.
  void BeginUnit() { ++depth_; }
  void EndUnit() {
    if (--depth_ == 0 && !pending_.empty()) Flush();
  }
  bool in_unit() const { return depth_ > 0; }

  // Queues one effect (argv as it must be replayed) for database db: into the open unit, or straight to the
  // targets when no unit is open.
  // targets: the kinds of consumer the effect is for (kPropagateRepl only for PUBLISH). MULTI/EXEC around a
  // unit reach every consumer that gets at least one of its effects.
  void Queue(int db, std::vector<std::string> argv, uint8_t targets = kPropagateAll);
  void Queue(int db, const std::vector<std::string_view>& argv, uint8_t targets = kPropagateAll);

 private:
  void Flush();

  struct Effect {
    int db;
    uint8_t targets;
    std::vector<std::string> argv;
  };
  std::vector<PropagationTarget*> targets_;
  std::vector<Effect> pending_;
  int depth_ = 0;
};

}  // namespace ringkv::core
