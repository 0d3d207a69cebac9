// memory against real processes: a forked child holding a marker string
// built at run time, and a /usr/bin/sleep process.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <set>

#include <gtest/gtest.h>

#include "modules/memory/engine/scanner.h"
#include "modules/memory/params.h"
#include "modules/registry.h"
#include "test_env.h"

namespace mig::modules::memory {
namespace {

bool Valid(const std::string& params) {
  auto p = DecodeParameters(Json::parse(params));
  return p && ValidateParameters(*p).ok();
}

TEST(MemoryParams, SpecVectorsM1toM11) {
  EXPECT_TRUE(
      Valid(R"({"searches":{"s1":{"names":["foo"],"libraries":["bar"],"bytes":["abcd"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"*&^!*@&#^*!":{"names":["foo"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"":{"names":["foo"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"s1":{"names":["["]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{")" + std::string(96, 'a') + R"(":{"names":["foo"]}}})"));
  EXPECT_TRUE(Valid(R"({"searches":{"s1":{"libraries":["^[a-z]{10,50}$"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"s1":{"libraries":["["]}}})"));
  EXPECT_TRUE(Valid(R"({"searches":{"s1":{"bytes":["dead","beef"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"s1":{"bytes":["zzzzzzzz"]}}})"));
  EXPECT_TRUE(Valid(R"({"searches":{"s1":{"contents":["^(.+)[a-zA-Z0-9]{10.50}$"]}}})"));
  EXPECT_FALSE(Valid(R"({"searches":{"s1":{"contents":["^$","["]}}})"));
}

TEST(MemoryParams, FailureShapeAndMessages) {
  auto m = CreateModule("memory");
  const ModuleResult r = m->Run(Json::parse(R"({"searches":{"bad label":{"names":["x"]}}})"));
  EXPECT_FALSE(r.success);
  EXPECT_TRUE(r.elements.is_object() && r.elements.empty());
  EXPECT_EQ(r.statistics["processcount"], 0);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "The syntax of label 'bad label' is invalid. Must match regex ^([a-zA-Z0-9_-]){1,64}$");
  auto e = m->Run(Json::parse(R"({"searches":{"s1":{"bytes":["abc"]}}})"));
  EXPECT_EQ(e.errors[0],
            "Invalid bytes 'abc'. Must be an hexadecimal byte string without leading 0x. ex: "
            "'ff00d1ab'");
  auto empty = m->Run(Json::parse(R"({"searches":{"s1":{"names":[""]}}})"));
  EXPECT_EQ(empty.errors[0], "Empty values are not permitted");
  auto type = m->Run(Json::parse(R"({"searches":{"s1":{"names":"x"}}})"));
  EXPECT_EQ(type.errors[0],
            "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
            "search.names of type []string");
}

TEST(MemoryCli, FlagsAndAliases) {
  auto m = CreateModule("memory");
  auto j = m->ParametersFromArgs({"-name", "firefox", "-content", "some bogus content"});
  ASSERT_TRUE(j) << j.error();
  EXPECT_EQ(
      *j,
      Json::parse(
          R"({"searches":{"s1":{"names":["firefox"],"contents":["some bogus content"],"options":{"matchall":true}}}})"));
  auto a = m->ParametersFromArgs(
      {"-bytes", "dead", "-matchany", "-offset", "100", "-matchlimit", "5000"});
  ASSERT_TRUE(a) << a.error();
  EXPECT_EQ((*a)["searches"]["s1"]["options"], Json::parse(R"({"offset":100,"maxlength":5000})"));
  EXPECT_FALSE(m->ParametersFromArgs({"-bytes", "0xdead"}));
}

class MemoryLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!(geteuid() == 0)) GTEST_SKIP() << "reading other processes' memory needs root";
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    child_ = fork();
    ASSERT_GE(child_, 0);
    if (child_ == 0) {
      // Built at run time so the parent never holds the whole marker.
      std::string marker = "MIGMARK-7f3a-X";
      marker += 'Y';
      marker += "ZZY-memtest";
      volatile char* keep = marker.data();
      (void)keep;
      if (write(fds[1], "r", 1) != 1) _exit(1);
      pause();
      _exit(0);
    }
    char c;
    ASSERT_EQ(read(fds[0], &c, 1), 1);
    close(fds[0]);
    close(fds[1]);
    sleeper_ = fork();
    if (sleeper_ == 0) {
      execl("/usr/bin/sleep", "sleep", "60", nullptr);
      _exit(127);
    }
    // Poll until the exec took place (the child's exe is sleep, no longer us).
    const std::string exe = "/proc/" + std::to_string(sleeper_) + "/exe";
    for (int i = 0; i < 500; ++i) {
      std::error_code ec;
      if (std::filesystem::read_symlink(exe, ec).filename() == "sleep") break;
      usleep(10 * 1000);
    }
  }
  void TearDown() override {
    for (pid_t p : {child_, sleeper_})
      if (p > 0) {
        kill(p, SIGKILL);
        waitpid(p, nullptr, 0);
      }
  }
  static std::set<int> Pids(const Json& list) {
    std::set<int> s;
    for (const auto& e : list)
      if (e["process"]["pid"] != 0) s.insert(e["process"]["pid"].get<int>());
    return s;
  }
  Json Run(const std::string& params) {
    return Json::parse(
        OrderedJson(CreateModule("memory")->Run(Json::parse(params)).elements).dump());
  }
  pid_t child_ = -1, sleeper_ = -1;
};

TEST_F(MemoryLive, ContentFindsTheProcessHoldingTheMarker) {
  const Json e = Run(R"({"searches":{"s1":{"contents":["MIGMARK-7f3a-X[Y]ZZY-memtest"],
                        "options":{"matchall":true}}}})");
  const std::set<int> pids = Pids(e["s1"]);
  EXPECT_TRUE(pids.count(child_)) << e.dump();
  EXPECT_FALSE(pids.count(sleeper_));
  // Other processes on a shared machine (shells, editors) may hold the
  // text too, so only the known processes are checked.
}

TEST_F(MemoryLive, BytesAndNameMatchall) {
  // hex of the marker; the parent holds the decoded bytes too (it scans itself).
  std::string hex;
  std::string marker = "MIGMARK-7f3a-X";
  marker += "YZZY-memtest";
  for (unsigned char c : marker) {
    char h[3];
    std::snprintf(h, sizeof h, "%02x", c);
    hex += h;
  }
  const Json e =
      Run(R"({"searches":{"s1":{"bytes":[")" + hex + R"("],"options":{"matchall":true}}}})");
  EXPECT_TRUE(Pids(e["s1"]).count(child_)) << e.dump();
  EXPECT_FALSE(Pids(e["s1"]).count(sleeper_));
  const Json n = Run(R"({"searches":{"s1":{"names":["^/usr/bin/sleep$"],"libraries":["libc"],
                        "options":{"matchall":true}}}})");
  EXPECT_TRUE(Pids(n["s1"]).count(sleeper_)) << n.dump();
  EXPECT_FALSE(Pids(n["s1"]).count(child_));
  EXPECT_EQ(
      n["s1"][0]["search"],
      Json::parse(
          R"({"names":["^/usr/bin/sleep$"],"libraries":["libc"],"options":{"matchall":true}})"));
}

TEST_F(MemoryLive, NoMatchGivesPlaceholderAndNotFound) {
  // M13 and M15
  const ModuleResult r = CreateModule("memory")->Run(Json::parse(
      R"({"searches":{"s1":{"libraries":["^caribou.so$"]},
          "s2":{"names":["1983yrotewdshhhoiufhes7fd29"],"bytes":["ffffffffaaaabbbbcccceeee"],"options":{"matchall":true}}}})"));
  EXPECT_TRUE(r.success);
  EXPECT_FALSE(r.found_anything);
  EXPECT_EQ(r.elements["s1"][0]["process"], OrderedJson::parse(R"({"name":"","pid":0})"));
  EXPECT_EQ(r.elements["s2"].size(), 1u);
  EXPECT_EQ(r.statistics["totalhits"], 0);
  EXPECT_GT(r.statistics["processcount"].get<int>(), 2);
}

TEST_F(MemoryLive, MatchanyReportsPerCheckAndPrinterLines) {
  // M14/M16 style: matchany entries per check, printer foundOnly behaviour.
  const ModuleResult r = CreateModule("memory")->Run(Json::parse(
      R"({"searches":{"s1":{"names":["^/usr/bin/sleep$"],"contents":["MIGMARK-7f3a-X[Y]ZZY-memtest"],
          "options":{"logfailures":true}}}})"));
  EXPECT_TRUE(r.found_anything);
  std::set<int> name_pids, content_pids;
  for (const auto& e : r.elements["s1"]) {
    if (e["search"].contains("names")) name_pids.insert(e["process"]["pid"].get<int>());
    if (e["search"].contains("contents")) content_pids.insert(e["process"]["pid"].get<int>());
    EXPECT_EQ(e["search"]["options"], OrderedJson::object());
  }
  EXPECT_TRUE(name_pids.count(sleeper_));
  EXPECT_TRUE(content_pids.count(child_));
  const auto found = CreateModule("memory")->Print(r, true);
  const auto all = CreateModule("memory")->Print(r, false);
  EXPECT_GT(all.size(), found.size());
  EXPECT_EQ(all.back().rfind("Statistics: ", 0), 0u);
  bool has_sleep_line = false;
  for (const auto& l : found)
    has_sleep_line =
        has_sleep_line || l == "/usr/bin/sleep [pid:" + std::to_string(sleeper_) +
                                   "] in search 's1' on checks name='^/usr/bin/sleep$'";
  EXPECT_TRUE(has_sleep_line);
}

TEST_F(MemoryLive, MaxlengthStopsTheWalkEarly) {
  // The first window of a process is its executable's ELF header, far from
  // the heap holding the marker: a tiny maxlength must miss it.
  const ModuleResult r = CreateModule("memory")->Run(Json::parse(
      R"({"searches":{"s1":{"contents":["MIGMARK-7f3a-X[Y]ZZY-memtest"],
          "options":{"matchall":true,"maxlength":1}}}})"));
  std::set<int> pids;
  for (const auto& e : r.elements["s1"])
    pids.insert(e["process"]["pid"].get<int>());
  EXPECT_FALSE(pids.count(child_));
  const ModuleResult full = CreateModule("memory")->Run(Json::parse(
      R"({"searches":{"s1":{"contents":["MIGMARK-7f3a-X[Y]ZZY-memtest"],
          "options":{"matchall":true}}}})"));
  EXPECT_GT(full.statistics["memoryread"].get<uint64_t>(),
            r.statistics["memoryread"].get<uint64_t>());
}

TEST(MemoryAgent, StandaloneRun) {
  const std::string agent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
  auto out = test::RunShell(
      "echo "
      "'{\"class\":\"parameters\",\"parameters\":{\"searches\":{\"s1\":{\"names\":[\"mig-agent$\"]}"
      "}}}' | " +
      agent + " -m memory");
  EXPECT_NE(out.output.find(R"("foundanything":true,"success":true)"), std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("/apps/mig-agent/mig-agent\""), std::string::npos) << out.output;
}

}  // namespace
}  // namespace mig::modules::memory
