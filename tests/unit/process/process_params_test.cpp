// process parameters, command line, /proc parsers, printer and privacy
// mask: every bad input is refused with a message that says what to fix.
#include <gtest/gtest.h>

#include "modules/process/engine/user_names.h"
#include "modules/process/params.h"
#include "modules/process/report.h"
#include "modules/procfs/engine/process_status.h"
#include "modules/registry.h"

namespace mig::modules::process {
namespace {

// The error Run gives for params, or "" when it would run.
std::string Refusal(const std::string& params) {
  auto p = DecodeParameters(Json::parse(params));
  if (!p) return p.error();
  auto r = ValidateParameters(*p);
  return r ? "" : r.error();
}

std::string CliRefusal(const std::vector<std::string>& args) {
  auto j = CreateModule("process")->ParametersFromArgs(args);
  return j ? "" : j.error();
}

const std::string kHash(64, 'a');

TEST(ProcessParams, GoodParametersValidate) {
  for (const char* ok :
       {R"({"pid":42})", R"({"name":"^evil$","dryrun":true})", R"({"exe":"/tmp/x"})",
        R"({"sha256":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})",
        R"({"pid":42,"signal":"kill"})", R"({"pid":42,"signal":"stop"})",
        R"({"pid":42,"signal":"term","grace":"1m"})", R"({"pid":4194304})",
        R"({"PID":42,"Signal":"kill"})"})
    EXPECT_EQ(Refusal(ok), "") << ok;
  auto r = ValidateParameters(*DecodeParameters(Json::parse(R"({"name":"x"})")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->signal, Signal::kTerm);
  EXPECT_EQ(r->grace_ns, kDefaultGraceNs);
  auto hex = ValidateParameters(*DecodeParameters(Json{{"sha256", std::string(64, 'B')}}));
  ASSERT_TRUE(hex);
  EXPECT_EQ(hex->selector.value, std::string(64, 'b'));  // compared lower-case
}

TEST(ProcessParams, BadInputIsAClearError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "no process selector: give one of pid, name, exe or sha256"},
      {R"({"signal":"kill"})", "no process selector"},
      {R"({"pid":5,"name":"x"})", "one process selector at a time, got pid and name"},
      {R"({"exe":"/x","sha256":")" + kHash + R"("})", "one process selector at a time, got exe"},
      {R"({"pid":0})", "pid 0 is out of range: must be between 1 and 4194304"},
      {R"({"pid":-7})", "pid -7 is out of range"},
      {R"({"pid":4194305})", "pid 4194305 is out of range"},
      {R"({"pid":2.5})", "cannot unmarshal number 2.5 into Go struct field params.pid of type int"},
      {R"({"pid":1e30})", "cannot unmarshal number"},
      {R"({"pid":18446744073709551615})", "cannot unmarshal number 18446744073709551615"},
      {R"({"pid":"12"})", "cannot unmarshal string into Go struct field params.pid"},
      {R"({"name":""})", "name must not be empty"},
      {R"({"name":"(["})", "invalid regexp '([' in name: missing ]"},
      {R"({"name":"a\u0000b"})", "name is not valid text: a NUL character"},
      {R"({"name":")" + std::string(5000, 'a') + R"("})",
       "name is 5000 bytes long, more than the maximum of 4096"},
      {R"({"name":["x"]})", "cannot unmarshal array into Go struct field params.name"},
      {R"({"exe":"tmp/x"})", "exe 'tmp/x' must be an absolute path"},
      {R"({"exe":""})", "must be an absolute path"},
      {R"({"sha256":"abc"})", "sha256 'abc' must be 64 hexadecimal characters"},
      {R"({"sha256":")" + std::string(63, 'a') + R"("})", "must be 64 hexadecimal characters"},
      {R"({"sha256":")" + std::string(65, 'a') + R"("})", "must be 64 hexadecimal characters"},
      {R"({"sha256":")" + std::string(63, 'a') + R"(g"})", "must be 64 hexadecimal characters"},
      {R"({"pid":5,"signal":"hup"})", "unknown signal 'hup': must be term, kill or stop"},
      {R"({"pid":5,"signal":"TERM"})", "unknown signal 'TERM'"},
      {R"({"pid":5,"signal":"9"})", "unknown signal '9'"},
      {R"({"pid":5,"grace":"0s"})", "grace '0s' must be more than zero"},
      {R"({"pid":5,"grace":"0"})", "grace '0' must be more than zero"},
      {R"({"pid":5,"grace":"-1s"})", "grace '-1s' must be more than zero"},
      {R"({"pid":5,"grace":"8760h"})",
       "grace '8760h' is longer than the maximum of 1m0s (the module must finish within the "
       "agent's module timeout)"},
      {R"({"pid":5,"grace":"61s"})", "longer than the maximum of 1m0s"},
      {R"({"pid":5,"grace":"soon"})", "grace: invalid duration \"soon\""},
      {R"({"pid":5,"grace":"99999999999999999999h"})", "grace: invalid duration"},
      {R"({"pid":5,"signal":"kill","grace":"2s"})", "grace applies to signal term only"},
      {R"({"pid":5,"dryrun":"yes"})", "cannot unmarshal string into Go struct field params.dryrun"},
      {R"([1,2])", "cannot unmarshal array into Go value of type process.params"},
  };
  for (const auto& [params, want] : cases) {
    const std::string got = Refusal(params);
    EXPECT_NE(got.find(want), std::string::npos)
        << params.substr(0, 80) << "\n  got:  " << got << "\n  want: " << want;
  }
}

TEST(ProcessParams, FailureShapeFromRun) {
  auto m = CreateModule("process");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Kind(), ModuleKind::kRespond);
  const ModuleResult r = m->Run(Json::parse(R"({"pid":5,"signal":"hup"})"));
  EXPECT_FALSE(r.success);
  EXPECT_FALSE(r.found_anything);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "unknown signal 'hup': must be term, kill or stop");
}

TEST(ProcessCli, FlagsBuildTheParameters) {
  auto m = CreateModule("process");
  auto j = m->ParametersFromArgs({"-name", "^evil", "-dryrun"});
  ASSERT_TRUE(j) << j.error();
  EXPECT_EQ(*j, Json::parse(R"({"name":"^evil","signal":"term","dryrun":true})"));
  auto k = m->ParametersFromArgs({"-pid", "42", "-signal", "kill"});
  ASSERT_TRUE(k) << k.error();
  EXPECT_EQ(*k, Json::parse(R"({"pid":42,"signal":"kill"})"));
  auto g = m->ParametersFromArgs({"-exe=/tmp/x", "--grace", "10s"});
  ASSERT_TRUE(g) << g.error();
  EXPECT_EQ(*g, Json::parse(R"({"exe":"/tmp/x","signal":"term","grace":"10s"})"));
  auto s = m->ParametersFromArgs({"-sha256", kHash, "-signal", "stop"});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ((*s)["sha256"], kHash);
}

TEST(ProcessCli, BadFlagsAreAClearError) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "no process selector"},
      {{"-dryrun"}, "no process selector"},
      {{"-pid", "abc"}, "invalid value \"abc\" for flag -pid: not a whole number"},
      {{"-pid", "12abc"}, "invalid value \"12abc\" for flag -pid"},
      {{"-pid", ""}, "invalid value \"\" for flag -pid"},
      {{"-pid", "0"}, "pid 0 is out of range"},
      {{"-pid", "-3"}, "pid -3 is out of range"},
      {{"-pid", "99999999999999999999"}, "invalid value \"99999999999999999999\" for flag -pid"},
      {{"-pid", "5", "-name", "x"}, "one process selector at a time, got pid and name"},
      {{"-name", "a", "-name", "b"}, "-name given more than once"},
      {{"-pid", "5", "-signal", "int"}, "unknown signal 'int'"},
      {{"-pid", "5", "-grace", "0s"}, "must be more than zero"},
      {{"-pid", "5", "-grace", "8760h"}, "longer than the maximum"},
      {{"-name", "["}, "invalid regexp '[' in name"},
      {{"-sha256", "xyz"}, "must be 64 hexadecimal characters"},
      {{"-name", "a\xff"}, "name is not valid text"},
      {{"-pid"}, "flag needs an argument: -pid"},
      {{"-signal9"}, "flag provided but not defined: -signal9"},
  };
  for (const auto& [args, want] : cases) {
    const std::string got = CliRefusal(args);
    EXPECT_NE(got.find(want), std::string::npos) << "got:  " << got << "\nwant: " << want;
  }
}

TEST(ProcfsParsers, StatWithAHostileCommandName) {
  // A process names itself; ") R 1 " inside the name must not shift fields.
  const std::string stat =
      "4242 (evil) R 1 (x) S 77 4242 4242 0 -1 2097216 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0";
  auto s = procfs::ParseStat(stat);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->state, 'S');
  EXPECT_EQ(s->ppid, 77);
  EXPECT_TRUE(s->kernel_thread);  // 2097216 has PF_KTHREAD (0x200000)
  EXPECT_EQ(s->start_time, 987654u);
  EXPECT_FALSE(procfs::ParseStat("4242 (x) S 1 2 3").has_value());
  EXPECT_FALSE(procfs::ParseStat("no parenthesis at all").has_value());
  EXPECT_FALSE(
      procfs::ParseStat("1 (x) S notanumber 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0").has_value());
}

TEST(ProcfsParsers, Status) {
  procfs::ProcessStatus s;
  EXPECT_TRUE(procfs::ParseStatusInto(
      "Name:\tevil name\nState:\tS\nTgid:\t100\nPid:\t101\nUid:\t1000\t0\t0\t0\n", &s));
  EXPECT_EQ(s.name, "evil name");
  EXPECT_EQ(s.tgid, 100);
  EXPECT_EQ(s.uid, 0u);  // the effective uid
  procfs::ProcessStatus t;
  EXPECT_FALSE(procfs::ParseStatusInto("Name:\tx\nUid:\tx\n", &t));
}

TEST(UserNamesTest, PasswdLines) {
  auto m = UserNames::Parse(
      "root:x:0:0:root:/root:/bin/bash\n"
      "broken line\n"
      ":x:5:5::/:/bin/sh\n"
      "neg:x:-1:0::/:/bin/sh\n"
      "big:x:99999999999:0::/:/bin/sh\n"
      "alice:x:1000:1000::/home/alice:/bin/sh\n"
      "alias:x:1000:1000::/:/bin/sh\n");
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "root");
  EXPECT_EQ(m[1000], "alice");  // the first entry wins
  UserNames none("/nonexistent/passwd");
  EXPECT_EQ(none.Name(0), "0");
}

ModuleResult Sample() {
  ModuleResult r;
  r.success = true;
  r.found_anything = true;
  r.elements = OrderedJson::parse(R"({
    "selector":"name '^evil'","signal":"term","grace":"5s","dryrun":false,
    "processes":[
      {"pid":10,"exe":"/tmp/evil","user":"root","uid":0,"cmdlinesha256":"ab12","signals":["SIGTERM"],"outcome":"died"},
      {"pid":11,"exe":"/tmp/evil","exedeleted":true,"user":"bob","uid":1001,"cmdlinesha256":"cd34","signals":["SIGTERM","SIGKILL"],"outcome":"alive"}],
    "spared":[{"pid":1,"exe":"/sbin/init","user":"root","uid":0,"cmdlinesha256":"ef56","reason":"PID 1 (init) is never signalled"}]})");
  r.statistics = OrderedJson::parse(
      R"({"matched":2,"signalled":2,"died":1,"stopped":0,"notdead":1,"failed":0,"spared":1,"exectime":"5.1s"})");
  r.errors = {
      "pid 11 /tmp/evil user bob cmdline sha256 cd34 was signalled (SIGTERM, SIGKILL) but "
      "is still alive"};
  return r;
}

TEST(ProcessPrinter, Lines) {
  const ModuleResult r = Sample();
  EXPECT_EQ(PrintResult(r, true),
            (std::vector<std::string>{
                "pid 10 /tmp/evil user root cmdline sha256 ab12: SIGTERM: died",
                "pid 11 /tmp/evil (deleted) user bob cmdline sha256 cd34: SIGTERM, SIGKILL after "
                "5s: STILL ALIVE"}));
  const auto all = PrintResult(r, false);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[2],
            "spared pid 1 /sbin/init user root cmdline sha256 ef56: PID 1 (init) is never "
            "signalled");
  EXPECT_EQ(all[3].rfind("[error] pid 11 ", 0), 0u);
  EXPECT_EQ(all[4],
            "Statistics: 2 matched, 2 signalled, 1 died, 0 stopped, 1 not dead, 1 spared, ran in "
            "5.1s.");

  ModuleResult none = Sample();
  none.found_anything = false;
  none.elements["processes"] = OrderedJson::array();
  EXPECT_TRUE(PrintResult(none, true).empty());
  EXPECT_EQ(PrintResult(none, false)[0], "no process matched name '^evil': nothing signalled");

  ModuleResult dry = Sample();
  dry.elements["processes"][0]["outcome"] = "dryrun";
  dry.elements["processes"][0]["signals"] = {"SIGTERM", "SIGKILL"};
  EXPECT_EQ(PrintResult(dry, true)[0],
            "pid 10 /tmp/evil user root cmdline sha256 ab12: would send SIGTERM, then SIGKILL "
            "after 5s if still alive (dryrun)");
  // Whatever an agent sent back, the printer does not throw.
  ModuleResult junk;
  junk.elements = OrderedJson::parse(R"({"processes":[1,{"pid":"x","signals":"no"}],"spared":7})");
  EXPECT_NO_THROW(PrintResult(junk, false));
}

TEST(ProcessPrivacy, CommandLineHashesAreMasked) {
  ModuleResult r = Sample();
  CreateModule("process")->ApplyPrivacy(r);
  EXPECT_EQ(r.elements["processes"][0]["cmdlinesha256"], "masked");
  EXPECT_EQ(r.elements["processes"][1]["cmdlinesha256"], "masked");
  EXPECT_EQ(r.elements["spared"][0]["cmdlinesha256"], "masked");
  EXPECT_EQ(r.elements["processes"][0]["exe"], "/tmp/evil");  // what was acted on stays
  EXPECT_EQ(r.errors[0].find("cd34"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[0].find("cmdline sha256 masked"), std::string::npos) << r.errors[0];
}

}  // namespace
}  // namespace mig::modules::process
