// Reading and writing whole files for the command line tools, with errors
// that name the file and say what went wrong.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::client {

// Files bigger than this are refused unread (an action is a few kilobytes).
inline constexpr size_t kMaxInputFileBytes = 64 * 1024 * 1024;

// Reads the whole file; "-" reads standard input.
Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes = kMaxInputFileBytes);

// Replaces the file's content; "-" writes to standard output.
Status WriteWholeFile(const std::string& path, std::string_view content);

}  // namespace mig::client
