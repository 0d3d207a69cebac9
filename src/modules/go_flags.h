// Module command-line flags with Go flag package rules (spec/modules/
// README.md section 9.2): -name value, -name=value and --name value; a
// boolean takes no separate value (-x or -x=false); list flags repeat;
// parsing stops at the first argument that is not a flag; an unknown flag
// is an error that names it. Shared by every module.
//
// A FlagSet is also the description of a module's flags (name, type, help,
// in registration order) that mig-api serves to the web console: a module
// registers its flags once, in one function that both its parser and its
// description call, so the two cannot drift.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "modules/file_source.h"

namespace mig::modules {

enum class FlagType { kList, kString, kNumber, kBool, kFile };

// "list", "string", "number", "bool" or "file", as the API writes them.
std::string_view FlagTypeName(FlagType type);

struct FlagInfo {
  std::string name;  // without the dash
  FlagType type;
  std::string help;  // one line

  bool operator==(const FlagInfo&) const = default;
};

// What a file flag receives: the name the user gave and that file's content.
// An empty name (`-path ""`) reads nothing, as if the flag were absent.
struct FlagFile {
  std::string name;
  std::string content;
};

// Larger files given to a file flag are refused (unless the flag says less).
inline constexpr size_t kMaxFlagFileBytes = size_t{64} << 20;

class FlagSet {
 public:
  // command is used in messages: "mig netstat".
  explicit FlagSet(std::string command) : command_(std::move(command)) {}

  // Each registration takes the flag's one-line help text.
  void List(const std::string& name, std::vector<std::string>* out, std::string help);
  void String(const std::string& name, std::string* out, std::string help);
  void Number(const std::string& name, double* out, std::string help);
  void Bool(const std::string& name, bool* out, std::string help);
  // The value names a file; *out receives the name and the content, read
  // through the FileSource given to Parse (never more than max_bytes).
  void File(const std::string& name, FlagFile* out, std::string help,
            size_t max_bytes = kMaxFlagFileBytes);

  // Fills the registered outputs; "-h"/"-help" gives the error "help
  // requested". File flags read through files.
  Status Parse(const std::vector<std::string>& args, const FileSource& files) const;
  // For flag sets without a file flag (a file flag given here is an error).
  Status Parse(const std::vector<std::string>& args) const;

  // The flags in registration order.
  std::vector<FlagInfo> Describe() const;

 private:
  struct Target {
    FlagType type;
    void* out;
    size_t max_bytes;
  };
  void Add(const std::string& name, FlagType type, void* out, std::string help,
           size_t max_bytes = 0);

  std::string command_;
  std::map<std::string, Target> flags_;
  std::vector<FlagInfo> order_;
};

}  // namespace mig::modules
