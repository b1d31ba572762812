// The command table: every family's registration resolves to Redis 7.0.15 metadata, containers are built from
// their subcommands, registration mistakes stop the process, and key specs find keys as Redis's do.
#include "core/command.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace ringkv::core {
namespace {

void Stub(CommandContext&) {}
void OtherStub(CommandContext&) {}

// A GetKeysProc for the overload test: every argument after the first is a key.
void AllKeys(const std::vector<std::string_view>& argv, std::vector<int>* out) {
  for (int i = 1; i < static_cast<int>(argv.size()); ++i) out->push_back(i);
}

// Checks what registration must guarantee of one command; returns the number of commands checked.
int CheckRegistered(const Command& c, const Command* parent) {
  EXPECT_NE(c.meta, nullptr) << c.full_name;
  if (c.meta == nullptr) return 0;
  EXPECT_EQ(c.meta, FindCommandMeta(c.full_name)) << c.full_name;
  EXPECT_EQ(c.meta->name, c.full_name);
  EXPECT_EQ(c.parent, parent) << c.full_name;
  EXPECT_NE(c.spec.handler, nullptr) << c.full_name;
  // The hot spec is the metadata's.
  EXPECT_EQ(c.spec.arity, c.meta->arity) << c.full_name;
  EXPECT_EQ(c.spec.flags, c.meta->flags) << c.full_name;
  EXPECT_EQ(c.spec.first_key, c.meta->first_key) << c.full_name;
  EXPECT_EQ(c.spec.last_key, c.meta->last_key) << c.full_name;
  EXPECT_EQ(c.spec.key_step, c.meta->key_step) << c.full_name;
  EXPECT_EQ(c.spec.acl, c.meta->acl) << c.full_name;
  int n = 1;
  for (const auto& [name, sub] : c.subcommands) {
    EXPECT_EQ(c.full_name + "|" + name, sub->full_name);
    n += CheckRegistered(*sub, &c);
  }
  return n;
}

TEST(CommandTableTest, EveryFamilyRegistrationResolvesToMetadata) {
  CommandTable t;
  RegisterAllCommands(t);
  int checked = 0;
  for (const auto& [name, c] : t.all()) {
    EXPECT_EQ(name, c->full_name);
    checked += CheckRegistered(*c, nullptr);
    // A container exists only for its subcommands (COMMAND also runs bare); Redis's has at least as many.
    if (!Subcommands(*c->meta).empty()) {
      EXPECT_TRUE(c->has_subcommands()) << name;
      EXPECT_LE(c->subcommands.size(), Subcommands(*c->meta).size()) << name;
    } else {
      EXPECT_FALSE(c->has_subcommands()) << name;
    }
  }
  EXPECT_GT(checked, 100);
  for (std::string_view name : {"get", "set", "client", "config", "object", "command", "debug"})
    EXPECT_NE(t.Find(name), nullptr) << name;
  Command* client = t.Find("CLIENT");
  ASSERT_NE(client, nullptr);
  ASSERT_NE(t.FindSub(client, "LiSt"), nullptr);
  EXPECT_EQ(t.FindSub(client, "list")->full_name, "client|list");
  EXPECT_EQ(t.FindSub(client, "nosuch"), nullptr);
}

TEST(CommandTableTest, MetadataCoversRedis70) {
  // All of Redis 7.0.15's commands, also those ringkv does not implement: adding one is a handler and a line.
  EXPECT_EQ(kCommandMetaTable.source, "redis-server 7.0.15");
  EXPECT_GE(kCommandMetaTable.commands.size(), 240u);
  for (std::string_view name : {"zunionstore", "xread", "sort", "migrate", "georadius", "cluster|info",
                                "acl|setuser", "sentinel|masters", "xinfo|stream", "function|load"})
    EXPECT_NE(FindCommandMeta(name), nullptr) << name;
  EXPECT_EQ(FindCommandMeta("nosuch"), nullptr);
  EXPECT_EQ(FindCommandMeta("get|x"), nullptr);
  EXPECT_EQ(FindCommandMeta("client|nosuch"), nullptr);
  // The facts COMMAND INFO does not print come from elsewhere: sentinel mode and Redis's protected commands.
  EXPECT_TRUE(FindCommandMeta("debug")->flags & kCmdProtected);
  EXPECT_TRUE(FindCommandMeta("ping")->flags & kCmdSentinel);
  EXPECT_FALSE(FindCommandMeta("get")->flags & kCmdSentinel);
  EXPECT_TRUE(FindCommandMeta("sentinel")->flags & kCmdOnlySentinel);
  // Sorted, so FindCommandMeta's bisection holds; subcommands grouped under their container.
  const auto cmds = kCommandMetaTable.commands;
  for (size_t i = 1; i < cmds.size(); ++i) EXPECT_LT(cmds[i - 1].name, cmds[i].name);
  for (const CommandMeta& m : cmds)
    for (const CommandMeta& sub : Subcommands(m))
      EXPECT_EQ(sub.name.substr(0, m.name.size() + 1), std::string(m.name) + "|");
  // MIGRATE's empty_string keeps its (empty) token; an argument without one has a null view.
  const ArgSpec* empty_string = nullptr;
  for (const ArgSpec& a : Args(*FindCommandMeta("migrate")))
    for (const ArgSpec& part : Args(a))
      if (part.name == "empty_string") empty_string = &part;
  ASSERT_NE(empty_string, nullptr);
  EXPECT_NE(empty_string->token.data(), nullptr);
  EXPECT_TRUE(empty_string->token.empty());
  EXPECT_EQ(Args(*FindCommandMeta("get"))[0].token.data(), nullptr);
}

TEST(CommandTableTest, ContainerCreatedByFirstSubcommand) {
  CommandTable t;
  Command& list = t.Add("client|list", Stub);
  Command* client = t.Find("client");
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(list.parent, client);
  EXPECT_EQ(client->spec.arity, -2);
  EXPECT_NE(client->spec.handler, nullptr);
  EXPECT_EQ(client->subcommands.size(), 1u);
  t.Add("CLIENT|ID", Stub);  // names are case-insensitive
  EXPECT_EQ(client->subcommands.size(), 2u);
  // A container may then get a handler of its own (COMMAND runs bare), once.
  t.Add("command|count", Stub);
  Command& command = t.Add("command", OtherStub);
  EXPECT_EQ(command.spec.handler, &OtherStub);
  EXPECT_EQ(command.subcommands.size(), 1u);
  Command& sort = t.Add("sort", Stub, AllKeys);
  EXPECT_EQ(sort.spec.getkeys, &AllKeys);
  EXPECT_TRUE(sort.spec.flags & kCmdMovableKeys);
}

TEST(CommandTableDeathTest, RegistrationMistakesAbortNamingTheCommand) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH({ CommandTable t; t.Add("nosuchcmd", Stub); }, "cannot register 'nosuchcmd': no metadata");
  EXPECT_DEATH({ CommandTable t; t.Add("get|sub", Stub); }, "cannot register 'get\\|sub': no metadata");
  EXPECT_DEATH({ CommandTable t; t.Add("client|nosuch", Stub); }, "cannot register 'client\\|nosuch'");
  EXPECT_DEATH({ CommandTable t; t.Add("get", Stub); t.Add("GET", Stub); }, "cannot register 'get': added twice");
  EXPECT_DEATH({ CommandTable t; t.Add("client|id", Stub); t.Add("client|id", Stub); }, "added twice");
  EXPECT_DEATH({ CommandTable t; t.Add("command", Stub); t.Add("command", Stub); }, "added twice");
  EXPECT_DEATH({ CommandTable t; t.Add("get", nullptr); }, "no handler");
}

std::vector<std::string> KeysOf(const CommandTable& t, std::string_view name, std::vector<std::string_view> argv,
                                bool* ok) {
  Command* c = t.Find(name);
  if (c != nullptr && argv.size() > 1 && c->has_subcommands()) c = t.FindSub(c, argv[1]);
  std::vector<KeyRef> refs;
  *ok = CommandTable::GetKeysFromSpecs(*c, argv, &refs);
  std::vector<std::string> out;
  for (const KeyRef& r : refs)
    out.push_back(std::string(argv[static_cast<size_t>(r.pos)]) + ":" + std::string(r.flags));
  return out;
}

TEST(CommandTableTest, KeySpecsOfEveryForm) {
  CommandTable t;
  for (std::string_view n : {"mset", "zunionstore", "xread", "georadius", "migrate", "sort", "bitop"}) t.Add(n, Stub);
  bool ok = false;
  // index + range with step 2
  EXPECT_EQ(KeysOf(t, "mset", {"mset", "a", "1", "b", "2"}, &ok),
            (std::vector<std::string>{"a:OW update", "b:OW update"}));
  EXPECT_TRUE(ok);
  // keynum
  EXPECT_EQ(KeysOf(t, "zunionstore", {"zunionstore", "d", "2", "x", "y", "WEIGHTS", "1", "2"}, &ok),
            (std::vector<std::string>{"d:OW update", "x:RO access", "y:RO access"}));
  EXPECT_TRUE(ok);
  EXPECT_TRUE(KeysOf(t, "zunionstore", {"zunionstore", "d", "nan", "x"}, &ok).empty());
  EXPECT_FALSE(ok);
  // keyword + range with limit: half of what follows STREAMS
  EXPECT_EQ(KeysOf(t, "xread", {"xread", "COUNT", "2", "streams", "s1", "s2", "0", "0"}, &ok),
            (std::vector<std::string>{"s1:RO access", "s2:RO access"}));
  // keyword searched from an index; a missing keyword names no key
  EXPECT_EQ(KeysOf(t, "georadius", {"georadius", "g", "1", "2", "3", "km", "STORE", "dst"}, &ok),
            (std::vector<std::string>{"g:RO access", "dst:OW update"}));
  EXPECT_EQ(KeysOf(t, "georadius", {"georadius", "g", "1", "2", "3", "km"}, &ok),
            (std::vector<std::string>{"g:RO access"}));
  EXPECT_TRUE(ok);
  // an incomplete spec (MIGRATE's KEYS) and unknown specs (SORT's STORE) leave it to the command's own finder
  EXPECT_TRUE(KeysOf(t, "migrate", {"migrate", "h", "1", "", "0", "5", "KEYS", "a", "b"}, &ok).empty());
  EXPECT_FALSE(ok);
  EXPECT_TRUE(KeysOf(t, "sort", {"sort", "k"}, &ok).empty());
  EXPECT_FALSE(ok);
  // two index specs
  EXPECT_EQ(KeysOf(t, "bitop", {"bitop", "OR", "d", "x", "y"}, &ok),
            (std::vector<std::string>{"d:OW update", "x:RO access", "y:RO access"}));
}

}  // namespace
}  // namespace ringkv::core
