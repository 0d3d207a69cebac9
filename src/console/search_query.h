// MIG's console search syntax (components.md 10):
//   search <type> where <key>=<value> [and <key>=<value> ...]
// turned into the query parameters of GET /search (api.md 6).
#pragma once

#include <string>
#include <vector>

#include "console/console_api.h"
#include "core/status.h"

namespace mig::console {

struct SearchQuery {
  std::string type;
  Params params;  // "type" first, then the conditions, "limit" last
};

// The types and keys the console knows, for help and completion.
const std::vector<std::string>& SearchTypes();
const std::vector<std::string>& SearchKeys();

// words: what follows "search". `name` maps to the type's own name field,
// `*` in a value means `%`, limit defaults to 100. Errors say what to type.
Result<SearchQuery> ParseSearch(const std::vector<std::string>& words);

// One line reminding the syntax, used in error messages and help.
std::string SearchUsage();

}  // namespace mig::console
