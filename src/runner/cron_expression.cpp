#include "runner/cron_expression.h"

#include <time.h>

#include <array>
#include <cctype>
#include <vector>

namespace mig::runner {
namespace {

// Longer than any sensible schedule (a list of all 60 seconds is 170
// characters); refusing early keeps hostile input cheap.
constexpr size_t kMaxExpressionBytes = 1024;

struct FieldSpec {
  const char* name;
  int min, max;
  const std::array<const char*, 12>* names;  // names[i] is the value min_name + i
  int min_name;
  bool allows_question_mark;
};

const std::array<const char*, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
const std::array<const char*, 12> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri",
                                               "sat", "",    "",    "",    "",    ""};

const FieldSpec kSecond{"second", 0, 59, nullptr, 0, false};
const FieldSpec kMinute{"minute", 0, 59, nullptr, 0, false};
const FieldSpec kHour{"hour", 0, 23, nullptr, 0, false};
const FieldSpec kDayOfMonth{"day of month", 1, 31, nullptr, 0, true};
const FieldSpec kMonth{"month", 1, 12, &kMonthNames, 1, false};
// 7 is Sunday too, as in cron.
const FieldSpec kDayOfWeek{"day of week", 0, 7, &kDayNames, 0, true};
const FieldSpec kYear{"year", CronExpression::kFirstYear, CronExpression::kLastYear, nullptr, 0,
                      false};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A number or a name of the field. Digits are capped before conversion so
// "4000000000" or a thousand digits is "out of range", never an overflow.
Result<int> ParseValue(std::string_view token, const FieldSpec& f) {
  if (token.empty()) return Result<int>::Error("empty value");
  if (f.names) {
    const std::string lower = Lower(token);
    for (size_t i = 0; i < f.names->size(); ++i) {
      if (*(*f.names)[i] && lower == (*f.names)[i]) return f.min_name + static_cast<int>(i);
    }
  }
  if (token.find_first_of("LW#") != std::string_view::npos) {
    return Result<int>::Error("'" + std::string(token) +
                              "': L, W and # are not supported by mig-runner");
  }
  if (std::isdigit(static_cast<unsigned char>(token[0]))) {
    if (token.size() > 4) return Result<int>::Error("'" + std::string(token) + "' is out of range");
    int v = 0;
    for (char c : token) {
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return Result<int>::Error("'" + std::string(token) + "' is not a number");
      v = v * 10 + (c - '0');
    }
    if (v < f.min || v > f.max) {
      return Result<int>::Error(std::to_string(v) + " is out of range " + std::to_string(f.min) +
                                "-" + std::to_string(f.max));
    }
    return v;
  }
  return Result<int>::Error("'" + std::string(token) + "' is not a value of this field");
}

// Sets the values an expression field selects in out (indexed by value).
// Returns whether the field restricts anything ("*" and "?" do not).
Result<bool> ParseField(std::string_view text, const FieldSpec& f, std::vector<bool>& out) {
  out.assign(static_cast<size_t>(f.max) + 1, false);
  auto fail = [&](const std::string& why) {
    return Result<bool>::Error(std::string(f.name) + " field '" + std::string(text) + "': " + why);
  };
  if (text == "*" || (f.allows_question_mark && text == "?")) {
    for (int v = f.min; v <= f.max; ++v)
      out[static_cast<size_t>(v)] = true;
    return false;
  }
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) return fail("empty list element");
    int step = 1;
    bool stepped = false;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      std::string_view step_text = item.substr(slash + 1);
      item = item.substr(0, slash);
      if (step_text.empty() || step_text.size() > 4 ||
          step_text.find_first_not_of("0123456789") != std::string_view::npos) {
        return fail("step '" + std::string(step_text) + "' is not a number of 1 to 9999");
      }
      step = std::stoi(std::string(step_text));
      if (step == 0) return fail("step 0 never advances");
      stepped = true;
    }
    int lo = f.min, hi = f.max;
    if (item == "*" || (f.allows_question_mark && item == "?")) {
      // the whole range
    } else if (size_t dash = item.find('-'); dash != std::string_view::npos) {
      auto a = ParseValue(item.substr(0, dash), f);
      if (!a) return fail(a.error());
      auto b = ParseValue(item.substr(dash + 1), f);
      if (!b) return fail(b.error());
      lo = *a;
      hi = *b;
      if (lo > hi) return fail("range " + std::string(item) + " ends before it starts");
    } else {
      auto a = ParseValue(item, f);
      if (!a) return fail(a.error());
      lo = *a;
      hi = stepped ? f.max : *a;  // "A/S" runs from A to the end
    }
    for (int v = lo; v <= hi; v += step)
      out[static_cast<size_t>(v)] = true;
    if (comma == text.size()) break;
  }
  return true;
}

template <size_t N>
void Store(const std::vector<bool>& values, int offset, std::bitset<N>& bits) {
  for (size_t v = 0; v < values.size(); ++v) {
    if (values[v]) bits.set(v - static_cast<size_t>(offset));
  }
}

int64_t MakeUtc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  struct tm t = {};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;  // timegm normalises month 13 and day 32
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  t.tm_sec = second;
  return static_cast<int64_t>(timegm(&t));
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string_view Macro(std::string_view text) {
  if (text == "@yearly" || text == "@annually") return "0 0 0 1 1 * *";
  if (text == "@monthly") return "0 0 0 1 * * *";
  if (text == "@weekly") return "0 0 0 * * 0 *";
  if (text == "@daily" || text == "@midnight") return "0 0 0 * * * *";
  if (text == "@hourly") return "0 0 * * * * *";
  return {};
}

}  // namespace

Result<CronExpression> CronExpression::Parse(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return Result<CronExpression>::Error("cron expression longer than " +
                                         std::to_string(kMaxExpressionBytes) + " bytes");
  }
  CronExpression e;
  e.text_ = std::string(text);
  std::string_view body = text;
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())))
    body.remove_prefix(1);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
    body.remove_suffix(1);
  if (!body.empty() && body.front() == '@') {
    std::string_view expanded = Macro(Lower(body));
    if (expanded.empty()) {
      return Result<CronExpression>::Error(
          "unknown cron macro '" + std::string(body) +
          "' (known: @yearly @annually @monthly @weekly @daily @midnight @hourly)");
    }
    body = expanded;
  }
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i])))
      ++i;
    size_t j = i;
    while (j < body.size() && !std::isspace(static_cast<unsigned char>(body[j])))
      ++j;
    if (j > i) fields.push_back(body.substr(i, j - i));
    if (fields.size() > 7) break;
    i = j;
  }
  if (fields.size() < 5 || fields.size() > 7) {
    return Result<CronExpression>::Error(
        "a cron expression has 5, 6 or 7 fields ([second] minute hour day-of-month month "
        "day-of-week [year]), this one has " +
        (fields.size() > 7 ? std::string("more than 7") : std::to_string(fields.size())));
  }
  // 5 fields: no second, no year. 6: a year is appended (cronexpr's rule).
  // 7: second first, year last.
  const std::string_view second = fields.size() == 7 ? fields[0] : "0";
  const size_t base = fields.size() == 7 ? 1 : 0;
  const std::string_view year = fields.size() >= 6 ? fields.back() : "*";
  std::vector<bool> v;
  auto parse = [&](std::string_view f, const FieldSpec& spec) { return ParseField(f, spec, v); };
  if (auto r = parse(second, kSecond); !r) return r.status();
  Store(v, 0, e.seconds_);
  if (auto r = parse(fields[base], kMinute); !r) return r.status();
  Store(v, 0, e.minutes_);
  if (auto r = parse(fields[base + 1], kHour); !r) return r.status();
  Store(v, 0, e.hours_);
  auto dom = parse(fields[base + 2], kDayOfMonth);
  if (!dom) return dom.status();
  e.dom_restricted_ = *dom;
  Store(v, 0, e.days_of_month_);
  if (auto r = parse(fields[base + 3], kMonth); !r) return r.status();
  Store(v, 0, e.months_);
  auto dow = parse(fields[base + 4], kDayOfWeek);
  if (!dow) return dow.status();
  e.dow_restricted_ = *dow;
  if (v[7]) v[0] = true;
  v.resize(7);
  Store(v, 0, e.days_of_week_);
  if (auto r = parse(year, kYear); !r) return r.status();
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    if (v[static_cast<size_t>(y)]) e.years_.set(static_cast<size_t>(y - kFirstYear));
  }
  return e;
}

// Cron's rule: with both day fields restricted a day matching either runs;
// otherwise the restricted one (or none) decides.
bool CronExpression::DayMatches(int year, int month, int day) const {
  if (day > DaysInMonth(year, month)) return false;
  const int weekday = static_cast<int>(((MakeUtc(year, month, day) / 86400) % 7 + 11) % 7);
  const bool dom = days_of_month_[static_cast<size_t>(day)];
  const bool dow = days_of_week_[static_cast<size_t>(weekday)];
  if (dom_restricted_ && dow_restricted_) return dom || dow;
  if (dow_restricted_) return dow;
  return dom;
}

std::optional<int64_t> CronExpression::Next(int64_t unix_seconds) const {
  int64_t s = std::max<int64_t>(unix_seconds + 1, 0);
  // Every pass either returns or moves s forward by at least one unit of a
  // field that did not match; the year bound ends the search.
  for (;;) {
    struct tm t = {};
    const time_t tt = static_cast<time_t>(s);
    gmtime_r(&tt, &t);
    const int year = t.tm_year + 1900, month = t.tm_mon + 1, day = t.tm_mday;
    if (year > kLastYear) return std::nullopt;
    if (!years_[static_cast<size_t>(year - kFirstYear)]) {
      s = MakeUtc(year + 1, 1, 1);
    } else if (!months_[static_cast<size_t>(month)]) {
      s = MakeUtc(year, month + 1, 1);
    } else if (!DayMatches(year, month, day)) {
      s = MakeUtc(year, month, day + 1);
    } else if (!hours_[static_cast<size_t>(t.tm_hour)]) {
      s = MakeUtc(year, month, day, t.tm_hour + 1);
    } else if (!minutes_[static_cast<size_t>(t.tm_min)]) {
      s = MakeUtc(year, month, day, t.tm_hour, t.tm_min + 1);
    } else if (!seconds_[static_cast<size_t>(t.tm_sec)]) {
      s += 1;
    } else {
      return s;
    }
  }
}

std::optional<int64_t> CronExpression::LatestDue(int64_t after_unix_seconds,
                                                 int64_t unix_seconds) const {
  if (unix_seconds <= after_unix_seconds) return std::nullopt;
  // Nothing due at all (the common case, and a schedule that never comes):
  // one forward search settles it.
  if (auto first = Next(after_unix_seconds); !first || *first > unix_seconds) return std::nullopt;
  // Widen a window back from now until it holds an occurrence, then walk
  // forward inside it: the walk is short because the window at most doubled
  // past the last occurrence.
  for (int64_t window = 1;; window *= 2) {
    const int64_t from = std::max(unix_seconds - window, after_unix_seconds);
    std::optional<int64_t> found = Next(from);
    if (found && *found <= unix_seconds) {
      int64_t latest = *found;
      while (auto n = Next(latest)) {
        if (*n > unix_seconds) break;
        latest = *n;
      }
      return latest;
    }
    if (from == after_unix_seconds) return std::nullopt;
  }
}

}  // namespace mig::runner
