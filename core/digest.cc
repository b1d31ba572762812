#include "core/digest.h"

#include <cstdio>

#include "core/db.h"
#include "core/hash_type.h"
#include "core/list_type.h"
#include "core/object.h"
#include "core/server.h"
#include "core/set_type.h"
#include "core/sha1.h"
#include "core/zset_type.h"

namespace ringkv::core {
namespace {

void XorInto(Digest& d, const Digest& h) {
  for (size_t i = 0; i < d.size(); ++i) d[i] ^= h[i];
}

Digest Sha1Of(const void* data, size_t n) {
  Digest h;
  Sha1(data, n, h.data());
  return h;
}

// xor of a digest's own SHA-1 (an element's or a key's digest going into its aggregate).
void XorDigestOf(Digest& d, const Digest& x) { XorInto(d, Sha1Of(x.data(), x.size())); }

// The second half of a mix once SHA1(data) is known: d = SHA1(d ^ sha_of_data).
void MixHashed(Digest& d, const Digest& sha_of_data) {
  XorInto(d, sha_of_data);
  d = Sha1Of(d.data(), d.size());
}

// The SHA-1s of the constant inputs, computed once: every key mixes its type id, many xor a TTL marker.
struct Constants {
  Digest type[5];  // of the type id as 4 big-endian bytes (Redis's htonl(o->type))
  Digest expire;   // of "!!expire!!"
  Digest hexpire;  // of "!!hexpire!!"
  Constants() {
    for (uint8_t t = 0; t < 5; ++t) {
      const uint8_t be[4] = {0, 0, 0, t};
      type[t] = Sha1Of(be, sizeof be);
    }
    expire = Sha1Of("!!expire!!", 10);
    hexpire = Sha1Of("!!hexpire!!", 11);
  }
};
const Constants& K() {
  static const Constants k;
  return k;
}

// Redis's xorObjectDigest: mixes e's value (and its TTL marker) into d.
void AddValue(Digest& d, const Entry& e) {
  const Value& v = e.value();
  MixHashed(d, K().type[static_cast<uint8_t>(v.type())]);
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[ds::kInt64BufBytes];
      MixDigest(d, v.StringView(scratch));
      break;
    }
    case ObjType::kList: {
      ds::Quicklist::Reader r(ListOf(v), 0, /*forward=*/true);
      ds::Quicklist::Elem el;
      char buf[ds::Listpack::kIntBufBytes];
      while (r.Next(&el)) MixDigest(d, el.View(buf));
      break;
    }
    case ObjType::kSet: {
      char buf[ds::kInt64BufBytes];
      SetForEach(v, [&](const SetElem& m) { XorDigest(d, m.View(buf)); });
      break;
    }
    case ObjType::kZSet: {
      // Scores as Redis 7.0 prints them here ("%.17g": 0.1 is 0.10000000000000001), not as replies do.
      char score[64];
      for (ZsetCursor c = ZsetCursor::First(v); c.valid(); c.Next()) {
        Digest el{};
        MixDigest(el, c.member());
        const int n = std::snprintf(score, sizeof score, "%.17g", c.score());
        MixDigest(el, {score, static_cast<size_t>(n)});
        XorDigestOf(d, el);
      }
      break;
    }
    case ObjType::kHash:
      HashForEachWithTtlWhile(v, [&](std::string_view f, std::string_view val, int64_t ttl_ms) {
        Digest el{};
        MixDigest(el, f);
        MixDigest(el, val);
        if (ttl_ms != -1) XorInto(el, K().hexpire);
        XorDigestOf(d, el);
        return true;
      });
      break;
  }
  if (e.has_expire()) XorInto(d, K().expire);
}

// One key's record xored into the dataset's digest: its name mixed before its value.
void AddKey(Digest& out, const Entry& e) {
  Digest d{};
  MixDigest(d, e.key());
  AddValue(d, e);
  XorDigestOf(out, d);
}

// Two string keys' records at once: AddKey's steps for a string, each step hashing for both keys with one
// Sha1Pair (about the time of one SHA-1): a big keyspace of strings digests in half the time.
void AddStringKeyPair(Digest& out, const Entry& a, const Entry& b) {
  char abuf[ds::kInt64BufBytes], bbuf[ds::kInt64BufBytes];
  const std::string_view akey = a.key(), bkey = b.key();
  const std::string_view aval = a.value().StringView(abuf), bval = b.value().StringView(bbuf);
  Digest da, db, va, vb;
  // The key mixed into a zero digest: SHA1(SHA1(key)).
  Sha1Pair(akey.data(), akey.size(), da.data(), bkey.data(), bkey.size(), db.data());
  Sha1Pair(da.data(), da.size(), da.data(), db.data(), db.size(), db.data());
  // The type, then the value.
  Sha1Pair(aval.data(), aval.size(), va.data(), bval.data(), bval.size(), vb.data());
  const Digest& type = K().type[static_cast<uint8_t>(ObjType::kString)];
  XorInto(da, type);
  XorInto(db, type);
  Sha1Pair(da.data(), da.size(), da.data(), db.data(), db.size(), db.data());
  XorInto(da, va);
  XorInto(db, vb);
  Sha1Pair(da.data(), da.size(), da.data(), db.data(), db.size(), db.data());
  if (a.has_expire()) XorInto(da, K().expire);
  if (b.has_expire()) XorInto(db, K().expire);
  // Each record's own SHA-1 into the dataset's digest.
  Sha1Pair(da.data(), da.size(), da.data(), db.data(), db.size(), db.data());
  XorInto(out, da);
  XorInto(out, db);
}

// Entries in flight in DatasetDigest's prefetch window (16, like ds::Dict's own prefetching loops).
constexpr size_t kWindow = 16;

}  // namespace

void XorDigest(Digest& d, std::string_view data) { XorInto(d, Sha1Of(data.data(), data.size())); }

void MixDigest(Digest& d, std::string_view data) { MixHashed(d, Sha1Of(data.data(), data.size())); }

std::string DigestHex(const Digest& d) { return Sha1ToHex(d.data()); }

Digest ValueDigest(const Entry& e) {
  Digest d{};
  AddValue(d, e);
  return d;
}

Digest DatasetDigest(Server& server) {
  Digest out{};
  for (int i = 0; i < server.db_count(); ++i) {
    const Db& db = server.db(i);
    if (db.size() == 0) continue;
    const uint8_t id[4] = {static_cast<uint8_t>(i >> 24), static_cast<uint8_t>(i >> 16),
                           static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    MixHashed(out, Sha1Of(id, sizeof id));
    // On a big keyspace every entry is a cache miss, which took as long as hashing it: entries pass through
    // a window, prefetched as they enter and digested as they leave, so several misses are in flight.
    // String keys are digested in pairs (AddStringKeyPair); `single` waits for the next one.
    const Entry* single = nullptr;
    auto add = [&](const Entry* e) {
      if (!e->value().IsString()) {
        AddKey(out, *e);
      } else if (single == nullptr) {
        single = e;
      } else {
        AddStringKeyPair(out, *single, *e);
        single = nullptr;
      }
    };
    const Entry* window[kWindow];
    size_t seen = 0;
    db.ForEach([&](const Entry* e) {
      __builtin_prefetch(e);
      const Entry*& slot = window[seen++ % kWindow];
      if (seen > kWindow) add(slot);
      slot = e;
    });
    for (size_t j = seen > kWindow ? seen - kWindow : 0; j < seen; ++j) add(window[j % kWindow]);
    if (single != nullptr) AddKey(out, *single);
  }
  return out;
}

}  // namespace ringkv::core
