// `mig MODULE -t local` runs the module through mig-agent -m MODULE
// (client/local_module.h). Fake agents stand in for what could go wrong
// with the real one: missing, failing, printing garbage or too much.
#include <sys/stat.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "client/local_module.h"
#include "test_env.h"

namespace mig::client {
namespace {

class LocalModule : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("MIG_AGENT"); }

  // A shell script as mig-agent; it saves its arguments and stdin.
  std::string FakeAgent(const std::string& body) {
    const std::string path = dir_.Sub("mig-agent");
    test::WriteFile(path, "#!/bin/sh\necho \"$@\" > " + dir_.Sub("args") + "\ncat > " +
                              dir_.Sub("stdin") + "\n" + body + "\n");
    chmod(path.c_str(), 0755);
    setenv("MIG_AGENT", path.c_str(), 1);
    return path;
  }

  test::TempDir dir_;
};

TEST_F(LocalModule, HandsTheParametersToMigAgentAndReadsTheResultInItsOrder) {
  FakeAgent(
      R"(printf '%s\n' '{"foundanything":true,"success":true,"elements":{"z":[1],"a":"x"},"statistics":{"n":2},"errors":["e"]}')");
  auto r = RunModuleLocally("file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"]}}})"));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(r->found_anything);
  EXPECT_TRUE(r->success);
  EXPECT_EQ(r->elements.dump(), R"({"z":[1],"a":"x"})");  // printers see the module's order
  EXPECT_EQ(r->errors, std::vector<std::string>{"e"});
  EXPECT_EQ(test::ReadFile(dir_.Sub("args")), "-m file\n");
  EXPECT_EQ(
      test::ReadFile(dir_.Sub("stdin")),
      "{\"class\":\"parameters\",\"parameters\":{\"searches\":{\"s1\":{\"paths\":[\"/etc\"]}}}}"
      "\n");
}

TEST_F(LocalModule, FailuresSayWhatHappened) {
  FakeAgent("exit 3");
  auto r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("exit status 3"), std::string::npos) << r.error();

  FakeAgent("echo 'not json'");
  r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("not a JSON object"), std::string::npos) << r.error();

  FakeAgent(R"(echo '{"errors":[1]}')");
  r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("errors must be strings"), std::string::npos) << r.error();

  FakeAgent("kill -9 $$");
  r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("killed by signal 9"), std::string::npos) << r.error();

  // More than a result may be (64 MiB): refused, not held.
  FakeAgent("head -c 70000000 /dev/zero");
  r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("result larger than"), std::string::npos) << r.error();

  setenv("MIG_AGENT", dir_.Sub("absent").c_str(), 1);
  r = RunModuleLocally("file", Json::object());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(dir_.Sub("absent")), std::string::npos) << r.error();
}

TEST_F(LocalModule, FindsTheAgentFromTheEnvironmentFirst) {
  setenv("MIG_AGENT", "/opt/elsewhere/mig-agent", 1);
  EXPECT_EQ(FindAgentProgram(), "/opt/elsewhere/mig-agent");
  unsetenv("MIG_AGENT");
  // This test binary has no mig-agent beside it; $PATH decides, and an
  // empty $PATH entry (the current directory) is never used.
  const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  FakeAgent("true");
  unsetenv("MIG_AGENT");
  setenv("PATH", (":" + dir_.path()).c_str(), 1);
  EXPECT_EQ(FindAgentProgram(), dir_.Sub("mig-agent"));
  setenv("PATH", ":", 1);
  EXPECT_EQ(FindAgentProgram(), "");
  setenv("PATH", saved.c_str(), 1);
}

}  // namespace
}  // namespace mig::client
