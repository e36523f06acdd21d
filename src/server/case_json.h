// Cases on the wire: notices and transition requests read strictly from JSON (unknown fields,
// wrong types and malformed values are refused with the field's name), and cases, events and
// tokens written as JSON with RFC 3339 times (UTC, and local time for deadlines).
// docs/api.md shows every shape.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cases/case_record.h"
#include "cases/case_transitions.h"
#include "core/status.h"

namespace clearhost::server {

// A notice from an intake request body. InvalidArgument naming the field for anything wrong.
Result<cases::Notice> NoticeFromJson(const nlohmann::json& body);

// A transition request from a request body; the actor is the caller, not the body.
Result<cases::TransitionRequest> TransitionFromJson(const nlohmann::json& body,
                                                    std::string_view actor);

// A case as the API returns it; `now` decides "overdue".
nlohmann::ordered_json CaseToJson(const cases::Case& item, int64_t now);
nlohmann::ordered_json EventToJson(const cases::CaseEvent& event);

// Unix microseconds from an RFC 3339 timestamp or a date (its midnight UTC).
Result<int64_t> ParseTime(std::string_view text, std::string_view field);

}  // namespace clearhost::server
