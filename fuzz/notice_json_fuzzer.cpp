// Fuzz target: the server's request bodies. Any bytes as a notice (POST /v1/notices) and as a
// transition request: JSON parsing, strict field checks, notice validation, deadline and intake
// key, and the case written back as JSON. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cases/case_store.h"
#include "cases/notice_validation.h"
#include "server/case_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearhost;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  constexpr int64_t kNow = 1'750'000'000'000'000;
  Result<cases::Notice> notice = server::NoticeFromJson(body);
  if (notice.ok()) {
    if (notice->received_at == 0) notice->received_at = kNow;
    if (notice->sender.empty()) notice->sender = "fuzz";
    if (cases::ValidateNotice(*notice).ok()) {
      const Result<int64_t> deadline = cases::ComputeDeadline(*notice, {}, kNow);
      cases::Case opened{.id = 1, .notice = *notice, .opened_at = kNow, .updated_at = kNow};
      if (deadline.ok()) opened.deadline = *deadline;
      (void)cases::IntakeKey(*notice);
      (void)server::CaseToJson(opened, kNow).dump();
    }
  }
  const Result<cases::TransitionRequest> transition = server::TransitionFromJson(body, "fuzz");
  if (transition.ok()) {
    const cases::Case current{.id = 1, .state = cases::CaseState::kAssessing};
    (void)cases::CheckTransition(current, *transition);
  }
  return 0;
}
