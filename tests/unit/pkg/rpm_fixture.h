// An RPM database in a temp dir, holding packages built here by rpmbuild
// from tiny specs (with and without an epoch, two versions of one name) and
// registered with `rpm -i --justdb`: RPM hosts tested without being one.
#pragma once

#include <string>
#include <vector>

#include "test_env.h"

namespace mig::modules::pkg {

class RpmTestDatabase {
 public:
  RpmTestDatabase();
  // Empty when the database could be made; else what failed.
  const std::string& error() const { return error_; }
  const std::string& dbpath() const { return db_; }
  const mig::test::TempDir& dir() const { return dir_; }
  // Builds and registers one more noarch package (a file name of its own:
  // the version may be longer than a file name may be).
  void AddPackage(const std::string& name, const std::string& version);
  // `rpm -qa --queryformat '%{NAME} %{EVR} %{ARCH}\n'` on it, one entry a line.
  std::vector<std::string> RpmQa() const;

 private:
  void Build(const std::string& name, const std::string& epoch, const std::string& version,
             const std::string& release, const std::string& arch);
  void Run(const std::string& command);

  mig::test::TempDir dir_{"mig-pkg-rpm"};
  std::string db_;
  std::string error_;
};

std::vector<std::string> SplitLines(const std::string& text);

}  // namespace mig::modules::pkg
