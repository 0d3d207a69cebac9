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

// How much the caller already knows about the file.
enum class FileKind {
  kUnverified,  // stat the open file: it must be regular, its size ends the read
  // The directory entry said "regular file" on a filesystem whose sizes are
  // honest (filesystem_kind.h): no fstat, and a short read is the end.
  kRegularOnDisk,
};

// name is relative to dirfd (AT_FDCWD for a path). With decompress, a file
// that starts with 1F 8B is gunzipped (concatenated members included).
ReadOutcome ReadFileOnce(int dirfd, const char* name, bool decompress, const ByteSink& sink,
                         FileKind kind = FileKind::kUnverified);

}  // namespace mig::modules::file
