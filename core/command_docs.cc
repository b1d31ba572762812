#include "core/command_docs.h"

#include <utility>

#include "absl/container/flat_hash_map.h"

namespace ringkv::core {
namespace {

// Transcribed from a real Redis 7.0.15 (COMMAND INFO and COMMAND DOCS), covering every command ringkv registers
// and the subcommands Redis 7.0 gives their containers. Values are interface facts; keep them byte-exact.
// Key specs list only what differs from the KeySpec defaults (index begin search, range lastkey 0 keystep 1).
std::vector<std::pair<std::string_view, CommandDocs>> Entries() {
  return {
    {"append",
     {
      .key_specs = {{.flags = "RW insert", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"auth",
     {
      .history = {
          {"6.0.0", "Added ACL style (username and password)."},
      },
      .args = {
          {.name = "username", .type = ArgType::kString, .since = "6.0.0", .flags = kArgOptional},
          {.name = "password", .type = ArgType::kString},
      },
     }},
    {"bitcount",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added the `BYTE|BIT` option."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {
              {.name = "start", .type = ArgType::kInteger},
              {.name = "end", .type = ArgType::kInteger},
              {.name = "index_unit", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
                  {.name = "byte", .type = ArgType::kPureToken, .token = "BYTE"},
                  {.name = "bit", .type = ArgType::kPureToken, .token = "BIT"},
              }},
          }},
      },
     }},
    {"bitfield",
     {
      .key_specs = {
          {.flags = "RW access update variable_flags", .begin_index = 1,
           .notes = "This command allows both access and modification of the key"},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "operation", .type = ArgType::kOneof, .flags = kArgOptional | kArgMultiple, .args = {
              {.name = "encoding_offset", .type = ArgType::kBlock, .token = "GET", .args = {
                  {.name = "encoding", .type = ArgType::kString},
                  {.name = "offset", .type = ArgType::kInteger},
              }},
              {.name = "write", .type = ArgType::kBlock, .args = {
                  {.name = "wrap_sat_fail", .type = ArgType::kOneof, .token = "OVERFLOW",
                   .flags = kArgOptional, .args = {
                      {.name = "wrap", .type = ArgType::kPureToken, .token = "WRAP"},
                      {.name = "sat", .type = ArgType::kPureToken, .token = "SAT"},
                      {.name = "fail", .type = ArgType::kPureToken, .token = "FAIL"},
                  }},
                  {.name = "write_operation", .type = ArgType::kOneof, .args = {
                      {.name = "encoding_offset_value", .type = ArgType::kBlock, .token = "SET", .args = {
                          {.name = "encoding", .type = ArgType::kString},
                          {.name = "offset", .type = ArgType::kInteger},
                          {.name = "value", .type = ArgType::kInteger},
                      }},
                      {.name = "encoding_offset_increment", .type = ArgType::kBlock, .token = "INCRBY", .args = {
                          {.name = "encoding", .type = ArgType::kString},
                          {.name = "offset", .type = ArgType::kInteger},
                          {.name = "increment", .type = ArgType::kInteger},
                      }},
                  }},
              }},
          }},
      },
     }},
    {"bitfield_ro",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "encoding_offset", .type = ArgType::kBlock, .token = "GET",
           .flags = kArgOptional | kArgMultiple | kArgMultipleToken, .args = {
              {.name = "encoding", .type = ArgType::kString},
              {.name = "offset", .type = ArgType::kInteger},
          }},
      },
     }},
    {"bitop",
     {
      .key_specs = {
          {.flags = "OW update", .begin_index = 2},
          {.flags = "RO access", .begin_index = 3, .lastkey = -1},
      },
      .args = {
          {.name = "operation", .type = ArgType::kString},
          {.name = "destkey", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
      },
     }},
    {"bitpos",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added the `BYTE|BIT` option."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "bit", .type = ArgType::kInteger},
          {.name = "index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {
              {.name = "start", .type = ArgType::kInteger},
              {.name = "end_index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {
                  {.name = "end", .type = ArgType::kInteger},
                  {.name = "index_unit", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
                      {.name = "byte", .type = ArgType::kPureToken, .token = "BYTE"},
                      {.name = "bit", .type = ArgType::kPureToken, .token = "BIT"},
                  }},
              }},
          }},
      },
     }},
    {"client",
     {

     }},
    {"client|caching",
     {
      .args = {
          {.name = "mode", .type = ArgType::kOneof, .args = {
              {.name = "yes", .type = ArgType::kPureToken, .token = "YES"},
              {.name = "no", .type = ArgType::kPureToken, .token = "NO"},
          }},
      },
     }},
    {"client|getname",
     {

     }},
    {"client|getredir",
     {

     }},
    {"client|help",
     {

     }},
    {"client|id",
     {

     }},
    {"client|info",
     {
      .tips = {"nondeterministic_output"},
     }},
    {"client|kill",
     {
      .history = {
          {"2.8.12", "Added new filter format."},
          {"2.8.12", "`ID` option."},
          {"3.2.0", "Added `master` type in for `TYPE` option."},
          {"5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."},
          {"6.2.0", "`LADDR` option."},
      },
      .args = {
          {.name = "filter", .type = ArgType::kOneof, .args = {
              {.name = "ip:port", .type = ArgType::kString, .deprecated_since = "2.8.12"},
              {.name = "new-format", .type = ArgType::kOneof, .flags = kArgMultiple, .args = {
                  {.name = "client-id", .type = ArgType::kInteger, .token = "ID", .since = "2.8.12",
                   .flags = kArgOptional},
                  {.name = "normal_master_slave_pubsub", .type = ArgType::kOneof, .token = "TYPE", .since = "2.8.12",
                   .flags = kArgOptional, .args = {
                      {.name = "normal", .type = ArgType::kPureToken, .token = "NORMAL"},
                      {.name = "master", .type = ArgType::kPureToken, .token = "MASTER", .since = "3.2.0"},
                      {.name = "slave", .type = ArgType::kPureToken, .token = "SLAVE"},
                      {.name = "replica", .type = ArgType::kPureToken, .token = "REPLICA", .since = "5.0.0"},
                      {.name = "pubsub", .type = ArgType::kPureToken, .token = "PUBSUB"},
                  }},
                  {.name = "username", .type = ArgType::kString, .token = "USER", .flags = kArgOptional},
                  {.name = "ip:port", .type = ArgType::kString, .token = "ADDR", .flags = kArgOptional},
                  {.name = "ip:port", .type = ArgType::kString, .token = "LADDR", .since = "6.2.0",
                   .flags = kArgOptional},
                  {.name = "yes/no", .type = ArgType::kString, .token = "SKIPME", .flags = kArgOptional},
              }},
          }},
      },
     }},
    {"client|list",
     {
      .tips = {"nondeterministic_output"},
      .history = {
          {"2.8.12", "Added unique client `id` field."},
          {"5.0.0", "Added optional `TYPE` filter."},
          {"6.0.0", "Added `user` field."},
          {"6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."},
          {"7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."},
          {"7.0.3", "Added `ssub` field."},
      },
      .args = {
          {.name = "normal_master_replica_pubsub", .type = ArgType::kOneof, .token = "TYPE", .since = "5.0.0",
           .flags = kArgOptional, .args = {
              {.name = "normal", .type = ArgType::kPureToken, .token = "NORMAL"},
              {.name = "master", .type = ArgType::kPureToken, .token = "MASTER"},
              {.name = "replica", .type = ArgType::kPureToken, .token = "REPLICA"},
              {.name = "pubsub", .type = ArgType::kPureToken, .token = "PUBSUB"},
          }},
          {.name = "id", .type = ArgType::kBlock, .token = "ID", .since = "6.2.0", .flags = kArgOptional, .args = {
              {.name = "client-id", .type = ArgType::kInteger, .flags = kArgMultiple},
          }},
      },
     }},
    {"client|no-evict",
     {
      .args = {
          {.name = "enabled", .type = ArgType::kOneof, .args = {
              {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
              {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
          }},
      },
     }},
    {"client|pause",
     {
      .history = {
          {"6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."},
      },
      .args = {
          {.name = "timeout", .type = ArgType::kInteger},
          {.name = "mode", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {
              {.name = "write", .type = ArgType::kPureToken, .token = "WRITE"},
              {.name = "all", .type = ArgType::kPureToken, .token = "ALL"},
          }},
      },
     }},
    {"client|reply",
     {
      .args = {
          {.name = "on_off_skip", .type = ArgType::kOneof, .args = {
              {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
              {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
              {.name = "skip", .type = ArgType::kPureToken, .token = "SKIP"},
          }},
      },
     }},
    {"client|setname",
     {
      .args = {
          {.name = "connection-name", .type = ArgType::kString},
      },
     }},
    {"client|tracking",
     {
      .args = {
          {.name = "status", .type = ArgType::kOneof, .args = {
              {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
              {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
          }},
          {.name = "client-id", .type = ArgType::kInteger, .token = "REDIRECT", .flags = kArgOptional},
          {.name = "prefix", .type = ArgType::kString, .token = "PREFIX",
           .flags = kArgOptional | kArgMultiple | kArgMultipleToken},
          {.name = "bcast", .type = ArgType::kPureToken, .token = "BCAST", .flags = kArgOptional},
          {.name = "optin", .type = ArgType::kPureToken, .token = "OPTIN", .flags = kArgOptional},
          {.name = "optout", .type = ArgType::kPureToken, .token = "OPTOUT", .flags = kArgOptional},
          {.name = "noloop", .type = ArgType::kPureToken, .token = "NOLOOP", .flags = kArgOptional},
      },
     }},
    {"client|trackinginfo",
     {

     }},
    {"client|unblock",
     {
      .args = {
          {.name = "client-id", .type = ArgType::kInteger},
          {.name = "timeout_error", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "timeout", .type = ArgType::kPureToken, .token = "TIMEOUT"},
              {.name = "error", .type = ArgType::kPureToken, .token = "ERROR"},
          }},
      },
     }},
    {"client|unpause",
     {

     }},
    {"command",
     {
      .tips = {"nondeterministic_output_order"},
     }},
    {"command|count",
     {

     }},
    {"command|docs",
     {
      .tips = {"nondeterministic_output_order"},
      .args = {
          {.name = "command-name", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
      },
     }},
    {"command|getkeys",
     {

     }},
    {"command|getkeysandflags",
     {

     }},
    {"command|help",
     {

     }},
    {"command|info",
     {
      .tips = {"nondeterministic_output_order"},
      .history = {
          {"7.0.0", "Allowed to be called with no argument to get info on all commands."},
      },
      .args = {
          {.name = "command-name", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
      },
     }},
    {"command|list",
     {
      .tips = {"nondeterministic_output_order"},
      .args = {
          {.name = "filterby", .type = ArgType::kOneof, .token = "FILTERBY", .flags = kArgOptional, .args = {
              {.name = "module-name", .type = ArgType::kString, .token = "MODULE"},
              {.name = "category", .type = ArgType::kString, .token = "ACLCAT"},
              {.name = "pattern", .type = ArgType::kPattern, .token = "PATTERN"},
          }},
      },
     }},
    {"config",
     {

     }},
    {"config|get",
     {
      .history = {
          {"7.0.0", "Added the ability to pass multiple pattern parameters in one call"},
      },
      .args = {
          {.name = "parameter", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {
              {.name = "parameter", .type = ArgType::kString},
          }},
      },
     }},
    {"config|help",
     {

     }},
    {"config|resetstat",
     {

     }},
    {"config|rewrite",
     {

     }},
    {"config|set",
     {
      .tips = {"request_policy:all_nodes", "response_policy:all_succeeded"},
      .history = {
          {"7.0.0", "Added the ability to set multiple parameters in one call."},
      },
      .args = {
          {.name = "parameter_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {
              {.name = "parameter", .type = ArgType::kString},
              {.name = "value", .type = ArgType::kString},
          }},
      },
     }},
    {"copy",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}, {.flags = "OW update", .begin_index = 2}},
      .args = {
          {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
          {.name = "destination-db", .type = ArgType::kInteger, .token = "DB", .flags = kArgOptional},
          {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .flags = kArgOptional},
      },
     }},
    {"dbsize",
     {
      .tips = {"request_policy:all_shards", "response_policy:agg_sum"},
     }},
    {"debug",
     {
      .doc_flags = "syscmd",
     }},
    {"decr",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"decrby",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "decrement", .type = ArgType::kInteger},
      },
     }},
    {"del",
     {
      .key_specs = {{.flags = "RM delete", .begin_index = 1, .lastkey = -1}},
      .tips = {"request_policy:multi_shard", "response_policy:agg_sum"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
      },
     }},
    {"echo",
     {
      .args = {
          {.name = "message", .type = ArgType::kString},
      },
     }},
    {"exists",
     {
      .key_specs = {{.flags = "RO", .begin_index = 1, .lastkey = -1}},
      .tips = {"request_policy:multi_shard", "response_policy:agg_sum"},
      .history = {
          {"3.0.3", "Accepts multiple `key` arguments."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
      },
     }},
    {"expire",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "seconds", .type = ArgType::kInteger},
          {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
              {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
              {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
              {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
              {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
          }},
      },
     }},
    {"expireat",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "unix-time-seconds", .type = ArgType::kUnixTime},
          {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
              {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
              {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
              {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
              {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
          }},
      },
     }},
    {"expiretime",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"flushall",
     {
      .tips = {"request_policy:all_shards", "response_policy:all_succeeded"},
      .history = {
          {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
          {"6.2.0", "Added the `SYNC` flushing mode modifier."},
      },
      .args = {
          {.name = "async", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC", .since = "4.0.0"},
              {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC", .since = "6.2.0"},
          }},
      },
     }},
    {"flushdb",
     {
      .tips = {"request_policy:all_shards", "response_policy:all_succeeded"},
      .history = {
          {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
          {"6.2.0", "Added the `SYNC` flushing mode modifier."},
      },
      .args = {
          {.name = "async", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC", .since = "4.0.0"},
              {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC", .since = "6.2.0"},
          }},
      },
     }},
    {"get",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"getbit",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "offset", .type = ArgType::kInteger},
      },
     }},
    {"getdel",
     {
      .key_specs = {{.flags = "RW access delete", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"getex",
     {
      .key_specs = {
          {.flags = "RW access update", .begin_index = 1, .notes = "RW and UPDATE because it changes the TTL"},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "expiration", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "seconds", .type = ArgType::kInteger, .token = "EX"},
              {.name = "milliseconds", .type = ArgType::kInteger, .token = "PX"},
              {.name = "unix-time-seconds", .type = ArgType::kUnixTime, .token = "EXAT"},
              {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime, .token = "PXAT"},
              {.name = "persist", .type = ArgType::kPureToken, .token = "PERSIST"},
          }},
      },
     }},
    {"getrange",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "start", .type = ArgType::kInteger},
          {.name = "end", .type = ArgType::kInteger},
      },
     }},
    {"getset",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .doc_flags = "deprecated",
      .deprecated_since = "6.2.0",
      .replaced_by = "`SET` with the `!GET` argument",
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"hello",
     {
      .history = {
          {"6.2.0", "`protover` made optional; when called without arguments the command reports the current "
                    "connection's context."},
      },
      .args = {
          {.name = "arguments", .type = ArgType::kBlock, .flags = kArgOptional, .args = {
              {.name = "protover", .type = ArgType::kInteger},
              {.name = "username_password", .type = ArgType::kBlock, .token = "AUTH", .flags = kArgOptional, .args = {
                  {.name = "username", .type = ArgType::kString},
                  {.name = "password", .type = ArgType::kString},
              }},
              {.name = "clientname", .type = ArgType::kString, .token = "SETNAME", .flags = kArgOptional},
          }},
      },
     }},
    {"incr",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"incrby",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "increment", .type = ArgType::kInteger},
      },
     }},
    {"incrbyfloat",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "increment", .type = ArgType::kDouble},
      },
     }},
    {"info",
     {
      .tips = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"},
      .history = {
          {"7.0.0", "Added support for taking multiple section arguments."},
      },
      .args = {
          {.name = "section", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
      },
     }},
    {"keys",
     {
      .tips = {"request_policy:all_shards", "nondeterministic_output_order"},
      .args = {
          {.name = "pattern", .type = ArgType::kPattern},
      },
     }},
    {"lastsave",
     {
      .tips = {"nondeterministic_output"},
     }},
    {"lcs",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1, .lastkey = 1}},
      .args = {
          {.name = "key1", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "key2", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "len", .type = ArgType::kPureToken, .token = "LEN", .flags = kArgOptional},
          {.name = "idx", .type = ArgType::kPureToken, .token = "IDX", .flags = kArgOptional},
          {.name = "len", .type = ArgType::kInteger, .token = "MINMATCHLEN", .flags = kArgOptional},
          {.name = "withmatchlen", .type = ArgType::kPureToken, .token = "WITHMATCHLEN", .flags = kArgOptional},
      },
     }},
    {"mget",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1, .lastkey = -1}},
      .tips = {"request_policy:multi_shard"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
      },
     }},
    {"move",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "db", .type = ArgType::kInteger},
      },
     }},
    {"mset",
     {
      .key_specs = {{.flags = "OW update", .begin_index = 1, .lastkey = -1, .keystep = 2}},
      .tips = {"request_policy:multi_shard", "response_policy:all_succeeded"},
      .args = {
          {.name = "key_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {
              {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
              {.name = "value", .type = ArgType::kString},
          }},
      },
     }},
    {"msetnx",
     {
      .key_specs = {{.flags = "OW insert", .begin_index = 1, .lastkey = -1, .keystep = 2}},
      .tips = {"request_policy:multi_shard", "response_policy:agg_min"},
      .args = {
          {.name = "key_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {
              {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
              {.name = "value", .type = ArgType::kString},
          }},
      },
     }},
    {"object",
     {

     }},
    {"object|encoding",
     {
      .key_specs = {{.flags = "RO", .begin_index = 2}},
      .tips = {"nondeterministic_output"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"object|freq",
     {
      .key_specs = {{.flags = "RO", .begin_index = 2}},
      .tips = {"nondeterministic_output"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"object|help",
     {

     }},
    {"object|idletime",
     {
      .key_specs = {{.flags = "RO", .begin_index = 2}},
      .tips = {"nondeterministic_output"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"object|refcount",
     {
      .key_specs = {{.flags = "RO", .begin_index = 2}},
      .tips = {"nondeterministic_output"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"persist",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"pexpire",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "milliseconds", .type = ArgType::kInteger},
          {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
              {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
              {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
              {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
              {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
          }},
      },
     }},
    {"pexpireat",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .history = {
          {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime},
          {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {
              {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
              {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
              {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
              {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
          }},
      },
     }},
    {"pexpiretime",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"ping",
     {
      .tips = {"request_policy:all_shards", "response_policy:all_succeeded"},
      .args = {
          {.name = "message", .type = ArgType::kString, .flags = kArgOptional},
      },
     }},
    {"psetex",
     {
      .key_specs = {{.flags = "OW update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "milliseconds", .type = ArgType::kInteger},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"pttl",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .tips = {"nondeterministic_output"},
      .history = {
          {"2.8.0", "Added the -2 reply."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"quit",
     {

     }},
    {"randomkey",
     {
      .tips = {"request_policy:all_shards", "nondeterministic_output"},
     }},
    {"rename",
     {
      .key_specs = {{.flags = "RW access delete", .begin_index = 1}, {.flags = "OW update", .begin_index = 2}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "newkey", .type = ArgType::kKey, .key_spec_index = 1},
      },
     }},
    {"renamenx",
     {
      .key_specs = {{.flags = "RW access delete", .begin_index = 1}, {.flags = "OW insert", .begin_index = 2}},
      .history = {
          {"3.2.0", "The command no longer returns an error when source and destination names are the same."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "newkey", .type = ArgType::kKey, .key_spec_index = 1},
      },
     }},
    {"reset",
     {

     }},
    {"scan",
     {
      .tips = {"nondeterministic_output", "request_policy:special"},
      .history = {
          {"6.0.0", "Added the `TYPE` subcommand."},
      },
      .args = {
          {.name = "cursor", .type = ArgType::kInteger},
          {.name = "pattern", .type = ArgType::kPattern, .token = "MATCH", .flags = kArgOptional},
          {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
          {.name = "type", .type = ArgType::kString, .token = "TYPE", .since = "6.0.0", .flags = kArgOptional},
      },
     }},
    {"select",
     {
      .args = {
          {.name = "index", .type = ArgType::kInteger},
      },
     }},
    {"set",
     {
      .key_specs = {
          {.flags = "RW access update variable_flags", .begin_index = 1,
           .notes = "RW and ACCESS due to the optional `GET` argument"},
      },
      .history = {
          {"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
          {"6.0.0", "Added the `KEEPTTL` option."},
          {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
          {"7.0.0", "Allowed the `NX` and `GET` options to be used together."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "value", .type = ArgType::kString},
          {.name = "condition", .type = ArgType::kOneof, .since = "2.6.12", .flags = kArgOptional, .args = {
              {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
              {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
          }},
          {.name = "get", .type = ArgType::kPureToken, .token = "GET", .since = "6.2.0", .flags = kArgOptional},
          {.name = "expiration", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "seconds", .type = ArgType::kInteger, .token = "EX", .since = "2.6.12"},
              {.name = "milliseconds", .type = ArgType::kInteger, .token = "PX", .since = "2.6.12"},
              {.name = "unix-time-seconds", .type = ArgType::kUnixTime, .token = "EXAT", .since = "6.2.0"},
              {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime, .token = "PXAT", .since = "6.2.0"},
              {.name = "keepttl", .type = ArgType::kPureToken, .token = "KEEPTTL", .since = "6.0.0"},
          }},
      },
     }},
    {"setbit",
     {
      .key_specs = {{.flags = "RW access update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "offset", .type = ArgType::kInteger},
          {.name = "value", .type = ArgType::kInteger},
      },
     }},
    {"setex",
     {
      .key_specs = {{.flags = "OW update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "seconds", .type = ArgType::kInteger},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"setnx",
     {
      .key_specs = {{.flags = "OW insert", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"setrange",
     {
      .key_specs = {{.flags = "RW update", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "offset", .type = ArgType::kInteger},
          {.name = "value", .type = ArgType::kString},
      },
     }},
    {"shutdown",
     {
      .history = {
          {"7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."},
      },
      .args = {
          {.name = "nosave_save", .type = ArgType::kOneof, .flags = kArgOptional, .args = {
              {.name = "nosave", .type = ArgType::kPureToken, .token = "NOSAVE"},
              {.name = "save", .type = ArgType::kPureToken, .token = "SAVE"},
          }},
          {.name = "now", .type = ArgType::kPureToken, .token = "NOW", .since = "7.0.0", .flags = kArgOptional},
          {.name = "force", .type = ArgType::kPureToken, .token = "FORCE", .since = "7.0.0", .flags = kArgOptional},
          {.name = "abort", .type = ArgType::kPureToken, .token = "ABORT", .since = "7.0.0", .flags = kArgOptional},
      },
     }},
    {"strlen",
     {
      .key_specs = {{.flags = "RO", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"substr",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .doc_flags = "deprecated",
      .deprecated_since = "2.0.0",
      .replaced_by = "`GETRANGE`",
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
          {.name = "start", .type = ArgType::kInteger},
          {.name = "end", .type = ArgType::kInteger},
      },
     }},
    {"swapdb",
     {
      .args = {
          {.name = "index1", .type = ArgType::kInteger},
          {.name = "index2", .type = ArgType::kInteger},
      },
     }},
    {"time",
     {
      .tips = {"nondeterministic_output"},
     }},
    {"touch",
     {
      .key_specs = {{.flags = "RO", .begin_index = 1, .lastkey = -1}},
      .tips = {"request_policy:multi_shard", "response_policy:agg_sum"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
      },
     }},
    {"ttl",
     {
      .key_specs = {{.flags = "RO access", .begin_index = 1}},
      .tips = {"nondeterministic_output"},
      .history = {
          {"2.8.0", "Added the -2 reply."},
      },
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"type",
     {
      .key_specs = {{.flags = "RO", .begin_index = 1}},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
      },
     }},
    {"unlink",
     {
      .key_specs = {{.flags = "RM delete", .begin_index = 1, .lastkey = -1}},
      .tips = {"request_policy:multi_shard", "response_policy:agg_sum"},
      .args = {
          {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
      },
     }},
  };
}

}  // namespace

const CommandDocs* FindCommandDocs(std::string_view full_name) {
  // Built on first use (the command table is made in main, never during static initialisation) and kept for the
  // life of the process: the specs point into it.
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, CommandDocs>();
    for (auto& [name, docs] : Entries()) t->emplace(name, std::move(docs));
    return t;
  }();
  auto it = table->find(full_name);
  return it == table->end() ? nullptr : &it->second;
}

}  // namespace ringkv::core
