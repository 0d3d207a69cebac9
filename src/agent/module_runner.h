// Runs one standard module from a parameters message, as `mig-agent -m
// NAME` does in the agent's child process (spec/modules/README.md 3-4).
#pragma once

#include <istream>
#include <string>
#include <string_view>

#include "core/documents.h"

namespace mig::agent {

// Reads the first message of input: up to the first LF or EOF, whichever
// comes first, of any length.
std::string ReadModuleMessage(std::istream& input);

// Decodes {"class":"parameters","parameters":{...}} and runs the module.
// Bad messages give the module's failure shape when the module exists.
// module_found is false when no module has that name (the result then
// carries only the "not available" error).
ModuleResult RunModuleMessage(std::string_view module, std::string_view message,
                              bool* module_found);

// The result as the module prints it: one JSON document (print_lines
// false), or the module's human-readable lines with found_only false.
std::string RenderModuleResult(std::string_view module, const ModuleResult& result,
                               bool print_lines);

}  // namespace mig::agent
