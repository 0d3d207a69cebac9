// Reads the lines of one located file for filecontent and hasline objects
// (spec/modules/scribe.md section 3.4): terminators removed, lines longer
// than 4096 bytes cut into 4096-byte pieces. Only regular files are read,
// opened without blocking (a FIFO or /proc/kmsg cannot hang the run), and
// at most kMaxBytesPerFile of each (/proc/kcore cannot fill memory).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace mig::modules::scribe {

inline constexpr size_t kMaxLineBytes = 4096;
inline constexpr size_t kMaxBytesPerFile = size_t{16} << 20;

// Calls on_line for each line; on_line returns false to stop. False when
// the file could not be opened or is not a regular file (skipped
// silently). *bytes_read gets what was read.
bool ForEachLine(const std::string& path, const std::function<bool(std::string_view)>& on_line,
                 size_t* bytes_read);

}  // namespace mig::modules::scribe
