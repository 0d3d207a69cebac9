// Documents, parameters, the policy file loader, the printer and the
// privacy hook (spec/modules/scribe.md sections 2-4).
#include <gtest/gtest.h>

#include "core/gojson.h"
#include "modules/registry.h"
#include "modules/scribe/document_file.h"
#include "modules/scribe/params.h"
#include "modules/scribe/printer.h"
#include "scribe_fixture.h"

namespace mig::modules::scribe {
namespace {

Result<Document> Decode(const std::string& text) {
  auto json = ParseGoJson(text);
  if (!json) return json.status();
  return DecodeDocument(*json);
}

std::string ValidationError(const std::string& text) {
  auto d = Decode(text);
  if (!d) return "decode: " + d.error();
  Status st = ValidateDocument(*d);
  return st ? "" : st.message();
}

TEST(Document, EmptyMembersAreNotSet) {
  // As MIG's client re-encodes documents: every member present, most empty.
  auto d = Decode(R"J({"objects":[{"object":"raw","filecontent":{},"filename":{},"package":{},
      "raw":{"identifiers":[{"identifier":"test","value":"value"}]},"hasline":{}}],
      "tests":[{"test":"t","name":"","object":"raw","evr":{},"regexp":{},"exactmatch":{}}]})J");
  ASSERT_TRUE(d) << d.error();
  EXPECT_EQ(SourceOf(d->objects[0]), SourceKind::kRaw);
  EXPECT_TRUE(ValidateDocument(*d));
  auto e = testing::Evaluate(DocumentToJson(*d).dump());
  EXPECT_TRUE(e.by_id["t"].masterresult);  // no-op evaluator: one criterion
}

TEST(Document, SourcePriority) {
  auto d =
      Decode(R"J({"objects":[{"object":"o","raw":{"identifiers":[{"identifier":"a","value":"b"}]},
      "package":{"name":"p"},"filecontent":{"path":"/x","file":"y","expression":"z"}}]})J");
  ASSERT_TRUE(d);
  EXPECT_EQ(SourceOf(d->objects[0]), SourceKind::kPackage);
}

TEST(Document, ValidationMessages) {
  EXPECT_EQ(ValidationError(R"J({"objects":[{"object":"o"}]})J"), "o: no valid source interface");
  EXPECT_EQ(
      ValidationError(
          R"J({"objects":[{"object":"","raw":{"identifiers":[{"identifier":"a","value":"b"}]}}]})J"),
      "an object in document has no identifier");
  EXPECT_EQ(ValidationError(R"J({"objects":[{"object":"o","filecontent":{"path":"/"}}]})J"),
            "o: filecontent file must be set");
  EXPECT_EQ(
      ValidationError(R"J({"objects":[{"object":"o","filecontent":{"path":"/","file":"x"}}]})J"),
      "o: filecontent expression must be set");
  EXPECT_EQ(
      ValidationError(
          R"J({"objects":[{"object":"o","filecontent":{"path":"/","file":"x","expression":"(","import-chain":[]}}]})J")
          .rfind("o: invalid filecontent expression regexp '(': ", 0),
      0u);
  EXPECT_EQ(
      ValidationError(
          R"J({"objects":[{"object":"o","filecontent":{"path":"/","file":"x","expression":"y","import-chain":["nope"]}}]})J"),
      "o: unknown object \"nope\"");
  EXPECT_EQ(ValidationError(
                R"J({"objects":[{"object":"o","raw":{"identifiers":[{"identifier":"a"}]}}]})J"),
            "o: identifier must include identifier and value");
  EXPECT_EQ(ValidationError(R"J({"objects":[{"object":"o","filename":{"path":"/"}}]})J"),
            "o: filename file must be set");
  EXPECT_EQ(ValidationError(R"J({"objects":[{"object":"o","hasline":{"path":"/","file":"x"}}]})J"),
            "o: hasline expression must be set");
  EXPECT_EQ(ValidationError(
                R"J({"objects":[{"object":"o","package":{"name":"x","collectmatch":"[" }}]})J")
                .rfind("o: invalid package collectmatch regexp", 0),
            0u);
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":""}]})J"),
            "a test in document has no identifier");
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":"a","if":["b"]}]})J"), "a: unknown test \"b\"");
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":"a","if":["a"]}]})J"),
            "a: test cannot reference itself");
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":"a","tags":[{"key":"k\"","value":"v"}]}]})J"),
            "a: test tag key cannot contain quote");
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":"a","tags":[{"key":"k","value":"\""}]}]})J"),
            "a: test tag value cannot contain quote");
  // A test's object is checked at run time, not here.
  EXPECT_EQ(ValidationError(R"J({"tests":[{"test":"a","object":"nope"}]})J"), "");
  // Wrong types are Go's decoding errors.
  EXPECT_NE(ValidationError(R"J({"objects":"x"})J").find("cannot unmarshal string"),
            std::string::npos);
  EXPECT_NE(ValidationError(R"J({"tests":[{"test":"a","if":"b"}]})J").find("cannot unmarshal"),
            std::string::npos);
}

TEST(Document, UnknownObjectAndFilenameRegexAreRunTimeErrors) {
  auto e = testing::Evaluate(
      R"J({"objects":[{"object":"f","filename":{"path":"/nonexistent","file":"("}}],
      "tests":[{"test":"a","object":"nope"},{"test":"b","object":"f"},{"test":"c","object":"f","if":["b"]}]})J");
  EXPECT_EQ(e.by_id["a"].error, "unknown object \"nope\"");
  EXPECT_TRUE(e.by_id["b"].iserror);
  EXPECT_NE(e.by_id["b"].error.find("invalid regexp"), std::string::npos);
  // c runs b first? No: b ran before it, so c's dependency returns no error
  // (evaluated once) and c errors on its own object.
  EXPECT_TRUE(e.by_id["c"].iserror);
  EXPECT_EQ(e.result.errors.size(), 3u);
}

TEST(Document, DependencyErrorAndCycles) {
  auto e = testing::Evaluate(
      R"J({"objects":[{"object":"r","raw":{"identifiers":[{"identifier":"i","value":"v"}]}}],
      "tests":[{"test":"first","object":"r","if":["bad"]},{"test":"bad","object":"nope"},
               {"test":"x","object":"r","if":["y"]},{"test":"y","object":"r","if":["x"]}]})J");
  EXPECT_EQ(e.by_id["first"].error, "a test dependency failed (\"bad\")");
  EXPECT_EQ(e.by_id["bad"].error, "unknown object \"nope\"");
  // x runs y, y finds x already marked and reads its (not yet true) master.
  EXPECT_FALSE(e.by_id["y"].masterresult);
  EXPECT_TRUE(e.by_id["y"].hastrueresults);
  EXPECT_FALSE(e.by_id["x"].masterresult);
}

TEST(Document, OnlyTrueAndFoundAnything) {
  const std::string doc =
      R"J({"objects":[{"object":"r","raw":{"identifiers":[{"identifier":"i","value":"v"}]}}],
      "tests":[{"test":"t","object":"r","exactmatch":{"value":"v"}},{"test":"f","object":"r","exactmatch":{"value":"w"}},
               {"test":"e","object":"r","evr":{"operation":"?","value":"1"}}]})J";
  auto all = testing::Evaluate(doc);
  EXPECT_EQ(all.by_id.size(), 3u);
  EXPECT_TRUE(all.result.found_anything);
  EXPECT_EQ(all.result.errors.size(), 1u);
  auto only = testing::Evaluate(doc, {}, true);
  EXPECT_EQ(only.by_id.size(), 1u);
  EXPECT_TRUE(only.by_id.count("t"));
  EXPECT_TRUE(only.result.errors.empty());  // the errored test is not returned
  auto none = testing::Evaluate(
      R"J({"objects":[{"object":"r","raw":{"identifiers":[{"identifier":"i","value":"v"}]}}],
      "tests":[{"test":"f","object":"r","exactmatch":{"value":"w"}}]})J",
      {}, true);
  EXPECT_FALSE(none.result.found_anything);
  EXPECT_TRUE(none.result.elements["results"].is_array());
  EXPECT_TRUE(none.result.elements["results"].empty());
}

constexpr const char* kRawTest =
    R"J({"objects":[{"object":"o","raw":{"identifiers":[{"identifier":"test","value":"value"}]}}],
    "tests":[{"test":"test1","name":"a test","object":"o","regexp":{"value":"^va.*e$"}}]})J";

TEST(Document, ExactTestResultJson) {
  auto e = testing::Evaluate(kRawTest);
  EXPECT_EQ(
      e.result.elements["results"][0].dump(),
      R"J({"testid":"test1","name":"a test","description":"","iserror":false,"error":"","masterresult":true,"hastrueresults":true,"results":[{"result":true,"identifier":"test"}]})J");
}

TEST(Printer, ExactStrings) {
  auto e = testing::Evaluate(kRawTest);
  const TestResult& r = e.by_id["test1"];
  EXPECT_EQ(
      PrintTestResult(r, false, false),
      (std::vector<std::string>{R"J(master [true] name:"a test" id:"test1" hastrue:true error:"")J",
                                R"J(sub [true] name:"a test" id:"test1" identifier:"test")J"}));
  EXPECT_EQ(
      PrintTestResult(r, true, false),
      std::vector<std::string>{
          "result for \"a test\" (test1)\n\tmaster result: true\n\t[true] identifier: \"test\""});
  EXPECT_EQ(PrintTestResult(r, true, true).size(), 1u);  // human wins
  EXPECT_EQ(PrintTestResult(r, false, true)[0], e.result.elements["results"][0].dump());
  auto lines = PrintResult(e.result, false);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].rfind("Statistics: runtime ", 0), 0u);
  EXPECT_EQ(PrintResult(e.result, true).size(), 2u);
}

TEST(Printer, HumanFormWithEverything) {
  TestResult r;
  r.testid = "t";
  r.description = "d";
  r.hastrueresults = true;
  r.tags = {{"cve", "CVE-1"}};
  r.results = std::vector<SubResult>{{true, "x"}, {false, "y"}};
  EXPECT_EQ(PrintTestResult(r, true, false)[0],
            "result for \"t\"\n\tdescription: d\n\tmaster result: false, has true results, failure "
            "caused by dependency\n\ttag: cve: CVE-1\n\t[true] identifier: \"x\"\n\t[false] "
            "identifier: \"y\"");
  TestResult err;
  err.testid = "e";
  err.iserror = true;
  err.error = "boom";
  EXPECT_EQ(PrintTestResult(err, false, false)[0],
            R"J(master [error] name:"e" id:"e" hastrue:false error:"boom")J");
  EXPECT_EQ(PrintTestResult(err, true, false)[0],
            "result for \"e\"\n\tmaster result: false\n\t[error] error: boom");
}

TEST(Printer, PrivacyMasksEveryIdentifier) {
  auto e = testing::Evaluate(
      R"J({"objects":[{"object":"o","raw":{"identifiers":[{"identifier":"/etc/secret","value":"v"},
      {"identifier":"/home/alice","value":"v"}]}}],"tests":[{"test":"a","object":"o"},{"test":"b","object":"o"}]})J");
  MaskResult(e.result);
  int masked = 0;
  for (const auto& t : e.result.elements["results"])
    for (const auto& s : t["results"]) {
      EXPECT_EQ(s["identifier"], "masked");
      ++masked;
    }
  EXPECT_EQ(masked, 4);
  EXPECT_EQ(e.result.elements.dump().find("secret"), std::string::npos);
}

TEST(Params, DecodeEncodeRoundTrip) {
  auto json = ParseGoJson(R"J({"scribedoc":{"variables":[{"key":"k","value":"v"}],
      "objects":[{"object":"o","filecontent":{"path":"/etc","file":"x","expression":"(y)","concat":",","import-chain":["o2"]
}
},
                 {"object":"o2","raw":{"identifiers":[{"identifier":"a","value":"b"}]}}],
      "tests":[{"test":"t","object":"o","evr":{"operation":"<","value":"1"},"tags":[{"key":"a","value":"b"}],"if":["u"]},
               {"test":"u","object":"o2"}]
}
, "OnlyTrue" : true, "humanoutput" : false, "jsonoutput" : true
})J");
  ASSERT_TRUE(json);
  auto p = DecodeParameters(*json);
  ASSERT_TRUE(p) << p.error();
  EXPECT_TRUE(p->onlytrue);  // Go's case-insensitive keys
  EXPECT_TRUE(p->jsonoutput);
  EXPECT_TRUE(ValidateParameters(*p));
  const std::string encoded = ParametersToJson(*p).dump();
  auto again = DecodeParameters(Json::parse(encoded));
  ASSERT_TRUE(again);
  EXPECT_EQ(ParametersToJson(*again).dump(), encoded);
  // Every member written, empty ones included.
  EXPECT_NE(encoded.find(R"J("filename":{},"package":{},"raw":{},"hasline":{})J"),
            std::string::npos);
  EXPECT_NE(encoded.find(R"J("regexp":{},"exactmatch":{})J"), std::string::npos);
  auto bad = DecodeParameters(Json::parse(R"J({"onlytrue":"yes"})J"));
  EXPECT_FALSE(bad);
}

TEST(Params, CommandLine) {
  mig::test::TempDir dir("scribe-cli");
  auto parse = [](std::vector<std::string> args) { return ParseScribeArgs(args, DiskFiles()); };
  auto missing = parse({"-onlytrue"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "-path option is required");
  mig::test::WriteFile(dir.Sub("small.json"), "  \n {}   ");
  auto small = parse({"-path", dir.Sub("small.json")});
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error(), "the document is too small to be valid (5 bytes)");
  mig::test::WriteFile(dir.Sub("doc.json"), kRawTest);
  auto p = parse({"-path", dir.Sub("doc.json"), "-onlytrue", "-human", "-json"});
  ASSERT_TRUE(p) << p.error();
  EXPECT_TRUE(p->onlytrue && p->humanoutput && p->jsonoutput);
  EXPECT_EQ(p->document.tests.size(), 1u);
  mig::test::WriteFile(dir.Sub("doc.yaml"), R"J(
objects:
  - object: raw
    raw:
      identifiers:
        - identifier: test
          value: Example
tests:
  - test: yaml
    object: raw
    regexp:
      value: Example
)J");
  auto y = parse({"-path", dir.Sub("doc.yaml")});
  ASSERT_TRUE(y) << y.error();
  Parameters yp = *y;
  auto e = testing::Evaluate(ParametersToJson(yp)["scribedoc"].dump());
  EXPECT_TRUE(e.by_id["yaml"].masterresult);
  EXPECT_FALSE(parse({"-path", dir.Sub("nonexistent")}));
  EXPECT_FALSE(parse({"-path", "/dev/null"}));
  // The module's command line goes through the registered spec too.
  auto module = modules::CreateModule("scribe");
  ASSERT_TRUE(module);
  auto params = module->ParametersFromArgs({"-path", dir.Sub("doc.json")}, DiskFiles());
  ASSERT_TRUE(params) << params.error();
  EXPECT_TRUE((*params)["scribedoc"].is_object());
  // Without a file source (the one-argument form), no file is read.
  auto no_source = module->ParametersFromArgs({"-path", dir.Sub("doc.json")});
  ASSERT_FALSE(no_source);
  EXPECT_NE(no_source.error().find("no file source"), std::string::npos) << no_source.error();
}

// What mig-api does: the document comes from the request, under the name
// the client gave it; the same name read from the disk gives the same
// parameters, and a name that was not uploaded is refused unread.
TEST(Params, UploadedDocument) {
  mig::test::TempDir dir("scribe-upload");
  mig::test::WriteFile(dir.Sub("doc.json"), kRawTest);
  auto module = modules::CreateModule("scribe");
  ASSERT_TRUE(module);
  const UploadedFiles uploaded({{"policy.json", kRawTest}});
  auto from_upload = module->ParametersFromArgs({"-path", "policy.json", "-onlytrue"}, uploaded);
  ASSERT_TRUE(from_upload) << from_upload.error();
  auto from_disk =
      module->ParametersFromArgs({"-path", dir.Sub("doc.json"), "-onlytrue"}, DiskFiles());
  ASSERT_TRUE(from_disk) << from_disk.error();
  EXPECT_EQ(GoJsonEncode(*from_upload), GoJsonEncode(*from_disk));
  for (const std::string path : {dir.Sub("doc.json"), std::string("/etc/passwd")}) {
    auto refused = module->ParametersFromArgs({"-path", path}, uploaded);
    ASSERT_FALSE(refused) << path;
    EXPECT_EQ(refused.error(), "file '" + path +
                                   "' was not uploaded with the request (the server never "
                                   "reads its own files)");
  }
  const UploadedFiles huge({{"big.json", std::string(kMaxDocumentFileBytes + 1, ' ')}});
  auto too_big = module->ParametersFromArgs({"-path", "big.json"}, huge);
  ASSERT_FALSE(too_big);
  EXPECT_NE(too_big.error().find("larger than"), std::string::npos) << too_big.error();
}

TEST(Params, YamlRefusesAliasesAndDepth) {
  auto alias = ParseDocumentText("a: &x [1, 2]\nb: *x\nc: [*x, *x, *x]\n");
  ASSERT_FALSE(alias);
  EXPECT_NE(alias.error().find("aliases"), std::string::npos);
  std::string deep = "x: " + std::string(200, '[') + std::string(200, ']');
  auto d = ParseDocumentText(deep);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().find("nested deeper"), std::string::npos);
  EXPECT_FALSE(ParseDocumentText("objects: [ unclosed"));
  auto flags = ParseDocumentText("tests:\n  - test: t\n    expectedresult: yes\n    name: '5'\n");
  ASSERT_TRUE(flags) << flags.error();
  EXPECT_EQ((*flags)["tests"][0]["expectedresult"], true);
  EXPECT_EQ((*flags)["tests"][0]["name"], "5");
}

}  // namespace
}  // namespace mig::modules::scribe
