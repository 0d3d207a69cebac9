#include "rpm_fixture.h"

#include <sstream>

namespace mig::modules::pkg {

using mig::test::RunShell;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

RpmTestDatabase::RpmTestDatabase() : db_(dir_.Sub("db")) {
  Run("command -v rpm && command -v rpmbuild");
  Run("rpm --initdb --dbpath " + db_);
  Build("migtest-alpha", "", "1.2.3", "4", "noarch");
  Build("migtest-beta", "7", "0.9~rc1", "1.el9", "x86_64");
  Build("migtest-gamma", "0", "2024.1", "3", "noarch");
  Build("migtest-beta", "7", "1.0", "1.el9", "x86_64");  // a second version, like kernels
  Run("rpm -i --dbpath " + db_ + " --nodeps --justdb --noscripts --ignorearch " + dir_.path() +
      "/top/RPMS/*/*.rpm");
}

void RpmTestDatabase::Build(const std::string& name, const std::string& epoch,
                            const std::string& version, const std::string& release,
                            const std::string& arch) {
  const std::string spec = dir_.Sub(name + "-" + version + ".spec");
  mig::test::WriteFile(spec, "Name: " + name + "\nVersion: " + version + "\nRelease: " + release +
                                 "\n" + (epoch.empty() ? "" : "Epoch: " + epoch + "\n") +
                                 "Summary: a MIG test package\nLicense: MIT\nBuildArch: " + arch +
                                 "\n%description\nA MIG test package.\n%files\n");
  Run("rpmbuild -bb --quiet --target " + arch + " --define '_topdir " + dir_.Sub("top") +
      "' --define '_dbpath " + db_ + "' " + spec);
}

void RpmTestDatabase::Run(const std::string& command) {
  if (!error_.empty()) return;
  const auto out = RunShell(command + " 2>&1");
  if (out.exit_code != 0) error_ = command + " failed:\n" + out.output;
}

void RpmTestDatabase::AddPackage(const std::string& name, const std::string& version) {
  const std::string spec = dir_.Sub(name + ".spec");
  mig::test::WriteFile(spec, "Name: " + name + "\nVersion: " + version +
                                 "\nRelease: 1\nSummary: a MIG test package\nLicense: MIT\n"
                                 "BuildArch: noarch\n%description\nA MIG test package.\n%files\n");
  // --noclean: rpm's own clean-up fails on a build root named that long.
  Run("rpmbuild -bb --quiet --noclean --define '_topdir " + dir_.Sub("top-extra") +
      "' --define '_rpmfilename " + name + ".rpm' " + spec);
  Run("rpm -i --dbpath " + db_ + " --nodeps --justdb --noscripts " + dir_.Sub("top-extra") +
      "/RPMS/" + name + ".rpm");
}

std::vector<std::string> RpmTestDatabase::RpmQa() const {
  const auto out =
      RunShell("rpm -qa --dbpath " + db_ + " --queryformat '%{NAME} %{EVR} %{ARCH}\\n'");
  return out.exit_code == 0 ? SplitLines(out.output) : std::vector<std::string>{out.output};
}

}  // namespace mig::modules::pkg
