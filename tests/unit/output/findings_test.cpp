// Findings of each module in both formats, held against the schema.
#include <gtest/gtest.h>

#include <iostream>

#include "fixtures.h"
#include "output/command_findings.h"
#include "schema.h"

namespace mig::output::test {
namespace {

const char* kFileResult = R"({"foundanything":true,"success":true,"elements":{"s1":[
 {"file":"/etc/passwd","search":{"paths":["/etc"],"names":["^passwd$"],"options":{"maxdepth":0}},
  "fileinfo":{"size":2011,"mode":"-rw-r--r--","lastmodified":"2024-05-01 10:00:00 +0000 UTC","sha256":"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"}},
 {"file":"/etc/ssh","search":{"paths":["/etc"]},"fileinfo":{"size":4096,"mode":"drwxr-xr-x","lastmodified":"x"}}],
 "s2":[{"file":"","search":{},"fileinfo":{"size":0,"mode":"","lastmodified":""}}]},
 "statistics":{},"errors":null})";

const char* kNetstatResult = R"({"foundanything":true,"success":true,"elements":{
 "connectedip":{"203.0.113.0/24":[{"localaddr":"192.0.2.2","localport":37626,"remoteaddr":"203.0.113.80","remoteport":80,"namespace":"default"}]},
 "localmac":{"^da":[{"localmacaddr":"da:19:b9:23:ba:24"}]},
 "listeningport":{"22":null}},"statistics":{},"errors":null})";

const char* kMemoryResult = R"({"foundanything":true,"success":true,"elements":{"s1":[
 {"process":{"name":"/usr/bin/sleep","pid":18271},"search":{"names":["sleep$"],"options":{"matchall":true}}},
 {"process":{"name":"","pid":0},"search":{"names":["nothing"]}}]},"statistics":{},"errors":null})";

const char* kPkgResult = R"({"foundanything":true,"success":true,"elements":{"packages":[
 {"name":"libnss3","version":"2:3.17.2-1","type":"dpkg","arch":"amd64"}]},"statistics":{},"errors":null})";

const char* kScribeResult = R"({"foundanything":true,"success":true,"elements":{"results":[
 {"testid":"nss","name":"libnss3 < 2:3.19.2","description":"USN-2015","tags":[{"key":"cve","value":"CVE-2015-2721"}],
  "iserror":false,"error":"","masterresult":true,"hastrueresults":true,"results":[{"result":true,"identifier":"libnss3"}]},
 {"testid":"root-login","name":"PermitRootLogin no","tags":[{"key":"pass-when","value":"true"}],
  "iserror":false,"error":"","masterresult":true,"hastrueresults":true,"results":[{"result":true,"identifier":"/etc/ssh/sshd_config"}]},
 {"testid":"t3","name":"","iserror":true,"error":"invalid evr operation bad","masterresult":false,"hastrueresults":false,"results":null},
 {"testid":"old-kernel","name":"","iserror":false,"error":"","masterresult":false,"hastrueresults":false,"results":null}],
 "humanoutput":false,"jsonoutput":false},"statistics":{"execruntime":"1ms"},"errors":["Error: invalid evr operation bad in \"t3\""]})";

const char* kNothing =
    R"({"foundanything":false,"success":true,"elements":{"s1":[{"file":"","search":{},"fileinfo":{}}]},"statistics":{},"errors":null})";

void ExpectConforms(const std::vector<nlohmann::json>& docs, const Schema& schema) {
  for (const auto& d : docs) {
    const auto v = Violations(d, schema);
    EXPECT_TRUE(v.empty()) << schema.name << ":\n"
                           <<
        [&] {
          std::string s;
          for (const auto& x : v)
            s += "  " + x + "\n";
          return s;
        }() << d.dump();
  }
}

TEST(OcsfFindings, FileMatchesAreDetectionFindingsOnePerFile) {
  const Action a = MakeAction({"file"});
  const auto docs = Parse(CommandFindings(a, MakeCommand(a, {kFileResult}), Format::kOcsf));
  ASSERT_EQ(docs.size(), 2u);  // the placeholder of s2 is no finding
  ExpectConforms(docs, OcsfDetectionFinding());
  const auto& d = docs[0];
  EXPECT_EQ(d["class_uid"], 2004);
  EXPECT_EQ(d["category_uid"], 2);
  EXPECT_EQ(d["type_uid"], 200401);
  EXPECT_EQ(d["severity_id"], 4);  // the action's threat level "high"
  EXPECT_EQ(d["severity"], "High");
  EXPECT_EQ(d["time"], 1764772180123LL);
  EXPECT_EQ(d["metadata"]["version"], "1.3.0");
  EXPECT_EQ(d["device"]["hostname"], "web1.example.net");
  EXPECT_EQ(d["device"]["ip"], "10.1.2.3");  // not the loopback, no CIDR suffix
  EXPECT_EQ(d["device"]["uid"], "linux.web1.example.net.abcdef");
  EXPECT_EQ(d["device"]["os"]["type_id"], 200);
  EXPECT_EQ(d["device"]["agent_list"][0]["uid"], "12");
  EXPECT_EQ(d["finding_info"]["uid"], "mig-6115472790658567-6115472790658600-0-0");
  EXPECT_EQ(d["finding_info"]["analytic"]["name"], "find the backdoor");
  EXPECT_EQ(d["evidences"][0]["file"]["path"], "/etc/passwd");
  EXPECT_EQ(d["evidences"][0]["file"]["name"], "passwd");
  EXPECT_EQ(d["evidences"][0]["file"]["type_id"], 1);
  EXPECT_EQ(d["evidences"][0]["file"]["hashes"][0]["algorithm_id"], 3);
  EXPECT_EQ(d["evidences"][0]["data"]["fileinfo"]["size"], 2011);
  EXPECT_EQ(d["unmapped"]["mig"]["investigators"][0]["name"], "Alice Investigator");
  EXPECT_EQ(d["unmapped"]["mig"]["command"]["id"], 6115472790658600LL);
  EXPECT_EQ(docs[1]["evidences"][0]["file"]["type"], "Folder");
  EXPECT_NE(d["finding_info"]["uid"], docs[1]["finding_info"]["uid"]);
}

TEST(OcsfFindings, ScribeTestsAreComplianceFindingsWithPassFailAndErrors) {
  const Action a = MakeAction({"scribe"});
  const auto lines = CommandFindings(a, MakeCommand(a, {kScribeResult}), Format::kOcsf);
  const auto docs = Parse(lines);
  ASSERT_EQ(docs.size(), 4u);
  ExpectConforms(docs, OcsfComplianceFinding());
  for (const auto& d : docs) {
    EXPECT_EQ(d["class_uid"], 2003);
    EXPECT_EQ(d["type_uid"], 200301);
  }
  // A true test fails by default (the package is vulnerable).
  EXPECT_EQ(docs[0]["compliance"]["status_id"], 3);
  EXPECT_EQ(docs[0]["compliance"]["control"], "nss");
  EXPECT_EQ(docs[0]["compliance"]["requirements"][0], "cve=CVE-2015-2721");
  EXPECT_EQ(docs[0]["resources"][0]["name"], "libnss3");
  EXPECT_EQ(docs[0]["finding_info"]["desc"], "USN-2015");
  EXPECT_EQ(docs[0]["severity_id"], 4);
  // pass-when=true turns it around.
  EXPECT_EQ(docs[1]["compliance"]["status_id"], 1);
  EXPECT_EQ(docs[1]["severity_id"], 1);
  // An error cannot be evaluated: Warning, with the reason.
  EXPECT_EQ(docs[2]["compliance"]["status_id"], 2);
  EXPECT_EQ(docs[2]["compliance"]["status_detail"], "invalid evr operation bad");
  EXPECT_EQ(docs[2]["status_code"], "error");
  // A false test passes.
  EXPECT_EQ(docs[3]["compliance"]["status_id"], 1);
  EXPECT_EQ(lines[0].kind, "compliance");
  EXPECT_EQ(lines[0].severity, Severity::kHigh);
}

TEST(OcsfFindings, NetstatMemoryAndPkgElements) {
  const Action a = MakeAction({"netstat", "memory", "pkg"});
  const auto docs = Parse(CommandFindings(
      a, MakeCommand(a, {kNetstatResult, kMemoryResult, kPkgResult}), Format::kOcsf));
  ASSERT_EQ(docs.size(), 4u);  // 2 netstat, 1 memory (no placeholder), 1 pkg
  ExpectConforms(docs, OcsfDetectionFinding());
  EXPECT_EQ(docs[0]["evidences"][0]["src_endpoint"]["ip"], "192.0.2.2");
  EXPECT_EQ(docs[0]["evidences"][0]["dst_endpoint"]["port"], 80);
  EXPECT_EQ(docs[1]["evidences"][0]["src_endpoint"]["mac"], "da:19:b9:23:ba:24");
  EXPECT_EQ(docs[2]["evidences"][0]["process"]["pid"], 18271);
  EXPECT_EQ(docs[2]["evidences"][0]["process"]["name"], "sleep");
  EXPECT_EQ(docs[2]["unmapped"]["mig"]["operation"], 1);
  EXPECT_EQ(docs[3]["evidences"][0]["data"]["name"], "libnss3");
  EXPECT_EQ(docs[3]["unmapped"]["mig"]["module"], "pkg");
}

TEST(EcsFindings, EveryModuleConformsAndCarriesTheTypedFields) {
  const Action a = MakeAction({"file", "netstat", "memory", "pkg", "scribe"});
  const auto docs = Parse(CommandFindings(
      a, MakeCommand(a, {kFileResult, kNetstatResult, kMemoryResult, kPkgResult, kScribeResult}),
      Format::kEcs));
  ASSERT_EQ(docs.size(), 2u + 2u + 1u + 1u + 4u);
  ExpectConforms(docs, EcsFinding());
  const auto& file = docs[0];
  EXPECT_EQ(file["@timestamp"], "2025-12-03T14:29:40.123Z");
  EXPECT_EQ(file["event"]["kind"], "alert");
  EXPECT_EQ(file["event"]["category"][0], "file");
  EXPECT_EQ(file["file"]["hash"]["sha256"],
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  EXPECT_EQ(file["host"]["ip"], nlohmann::json({"10.1.2.3", "fe80::1", "127.0.0.1"}));
  EXPECT_EQ(file["agent"]["id"], "12");
  EXPECT_EQ(docs[1]["file"]["type"], "dir");
  EXPECT_EQ(docs[2]["destination"]["ip"], "203.0.113.80");
  EXPECT_EQ(docs[3]["source"]["mac"], "DA-19-B9-23-BA-24");
  EXPECT_EQ(docs[4]["process"]["executable"], "/usr/bin/sleep");
  EXPECT_EQ(docs[5]["package"]["version"], "2:3.17.2-1");
  EXPECT_EQ(docs[6]["event"]["category"][0], "configuration");
  EXPECT_EQ(docs[6]["event"]["outcome"], "failure");
  EXPECT_EQ(docs[6]["rule"]["id"], "nss");
  EXPECT_EQ(docs[6]["mig"]["compliance"]["status"], "fail");
  EXPECT_EQ(docs[7]["event"]["kind"], "state");
  EXPECT_EQ(docs[7]["event"]["outcome"], "success");
  EXPECT_EQ(docs[8]["error"]["message"], "invalid evr operation bad");
}

TEST(Findings, NothingFoundIsNoFindingUnlessAskedFor) {
  const Action a = MakeAction({"file"});
  const Command c = MakeCommand(a, {kNothing});
  EXPECT_TRUE(CommandFindings(a, c, Format::kOcsf).empty());
  for (auto selection : {Selection::kNotFound, Selection::kAll}) {
    const auto docs = Parse(CommandFindings(a, c, Format::kOcsf, selection));
    ASSERT_EQ(docs.size(), 1u);
    ExpectConforms(docs, OcsfDetectionFinding());
    EXPECT_EQ(docs[0]["status_code"], "nomatch");
    EXPECT_EQ(docs[0]["severity_id"], 1);
  }
  // -show notfound: what was found is left out.
  const Command found = MakeCommand(a, {kFileResult});
  EXPECT_TRUE(CommandFindings(a, found, Format::kOcsf, Selection::kNotFound).empty());
}

TEST(Findings, FailedCommandsAndModulesAreErrorFindings) {
  const Action a = MakeAction({"file", "scribe"});
  Command c = MakeCommand(a, {});
  c.status = "timeout";
  auto docs = Parse(CommandFindings(a, c, Format::kOcsf));
  ASSERT_EQ(docs.size(), 2u);  // one per operation, each of its module's class
  ExpectConforms({docs[0]}, OcsfDetectionFinding());
  ExpectConforms({docs[1]}, OcsfComplianceFinding());
  EXPECT_EQ(docs[0]["status_code"], "error");
  EXPECT_EQ(docs[0]["status_detail"], "command timeout");
  EXPECT_EQ(docs[1]["compliance"]["status_id"], 2);

  const Command failed = MakeCommand(
      a,
      {R"({"foundanything":false,"success":false,"elements":null,"statistics":null,"errors":["bad regexp"]})",
       R"({"foundanything":false,"success":false,"elements":null,"statistics":null,"errors":null})"});
  docs = Parse(CommandFindings(a, failed, Format::kEcs));
  ASSERT_EQ(docs.size(), 2u);
  ExpectConforms(docs, EcsFinding());
  EXPECT_EQ(docs[0]["error"]["message"], "bad regexp");
  EXPECT_EQ(docs[0]["event"]["outcome"], "failure");
  EXPECT_EQ(docs[1]["error"]["message"], "the module failed without saying why");
}

TEST(Findings, TheActionComesFromTheCommandWhenTheProducerHasNoOther) {
  const Action a = MakeAction({"pkg"});
  Command c = MakeCommand(a, {kPkgResult});
  c.action = a;
  const auto docs = Parse(CommandFindings(Action{}, c, Format::kOcsf));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["unmapped"]["mig"]["module"], "pkg");
  EXPECT_EQ(docs[0]["metadata"]["correlation_uid"], "6115472790658567");
}

TEST(Findings, UnknownModulesGiveOneFindingWithTheirAnswer) {
  const Action a = MakeAction({"timedrift"});
  const auto docs = Parse(CommandFindings(
      a,
      MakeCommand(
          a,
          {R"({"foundanything":true,"success":true,"elements":{"hascheckeddrift":true},"statistics":null,"errors":null})"}),
      Format::kOcsf));
  ASSERT_EQ(docs.size(), 1u);
  ExpectConforms(docs, OcsfDetectionFinding());
  EXPECT_EQ(docs[0]["evidences"][0]["data"]["hascheckeddrift"], true);
}

// The checker is what makes the tests above mean something: it must see a
// missing field, a wrong type, a bad IP and a field nobody described.
TEST(Schema, ViolationsAreFound) {
  const Action a = MakeAction({"file"});
  const auto docs = Parse(CommandFindings(a, MakeCommand(a, {kFileResult}), Format::kOcsf));
  ASSERT_FALSE(docs.empty());
  nlohmann::json d = docs[0];
  ASSERT_TRUE(Violations(d, OcsfDetectionFinding()).empty());

  auto missing = d;
  missing["metadata"]["product"].erase("vendor_name");
  auto v = Violations(missing, OcsfDetectionFinding());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "metadata.product.vendor_name: required string missing");

  auto wrong = d;
  wrong["time"] = "1764772180123";
  v = Violations(wrong, OcsfDetectionFinding());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("time: not a integer"), std::string::npos) << v[0];

  auto bad_ip = d;
  bad_ip["device"]["ip"] = "10.1.2.3/24";
  EXPECT_EQ(Violations(bad_ip, OcsfDetectionFinding()).size(), 1u);

  auto nested = d;
  nested["evidences"][0]["file"].erase("type_id");
  v = Violations(nested, OcsfDetectionFinding());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "evidences[0].file.type_id: required integer missing");

  auto extra = d;
  extra["device"]["secret"] = 1;
  v = Violations(extra, OcsfDetectionFinding());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "device.secret: not in the description of this class");

  // A detection is not a compliance finding.
  EXPECT_FALSE(Violations(d, OcsfComplianceFinding()).empty());
}

}  // namespace
}  // namespace mig::output::test

namespace mig::output::test {
namespace {

// The examples of docs/output.md come from here:
// unit_output --gtest_also_run_disabled_tests --gtest_filter='*PrintExamples'
TEST(Docs, DISABLED_PrintExamples) {
  const Action a = MakeAction({"scribe", "netstat"});
  const Command c = MakeCommand(a, {kScribeResult, kNetstatResult});
  for (Format format : {Format::kOcsf, Format::kEcs}) {
    for (const auto& line : CommandFindings(a, c, format))
      std::cout << nlohmann::ordered_json::parse(line.json).dump(2) << "\n";
  }
}

}  // namespace
}  // namespace mig::output::test
