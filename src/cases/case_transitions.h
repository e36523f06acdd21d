// The case state machine: which transitions exist and what each needs.
//
//   received  -> assessing | actioned | rejected | escalated
//   assessing -> actioned | rejected | escalated
//   escalated -> assessing | actioned | rejected
//   actioned  -> confirmed_gone | received (re-opened: the content came back)
//   confirmed_gone, rejected -> received (re-opened)
//
// Actioned needs an action (and a territorial scope for a geo-block), rejected a reason.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cases/case_record.h"
#include "core/status.h"

namespace clearhost::cases {

struct TransitionRequest {
  CaseState to_state = CaseState::kAssessing;
  std::string actor{};
  std::string note{};
  std::optional<ActionKind> action{};            // required for actioned
  std::vector<std::string> territorial_scope{};  // required for geo_blocked (ISO alpha-2 codes)
  std::string reason{};                          // required for rejected
  bool automated = false;                        // decided without a person (actioned)
  // The case version the requester saw; a case changed since is a conflict (Aborted).
  std::optional<int64_t> expected_version{};
};

// Whether `from` -> `to` is a transition of the state machine.
bool IsAllowedTransition(CaseState from, CaseState to);

// OK when `request` may apply to `current`; FailedPrecondition for a transition the machine
// lacks (naming both states), InvalidArgument for a missing or malformed action, scope or
// reason, Aborted when expected_version is not the case's version.
Status CheckTransition(const Case& current, const TransitionRequest& request);

// Whether a case in `state` still waits for action (its deadline runs).
bool IsOpenState(CaseState state);

}  // namespace clearhost::cases
