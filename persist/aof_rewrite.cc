#include "persist/aof_rewrite.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/db.h"
#include "core/hash_type.h"
#include "core/set_type.h"
#include "core/zset_type.h"
#include "ds/numconv.h"
#include "ds/quicklist.h"
#include "persist/aof_commands.h"

namespace ringkv::persist::aof {

using namespace ::ringkv::core;  // NOLINT(google-build-using-namespace)

namespace {

// Redis's AOF_REWRITE_ITEMS_PER_CMD: a big collection becomes several commands of at most this many elements.
constexpr size_t kItemsPerCmd = 64;
constexpr size_t kWriteBlock = size_t{1} << 20;

void Header(std::string* out, char kind, size_t n) {
  out->push_back(kind);
  out->append(std::to_string(n));
  out->append("\r\n");
}

void Bulk(std::string* out, std::string_view s) {
  Header(out, '$', s.size());
  out->append(s);
  out->append("\r\n");
}

// Emits a variadic command (RPUSH, SADD, ZADD, HMSET) over `items` elements of `per_item` arguments each, a new
// command every kItemsPerCmd elements; each(fn) calls fn() before writing each element's arguments.
class Batcher {
 public:
  Batcher(std::string* out, std::string_view cmd, std::string_view key, size_t items, size_t per_item)
      : out_(out), cmd_(cmd), key_(key), left_(items), per_item_(per_item) {}
  void BeforeItem() {
    if (count_ == 0) {
      const size_t n = std::min(left_, kItemsPerCmd);
      Header(out_, '*', 2 + n * per_item_);
      Bulk(out_, cmd_);
      Bulk(out_, key_);
    }
    if (++count_ == kItemsPerCmd) count_ = 0;
    --left_;
  }

 private:
  std::string* out_;
  std::string_view cmd_, key_;
  size_t left_, per_item_, count_ = 0;
};

void AppendEntry(std::string* out, const Entry& e) {
  const Value& v = e.value();
  const std::string_view key = e.key();
  char buf[ds::kInt64BufBytes];
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[32];
      Header(out, '*', 3);
      Bulk(out, "SET");
      Bulk(out, key);
      Bulk(out, v.StringView(scratch));
      break;
    }
    case ObjType::kList: {
      const ds::Quicklist& ql = *v.Ptr<ds::Quicklist>();
      Batcher b(out, "RPUSH", key, ql.size(), 1);
      ds::Quicklist::Reader r(ql, 0, true);
      ds::Quicklist::Elem el;
      while (r.Next(&el)) {
        b.BeforeItem();
        Bulk(out, el.View(buf));
      }
      break;
    }
    case ObjType::kSet: {
      Batcher b(out, "SADD", key, SetSize(v), 1);
      SetForEach(v, [&](const SetElem& m) {
        b.BeforeItem();
        Bulk(out, m.View(buf));
      });
      break;
    }
    case ObjType::kZSet: {
      Batcher b(out, "ZADD", key, ZsetLength(v), 2);
      for (ZsetCursor c = ZsetCursor::First(v); c.valid(); c.Next()) {
        b.BeforeItem();
        Bulk(out, ds::DoubleToString(c.score()));
        Bulk(out, c.member());
      }
      break;
    }
    case ObjType::kHash: {
      Batcher b(out, "HMSET", key, HashLength(v), 2);
      HashForEach(v, [&](std::string_view f, std::string_view val) {
        b.BeforeItem();
        Bulk(out, f);
        Bulk(out, val);
      });
      // Field TTLs (Redis 7.4's hashes): one HPEXPIREAT per field, as 7.4's rewrite.
      if (HashHasFieldTtls(v)) {
        HashForEach(v, [&](std::string_view f, std::string_view) {
          int64_t at = 0;
          if (!HashFieldTtl(v, f, &at)) return;
          const std::string ms = std::to_string(at);
          AppendCommand(out, {"HPEXPIREAT", key, ms, "FIELDS", "1", f});
        });
      }
      break;
    }
  }
  if (e.has_expire()) {
    const std::string ms = std::to_string(e.expire_at_ms());
    AppendCommand(out, {"PEXPIREAT", key, ms});
  }
}

bool WriteAll(int fd, std::string* buf) {
  size_t off = 0;
  while (off < buf->size()) {
    const ssize_t n = ::write(fd, buf->data() + off, buf->size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  buf->clear();
  return true;
}

}  // namespace

void AppendDbAsCommands(std::string* out, int db_index, const Db& db) {
  if (db.size() == 0) return;
  AppendSelect(out, db_index);
  db.ForEach([&](Entry* e) { AppendEntry(out, *e); });
}

bool WriteAofBase(int fd, const std::vector<const Db*>& dbs, const BaseOptions& opt, std::string* err) {
  bool ok = true;
  if (opt.rdb_preamble) {
    rdb::SaveOptions so = opt.rdb;
    so.aof_base = true;
    ok = rdb::Save(dbs, so, fd, nullptr, err);
  } else {
    std::string buf;
    uint64_t keys = 0;
    if (opt.timestamp_s != 0) AppendTimestamp(&buf, opt.timestamp_s);
    for (std::string_view code : opt.function_codes) AppendCommand(&buf, {"FUNCTION", "LOAD", code});
    for (size_t i = 0; i < dbs.size() && ok; ++i) {
      if (dbs[i] == nullptr || dbs[i]->size() == 0) continue;
      AppendSelect(&buf, static_cast<int>(i));
      dbs[i]->ForEach([&](Entry* e) {
        if (!ok) return;
        AppendEntry(&buf, *e);
        if (opt.rdb.on_key) opt.rdb.on_key(++keys);
        if (buf.size() >= kWriteBlock) ok = WriteAll(fd, &buf);
      });
    }
    if (ok) ok = WriteAll(fd, &buf);
    if (!ok) *err = std::strerror(errno);
  }
  if (ok && ::fsync(fd) != 0) {
    ok = false;
    *err = std::strerror(errno);
  }
  return ok;
}

}  // namespace ringkv::persist::aof
