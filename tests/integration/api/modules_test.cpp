// GET /modules and POST /module/parameters (docs/api.md) against a real
// mig-api: the description is the modules' own, the parameters are byte for
// byte what `mig NAME -p ARGS` puts in an action, and hostile requests are
// refused without the server opening any file.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <regex>
#include <set>

#include "api_harness.h"
#include "core/gojson.h"
#include "test_env.h"

namespace mig::test {
namespace {

const std::string kMig = BinaryDir() + "/apps/mig/mig";

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// A JSON array of strings, as the console sends args.
std::string JsonArgs(const std::vector<std::string>& args) {
  return Json(args).dump();
}

class ModulesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>("sqlite");
    ASSERT_TRUE(h_->ok()) << h_->error();
    cli_ = h_->Client();
  }
  static httplib::Headers Auth() {
    return {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}};
  }
  httplib::Result Parameters(const std::vector<std::pair<std::string, std::string>>& fields) {
    return cli_->Post("/api/v1/module/parameters", Auth(), FormBody(fields),
                      "application/x-www-form-urlencoded");
  }
  static std::string ErrorOf(const httplib::Result& r) {
    if (!r) return "<no response>";
    auto doc = ParseGoJson(r->body);
    if (!doc || !doc->contains("collection")) return r->body;
    return (*doc)["collection"]["error"].value("message", "");
  }
  // The parameters the API builds, Go-encoded (what is signed).
  std::string ApiParameters(const std::string& module, const std::vector<std::string>& args,
                            const std::string& files = "") {
    std::vector<std::pair<std::string, std::string>> fields = {{"module", module},
                                                               {"args", JsonArgs(args)}};
    if (!files.empty()) fields.emplace_back("files", files);
    auto r = Parameters(fields);
    if (!r) return "<no response>";
    EXPECT_EQ(r->status, 200) << module << ": " << r->body;
    auto doc = ParseGoJson(r->body);
    if (!doc) return "<bad json>";
    const Json& data = (*doc)["collection"]["items"][0]["data"][0];
    EXPECT_EQ(data.value("name", ""), "parameters");
    return GoJsonEncode(data["value"]);
  }
  // The parameters `mig NAME -p ARGS` prints in its unsigned action.
  static std::string CliParameters(const std::string& module,
                                   const std::vector<std::string>& args) {
    std::string cmd = "HOME=/nonexistent " + kMig + " " + module + " -p";
    for (const auto& a : args)
      cmd += " " + ShellQuote(a);
    auto out = RunShell(cmd + " 2>/dev/null");
    EXPECT_EQ(out.exit_code, 0) << cmd << "\n" << out.output;
    auto action = ParseGoJson(out.output);
    if (!action) return "<bad json: " + out.output + ">";
    return GoJsonEncode((*action)["operations"][0]["parameters"]);
  }

  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<httplib::Client> cli_;
};

TEST_F(ModulesApiTest, ListsEveryModuleWithTheKindMigHelpShows) {
  // What `mig help` says: "  NAME   run the NAME module, KIND (mig NAME --help)".
  auto help = RunShell(kMig + " help 2>&1");
  std::map<std::string, std::string> cli_kinds;
  const std::regex line(R"(\n  ([a-z0-9]+) +run the \1 module, (investigate|respond) )");
  for (std::sregex_iterator it(help.output.begin(), help.output.end(), line), end; it != end; ++it)
    cli_kinds[(*it)[1]] = (*it)[2];
  ASSERT_EQ(cli_kinds.size(), 10u) << help.output;

  auto r = cli_->Get("/api/v1/modules", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto doc = ParseGoJson(r->body);
  ASSERT_TRUE(doc) << r->body;
  std::map<std::string, std::string> api_kinds;
  for (const auto& item : (*doc)["collection"]["items"]) {
    ASSERT_EQ(item["data"][0]["name"], "module");
    const Json& m = item["data"][0]["value"];
    const std::string name = m["name"];
    api_kinds[name] = m["kind"];
    EXPECT_NE(m["usage"].get<std::string>().find("mig " + name), std::string::npos) << name;
    ASSERT_TRUE(m["flags"].is_array()) << name;
    EXPECT_FALSE(m["flags"].empty()) << name;
    const std::set<std::string> types = {"list", "string", "number", "bool", "file"};
    for (const auto& f : m["flags"]) {
      EXPECT_TRUE(types.count(f["type"].get<std::string>())) << name << ": " << f.dump();
      EXPECT_FALSE(f["help"].get<std::string>().empty()) << name << ": " << f.dump();
    }
    if (name == "scribe") {
      EXPECT_EQ(m["flags"][0], Json::parse(R"({"name":"path","type":"file","help":)" +
                                           m["flags"][0]["help"].dump() + "}"));
    }
  }
  EXPECT_EQ(api_kinds, cli_kinds);
}

TEST_F(ModulesApiTest, NeedsAuthentication) {
  auto r = cli_->Get("/api/v1/modules");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401) << r->body;
  r = cli_->Post("/api/v1/module/parameters", FormBody({{"module", "file"}, {"args", "[]"}}),
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401) << r->body;
}

TEST_F(ModulesApiTest, ParametersAreByteForByteWhatMigPutsInTheAction) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"file",
       {"-path", "/etc/", "-name", "^passwd$", "-content", "root", "-size", "<10k", "-matchany",
        "-maxdepth", "3", "-mismatch", "content"}},
      {"file", {"--path=/usr//lib", "-sha2", "ab", "-returnsha256", "-decompress=true"}},
      {"netstat", {"-ci", "10.0.0.0/8", "-lp", "22", "-lm", "^8c", "-namespaces"}},
      {"memory", {"-name", "firefox", "-content", "some bogus content", "-maxlength", "1000"}},
      {"ping", {"-d", "127.0.0.1", "-p", "tcp", "-dp", "80", "-c", "2", "-t", "3"}},
      {"timedrift", {"-drift", "5s"}},
      {"process", {"-name", "^evil$", "-dryrun"}},
      {"process", {"-pid", "4242", "-signal", "stop"}},
      {"firewall",
       {"-block", "198.51.100.0/24", "-direction", "out", "-port", "443", "-proto", "tcp", "-ttl",
        "4h"}},
      {"firewall", {"-isolate", "-dryrun"}},
      {"account", {"-lock", "mallory", "-dryrun"}},
      {"pkg", {"-name", "^openssl$", "-name", "libssl", "-version", "!^1\\.0"}},
  };
  for (const auto& [module, args] : cases) {
    const std::string cli = CliParameters(module, args);
    EXPECT_EQ(ApiParameters(module, args), cli) << module << " " << JsonArgs(args);
    EXPECT_GT(cli.size(), 2u) << module;
  }
}

TEST_F(ModulesApiTest, ScribeTakesTheUploadedDocument) {
  TempDir dir("modules-api");
  const std::string doc =
      R"({"objects":[{"object":"motd","filecontent":{"path":"/etc","file":"^motd$","expression":".*"}}],"tests":[{"test":"t1","object":"motd","regexp":{"value":"x"}}]})";
  WriteFile(dir.Sub("policy.json"), doc);
  const std::vector<std::string> args = {"-path", dir.Sub("policy.json"), "-onlytrue"};
  const std::string cli = CliParameters("scribe", args);
  Json files = Json::object();
  files[dir.Sub("policy.json")] = doc;
  EXPECT_EQ(ApiParameters("scribe", args, files.dump()), cli);
  // The browser's name for the file is any string; only the content counts.
  Json renamed = Json::object();
  renamed["policy.json"] = doc;
  EXPECT_EQ(ApiParameters("scribe", {"-path", "policy.json", "-onlytrue"}, renamed.dump()), cli);
  // A YAML document is accepted too.
  Json yaml = Json::object();
  yaml["p.yaml"] =
      "objects:\n  - object: r\n    raw:\n      identifiers:\n        - identifier: i\n"
      "          value: v\ntests:\n  - test: y\n    object: r\n    regexp:\n      value: v\n";
  auto r =
      Parameters({{"module", "scribe"}, {"args", R"(["-path","p.yaml"])"}, {"files", yaml.dump()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// The server never opens a path named in a request: watched with inotify, a
// valid policy document on the server's own disk is not even opened.
TEST_F(ModulesApiTest, AScribePathNotUploadedIsRefusedUnread) {
  TempDir dir("modules-api");
  const std::string doc =
      R"({"objects":[],"tests":[{"test":"t","object":"o","regexp":{"value":"x"}}]})";
  WriteFile(dir.Sub("server.json"), doc);
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_GE(inotify_add_watch(fd, dir.Sub("server.json").c_str(), IN_OPEN | IN_ACCESS), 0);
  for (const std::string path : {dir.Sub("server.json"), std::string("/etc/passwd")}) {
    for (const std::string files : {std::string(""), std::string(R"({"other.json":"{}"})")}) {
      std::vector<std::pair<std::string, std::string>> fields = {
          {"module", "scribe"}, {"args", JsonArgs({"-path", path})}};
      if (!files.empty()) fields.emplace_back("files", files);
      auto r = Parameters(fields);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 400) << r->body;
      EXPECT_EQ(ErrorOf(r), "mig scribe: file '" + path +
                                "' was not uploaded with the request (the server never reads its "
                                "own files)");
    }
  }
  char buf[4096];
  EXPECT_LT(read(fd, buf, sizeof buf), 0) << "the server opened " << dir.Sub("server.json");
  close(fd);
}

TEST_F(ModulesApiTest, HostileRequestsAreRefused) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string message;
  };
  const std::vector<std::string> many(10000, "-matchall");
  const std::string huge(100 * 1024, 'a');
  const std::vector<Case> cases = {
      {{{"module", "nosuch"}, {"args", "[]"}}, "unknown module 'nosuch' (see GET /modules)"},
      {{{"module", "../file"}, {"args", "[]"}},
       "form field 'module': unknown module (see GET /modules)"},
      {{{"module", "File"}, {"args", "[]"}},
       "form field 'module': unknown module (see GET /modules)"},
      {{{"args", "[]"}}, "missing form field 'module' (a module name, see GET /modules)"},
      {{{"module", "file"}}, "missing form field 'args' (a JSON array of strings, [] for none)"},
      {{{"module", "file"}, {"args", "-path /etc"}}, ""},
      {{{"module", "file"}, {"args", R"({"0":"-path"})"}},
       "form field 'args' must be a JSON array of strings (the argv of mig NAME)"},
      {{{"module", "file"}, {"args", R"(["-path",7])"}},
       "form field 'args': element 1 is not a string"},
      {{{"module", "file"}, {"args", R"(["-path",["/etc"]])"}},
       "form field 'args': element 1 is not a string"},
      {{{"module", "file"}, {"args", R"(["-path","/e\u0000tc"])"}},
       "form field 'args': element 1 contains a NUL byte"},
      {{{"module", "file"}, {"args", JsonArgs(many)}},
       "form field 'args': 10000 arguments, at most 512 allowed"},
      {{{"module", "file"}, {"args", JsonArgs({"-path", huge})}},
       "form field 'args': element 1 is longer than 65536 bytes"},
      {{{"module", "file"}, {"args", R"(["-path","/etc"])"}, {"files", "[]"}},
       "form field 'files' must be a JSON object: file flag value -> file content"},
      {{{"module", "file"}, {"args", R"(["-path","/etc"])"}, {"files", R"({"a":1})"}},
       "form field 'files': the content of each file must be a string"},
      {{{"module", "file"}, {"args", R"(["-nosuch"])"}},
       "mig file: flag provided but not defined: -nosuch (see mig file help)"},
      {{{"module", "file"}, {"args", R"(["-path","/etc","-size","k"])"}}, ""},
      {{{"module", "file"}, {"args", R"(["-h"])"}}, "mig file: help requested"},
      {{{"module", "ping"}, {"args", R"(["-d","127.0.0.1","-c","many"])"}},
       "mig ping: invalid value \"many\" for flag -c: expected a number"},
  };
  for (const auto& c : cases) {
    auto r = Parameters(c.fields);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    if (!c.message.empty()) EXPECT_EQ(ErrorOf(r), c.message);
    EXPECT_FALSE(ErrorOf(r).empty()) << r->body;
  }
  // Too many files, and files past the body limit.
  Json files = Json::object();
  for (int i = 0; i < 17; ++i)
    files["f" + std::to_string(i)] = "x";
  auto r =
      Parameters({{"module", "scribe"}, {"args", R"(["-path","f1"])"}, {"files", files.dump()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "form field 'files': 17 files, at most 16 allowed");
  Json big = Json::object();
  big["doc"] = std::string(h_->config().max_body_bytes + 1, '{');
  r = Parameters({{"module", "scribe"}, {"args", R"(["-path","doc"])"}, {"files", big.dump()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body;
  // The server still answers.
  EXPECT_EQ(ApiParameters("timedrift", {}), R"({"drift":""})");
}

}  // namespace
}  // namespace mig::test
