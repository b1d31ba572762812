// GENERATED FILE: DO NOT EDIT. Written by scripts/gen_command_table.py from the replies of
// redis-server 7.0.15 (COMMAND INFO and COMMAND DOCS of every command and subcommand; sentinel
// mode's COMMAND LIST for the sentinel flags), plus the later Redis's commands of
// scripts/command_table_extras.json. Regenerate with `scripts/gen_command_table.py`; the
// integration test runs `scripts/gen_command_table.py --check`. Layout: core/command_meta.h.
// 250 commands, 147 subcommands.
#include "core/command_meta.h"

namespace ringkv::core {
namespace {

using BS = BeginSearchType;
using FK = FindKeysType;

constexpr KeySpec kKeySpecs[] = {
    // append
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // bitcount
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // bitfield
    {.flags = "RW access update variable_flags", .notes = "This command allows both access and modification of the key", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // bitfield_ro
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // bitop
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 3, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // bitpos
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // blmove
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // blmpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // blpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -2, .keystep = 1, .limit = 0},
    // brpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -2, .keystep = 1, .limit = 0},
    // brpoplpush
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // bzmpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // bzpopmax
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -2, .keystep = 1, .limit = 0},
    // bzpopmin
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -2, .keystep = 1, .limit = 0},
    // copy
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // decr
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // decrby
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // del
    {.flags = "RM delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // dump
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // eval
    {.flags = "RW access update", .notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // eval_ro
    {.flags = "RO access", .notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // evalsha
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // evalsha_ro
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // exists
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // expire
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // expireat
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // expiretime
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // fcall
    {.flags = "RW access update", .notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // fcall_ro
    {.flags = "RO access", .notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // geoadd
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // geodist
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // geohash
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // geopos
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // georadius
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kKeyword, .keyword = "STORE", .keyword_startfrom = 6, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kKeyword, .keyword = "STOREDIST", .keyword_startfrom = 6, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // georadius_ro
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // georadiusbymember
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kKeyword, .keyword = "STORE", .keyword_startfrom = 5, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kKeyword, .keyword = "STOREDIST", .keyword_startfrom = 5, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // georadiusbymember_ro
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // geosearch
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // geosearchstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // get
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // getbit
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // getdel
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // getex
    {.flags = "RW access update", .notes = "RW and UPDATE because it changes the TTL", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // getrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // getset
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hdel
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hexists
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hexpire
    {.flags = "RW UPDATE", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hexpireat
    {.flags = "RW UPDATE", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hexpiretime
    {.flags = "RO ACCESS", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hget
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hgetall
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hincrby
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hincrbyfloat
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hkeys
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hlen
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hmget
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hmset
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hpersist
    {.flags = "RW UPDATE", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hpexpire
    {.flags = "RW UPDATE", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hpexpireat
    {.flags = "RW UPDATE", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hpexpiretime
    {.flags = "RO ACCESS", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hpttl
    {.flags = "RO ACCESS", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hrandfield
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hscan
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hset
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hsetnx
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hstrlen
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // httl
    {.flags = "RO ACCESS", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // hvals
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // incr
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // incrby
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // incrbyfloat
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lcs
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 1, .keystep = 1, .limit = 0},
    // lindex
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // linsert
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // llen
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lmove
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lmpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // lpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lpos
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lpush
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lpushx
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lrem
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // lset
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // ltrim
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // memory|usage
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // mget
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // migrate
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 3, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW access delete incomplete", .begin_search = BS::kKeyword, .keyword = "KEYS", .keyword_startfrom = -2, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // move
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // mset
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 2, .limit = 0},
    // msetnx
    {.flags = "OW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 2, .limit = 0},
    // object|encoding
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // object|freq
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // object|idletime
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // object|refcount
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // persist
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pexpire
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pexpireat
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pexpiretime
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pfadd
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pfcount
    {.flags = "RW access", .notes = "RW because it may change the internal representation of the key, and propagate to replicas", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // pfdebug
    {.flags = "RW access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pfmerge
    {.flags = "RW access insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // psetex
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // pttl
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // rename
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // renamenx
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "OW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // restore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // restore-asking
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // rpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // rpoplpush
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // rpush
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // rpushx
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sadd
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // scard
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sdiff
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // sdiffstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // set
    {.flags = "RW access update variable_flags", .notes = "RW and ACCESS due to the optional `GET` argument", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // setbit
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // setex
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // setnx
    {.flags = "OW insert", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // setrange
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sinter
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // sintercard
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // sinterstore
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // sismember
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // smembers
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // smismember
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // smove
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sort
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", .begin_search = BS::kUnknown, .find_keys = FK::kUnknown},
    {.flags = "OW update", .notes = "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array", .begin_search = BS::kUnknown, .find_keys = FK::kUnknown},
    // sort_ro
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", .begin_search = BS::kUnknown, .find_keys = FK::kUnknown},
    // spop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // spublish
    {.flags = "not_key", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // srandmember
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // srem
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sscan
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // ssubscribe
    {.flags = "not_key", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // strlen
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // substr
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // sunion
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // sunionstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // sunsubscribe
    {.flags = "not_key", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // touch
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // ttl
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // type
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // unlink
    {.flags = "RM delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // watch
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 0},
    // xack
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xadd
    {.flags = "RW update", .notes = "UPDATE instead of INSERT because of the optional trimming feature", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xautoclaim
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xclaim
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xdel
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xgroup|create
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xgroup|createconsumer
    {.flags = "RW insert", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xgroup|delconsumer
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xgroup|destroy
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xgroup|setid
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xinfo|consumers
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xinfo|groups
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xinfo|stream
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xlen
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xpending
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xread
    {.flags = "RO access", .begin_search = BS::kKeyword, .keyword = "STREAMS", .keyword_startfrom = 1, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 2},
    // xreadgroup
    {.flags = "RO access", .begin_search = BS::kKeyword, .keyword = "STREAMS", .keyword_startfrom = 4, .find_keys = FK::kRange, .lastkey = -1, .keystep = 1, .limit = 2},
    // xrevrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xsetid
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // xtrim
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zadd
    {.flags = "RW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zcard
    {.flags = "RO", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zcount
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zdiff
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zdiffstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zincrby
    {.flags = "RW access update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zinter
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zintercard
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zinterstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zlexcount
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zmpop
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zmscore
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zpopmax
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zpopmin
    {.flags = "RW access delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrandmember
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrangebylex
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrangebyscore
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrangestore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrank
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrem
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zremrangebylex
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zremrangebyrank
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zremrangebyscore
    {.flags = "RW delete", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrevrange
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrevrangebylex
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrevrangebyscore
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zrevrank
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zscan
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zscore
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    // zunion
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
    // zunionstore
    {.flags = "OW update", .begin_search = BS::kIndex, .begin_index = 1, .find_keys = FK::kRange, .lastkey = 0, .keystep = 1, .limit = 0},
    {.flags = "RO access", .begin_search = BS::kIndex, .begin_index = 2, .find_keys = FK::kKeynum, .keynum_index = 0, .keynum_firstkey = 1, .keynum_step = 1},
};

constexpr std::string_view kTips[] = {
    // client|info
    "nondeterministic_output",
    // client|list
    "nondeterministic_output",
    // cluster|bumpepoch
    "nondeterministic_output",
    // cluster|count-failure-reports
    "nondeterministic_output",
    // cluster|getkeysinslot
    "nondeterministic_output",
    // cluster|info
    "nondeterministic_output",
    // cluster|links
    "nondeterministic_output",
    // cluster|nodes
    "nondeterministic_output",
    // cluster|replicas
    "nondeterministic_output",
    // cluster|shards
    "nondeterministic_output",
    // cluster|slaves
    "nondeterministic_output",
    // cluster|slots
    "nondeterministic_output",
    // command|docs
    "nondeterministic_output_order",
    // command|info
    "nondeterministic_output_order",
    // command|list
    "nondeterministic_output_order",
    // command
    "nondeterministic_output_order",
    // config|set
    "request_policy:all_nodes",
    "response_policy:all_succeeded",
    // dbsize
    "request_policy:all_shards",
    "response_policy:agg_sum",
    // del
    "request_policy:multi_shard",
    "response_policy:agg_sum",
    // dump
    "nondeterministic_output",
    // exists
    "request_policy:multi_shard",
    "response_policy:agg_sum",
    // flushall
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // flushdb
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // function|delete
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // function|flush
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // function|kill
    "request_policy:all_shards",
    "response_policy:one_succeeded",
    // function|list
    "nondeterministic_output_order",
    // function|load
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // function|restore
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // function|stats
    "nondeterministic_output",
    "request_policy:all_shards",
    "response_policy:special",
    // hgetall
    "nondeterministic_output_order",
    // hkeys
    "nondeterministic_output_order",
    // hpttl
    "nondeterministic_output",
    // hrandfield
    "nondeterministic_output",
    // hscan
    "nondeterministic_output",
    // hvals
    "nondeterministic_output_order",
    // info
    "nondeterministic_output",
    "request_policy:all_shards",
    "response_policy:special",
    // keys
    "request_policy:all_shards",
    "nondeterministic_output_order",
    // lastsave
    "nondeterministic_output",
    // latency|doctor
    "nondeterministic_output",
    "request_policy:all_nodes",
    "response_policy:special",
    // latency|graph
    "nondeterministic_output",
    "request_policy:all_nodes",
    "response_policy:special",
    // latency|histogram
    "nondeterministic_output",
    "request_policy:all_nodes",
    "response_policy:special",
    // latency|history
    "nondeterministic_output",
    "request_policy:all_nodes",
    "response_policy:special",
    // latency|latest
    "nondeterministic_output",
    "request_policy:all_nodes",
    "response_policy:special",
    // latency|reset
    "request_policy:all_nodes",
    "response_policy:all_succeeded",
    // memory|doctor
    "nondeterministic_output",
    "request_policy:all_shards",
    "response_policy:special",
    // memory|malloc-stats
    "nondeterministic_output",
    "request_policy:all_shards",
    "response_policy:special",
    // memory|purge
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // memory|stats
    "nondeterministic_output",
    "request_policy:all_shards",
    "response_policy:special",
    // mget
    "request_policy:multi_shard",
    // migrate
    "nondeterministic_output",
    // module|list
    "nondeterministic_output_order",
    // mset
    "request_policy:multi_shard",
    "response_policy:all_succeeded",
    // msetnx
    "request_policy:multi_shard",
    "response_policy:agg_min",
    // object|encoding
    "nondeterministic_output",
    // object|freq
    "nondeterministic_output",
    // object|idletime
    "nondeterministic_output",
    // object|refcount
    "nondeterministic_output",
    // ping
    "request_policy:all_shards",
    "response_policy:all_succeeded",
    // pttl
    "nondeterministic_output",
    // randomkey
    "request_policy:all_shards",
    "nondeterministic_output",
    // scan
    "nondeterministic_output",
    "request_policy:special",
    // script|exists
    "request_policy:all_shards",
    "response_policy:agg_logical_and",
    // script|flush
    "request_policy:all_nodes",
    "response_policy:all_succeeded",
    // script|kill
    "request_policy:all_shards",
    "response_policy:one_succeeded",
    // script|load
    "request_policy:all_nodes",
    "response_policy:all_succeeded",
    // sdiff
    "nondeterministic_output_order",
    // sinter
    "nondeterministic_output_order",
    // slowlog|get
    "request_policy:all_nodes",
    "nondeterministic_output",
    // slowlog|len
    "request_policy:all_nodes",
    "response_policy:agg_sum",
    "nondeterministic_output",
    // slowlog|reset
    "request_policy:all_nodes",
    "response_policy:all_succeeded",
    // smembers
    "nondeterministic_output_order",
    // spop
    "nondeterministic_output",
    // srandmember
    "nondeterministic_output",
    // sscan
    "nondeterministic_output",
    // sunion
    "nondeterministic_output_order",
    // time
    "nondeterministic_output",
    // touch
    "request_policy:multi_shard",
    "response_policy:agg_sum",
    // ttl
    "nondeterministic_output",
    // unlink
    "request_policy:multi_shard",
    "response_policy:agg_sum",
    // wait
    "request_policy:all_shards",
    "response_policy:agg_min",
    // xadd
    "nondeterministic_output",
    // xautoclaim
    "nondeterministic_output",
    // xclaim
    "nondeterministic_output",
    // xinfo|consumers
    "nondeterministic_output",
    // xpending
    "nondeterministic_output",
    // xtrim
    "nondeterministic_output",
    // zrandmember
    "nondeterministic_output",
    // zscan
    "nondeterministic_output",
};

constexpr CommandHistory kHistory[] = {
    // acl|getuser
    {"6.2.0", "Added Pub/Sub channel patterns."},
    {"7.0.0", "Added selectors and changed the format of key and channel patterns from a list to their rule representation."},
    // acl|setuser
    {"6.2.0", "Added Pub/Sub channel patterns."},
    {"7.0.0", "Added selectors and key based permissions."},
    // auth
    {"6.0.0", "Added ACL style (username and password)."},
    // bgsave
    {"3.2.2", "Added the `SCHEDULE` option."},
    // bitcount
    {"7.0.0", "Added the `BYTE|BIT` option."},
    // bitpos
    {"7.0.0", "Added the `BYTE|BIT` option."},
    // blpop
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
    // brpop
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
    // brpoplpush
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
    // bzpopmax
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
    // bzpopmin
    {"6.0.0", "`timeout` is interpreted as a double instead of an integer."},
    // client|kill
    {"2.8.12", "Added new filter format."},
    {"2.8.12", "`ID` option."},
    {"3.2.0", "Added `master` type in for `TYPE` option."},
    {"5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."},
    {"6.2.0", "`LADDR` option."},
    // client|list
    {"2.8.12", "Added unique client `id` field."},
    {"5.0.0", "Added optional `TYPE` filter."},
    {"6.0.0", "Added `user` field."},
    {"6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."},
    {"7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."},
    {"7.0.3", "Added `ssub` field."},
    // client|pause
    {"6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."},
    // cluster|meet
    {"4.0.0", "Added the optional `cluster_bus_port` argument."},
    // cluster|slots
    {"4.0.0", "Added node IDs."},
    {"7.0.0", "Added additional networking metadata field."},
    // command|info
    {"7.0.0", "Allowed to be called with no argument to get info on all commands."},
    // config|get
    {"7.0.0", "Added the ability to pass multiple pattern parameters in one call"},
    // config|set
    {"7.0.0", "Added the ability to set multiple parameters in one call."},
    // exists
    {"3.0.3", "Accepts multiple `key` arguments."},
    // expire
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
    // expireat
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
    // flushall
    {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
    {"6.2.0", "Added the `SYNC` flushing mode modifier."},
    // flushdb
    {"4.0.0", "Added the `ASYNC` flushing mode modifier."},
    {"6.2.0", "Added the `SYNC` flushing mode modifier."},
    // geoadd
    {"6.2.0", "Added the `CH`, `NX` and `XX` options."},
    // georadius
    {"6.2.0", "Added the `ANY` option for `COUNT`."},
    {"7.0.0", "Added support for uppercase unit names."},
    // georadius_ro
    {"6.2.0", "Added the `ANY` option for `COUNT`."},
    // georadiusbymember
    {"7.0.0", "Added support for uppercase unit names."},
    // geosearch
    {"7.0.0", "Added support for uppercase unit names."},
    // geosearchstore
    {"7.0.0", "Added support for uppercase unit names."},
    // hdel
    {"2.4.0", "Accepts multiple `field` arguments."},
    // hello
    {"6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."},
    // hset
    {"4.0.0", "Accepts multiple `field` and `value` arguments."},
    // info
    {"7.0.0", "Added support for taking multiple section arguments."},
    // lpop
    {"6.2.0", "Added the `count` argument."},
    // lpush
    {"2.4.0", "Accepts multiple `element` arguments."},
    // lpushx
    {"4.0.0", "Accepts multiple `element` arguments."},
    // migrate
    {"3.0.0", "Added the `COPY` and `REPLACE` options."},
    {"3.0.6", "Added the `KEYS` option."},
    {"4.0.7", "Added the `AUTH` option."},
    {"6.0.0", "Added the `AUTH2` option."},
    // pexpire
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
    // pexpireat
    {"7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."},
    // pttl
    {"2.8.0", "Added the -2 reply."},
    // renamenx
    {"3.2.0", "The command no longer returns an error when source and destination names are the same."},
    // restore
    {"3.0.0", "Added the `REPLACE` modifier."},
    {"5.0.0", "Added the `ABSTTL` modifier."},
    {"5.0.0", "Added the `IDLETIME` and `FREQ` options."},
    // restore-asking
    {"3.0.0", "Added the `REPLACE` modifier."},
    {"5.0.0", "Added the `ABSTTL` modifier."},
    {"5.0.0", "Added the `IDLETIME` and `FREQ` options."},
    // rpop
    {"6.2.0", "Added the `count` argument."},
    // rpush
    {"2.4.0", "Accepts multiple `element` arguments."},
    // rpushx
    {"4.0.0", "Accepts multiple `element` arguments."},
    // sadd
    {"2.4.0", "Accepts multiple `member` arguments."},
    // scan
    {"6.0.0", "Added the `TYPE` subcommand."},
    // script|flush
    {"6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."},
    // set
    {"2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."},
    {"6.0.0", "Added the `KEEPTTL` option."},
    {"6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."},
    {"7.0.0", "Allowed the `NX` and `GET` options to be used together."},
    // shutdown
    {"7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."},
    // slowlog|get
    {"4.0.0", "Added client IP address, port and name to the reply."},
    // spop
    {"3.2.0", "Added the `count` argument."},
    // srandmember
    {"2.6.0", "Added the optional `count` argument."},
    // srem
    {"2.4.0", "Accepts multiple `member` arguments."},
    // ttl
    {"2.8.0", "Added the -2 reply."},
    // xadd
    {"6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."},
    {"7.0.0", "Added support for the `<ms>-*` explicit ID form."},
    // xautoclaim
    {"7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL"},
    // xgroup|create
    {"7.0.0", "Added the `entries_read` named argument."},
    // xgroup|setid
    {"7.0.0", "Added the optional `entries_read` argument."},
    // xinfo|groups
    {"7.0.0", "Added the `entries-read` and `lag` fields"},
    // xinfo|stream
    {"6.0.0", "Added the `FULL` modifier."},
    {"7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields"},
    // xpending
    {"6.2.0", "Added the `IDLE` option and exclusive range intervals."},
    // xrange
    {"6.2.0", "Added exclusive ranges."},
    // xrevrange
    {"6.2.0", "Added exclusive ranges."},
    // xsetid
    {"7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."},
    // xtrim
    {"6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."},
    // zadd
    {"2.4.0", "Accepts multiple elements."},
    {"3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."},
    {"6.2.0", "Added the `GT` and `LT` options."},
    // zrange
    {"6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."},
    // zrangebyscore
    {"2.0.0", "Added the `WITHSCORES` modifier."},
    // zrem
    {"2.4.0", "Accepts multiple elements."},
    // zrevrangebyscore
    {"2.1.6", "`min` and `max` can be exclusive."},
};

constexpr ArgSpec kArgs[] = {
    // acl|cat
    {.name = "categoryname", .type = ArgType::kString, .flags = kArgOptional},
    // acl|deluser
    {.name = "username", .type = ArgType::kString, .flags = kArgMultiple},
    // acl|dryrun
    {.name = "username", .type = ArgType::kString},
    {.name = "command", .type = ArgType::kString},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // acl|genpass
    {.name = "bits", .type = ArgType::kInteger, .flags = kArgOptional},
    // acl|getuser
    {.name = "username", .type = ArgType::kString},
    // acl|log
    {.name = "operation", .type = ArgType::kOneof, .flags = kArgOptional, .args = {8, 2}},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "reset", .type = ArgType::kPureToken, .token = "RESET"},
    // acl|setuser
    {.name = "username", .type = ArgType::kString},
    {.name = "rule", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // append
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    // auth
    {.name = "username", .type = ArgType::kString, .since = "6.0.0", .flags = kArgOptional},
    {.name = "password", .type = ArgType::kString},
    // bgsave
    {.name = "schedule", .type = ArgType::kPureToken, .token = "SCHEDULE", .since = "3.2.2", .flags = kArgOptional},
    // bitcount
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {19, 3}},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "end", .type = ArgType::kInteger},
    {.name = "index_unit", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {22, 2}},
    {.name = "byte", .type = ArgType::kPureToken, .token = "BYTE"},
    {.name = "bit", .type = ArgType::kPureToken, .token = "BIT"},
    // bitfield
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "operation", .type = ArgType::kOneof, .flags = kArgOptional | kArgMultiple, .args = {26, 2}},
    {.name = "encoding_offset", .type = ArgType::kBlock, .token = "GET", .args = {28, 2}},
    {.name = "write", .type = ArgType::kBlock, .args = {30, 2}},
    {.name = "encoding", .type = ArgType::kString},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "wrap_sat_fail", .type = ArgType::kOneof, .token = "OVERFLOW", .flags = kArgOptional, .args = {32, 3}},
    {.name = "write_operation", .type = ArgType::kOneof, .args = {35, 2}},
    {.name = "wrap", .type = ArgType::kPureToken, .token = "WRAP"},
    {.name = "sat", .type = ArgType::kPureToken, .token = "SAT"},
    {.name = "fail", .type = ArgType::kPureToken, .token = "FAIL"},
    {.name = "encoding_offset_value", .type = ArgType::kBlock, .token = "SET", .args = {37, 3}},
    {.name = "encoding_offset_increment", .type = ArgType::kBlock, .token = "INCRBY", .args = {40, 3}},
    {.name = "encoding", .type = ArgType::kString},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "value", .type = ArgType::kInteger},
    {.name = "encoding", .type = ArgType::kString},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "increment", .type = ArgType::kInteger},
    // bitfield_ro
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "encoding_offset", .type = ArgType::kBlock, .token = "GET", .flags = kArgOptional | kArgMultiple | kArgMultipleToken, .args = {45, 2}},
    {.name = "encoding", .type = ArgType::kString},
    {.name = "offset", .type = ArgType::kInteger},
    // bitop
    {.name = "operation", .type = ArgType::kString},
    {.name = "destkey", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // bitpos
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "bit", .type = ArgType::kInteger},
    {.name = "index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {53, 2}},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "end_index", .type = ArgType::kBlock, .flags = kArgOptional, .args = {55, 2}},
    {.name = "end", .type = ArgType::kInteger},
    {.name = "index_unit", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {57, 2}},
    {.name = "byte", .type = ArgType::kPureToken, .token = "BYTE"},
    {.name = "bit", .type = ArgType::kPureToken, .token = "BIT"},
    // blmove
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "wherefrom", .type = ArgType::kOneof, .args = {64, 2}},
    {.name = "whereto", .type = ArgType::kOneof, .args = {66, 2}},
    {.name = "timeout", .type = ArgType::kDouble},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    // blmpop
    {.name = "timeout", .type = ArgType::kDouble},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "where", .type = ArgType::kOneof, .args = {73, 2}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    // blpop
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "timeout", .type = ArgType::kDouble},
    // brpop
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "timeout", .type = ArgType::kDouble},
    // brpoplpush
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "timeout", .type = ArgType::kDouble},
    // bzmpop
    {.name = "timeout", .type = ArgType::kDouble},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "where", .type = ArgType::kOneof, .args = {87, 2}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
    // bzpopmax
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "timeout", .type = ArgType::kDouble},
    // bzpopmin
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "timeout", .type = ArgType::kDouble},
    // client|caching
    {.name = "mode", .type = ArgType::kOneof, .args = {94, 2}},
    {.name = "yes", .type = ArgType::kPureToken, .token = "YES"},
    {.name = "no", .type = ArgType::kPureToken, .token = "NO"},
    // client|kill
    {.name = "filter", .type = ArgType::kOneof, .args = {97, 2}},
    {.name = "ip:port", .type = ArgType::kString, .deprecated_since = "2.8.12"},
    {.name = "new-format", .type = ArgType::kOneof, .flags = kArgMultiple, .args = {99, 6}},
    {.name = "client-id", .type = ArgType::kInteger, .token = "ID", .since = "2.8.12", .flags = kArgOptional},
    {.name = "normal_master_slave_pubsub", .type = ArgType::kOneof, .token = "TYPE", .since = "2.8.12", .flags = kArgOptional, .args = {105, 5}},
    {.name = "username", .type = ArgType::kString, .token = "USER", .flags = kArgOptional},
    {.name = "ip:port", .type = ArgType::kString, .token = "ADDR", .flags = kArgOptional},
    {.name = "ip:port", .type = ArgType::kString, .token = "LADDR", .since = "6.2.0", .flags = kArgOptional},
    {.name = "yes/no", .type = ArgType::kString, .token = "SKIPME", .flags = kArgOptional},
    {.name = "normal", .type = ArgType::kPureToken, .token = "NORMAL"},
    {.name = "master", .type = ArgType::kPureToken, .token = "MASTER", .since = "3.2.0"},
    {.name = "slave", .type = ArgType::kPureToken, .token = "SLAVE"},
    {.name = "replica", .type = ArgType::kPureToken, .token = "REPLICA", .since = "5.0.0"},
    {.name = "pubsub", .type = ArgType::kPureToken, .token = "PUBSUB"},
    // client|list
    {.name = "normal_master_replica_pubsub", .type = ArgType::kOneof, .token = "TYPE", .since = "5.0.0", .flags = kArgOptional, .args = {112, 4}},
    {.name = "id", .type = ArgType::kBlock, .token = "ID", .since = "6.2.0", .flags = kArgOptional, .args = {116, 1}},
    {.name = "normal", .type = ArgType::kPureToken, .token = "NORMAL"},
    {.name = "master", .type = ArgType::kPureToken, .token = "MASTER"},
    {.name = "replica", .type = ArgType::kPureToken, .token = "REPLICA"},
    {.name = "pubsub", .type = ArgType::kPureToken, .token = "PUBSUB"},
    {.name = "client-id", .type = ArgType::kInteger, .flags = kArgMultiple},
    // client|no-evict
    {.name = "enabled", .type = ArgType::kOneof, .args = {118, 2}},
    {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
    {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
    // client|pause
    {.name = "timeout", .type = ArgType::kInteger},
    {.name = "mode", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {122, 2}},
    {.name = "write", .type = ArgType::kPureToken, .token = "WRITE"},
    {.name = "all", .type = ArgType::kPureToken, .token = "ALL"},
    // client|reply
    {.name = "on_off_skip", .type = ArgType::kOneof, .args = {125, 3}},
    {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
    {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
    {.name = "skip", .type = ArgType::kPureToken, .token = "SKIP"},
    // client|setname
    {.name = "connection-name", .type = ArgType::kString},
    // client|tracking
    {.name = "status", .type = ArgType::kOneof, .args = {136, 2}},
    {.name = "client-id", .type = ArgType::kInteger, .token = "REDIRECT", .flags = kArgOptional},
    {.name = "prefix", .type = ArgType::kString, .token = "PREFIX", .flags = kArgOptional | kArgMultiple | kArgMultipleToken},
    {.name = "bcast", .type = ArgType::kPureToken, .token = "BCAST", .flags = kArgOptional},
    {.name = "optin", .type = ArgType::kPureToken, .token = "OPTIN", .flags = kArgOptional},
    {.name = "optout", .type = ArgType::kPureToken, .token = "OPTOUT", .flags = kArgOptional},
    {.name = "noloop", .type = ArgType::kPureToken, .token = "NOLOOP", .flags = kArgOptional},
    {.name = "on", .type = ArgType::kPureToken, .token = "ON"},
    {.name = "off", .type = ArgType::kPureToken, .token = "OFF"},
    // client|unblock
    {.name = "client-id", .type = ArgType::kInteger},
    {.name = "timeout_error", .type = ArgType::kOneof, .flags = kArgOptional, .args = {140, 2}},
    {.name = "timeout", .type = ArgType::kPureToken, .token = "TIMEOUT"},
    {.name = "error", .type = ArgType::kPureToken, .token = "ERROR"},
    // cluster|addslots
    {.name = "slot", .type = ArgType::kInteger, .flags = kArgMultiple},
    // cluster|addslotsrange
    {.name = "start-slot_end-slot", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {144, 2}},
    {.name = "start-slot", .type = ArgType::kInteger},
    {.name = "end-slot", .type = ArgType::kInteger},
    // cluster|count-failure-reports
    {.name = "node-id", .type = ArgType::kString},
    // cluster|countkeysinslot
    {.name = "slot", .type = ArgType::kInteger},
    // cluster|delslots
    {.name = "slot", .type = ArgType::kInteger, .flags = kArgMultiple},
    // cluster|delslotsrange
    {.name = "start-slot_end-slot", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {150, 2}},
    {.name = "start-slot", .type = ArgType::kInteger},
    {.name = "end-slot", .type = ArgType::kInteger},
    // cluster|failover
    {.name = "options", .type = ArgType::kOneof, .flags = kArgOptional, .args = {153, 2}},
    {.name = "force", .type = ArgType::kPureToken, .token = "FORCE"},
    {.name = "takeover", .type = ArgType::kPureToken, .token = "TAKEOVER"},
    // cluster|forget
    {.name = "node-id", .type = ArgType::kString},
    // cluster|getkeysinslot
    {.name = "slot", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // cluster|keyslot
    {.name = "key", .type = ArgType::kString},
    // cluster|meet
    {.name = "ip", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "cluster_bus_port", .type = ArgType::kInteger, .since = "4.0.0", .flags = kArgOptional},
    // cluster|replicas
    {.name = "node-id", .type = ArgType::kString},
    // cluster|replicate
    {.name = "node-id", .type = ArgType::kString},
    // cluster|reset
    {.name = "hard_soft", .type = ArgType::kOneof, .flags = kArgOptional, .args = {165, 2}},
    {.name = "hard", .type = ArgType::kPureToken, .token = "HARD"},
    {.name = "soft", .type = ArgType::kPureToken, .token = "SOFT"},
    // cluster|set-config-epoch
    {.name = "config-epoch", .type = ArgType::kInteger},
    // cluster|setslot
    {.name = "slot", .type = ArgType::kInteger},
    {.name = "subcommand", .type = ArgType::kOneof, .args = {170, 4}},
    {.name = "node-id", .type = ArgType::kString, .token = "IMPORTING"},
    {.name = "node-id", .type = ArgType::kString, .token = "MIGRATING"},
    {.name = "node-id", .type = ArgType::kString, .token = "NODE"},
    {.name = "stable", .type = ArgType::kPureToken, .token = "STABLE"},
    // cluster|slaves
    {.name = "node-id", .type = ArgType::kString},
    // command|docs
    {.name = "command-name", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // command|info
    {.name = "command-name", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // command|list
    {.name = "filterby", .type = ArgType::kOneof, .token = "FILTERBY", .flags = kArgOptional, .args = {178, 3}},
    {.name = "module-name", .type = ArgType::kString, .token = "MODULE"},
    {.name = "category", .type = ArgType::kString, .token = "ACLCAT"},
    {.name = "pattern", .type = ArgType::kPattern, .token = "PATTERN"},
    // config|get
    {.name = "parameter", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {182, 1}},
    {.name = "parameter", .type = ArgType::kString},
    // config|set
    {.name = "parameter_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {184, 2}},
    {.name = "parameter", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // copy
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "destination-db", .type = ArgType::kInteger, .token = "DB", .flags = kArgOptional},
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .flags = kArgOptional},
    // decr
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // decrby
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "decrement", .type = ArgType::kInteger},
    // del
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // dump
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // echo
    {.name = "message", .type = ArgType::kString},
    // eval
    {.name = "script", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // eval_ro
    {.name = "script", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // evalsha
    {.name = "sha1", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // evalsha_ro
    {.name = "sha1", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // exists
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // expire
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "seconds", .type = ArgType::kInteger},
    {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {216, 4}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    // expireat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "unix-time-seconds", .type = ArgType::kUnixTime},
    {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {223, 4}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    // expiretime
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // failover
    {.name = "target", .type = ArgType::kBlock, .token = "TO", .flags = kArgOptional, .args = {231, 3}},
    {.name = "abort", .type = ArgType::kPureToken, .token = "ABORT", .flags = kArgOptional},
    {.name = "milliseconds", .type = ArgType::kInteger, .token = "TIMEOUT", .flags = kArgOptional},
    {.name = "host", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "force", .type = ArgType::kPureToken, .token = "FORCE", .flags = kArgOptional},
    // fcall
    {.name = "function", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // fcall_ro
    {.name = "function", .type = ArgType::kString},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgOptional | kArgMultiple},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // flushall
    {.name = "async", .type = ArgType::kOneof, .flags = kArgOptional, .args = {243, 2}},
    {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC", .since = "4.0.0"},
    {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC", .since = "6.2.0"},
    // flushdb
    {.name = "async", .type = ArgType::kOneof, .flags = kArgOptional, .args = {246, 2}},
    {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC", .since = "4.0.0"},
    {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC", .since = "6.2.0"},
    // function|delete
    {.name = "library-name", .type = ArgType::kString},
    // function|flush
    {.name = "async", .type = ArgType::kOneof, .flags = kArgOptional, .args = {250, 2}},
    {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC"},
    {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC"},
    // function|list
    {.name = "library-name-pattern", .type = ArgType::kString, .token = "LIBRARYNAME", .flags = kArgOptional},
    {.name = "withcode", .type = ArgType::kPureToken, .token = "WITHCODE", .flags = kArgOptional},
    // function|load
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .flags = kArgOptional},
    {.name = "function-code", .type = ArgType::kString},
    // function|restore
    {.name = "serialized-value", .type = ArgType::kString},
    {.name = "policy", .type = ArgType::kOneof, .flags = kArgOptional, .args = {258, 3}},
    {.name = "flush", .type = ArgType::kPureToken, .token = "FLUSH"},
    {.name = "append", .type = ArgType::kPureToken, .token = "APPEND"},
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE"},
    // geoadd
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "condition", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {265, 2}},
    {.name = "change", .type = ArgType::kPureToken, .token = "CH", .since = "6.2.0", .flags = kArgOptional},
    {.name = "longitude_latitude_member", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {267, 3}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "longitude", .type = ArgType::kDouble},
    {.name = "latitude", .type = ArgType::kDouble},
    {.name = "member", .type = ArgType::kString},
    // geodist
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member1", .type = ArgType::kString},
    {.name = "member2", .type = ArgType::kString},
    {.name = "unit", .type = ArgType::kOneof, .flags = kArgOptional, .args = {274, 4}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    // geohash
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // geopos
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // georadius
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "longitude", .type = ArgType::kDouble},
    {.name = "latitude", .type = ArgType::kDouble},
    {.name = "radius", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {294, 4}},
    {.name = "withcoord", .type = ArgType::kPureToken, .token = "WITHCOORD", .flags = kArgOptional},
    {.name = "withdist", .type = ArgType::kPureToken, .token = "WITHDIST", .flags = kArgOptional},
    {.name = "withhash", .type = ArgType::kPureToken, .token = "WITHHASH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {298, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {300, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .token = "STORE", .flags = kArgOptional},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 2, .token = "STOREDIST", .flags = kArgOptional},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .since = "6.2.0", .flags = kArgOptional},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // georadius_ro
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "longitude", .type = ArgType::kDouble},
    {.name = "latitude", .type = ArgType::kDouble},
    {.name = "radius", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {312, 4}},
    {.name = "withcoord", .type = ArgType::kPureToken, .token = "WITHCOORD", .flags = kArgOptional},
    {.name = "withdist", .type = ArgType::kPureToken, .token = "WITHDIST", .flags = kArgOptional},
    {.name = "withhash", .type = ArgType::kPureToken, .token = "WITHHASH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {316, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {318, 2}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .since = "6.2.0", .flags = kArgOptional},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // georadiusbymember
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    {.name = "radius", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {331, 4}},
    {.name = "withcoord", .type = ArgType::kPureToken, .token = "WITHCOORD", .flags = kArgOptional},
    {.name = "withdist", .type = ArgType::kPureToken, .token = "WITHDIST", .flags = kArgOptional},
    {.name = "withhash", .type = ArgType::kPureToken, .token = "WITHHASH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {335, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {337, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .token = "STORE", .flags = kArgOptional},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 2, .token = "STOREDIST", .flags = kArgOptional},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .flags = kArgOptional},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // georadiusbymember_ro
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    {.name = "radius", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {348, 4}},
    {.name = "withcoord", .type = ArgType::kPureToken, .token = "WITHCOORD", .flags = kArgOptional},
    {.name = "withdist", .type = ArgType::kPureToken, .token = "WITHDIST", .flags = kArgOptional},
    {.name = "withhash", .type = ArgType::kPureToken, .token = "WITHHASH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {352, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {354, 2}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .flags = kArgOptional},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // geosearch
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "from", .type = ArgType::kOneof, .args = {364, 2}},
    {.name = "by", .type = ArgType::kOneof, .args = {368, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {383, 2}},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {385, 2}},
    {.name = "withcoord", .type = ArgType::kPureToken, .token = "WITHCOORD", .flags = kArgOptional},
    {.name = "withdist", .type = ArgType::kPureToken, .token = "WITHDIST", .flags = kArgOptional},
    {.name = "withhash", .type = ArgType::kPureToken, .token = "WITHHASH", .flags = kArgOptional},
    {.name = "member", .type = ArgType::kString, .token = "FROMMEMBER"},
    {.name = "longitude_latitude", .type = ArgType::kBlock, .token = "FROMLONLAT", .args = {366, 2}},
    {.name = "longitude", .type = ArgType::kDouble},
    {.name = "latitude", .type = ArgType::kDouble},
    {.name = "circle", .type = ArgType::kBlock, .args = {370, 2}},
    {.name = "box", .type = ArgType::kBlock, .args = {376, 3}},
    {.name = "radius", .type = ArgType::kDouble, .token = "BYRADIUS"},
    {.name = "unit", .type = ArgType::kOneof, .args = {372, 4}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "width", .type = ArgType::kDouble, .token = "BYBOX"},
    {.name = "height", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {379, 4}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .flags = kArgOptional},
    // geosearchstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "from", .type = ArgType::kOneof, .args = {394, 2}},
    {.name = "by", .type = ArgType::kOneof, .args = {398, 2}},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {413, 2}},
    {.name = "count", .type = ArgType::kBlock, .flags = kArgOptional, .args = {415, 2}},
    {.name = "storedist", .type = ArgType::kPureToken, .token = "STOREDIST", .flags = kArgOptional},
    {.name = "member", .type = ArgType::kString, .token = "FROMMEMBER"},
    {.name = "longitude_latitude", .type = ArgType::kBlock, .token = "FROMLONLAT", .args = {396, 2}},
    {.name = "longitude", .type = ArgType::kDouble},
    {.name = "latitude", .type = ArgType::kDouble},
    {.name = "circle", .type = ArgType::kBlock, .args = {400, 2}},
    {.name = "box", .type = ArgType::kBlock, .args = {406, 3}},
    {.name = "radius", .type = ArgType::kDouble, .token = "BYRADIUS"},
    {.name = "unit", .type = ArgType::kOneof, .args = {402, 4}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "width", .type = ArgType::kDouble, .token = "BYBOX"},
    {.name = "height", .type = ArgType::kDouble},
    {.name = "unit", .type = ArgType::kOneof, .args = {409, 4}},
    {.name = "m", .type = ArgType::kPureToken, .token = "M"},
    {.name = "km", .type = ArgType::kPureToken, .token = "KM"},
    {.name = "ft", .type = ArgType::kPureToken, .token = "FT"},
    {.name = "mi", .type = ArgType::kPureToken, .token = "MI"},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT"},
    {.name = "any", .type = ArgType::kPureToken, .token = "ANY", .flags = kArgOptional},
    // get
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // getbit
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "offset", .type = ArgType::kInteger},
    // getdel
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // getex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "expiration", .type = ArgType::kOneof, .flags = kArgOptional, .args = {423, 5}},
    {.name = "seconds", .type = ArgType::kInteger, .token = "EX"},
    {.name = "milliseconds", .type = ArgType::kInteger, .token = "PX"},
    {.name = "unix-time-seconds", .type = ArgType::kUnixTime, .token = "EXAT"},
    {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime, .token = "PXAT"},
    {.name = "persist", .type = ArgType::kPureToken, .token = "PERSIST"},
    // getrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "end", .type = ArgType::kInteger},
    // getset
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    // hdel
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hello
    {.name = "arguments", .type = ArgType::kBlock, .flags = kArgOptional, .args = {436, 3}},
    {.name = "protover", .type = ArgType::kInteger},
    {.name = "username_password", .type = ArgType::kBlock, .token = "AUTH", .flags = kArgOptional, .args = {439, 2}},
    {.name = "clientname", .type = ArgType::kString, .token = "SETNAME", .flags = kArgOptional},
    {.name = "username", .type = ArgType::kString},
    {.name = "password", .type = ArgType::kString},
    // hexists
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    // hexpire
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "seconds", .type = ArgType::kInteger},
    {.name = "condition", .type = ArgType::kOneof, .flags = kArgOptional, .args = {447, 4}},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {451, 2}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hexpireat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "unix-time-seconds", .type = ArgType::kUnixTime},
    {.name = "condition", .type = ArgType::kOneof, .flags = kArgOptional, .args = {457, 4}},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {461, 2}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hexpiretime
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {465, 2}},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hget
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    // hgetall
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // hincrby
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    {.name = "increment", .type = ArgType::kInteger},
    // hincrbyfloat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    {.name = "increment", .type = ArgType::kDouble},
    // hkeys
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // hlen
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // hmget
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hmset
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {482, 2}},
    {.name = "field", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // hpersist
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {486, 2}},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hpexpire
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "milliseconds", .type = ArgType::kInteger},
    {.name = "condition", .type = ArgType::kOneof, .flags = kArgOptional, .args = {492, 4}},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {496, 2}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hpexpireat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime},
    {.name = "condition", .type = ArgType::kOneof, .flags = kArgOptional, .args = {502, 4}},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {506, 2}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hpexpiretime
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {510, 2}},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hpttl
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {514, 2}},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hrandfield
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "options", .type = ArgType::kBlock, .flags = kArgOptional, .args = {518, 2}},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "withvalues", .type = ArgType::kPureToken, .token = "WITHVALUES", .flags = kArgOptional},
    // hscan
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "cursor", .type = ArgType::kInteger},
    {.name = "pattern", .type = ArgType::kPattern, .token = "MATCH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // hset
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {526, 2}},
    {.name = "field", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // hsetnx
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // hstrlen
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "field", .type = ArgType::kString},
    // httl
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "fields", .type = ArgType::kBlock, .token = "FIELDS", .args = {535, 2}},
    {.name = "numfields", .type = ArgType::kInteger},
    {.name = "field", .type = ArgType::kString, .flags = kArgMultiple},
    // hvals
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // incr
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // incrby
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "increment", .type = ArgType::kInteger},
    // incrbyfloat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "increment", .type = ArgType::kDouble},
    // info
    {.name = "section", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // keys
    {.name = "pattern", .type = ArgType::kPattern},
    // latency|graph
    {.name = "event", .type = ArgType::kString},
    // latency|histogram
    {.name = "command", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // latency|history
    {.name = "event", .type = ArgType::kString},
    // latency|reset
    {.name = "event", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // lcs
    {.name = "key1", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "key2", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "len", .type = ArgType::kPureToken, .token = "LEN", .flags = kArgOptional},
    {.name = "idx", .type = ArgType::kPureToken, .token = "IDX", .flags = kArgOptional},
    {.name = "len", .type = ArgType::kInteger, .token = "MINMATCHLEN", .flags = kArgOptional},
    {.name = "withmatchlen", .type = ArgType::kPureToken, .token = "WITHMATCHLEN", .flags = kArgOptional},
    // lindex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "index", .type = ArgType::kInteger},
    // linsert
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "where", .type = ArgType::kOneof, .args = {561, 2}},
    {.name = "pivot", .type = ArgType::kString},
    {.name = "element", .type = ArgType::kString},
    {.name = "before", .type = ArgType::kPureToken, .token = "BEFORE"},
    {.name = "after", .type = ArgType::kPureToken, .token = "AFTER"},
    // llen
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // lmove
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "wherefrom", .type = ArgType::kOneof, .args = {568, 2}},
    {.name = "whereto", .type = ArgType::kOneof, .args = {570, 2}},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    // lmpop
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "where", .type = ArgType::kOneof, .args = {576, 2}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "left", .type = ArgType::kPureToken, .token = "LEFT"},
    {.name = "right", .type = ArgType::kPureToken, .token = "RIGHT"},
    // lolwut
    {.name = "version", .type = ArgType::kInteger, .token = "VERSION", .flags = kArgOptional},
    // lpop
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .since = "6.2.0", .flags = kArgOptional},
    // lpos
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString},
    {.name = "rank", .type = ArgType::kInteger, .token = "RANK", .flags = kArgOptional},
    {.name = "num-matches", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "len", .type = ArgType::kInteger, .token = "MAXLEN", .flags = kArgOptional},
    // lpush
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString, .flags = kArgMultiple},
    // lpushx
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString, .flags = kArgMultiple},
    // lrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "stop", .type = ArgType::kInteger},
    // lrem
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "element", .type = ArgType::kString},
    // lset
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "index", .type = ArgType::kInteger},
    {.name = "element", .type = ArgType::kString},
    // ltrim
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "stop", .type = ArgType::kInteger},
    // memory|usage
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .token = "SAMPLES", .flags = kArgOptional},
    // mget
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // migrate
    {.name = "host", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "key_or_empty_string", .type = ArgType::kOneof, .args = {614, 2}},
    {.name = "destination-db", .type = ArgType::kInteger},
    {.name = "timeout", .type = ArgType::kInteger},
    {.name = "copy", .type = ArgType::kPureToken, .token = "COPY", .since = "3.0.0", .flags = kArgOptional},
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .since = "3.0.0", .flags = kArgOptional},
    {.name = "authentication", .type = ArgType::kOneof, .flags = kArgOptional, .args = {616, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .token = "KEYS", .since = "3.0.6", .flags = kArgOptional | kArgMultiple},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "empty_string", .type = ArgType::kPureToken, .token = ""},
    {.name = "password", .type = ArgType::kString, .token = "AUTH", .since = "4.0.7", .flags = kArgOptional},
    {.name = "username_password", .type = ArgType::kBlock, .token = "AUTH2", .since = "6.0.0", .flags = kArgOptional, .args = {618, 2}},
    {.name = "username", .type = ArgType::kString},
    {.name = "password", .type = ArgType::kString},
    // module|load
    {.name = "path", .type = ArgType::kString},
    {.name = "arg", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // module|loadex
    {.name = "path", .type = ArgType::kString},
    {.name = "configs", .type = ArgType::kBlock, .token = "CONFIG", .flags = kArgOptional | kArgMultiple | kArgMultipleToken, .args = {625, 2}},
    {.name = "args", .type = ArgType::kBlock, .token = "ARGS", .flags = kArgOptional | kArgMultiple, .args = {627, 1}},
    {.name = "name", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    {.name = "arg", .type = ArgType::kString},
    // module|unload
    {.name = "name", .type = ArgType::kString},
    // move
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "db", .type = ArgType::kInteger},
    // mset
    {.name = "key_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {632, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    // msetnx
    {.name = "key_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {635, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    // object|encoding
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // object|freq
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // object|idletime
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // object|refcount
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // persist
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // pexpire
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "milliseconds", .type = ArgType::kInteger},
    {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {645, 4}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    // pexpireat
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime},
    {.name = "condition", .type = ArgType::kOneof, .since = "7.0.0", .flags = kArgOptional, .args = {652, 4}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    // pexpiretime
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // pfadd
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // pfcount
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // pfdebug
    {.name = "subcommand", .type = ArgType::kString},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // pfmerge
    {.name = "destkey", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "sourcekey", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // ping
    {.name = "message", .type = ArgType::kString, .flags = kArgOptional},
    // psetex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "milliseconds", .type = ArgType::kInteger},
    {.name = "value", .type = ArgType::kString},
    // psubscribe
    {.name = "pattern", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {669, 1}},
    {.name = "pattern", .type = ArgType::kPattern},
    // psync
    {.name = "replicationid", .type = ArgType::kString},
    {.name = "offset", .type = ArgType::kInteger},
    // pttl
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // publish
    {.name = "channel", .type = ArgType::kString},
    {.name = "message", .type = ArgType::kString},
    // pubsub|channels
    {.name = "pattern", .type = ArgType::kPattern, .flags = kArgOptional},
    // pubsub|numsub
    {.name = "channel", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // pubsub|shardchannels
    {.name = "pattern", .type = ArgType::kPattern, .flags = kArgOptional},
    // pubsub|shardnumsub
    {.name = "shardchannel", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // punsubscribe
    {.name = "pattern", .type = ArgType::kPattern, .flags = kArgOptional | kArgMultiple},
    // rename
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "newkey", .type = ArgType::kKey, .key_spec_index = 1},
    // renamenx
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "newkey", .type = ArgType::kKey, .key_spec_index = 1},
    // replicaof
    {.name = "args", .type = ArgType::kOneof, .args = {685, 2}},
    {.name = "host-port", .type = ArgType::kBlock, .args = {687, 2}},
    {.name = "no-one", .type = ArgType::kBlock, .args = {689, 2}},
    {.name = "host", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "no", .type = ArgType::kPureToken, .token = "NO"},
    {.name = "one", .type = ArgType::kPureToken, .token = "ONE"},
    // restore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "ttl", .type = ArgType::kInteger},
    {.name = "serialized-value", .type = ArgType::kString},
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .since = "3.0.0", .flags = kArgOptional},
    {.name = "absttl", .type = ArgType::kPureToken, .token = "ABSTTL", .since = "5.0.0", .flags = kArgOptional},
    {.name = "seconds", .type = ArgType::kInteger, .token = "IDLETIME", .since = "5.0.0", .flags = kArgOptional},
    {.name = "frequency", .type = ArgType::kInteger, .token = "FREQ", .since = "5.0.0", .flags = kArgOptional},
    // restore-asking
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "ttl", .type = ArgType::kInteger},
    {.name = "serialized-value", .type = ArgType::kString},
    {.name = "replace", .type = ArgType::kPureToken, .token = "REPLACE", .since = "3.0.0", .flags = kArgOptional},
    {.name = "absttl", .type = ArgType::kPureToken, .token = "ABSTTL", .since = "5.0.0", .flags = kArgOptional},
    {.name = "seconds", .type = ArgType::kInteger, .token = "IDLETIME", .since = "5.0.0", .flags = kArgOptional},
    {.name = "frequency", .type = ArgType::kInteger, .token = "FREQ", .since = "5.0.0", .flags = kArgOptional},
    // rpop
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .since = "6.2.0", .flags = kArgOptional},
    // rpoplpush
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    // rpush
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString, .flags = kArgMultiple},
    // rpushx
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "element", .type = ArgType::kString, .flags = kArgMultiple},
    // sadd
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // scan
    {.name = "cursor", .type = ArgType::kInteger},
    {.name = "pattern", .type = ArgType::kPattern, .token = "MATCH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "type", .type = ArgType::kString, .token = "TYPE", .since = "6.0.0", .flags = kArgOptional},
    // scard
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // script|debug
    {.name = "mode", .type = ArgType::kOneof, .args = {721, 3}},
    {.name = "yes", .type = ArgType::kPureToken, .token = "YES"},
    {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC"},
    {.name = "no", .type = ArgType::kPureToken, .token = "NO"},
    // script|exists
    {.name = "sha1", .type = ArgType::kString, .flags = kArgMultiple},
    // script|flush
    {.name = "async", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {726, 2}},
    {.name = "async", .type = ArgType::kPureToken, .token = "ASYNC"},
    {.name = "sync", .type = ArgType::kPureToken, .token = "SYNC"},
    // script|load
    {.name = "script", .type = ArgType::kString},
    // sdiff
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // sdiffstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // select
    {.name = "index", .type = ArgType::kInteger},
    // sentinel|ckquorum
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|config
    {.name = "set_or_get", .type = ArgType::kOneof, .args = {735, 2}},
    {.name = "set_param_value", .type = ArgType::kBlock, .token = "SET", .flags = kArgMultiple, .args = {737, 2}},
    {.name = "parameter", .type = ArgType::kString, .token = "GET", .flags = kArgMultiple},
    {.name = "parameter", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // sentinel|debug
    {.name = "parameter_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {740, 2}},
    {.name = "parameter", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // sentinel|failover
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|get-master-addr-by-name
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|info-cache
    {.name = "nodename", .type = ArgType::kString, .flags = kArgMultiple},
    // sentinel|is-master-down-by-addr
    {.name = "ip", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "current-epoch", .type = ArgType::kInteger},
    {.name = "runid", .type = ArgType::kString},
    // sentinel|master
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|monitor
    {.name = "name", .type = ArgType::kString},
    {.name = "ip", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "quorum", .type = ArgType::kInteger},
    // sentinel|remove
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|replicas
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|reset
    {.name = "pattern", .type = ArgType::kPattern},
    // sentinel|sentinels
    {.name = "master-name", .type = ArgType::kString},
    // sentinel|set
    {.name = "master-name", .type = ArgType::kString},
    {.name = "option_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {760, 2}},
    {.name = "option", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // sentinel|simulate-failure
    {.name = "mode", .type = ArgType::kOneof, .flags = kArgOptional | kArgMultiple, .args = {763, 3}},
    {.name = "crash-after-election", .type = ArgType::kPureToken},
    {.name = "crash-after-promotion", .type = ArgType::kPureToken},
    {.name = "help", .type = ArgType::kPureToken},
    // sentinel|slaves
    {.name = "master-name", .type = ArgType::kString},
    // set
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    {.name = "condition", .type = ArgType::kOneof, .since = "2.6.12", .flags = kArgOptional, .args = {772, 2}},
    {.name = "get", .type = ArgType::kPureToken, .token = "GET", .since = "6.2.0", .flags = kArgOptional},
    {.name = "expiration", .type = ArgType::kOneof, .flags = kArgOptional, .args = {774, 5}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "seconds", .type = ArgType::kInteger, .token = "EX", .since = "2.6.12"},
    {.name = "milliseconds", .type = ArgType::kInteger, .token = "PX", .since = "2.6.12"},
    {.name = "unix-time-seconds", .type = ArgType::kUnixTime, .token = "EXAT", .since = "6.2.0"},
    {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime, .token = "PXAT", .since = "6.2.0"},
    {.name = "keepttl", .type = ArgType::kPureToken, .token = "KEEPTTL", .since = "6.0.0"},
    // setbit
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "value", .type = ArgType::kInteger},
    // setex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "seconds", .type = ArgType::kInteger},
    {.name = "value", .type = ArgType::kString},
    // setnx
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "value", .type = ArgType::kString},
    // setrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "value", .type = ArgType::kString},
    // shutdown
    {.name = "nosave_save", .type = ArgType::kOneof, .flags = kArgOptional, .args = {794, 2}},
    {.name = "now", .type = ArgType::kPureToken, .token = "NOW", .since = "7.0.0", .flags = kArgOptional},
    {.name = "force", .type = ArgType::kPureToken, .token = "FORCE", .since = "7.0.0", .flags = kArgOptional},
    {.name = "abort", .type = ArgType::kPureToken, .token = "ABORT", .since = "7.0.0", .flags = kArgOptional},
    {.name = "nosave", .type = ArgType::kPureToken, .token = "NOSAVE"},
    {.name = "save", .type = ArgType::kPureToken, .token = "SAVE"},
    // sinter
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // sintercard
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "limit", .type = ArgType::kInteger, .token = "LIMIT", .flags = kArgOptional},
    // sinterstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // sismember
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    // slaveof
    {.name = "args", .type = ArgType::kOneof, .args = {805, 2}},
    {.name = "host-port", .type = ArgType::kBlock, .args = {807, 2}},
    {.name = "no-one", .type = ArgType::kBlock, .args = {809, 2}},
    {.name = "host", .type = ArgType::kString},
    {.name = "port", .type = ArgType::kInteger},
    {.name = "no", .type = ArgType::kPureToken, .token = "NO"},
    {.name = "one", .type = ArgType::kPureToken, .token = "ONE"},
    // slowlog|get
    {.name = "count", .type = ArgType::kInteger, .flags = kArgOptional},
    // smembers
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // smismember
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // smove
    {.name = "source", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "member", .type = ArgType::kString},
    // sort
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "pattern", .type = ArgType::kPattern, .key_spec_index = 1, .token = "BY", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {825, 2}},
    {.name = "pattern", .type = ArgType::kPattern, .key_spec_index = 1, .token = "GET", .flags = kArgOptional | kArgMultiple | kArgMultipleToken},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {827, 2}},
    {.name = "sorting", .type = ArgType::kPureToken, .token = "ALPHA", .flags = kArgOptional},
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 2, .token = "STORE", .flags = kArgOptional},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // sort_ro
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "pattern", .type = ArgType::kPattern, .key_spec_index = 1, .token = "BY", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {835, 2}},
    {.name = "pattern", .type = ArgType::kPattern, .key_spec_index = 1, .token = "GET", .flags = kArgOptional | kArgMultiple | kArgMultipleToken},
    {.name = "order", .type = ArgType::kOneof, .flags = kArgOptional, .args = {837, 2}},
    {.name = "sorting", .type = ArgType::kPureToken, .token = "ALPHA", .flags = kArgOptional},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "asc", .type = ArgType::kPureToken, .token = "ASC"},
    {.name = "desc", .type = ArgType::kPureToken, .token = "DESC"},
    // spop
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .since = "3.2.0", .flags = kArgOptional},
    // spublish
    {.name = "shardchannel", .type = ArgType::kString},
    {.name = "message", .type = ArgType::kString},
    // srandmember
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .since = "2.6.0", .flags = kArgOptional},
    // srem
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // sscan
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "cursor", .type = ArgType::kInteger},
    {.name = "pattern", .type = ArgType::kPattern, .token = "MATCH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // ssubscribe
    {.name = "shardchannel", .type = ArgType::kString, .flags = kArgMultiple},
    // strlen
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // subscribe
    {.name = "channel", .type = ArgType::kString, .flags = kArgMultiple},
    // substr
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "end", .type = ArgType::kInteger},
    // sunion
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // sunionstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // sunsubscribe
    {.name = "shardchannel", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // swapdb
    {.name = "index1", .type = ArgType::kInteger},
    {.name = "index2", .type = ArgType::kInteger},
    // touch
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // ttl
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // type
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // unlink
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // unsubscribe
    {.name = "channel", .type = ArgType::kString, .flags = kArgOptional | kArgMultiple},
    // wait
    {.name = "numreplicas", .type = ArgType::kInteger},
    {.name = "timeout", .type = ArgType::kInteger},
    // watch
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    // xack
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "group", .type = ArgType::kString},
    {.name = "id", .type = ArgType::kString, .flags = kArgMultiple},
    // xadd
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "nomkstream", .type = ArgType::kPureToken, .token = "NOMKSTREAM", .since = "6.2.0", .flags = kArgOptional},
    {.name = "trim", .type = ArgType::kBlock, .flags = kArgOptional, .args = {879, 4}},
    {.name = "id_or_auto", .type = ArgType::kOneof, .args = {887, 2}},
    {.name = "field_value", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {889, 2}},
    {.name = "strategy", .type = ArgType::kOneof, .args = {883, 2}},
    {.name = "operator", .type = ArgType::kOneof, .flags = kArgOptional, .args = {885, 2}},
    {.name = "threshold", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger, .token = "LIMIT", .since = "6.2.0", .flags = kArgOptional},
    {.name = "maxlen", .type = ArgType::kPureToken, .token = "MAXLEN"},
    {.name = "minid", .type = ArgType::kPureToken, .token = "MINID", .since = "6.2.0"},
    {.name = "equal", .type = ArgType::kPureToken, .token = "="},
    {.name = "approximately", .type = ArgType::kPureToken, .token = "~"},
    {.name = "auto_id", .type = ArgType::kPureToken, .token = "*"},
    {.name = "id", .type = ArgType::kString},
    {.name = "field", .type = ArgType::kString},
    {.name = "value", .type = ArgType::kString},
    // xautoclaim
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "group", .type = ArgType::kString},
    {.name = "consumer", .type = ArgType::kString},
    {.name = "min-idle-time", .type = ArgType::kString},
    {.name = "start", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "justid", .type = ArgType::kPureToken, .token = "JUSTID", .flags = kArgOptional},
    // xclaim
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "group", .type = ArgType::kString},
    {.name = "consumer", .type = ArgType::kString},
    {.name = "min-idle-time", .type = ArgType::kString},
    {.name = "id", .type = ArgType::kString, .flags = kArgMultiple},
    {.name = "ms", .type = ArgType::kInteger, .token = "IDLE", .flags = kArgOptional},
    {.name = "unix-time-milliseconds", .type = ArgType::kUnixTime, .token = "TIME", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kInteger, .token = "RETRYCOUNT", .flags = kArgOptional},
    {.name = "force", .type = ArgType::kPureToken, .token = "FORCE", .flags = kArgOptional},
    {.name = "justid", .type = ArgType::kPureToken, .token = "JUSTID", .flags = kArgOptional},
    {.name = "id", .type = ArgType::kString, .token = "LASTID", .flags = kArgOptional},
    // xdel
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "id", .type = ArgType::kString, .flags = kArgMultiple},
    // xgroup|create
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    {.name = "id", .type = ArgType::kOneof, .args = {916, 2}},
    {.name = "mkstream", .type = ArgType::kPureToken, .token = "MKSTREAM", .flags = kArgOptional},
    {.name = "entries_read", .type = ArgType::kInteger, .token = "ENTRIESREAD", .flags = kArgOptional},
    {.name = "id", .type = ArgType::kString},
    {.name = "new_id", .type = ArgType::kPureToken, .token = "$"},
    // xgroup|createconsumer
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    {.name = "consumername", .type = ArgType::kString},
    // xgroup|delconsumer
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    {.name = "consumername", .type = ArgType::kString},
    // xgroup|destroy
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    // xgroup|setid
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    {.name = "id", .type = ArgType::kOneof, .args = {930, 2}},
    {.name = "entries_read", .type = ArgType::kInteger, .token = "ENTRIESREAD", .flags = kArgOptional},
    {.name = "id", .type = ArgType::kString},
    {.name = "new_id", .type = ArgType::kPureToken, .token = "$"},
    // xinfo|consumers
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "groupname", .type = ArgType::kString},
    // xinfo|groups
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // xinfo|stream
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "full", .type = ArgType::kBlock, .token = "FULL", .flags = kArgOptional, .args = {937, 1}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // xlen
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // xpending
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "group", .type = ArgType::kString},
    {.name = "filters", .type = ArgType::kBlock, .flags = kArgOptional, .args = {942, 5}},
    {.name = "min-idle-time", .type = ArgType::kInteger, .token = "IDLE", .since = "6.2.0", .flags = kArgOptional},
    {.name = "start", .type = ArgType::kString},
    {.name = "end", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "consumer", .type = ArgType::kString, .flags = kArgOptional},
    // xrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kString},
    {.name = "end", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // xread
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "milliseconds", .type = ArgType::kInteger, .token = "BLOCK", .flags = kArgOptional},
    {.name = "streams", .type = ArgType::kBlock, .token = "STREAMS", .args = {954, 2}},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "id", .type = ArgType::kString, .flags = kArgMultiple},
    // xreadgroup
    {.name = "group_consumer", .type = ArgType::kBlock, .token = "GROUP", .args = {961, 2}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "milliseconds", .type = ArgType::kInteger, .token = "BLOCK", .flags = kArgOptional},
    {.name = "noack", .type = ArgType::kPureToken, .token = "NOACK", .flags = kArgOptional},
    {.name = "streams", .type = ArgType::kBlock, .token = "STREAMS", .args = {963, 2}},
    {.name = "group", .type = ArgType::kString},
    {.name = "consumer", .type = ArgType::kString},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "id", .type = ArgType::kString, .flags = kArgMultiple},
    // xrevrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "end", .type = ArgType::kString},
    {.name = "start", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // xsetid
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "last-id", .type = ArgType::kString},
    {.name = "entries_added", .type = ArgType::kInteger, .token = "ENTRIESADDED", .since = "7.0.0", .flags = kArgOptional},
    {.name = "max_deleted_entry_id", .type = ArgType::kString, .token = "MAXDELETEDID", .since = "7.0.0", .flags = kArgOptional},
    // xtrim
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "trim", .type = ArgType::kBlock, .args = {975, 4}},
    {.name = "strategy", .type = ArgType::kOneof, .args = {979, 2}},
    {.name = "operator", .type = ArgType::kOneof, .flags = kArgOptional, .args = {981, 2}},
    {.name = "threshold", .type = ArgType::kString},
    {.name = "count", .type = ArgType::kInteger, .token = "LIMIT", .since = "6.2.0", .flags = kArgOptional},
    {.name = "maxlen", .type = ArgType::kPureToken, .token = "MAXLEN"},
    {.name = "minid", .type = ArgType::kPureToken, .token = "MINID", .since = "6.2.0"},
    {.name = "equal", .type = ArgType::kPureToken, .token = "="},
    {.name = "approximately", .type = ArgType::kPureToken, .token = "~"},
    // zadd
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "condition", .type = ArgType::kOneof, .since = "3.0.2", .flags = kArgOptional, .args = {989, 2}},
    {.name = "comparison", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {991, 2}},
    {.name = "change", .type = ArgType::kPureToken, .token = "CH", .since = "3.0.2", .flags = kArgOptional},
    {.name = "increment", .type = ArgType::kPureToken, .token = "INCR", .since = "3.0.2", .flags = kArgOptional},
    {.name = "score_member", .type = ArgType::kBlock, .flags = kArgMultiple, .args = {993, 2}},
    {.name = "nx", .type = ArgType::kPureToken, .token = "NX"},
    {.name = "xx", .type = ArgType::kPureToken, .token = "XX"},
    {.name = "gt", .type = ArgType::kPureToken, .token = "GT"},
    {.name = "lt", .type = ArgType::kPureToken, .token = "LT"},
    {.name = "score", .type = ArgType::kDouble},
    {.name = "member", .type = ArgType::kString},
    // zcard
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    // zcount
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kDouble},
    {.name = "max", .type = ArgType::kDouble},
    // zdiff
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    // zdiffstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    // zincrby
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "increment", .type = ArgType::kInteger},
    {.name = "member", .type = ArgType::kString},
    // zinter
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "weight", .type = ArgType::kInteger, .token = "WEIGHTS", .flags = kArgOptional | kArgMultiple},
    {.name = "aggregate", .type = ArgType::kOneof, .token = "AGGREGATE", .flags = kArgOptional, .args = {1013, 3}},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    {.name = "sum", .type = ArgType::kPureToken, .token = "SUM"},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
    // zintercard
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "limit", .type = ArgType::kInteger, .token = "LIMIT", .flags = kArgOptional},
    // zinterstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    {.name = "weight", .type = ArgType::kInteger, .token = "WEIGHTS", .flags = kArgOptional | kArgMultiple},
    {.name = "aggregate", .type = ArgType::kOneof, .token = "AGGREGATE", .flags = kArgOptional, .args = {1024, 3}},
    {.name = "sum", .type = ArgType::kPureToken, .token = "SUM"},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
    // zlexcount
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kString},
    {.name = "max", .type = ArgType::kString},
    // zmpop
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "where", .type = ArgType::kOneof, .args = {1034, 2}},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
    // zmscore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // zpopmax
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .flags = kArgOptional},
    // zpopmin
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "count", .type = ArgType::kInteger, .flags = kArgOptional},
    // zrandmember
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "options", .type = ArgType::kBlock, .flags = kArgOptional, .args = {1044, 2}},
    {.name = "count", .type = ArgType::kInteger},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    // zrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kString},
    {.name = "stop", .type = ArgType::kString},
    {.name = "sortby", .type = ArgType::kOneof, .since = "6.2.0", .flags = kArgOptional, .args = {1053, 2}},
    {.name = "rev", .type = ArgType::kPureToken, .token = "REV", .since = "6.2.0", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .since = "6.2.0", .flags = kArgOptional, .args = {1055, 2}},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    {.name = "byscore", .type = ArgType::kPureToken, .token = "BYSCORE"},
    {.name = "bylex", .type = ArgType::kPureToken, .token = "BYLEX"},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrangebylex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kString},
    {.name = "max", .type = ArgType::kString},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {1061, 2}},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrangebyscore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kDouble},
    {.name = "max", .type = ArgType::kDouble},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .since = "2.0.0", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {1068, 2}},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrangestore
    {.name = "dst", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "src", .type = ArgType::kKey, .key_spec_index = 1},
    {.name = "min", .type = ArgType::kString},
    {.name = "max", .type = ArgType::kString},
    {.name = "sortby", .type = ArgType::kOneof, .flags = kArgOptional, .args = {1077, 2}},
    {.name = "rev", .type = ArgType::kPureToken, .token = "REV", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {1079, 2}},
    {.name = "byscore", .type = ArgType::kPureToken, .token = "BYSCORE"},
    {.name = "bylex", .type = ArgType::kPureToken, .token = "BYLEX"},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrank
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    // zrem
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString, .flags = kArgMultiple},
    // zremrangebylex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kString},
    {.name = "max", .type = ArgType::kString},
    // zremrangebyrank
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "stop", .type = ArgType::kInteger},
    // zremrangebyscore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "min", .type = ArgType::kDouble},
    {.name = "max", .type = ArgType::kDouble},
    // zrevrange
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "start", .type = ArgType::kInteger},
    {.name = "stop", .type = ArgType::kInteger},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    // zrevrangebylex
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "max", .type = ArgType::kString},
    {.name = "min", .type = ArgType::kString},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {1102, 2}},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrevrangebyscore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "max", .type = ArgType::kDouble},
    {.name = "min", .type = ArgType::kDouble},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    {.name = "offset_count", .type = ArgType::kBlock, .token = "LIMIT", .flags = kArgOptional, .args = {1109, 2}},
    {.name = "offset", .type = ArgType::kInteger},
    {.name = "count", .type = ArgType::kInteger},
    // zrevrank
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    // zscan
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "cursor", .type = ArgType::kInteger},
    {.name = "pattern", .type = ArgType::kPattern, .token = "MATCH", .flags = kArgOptional},
    {.name = "count", .type = ArgType::kInteger, .token = "COUNT", .flags = kArgOptional},
    // zscore
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "member", .type = ArgType::kString},
    // zunion
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 0, .flags = kArgMultiple},
    {.name = "weight", .type = ArgType::kInteger, .token = "WEIGHTS", .flags = kArgOptional | kArgMultiple},
    {.name = "aggregate", .type = ArgType::kOneof, .token = "AGGREGATE", .flags = kArgOptional, .args = {1124, 3}},
    {.name = "withscores", .type = ArgType::kPureToken, .token = "WITHSCORES", .flags = kArgOptional},
    {.name = "sum", .type = ArgType::kPureToken, .token = "SUM"},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
    // zunionstore
    {.name = "destination", .type = ArgType::kKey, .key_spec_index = 0},
    {.name = "numkeys", .type = ArgType::kInteger},
    {.name = "key", .type = ArgType::kKey, .key_spec_index = 1, .flags = kArgMultiple},
    {.name = "weight", .type = ArgType::kInteger, .token = "WEIGHTS", .flags = kArgOptional | kArgMultiple},
    {.name = "aggregate", .type = ArgType::kOneof, .token = "AGGREGATE", .flags = kArgOptional, .args = {1132, 3}},
    {.name = "sum", .type = ArgType::kPureToken, .token = "SUM"},
    {.name = "min", .type = ArgType::kPureToken, .token = "MIN"},
    {.name = "max", .type = ArgType::kPureToken, .token = "MAX"},
};

// Subcommands, grouped by container in the order of kCommands, sorted by name within a group.
constexpr CommandMeta kSubcommands[] = {
    {.name = "acl|cat", .arity = -2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "List the ACL categories or the commands inside a category", .since = "6.0.0", .group = "server", .complexity = "O(1) since the categories and commands are a fixed set.", .args = {0, 1}},
    {.name = "acl|deluser", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Remove the specified ACL users and the associated rules", .since = "6.0.0", .group = "server", .complexity = "O(1) amortized time considering the typical user.", .args = {1, 1}},
    {.name = "acl|dryrun", .arity = -4, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Returns whether the user can execute the given command without executing the command.", .since = "7.0.0", .group = "server", .complexity = "O(1).", .args = {2, 3}},
    {.name = "acl|genpass", .arity = -2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Generate a pseudorandom secure password to use for ACL users", .since = "6.0.0", .group = "server", .complexity = "O(1)", .args = {5, 1}},
    {.name = "acl|getuser", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get the rules for a specific ACL user", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of password, command and pattern rules that the user has.", .history = {0, 2}, .args = {6, 1}},
    {.name = "acl|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "6.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "acl|list", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the current ACL rules in ACL config file format", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|load", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reload the ACLs from the configured ACL file", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|log", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List latest events denied because of ACLs in place", .since = "6.0.0", .group = "server", .complexity = "O(N) with N being the number of entries shown.", .args = {7, 1}},
    {.name = "acl|save", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Save the current ACL rules in the configured ACL file", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|setuser", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Modify or create the rules for a specific ACL user", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of rules provided.", .history = {2, 2}, .args = {10, 2}},
    {.name = "acl|users", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the username of all the configured ACL rules", .since = "6.0.0", .group = "server", .complexity = "O(N). Where N is the number of configured users."},
    {.name = "acl|whoami", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Return the name of the user associated to the current connection", .since = "6.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "client|caching", .arity = 3, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Instruct the server about tracking or not keys in the next request", .since = "6.0.0", .group = "connection", .complexity = "O(1)", .args = {93, 1}},
    {.name = "client|getname", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get the current connection name", .since = "2.6.9", .group = "connection", .complexity = "O(1)"},
    {.name = "client|getredir", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get tracking notifications redirection client ID if any", .since = "6.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|id", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Returns the client ID for the current connection", .since = "5.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|info", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Returns information about the current client connection.", .since = "6.2.0", .group = "connection", .complexity = "O(1)", .tips = {0, 1}},
    {.name = "client|kill", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Kill the connection of a client", .since = "2.4.0", .group = "connection", .complexity = "O(N) where N is the number of client connections", .history = {13, 5}, .args = {96, 1}},
    {.name = "client|list", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Get the list of client connections", .since = "2.4.0", .group = "connection", .complexity = "O(N) where N is the number of client connections", .tips = {1, 1}, .history = {18, 6}, .args = {110, 2}},
    {.name = "client|no-evict", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Set client eviction mode for the current connection", .since = "7.0.0", .group = "connection", .complexity = "O(1)", .args = {117, 1}},
    {.name = "client|pause", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Stop processing commands from clients for some time", .since = "2.9.50", .group = "connection", .complexity = "O(1)", .history = {24, 1}, .args = {120, 2}},
    {.name = "client|reply", .arity = 3, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Instruct the server whether to reply to commands", .since = "3.2.0", .group = "connection", .complexity = "O(1)", .args = {124, 1}},
    {.name = "client|setname", .arity = 3, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Set the current connection name", .since = "2.6.9", .group = "connection", .complexity = "O(1)", .args = {128, 1}},
    {.name = "client|tracking", .arity = -3, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Enable or disable server assisted client side caching support", .since = "6.0.0", .group = "connection", .complexity = "O(1). Some options may introduce additional complexity.", .args = {129, 7}},
    {.name = "client|trackinginfo", .arity = 2, .flags = kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Return information about server assisted client side caching for the current connection", .since = "6.2.0", .group = "connection", .complexity = "O(1)"},
    {.name = "client|unblock", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Unblock a client blocked in a blocking command from a different connection", .since = "5.0.0", .group = "connection", .complexity = "O(log N) where N is the number of client connections", .args = {138, 2}},
    {.name = "client|unpause", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, .summary = "Resume processing of clients that were paused", .since = "6.2.0", .group = "connection", .complexity = "O(N) Where N is the number of paused clients"},
    {.name = "cluster|addslots", .arity = -3, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Assign new hash slots to receiving node", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of hash slot arguments", .args = {142, 1}},
    {.name = "cluster|addslotsrange", .arity = -4, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Assign new hash slots to receiving node", .since = "7.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of the slots between the start slot and end slot arguments.", .args = {143, 1}},
    {.name = "cluster|bumpepoch", .arity = 2, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Advance the cluster config epoch", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .tips = {2, 1}},
    {.name = "cluster|count-failure-reports", .arity = 3, .flags = kCmdAdmin | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return the number of failure reports active for a given node", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the number of failure reports", .tips = {3, 1}, .args = {146, 1}},
    {.name = "cluster|countkeysinslot", .arity = 3, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Return the number of local keys in the specified hash slot", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {147, 1}},
    {.name = "cluster|delslots", .arity = -3, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Set hash slots as unbound in receiving node", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of hash slot arguments", .args = {148, 1}},
    {.name = "cluster|delslotsrange", .arity = -4, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Set hash slots as unbound in receiving node", .since = "7.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of the slots between the start slot and end slot arguments.", .args = {149, 1}},
    {.name = "cluster|failover", .arity = -2, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Forces a replica to perform a manual failover of its master.", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {152, 1}},
    {.name = "cluster|flushslots", .arity = 2, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Delete a node's own slots information", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "cluster|forget", .arity = 3, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Remove a node from the nodes table", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {155, 1}},
    {.name = "cluster|getkeysinslot", .arity = 4, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Return local key names in the specified hash slot", .since = "3.0.0", .group = "cluster", .complexity = "O(log(N)) where N is the number of requested keys", .tips = {4, 1}, .args = {156, 2}},
    {.name = "cluster|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "cluster|info", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Provides info about Redis Cluster node state", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .tips = {5, 1}},
    {.name = "cluster|keyslot", .arity = 3, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Returns the hash slot of the specified key", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the number of bytes in the key", .args = {158, 1}},
    {.name = "cluster|links", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Returns a list of all TCP links to and from peer nodes in cluster", .since = "7.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of Cluster nodes", .tips = {6, 1}},
    {.name = "cluster|meet", .arity = -4, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Force a node cluster to handshake with another node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .history = {25, 1}, .args = {159, 3}},
    {.name = "cluster|myid", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Return the node id", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "cluster|nodes", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Get Cluster config for the node", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of Cluster nodes", .tips = {7, 1}},
    {.name = "cluster|replicas", .arity = 3, .flags = kCmdAdmin | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List replica nodes of the specified master node", .since = "5.0.0", .group = "cluster", .complexity = "O(1)", .tips = {8, 1}, .args = {162, 1}},
    {.name = "cluster|replicate", .arity = 3, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reconfigure a node as a replica of the specified master node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {163, 1}},
    {.name = "cluster|reset", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reset a Redis Cluster node", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.", .args = {164, 1}},
    {.name = "cluster|saveconfig", .arity = 2, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Forces the node to save cluster state on disk", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "cluster|set-config-epoch", .arity = 3, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Set the configuration epoch in a new node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {167, 1}},
    {.name = "cluster|setslot", .arity = -4, .flags = kCmdAdmin | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Bind a hash slot to a specific node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .args = {168, 2}},
    {.name = "cluster|shards", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Get array of cluster slots to node mappings", .since = "7.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of cluster nodes", .tips = {9, 1}},
    {.name = "cluster|slaves", .arity = 3, .flags = kCmdAdmin | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List replica nodes of the specified master node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)", .doc_flags = "deprecated", .deprecated_since = "5.0.0", .replaced_by = "`CLUSTER REPLICAS`", .tips = {10, 1}, .args = {174, 1}},
    {.name = "cluster|slots", .arity = 2, .flags = kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Get array of Cluster slot to node mappings", .since = "3.0.0", .group = "cluster", .complexity = "O(N) where N is the total number of Cluster nodes", .doc_flags = "deprecated", .deprecated_since = "7.0.0", .replaced_by = "`CLUSTER SHARDS`", .tips = {11, 1}, .history = {26, 2}},
    {.name = "command|count", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get total number of Redis commands", .since = "2.8.13", .group = "server", .complexity = "O(1)"},
    {.name = "command|docs", .arity = -2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get array of specific Redis command documentation", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of commands to look up", .tips = {12, 1}, .args = {175, 1}},
    {.name = "command|getkeys", .arity = -4, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Extract keys given a full Redis command", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the number of arguments to the command"},
    {.name = "command|getkeysandflags", .arity = -4, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Extract keys and access flags given a full Redis command", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of arguments to the command"},
    {.name = "command|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "command|info", .arity = -2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get array of specific Redis command details, or all when no argument is given.", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the number of commands to look up", .tips = {13, 1}, .history = {28, 1}, .args = {176, 1}},
    {.name = "command|list", .arity = -2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get an array of Redis command names", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the total number of Redis commands", .tips = {14, 1}, .args = {177, 1}},
    {.name = "config|get", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get the values of configuration parameters", .since = "2.0.0", .group = "server", .complexity = "O(N) when N is the number of configuration parameters provided", .history = {29, 1}, .args = {181, 1}},
    {.name = "config|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|resetstat", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reset the stats returned by INFO", .since = "2.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|rewrite", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Rewrite the configuration file with the in memory configuration", .since = "2.8.0", .group = "server", .complexity = "O(1)"},
    {.name = "config|set", .arity = -4, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Set configuration parameters to the given values", .since = "2.0.0", .group = "server", .complexity = "O(N) when N is the number of configuration parameters provided", .tips = {16, 2}, .history = {30, 1}, .args = {183, 1}},
    {.name = "function|delete", .arity = 3, .flags = kCmdWrite | kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSlow | kAclScripting, .summary = "Delete a function by name", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .tips = {29, 2}, .args = {248, 1}},
    {.name = "function|dump", .arity = 2, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Dump all functions into a serialized binary payload", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions"},
    {.name = "function|flush", .arity = -2, .flags = kCmdWrite | kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSlow | kAclScripting, .summary = "Deleting all functions", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions deleted", .tips = {31, 2}, .args = {249, 1}},
    {.name = "function|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Show helpful text about the different subcommands", .since = "7.0.0", .group = "scripting", .complexity = "O(1)"},
    {.name = "function|kill", .arity = 2, .flags = kCmdNoscript | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Kill the function currently in execution.", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .tips = {33, 2}},
    {.name = "function|list", .arity = -2, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "List information about all the functions", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions", .tips = {35, 1}, .args = {252, 2}},
    {.name = "function|load", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSlow | kAclScripting, .summary = "Create a function with the given arguments (name, code, description)", .since = "7.0.0", .group = "scripting", .complexity = "O(1) (considering compilation time is redundant)", .tips = {36, 2}, .args = {254, 2}},
    {.name = "function|restore", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSlow | kAclScripting, .summary = "Restore all the functions on the given payload", .since = "7.0.0", .group = "scripting", .complexity = "O(N) where N is the number of functions on the payload", .tips = {38, 2}, .args = {256, 2}},
    {.name = "function|stats", .arity = 2, .flags = kCmdNoscript | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Return information about the function currently running (name, description, duration)", .since = "7.0.0", .group = "scripting", .complexity = "O(1)", .tips = {40, 3}},
    {.name = "latency|doctor", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return a human readable latency analysis report.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = {55, 3}},
    {.name = "latency|graph", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return a latency graph for the event.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = {58, 3}, .args = {545, 1}},
    {.name = "latency|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands.", .since = "2.8.13", .group = "server", .complexity = "O(1)"},
    {.name = "latency|histogram", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return the cumulative distribution of latencies of a subset of commands or all.", .since = "7.0.0", .group = "server", .complexity = "O(N) where N is the number of commands with latency information being retrieved.", .tips = {61, 3}, .args = {546, 1}},
    {.name = "latency|history", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return timestamp-latency samples for the event.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = {64, 3}, .args = {547, 1}},
    {.name = "latency|latest", .arity = 2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Return the latest latency samples for all events.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = {67, 3}},
    {.name = "latency|reset", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reset latency data for one or more events.", .since = "2.8.13", .group = "server", .complexity = "O(1)", .tips = {70, 2}, .args = {548, 1}},
    {.name = "memory|doctor", .arity = 2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Outputs memory problems report", .since = "4.0.0", .group = "server", .complexity = "O(1)", .tips = {72, 3}},
    {.name = "memory|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "4.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "memory|malloc-stats", .arity = 2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show allocator internal stats", .since = "4.0.0", .group = "server", .complexity = "Depends on how much memory is allocated, could be slow", .tips = {75, 3}},
    {.name = "memory|purge", .arity = 2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Ask the allocator to release memory", .since = "4.0.0", .group = "server", .complexity = "Depends on how much memory is allocated, could be slow", .tips = {78, 2}},
    {.name = "memory|stats", .arity = 2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show memory usage details", .since = "4.0.0", .group = "server", .complexity = "O(1)", .tips = {80, 3}},
    {.name = "memory|usage", .arity = -3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclRead | kAclSlow, .summary = "Estimate the memory usage of a key", .since = "4.0.0", .group = "server", .complexity = "O(N) where N is the number of samples.", .key_specs = {97, 1}, .args = {602, 2}},
    {.name = "module|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "module|list", .arity = 2, .flags = kCmdAdmin | kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List all modules loaded by the server", .since = "4.0.0", .group = "server", .complexity = "O(N) where N is the number of loaded modules.", .tips = {85, 1}},
    {.name = "module|load", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Load a module", .since = "4.0.0", .group = "server", .complexity = "O(1)", .args = {620, 2}},
    {.name = "module|loadex", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Load a module with extended parameters", .since = "7.0.0", .group = "server", .complexity = "O(1)", .args = {622, 3}},
    {.name = "module|unload", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Unload a module", .since = "4.0.0", .group = "server", .complexity = "O(1)", .args = {628, 1}},
    {.name = "object|encoding", .arity = 3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Inspect the internal encoding of a Redis object", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .key_specs = {104, 1}, .tips = {90, 1}, .args = {637, 1}},
    {.name = "object|freq", .arity = 3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Get the logarithmic access frequency counter of a Redis object", .since = "4.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {105, 1}, .tips = {91, 1}, .args = {638, 1}},
    {.name = "object|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "generic", .complexity = "O(1)"},
    {.name = "object|idletime", .arity = 3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Get the time since a Redis object was last accessed", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .key_specs = {106, 1}, .tips = {92, 1}, .args = {639, 1}},
    {.name = "object|refcount", .arity = 3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Get the number of references to the value of the key", .since = "2.2.3", .group = "generic", .complexity = "O(1)", .key_specs = {107, 1}, .tips = {93, 1}, .args = {640, 1}},
    {.name = "pubsub|channels", .arity = -2, .flags = kCmdPubsub | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "List active channels", .since = "2.8.0", .group = "pubsub", .complexity = "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)", .args = {675, 1}},
    {.name = "pubsub|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "pubsub", .complexity = "O(1)"},
    {.name = "pubsub|numpat", .arity = 2, .flags = kCmdPubsub | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Get the count of unique patterns pattern subscriptions", .since = "2.8.0", .group = "pubsub", .complexity = "O(1)"},
    {.name = "pubsub|numsub", .arity = -2, .flags = kCmdPubsub | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Get the count of subscribers for channels", .since = "2.8.0", .group = "pubsub", .complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels", .args = {676, 1}},
    {.name = "pubsub|shardchannels", .arity = -2, .flags = kCmdPubsub | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "List active shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).", .args = {677, 1}},
    {.name = "pubsub|shardnumsub", .arity = -2, .flags = kCmdPubsub | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Get the count of subscribers for shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels", .args = {678, 1}},
    {.name = "script|debug", .arity = 3, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Set the debug mode for executed scripts.", .since = "3.2.0", .group = "scripting", .complexity = "O(1)", .args = {720, 1}},
    {.name = "script|exists", .arity = -3, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Check existence of scripts in the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).", .tips = {101, 2}, .args = {724, 1}},
    {.name = "script|flush", .arity = -2, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Remove all the scripts from the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the number of scripts in cache", .tips = {103, 2}, .history = {71, 1}, .args = {725, 1}},
    {.name = "script|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "scripting", .complexity = "O(1)"},
    {.name = "script|kill", .arity = 2, .flags = kCmdNoscript | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Kill the script currently in execution.", .since = "2.6.0", .group = "scripting", .complexity = "O(1)", .tips = {105, 2}},
    {.name = "script|load", .arity = 3, .flags = kCmdNoscript | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Load the specified Lua script into the script cache.", .since = "2.6.0", .group = "scripting", .complexity = "O(N) with N being the length in bytes of the script body.", .tips = {107, 2}, .args = {728, 1}},
    {.name = "sentinel|ckquorum", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Check for a Sentinel quorum", .since = "2.8.4", .group = "sentinel", .args = {733, 1}},
    {.name = "sentinel|config", .arity = -3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Configure Sentinel", .since = "6.2.0", .group = "sentinel", .complexity = "O(1)", .args = {734, 1}},
    {.name = "sentinel|debug", .arity = -2, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List or update the current configurable parameters", .since = "7.0.0", .group = "sentinel", .complexity = "O(N) where N is the number of configurable parameters", .args = {739, 1}},
    {.name = "sentinel|failover", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Force a failover", .since = "2.8.4", .group = "sentinel", .args = {742, 1}},
    {.name = "sentinel|flushconfig", .arity = 2, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Rewrite configuration file", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)"},
    {.name = "sentinel|get-master-addr-by-name", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get port and address of a master", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {743, 1}},
    {.name = "sentinel|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "sentinel", .complexity = "O(1)"},
    {.name = "sentinel|info-cache", .arity = -3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get cached INFO from the instances in the deployment", .since = "3.2.0", .group = "sentinel", .complexity = "O(N) where N is the number of instances", .args = {744, 1}},
    {.name = "sentinel|is-master-down-by-addr", .arity = 6, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Check if a master is down", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {745, 4}},
    {.name = "sentinel|master", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Shows the state of a master", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {749, 1}},
    {.name = "sentinel|masters", .arity = 2, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the monitored masters", .since = "2.8.4", .group = "sentinel", .complexity = "O(N) where N is the number of masters"},
    {.name = "sentinel|monitor", .arity = 6, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Start monitoring", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {750, 4}},
    {.name = "sentinel|myid", .arity = 2, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get the Sentinel instance ID", .since = "6.2.0", .group = "sentinel", .complexity = "O(1)"},
    {.name = "sentinel|pending-scripts", .arity = 2, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get information about pending scripts", .since = "2.8.4", .group = "sentinel"},
    {.name = "sentinel|remove", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Stop monitoring", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {754, 1}},
    {.name = "sentinel|replicas", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the monitored replicas", .since = "5.0.0", .group = "sentinel", .complexity = "O(N) where N is the number of replicas", .args = {755, 1}},
    {.name = "sentinel|reset", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Reset masters by name pattern", .since = "2.8.4", .group = "sentinel", .complexity = "O(N) where N is the number of monitored masters", .args = {756, 1}},
    {.name = "sentinel|sentinels", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the Sentinel instances", .since = "2.8.4", .group = "sentinel", .complexity = "O(N) where N is the number of Sentinels", .args = {757, 1}},
    {.name = "sentinel|set", .arity = -5, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Change the configuration of a monitored master", .since = "2.8.4", .group = "sentinel", .complexity = "O(1)", .args = {758, 2}},
    {.name = "sentinel|simulate-failure", .arity = -3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Simulate failover scenarios", .since = "3.2.0", .group = "sentinel", .args = {762, 1}},
    {.name = "sentinel|slaves", .arity = 3, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "List the monitored slaves", .since = "2.8.0", .group = "sentinel", .complexity = "O(N) where N is the number of slaves", .doc_flags = "deprecated", .deprecated_since = "5.0.0", .replaced_by = "`SENTINEL REPLICAS`", .args = {766, 1}},
    {.name = "slowlog|get", .arity = -2, .flags = kCmdAdmin | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get the slow log's entries", .since = "2.2.12", .group = "server", .complexity = "O(N) where N is the number of entries returned", .tips = {111, 2}, .history = {77, 1}, .args = {811, 1}},
    {.name = "slowlog|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "6.2.0", .group = "server", .complexity = "O(1)"},
    {.name = "slowlog|len", .arity = 2, .flags = kCmdAdmin | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Get the slow log's length", .since = "2.2.12", .group = "server", .complexity = "O(1)", .tips = {113, 3}},
    {.name = "slowlog|reset", .arity = 2, .flags = kCmdAdmin | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Clear all entries from the slow log", .since = "2.2.12", .group = "server", .complexity = "O(N) where N is the number of entries in the slowlog", .tips = {116, 2}},
    {.name = "xgroup|create", .arity = -5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Create a consumer group.", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {176, 1}, .history = {85, 1}, .args = {911, 5}},
    {.name = "xgroup|createconsumer", .arity = 5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Create a consumer in a consumer group.", .since = "6.2.0", .group = "stream", .complexity = "O(1)", .key_specs = {177, 1}, .args = {918, 3}},
    {.name = "xgroup|delconsumer", .arity = 5, .flags = kCmdWrite, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Delete a consumer from a consumer group.", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {178, 1}, .args = {921, 3}},
    {.name = "xgroup|destroy", .arity = 4, .flags = kCmdWrite, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Destroy a consumer group.", .since = "5.0.0", .group = "stream", .complexity = "O(N) where N is the number of entries in the group's pending entries list (PEL).", .key_specs = {179, 1}, .args = {924, 2}},
    {.name = "xgroup|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclStream | kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "stream", .complexity = "O(1)"},
    {.name = "xgroup|setid", .arity = -5, .flags = kCmdWrite, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Set a consumer group to an arbitrary last delivered ID value.", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {180, 1}, .history = {86, 1}, .args = {926, 4}},
    {.name = "xinfo|consumers", .arity = 4, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "List the consumers in a consumer group", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {181, 1}, .tips = {134, 1}, .args = {932, 2}},
    {.name = "xinfo|groups", .arity = 3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "List the consumer groups of a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {182, 1}, .history = {87, 1}, .args = {934, 1}},
    {.name = "xinfo|help", .arity = 2, .flags = kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclStream | kAclSlow, .summary = "Show helpful text about the different subcommands", .since = "5.0.0", .group = "stream", .complexity = "O(1)"},
    {.name = "xinfo|stream", .arity = -3, .flags = kCmdReadonly, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "Get information about a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {183, 1}, .history = {88, 2}, .args = {935, 2}},
};

// Top-level commands sorted by name (FindCommandMeta searches them by bisection).
constexpr CommandMeta kCommands[] = {
    {.name = "acl", .arity = -2, .flags = kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for Access List Control commands ", .since = "6.0.0", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {0, 13}},
    {.name = "append", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Append a value to a key", .since = "2.0.0", .group = "string", .complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.", .key_specs = {0, 1}, .args = {12, 2}},
    {.name = "asking", .arity = 1, .flags = kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Sent by cluster clients after an -ASK redirect", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "auth", .arity = -2, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Authenticate to the server", .since = "1.0.0", .group = "connection", .complexity = "O(N) where N is the number of passwords defined for the user", .history = {4, 1}, .args = {14, 2}},
    {.name = "bgrewriteaof", .arity = 1, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Asynchronously rewrite the append-only file", .since = "1.0.0", .group = "server", .complexity = "O(1)"},
    {.name = "bgsave", .arity = -1, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Asynchronously save the dataset to disk", .since = "1.0.0", .group = "server", .complexity = "O(1)", .history = {5, 1}, .args = {16, 1}},
    {.name = "bitcount", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclBitmap | kAclSlow, .summary = "Count set bits in a string", .since = "2.6.0", .group = "bitmap", .complexity = "O(N)", .key_specs = {1, 1}, .history = {6, 1}, .args = {17, 2}},
    {.name = "bitfield", .arity = -2, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclBitmap | kAclSlow, .summary = "Perform arbitrary bitfield integer operations on strings", .since = "3.2.0", .group = "bitmap", .complexity = "O(1) for each subcommand specified", .key_specs = {2, 1}, .args = {24, 2}},
    {.name = "bitfield_ro", .arity = -2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclBitmap | kAclFast, .summary = "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", .since = "6.0.0", .group = "bitmap", .complexity = "O(1) for each subcommand specified", .key_specs = {3, 1}, .args = {43, 2}},
    {.name = "bitop", .arity = -4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 2, .last_key = -1, .key_step = 1, .acl = kAclWrite | kAclBitmap | kAclSlow, .summary = "Perform bitwise operations between strings", .since = "2.6.0", .group = "bitmap", .complexity = "O(N)", .key_specs = {4, 2}, .args = {47, 3}},
    {.name = "bitpos", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclBitmap | kAclSlow, .summary = "Find first bit set or clear in a string", .since = "2.8.7", .group = "bitmap", .complexity = "O(N)", .key_specs = {6, 1}, .history = {7, 1}, .args = {50, 3}},
    {.name = "blmove", .arity = 6, .flags = kCmdWrite | kCmdDenyOom | kCmdNoscript | kCmdBlocking, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow | kAclBlocking, .summary = "Pop an element from a list, push it to another list and return it; or block until one is available", .since = "6.2.0", .group = "list", .complexity = "O(1)", .key_specs = {7, 2}, .args = {59, 5}},
    {.name = "blmpop", .arity = -5, .flags = kCmdWrite | kCmdBlocking | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclList | kAclSlow | kAclBlocking, .summary = "Pop elements from a list, or block until one is available", .since = "7.0.0", .group = "list", .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.", .key_specs = {9, 1}, .args = {68, 5}},
    {.name = "blpop", .arity = -3, .flags = kCmdWrite | kCmdNoscript | kCmdBlocking, .first_key = 1, .last_key = -2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow | kAclBlocking, .summary = "Remove and get the first element in a list, or block until one is available", .since = "2.0.0", .group = "list", .complexity = "O(N) where N is the number of provided keys.", .key_specs = {10, 1}, .history = {8, 1}, .args = {75, 2}},
    {.name = "brpop", .arity = -3, .flags = kCmdWrite | kCmdNoscript | kCmdBlocking, .first_key = 1, .last_key = -2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow | kAclBlocking, .summary = "Remove and get the last element in a list, or block until one is available", .since = "2.0.0", .group = "list", .complexity = "O(N) where N is the number of provided keys.", .key_specs = {11, 1}, .history = {9, 1}, .args = {77, 2}},
    {.name = "brpoplpush", .arity = 4, .flags = kCmdWrite | kCmdDenyOom | kCmdNoscript | kCmdBlocking, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow | kAclBlocking, .summary = "Pop an element from a list, push it to another list and return it; or block until one is available", .since = "2.2.0", .group = "list", .complexity = "O(1)", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`BLMOVE` with the `RIGHT` and `LEFT` arguments", .key_specs = {12, 2}, .history = {10, 1}, .args = {79, 3}},
    {.name = "bzmpop", .arity = -5, .flags = kCmdWrite | kCmdBlocking | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSortedSet | kAclSlow | kAclBlocking, .summary = "Remove and return members with scores in a sorted set or block until one is available", .since = "7.0.0", .group = "sorted-set", .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", .key_specs = {14, 1}, .args = {82, 5}},
    {.name = "bzpopmax", .arity = -3, .flags = kCmdWrite | kCmdNoscript | kCmdBlocking | kCmdFast, .first_key = 1, .last_key = -2, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast | kAclBlocking, .summary = "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .key_specs = {15, 1}, .history = {11, 1}, .args = {89, 2}},
    {.name = "bzpopmin", .arity = -3, .flags = kCmdWrite | kCmdNoscript | kCmdBlocking | kCmdFast, .first_key = 1, .last_key = -2, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast | kAclBlocking, .summary = "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .key_specs = {16, 1}, .history = {12, 1}, .args = {91, 2}},
    {.name = "client", .arity = -2, .flags = kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for client connection commands", .since = "2.4.0", .group = "connection", .complexity = "Depends on subcommand.", .subcommands = {13, 16}},
    {.name = "cluster", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for cluster commands", .since = "3.0.0", .group = "cluster", .complexity = "Depends on subcommand.", .subcommands = {29, 27}},
    {.name = "command", .arity = -1, .flags = kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Get array of Redis command details", .since = "2.8.13", .group = "server", .complexity = "O(N) where N is the total number of Redis commands", .tips = {15, 1}, .subcommands = {56, 7}},
    {.name = "config", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for server configuration commands", .since = "2.0.0", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {63, 5}},
    {.name = "copy", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow, .summary = "Copy a key", .since = "6.2.0", .group = "generic", .complexity = "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.", .key_specs = {17, 2}, .args = {186, 4}},
    {.name = "dbsize", .arity = 1, .flags = kCmdReadonly | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Return the number of keys in the selected database", .since = "1.0.0", .group = "server", .complexity = "O(1)", .tips = {18, 2}},
    {.name = "debug", .arity = -2, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale | kCmdProtected, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "A container for debugging commands", .since = "1.0.0", .group = "server", .complexity = "Depends on subcommand.", .doc_flags = "syscmd"},
    {.name = "decr", .arity = 2, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Decrement the integer value of a key by one", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {19, 1}, .args = {190, 1}},
    {.name = "decrby", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Decrement the integer value of a key by the given number", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {20, 1}, .args = {191, 2}},
    {.name = "del", .arity = -2, .flags = kCmdWrite, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow, .summary = "Delete a key", .since = "1.0.0", .group = "generic", .complexity = "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).", .key_specs = {21, 1}, .tips = {20, 2}, .args = {193, 1}},
    {.name = "discard", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclTransaction, .summary = "Discard all commands issued after MULTI", .since = "2.0.0", .group = "transactions", .complexity = "O(N), when N is the number of queued commands"},
    {.name = "dump", .arity = 2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Return a serialized version of the value stored at the specified key.", .since = "2.6.0", .group = "generic", .complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).", .key_specs = {22, 1}, .tips = {22, 1}, .args = {194, 1}},
    {.name = "echo", .arity = 2, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Echo the given string", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .args = {195, 1}},
    {.name = "eval", .arity = -3, .flags = kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Execute a Lua script server side", .since = "2.6.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .key_specs = {23, 1}, .args = {196, 4}},
    {.name = "eval_ro", .arity = -3, .flags = kCmdReadonly | kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Execute a read-only Lua script server side", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .key_specs = {24, 1}, .args = {200, 4}},
    {.name = "evalsha", .arity = -3, .flags = kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Execute a Lua script server side", .since = "2.6.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .key_specs = {25, 1}, .args = {204, 4}},
    {.name = "evalsha_ro", .arity = -3, .flags = kCmdReadonly | kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Execute a read-only Lua script server side", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the script that is executed.", .key_specs = {26, 1}, .args = {208, 4}},
    {.name = "exec", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdSkipSlowlog, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclTransaction, .summary = "Execute all commands issued after MULTI", .since = "1.2.0", .group = "transactions", .complexity = "Depends on commands in the transaction"},
    {.name = "exists", .arity = -2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Determine if a key exists", .since = "1.0.0", .group = "generic", .complexity = "O(N) where N is the number of keys to check.", .key_specs = {27, 1}, .tips = {23, 2}, .history = {31, 1}, .args = {212, 1}},
    {.name = "expire", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Set a key's time to live in seconds", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {28, 1}, .history = {32, 1}, .args = {213, 3}},
    {.name = "expireat", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Set the expiration for a key as a UNIX timestamp", .since = "1.2.0", .group = "generic", .complexity = "O(1)", .key_specs = {29, 1}, .history = {33, 1}, .args = {220, 3}},
    {.name = "expiretime", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Get the expiration Unix timestamp for a key", .since = "7.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {30, 1}, .args = {227, 1}},
    {.name = "failover", .arity = -1, .flags = kCmdAdmin | kCmdNoscript | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Start a coordinated failover between this server and one of its replicas.", .since = "6.2.0", .group = "server", .complexity = "O(1)", .args = {228, 3}},
    {.name = "fcall", .arity = -3, .flags = kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Invoke a function", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the function that is executed.", .key_specs = {31, 1}, .args = {234, 4}},
    {.name = "fcall_ro", .arity = -3, .flags = kCmdReadonly | kCmdNoscript | kCmdStale | kCmdSkipMonitor | kCmdNoMandatoryKeys | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclScripting, .summary = "Invoke a read-only function", .since = "7.0.0", .group = "scripting", .complexity = "Depends on the function that is executed.", .key_specs = {32, 1}, .args = {238, 4}},
    {.name = "flushall", .arity = -1, .flags = kCmdWrite, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, .summary = "Remove all keys from all databases", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the total number of keys in all databases", .tips = {25, 2}, .history = {34, 2}, .args = {242, 1}},
    {.name = "flushdb", .arity = -1, .flags = kCmdWrite, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, .summary = "Remove all keys from the current database", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the number of keys in the selected database", .tips = {27, 2}, .history = {36, 2}, .args = {245, 1}},
    {.name = "function", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for function commands", .since = "7.0.0", .group = "scripting", .complexity = "Depends on subcommand.", .subcommands = {68, 9}},
    {.name = "geoadd", .arity = -5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclGeo | kAclSlow, .summary = "Add one or more geospatial items in the geospatial index represented using a sorted set", .since = "3.2.0", .group = "geo", .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.", .key_specs = {33, 1}, .history = {38, 1}, .args = {261, 4}},
    {.name = "geodist", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "Returns the distance between two members of a geospatial index", .since = "3.2.0", .group = "geo", .complexity = "O(log(N))", .key_specs = {34, 1}, .args = {270, 4}},
    {.name = "geohash", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "Returns members of a geospatial index as standard geohash strings", .since = "3.2.0", .group = "geo", .complexity = "O(log(N)) for each member requested, where N is the number of elements in the sorted set.", .key_specs = {35, 1}, .args = {278, 2}},
    {.name = "geopos", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "Returns longitude and latitude of members of a geospatial index", .since = "3.2.0", .group = "geo", .complexity = "O(N) where N is the number of members requested.", .key_specs = {36, 1}, .args = {280, 2}},
    {.name = "georadius", .arity = -6, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclGeo | kAclSlow, .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", .since = "3.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument", .key_specs = {37, 3}, .history = {39, 2}, .args = {282, 12}},
    {.name = "georadius_ro", .arity = -6, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "A read-only variant for GEORADIUS", .since = "3.2.10", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` with the `BYRADIUS` argument", .key_specs = {40, 1}, .history = {41, 1}, .args = {302, 10}},
    {.name = "georadiusbymember", .arity = -5, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclGeo | kAclSlow, .summary = "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", .since = "3.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments", .key_specs = {41, 3}, .history = {42, 1}, .args = {320, 11}},
    {.name = "georadiusbymember_ro", .arity = -5, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "A read-only variant for GEORADIUSBYMEMBER", .since = "3.2.10", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments", .key_specs = {44, 1}, .args = {339, 9}},
    {.name = "geosearch", .arity = -7, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclGeo | kAclSlow, .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", .since = "6.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape", .key_specs = {45, 1}, .history = {43, 1}, .args = {356, 8}},
    {.name = "geosearchstore", .arity = -8, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclGeo | kAclSlow, .summary = "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", .since = "6.2.0", .group = "geo", .complexity = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape", .key_specs = {46, 2}, .history = {44, 1}, .args = {387, 7}},
    {.name = "get", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclString | kAclFast, .summary = "Get the value of a key", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {48, 1}, .args = {417, 1}},
    {.name = "getbit", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclBitmap | kAclFast, .summary = "Returns the bit value at offset in the string value stored at key", .since = "2.2.0", .group = "bitmap", .complexity = "O(1)", .key_specs = {49, 1}, .args = {418, 2}},
    {.name = "getdel", .arity = 2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Get the value of a key and delete the key", .since = "6.2.0", .group = "string", .complexity = "O(1)", .key_specs = {50, 1}, .args = {420, 1}},
    {.name = "getex", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Get the value of a key and optionally set its expiration", .since = "6.2.0", .group = "string", .complexity = "O(1)", .key_specs = {51, 1}, .args = {421, 2}},
    {.name = "getrange", .arity = 4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclString | kAclSlow, .summary = "Get a substring of the string stored at a key", .since = "2.4.0", .group = "string", .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", .key_specs = {52, 1}, .args = {428, 3}},
    {.name = "getset", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Set the string value of a key and return its old value", .since = "1.0.0", .group = "string", .complexity = "O(1)", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`SET` with the `!GET` argument", .key_specs = {53, 1}, .args = {431, 2}},
    {.name = "hdel", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Delete one or more hash fields", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields to be removed.", .key_specs = {54, 1}, .history = {45, 1}, .args = {433, 2}},
    {.name = "hello", .arity = -1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Handshake with Redis", .since = "6.0.0", .group = "connection", .complexity = "O(1)", .history = {46, 1}, .args = {435, 1}},
    {.name = "hexists", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Determine if a hash field exists", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .key_specs = {55, 1}, .args = {441, 2}},
    {.name = "hexpire", .arity = -6, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set expiry for hash field using relative time to expire (seconds)", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {56, 1}, .args = {443, 4}},
    {.name = "hexpireat", .arity = -6, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set expiry for hash field using an absolute Unix timestamp (seconds)", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {57, 1}, .args = {453, 4}},
    {.name = "hexpiretime", .arity = -5, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Returns the expiration time of a hash field as a Unix timestamp, in seconds.", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {58, 1}, .args = {463, 2}},
    {.name = "hget", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Get the value of a hash field", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .key_specs = {59, 1}, .args = {467, 2}},
    {.name = "hgetall", .arity = 2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclSlow, .summary = "Get all the fields and values in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .key_specs = {60, 1}, .tips = {43, 1}, .args = {469, 1}},
    {.name = "hincrby", .arity = 4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Increment the integer value of a hash field by the given number", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .key_specs = {61, 1}, .args = {470, 3}},
    {.name = "hincrbyfloat", .arity = 4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Increment the float value of a hash field by the given amount", .since = "2.6.0", .group = "hash", .complexity = "O(1)", .key_specs = {62, 1}, .args = {473, 3}},
    {.name = "hkeys", .arity = 2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclSlow, .summary = "Get all the fields in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .key_specs = {63, 1}, .tips = {44, 1}, .args = {476, 1}},
    {.name = "hlen", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Get the number of fields in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .key_specs = {64, 1}, .args = {477, 1}},
    {.name = "hmget", .arity = -3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Get the values of all the given hash fields", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields being requested.", .key_specs = {65, 1}, .args = {478, 2}},
    {.name = "hmset", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set multiple hash fields to multiple values", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the number of fields being set.", .doc_flags = "deprecated", .deprecated_since = "4.0.0", .replaced_by = "`HSET` with multiple field-value pairs", .key_specs = {66, 1}, .args = {480, 2}},
    {.name = "hpersist", .arity = -5, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Removes the expiration time for each specified field", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {67, 1}, .args = {484, 2}},
    {.name = "hpexpire", .arity = -6, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set expiry for hash field using relative time to expire (milliseconds)", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {68, 1}, .args = {488, 4}},
    {.name = "hpexpireat", .arity = -6, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set expiry for hash field using an absolute Unix timestamp (milliseconds)", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {69, 1}, .args = {498, 4}},
    {.name = "hpexpiretime", .arity = -5, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Returns the expiration time of a hash field as a Unix timestamp, in msec.", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {70, 1}, .args = {508, 2}},
    {.name = "hpttl", .arity = -5, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Returns the TTL in milliseconds of a hash field.", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {71, 1}, .tips = {45, 1}, .args = {512, 2}},
    {.name = "hrandfield", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclSlow, .summary = "Get one or multiple random fields from a hash", .since = "6.2.0", .group = "hash", .complexity = "O(N) where N is the number of fields returned", .key_specs = {72, 1}, .tips = {46, 1}, .args = {516, 2}},
    {.name = "hscan", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclSlow, .summary = "Incrementally iterate hash fields and associated values", .since = "2.8.0", .group = "hash", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .key_specs = {73, 1}, .tips = {47, 1}, .args = {520, 4}},
    {.name = "hset", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set the string value of a hash field", .since = "2.0.0", .group = "hash", .complexity = "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.", .key_specs = {74, 1}, .history = {47, 1}, .args = {524, 2}},
    {.name = "hsetnx", .arity = 4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHash | kAclFast, .summary = "Set the value of a hash field, only if the field does not exist", .since = "2.0.0", .group = "hash", .complexity = "O(1)", .key_specs = {75, 1}, .args = {528, 3}},
    {.name = "hstrlen", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Get the length of the value of a hash field", .since = "3.2.0", .group = "hash", .complexity = "O(1)", .key_specs = {76, 1}, .args = {531, 2}},
    {.name = "httl", .arity = -5, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclFast, .summary = "Returns the TTL in seconds of a hash field.", .since = "7.4.0", .group = "hash", .complexity = "O(N) where N is the number of specified fields", .key_specs = {77, 1}, .args = {533, 2}},
    {.name = "hvals", .arity = 2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclHash | kAclSlow, .summary = "Get all the values in a hash", .since = "2.0.0", .group = "hash", .complexity = "O(N) where N is the size of the hash.", .key_specs = {78, 1}, .tips = {48, 1}, .args = {537, 1}},
    {.name = "incr", .arity = 2, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Increment the integer value of a key by one", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {79, 1}, .args = {538, 1}},
    {.name = "incrby", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Increment the integer value of a key by the given amount", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {80, 1}, .args = {539, 2}},
    {.name = "incrbyfloat", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Increment the float value of a key by the given amount", .since = "2.6.0", .group = "string", .complexity = "O(1)", .key_specs = {81, 1}, .args = {541, 2}},
    {.name = "info", .arity = -1, .flags = kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclDangerous, .summary = "Get information and statistics about the server", .since = "1.0.0", .group = "server", .complexity = "O(1)", .tips = {49, 3}, .history = {48, 1}, .args = {543, 1}},
    {.name = "keys", .arity = 2, .flags = kCmdReadonly, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclRead | kAclSlow | kAclDangerous, .summary = "Find all keys matching the given pattern", .since = "1.0.0", .group = "generic", .complexity = "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.", .tips = {52, 2}, .args = {544, 1}},
    {.name = "lastsave", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclFast | kAclDangerous, .summary = "Get the UNIX time stamp of the last successful save to disk", .since = "1.0.0", .group = "server", .complexity = "O(1)", .tips = {54, 1}},
    {.name = "latency", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for latency diagnostics commands", .since = "2.8.13", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {77, 7}},
    {.name = "lcs", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclRead | kAclString | kAclSlow, .summary = "Find longest common substring", .since = "7.0.0", .group = "string", .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively", .key_specs = {82, 1}, .args = {549, 6}},
    {.name = "lindex", .arity = 3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclList | kAclSlow, .summary = "Get an element from a list by its index", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).", .key_specs = {83, 1}, .args = {555, 2}},
    {.name = "linsert", .arity = 5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Insert an element before or after another element in a list", .since = "2.2.0", .group = "list", .complexity = "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).", .key_specs = {84, 1}, .args = {557, 4}},
    {.name = "llen", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclList | kAclFast, .summary = "Get the length of a list", .since = "1.0.0", .group = "list", .complexity = "O(1)", .key_specs = {85, 1}, .args = {563, 1}},
    {.name = "lmove", .arity = 5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Pop an element from a list, push it to another list and return it", .since = "6.2.0", .group = "list", .complexity = "O(1)", .key_specs = {86, 2}, .args = {564, 4}},
    {.name = "lmpop", .arity = -4, .flags = kCmdWrite | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Pop elements from a list", .since = "7.0.0", .group = "list", .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.", .key_specs = {88, 1}, .args = {572, 4}},
    {.name = "lolwut", .arity = -1, .flags = kCmdReadonly | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclFast, .summary = "Display some computer art and the Redis version", .since = "5.0.0", .group = "server", .args = {578, 1}},
    {.name = "lpop", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Remove and get the first elements in a list", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements returned", .key_specs = {89, 1}, .history = {49, 1}, .args = {579, 2}},
    {.name = "lpos", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclList | kAclSlow, .summary = "Return the index of matching elements on a list", .since = "6.0.6", .group = "list", .complexity = "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.", .key_specs = {90, 1}, .args = {581, 5}},
    {.name = "lpush", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Prepend one or multiple elements to a list", .since = "1.0.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .key_specs = {91, 1}, .history = {50, 1}, .args = {586, 2}},
    {.name = "lpushx", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Prepend an element to a list, only if the list exists", .since = "2.2.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .key_specs = {92, 1}, .history = {51, 1}, .args = {588, 2}},
    {.name = "lrange", .arity = 4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclList | kAclSlow, .summary = "Get a range of elements from a list", .since = "1.0.0", .group = "list", .complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.", .key_specs = {93, 1}, .args = {590, 3}},
    {.name = "lrem", .arity = 4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Remove elements from a list", .since = "1.0.0", .group = "list", .complexity = "O(N+M) where N is the length of the list and M is the number of elements removed.", .key_specs = {94, 1}, .args = {593, 3}},
    {.name = "lset", .arity = 4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Set the value of an element in a list by its index", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).", .key_specs = {95, 1}, .args = {596, 3}},
    {.name = "ltrim", .arity = 4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Trim a list to the specified range", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements to be removed by the operation.", .key_specs = {96, 1}, .args = {599, 3}},
    {.name = "memory", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for memory diagnostics commands", .since = "4.0.0", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {84, 6}},
    {.name = "mget", .arity = -2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclRead | kAclString | kAclFast, .summary = "Get the values of all the given keys", .since = "1.0.0", .group = "string", .complexity = "O(N) where N is the number of keys to retrieve.", .key_specs = {98, 1}, .tips = {83, 1}, .args = {604, 1}},
    {.name = "migrate", .arity = -6, .flags = kCmdWrite | kCmdMovableKeys, .first_key = 3, .last_key = 3, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, .summary = "Atomically transfer a key from a Redis instance to another one.", .since = "2.6.0", .group = "generic", .complexity = "This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.", .key_specs = {99, 2}, .tips = {84, 1}, .history = {52, 4}, .args = {605, 9}},
    {.name = "module", .arity = -2, .flags = kCmdProtected, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for module commands", .since = "4.0.0", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {90, 5}},
    {.name = "monitor", .arity = 1, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Listen for all requests received by the server in real time", .since = "1.0.0", .group = "server"},
    {.name = "move", .arity = 3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Move a key to another database", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {101, 1}, .args = {629, 2}},
    {.name = "mset", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 2, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Set multiple keys to multiple values", .since = "1.0.1", .group = "string", .complexity = "O(N) where N is the number of keys to set.", .key_specs = {102, 1}, .tips = {86, 2}, .args = {631, 1}},
    {.name = "msetnx", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 2, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Set multiple keys to multiple values, only if none of the keys exist", .since = "1.0.1", .group = "string", .complexity = "O(N) where N is the number of keys to set.", .key_specs = {103, 1}, .tips = {88, 2}, .args = {634, 1}},
    {.name = "multi", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclTransaction, .summary = "Mark the start of a transaction block", .since = "1.2.0", .group = "transactions", .complexity = "O(1)"},
    {.name = "object", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for object introspection commands", .since = "2.2.3", .group = "generic", .complexity = "Depends on subcommand.", .subcommands = {95, 5}},
    {.name = "persist", .arity = 2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Remove the expiration from a key", .since = "2.2.0", .group = "generic", .complexity = "O(1)", .key_specs = {108, 1}, .args = {641, 1}},
    {.name = "pexpire", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Set a key's time to live in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .key_specs = {109, 1}, .history = {56, 1}, .args = {642, 3}},
    {.name = "pexpireat", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Set the expiration for a key as a UNIX timestamp specified in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .key_specs = {110, 1}, .history = {57, 1}, .args = {649, 3}},
    {.name = "pexpiretime", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Get the expiration Unix timestamp for a key in milliseconds", .since = "7.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {111, 1}, .args = {656, 1}},
    {.name = "pfadd", .arity = -2, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclHyperLogLog | kAclFast, .summary = "Adds the specified elements to the specified HyperLogLog.", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(1) to add every element.", .key_specs = {112, 1}, .args = {657, 2}},
    {.name = "pfcount", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclRead | kAclHyperLogLog | kAclSlow, .summary = "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.", .key_specs = {113, 1}, .args = {659, 1}},
    {.name = "pfdebug", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdAdmin, .first_key = 2, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclHyperLogLog | kAclAdmin | kAclSlow | kAclDangerous, .summary = "Internal commands for debugging HyperLogLog values", .since = "2.8.9", .group = "hyperloglog", .complexity = "N/A", .doc_flags = "syscmd", .key_specs = {114, 1}, .args = {660, 2}},
    {.name = "pfmerge", .arity = -2, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclWrite | kAclHyperLogLog | kAclSlow, .summary = "Merge N different HyperLogLogs into a single one.", .since = "2.8.9", .group = "hyperloglog", .complexity = "O(N) to merge N HyperLogLogs, but with high constant times.", .key_specs = {115, 2}, .args = {662, 2}},
    {.name = "pfselftest", .arity = 1, .flags = kCmdAdmin, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclHyperLogLog | kAclAdmin | kAclSlow | kAclDangerous, .summary = "An internal command for testing HyperLogLog values", .since = "2.8.9", .group = "hyperloglog", .complexity = "N/A", .doc_flags = "syscmd"},
    {.name = "ping", .arity = -1, .flags = kCmdFast | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Ping the server", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .tips = {94, 2}, .args = {664, 1}},
    {.name = "psetex", .arity = 4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Set the value and expiration in milliseconds of a key", .since = "2.6.0", .group = "string", .complexity = "O(1)", .key_specs = {117, 1}, .args = {665, 3}},
    {.name = "psubscribe", .arity = -2, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Listen for messages published to channels matching the given patterns", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of patterns the client is already subscribed to.", .args = {668, 1}},
    {.name = "psync", .arity = -3, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading | kCmdNoMulti, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Internal command used for replication", .since = "2.8.0", .group = "server", .args = {670, 2}},
    {.name = "pttl", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Get the time to live for a key in milliseconds", .since = "2.6.0", .group = "generic", .complexity = "O(1)", .key_specs = {118, 1}, .tips = {96, 1}, .history = {58, 1}, .args = {672, 1}},
    {.name = "publish", .arity = 3, .flags = kCmdPubsub | kCmdLoading | kCmdStale | kCmdFast | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclFast, .summary = "Post a message to a channel", .since = "2.0.0", .group = "pubsub", .complexity = "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).", .args = {673, 2}},
    {.name = "pubsub", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for Pub/Sub commands", .since = "2.8.0", .group = "pubsub", .complexity = "Depends on subcommand.", .subcommands = {100, 6}},
    {.name = "punsubscribe", .arity = -1, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Stop listening for messages posted to channels matching the given patterns", .since = "2.0.0", .group = "pubsub", .complexity = "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).", .args = {679, 1}},
    {.name = "quit", .arity = -1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Close the connection", .since = "1.0.0", .group = "connection", .complexity = "O(1)"},
    {.name = "randomkey", .arity = 1, .flags = kCmdReadonly, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Return a random key from the keyspace", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .tips = {97, 2}},
    {.name = "readonly", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Enables read queries for a connection to a cluster replica node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "readwrite", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Disables read queries for a connection to a cluster replica node", .since = "3.0.0", .group = "cluster", .complexity = "O(1)"},
    {.name = "rename", .arity = 3, .flags = kCmdWrite, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow, .summary = "Rename a key", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {119, 2}, .args = {680, 2}},
    {.name = "renamenx", .arity = 3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Rename a key, only if the new key does not exist", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {121, 2}, .history = {59, 1}, .args = {682, 2}},
    {.name = "replconf", .arity = -1, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "An internal command for configuring the replication stream", .since = "3.0.0", .group = "server", .complexity = "O(1)", .doc_flags = "syscmd"},
    {.name = "replicaof", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Make the server a replica of another instance, or promote it as master.", .since = "5.0.0", .group = "server", .complexity = "O(1)", .args = {684, 1}},
    {.name = "reset", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Reset the connection", .since = "6.2.0", .group = "connection", .complexity = "O(1)"},
    {.name = "restore", .arity = -4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, .summary = "Create a key using the provided serialized value, previously obtained using DUMP.", .since = "2.6.0", .group = "generic", .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).", .key_specs = {123, 1}, .history = {60, 3}, .args = {691, 7}},
    {.name = "restore-asking", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdAsking, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, .summary = "An internal command for migrating keys in a cluster", .since = "3.0.0", .group = "server", .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).", .doc_flags = "syscmd", .key_specs = {124, 1}, .history = {63, 3}, .args = {698, 7}},
    {.name = "role", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclFast | kAclDangerous, .summary = "Return the role of the instance in the context of replication", .since = "2.8.12", .group = "server", .complexity = "O(1)"},
    {.name = "rpop", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Remove and get the last elements in a list", .since = "1.0.0", .group = "list", .complexity = "O(N) where N is the number of elements returned", .key_specs = {125, 1}, .history = {66, 1}, .args = {705, 2}},
    {.name = "rpoplpush", .arity = 3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclList | kAclSlow, .summary = "Remove the last element in a list, prepend it to another list and return it", .since = "1.2.0", .group = "list", .complexity = "O(1)", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`LMOVE` with the `RIGHT` and `LEFT` arguments", .key_specs = {126, 2}, .args = {707, 2}},
    {.name = "rpush", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Append one or multiple elements to a list", .since = "1.0.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .key_specs = {128, 1}, .history = {67, 1}, .args = {709, 2}},
    {.name = "rpushx", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclList | kAclFast, .summary = "Append an element to a list, only if the list exists", .since = "2.2.0", .group = "list", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .key_specs = {129, 1}, .history = {68, 1}, .args = {711, 2}},
    {.name = "sadd", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclFast, .summary = "Add one or more members to a set", .since = "1.0.0", .group = "set", .complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", .key_specs = {130, 1}, .history = {69, 1}, .args = {713, 2}},
    {.name = "save", .arity = 1, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading | kCmdNoMulti, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Synchronously save the dataset to disk", .since = "1.0.0", .group = "server", .complexity = "O(N) where N is the total number of keys in all databases"},
    {.name = "scan", .arity = -2, .flags = kCmdReadonly, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclRead | kAclSlow, .summary = "Incrementally iterate the keys space", .since = "2.8.0", .group = "generic", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.", .tips = {99, 2}, .history = {70, 1}, .args = {715, 4}},
    {.name = "scard", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclFast, .summary = "Get the number of members in a set", .since = "1.0.0", .group = "set", .complexity = "O(1)", .key_specs = {131, 1}, .args = {719, 1}},
    {.name = "script", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for Lua scripts management commands", .since = "2.6.0", .group = "scripting", .complexity = "Depends on subcommand.", .subcommands = {106, 6}},
    {.name = "sdiff", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Subtract multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .key_specs = {132, 1}, .tips = {109, 1}, .args = {729, 1}},
    {.name = "sdiffstore", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclSlow, .summary = "Subtract multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .key_specs = {133, 2}, .args = {730, 2}},
    {.name = "select", .arity = 2, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclConnection, .summary = "Change the selected database for the current connection", .since = "1.0.0", .group = "connection", .complexity = "O(1)", .args = {732, 1}},
    {.name = "sentinel", .arity = -2, .flags = kCmdAdmin | kCmdOnlySentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "A container for Sentinel commands", .since = "2.8.4", .group = "sentinel", .complexity = "Depends on subcommand.", .subcommands = {112, 21}},
    {.name = "set", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Set the string value of a key", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {135, 1}, .history = {72, 4}, .args = {767, 5}},
    {.name = "setbit", .arity = 4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclBitmap | kAclSlow, .summary = "Sets or clears the bit at offset in the string value stored at key", .since = "2.2.0", .group = "bitmap", .complexity = "O(1)", .key_specs = {136, 1}, .args = {779, 3}},
    {.name = "setex", .arity = 4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Set the value and expiration of a key", .since = "2.0.0", .group = "string", .complexity = "O(1)", .key_specs = {137, 1}, .args = {782, 3}},
    {.name = "setnx", .arity = 3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclFast, .summary = "Set the value of a key, only if the key does not exist", .since = "1.0.0", .group = "string", .complexity = "O(1)", .key_specs = {138, 1}, .args = {785, 2}},
    {.name = "setrange", .arity = 4, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclString | kAclSlow, .summary = "Overwrite part of a string at key starting at the specified offset", .since = "2.2.0", .group = "string", .complexity = "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.", .key_specs = {139, 1}, .args = {787, 3}},
    {.name = "shutdown", .arity = -1, .flags = kCmdAdmin | kCmdNoscript | kCmdLoading | kCmdStale | kCmdNoMulti | kCmdAllowBusy | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Synchronously save the dataset to disk and then shut down the server", .since = "1.0.0", .group = "server", .complexity = "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)", .history = {76, 1}, .args = {790, 4}},
    {.name = "sinter", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Intersect multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .key_specs = {140, 1}, .tips = {110, 1}, .args = {796, 1}},
    {.name = "sintercard", .arity = -3, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Intersect multiple sets and return the cardinality of the result", .since = "7.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .key_specs = {141, 1}, .args = {797, 3}},
    {.name = "sinterstore", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclSlow, .summary = "Intersect multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", .key_specs = {142, 2}, .args = {800, 2}},
    {.name = "sismember", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclFast, .summary = "Determine if a given value is a member of a set", .since = "1.0.0", .group = "set", .complexity = "O(1)", .key_specs = {144, 1}, .args = {802, 2}},
    {.name = "slaveof", .arity = 3, .flags = kCmdAdmin | kCmdNoscript | kCmdStale | kCmdNoAsyncLoading, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Make the server a replica of another instance, or promote it as master.", .since = "1.0.0", .group = "server", .complexity = "O(1)", .doc_flags = "deprecated", .deprecated_since = "5.0.0", .replaced_by = "`REPLICAOF`", .args = {804, 1}},
    {.name = "slowlog", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for slow log commands", .since = "2.2.12", .group = "server", .complexity = "Depends on subcommand.", .subcommands = {133, 4}},
    {.name = "smembers", .arity = 2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Get all the members in a set", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the set cardinality.", .key_specs = {145, 1}, .tips = {118, 1}, .args = {812, 1}},
    {.name = "smismember", .arity = -3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclFast, .summary = "Returns the membership associated with the given elements for a set", .since = "6.2.0", .group = "set", .complexity = "O(N) where N is the number of elements being checked for membership", .key_specs = {146, 1}, .args = {813, 2}},
    {.name = "smove", .arity = 4, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclSet | kAclFast, .summary = "Move a member from one set to another", .since = "1.0.0", .group = "set", .complexity = "O(1)", .key_specs = {147, 2}, .args = {815, 3}},
    {.name = "sort", .arity = -2, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclSortedSet | kAclList | kAclSlow | kAclDangerous, .summary = "Sort the elements in a list, set or sorted set", .since = "1.0.0", .group = "generic", .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", .key_specs = {149, 3}, .args = {818, 7}},
    {.name = "sort_ro", .arity = -2, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSortedSet | kAclList | kAclSlow | kAclDangerous, .summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", .since = "7.0.0", .group = "generic", .complexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", .key_specs = {152, 2}, .args = {829, 6}},
    {.name = "spop", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclFast, .summary = "Remove and return one or multiple random members from a set", .since = "1.0.0", .group = "set", .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.", .key_specs = {154, 1}, .tips = {119, 1}, .history = {78, 1}, .args = {839, 2}},
    {.name = "spublish", .arity = 3, .flags = kCmdPubsub | kCmdLoading | kCmdStale | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclPubsub | kAclFast, .summary = "Post a message to a shard channel", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients subscribed to the receiving shard channel.", .key_specs = {155, 1}, .args = {841, 2}},
    {.name = "srandmember", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Get one or multiple random members from a set", .since = "1.0.0", .group = "set", .complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.", .key_specs = {156, 1}, .tips = {120, 1}, .history = {79, 1}, .args = {843, 2}},
    {.name = "srem", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclFast, .summary = "Remove one or more members from a set", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the number of members to be removed.", .key_specs = {157, 1}, .history = {80, 1}, .args = {845, 2}},
    {.name = "sscan", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Incrementally iterate Set elements", .since = "2.8.0", .group = "set", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .key_specs = {158, 1}, .tips = {121, 1}, .args = {847, 4}},
    {.name = "ssubscribe", .arity = -2, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclPubsub | kAclSlow, .summary = "Listen for messages published to the given shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of shard channels to subscribe to.", .key_specs = {159, 1}, .args = {851, 1}},
    {.name = "strlen", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclString | kAclFast, .summary = "Get the length of the value stored in a key", .since = "2.2.0", .group = "string", .complexity = "O(1)", .key_specs = {160, 1}, .args = {852, 1}},
    {.name = "subscribe", .arity = -2, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Listen for messages published to the given channels", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of channels to subscribe to.", .args = {853, 1}},
    {.name = "substr", .arity = 4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclString | kAclSlow, .summary = "Get a substring of the string stored at a key", .since = "1.0.0", .group = "string", .complexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", .doc_flags = "deprecated", .deprecated_since = "2.0.0", .replaced_by = "`GETRANGE`", .key_specs = {161, 1}, .args = {854, 3}},
    {.name = "sunion", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclRead | kAclSet | kAclSlow, .summary = "Add multiple sets", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .key_specs = {162, 1}, .tips = {122, 1}, .args = {857, 1}},
    {.name = "sunionstore", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclWrite | kAclSet | kAclSlow, .summary = "Add multiple sets and store the resulting set in a key", .since = "1.0.0", .group = "set", .complexity = "O(N) where N is the total number of elements in all given sets.", .key_specs = {163, 2}, .args = {858, 2}},
    {.name = "sunsubscribe", .arity = -1, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclPubsub | kAclSlow, .summary = "Stop listening for messages posted to the given shard channels", .since = "7.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients already subscribed to a shard channel.", .key_specs = {165, 1}, .args = {860, 1}},
    {.name = "swapdb", .arity = 3, .flags = kCmdWrite | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclKeyspace | kAclWrite | kAclFast | kAclDangerous, .summary = "Swaps two Redis databases", .since = "4.0.0", .group = "server", .complexity = "O(N) where N is the count of clients watching or blocking on keys from both databases.", .args = {861, 2}},
    {.name = "sync", .arity = 1, .flags = kCmdAdmin | kCmdNoscript | kCmdNoAsyncLoading | kCmdNoMulti, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclAdmin | kAclSlow | kAclDangerous, .summary = "Internal command used for replication", .since = "1.0.0", .group = "server"},
    {.name = "time", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast, .summary = "Return the current server time", .since = "2.6.0", .group = "server", .complexity = "O(1)", .tips = {123, 1}},
    {.name = "touch", .arity = -2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Alters the last access time of a key(s). Returns the number of existing keys specified.", .since = "3.2.1", .group = "generic", .complexity = "O(N) where N is the number of keys that will be touched.", .key_specs = {166, 1}, .tips = {124, 2}, .args = {863, 1}},
    {.name = "ttl", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Get the time to live for a key in seconds", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {167, 1}, .tips = {126, 1}, .history = {81, 1}, .args = {864, 1}},
    {.name = "type", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclKeyspace | kAclRead | kAclFast, .summary = "Determine the type stored at key", .since = "1.0.0", .group = "generic", .complexity = "O(1)", .key_specs = {168, 1}, .args = {865, 1}},
    {.name = "unlink", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclKeyspace | kAclWrite | kAclFast, .summary = "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", .since = "4.0.0", .group = "generic", .complexity = "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.", .key_specs = {169, 1}, .tips = {127, 2}, .args = {866, 1}},
    {.name = "unsubscribe", .arity = -1, .flags = kCmdPubsub | kCmdNoscript | kCmdLoading | kCmdStale | kCmdSentinel, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclPubsub | kAclSlow, .summary = "Stop listening for messages posted to the given channels", .since = "2.0.0", .group = "pubsub", .complexity = "O(N) where N is the number of clients already subscribed to a channel.", .args = {867, 1}},
    {.name = "unwatch", .arity = 1, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclFast | kAclTransaction, .summary = "Forget about all watched keys", .since = "2.2.0", .group = "transactions", .complexity = "O(1)"},
    {.name = "wait", .arity = 3, .flags = kCmdNoscript, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow | kAclConnection, .summary = "Wait for the synchronous replication of all the write commands sent in the context of the current connection", .since = "3.0.0", .group = "generic", .complexity = "O(1)", .tips = {129, 2}, .args = {868, 2}},
    {.name = "watch", .arity = -2, .flags = kCmdNoscript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy, .first_key = 1, .last_key = -1, .key_step = 1, .acl = kAclFast | kAclTransaction, .summary = "Watch the given keys to determine execution of the MULTI/EXEC block", .since = "2.2.0", .group = "transactions", .complexity = "O(1) for every key.", .key_specs = {170, 1}, .args = {870, 1}},
    {.name = "xack", .arity = -4, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", .since = "5.0.0", .group = "stream", .complexity = "O(1) for each message ID processed.", .key_specs = {171, 1}, .args = {871, 3}},
    {.name = "xadd", .arity = -5, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "Appends a new entry to a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.", .key_specs = {172, 1}, .tips = {131, 1}, .history = {82, 2}, .args = {874, 5}},
    {.name = "xautoclaim", .arity = -6, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", .since = "6.2.0", .group = "stream", .complexity = "O(1) if COUNT is small.", .key_specs = {173, 1}, .tips = {132, 1}, .history = {84, 1}, .args = {891, 7}},
    {.name = "xclaim", .arity = -6, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", .since = "5.0.0", .group = "stream", .complexity = "O(log N) with N being the number of messages in the PEL of the consumer group.", .key_specs = {174, 1}, .tips = {133, 1}, .args = {898, 11}},
    {.name = "xdel", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", .since = "5.0.0", .group = "stream", .complexity = "O(1) for each single item to delete in the stream, regardless of the stream size.", .key_specs = {175, 1}, .args = {909, 2}},
    {.name = "xgroup", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for consumer groups commands", .since = "5.0.0", .group = "stream", .complexity = "Depends on subcommand.", .subcommands = {137, 6}},
    {.name = "xinfo", .arity = -2, .flags = 0, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclSlow, .summary = "A container for stream introspection commands", .since = "5.0.0", .group = "stream", .complexity = "Depends on subcommand.", .subcommands = {143, 4}},
    {.name = "xlen", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclStream | kAclFast, .summary = "Return the number of entries in a stream", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {184, 1}, .args = {938, 1}},
    {.name = "xpending", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", .since = "5.0.0", .group = "stream", .complexity = "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.", .key_specs = {185, 1}, .tips = {135, 1}, .history = {90, 1}, .args = {939, 3}},
    {.name = "xrange", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval", .since = "5.0.0", .group = "stream", .complexity = "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", .key_specs = {186, 1}, .history = {91, 1}, .args = {947, 4}},
    {.name = "xread", .arity = -4, .flags = kCmdReadonly | kCmdBlocking | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclStream | kAclSlow | kAclBlocking, .summary = "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", .since = "5.0.0", .group = "stream", .complexity = "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.", .key_specs = {187, 1}, .args = {951, 3}},
    {.name = "xreadgroup", .arity = -7, .flags = kCmdWrite | kCmdBlocking | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclStream | kAclSlow | kAclBlocking, .summary = "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", .since = "5.0.0", .group = "stream", .complexity = "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.", .key_specs = {188, 1}, .args = {956, 5}},
    {.name = "xrevrange", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclStream | kAclSlow, .summary = "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", .since = "5.0.0", .group = "stream", .complexity = "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", .key_specs = {189, 1}, .history = {92, 1}, .args = {965, 4}},
    {.name = "xsetid", .arity = -3, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclFast, .summary = "An internal command for replicating stream values", .since = "5.0.0", .group = "stream", .complexity = "O(1)", .key_specs = {190, 1}, .history = {93, 1}, .args = {969, 4}},
    {.name = "xtrim", .arity = -4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclStream | kAclSlow, .summary = "Trims the stream to (approximately if '~' is passed) a certain size", .since = "5.0.0", .group = "stream", .complexity = "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.", .key_specs = {191, 1}, .tips = {136, 1}, .history = {94, 1}, .args = {973, 2}},
    {.name = "zadd", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast, .summary = "Add one or more members to a sorted set, or update its score if it already exists", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)) for each item added, where N is the number of elements in the sorted set.", .key_specs = {192, 1}, .history = {95, 3}, .args = {983, 6}},
    {.name = "zcard", .arity = 2, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Get the number of members in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(1)", .key_specs = {193, 1}, .args = {995, 1}},
    {.name = "zcount", .arity = 4, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Count the members in a sorted set with scores within the given values", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .key_specs = {194, 1}, .args = {996, 3}},
    {.name = "zdiff", .arity = -3, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Subtract multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", .key_specs = {195, 1}, .args = {999, 3}},
    {.name = "zdiffstore", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key", .since = "6.2.0", .group = "sorted-set", .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.", .key_specs = {196, 2}, .args = {1002, 3}},
    {.name = "zincrby", .arity = 4, .flags = kCmdWrite | kCmdDenyOom | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast, .summary = "Increment the score of a member in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)) where N is the number of elements in the sorted set.", .key_specs = {198, 1}, .args = {1005, 3}},
    {.name = "zinter", .arity = -3, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Intersect multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", .key_specs = {199, 1}, .args = {1008, 5}},
    {.name = "zintercard", .arity = -3, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Intersect multiple sorted sets and return the cardinality of the result", .since = "7.0.0", .group = "sorted-set", .complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.", .key_specs = {200, 1}, .args = {1016, 3}},
    {.name = "zinterstore", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key", .since = "2.0.0", .group = "sorted-set", .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", .key_specs = {201, 2}, .args = {1019, 5}},
    {.name = "zlexcount", .arity = 4, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Count the number of members in a sorted set between a given lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)) with N being the number of elements in the sorted set.", .key_specs = {203, 1}, .args = {1027, 3}},
    {.name = "zmpop", .arity = -4, .flags = kCmdWrite | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Remove and return members with scores in a sorted set", .since = "7.0.0", .group = "sorted-set", .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.", .key_specs = {204, 1}, .args = {1030, 4}},
    {.name = "zmscore", .arity = -3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Get the score associated with the given members in a sorted set", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N) where N is the number of members being requested.", .key_specs = {205, 1}, .args = {1036, 2}},
    {.name = "zpopmax", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast, .summary = "Remove and return members with the highest scores in a sorted set", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", .key_specs = {206, 1}, .args = {1038, 2}},
    {.name = "zpopmin", .arity = -2, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast, .summary = "Remove and return members with the lowest scores in a sorted set", .since = "5.0.0", .group = "sorted-set", .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.", .key_specs = {207, 1}, .args = {1040, 2}},
    {.name = "zrandmember", .arity = -2, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Get one or multiple random elements from a sorted set", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N) where N is the number of elements returned", .key_specs = {208, 1}, .tips = {137, 1}, .args = {1042, 2}},
    {.name = "zrange", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.", .key_specs = {209, 1}, .history = {98, 1}, .args = {1046, 7}},
    {.name = "zrangebylex", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set, by lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `BYLEX` argument", .key_specs = {210, 1}, .args = {1057, 4}},
    {.name = "zrangebyscore", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set, by score", .since = "1.0.5", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `BYSCORE` argument", .key_specs = {211, 1}, .history = {99, 1}, .args = {1063, 5}},
    {.name = "zrangestore", .arity = -5, .flags = kCmdWrite | kCmdDenyOom, .first_key = 1, .last_key = 2, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Store a range of members from sorted set into another key", .since = "6.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.", .key_specs = {212, 2}, .args = {1070, 7}},
    {.name = "zrank", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Determine the index of a member in a sorted set", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N))", .key_specs = {214, 1}, .args = {1081, 2}},
    {.name = "zrem", .arity = -3, .flags = kCmdWrite | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclFast, .summary = "Remove one or more members from a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.", .key_specs = {215, 1}, .history = {100, 1}, .args = {1083, 2}},
    {.name = "zremrangebylex", .arity = 4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Remove all members in a sorted set between the given lexicographical range", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .key_specs = {216, 1}, .args = {1085, 3}},
    {.name = "zremrangebyrank", .arity = 4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Remove all members in a sorted set within the given indexes", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .key_specs = {217, 1}, .args = {1088, 3}},
    {.name = "zremrangebyscore", .arity = 4, .flags = kCmdWrite, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Remove all members in a sorted set within the given scores", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.", .key_specs = {218, 1}, .args = {1091, 3}},
    {.name = "zrevrange", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set, by index, with scores ordered from high to low", .since = "1.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` argument", .key_specs = {219, 1}, .args = {1094, 4}},
    {.name = "zrevrangebylex", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", .since = "2.8.9", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` and `BYLEX` arguments", .key_specs = {220, 1}, .args = {1098, 4}},
    {.name = "zrevrangebyscore", .arity = -4, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Return a range of members in a sorted set, by score, with scores ordered from high to low", .since = "2.2.0", .group = "sorted-set", .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).", .doc_flags = "deprecated", .deprecated_since = "6.2.0", .replaced_by = "`ZRANGE` with the `REV` and `BYSCORE` arguments", .key_specs = {221, 1}, .history = {101, 1}, .args = {1104, 5}},
    {.name = "zrevrank", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Determine the index of a member in a sorted set, with scores ordered from high to low", .since = "2.0.0", .group = "sorted-set", .complexity = "O(log(N))", .key_specs = {222, 1}, .args = {1111, 2}},
    {.name = "zscan", .arity = -3, .flags = kCmdReadonly, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Incrementally iterate sorted sets elements and associated scores", .since = "2.8.0", .group = "sorted-set", .complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", .key_specs = {223, 1}, .tips = {138, 1}, .args = {1113, 4}},
    {.name = "zscore", .arity = 3, .flags = kCmdReadonly | kCmdFast, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclRead | kAclSortedSet | kAclFast, .summary = "Get the score associated with the given member in a sorted set", .since = "1.2.0", .group = "sorted-set", .complexity = "O(1)", .key_specs = {224, 1}, .args = {1117, 2}},
    {.name = "zunion", .arity = -3, .flags = kCmdReadonly | kCmdMovableKeys, .first_key = 0, .last_key = 0, .key_step = 0, .acl = kAclRead | kAclSortedSet | kAclSlow, .summary = "Add multiple sorted sets", .since = "6.2.0", .group = "sorted-set", .complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", .key_specs = {225, 1}, .args = {1119, 5}},
    {.name = "zunionstore", .arity = -4, .flags = kCmdWrite | kCmdDenyOom | kCmdMovableKeys, .first_key = 1, .last_key = 1, .key_step = 1, .acl = kAclWrite | kAclSortedSet | kAclSlow, .summary = "Add multiple sorted sets and store the resulting sorted set in a new key", .since = "2.0.0", .group = "sorted-set", .complexity = "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", .key_specs = {226, 2}, .args = {1127, 5}},
};

}  // namespace

extern constexpr CommandMetaTable kCommandMetaTable = {
    .commands = {kCommands, 250},
    .subcommands = {kSubcommands, 147},
    .key_specs = {kKeySpecs, 228},
    .tips = {kTips, 139},
    .history = {kHistory, 102},
    .args = {kArgs, 1135},
    .source = "redis-server 7.0.15",
};

}  // namespace ringkv::core
