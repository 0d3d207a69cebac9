// Reading and replacing the files the account module edits (/etc/shadow,
// /etc/passwd, its lock record) so that a crash or a power cut leaves the old
// file or the new one, never half of either, and no other process ever holds
// the new file open: it is written unnamed (O_TMPFILE), given its final
// owner, group and mode, synced, and only then named and renamed into place.
// The module child runs as an unprivileged uid, so a named temporary file
// would belong to that uid for a moment, long enough for another process of
// that uid to open it for writing.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/status.h"

namespace mig::modules::account {

struct FileContent {
  std::string data;
  uid_t owner = 0;
  gid_t group = 0;
  mode_t mode = 0;  // permission bits only
};

// A regular file (not followed if it is a symbolic link) of at most max_bytes.
Result<FileContent> ReadSystemFile(const std::string& path, size_t max_bytes);

// Replaces path (replace=true) or creates it (replace=false: an error if it
// exists), with the given owner, group and mode, then syncs its directory.
Status WriteSystemFile(const std::string& path, const std::string& data, uid_t owner, gid_t group,
                       mode_t mode, bool replace);

// Removes path and syncs its directory; a missing file is not an error.
Status RemoveSystemFile(const std::string& path);

// Whether path exists (not followed).
bool PathExists(const std::string& path);

}  // namespace mig::modules::account
