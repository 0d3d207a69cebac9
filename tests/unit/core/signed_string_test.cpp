// The signed string against MIG's own vectors (protocol.md 3.3) and every
// signed example in spec/examples.
#include "core/signed_string.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/documents_json.h"
#include "test_env.h"

namespace mig {
namespace {

Action MustParse(const std::string& text) {
  auto a = ParseAction(text);
  EXPECT_TRUE(a.ok()) << a.error();
  return a.ok() ? *a : Action{};
}

TEST(SignedString, VectorA) {
  const std::string input = R"({"name":"find <passwd> & shadow",
 "target":"environment->>'os'='linux' AND name LIKE '%web%'",
 "validfrom":"2017-02-10T14:15:31.01502Z",
 "expireafter":"2017-02-10T15:15:31.9-01:00",
 "operations":[
  {"module":"file","parameters":{"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"],
    "options":{"maxdepth":1000,"matchlimit":1e3,"mismatch":null,"ratio":0.0000005,"big":12345678901234567890}}}}},
  {"module":"ping","parameters":{"destination":"10.0.0.1","protocol":"icmp","count":3.0},
   "is_compressed":false,"want_compressed":true}],
 "syntaxversion":2})";
  const std::string expected =
      R"(name=find <passwd> & shadow;target=environment->>'os'='linux' AND name LIKE '%web%';validfrom=1486736131;expireafter=%!s(int64=1486743331);operations=[{"module":"file","parameters":{"searches":{"s1":{"names":["^passwd$"],"options":{"big":12345678901234567000,"matchlimit":1000,"maxdepth":1000,"mismatch":null,"ratio":5e-7},"paths":["/etc"]}}}},{"module":"ping","parameters":{"count":3,"destination":"10.0.0.1","protocol":"icmp"},"want_compressed":true}];)";
  EXPECT_EQ(SignedString(MustParse(input)), expected);
}

TEST(SignedString, VectorBEscaping) {
  const std::string input =
      "{\"name\":\"x\",\"target\":\"t\",\"validfrom\":\"2019-01-01T00:00:00Z\","
      "\"expireafter\":\"2019-01-01T00:05:00Z\",\"operations\":[{\"module\":\"m\","
      "\"parameters\":\"a<b>&c\\u2028\\b\\f\\t\\u0001\xC3\xA9\\\"\\\\/\"}]}";
  const std::string expected =
      "name=x;target=t;validfrom=1546300800;expireafter=%!s(int64=1546301100);operations=[{"
      "\"module\":\"m\",\"parameters\":"
      "\"a\\u003cb\\u003e\\u0026c\\u2028\\u0008\\u000c\\t\\u0001\xC3\xA9\\\"\\\\/\"}];";
  EXPECT_EQ(SignedString(MustParse(input)), expected);
}

TEST(SignedString, VectorCCompressed) {
  const std::string input = R"({"name":"x","target":"status='online'",
    "validfrom":"2019-01-01T00:00:00Z","expireafter":"2019-01-01T00:05:00Z",
    "operations":[{"module":"file","parameters":"H4sIAAAAAAAA/6pWKk5NLErOSC1WsqpWKjYEkQWJJRnFSlbRSvqpJclKsbW1tYAAAAD//37aVR8mAAAA","is_compressed":true,"want_compressed":true}]})";
  const std::string expected =
      R"(name=x;target=status='online';validfrom=1546300800;expireafter=%!s(int64=1546301100);operations=[{"module":"file","parameters":"H4sIAAAAAAAA/6pWKk5NLErOSC1WsqpWKjYEkQWJJRnFSlbRSvqpJclKsbW1tYAAAAD//37aVR8mAAAA","is_compressed":true,"want_compressed":true}];)";
  EXPECT_EQ(SignedString(MustParse(input)), expected);
}

// NAME.expected.txt: "key: value" lines, a marker line, then the string.
std::string ExpectedSignedString(const std::string& path) {
  const std::string text = test::ReadFile(path);
  const std::string marker = "--- signed string:";
  const size_t at = text.find(marker);
  if (at == std::string::npos) return "<no marker in " + path + ">";
  const size_t nl = text.find('\n', at);
  return text.substr(nl + 1);
}

TEST(SignedString, EveryExampleMatchesMig) {
  const std::filesystem::path dir = test::MigExamplesDir();
  ASSERT_TRUE(std::filesystem::is_directory(dir))
      << dir << " not found (tests/data/mig-examples)";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto path = entry.path();
    if (path.extension() != ".json" || path.filename() == "acl.json") continue;
    SCOPED_TRACE(path.string());
    auto action = ParseAction(test::ReadFile(path.string()));
    ASSERT_TRUE(action.ok()) << action.error();
    auto expected_path = path;
    expected_path.replace_extension(".expected.txt");
    EXPECT_EQ(SignedString(*action), ExpectedSignedString(expected_path.string()));
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

Action Simple(Json params) {
  Action a;
  a.name = "n";
  a.target = "t";
  a.valid_from = Time::FromUnix(10);
  a.expire_after = Time::FromUnix(20);
  a.operations = std::vector<Operation>{{"m", std::move(params), false, false}};
  return a;
}

std::string OpsOf(const std::string& params_json) {
  auto params = ParseGoJson(params_json);
  EXPECT_TRUE(params.ok()) << params.error();
  return SignedOperations(Simple(params.ok() ? *params : Json()));
}

TEST(SignedString, NullOperationsAndEmptyOperations) {
  Action a = Simple(nullptr);
  a.operations.reset();
  EXPECT_EQ(SignedString(a),
            "name=n;target=t;validfrom=10;expireafter=%!s(int64=20);operations=null;");
  a.operations.emplace();
  EXPECT_EQ(SignedOperations(a), "[]");
}

TEST(SignedString, ParameterEdgeCases) {
  EXPECT_EQ(OpsOf("null"), R"([{"module":"m","parameters":null}])");
  EXPECT_EQ(OpsOf("{}"), R"([{"module":"m","parameters":{}}])");
  EXPECT_EQ(OpsOf("[]"), R"([{"module":"m","parameters":[]}])");
  EXPECT_EQ(OpsOf(R"({"b":[[1,[2,{}]],[]],"a":{"z":null,"A":true}})"),
            R"([{"module":"m","parameters":{"a":{"A":true,"z":null},"b":[[1,[2,{}]],[]]}}])");
  EXPECT_EQ(OpsOf(R"({"k":1,"k":2})"), R"([{"module":"m","parameters":{"k":2}}])");
  EXPECT_EQ(
      OpsOf(R"([1e21,1e-7,-0,0.000001,123456789012345678901234,-1.5e300,5e-324])"),
      R"([{"module":"m","parameters":[1e+21,1e-7,-0,0.000001,1.2345678901234569e+23,-1.5e+300,5e-324]}])");
  // Keys sort by UTF-8 bytes: "Z" < "a" < "é" < "😀".
  EXPECT_EQ(OpsOf("{\"\xF0\x9F\x98\x80\":1,\"\xC3\xA9\":2,\"a\":3,\"Z\":4}"),
            "[{\"module\":\"m\",\"parameters\":{\"Z\":4,\"a\":3,\"\xC3\xA9\":2,"
            "\"\xF0\x9F\x98\x80\":1}}]");
  // Invalid UTF-8 byte in the document: one raw U+FFFD per bad byte.
  EXPECT_EQ(OpsOf("[\"a\xFF\xFE"
                  "b\"]"),
            "[{\"module\":\"m\",\"parameters\":[\"a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\"]}]");
  // Escaped control characters and a lone surrogate.
  EXPECT_EQ(OpsOf(R"(["\u0000\u001f\u007f\ud800x"])"),
            "[{\"module\":\"m\",\"parameters\":[\"\\u0000\\u001f\x7f\xEF\xBF\xBDx\"]}]");
}

TEST(SignedString, FlagsAndRawNameTarget) {
  Action a = Simple(Json::object());
  a.name = "a\"b\\c<\n";
  (*a.operations)[0].is_compressed = true;
  EXPECT_EQ(SignedString(a),
            "name=a\"b\\c<\n;target=t;validfrom=10;expireafter=%!s(int64=20);operations=[{"
            "\"module\":\"m\",\"parameters\":{},\"is_compressed\":true}];");
}

TEST(SignedString, WholeSecondsOnlyAndNegativeTimes) {
  Action a = Simple(nullptr);
  a.valid_from = Time::FromUnix(1486736131, 999'999'999);
  a.expire_after = Time::Zero();
  EXPECT_EQ(SignedString(a),
            "name=n;target=t;validfrom=1486736131;expireafter=%!s(int64=-62135596800);"
            "operations=[{\"module\":\"m\",\"parameters\":null}];");
}

}  // namespace
}  // namespace mig
