// COMMAND INFO and COMMAND DOCS replies of one registered command, rendered from its metadata in Redis 7.0.15's
// exact shape (RESP2 and RESP3). Used by the COMMAND family and by the test tool that renders the whole table.
#pragma once

#include <vector>

#include "core/command.h"
#include "io/reply_builder.h"

namespace ringkv::core {

// The registered subcommands of c, sorted by full name.
std::vector<const Command*> SortedSubcommands(const Command& c);

// Redis's addReplyCommandInfo: the ten-element array of one command, its registered subcommands nested.
void ReplyCommandInfo(io::ReplyBuilder& rb, const Command& c);
// Redis's addReplyCommandDocs: the documentation map of one command (without its name).
void ReplyCommandDocs(io::ReplyBuilder& rb, const Command& c);
// Redis's addReplyFlagsForKeyArgs and friends: space-separated flags as a set of status replies.
void ReplyFlagSet(io::ReplyBuilder& rb, std::string_view space_separated);

}  // namespace ringkv::core
