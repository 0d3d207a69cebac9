// Evaluates one file against the searches active where it was found
// (spec/modules/file.md section 4.5): metadata checks first, then one read
// of the file serving every content check and every digest still needed.
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>
#include <vector>

#include "modules/file/engine/file_reader.h"
#include "modules/file/engine/run_state.h"

namespace mig::modules::file {

struct FileRef {
  int dirfd;                   // directory to resolve name in (AT_FDCWD for paths)
  const char* name;            // entry name, or the whole path with AT_FDCWD
  std::string_view path;       // the path reported in results
  std::string_view base_name;  // what name checks see
  const struct stat* st;       // a stat following links, or null if not taken yet
  FileKind kind = FileKind::kUnverified;
};

// Counts the file and records it for every active search it satisfies.
void EvaluateFile(RunState& state, const std::vector<size_t>& active, const FileRef& file);

}  // namespace mig::modules::file
