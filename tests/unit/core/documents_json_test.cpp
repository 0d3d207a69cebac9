#include "core/documents_json.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_env.h"

namespace mig {
namespace {

const char kMinimalAction[] = R"({"name":"n","target":"t","validfrom":"2019-01-01T00:00:00Z",)"
                              R"("expireafter":"2019-01-01T00:05:00Z","operations":[]})";

std::string ActionError(const std::string& text) {
  auto a = ParseAction(text);
  return a.ok() ? "<parsed>" : a.error();
}

// Replaces the first occurrence of `from` in the minimal action.
std::string Minimal(const std::string& from, const std::string& to) {
  std::string s = kMinimalAction;
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(ActionJson, ExamplesRoundTripByteForByte) {
  // The example files are Go's MarshalIndent output: writing back what we
  // read and indenting it the same way must give the same bytes.
  const std::filesystem::path dir = test::MigExamplesDir();
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << "";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto path = entry.path();
    if (path.extension() != ".json" || path.filename() == "acl.json") continue;
    SCOPED_TRACE(path.string());
    std::string original = test::ReadFile(path.string());
    while (!original.empty() && original.back() == '\n')
      original.pop_back();
    auto action = ParseAction(original);
    ASSERT_TRUE(action.ok()) << action.error();
    EXPECT_EQ(action->syntax_version, 2);
    EXPECT_FALSE(action->pgp_signatures.empty());
    EXPECT_EQ(IndentGoJson(WriteAction(*action)), original);
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

// Found with tests/fuzz/action_fuzz.cpp's round-trip property: a zone offset
// carried year 0000 or 9999 out of four digits, and WriteAction then wrote
// "-001-12-31T23:00:00Z" or "10000-01-01T00:59:59Z", which no reader takes.
TEST(ActionJson, TimesStayWithinFourDigitYears) {
  for (const char* time : {"0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                           "0000-01-01T00:59:59.999999999+01:00"}) {
    EXPECT_NE(ActionError(Minimal("2019-01-01T00:00:00Z", time)).find("outside years 0000 to 9999"),
              std::string::npos)
        << time;
  }
  for (const char* time : {"0000-01-01T00:00:00Z", "0000-01-01T01:00:00+01:00",
                           "9999-12-31T23:59:59.999999999Z", "9999-12-31T22:59:59-01:00"}) {
    auto a = ParseAction(Minimal("2019-01-01T00:00:00Z", time));
    ASSERT_TRUE(a.ok()) << time << ": " << a.error();
    auto again = ParseAction(WriteAction(*a));
    ASSERT_TRUE(again.ok()) << time << ": " << again.error();
    EXPECT_EQ(again->valid_from, a->valid_from) << time;
  }
}

TEST(ActionJson, ReadsFieldsCaseInsensitivelyPreferringExact) {
  auto a = ParseAction(R"({"NAME":"upper","Target":"t","ValidFrom":"2019-01-01T00:00:00Z",
      "EXPIREAFTER":"2019-01-01T00:05:00.5+01:00","Operations":[{"Module":"file",
      "Parameters":{"Keep":"Case"},"IS_COMPRESSED":false,"extra":1}],"SyntaxVersion":2,
      "PGPSignatures":["s"],"Counters":{"Sent":3}})");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->name, "upper");
  EXPECT_EQ(a->expire_after, Time::FromUnix(1546300800 + 300 - 3600, 500'000'000));
  ASSERT_EQ(a->operations->size(), 1u);
  EXPECT_EQ((*a->operations)[0].module, "file");
  EXPECT_EQ((*a->operations)[0].parameters, Json({{"Keep", "Case"}}));
  EXPECT_EQ(a->counters.sent, 3);
  EXPECT_EQ(a->pgp_signatures, std::vector<std::string>{"s"});

  auto exact = ParseAction(Minimal(R"("name":"n")", R"("Name":"folded","name":"exact")"));
  ASSERT_TRUE(exact.ok()) << exact.error();
  EXPECT_EQ(exact->name, "exact");
}

TEST(ActionJson, IdsAsFloatsOrIntegers) {
  auto f = ParseAction(Minimal("{", R"({"id":6.115472790658567e+18,)"));
  ASSERT_FALSE(f.ok());  // above 2^53
  EXPECT_NE(f.error().find("action.id: expected an ID"), std::string::npos) << f.error();
  auto ok = ParseAction(Minimal("{", R"({"id":2.8052879507456e+13,)"));
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->id, 28052879507456);
  EXPECT_NE(WriteAction(*ok).find(R"("id":28052879507456,)"), std::string::npos);
  auto max = ParseAction(Minimal("{", R"({"id":9007199254740991,)"));
  ASSERT_TRUE(max.ok()) << max.error();
  EXPECT_EQ(max->id, 9007199254740991);
  EXPECT_NE(ActionError(Minimal("{", R"({"id":9007199254740992,)")).find("2^53"),
            std::string::npos);
  EXPECT_NE(ActionError(Minimal("{", R"({"id":1.5,)")).find("action.id"), std::string::npos);
  EXPECT_NE(ActionError(Minimal("{", R"({"id":-1,)")).find("action.id"), std::string::npos);
  EXPECT_EQ(ActionError(Minimal("{", R"({"id":"1",)")),
            "action.id: expected a numeric ID, got string");
}

TEST(ActionJson, ErrorsNameTheFieldPath) {
  EXPECT_EQ(
      ActionError(Minimal(R"("operations":[])", R"("operations":[{"module":"a"},{"module":3}])")),
      "action.operations[1].module: expected a string, got number");
  EXPECT_EQ(ActionError(Minimal(R"("operations":[])", R"("operations":[{"parameters":{}}])")),
            "action.operations[0].module: missing (this field is required)");
  EXPECT_EQ(ActionError(Minimal(R"("operations":[])", R"("operations":{})")),
            "action.operations: expected an array, got object");
  EXPECT_EQ(ActionError(Minimal(R"("operations":[])", R"("operations":[1])")),
            "action.operations[0]: expected an object, got number");
  EXPECT_EQ(ActionError(Minimal(R"("name":"n",)", "")),
            "action.name: missing (this field is required)");
  EXPECT_EQ(ActionError(Minimal(R"(,"operations":[])", "")),
            "action.operations: missing (this field is required)");
  EXPECT_EQ(ActionError(Minimal(R"("name":"n")", R"("name":["n"])")),
            "action.name: expected a string, got array");
  EXPECT_EQ(ActionError(Minimal("{", R"({"description":"x",)")),
            "action.description: expected an object, got string");
  EXPECT_EQ(ActionError(Minimal("{", R"({"description":{"revision":"1"},)")),
            "action.description.revision: expected a number, got string");
  EXPECT_EQ(ActionError(Minimal("{", R"({"counters":{"done":1.5},)")),
            "action.counters.done: expected an integer, got 1.5");
  EXPECT_EQ(ActionError(Minimal("{", R"({"syntaxversion":true,)")),
            "action.syntaxversion: expected an integer, got boolean");
  EXPECT_EQ(ActionError(Minimal("{", R"({"pgpsignatures":["a",2],)")),
            "action.pgpsignatures[1]: expected a string, got number");
  EXPECT_EQ(ActionError(Minimal(R"("operations":[])",
                                R"("operations":[{"module":"m","is_compressed":1}])")),
            "action.operations[0].is_compressed: expected a boolean, got number");
  EXPECT_NE(ActionError(Minimal("2019-01-01T00:00:00Z", "yesterday"))
                .find("action.validfrom: invalid time \"yesterday\""),
            std::string::npos);
  EXPECT_EQ(ActionError(Minimal(R"("validfrom":"2019-01-01T00:00:00Z")", R"("validfrom":12)")),
            "action.validfrom: expected an RFC 3339 time string, got number");
  EXPECT_EQ(ActionError("[]"), "action: expected an object, got array");
  EXPECT_NE(ActionError("{\"name\":").find("action: invalid JSON at byte 8"), std::string::npos);
}

TEST(ActionJson, RejectsUnknownTopLevelFieldsOnly) {
  EXPECT_EQ(ActionError(Minimal("{", R"({"nmae":"typo",)")),
            "action.nmae: unknown field (check its spelling; not a field of action)");
  // Unknown keys deeper down are ignored like Go does (they are not signed).
  auto a = ParseAction(Minimal("{", R"({"threat":{"extra":1},)"));
  EXPECT_TRUE(a.ok()) << a.error();
}

TEST(ActionJson, NullMeansAbsent) {
  auto a = ParseAction(Minimal(R"("operations":[])", R"("operations":null)"));
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_FALSE(a->operations.has_value());
  auto b = ParseAction(Minimal("{", R"({"description":null,"pgpsignatures":null,"id":null,)"));
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_TRUE(b->operations.has_value());
  EXPECT_EQ(ActionError(Minimal(R"("name":"n")", R"("name":null)")),
            "action.name: missing (this field is required)");
}

TEST(ActionJson, WriterFollowsGoOrderAndOmitempty) {
  Action a;
  a.id = 7;
  a.name = "<x>";
  a.target = "t";
  a.description.revision = 201409021000;
  a.threat.family = "malware";
  a.valid_from = Time::FromUnix(1546300800, 120'000'000);
  a.expire_after = Time::FromUnix(1546301100);
  a.operations = std::vector<Operation>{{"ping", Json{{"b", 1}, {"a", 2.5}}, false, true}};
  a.status = "pending";
  a.counters.done = 2;
  a.syntax_version = 2;
  Investigator inv;
  inv.id = 3;
  inv.name = "Bob";
  inv.pgp_fingerprint = "ABCD";
  inv.public_key = "secret-ish";
  inv.status = "active";
  inv.permissions = {"search", "investigator_update"};
  a.investigators.push_back(inv);
  const std::string out = WriteAction(a);
  const std::string inv_json =
      R"({"id":3,"name":"Bob","pgpfingerprint":"ABCD","status":"active",)"
      R"("createdat":"0001-01-01T00:00:00Z","lastmodified":"0001-01-01T00:00:00Z",)"
      R"("permissions":{"search":true,"action":false,"action_create":false,"command":false,)"
      R"("agent":false,"dashboard":false,"loader":false,"loader_status":false,)"
      R"("loader_expect":false,"loader_key":false,"loader_new":false,"manifest":false,)"
      R"("manifest_sign":false,"manifest_status":false,"manifest_new":false,)"
      R"("manifest_loaders":false,"investigator":false,"investigator_create":false,)"
      R"("investigator_update":true}})";
  EXPECT_EQ(
      out, R"({"id":7,"name":"\u003cx\u003e","target":"t","description":{"revision":201409021000},)"
           R"("threat":{"family":"malware"},"validfrom":"2019-01-01T00:00:00.12Z",)"
           R"("expireafter":"2019-01-01T00:05:00Z","operations":[{"module":"ping",)"
           R"("parameters":{"a":2.5,"b":1},"want_compressed":true}],"pgpsignatures":null,)"
           R"("investigators":[)" +
               inv_json +
               R"(],"status":"pending","starttime":"0001-01-01T00:00:00Z",)"
               R"("finishtime":"0001-01-01T00:00:00Z","lastupdatetime":"0001-01-01T00:00:00Z",)"
               R"("counters":{"done":2},"syntaxversion":2})");
  auto back = ParseAction(out);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(WriteAction(*back), out);
  EXPECT_EQ(back->investigators[0].permissions, inv.permissions);

  Action empty;
  EXPECT_EQ(WriteAction(empty),
            R"({"id":0,"name":"","target":"","description":{},"threat":{},)"
            R"("validfrom":"0001-01-01T00:00:00Z","expireafter":"0001-01-01T00:00:00Z",)"
            R"("operations":null,"pgpsignatures":null,"starttime":"0001-01-01T00:00:00Z",)"
            R"("finishtime":"0001-01-01T00:00:00Z","lastupdatetime":"0001-01-01T00:00:00Z",)"
            R"("counters":{}})");
}

TEST(InvestigatorJson, PublicKeyIsBase64) {
  Investigator inv;
  inv.name = "Al";
  inv.public_key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n";
  const std::string out = WriteInvestigator(inv);
  EXPECT_NE(out.find(R"("publickey":"LS0tLS1CRUdJTiBQR1AgUFVCTElDIEtFWSBCTE9DSy0tLS0tCg==")"),
            std::string::npos)
      << out;
  auto back = InvestigatorFromJson(Json::parse(out));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->public_key, inv.public_key);
  auto bad = InvestigatorFromJson(Json{{"publickey", "not base64!"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("investigator.publickey: invalid base64"), std::string::npos);
}

const char kLegacyHeartbeat[] =
    R"({"name":"gator1","queueloc":"linux.ft8dzivx8zxd1mu966li7fy4jx0v999cgfap4mxhdgj1v0zv",
 "mode":"daemon","version":"20150909+556e9c0.dev","pid":2993,
 "starttime":"2015-09-09T10:43:30.871448608-04:00","destructiontime":"0001-01-01T00:00:00Z",
 "heartbeatts":"2015-09-09T10:43:30.871448821-04:00","refreshts":"2015-09-09T10:40:00Z",
 "environment":{"init":"upstart","ident":"Debian testing-updates sid","os":"linux","arch":"amd64",
   "isproxied":false,"addresses":["172.21.0.3/20","fe80::3602:86ff:fe2b:6fdd/64"],
   "publicip":"172.21.0.3","aws":{},"modules":["file","ping"]},
 "tags":{"operator":"example.net"}})";

TEST(AgentJson, LegacyHeartbeatRoundTrip) {
  auto a = ParseAgent(kLegacyHeartbeat);
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->name, "gator1");
  EXPECT_EQ(a->pid, 2993);
  EXPECT_EQ(FormatTime(a->start_time), "2015-09-09T14:43:30.871448608Z");
  EXPECT_EQ(a->environment.addresses.size(), 2u);
  EXPECT_EQ(a->environment.public_ip, "172.21.0.3");
  EXPECT_EQ(a->tags.at("operator"), "example.net");
  EXPECT_EQ(
      WriteAgent(*a),
      R"({"name":"gator1","queueloc":"linux.ft8dzivx8zxd1mu966li7fy4jx0v999cgfap4mxhdgj1v0zv",)"
      R"("mode":"daemon","version":"20150909+556e9c0.dev","pid":2993,)"
      R"("starttime":"2015-09-09T14:43:30.871448608Z","destructiontime":"0001-01-01T00:00:00Z",)"
      R"("heartbeatts":"2015-09-09T14:43:30.871448821Z","refreshts":"2015-09-09T10:40:00Z",)"
      R"("environment":{"init":"upstart","ident":"Debian testing-updates sid","os":"linux",)"
      R"("arch":"amd64","isproxied":false,"addresses":["172.21.0.3/20",)"
      R"("fe80::3602:86ff:fe2b:6fdd/64"],"publicip":"172.21.0.3","aws":{},)"
      R"("modules":["file","ping"]},"tags":{"operator":"example.net"}})");
  auto bad = ParseAgent(R"({"tags":{"a":1}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "agent.tags.a: expected a string, got number");
  EXPECT_EQ(ParseAgent(R"({"pid":-4})").error(), "agent.pid: must not be negative");
  EXPECT_EQ(ParseAgent(R"({"environment":{"aws":[]}})").error(),
            "agent.environment.aws: expected an object, got array");
}

TEST(AgentJson, HttpHeartbeat) {
  auto h = ParseHeartbeat(R"({
  "name": "host1.example.net", "mode": "daemon", "version": "20190101-0.abcdef0.prod",
  "pid": 2993, "queueLoc": "linux.4bvmnn1t2m9e",
  "startTime": "2019-01-01T10:00:00.123456789-05:00", "refreshTime": "2019-01-01T09:55:00.1-05:00",
  "environment": {"init": "systemd", "ident": "Ubuntu 16.04 xenial", "os": "linux",
    "arch": "amd64", "isProxied": true, "proxy": "p:3128", "addresses": ["10.0.0.5/24"],
    "publicIP": "203.0.113.7", "modules": ["file", "ping"]},
  "tags": [{"name": "operator", "value": "IT"}, {"name": "operator", "value": "Ops"},
           {"name": "env", "value": "prod"}]})");
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_EQ(h->queue_loc, "linux.4bvmnn1t2m9e");
  EXPECT_EQ(FormatTime(h->start_time), "2019-01-01T15:00:00.123456789Z");
  EXPECT_TRUE(h->environment.is_proxied);
  EXPECT_EQ(h->environment.public_ip, "203.0.113.7");
  EXPECT_EQ(h->tags.at("operator"), "Ops");
  EXPECT_EQ(
      WriteHeartbeat(*h),
      R"({"name":"host1.example.net","mode":"daemon","version":"20190101-0.abcdef0.prod",)"
      R"("pid":2993,"queueLoc":"linux.4bvmnn1t2m9e",)"
      R"("startTime":"2019-01-01T15:00:00.123456789Z","refreshTime":"2019-01-01T14:55:00.1Z",)"
      R"("environment":{"init":"systemd","ident":"Ubuntu 16.04 xenial","os":"linux",)"
      R"("arch":"amd64","isProxied":true,"proxy":"p:3128","addresses":["10.0.0.5/24"],)"
      R"("publicIP":"203.0.113.7","modules":["file","ping"]},)"
      R"("tags":[{"name":"env","value":"prod"},{"name":"operator","value":"Ops"}]})");
  EXPECT_EQ(ParseHeartbeat(R"({"tags":{"a":"b"}})").error(),
            "heartbeat.tags: expected an array of {\"name\",\"value\"}, got object");
  EXPECT_EQ(ParseHeartbeat(R"({"tags":[{"name":1}]})").error(),
            "heartbeat.tags[0].name: expected a string, got number");
  EXPECT_EQ(ParseHeartbeat(R"({"pid":"12"})").error(),
            "heartbeat.pid: expected an integer, got string");
}

TEST(CommandJson, RoundTripAndErrors) {
  const std::string action = std::string(kMinimalAction);
  const std::string text =
      R"({"id":28052879507457,"action":)" + action +
      R"(,"agent":{"name":"h","queueloc":"q","mode":"daemon"},)"
      R"("status":"sent","results":[{"foundanything":true,"success":true,)"
      R"("elements":{"z":[1],"a":null},"statistics":null,"errors":["e<"]}],)"
      R"("starttime":"2019-01-01T00:00:01.123456Z","finishtime":"0001-01-01T00:00:00Z"})";
  auto c = ParseCommand(text);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->id, 28052879507457);
  EXPECT_EQ(c->agent.queue_loc, "q");
  ASSERT_EQ(c->results.size(), 1u);
  EXPECT_TRUE(c->results[0].found_anything);
  EXPECT_EQ(c->results[0].errors, std::vector<std::string>{"e<"});
  const std::string out = WriteCommand(*c);
  EXPECT_NE(
      out.find(
          R"("results":[{"foundanything":true,"success":true,"elements":{"a":null,"z":[1]},"statistics":null,"errors":["e\u003c"]}])"),
      std::string::npos)
      << out;
  EXPECT_EQ(out.rfind(R"({"id":28052879507457,"action":{"id":0,"name":"n",)", 0), 0u) << out;
  auto again = ParseCommand(out);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(WriteCommand(*again), out);

  EXPECT_EQ(ParseCommand(R"({"action":)" + action + "}").error(),
            "command.id: missing (this field is required)");
  EXPECT_EQ(ParseCommand(R"({"id":1})").error(),
            "command.action: missing (this field is required)");
  EXPECT_EQ(ParseCommand(R"({"id":1,"action":)" + action + R"(,"bogus":1})").error(),
            "command.bogus: unknown field (check its spelling; not a field of command)");
  EXPECT_EQ(ParseCommand(R"({"id":1,"action":{"name":1}})").error(),
            "command.action.name: expected a string, got number");
  EXPECT_EQ(
      ParseCommand(R"({"id":1,"action":)" + action + R"(,"results":[{"errors":"x"}]})").error(),
      "command.results[0].errors: expected an array of strings, got string");

  ModuleResult empty;
  EXPECT_EQ(
      WriteModuleResult(empty),
      R"({"foundanything":false,"success":false,"elements":null,"statistics":null,"errors":null})");
}

TEST(DocumentsJson, SizeLimit) {
  auto a = ParseAction(kMinimalAction, 10);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().find("action: JSON document too large"), std::string::npos) << a.error();
  EXPECT_FALSE(ParseCommand("{}", 1).ok());
  EXPECT_FALSE(ParseAgent("{}", 1).ok());
  EXPECT_FALSE(ParseHeartbeat("{}", 1).ok());
}

}  // namespace
}  // namespace mig
