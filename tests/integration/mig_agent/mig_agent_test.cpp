// `mig-agent -m file` and `mig file` as processes (spec/modules/README.md
// sections 3, 4, 9; test-vectors.md F10, F11).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_env.h"

namespace mig::test {
namespace {

const std::string kAgent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
const std::string kMig = mig::test::BinaryDir() + "/apps/mig/mig";

CommandOutput Agent(const std::string& stdin_text, const std::string& flags = "-m file") {
  TempDir tmp;
  WriteFile(tmp.Sub("in"), stdin_text);
  return RunShell("(" + kAgent + " " + flags + " < " + tmp.Sub("in") + " 2>/dev/null)");
}

TEST(MigAgent, RunsFileModuleFromMessageWithoutNewline) {
  TempDir tmp;
  WriteFile(tmp.Sub("f1"), "alpha\nbeta\n");
  const auto out =
      Agent(R"({"class":"parameters","parameters":{"searches":{"s":{"paths":[")" + tmp.path() +
            R"("],"contents":["^beta$"],"options":{"matchall":true}}}}})");
  ASSERT_EQ(out.exit_code, 0);
  const auto doc = nlohmann::ordered_json::parse(out.output);
  EXPECT_EQ(doc.begin().key(), "foundanything");
  EXPECT_TRUE(doc["foundanything"]);
  EXPECT_TRUE(doc["errors"].is_null());
  EXPECT_EQ(doc["elements"]["s"][0]["file"], tmp.Sub("f1"));
}

TEST(MigAgent, PrintsHumanLinesWithP) {
  TempDir tmp;
  WriteFile(tmp.Sub("f1"), "x");
  const auto out =
      Agent(R"({"class":"parameters","parameters":{"searches":{"s":{"paths":[")" + tmp.path() +
                R"("],"names":["f1"]}}}})"
                "\n",
            "-m file -p");
  ASSERT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find(tmp.Sub("f1") + " [lastmodified:"), std::string::npos);
  EXPECT_NE(out.output.find("on checks name='f1'"), std::string::npos);
  EXPECT_NE(out.output.find("Statistics: 1 files checked"), std::string::npos);
}

TEST(MigAgent, F11GarbageGivesFailureJson) {
  const auto out = Agent("garbage");
  ASSERT_EQ(out.exit_code, 0);
  const auto doc = nlohmann::json::parse(out.output);
  EXPECT_FALSE(doc["success"]);
  EXPECT_NE(doc["errors"][0].get<std::string>().find("ReadInputParameters() -> ReadInput()"),
            std::string::npos);
  const auto wrong = nlohmann::json::parse(Agent(R"({"class":"stop"})").output);
  EXPECT_NE(wrong["errors"][0].get<std::string>().find("not module parameters"), std::string::npos);
}

TEST(MigAgent, F10UnknownModule) {
  const auto out = Agent("{}", "-m nosuchmod");
  EXPECT_NE(out.exit_code, 0);
  const auto doc = nlohmann::json::parse(out.output);
  EXPECT_EQ(doc["errors"][0], "module 'nosuchmod' is not available");
}

TEST(MigCli, LocalFileSearchExitCodes) {
  TempDir tmp;
  WriteFile(tmp.Sub("passwd"), "root:x:0:0\n");
  auto out =
      RunShell(kMig + " file -t local -path " + tmp.path() + " -name '^passwd$' -content root");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find(tmp.Sub("passwd")), std::string::npos);
  out = RunShell(kMig + " file --local -path " + tmp.path() + " -name '^nothing$'");
  EXPECT_EQ(out.exit_code, 1) << out.output;
  out = RunShell(kMig + " file --local -path " + tmp.path() + " -content '('");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("invalid regexp"), std::string::npos);
  out = RunShell(kMig + " file -path " + tmp.path() + " -name x");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("-t local"), std::string::npos);
  out = RunShell(kMig + " file help");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("-matchany"), std::string::npos);
}

}  // namespace
}  // namespace mig::test
