// MIG's -target-found / -target-notfound subquery: the one subquery a target
// may contain, recognised token by token and turned into a FoundInAction node.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/target/lexer.h"
#include "core/target/target_expr.h"

namespace mig::target_internal {

// `pos` is at the "select" token after "id IN (". On a match, returns a
// kFoundInAction node and moves `pos` past the closing ')'. Otherwise sets
// `fail_offset` to the first token that differs.
std::optional<TargetExpr> MatchFoundSubquery(const std::vector<Token>& tokens, size_t& pos,
                                             size_t& fail_offset);

}  // namespace mig::target_internal
