// The RPM database, read through librpm: every header of RPMDBI_PACKAGES in
// database order, as `rpm -qa --queryformat '%{NAME} %{EVR} %{ARCH}\n'`
// prints it. The database is opened read-only and only when its file exists
// (librpm's sqlite backend would create a missing one); librpm's messages are
// taken, never printed. Without librpm in the build (MIG_HAVE_LIBRPM unset:
// the static agent), there is never a database.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "modules/pkg/engine/inventory.h"

namespace mig::modules::pkg {

struct RpmDatabaseRead {
  bool present = false;  // a database file was found at the path
  std::string dbpath;    // the directory looked at
  Result<std::vector<InstalledPackage>> packages = std::vector<InstalledPackage>{};
};

// dbpath empty: librpm's %{_dbpath} when its definition runs no shell
// command, else /var/lib/rpm (Debian's rpm defines it as
// %(bash -c 'echo ~/.rpmdb'), which the sandboxed module may not execute).
RpmDatabaseRead ReadRpmDatabase(const std::string& dbpath);

// Whether this build reads RPM databases at all.
bool RpmSupportBuiltIn();

}  // namespace mig::modules::pkg
