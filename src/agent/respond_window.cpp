#include "agent/respond_window.h"

#include <cstdint>

#include "core/gcfg.h"

namespace mig::agent {
namespace {

// Go's form ("1h0m0s"); beyond what nanoseconds hold (292 years, e.g. an
// unset validfrom), whole seconds.
std::string Duration(int64_t seconds) {
  if (seconds > INT64_MAX / 1'000'000'000 || seconds < INT64_MIN / 1'000'000'000)
    return std::to_string(seconds) + "s";
  return FormatGoDuration(seconds * 1'000'000'000);
}

}  // namespace

Status CheckRespondWindow(const Action& action, const IsRespondModule& is_respond,
                          std::chrono::seconds max_validity) {
  if (!action.operations || !is_respond) return Status::Ok();
  for (const Operation& op : *action.operations) {
    if (!is_respond(op.module)) continue;
    const std::string refused = "respond operation " + op.module + " refused: ";
    const std::string setting =
        " ([respond] maxvalidity = " + Duration(max_validity.count()) + " on this agent)";
    if (action.expire_after.IsZero()) {
      return Status::Error(refused +
                           "the action has no expiry (expireafter); a respond action must "
                           "expire at most " +
                           Duration(max_validity.count()) + " after its validfrom" + setting);
    }
    // Both are whole-second Unix times well inside int64; a validfrom left
    // unset (year 1) makes the window huge and is refused here.
    const int64_t window = action.expire_after.Unix() - action.valid_from.Unix();
    if (window > max_validity.count()) {
      return Status::Error(refused + "the action is valid for " + Duration(window) + " (from " +
                           FormatTime(action.valid_from) + " until " +
                           FormatTime(action.expire_after) +
                           "), longer than respond actions may be" + setting +
                           "; sign a new action with a shorter expiry");
    }
  }
  return Status::Ok();
}

}  // namespace mig::agent
