#include "modules/go_flags.h"

#include <charconv>

namespace mig::modules {
namespace {

Result<bool> ParseBool(const std::string& flag, const std::string& text) {
  if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" ||
      text == "True")
    return true;
  if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" ||
      text == "False")
    return false;
  return Result<bool>::Error("invalid boolean value \"" + text + "\" for flag -" + flag +
                             ": use true or false");
}

Result<double> ParseNumber(const std::string& flag, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return Result<double>::Error("invalid value \"" + text + "\" for flag -" + flag +
                                 ": expected a number");
  return v;
}

}  // namespace

std::string_view FlagTypeName(FlagType type) {
  switch (type) {
    case FlagType::kList:
      return "list";
    case FlagType::kString:
      return "string";
    case FlagType::kNumber:
      return "number";
    case FlagType::kBool:
      return "bool";
    case FlagType::kFile:
      return "file";
  }
  return "string";
}

void FlagSet::Add(const std::string& name, FlagType type, void* out, std::string help,
                  size_t max_bytes) {
  // A second registration of a name replaces the first, in place.
  if (!flags_.count(name))
    order_.push_back(FlagInfo{name, type, std::move(help)});
  else
    for (auto& f : order_)
      if (f.name == name) f = FlagInfo{name, type, std::move(help)};
  flags_[name] = {type, out, max_bytes};
}

void FlagSet::List(const std::string& name, std::vector<std::string>* out, std::string help) {
  Add(name, FlagType::kList, out, std::move(help));
}
void FlagSet::String(const std::string& name, std::string* out, std::string help) {
  Add(name, FlagType::kString, out, std::move(help));
}
void FlagSet::Number(const std::string& name, double* out, std::string help) {
  Add(name, FlagType::kNumber, out, std::move(help));
}
void FlagSet::Bool(const std::string& name, bool* out, std::string help) {
  Add(name, FlagType::kBool, out, std::move(help));
}
void FlagSet::File(const std::string& name, FlagFile* out, std::string help, size_t max_bytes) {
  Add(name, FlagType::kFile, out, std::move(help), max_bytes);
}

std::vector<FlagInfo> FlagSet::Describe() const {
  return order_;
}

Status FlagSet::Parse(const std::vector<std::string>& args) const {
  return Parse(args, NoFiles());
}

Status FlagSet::Parse(const std::vector<std::string>& args, const FileSource& files) const {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "--") break;  // first non-flag ends parsing
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "h" || name == "help") return Status::Error("help requested");
    auto it = flags_.find(name);
    if (it == flags_.end())
      return Status::Error("flag provided but not defined: -" + name + " (see " + command_ +
                           " help)");
    const Target& t = it->second;
    if (t.type == FlagType::kBool) {
      bool v = true;
      if (has_value) {
        auto b = ParseBool(name, value);
        if (!b) return b.status();
        v = *b;
      }
      *static_cast<bool*>(t.out) = v;
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return Status::Error("flag needs an argument: -" + name);
      value = args[++i];
    }
    switch (t.type) {
      case FlagType::kList:
        static_cast<std::vector<std::string>*>(t.out)->push_back(value);
        break;
      case FlagType::kString:
        *static_cast<std::string*>(t.out) = value;
        break;
      case FlagType::kNumber: {
        auto n = ParseNumber(name, value);
        if (!n) return n.status();
        *static_cast<double*>(t.out) = *n;
        break;
      }
      case FlagType::kFile: {
        auto* file = static_cast<FlagFile*>(t.out);
        *file = FlagFile{value, ""};
        if (value.empty()) break;
        auto content = files.Read(value, t.max_bytes);
        if (!content) return content.status();
        file->content = std::move(*content);
        break;
      }
      case FlagType::kBool:
        break;
    }
  }
  return Status::Ok();
}

}  // namespace mig::modules
