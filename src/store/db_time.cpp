#include "store/db_time.h"

#include "core/sql_time.h"

namespace mig::store {
namespace {

bool SameMicros(const Time& a, const Time& b) {
  return a.seconds == b.seconds && a.nanos / 1000 == b.nanos / 1000;
}

}  // namespace

std::string FormatDbTime(const Time& in) {
  Time t = in;
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59
  if (t.seconds < Time::kZeroSeconds) t = Time::Zero();
  if (t.seconds > kMaxSeconds) t = Time{kMaxSeconds, 999999999};
  return FormatSqliteTime(t);
}

Result<Time> ParseDbTime(std::string_view text) {
  std::string s(text);
  if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
  if (s.size() > 3 && s.compare(s.size() - 3, 3, "+00") == 0) s.replace(s.size() - 3, 3, "Z");
  Result<Time> t = ParseTime(s);
  if (!t.ok()) return Result<Time>::Error("stored time '" + std::string(text) + "': " + t.error());
  for (const Time& sentinel : {Time::StartSentinel(), Time::FinishSentinel()}) {
    if (SameMicros(*t, sentinel)) return sentinel;
  }
  return t;
}

bool ParseDbBool(const std::optional<std::string>& v) {
  return v && (*v == "1" || *v == "t" || *v == "true");
}

}  // namespace mig::store
