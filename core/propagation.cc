#include "core/propagation.h"

#include <algorithm>

namespace ringkv::core {

void Propagator::RemoveTarget(PropagationTarget* t) { std::erase(targets_, t); }

void Propagator::Queue(int db, std::vector<std::string> argv, uint8_t targets) {
  if (!active()) return;
  if (depth_ > 0) {
    pending_.push_back({db, targets, std::move(argv)});
    return;
  }
  std::vector<std::string_view> views(argv.begin(), argv.end());
  for (PropagationTarget* t : targets_) {
    if (targets & t->kind()) t->Feed(db, views);
  }
}

void Propagator::Queue(int db, const std::vector<std::string_view>& argv, uint8_t targets) {
  if (!active()) return;
  if (depth_ > 0) {
    pending_.push_back({db, targets, std::vector<std::string>(argv.begin(), argv.end())});
    return;
  }
  for (PropagationTarget* t : targets_) {
    if (targets & t->kind()) t->Feed(db, argv);
  }
}

void Propagator::Flush() {
  // Redis's propagatePendingCommands: several effects of one call are made atomic for the consumers by
  // MULTI/EXEC; MULTI carries the first effect's database so that a SELECT, if needed, comes before it. As
  // Redis, the wrapping is decided on the whole unit (several effects), and each consumer gets the effects
  // meant for it (none: no MULTI/EXEC either).
  static const std::vector<std::string_view> kMulti = {"MULTI"};
  static const std::vector<std::string_view> kExec = {"EXEC"};
  std::vector<Effect> effects;
  effects.swap(pending_);
  const bool wrap = effects.size() > 1;
  std::vector<std::string_view> views;
  for (PropagationTarget* t : targets_) {
    const Effect* first = nullptr;
    for (const Effect& e : effects) {
      if (e.targets & t->kind()) {
        first = &e;
        break;
      }
    }
    if (first == nullptr) continue;
    if (wrap) t->Feed(first->db, kMulti);
    for (const Effect& e : effects) {
      if (!(e.targets & t->kind())) continue;
      views.assign(e.argv.begin(), e.argv.end());
      t->Feed(e.db, views);
    }
    if (wrap) t->Feed(-1, kExec);
  }
}

}  // namespace ringkv::core
