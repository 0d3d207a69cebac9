// Go text formats that leak into module results (spec/modules/README.md
// section 2): durations, times, file modes, and JSON-safe strings.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace mig::modules {

// Go's time.Duration.String(): "0s", "999ns", "1.5µs", "2.4ms", "1m2.5s".
std::string FormatGoDuration(int64_t nanoseconds);

// Go's time.Time.String() in UTC: "2015-05-29 15:07:41.870377 +0000 UTC".
std::string FormatGoTime(int64_t seconds, int64_t nanoseconds);

// Go's os.FileMode.String() for a stat(2) st_mode: "-rw-r--r--",
// "drwxr-xr-x", "Dcrw-rw-rw-", "urwxr-xr-x".
std::string FormatGoMode(mode_t mode);

// Text that can go into a JSON string without loss: valid UTF-8 is kept as
// it is; each byte that is not part of valid UTF-8 becomes the four
// characters \xNN (file names on Linux are bytes, not text).
std::string JsonSafe(std::string_view bytes);

// The C library's error text in Go's style: "no such file or directory".
std::string ErrnoText(int error_number);

}  // namespace mig::modules
