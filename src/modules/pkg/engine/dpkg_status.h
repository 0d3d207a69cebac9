// dpkg's status database (/var/lib/dpkg/status): a parser fed in chunks, so
// that a file of any size is read in bounded memory, and a reader of the file
// and of the journal dpkg keeps beside it (updates/NNNN: records a dpkg run
// wrote but did not yet fold into status, which dpkg-query reads too).
//
// Kept: the stanzas whose Status is "install ok installed" (`ii` in `dpkg
// -l`), named as `dpkg -l` and `${binary:Package}` name them: "name:arch"
// when the package is Multi-Arch: same, or its architecture is neither the
// native one nor "all"; the bare name otherwise. The native architecture is
// that of the installed dpkg package (dpkg is built for it), else the one this
// program was built for.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "modules/pkg/engine/inventory.h"

namespace mig::modules::pkg {

struct DpkgStatusLimits {
  std::size_t max_bytes = std::size_t{256} << 20;  // a real status file is a few MB
  std::size_t max_line = std::size_t{1} << 20;
  std::size_t max_stanzas = 500000;
};

// One stanza: a package in any state.
struct DpkgRecord {
  std::string name;  // lower-case, as dpkg stores it
  std::string version;
  std::string arch;
  bool multi_arch_same = false;
  bool installed = false;  // Status: install ok installed
};

// The installed records, named as `dpkg -l` names them.
std::vector<InstalledPackage> InstalledPackages(const std::vector<DpkgRecord>& records);

class DpkgStatusParser {
 public:
  explicit DpkgStatusParser(DpkgStatusLimits limits = {}) : limits_(limits) {}

  // Takes the next bytes of the file. After an error, the parser refuses
  // everything else and Finish returns that error.
  Status Feed(std::string_view chunk);
  // Ends the input; the installed packages in file order, or why the file was
  // refused (with its line number).
  Result<std::vector<InstalledPackage>> Finish();
  // As Finish, every stanza.
  Result<std::vector<DpkgRecord>> FinishRecords();

 private:
  struct Stanza {
    std::string package, status, version, architecture, multi_arch;
    std::size_t first_line = 0;
    bool any_field = false;
  };

  Status Fail(std::string why);
  Status TakeLine(std::string_view line);
  Status EndStanza();

  DpkgStatusLimits limits_;
  Status error_;
  std::string partial_line_;
  std::size_t bytes_ = 0;
  std::size_t line_number_ = 0;
  std::size_t stanzas_ = 0;
  Stanza stanza_;
  bool in_field_ = false;    // a continuation line extends the last field
  bool field_kept_ = false;  // ... which is one of the stanza's kept fields
  std::vector<DpkgRecord> records_;
};

// Reads the status file at path and, when it is named "status", the journal
// in updates/ beside it, each record there replacing the one of the same name
// and architecture, in the journal's order. A missing status file is an empty
// list with no error (not a dpkg host); anything else that prevents reading
// it whole is an error naming the file.
struct DpkgStatusRead {
  bool present = false;
  Result<std::vector<InstalledPackage>> packages = std::vector<InstalledPackage>{};
};
DpkgStatusRead ReadDpkgStatus(const std::string& path, DpkgStatusLimits limits = {});

// The Debian name of the architecture this program was built for ("amd64").
std::string BuildDebianArchitecture();

}  // namespace mig::modules::pkg
