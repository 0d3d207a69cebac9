#include "modules/account/user_name.h"

#include <cctype>
#include <cstddef>

namespace mig::modules::account {

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!std::isalpha(first) && first != '_') return false;
  for (size_t i = 1; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') continue;
    if (c == '$' && i + 1 == name.size()) continue;
    return false;
  }
  return true;
}

}  // namespace mig::modules::account
