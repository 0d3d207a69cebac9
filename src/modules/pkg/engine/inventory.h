// The installed-package inventory: what the pkg module lists and scribe's
// package objects test. RPM packages come from the RPM database through
// librpm (when the build has it), dpkg packages from dpkg's status file,
// parsed here: nothing is executed.
#pragma once

#include <string>
#include <vector>

namespace mig::modules::pkg {

struct InstalledPackage {
  std::string name;     // dpkg: with ":arch" for Multi-Arch: same packages, as `dpkg -l` prints
  std::string version;  // dpkg: full Debian version with epoch; rpm: %{EVR}
  std::string arch;
  std::string type;  // "rpm" or "dpkg"
};

struct InventorySources {
  std::string dpkg_status = "/var/lib/dpkg/status";
  std::string
      rpm_dbpath;  // empty: librpm's configured default; a missing database contributes nothing
};

struct Inventory {
  std::vector<InstalledPackage> packages;  // RPM entries first, then dpkg, each in database order
  std::vector<std::string> problems;       // a source that exists but could not be read, with why
};

// Reads both sources. A missing source contributes nothing; a source that
// exists but cannot be read whole contributes nothing and one problem (a
// partial list would make absent packages look uninstalled).
Inventory ReadInventory(const InventorySources& sources = {});

}  // namespace mig::modules::pkg
