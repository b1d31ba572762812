#include "core/client_info.h"

#include "absl/strings/str_format.h"
#include "core/client.h"
#include "core/command.h"
#include "core/pubsub.h"
#include "core/repl/primary.h"
#include "core/server.h"
#include "core/tracking.h"
#include "io/loop.h"

namespace ringkv::core {

void AppendClientInfo(const Server& server, const Client& c, int64_t now_ms, std::string* out) {
  (void)server;
  char flags[20];  // room for every flag letter Redis prints, ringkv's D, and the NUL
  size_t nf = 0;
  // Redis's order: S (O for a monitor) M P x b t R B d c u A U r e
  if (c.monitor) {
    flags[nf++] = 'O';
  } else if (c.is_replica) {
    flags[nf++] = 'S';
  }
  // ringkv's own, after S: the RDB channel of a dual channel sync (core/repl/primary.h).
  if (c.repl != nullptr && c.repl->rdb_channel) flags[nf++] = 'D';
  if (c.master) flags[nf++] = 'M';
  if (c.in_pubsub()) flags[nf++] = 'P';
  if (c.tx.in_multi) flags[nf++] = 'x';
  if (c.blocked != nullptr) flags[nf++] = 'b';
  if (c.tracking != nullptr) {  // client-side caching: on, redirect target gone, BCAST
    flags[nf++] = 't';
    if (c.tracking->broken_redirect) flags[nf++] = 'R';
    if (c.tracking->bcast) flags[nf++] = 'B';
  }
  if (c.tx.dirty_cas) flags[nf++] = 'd';
  if (c.close_after_reply) flags[nf++] = 'c';
  if (c.close_asap) flags[nf++] = 'A';
  if (c.conn() != nullptr && c.conn()->is_unix()) flags[nf++] = 'U';  // Redis's CLIENT_UNIX_SOCKET
  if (c.no_evict) flags[nf++] = 'e';
  if (nf == 0) flags[nf++] = 'N';
  flags[nf] = '\0';
  size_t qbuf = c.conn() != nullptr ? const_cast<Client&>(c).conn()->input().size() : 0;
  size_t qbuf_cap = c.conn() != nullptr ? const_cast<Client&>(c).conn()->input().capacity() : 0;
  size_t obl = 0, oll = 0, omem = 0;
  if (c.conn() != nullptr) {
    io::OutputBuffer& ob = const_cast<Client&>(c).conn()->output();
    omem = ob.allocated_bytes();
    obl = ob.size();
    oll = ob.size() > 0 ? 1 : 0;
  }
  const ClientSubscriptions* subs = c.subscriptions.get();
  const int64_t multi = c.tx.in_multi ? static_cast<int64_t>(c.tx.queue.size()) : -1;  // queued commands
  absl::StrAppendFormat(
      out,
      "id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=%d psub=%d ssub=%d multi=%d qbuf=%d "
      "qbuf-free=%d argv-mem=0 multi-mem=0 rbs=%d rbp=%d obl=%d oll=%d omem=%d tot-mem=%d events=r cmd=%s "
      "user=%s redir=%d resp=%d",
      c.id(), c.addr, c.laddr, c.fd, c.name, (now_ms - c.created_ms) / 1000, (now_ms - c.last_interaction_ms) / 1000,
      static_cast<const char*>(flags), c.db_index, subs ? subs->channels.size() : 0,
      subs ? subs->patterns.size() : 0, subs ? subs->shard_channels.size() : 0, multi, qbuf, qbuf_cap - qbuf, qbuf_cap, qbuf_cap, obl, oll, omem, qbuf_cap + omem + sizeof(Client),
      c.last_cmd != nullptr ? c.last_cmd->full_name : std::string("NULL"), c.user,
      // Redis prints the redirect of a tracking client (0: none), -1 when tracking is off.
      c.tracking != nullptr ? static_cast<int64_t>(c.tracking->redirect) : int64_t{-1}, c.resp);
}

}  // namespace ringkv::core
