// What agents write is attacker input: a compromised agent controls its
// name, environment and module answers. Every finding must stay one valid
// JSON line of bounded size, true to the schema.
#include <gtest/gtest.h>

#include "core/utf8.h"
#include "fixtures.h"
#include "output/command_findings.h"
#include "output/json_line.h"
#include "output/syslog_frame.h"
#include "schema.h"

namespace mig::output::test {
namespace {

const std::string kInjection = "web1\n<13>1 2026-01-01T00:00:00Z evil app - - - injected\r\n";
const std::string kControl = std::string("a\x01\x1b[31m\x7f\0b", 9);
const std::string kBadUtf8 = "\xff\xfe\xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80";
const std::string kHuge(1 << 20, 'A');

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Command HostileCommand(const Action& a) {
  std::string file = "/tmp/" + kInjection + kControl + kBadUtf8 + kHuge;
  OrderedJson element = {{"file", file},
                         {"search", {{"names", {kHuge}}}},
                         {"fileinfo", {{"size", "big"}, {"mode", kHuge}, {"sha256", kBadUtf8}}}};
  OrderedJson elements = {{kInjection + kHuge, {element}}};
  Command c = MakeCommand(a, {});
  ModuleResult r;
  r.found_anything = true;
  r.success = true;
  r.elements = elements;
  c.results.push_back(r);
  c.agent.name = kInjection + kControl + kBadUtf8 + kHuge;
  c.agent.queue_loc = kHuge;
  c.agent.version = kBadUtf8;
  c.agent.environment.ident = kControl;
  c.agent.environment.os = kInjection;
  c.agent.environment.addresses = {"1.2.3.4\n", std::string("5.6.7.8\0x", 9), kHuge, "10.0.0.1/8"};
  c.agent.environment.public_ip = "::1' or 1=1";
  return c;
}

TEST(Attacker, HostileAgentFieldsStayOneValidBoundedJsonLine) {
  const Action a = MakeAction({"file"});
  const Command c = HostileCommand(a);
  for (Format format : {Format::kOcsf, Format::kEcs}) {
    const auto lines = CommandFindings(a, c, format);
    ASSERT_EQ(lines.size(), 1u);
    const std::string& line = lines[0].json;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    for (char ch : line)
      EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20) << "raw control byte in the line";
    EXPECT_TRUE(ValidUtf8(line));
    EXPECT_LT(line.size(), 60000u) << "a 1 MB field made a " << line.size() << "-byte line";
    const auto docs = Parse(lines);
    ASSERT_EQ(docs.size(), 1u);
    const auto v =
        Violations(docs[0], format == Format::kOcsf ? OcsfDetectionFinding() : EcsFinding());
    EXPECT_TRUE(v.empty()) << v.front();
    if (format == Format::kOcsf) {
      // Only real IP literals become device.ip; the loopback-free one first.
      EXPECT_EQ(docs[0]["device"]["ip"], "10.0.0.1");
      const std::string host = docs[0]["device"]["hostname"];
      EXPECT_EQ(host.substr(0, 5), "web1\n");  // kept, escaped in the line
      EXPECT_NE(host.find("...[cut "), std::string::npos);
      EXPECT_EQ(docs[0]["evidences"][0]["file"].count("size"), 0u);  // "big" is no size
    } else {
      EXPECT_EQ(docs[0]["host"]["ip"], nlohmann::json({"10.0.0.1"}));
    }
  }
}

TEST(Attacker, MalformedElementsAreSkippedNotFatal) {
  const Action a = MakeAction({"file", "netstat", "memory", "pkg", "scribe"});
  const std::vector<std::string> odd = {
      R"({"foundanything":true,"success":true,"elements":{"s1":"x","s2":[1,null,{"file":7}],"s3":[{"file":"/a","fileinfo":[]}]},"statistics":null,"errors":null})",
      R"({"foundanything":true,"success":true,"elements":{"connectedip":[1],"localip":{"x":[{"localaddr":"999.1.1.1","localport":"22"}]}},"statistics":null,"errors":null})",
      R"({"foundanything":true,"success":true,"elements":{"s1":[{"process":{"pid":1.5,"name":3}},{"process":{"pid":-4}}]},"statistics":null,"errors":null})",
      R"({"foundanything":true,"success":true,"elements":{"packages":{"name":"x"}},"statistics":null,"errors":null})",
      R"({"foundanything":true,"success":true,"elements":{"results":[7,{"testid":5,"tags":"x","results":[1,{"result":"yes"}]}]},"statistics":null,"errors":null})",
  };
  for (Format format : {Format::kOcsf, Format::kEcs}) {
    const auto docs = Parse(CommandFindings(a, MakeCommand(a, odd), format));
    // file: /a only; netstat: the one element with no valid address or
    // port; memory: nothing usable, so the answer as one finding; pkg: the
    // answer; scribe: the one object test.
    ASSERT_EQ(docs.size(), 5u);
    for (size_t i = 0; i < docs.size(); ++i) {
      const bool compliance = i == 4;
      const Schema& s = format == Format::kEcs ? EcsFinding()
                        : compliance           ? OcsfComplianceFinding()
                                               : OcsfDetectionFinding();
      const auto v = Violations(docs[i], s);
      EXPECT_TRUE(v.empty()) << v.front() << "\n" << docs[i].dump();
    }
  }
}

// Long lists of long strings: the line still fits kMaxLineBytes (one UDP
// datagram), the oversized element replaced by its size.
TEST(Attacker, EveryLineFitsTheLimitWhateverTheListsHold) {
  const std::string big(8000, 'B');
  OrderedJson test = {{"testid", big},
                      {"name", big},
                      {"description", big},
                      {"iserror", false},
                      {"masterresult", true}};
  for (int i = 0; i < 2000; ++i) {
    test["tags"].push_back({{"key", big}, {"value", big}});
    test["results"].push_back({{"result", true}, {"identifier", big}});
  }
  ModuleResult scribe;
  scribe.found_anything = scribe.success = true;
  scribe.elements = {{"results", {test}}};
  ModuleResult other;
  other.found_anything = other.success = true;
  for (int i = 0; i < 2000; ++i)
    other.elements["k" + std::to_string(i)] = big;
  ModuleResult failed;
  for (int i = 0; i < 2000; ++i)
    failed.errors.push_back(big);
  Action a = MakeAction({"scribe", "timedrift", "file"});
  a.name = big;
  Command c = MakeCommand(a, {});
  c.results = {scribe, other, failed};
  c.agent.name = big;
  for (int i = 0; i < 5000; ++i)
    c.agent.environment.addresses.push_back("10.0." + std::to_string(i / 250) + "." +
                                            std::to_string(i % 250));
  for (Format format : {Format::kOcsf, Format::kEcs}) {
    const auto lines = CommandFindings(a, c, format);
    ASSERT_EQ(lines.size(), 3u);
    const auto docs = Parse(lines);
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_LE(lines[i].json.size(), kMaxLineBytes) << FormatName(format) << " line " << i;
      const Schema& s = format == Format::kEcs ? EcsFinding()
                        : i == 0               ? OcsfComplianceFinding()
                                               : OcsfDetectionFinding();
      const auto v = Violations(docs[i], s);
      EXPECT_TRUE(v.empty()) << v.front();
    }
    const std::string element = format == Format::kOcsf ? docs[1]["evidences"][0]["data"].dump()
                                                        : docs[1]["mig"]["element"].dump();
    EXPECT_NE(element.find("left_out"), std::string::npos) << element.substr(0, 200);
  }
}

TEST(Attacker, JsonLineCutsLongStringsAtCharacterBoundaries) {
  std::string s(kMaxStringBytes - 1, 'x');
  s += "\xc3\xa9\xc3\xa9";  // a two-byte character straddles the limit
  const auto doc = nlohmann::json::parse(JsonLine(OrderedJson{{"k", s}}));
  const std::string cut = doc["k"];
  EXPECT_EQ(cut.substr(0, kMaxStringBytes - 1), std::string(kMaxStringBytes - 1, 'x'));
  EXPECT_EQ(cut.substr(kMaxStringBytes - 1), "...[cut 4 bytes]");
  EXPECT_EQ(nlohmann::json::parse(JsonLine(OrderedJson{{"k", "short"}}))["k"], "short");
}

TEST(Attacker, SyslogHeaderFieldsStayWithinRfc5424) {
  SyslogHeader h;
  h.severity = 4;
  h.timestamp = Time::FromUnix(1764772180, 5000000);
  h.hostname = kInjection + kHuge;
  h.app_name = "mig runner\napp" + kHuge;
  h.procid = kBadUtf8 + kHuge;
  h.msgid = kControl + kHuge;
  const std::string msg = FormatSyslogMessage(h, "{\"a\":1}\n<13>1 - - - - - second");
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  EXPECT_EQ(msg.find('\r'), std::string::npos);
  // PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD SP MSG
  std::vector<std::string> parts;
  size_t pos = 0;
  for (int i = 0; i < 7; ++i) {
    const size_t sp = msg.find(' ', pos);
    ASSERT_NE(sp, std::string::npos);
    parts.push_back(msg.substr(pos, sp - pos));
    pos = sp + 1;
  }
  EXPECT_EQ(parts[0], "<132>1");  // local0 (16) * 8 + warning (4)
  EXPECT_EQ(parts[1], "2025-12-03T14:29:40.005Z");
  const size_t limits[] = {255, 48, 128, 32};
  for (int i = 0; i < 4; ++i) {
    const std::string& field = parts[2 + i];
    EXPECT_EQ(field.size(), limits[i]) << field;
    for (char ch : field)
      EXPECT_TRUE(ch >= 33 && ch <= 126) << "byte " << static_cast<int>(ch);
  }
  EXPECT_EQ(parts[6], "-");
  EXPECT_EQ(msg.substr(pos), "{\"a\":1} <13>1 - - - - - second");
  EXPECT_EQ(SyslogHeaderField("", 10), "-");
  EXPECT_EQ(OctetCountedFrame("abc"), "3 abc");
}

}  // namespace
}  // namespace mig::output::test
