#include "cases/case_transitions.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace clearhost::cases {

bool IsAllowedTransition(CaseState from, CaseState to) {
  using enum CaseState;
  switch (from) {
    case kReceived:
      return to == kAssessing || to == kActioned || to == kRejected || to == kEscalated;
    case kAssessing:
      return to == kActioned || to == kRejected || to == kEscalated;
    case kEscalated:
      return to == kAssessing || to == kActioned || to == kRejected;
    case kActioned:
      return to == kConfirmedGone || to == kReceived;
    case kConfirmedGone:
    case kRejected:
      return to == kReceived;
  }
  return false;
}

bool IsOpenState(CaseState state) {
  return state == CaseState::kReceived || state == CaseState::kAssessing ||
         state == CaseState::kEscalated;
}

Status CheckTransition(const Case& current, const TransitionRequest& request) {
  if (request.expected_version && *request.expected_version != current.version) {
    return absl::AbortedError(absl::StrCat("case ", current.id, " is at version ", current.version,
                                           ", not ", *request.expected_version,
                                           ": it changed since you read it"));
  }
  if (!IsAllowedTransition(current.state, request.to_state)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case ", current.id, " cannot go from ", std::string(CaseStateName(current.state)), " to ",
        std::string(CaseStateName(request.to_state))));
  }
  if (request.actor.empty()) return absl::InvalidArgumentError("actor: is required");
  if (request.note.size() > 16384) return absl::InvalidArgumentError("note: at most 16384 bytes");
  if (request.to_state == CaseState::kActioned) {
    if (!request.action) {
      return absl::InvalidArgumentError(
          "action: required to action a case (removed, disabled or geo_blocked)");
    }
    if (*request.action == ActionKind::kGeoBlocked && request.territorial_scope.empty()) {
      return absl::InvalidArgumentError(
          "territorial_scope: a geo-block needs the countries it applies to");
    }
  } else if (request.action || !request.territorial_scope.empty()) {
    return absl::InvalidArgumentError("action and territorial_scope belong to actioned only");
  }
  for (const std::string& country : request.territorial_scope) {
    if (country.size() != 2 || !absl::ascii_isupper(country[0]) ||
        !absl::ascii_isupper(country[1])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "territorial_scope: '", country, "' is not an ISO 3166-1 alpha-2 code such as NL"));
    }
  }
  if (request.to_state == CaseState::kRejected && request.reason.empty()) {
    return absl::InvalidArgumentError("reason: required to reject a case");
  }
  if (request.reason.size() > 16384) {
    return absl::InvalidArgumentError("reason: at most 16384 bytes");
  }
  return Status();
}

}  // namespace clearhost::cases
