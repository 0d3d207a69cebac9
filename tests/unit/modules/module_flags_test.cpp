// Every module's flag description (Module::Flags(), what GET /modules
// serves): complete, typed, with help, and the very flags its parser takes.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "modules/registry.h"

namespace mig::modules {
namespace {

using Expected = std::vector<std::pair<std::string, std::string>>;  // name, type

// The modules `mig help` lists, with their flags in registration order.
const std::map<std::string, Expected>& ExpectedFlags() {
  static const std::map<std::string, Expected> m = {
      {"file", {{"path", "list"},        {"name", "list"},         {"size", "list"},
                {"mode", "list"},        {"mtime", "list"},        {"content", "list"},
                {"md5", "list"},         {"sha1", "list"},         {"sha2", "list"},
                {"sha3", "list"},        {"mismatch", "list"},     {"maxdepth", "number"},
                {"maxerrors", "number"}, {"matchlimit", "number"}, {"matchall", "bool"},
                {"matchany", "bool"},    {"macroal", "bool"},      {"returnsha256", "bool"},
                {"decompress", "bool"},  {"verbose", "bool"}}},
      {"netstat",
       {{"lm", "list"},
        {"nm", "list"},
        {"li", "list"},
        {"ni", "list"},
        {"ci", "list"},
        {"lp", "list"},
        {"namespaces", "bool"}}},
      {"memory",
       {{"name", "list"},
        {"lib", "list"},
        {"content", "list"},
        {"bytes", "list"},
        {"matchall", "bool"},
        {"matchany", "bool"},
        {"logfailures", "bool"},
        {"offset", "number"},
        {"maxdepth", "number"},
        {"maxlength", "number"},
        {"matchlimit", "number"}}},
      {"ping",
       {{"d", "string"}, {"dp", "number"}, {"p", "string"}, {"c", "number"}, {"t", "number"}}},
      {"timedrift", {{"drift", "string"}}},
      {"process",
       {{"pid", "list"},
        {"name", "list"},
        {"exe", "list"},
        {"sha256", "list"},
        {"signal", "string"},
        {"grace", "string"},
        {"dryrun", "bool"}}},
      {"firewall",
       {{"list", "bool"},
        {"block", "string"},
        {"unblock", "string"},
        {"isolate", "bool"},
        {"release", "bool"},
        {"direction", "string"},
        {"port", "string"},
        {"proto", "string"},
        {"ttl", "string"},
        {"dryrun", "bool"}}},
      {"account", {{"lock", "string"}, {"unlock", "string"}, {"dryrun", "bool"}}},
      {"pkg", {{"name", "list"}, {"version", "string"}}},
      {"scribe", {{"path", "file"}, {"onlytrue", "bool"}, {"human", "bool"}, {"json", "bool"}}},
  };
  return m;
}

TEST(ModuleFlags, EveryModuleDescribesItsFlagsWithTypesAndHelp) {
  for (const auto& [name, expected] : ExpectedFlags()) {
    auto m = CreateModule(name);
    ASSERT_NE(m, nullptr) << name;
    const auto flags = m->Flags();
    Expected got;
    std::set<std::string> seen;
    for (const auto& f : flags) {
      got.emplace_back(f.name, std::string(FlagTypeName(f.type)));
      EXPECT_TRUE(seen.insert(f.name).second) << name << " -" << f.name << " twice";
      EXPECT_FALSE(f.help.empty()) << name << " -" << f.name;
      EXPECT_EQ(f.help.find('\n'), std::string::npos) << name << " -" << f.name;
      EXPECT_LE(f.help.size(), 100u) << name << " -" << f.name << ": help is one short line";
    }
    EXPECT_EQ(got, expected) << name;
  }
}

// Each described flag, given alone, is one the parser knows: whatever the
// module then says about the value, it is never "not defined".
TEST(ModuleFlags, TheParserTakesEveryDescribedFlag) {
  const UploadedFiles files({{"upload", "{\"tests\":[]}"}});
  for (const auto& [name, expected] : ExpectedFlags()) {
    auto m = CreateModule(name);
    ASSERT_NE(m, nullptr) << name;
    for (const auto& f : m->Flags()) {
      std::vector<std::string> args = {"-" + f.name};
      if (f.type == FlagType::kNumber) args.push_back("1");
      if (f.type == FlagType::kList || f.type == FlagType::kString) args.push_back("x");
      if (f.type == FlagType::kFile) args.push_back("upload");
      auto p = m->ParametersFromArgs(args, files);
      if (!p) {
        EXPECT_EQ(p.error().find("not defined"), std::string::npos) << name << ": " << p.error();
        EXPECT_EQ(p.error().find("needs an argument"), std::string::npos)
            << name << ": " << p.error();
        EXPECT_EQ(p.error().find("was not uploaded"), std::string::npos)
            << name << ": " << p.error();
      }
    }
    // And a flag it does not describe is refused.
    auto unknown = m->ParametersFromArgs({"-nosuchflag", "x"}, files);
    ASSERT_FALSE(unknown) << name;
    EXPECT_NE(unknown.error().find("flag provided but not defined: -nosuchflag"), std::string::npos)
        << name << ": " << unknown.error();
  }
}

// The hand-written --help text names every described flag.
TEST(ModuleFlags, UsageMentionsEveryDescribedFlag) {
  for (const auto& [name, expected] : ExpectedFlags()) {
    auto m = CreateModule(name);
    ASSERT_NE(m, nullptr) << name;
    const std::string usage = m->Usage();
    for (const auto& f : m->Flags()) {
      const std::regex mention("(^|[^a-z0-9-])-" + f.name + "([^a-z0-9]|$)");
      EXPECT_TRUE(std::regex_search(usage, mention))
          << "mig " << name << " --help does not mention -" << f.name;
    }
  }
}

TEST(ModuleFlags, EveryRegisteredModuleOfTheProductIsChecked) {
  // Test modules of this binary (adapter_test.cpp) aside, nothing is left out.
  for (const auto& name : ModuleNames()) {
    if (name == "plain" || name == "settled" || name == "noengine") continue;
    EXPECT_TRUE(ExpectedFlags().count(name)) << "module " << name << " has no expected flags";
  }
  EXPECT_EQ(ExpectedFlags().size(), 10u);
}

}  // namespace
}  // namespace mig::modules
