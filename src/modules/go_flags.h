// Module command-line flags with Go flag package rules (spec/modules/
// README.md section 9.2): -name value, -name=value and --name value; a
// boolean takes no separate value (-x or -x=false); list flags repeat;
// parsing stops at the first argument that is not a flag; an unknown flag
// is an error that names it. Shared by every module.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace mig::modules {

class FlagSet {
 public:
  // command is used in messages: "mig netstat".
  explicit FlagSet(std::string command) : command_(std::move(command)) {}

  void List(const std::string& name, std::vector<std::string>* out);
  void String(const std::string& name, std::string* out);
  void Number(const std::string& name, double* out);
  void Bool(const std::string& name, bool* out);

  // Fills the registered outputs; "-h"/"-help" gives the error "help requested".
  Status Parse(const std::vector<std::string>& args) const;

 private:
  enum class Kind { kList, kString, kNumber, kBool };
  struct Target {
    Kind kind;
    void* out;
  };
  std::string command_;
  std::map<std::string, Target> flags_;
};

}  // namespace mig::modules
