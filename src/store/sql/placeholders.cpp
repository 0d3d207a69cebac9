#include "store/sql/placeholders.h"

#include <cctype>
#include <vector>

namespace mig::store {
namespace {

// Calls on_code(i) for each character index outside '...' and "..." literals.
template <typename F>
void ForEachCodeChar(const std::string& sql, F on_code) {
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote reopens on the next char
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    on_code(i);
  }
}

bool IsDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::string DollarToQuestion(const std::string& sql) {
  std::string out = sql;
  ForEachCodeChar(sql, [&](size_t i) {
    if (sql[i] == '$' && i + 1 < sql.size() && IsDigit(sql[i + 1])) out[i] = '?';
  });
  return out;
}

Status CheckFragment(const SqlFragment& f, SqlDialect dialect) {
  const std::string& sql = f.sql;
  bool blank = true;
  for (char c : sql)
    blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) return Status::Error("target fragment: the SQL is empty");
  const char mine = dialect == SqlDialect::kPostgres ? '$' : '?';
  const char other = dialect == SqlDialect::kPostgres ? '?' : '$';
  std::string problem;
  std::vector<bool> used(f.params.size() + 1, false);
  ForEachCodeChar(sql, [&](size_t i) {
    if (!problem.empty()) return;
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == ';') problem = "contains ';' (one expression only)";
    if ((c == '-' && next == '-') || (c == '/' && next == '*')) problem = "contains an SQL comment";
    if (c == other && IsDigit(next))
      problem =
          std::string("uses '") + other + "N' placeholders; this store expects '" + mine + "N'";
    if (c == mine && (IsDigit(next) || dialect == SqlDialect::kSqlite)) {
      size_t j = i + 1;
      size_t n = 0;
      while (j < sql.size() && IsDigit(sql[j]) && n <= f.params.size())
        n = n * 10 + (sql[j++] - '0');
      if (n == 0 || n > f.params.size())
        problem = "placeholder at offset " + std::to_string(i) + " has no parameter (" +
                  std::to_string(f.params.size()) + " given)";
      else
        used[n] = true;
    }
  });
  if (problem.empty()) {
    for (size_t n = 1; n < used.size(); ++n)
      if (!used[n]) problem = "parameter " + std::to_string(n) + " is never used";
  }
  if (!problem.empty()) return Status::Error("target fragment " + problem);
  return Status::Ok();
}

}  // namespace mig::store
