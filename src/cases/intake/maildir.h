// Maildir folders, the format Postfix, Dovecot and procmail deliver into, as notice intake
// drains and fills them: the waiting messages of a Maildir, and delivering a new message
// (written to tmp/, fsynced, renamed into new/).
// Thread-safety: pure functions over the filesystem; names are unique per process and call.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::cases::intake {

// The messages waiting in Maildir `dir`: the files of new/ and then cur/, each by name (so
// oldest first for Maildir's time-prefixed names), dot files skipped. FailedPrecondition
// naming `dir` when it has no new/ or cur/ folder.
Result<std::vector<std::filesystem::path>> MaildirMessages(const std::filesystem::path& dir);

// Creates Maildir `folder` (with tmp/, new/ and cur/) when absent.
Status CreateMaildir(const std::filesystem::path& folder);

// Delivers `message` into Maildir `folder` (created when absent) and returns its path in new/.
Result<std::filesystem::path> DeliverToMaildir(const std::filesystem::path& folder,
                                               std::string_view message);

}  // namespace clearhost::cases::intake
