// User names from /etc/passwd. No NSS: the module runs in a sandbox where
// a directory service's socket is refused, and a static agent has no NSS
// plugins; a uid missing from the file is reported as its number.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace mig::modules::process {

class UserNames {
 public:
  // Reads the file once (a missing file leaves every name numeric).
  explicit UserNames(const std::string& passwd_path = "/etc/passwd");
  // "root", or "1234" when the uid has no entry.
  std::string Name(uint32_t uid) const;

  // The uid -> name lines of a passwd text; malformed lines are skipped.
  static std::map<uint32_t, std::string> Parse(const std::string& text);

 private:
  std::map<uint32_t, std::string> names_;
};

}  // namespace mig::modules::process
