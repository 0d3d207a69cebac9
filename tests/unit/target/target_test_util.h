// Helpers for the target tests: parse-or-fail, and a printable form of a
// compiled fragment's parameters.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "core/target/target.h"

namespace mig::test {

inline std::string ParamText(const SqlParam& p) {
  struct {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return "d:" + std::to_string(d); }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
  } visit;
  return std::visit(visit, p);
}

inline std::string ParamsText(const SqlFragment& f) {
  std::string out;
  for (const SqlParam& p : f.params) {
    if (!out.empty()) out += ", ";
    out += ParamText(p);
  }
  return out;
}

// Parses and compiles, failing the test on any error.
inline SqlFragment Compile(const std::string& target, SqlDialect dialect, int first = 1) {
  Result<TargetExpr> expr = ParseTarget(target);
  EXPECT_TRUE(expr.ok()) << target << ": " << expr.error();
  if (!expr.ok()) return {};
  Result<SqlFragment> sql = CompileTarget(*expr, dialect, first);
  EXPECT_TRUE(sql.ok()) << target << ": " << sql.error();
  return sql.ok() ? *sql : SqlFragment{};
}

}  // namespace mig::test
