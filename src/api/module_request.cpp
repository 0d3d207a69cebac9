#include "api/module_request.h"

#include "core/gojson.h"

namespace mig::api {
namespace {

Result<std::vector<std::string>> ParseArgs(const std::string& text, size_t max_bytes) {
  auto json = ParseGoJson(text, max_bytes);
  if (!json) return Status::Error("form field 'args': invalid JSON: " + json.error());
  if (!json->is_array())
    return Status::Error(
        "form field 'args' must be a JSON array of strings (the argv of mig NAME)");
  if (json->size() > kMaxModuleArgs)
    return Status::Error("form field 'args': " + std::to_string(json->size()) +
                         " arguments, at most " + std::to_string(kMaxModuleArgs) + " allowed");
  std::vector<std::string> args;
  args.reserve(json->size());
  for (size_t i = 0; i < json->size(); ++i) {
    const Json& a = (*json)[i];
    const std::string where = "form field 'args': element " + std::to_string(i);
    if (!a.is_string()) return Status::Error(where + " is not a string");
    const auto& s = a.get_ref<const std::string&>();
    if (s.size() > kMaxModuleArgBytes)
      return Status::Error(where + " is longer than " + std::to_string(kMaxModuleArgBytes) +
                           " bytes");
    // A command line cannot carry one: refused rather than cut.
    if (s.find('\0') != std::string::npos) return Status::Error(where + " contains a NUL byte");
    args.push_back(s);
  }
  return args;
}

Result<std::map<std::string, std::string>> ParseFiles(const std::string& text, size_t max_bytes) {
  auto json = ParseGoJson(text, max_bytes);
  if (!json) return Status::Error("form field 'files': invalid JSON: " + json.error());
  if (!json->is_object())
    return Status::Error(
        "form field 'files' must be a JSON object: file flag value -> file content");
  if (json->size() > kMaxModuleFiles)
    return Status::Error("form field 'files': " + std::to_string(json->size()) +
                         " files, at most " + std::to_string(kMaxModuleFiles) + " allowed");
  std::map<std::string, std::string> files;
  size_t total = 0;
  for (const auto& [name, content] : json->items()) {
    if (name.empty() || name.size() > kMaxModuleFileNameBytes)
      return Status::Error("form field 'files': a file name must be 1 to " +
                           std::to_string(kMaxModuleFileNameBytes) + " bytes");
    if (!content.is_string())
      return Status::Error("form field 'files': the content of each file must be a string");
    const auto& s = content.get_ref<const std::string&>();
    total += s.size();
    if (total > max_bytes)
      return Status::Error("form field 'files': more than " + std::to_string(max_bytes) +
                           " bytes of files");
    files.emplace(name, s);
  }
  return files;
}

}  // namespace

bool PlausibleModuleName(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

Result<ModuleRequest> ParseModuleRequest(const std::map<std::string, std::string>& form,
                                         size_t max_bytes) {
  ModuleRequest r;
  auto module = form.find("module");
  if (module == form.end() || module->second.empty())
    return Status::Error("missing form field 'module' (a module name, see GET /modules)");
  if (!PlausibleModuleName(module->second))
    return Status::Error("form field 'module': unknown module (see GET /modules)");
  r.module = module->second;
  auto args = form.find("args");
  if (args == form.end())
    return Status::Error("missing form field 'args' (a JSON array of strings, [] for none)");
  auto parsed = ParseArgs(args->second, max_bytes);
  if (!parsed) return parsed.status();
  r.args = std::move(*parsed);
  if (auto files = form.find("files"); files != form.end() && !files->second.empty()) {
    auto f = ParseFiles(files->second, max_bytes);
    if (!f) return f.status();
    r.files = std::move(*f);
  }
  return r;
}

}  // namespace mig::api
