// Splitting a console line into words the way a shell would, so values with
// spaces can be quoted: search action where name="find passwd".
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mig::console {

// Words are separated by blanks; '...' keeps everything literally, "..."
// keeps blanks and honours \" and \\, a backslash outside quotes escapes the
// next character. An unterminated quote is an error that says so.
Result<std::vector<std::string>> SplitWords(const std::string& line);

// The words joined by single spaces from index `from` on.
std::string JoinWords(const std::vector<std::string>& words, size_t from = 0);

}  // namespace mig::console
