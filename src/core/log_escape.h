// Request values in log lines: whatever a client sends (paths, headers,
// names, messages quoting them) must not start a new line, move the cursor or
// forge a field. EscapeLogValue keeps printable UTF-8 and writes the rest as
// Go's strconv.Quote would inside a string: \n \r \t \\ \" and \xHH.
#pragma once

#include <string>
#include <string_view>

namespace mig {

// Control characters (C0, DEL, C1), invalid UTF-8, backslash and double
// quote escaped; everything else as given.
std::string EscapeLogValue(std::string_view value);

}  // namespace mig
