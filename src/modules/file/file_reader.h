// Reads one file once, from start to end, handing the (optionally
// gunzipped) bytes to a sink. Never blocks on FIFOs or devices: the file is
// opened non-blocking and must be a regular file.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace mig::modules::file {

struct ReadOutcome {
  enum Kind { kOk, kOpenFailed, kNotRegular, kReadFailed, kBadGzip } kind = kOk;
  std::string error;  // what went wrong, without the path
};

// Returns false from the sink to stop reading early.
using ByteSink = std::function<bool(std::string_view)>;

// name is relative to dirfd (AT_FDCWD for a path). With decompress, a file
// that starts with 1F 8B is gunzipped (concatenated members included).
ReadOutcome ReadFileOnce(int dirfd, const char* name, bool decompress, const ByteSink& sink);

}  // namespace mig::modules::file
