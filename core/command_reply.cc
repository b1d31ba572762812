#include "core/command_reply.h"

#include <algorithm>
#include <string_view>

namespace ringkv::core {

namespace {

void ReplyOneKeySpec(io::ReplyBuilder& rb, const KeySpec& k) {
  rb.MapHeader(k.notes.empty() ? 3 : 4);
  if (!k.notes.empty()) {
    rb.Bulk("notes");
    rb.Bulk(k.notes);
  }
  rb.Bulk("flags");
  ReplyFlagSet(rb, k.flags);
  rb.Bulk("begin_search");
  rb.MapHeader(2);
  rb.Bulk("type");
  switch (k.begin_search) {
    case BeginSearchType::kIndex:
      rb.Bulk("index");
      rb.Bulk("spec");
      rb.MapHeader(1);
      rb.Bulk("index");
      rb.Integer(k.begin_index);
      break;
    case BeginSearchType::kKeyword:
      rb.Bulk("keyword");
      rb.Bulk("spec");
      rb.MapHeader(2);
      rb.Bulk("keyword");
      rb.Bulk(k.keyword);
      rb.Bulk("startfrom");
      rb.Integer(k.keyword_startfrom);
      break;
    case BeginSearchType::kUnknown:
      rb.Bulk("unknown");
      rb.Bulk("spec");
      rb.MapHeader(0);
      break;
  }
  rb.Bulk("find_keys");
  rb.MapHeader(2);
  rb.Bulk("type");
  switch (k.find_keys) {
    case FindKeysType::kRange:
      rb.Bulk("range");
      rb.Bulk("spec");
      rb.MapHeader(3);
      rb.Bulk("lastkey");
      rb.Integer(k.lastkey);
      rb.Bulk("keystep");
      rb.Integer(k.keystep);
      rb.Bulk("limit");
      rb.Integer(k.limit);
      break;
    case FindKeysType::kKeynum:
      rb.Bulk("keynum");
      rb.Bulk("spec");
      rb.MapHeader(3);
      rb.Bulk("keynumidx");
      rb.Integer(k.keynum_index);
      rb.Bulk("firstkey");
      rb.Integer(k.keynum_firstkey);
      rb.Bulk("keystep");
      rb.Integer(k.keynum_step);
      break;
    case FindKeysType::kUnknown:
      rb.Bulk("unknown");
      rb.Bulk("spec");
      rb.MapHeader(0);
      break;
  }
}

std::string_view ArgTypeName(ArgType t) {
  switch (t) {
    case ArgType::kString: return "string";
    case ArgType::kInteger: return "integer";
    case ArgType::kDouble: return "double";
    case ArgType::kKey: return "key";
    case ArgType::kPattern: return "pattern";
    case ArgType::kUnixTime: return "unix-time";
    case ArgType::kPureToken: return "pure-token";
    case ArgType::kOneof: return "oneof";
    case ArgType::kBlock: return "block";
  }
  return "string";
}

// Redis 7.0's addReplyCommandArgList: an array of maps, each with name and type first and the optional fields in
// a fixed order; oneof and block arguments nest their parts under "arguments".
void ReplyArgs(io::ReplyBuilder& rb, std::span<const ArgSpec> args) {
  rb.ArrayHeader(args.size());
  for (const ArgSpec& a : args) {
    const bool key_spec = a.key_spec_index >= 0;
    const bool token = a.token.data() != nullptr;  // present even when empty (MIGRATE's "")
    const bool nested = a.type == ArgType::kOneof || a.type == ArgType::kBlock;
    rb.MapHeader(2 + key_spec + token + !a.summary.empty() + !a.since.empty() + !a.deprecated_since.empty() +
                 (a.flags != 0) + nested);
    rb.Bulk("name");
    rb.Bulk(a.name);
    rb.Bulk("type");
    rb.Bulk(ArgTypeName(a.type));
    if (key_spec) {
      rb.Bulk("key_spec_index");
      rb.Integer(a.key_spec_index);
    }
    if (token) {
      rb.Bulk("token");
      rb.Bulk(a.token);
    }
    if (!a.summary.empty()) {
      rb.Bulk("summary");
      rb.Bulk(a.summary);
    }
    if (!a.since.empty()) {
      rb.Bulk("since");
      rb.Bulk(a.since);
    }
    if (!a.deprecated_since.empty()) {
      rb.Bulk("deprecated_since");
      rb.Bulk(a.deprecated_since);
    }
    if (a.flags != 0) {
      rb.Bulk("flags");
      const bool optional = a.flags & kArgOptional, multiple = a.flags & kArgMultiple;
      const bool multiple_token = a.flags & kArgMultipleToken;
      rb.SetHeader(optional + multiple + multiple_token);
      if (optional) rb.SimpleString("optional");
      if (multiple) rb.SimpleString("multiple");
      if (multiple_token) rb.SimpleString("multiple_token");
    }
    if (nested) {
      rb.Bulk("arguments");
      ReplyArgs(rb, Args(a));
    }
  }
}

}  // namespace

std::vector<const Command*> SortedSubcommands(const Command& c) {
  std::vector<const Command*> subs;
  for (const auto& [name, sub] : c.subcommands) subs.push_back(sub);
  std::sort(subs.begin(), subs.end(), [](const Command* a, const Command* b) { return a->full_name < b->full_name; });
  return subs;
}

void ReplyFlagSet(io::ReplyBuilder& rb, std::string_view space_separated) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < space_separated.size();) {
    size_t j = space_separated.find(' ', i);
    if (j == std::string_view::npos) j = space_separated.size();
    if (j > i) words.push_back(space_separated.substr(i, j - i));
    i = j + 1;
  }
  rb.SetHeader(words.size());
  for (std::string_view w : words) rb.SimpleString(w);
}

// Ten fields; flags, ACL categories, tips and key specs are sets, subcommands an array (an empty set when the
// command has none).
void ReplyCommandInfo(io::ReplyBuilder& rb, const Command& c) {
  const CommandSpec& s = c.spec;
  rb.ArrayHeader(10);
  rb.Bulk(c.full_name);
  rb.Integer(s.arity);
  std::vector<std::string_view> flags = CommandFlagNames(s.flags);
  rb.SetHeader(flags.size());
  for (std::string_view f : flags) rb.SimpleString(f);
  rb.Integer(s.first_key);
  rb.Integer(s.last_key);
  rb.Integer(s.key_step);
  std::vector<std::string_view> cats = AclCategoryNames(s.acl);
  rb.SetHeader(cats.size());
  for (std::string_view cat : cats) rb.SimpleString(cat);
  const std::span<const std::string_view> tips = Tips(*c.meta);
  rb.SetHeader(tips.size());
  for (std::string_view tip : tips) rb.Bulk(tip);
  const std::span<const KeySpec> key_specs = c.key_specs();
  rb.SetHeader(key_specs.size());
  for (const KeySpec& k : key_specs) ReplyOneKeySpec(rb, k);
  std::vector<const Command*> subs = SortedSubcommands(c);
  if (subs.empty()) {
    rb.SetHeader(0);
    return;
  }
  rb.ArrayHeader(subs.size());
  for (const Command* sub : subs) ReplyCommandInfo(rb, *sub);
}

// The fields COMMAND DOCS has, in Redis's order; the empty ones are left out (group is always there).
void ReplyCommandDocs(io::ReplyBuilder& rb, const Command& c) {
  const CommandMeta& m = *c.meta;
  const std::span<const CommandHistory> history = History(m);
  const std::span<const ArgSpec> args = Args(m);
  std::vector<const Command*> subs = SortedSubcommands(c);
  rb.MapHeader(1 + !m.summary.empty() + !m.since.empty() + !m.complexity.empty() + !m.doc_flags.empty() +
               !m.deprecated_since.empty() + !m.replaced_by.empty() + !history.empty() + !args.empty() +
               !subs.empty());
  if (!m.summary.empty()) {
    rb.Bulk("summary");
    rb.Bulk(m.summary);
  }
  if (!m.since.empty()) {
    rb.Bulk("since");
    rb.Bulk(m.since);
  }
  rb.Bulk("group");
  rb.Bulk(m.group);
  if (!m.complexity.empty()) {
    rb.Bulk("complexity");
    rb.Bulk(m.complexity);
  }
  if (!m.doc_flags.empty()) {
    rb.Bulk("doc_flags");
    ReplyFlagSet(rb, m.doc_flags);
  }
  if (!m.deprecated_since.empty()) {
    rb.Bulk("deprecated_since");
    rb.Bulk(m.deprecated_since);
  }
  if (!m.replaced_by.empty()) {
    rb.Bulk("replaced_by");
    rb.Bulk(m.replaced_by);
  }
  if (!history.empty()) {
    rb.Bulk("history");
    rb.SetHeader(history.size());
    for (const CommandHistory& h : history) {
      rb.ArrayHeader(2);
      rb.Bulk(h.since);
      rb.Bulk(h.changes);
    }
  }
  if (!args.empty()) {
    rb.Bulk("arguments");
    ReplyArgs(rb, args);
  }
  if (!subs.empty()) {
    rb.Bulk("subcommands");
    rb.MapHeader(subs.size());
    for (const Command* sub : subs) {
      rb.Bulk(sub->full_name);
      ReplyCommandDocs(rb, *sub);
    }
  }
}

}  // namespace ringkv::core
