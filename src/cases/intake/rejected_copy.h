// What intake keeps of a message that is not a notice, for a person to read: never content.
// A message with pictures, videos, archives or other binary attachments (a notifier may attach
// the very material) is kept as its header fields and readable parts, each attachment replaced
// by a line naming its type and size; a copy of an original message (message/rfc822) keeps its
// header only. A message that cannot be parsed keeps at most its first 64 KiB of text bytes.
// The reason comes first, as an X-Clearhost-Rejected header field.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cases/intake/mail_message.h"

namespace clearhost::cases::intake {

// The copy of `raw` to keep, `reason` in its first header field. `total_bytes` is the size of
// the whole message when `raw` is only its beginning (a message over the size limit).
std::string RejectedCopy(std::string_view raw, std::string_view reason, uint64_t total_bytes,
                         const MailLimits& limits = {});

}  // namespace clearhost::cases::intake
