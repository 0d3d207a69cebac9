#include "core/sql_time.h"

namespace mig {

std::string FormatSqliteTime(const Time& t) {
  std::string text = FormatTime(t);  // RFC 3339, trimmed fraction, 'Z'
  text.pop_back();
  const size_t dot = text.find('.');
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (dot != std::string::npos) text.resize(dot);
  fraction.resize(9, '0');
  return text + "." + fraction + "Z";
}

std::string SqliteTimeSql(const std::string& time_value_sql, const std::string& modifiers_sql) {
  // strftime's %f is SS.SSS; six zeros complete the 9-digit fraction.
  std::string sql = "(strftime('%Y-%m-%dT%H:%M:%f', " + time_value_sql;
  if (!modifiers_sql.empty()) sql += ", " + modifiers_sql;
  return sql + ") || '000000Z')";
}

}  // namespace mig
