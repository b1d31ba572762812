// Test tool: registers every command of the generated metadata (stub handlers) and prints, for each top-level
// command, ringkv's reply to `COMMAND INFO <name>` or `COMMAND DOCS <name>`, so tests/integration/
// test_command_table.py can compare all of Redis 7.0.15's commands with redis-server, not only the registered ones.
// Usage: command_meta_dump info|docs 2|3. Output: per command "<name>\n<byte count>\n<RESP reply>\n".
#include <cstdio>
#include <string>
#include <string_view>

#include "core/command.h"
#include "core/command_reply.h"
#include "io/output_buffer.h"
#include "io/reply_builder.h"

namespace {

void Stub(ringkv::core::CommandContext&) {}

}  // namespace

int main(int argc, char** argv) {
  using namespace ringkv::core;
  const std::string_view what = argc == 3 ? argv[1] : "";
  const std::string_view proto = argc == 3 ? argv[2] : "";
  if ((what != "info" && what != "docs") || (proto != "2" && proto != "3")) {
    std::fprintf(stderr, "usage: %s info|docs 2|3\n", argv[0]);
    return 2;
  }
  CommandTable t;
  for (const CommandMeta& m : kCommandMetaTable.commands) {
    if (m.flags & kCmdOnlySentinel) continue;  // not in a plain redis-server to compare with
    if (Subcommands(m).empty()) t.Add(m.name, Stub);
    for (const CommandMeta& sub : Subcommands(m)) t.Add(sub.name, Stub);
  }
  for (const CommandMeta& m : kCommandMetaTable.commands) {
    const Command* c = t.Find(m.name);
    if (c == nullptr) continue;
    ringkv::io::OutputBuffer out;
    ringkv::io::ReplyBuilder rb(&out);
    rb.SetResp3(proto == "3");
    if (what == "info") {
      rb.ArrayHeader(1);
      ReplyCommandInfo(rb, *c);
    } else {
      rb.MapHeader(1);
      rb.Bulk(c->full_name);
      ReplyCommandDocs(rb, *c);
    }
    const std::string bytes = out.ToString();
    std::printf("%s\n%zu\n", c->full_name.c_str(), bytes.size());
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::printf("\n");
  }
  return 0;
}
