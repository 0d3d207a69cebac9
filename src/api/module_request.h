// The body of POST /module/parameters (docs/api.md): a module name, the
// argv `mig NAME` would take as a JSON array of strings, and the files the
// browser read for the module's "file" flags as a JSON object (flag value ->
// content). Everything a client sends here is bounded and checked before
// any module sees it; nothing names a file on the server.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace mig::api {

inline constexpr size_t kMaxModuleArgs = 512;
inline constexpr size_t kMaxModuleArgBytes = 64 * 1024;
inline constexpr size_t kMaxModuleFiles = 16;
inline constexpr size_t kMaxModuleFileNameBytes = 4096;

struct ModuleRequest {
  std::string module;
  std::vector<std::string> args;
  std::map<std::string, std::string> files;
};

// form: the decoded form fields. max_bytes bounds each JSON field and the
// files' total size (the API's body limit). Errors name the field. The
// module name is checked for shape only; the caller looks it up.
Result<ModuleRequest> ParseModuleRequest(const std::map<std::string, std::string>& form,
                                         size_t max_bytes);

// Lower-case letters and digits, 1 to 32 of them: what a module name can be
// (and so safe to quote back in a message).
bool PlausibleModuleName(const std::string& name);

}  // namespace mig::api
