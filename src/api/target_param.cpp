#include "api/target_param.h"

#include <string>

#include "core/target/target.h"

namespace mig::api {

Result<SqlFragment> CompileTargetParam(std::string_view target, SqlDialect dialect) {
  TargetError err;
  auto expr = ParseTarget(target, &err);
  if (!expr.ok())
    return Status::Error("parameter 'target': " + expr.error() + "\n" +
                         CaretDisplay(target, err.offset));
  auto sql = CompileTarget(*expr, dialect, 1);
  if (!sql.ok()) return sql.status().Context("parameter 'target'");
  return sql;
}

}  // namespace mig::api
