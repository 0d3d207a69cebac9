// The pkg module: parameters and their errors, the `mig pkg` flags, the
// search (name regexes in order, the `!` version filter, no
// de-duplication), the result's shape and the printer's lines.
#include <gtest/gtest.h>

#include "modules/pkg/engine/pkg_engine.h"
#include "modules/pkg/params.h"
#include "modules/registry.h"

namespace mig::modules::pkg {
namespace {

ModuleResult RunWith(const std::string& params) {
  auto m = CreateModule("pkg");
  return m->Run(Json::parse(params));
}

void ExpectFailure(const std::string& params, const std::string& message) {
  const ModuleResult r = RunWith(params);
  EXPECT_FALSE(r.success) << params;
  EXPECT_FALSE(r.found_anything) << params;
  ASSERT_EQ(r.errors.size(), 1u) << params;
  EXPECT_EQ(r.errors[0], message) << params;
  EXPECT_TRUE(r.elements.is_null()) << params;
  EXPECT_EQ(r.statistics.dump(), R"({"execruntime":"0s"})") << params;
}

TEST(PkgParams, ValidationErrorsAreMigs) {
  ExpectFailure(R"({})", "must specify at least one package to match");
  ExpectFailure(R"({"pkgmatch":{"matches":[]},"vermatch":"1"})",
                "must specify at least one package to match");
  ExpectFailure(R"({"pkgmatch":{"matches":["ok","("]}})", "error parsing regexp: missing ): (");
  ExpectFailure(R"({"pkgmatch":{"matches":["ok"]},"vermatch":"![z-a]"})",
                "error parsing regexp: invalid character class range: z-a");
}

TEST(PkgParams, WrongTypesFailDecodingWithGoMessages) {
  ExpectFailure(R"({"pkgmatch":{"matches":"openssl"}})",
                "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
                "parameters.pkgmatch.matches of type []string");
  ExpectFailure(R"({"pkgmatch":["openssl"]})",
                "ReadInputParameters() -> json: cannot unmarshal array into Go struct field "
                "parameters.pkgmatch of type pkg.pkgmatch");
  ExpectFailure(R"({"pkgmatch":{"matches":["a"]},"vermatch":1})",
                "ReadInputParameters() -> json: cannot unmarshal number into Go struct field "
                "parameters.vermatch of type string");
  ExpectFailure(R"("openssl")",
                "ReadInputParameters() -> json: cannot unmarshal string into Go value of type "
                "pkg.parameters");
}

TEST(PkgParams, KeysMatchCaseInsensitively) {
  auto p = DecodeParameters(Json::parse(R"({"PkgMatch":{"Matches":["a"]},"VERMATCH":"1"})"));
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->matches, std::vector<std::string>{"a"});
  EXPECT_EQ(p->vermatch, "1");
}

TEST(PkgFlags, TheSpecsExample) {
  auto m = CreateModule("pkg");
  auto json =
      m->ParametersFromArgs({"-name", "^openssl$", "-name", "libssl", "-version", "!^1\\.0"});
  ASSERT_TRUE(json.ok()) << json.error();
  EXPECT_EQ(json->dump(),
            R"({"pkgmatch":{"matches":["^openssl$","libssl"]},"vermatch":"!^1\\.0"})");
}

TEST(PkgFlags, NoNameIsMigsErrorAndUnknownFlagsAreRefused) {
  auto m = CreateModule("pkg");
  auto json = m->ParametersFromArgs({"-version", "1"});
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error(), "must specify at least one package to match");
  json = m->ParametersFromArgs({"-name", "a", "-arch", "amd64"});
  ASSERT_FALSE(json.ok());
  EXPECT_NE(json.error().find("arch"), std::string::npos) << json.error();
  json = m->ParametersFromArgs({"-name", "a"});
  ASSERT_TRUE(json.ok()) << json.error();
  EXPECT_EQ(json->dump(), R"({"pkgmatch":{"matches":["a"]},"vermatch":""})");
}

TEST(PkgFlags, UsageNamesTheFlags) {
  const std::string usage = CreateModule("pkg")->Usage();
  EXPECT_NE(usage.find("-name <regex>"), std::string::npos);
  EXPECT_NE(usage.find("-version <regex>"), std::string::npos);
}

std::vector<InstalledPackage> Sample() {
  return {
      {"openssl", "3.0.15-1~deb12u1", "amd64", "dpkg"},
      {"libssl3:amd64", "3.0.15-1~deb12u1", "amd64", "dpkg"},
      {"libssl1.0.0:amd64", "1.0.2u-1", "amd64", "dpkg"},
      {"openssl-libs", "1:3.0.7-27.el9", "x86_64", "rpm"},
      {"bash", "5.2.15-2+b8", "amd64", "dpkg"},
  };
}

std::vector<std::string> Names(const std::vector<InstalledPackage>& packages) {
  std::vector<std::string> names;
  for (const auto& p : packages)
    names.push_back(p.name);
  return names;
}

TEST(PkgSearch, EachRegexInTurnUnanchoredWithoutDeduplication) {
  Parameters p;
  p.matches = {"ssl", "^openssl$"};
  EXPECT_EQ(Names(SelectPackages(p, Sample())),
            (std::vector<std::string>{"openssl", "libssl3:amd64", "libssl1.0.0:amd64",
                                      "openssl-libs", "openssl"}));
}

TEST(PkgSearch, VersionFilterAndItsInverse) {
  Parameters p;
  p.matches = {"ssl"};
  p.vermatch = "^1\\.0";
  EXPECT_EQ(Names(SelectPackages(p, Sample())), (std::vector<std::string>{"libssl1.0.0:amd64"}));
  p.vermatch = "!^1\\.0";
  EXPECT_EQ(Names(SelectPackages(p, Sample())),
            (std::vector<std::string>{"openssl", "libssl3:amd64", "openssl-libs"}));
  // A lone "!" is a regex of its own: versions holding a '!'.
  p.vermatch = "!";
  EXPECT_TRUE(SelectPackages(p, Sample()).empty());
  // The epoch is part of the version the filter sees.
  p.vermatch = "^1:";
  EXPECT_EQ(Names(SelectPackages(p, Sample())), (std::vector<std::string>{"openssl-libs"}));
}

TEST(PkgResultShape, PackagesAnEmptyListWhenNothingMatched) {
  Parameters p;
  p.matches = {"^nothing-is-called-this$"};
  const ModuleResult r = PkgResult(p, Inventory{Sample(), {}}, 12872428);
  EXPECT_TRUE(r.success);
  EXPECT_FALSE(r.found_anything);
  EXPECT_EQ(r.elements.dump(), R"({"packages":[]})");
  EXPECT_EQ(r.statistics.dump(), R"({"execruntime":"12.872428ms"})");
  EXPECT_TRUE(r.errors.empty());
}

TEST(PkgResultShape, FieldsInMigsOrderAndProblemsAsErrors) {
  Parameters p;
  p.matches = {"^bash$"};
  const ModuleResult r =
      PkgResult(p, Inventory{Sample(), {"RPM database /var/lib/rpm: librpm: bad"}}, 1500);
  EXPECT_TRUE(r.success);
  EXPECT_TRUE(r.found_anything);
  EXPECT_EQ(
      r.elements.dump(),
      R"({"packages":[{"name":"bash","version":"5.2.15-2+b8","type":"dpkg","arch":"amd64"}]})");
  EXPECT_EQ(r.errors, std::vector<std::string>{"RPM database /var/lib/rpm: librpm: bad"});
}

TEST(PkgPrinter, OneLinePerPackageThenErrorsAndRuntime) {
  Parameters p;
  p.matches = {"^bash$", "ssl3"};
  const ModuleResult r = PkgResult(p, Inventory{Sample(), {"a problem"}}, 2439374);
  auto m = CreateModule("pkg");
  EXPECT_EQ(m->Print(r, false),
            (std::vector<std::string>{
                "pkgmatch name=bash version=5.2.15-2+b8 type=dpkg arch=amd64",
                "pkgmatch name=libssl3:amd64 version=3.0.15-1~deb12u1 type=dpkg arch=amd64",
                "a problem", "Statistics: runtime 2.439374ms"}));
  EXPECT_EQ(m->Print(r, true).size(), 2u);
}

TEST(PkgPrinter, ControlCharactersFromTheEndpointAreEscaped) {
  Parameters p;
  p.matches = {"evil"};
  const ModuleResult r =
      PkgResult(p, Inventory{{{"evil\x1b[2J", "1\nforged line", "x86_64", "rpm"}}, {}}, 1);
  const auto lines = CreateModule("pkg")->Print(r, true);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\x1b'), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find('\n'), std::string::npos) << lines[0];
}

TEST(PkgPrinter, AFailure) {
  const ModuleResult r = RunWith(R"({})");
  EXPECT_EQ(CreateModule("pkg")->Print(r, false),
            (std::vector<std::string>{"must specify at least one package to match",
                                      "Statistics: runtime 0s"}));
}

TEST(PkgModule, RunsAgainstThisMachine) {
  // bash is installed on every Debian machine these tests run on.
  const ModuleResult r = RunWith(R"({"pkgmatch":{"matches":["^bash$"]}})");
  EXPECT_TRUE(r.success);
  ASSERT_TRUE(r.found_anything) << r.elements.dump();
  EXPECT_EQ(r.elements["packages"][0]["name"], "bash");
  EXPECT_EQ(r.elements["packages"][0]["type"], "dpkg");
}

}  // namespace
}  // namespace mig::modules::pkg
