// The web console's pieces that need no server: which request names which
// file, what is never served, content types, the [console] section, the ACL
// GET /acl returns.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "api/config.h"
#include "api/console_acl.h"
#include "api/console_files.h"
#include "test_env.h"

namespace mig::api {
namespace {

TEST(ConsolePath, NamesFilesBelowRootOnly) {
  EXPECT_EQ(ConsoleRelativePath(""), "index.html");
  EXPECT_EQ(ConsoleRelativePath("app.js"), "app.js");
  EXPECT_EQ(ConsoleRelativePath("img/logo.svg"), "img/logo.svg");
  EXPECT_EQ(ConsoleRelativePath("docs/"), "docs/index.html");
  for (const char* refused : {"..", "../api.cfg", "a/../../api.cfg", "a/..", "./app.js", "a/./b",
                              ".git/config", ".env", "a/.hidden", "a//b", "/etc/passwd", "a\\..\\b",
                              "app.js\n", "a\tb", "x\x7f", "...", ".well-known/x"}) {
    EXPECT_FALSE(ConsoleRelativePath(refused).has_value()) << refused;
  }
  EXPECT_FALSE(ConsoleRelativePath(std::string("app.js\0.html", 12)).has_value());
  EXPECT_EQ(ConsoleRelativePath("a.b/c..d"), "a.b/c..d");  // dots inside names are fine
}

TEST(ConsolePath, PrefixIsAWholeSegment) {
  EXPECT_TRUE(IsConsolePath("/console"));
  EXPECT_TRUE(IsConsolePath("/console/"));
  EXPECT_TRUE(IsConsolePath("/console/app.js"));
  EXPECT_FALSE(IsConsolePath("/consoles"));
  EXPECT_FALSE(IsConsolePath("/api/v1/console"));
  EXPECT_FALSE(IsConsolePath("/"));
}

TEST(ConsolePath, ContentTypesByExtension) {
  EXPECT_EQ(ConsoleContentType("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ConsoleContentType("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ConsoleContentType("a/STYLE.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(ConsoleContentType("countries-110m.json"), "application/json");
  EXPECT_EQ(ConsoleContentType("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ConsoleContentType("f.woff2"), "font/woff2");
  EXPECT_EQ(ConsoleContentType("noext"), "application/octet-stream");
  EXPECT_EQ(ConsoleContentType("a.html/b"), "application/octet-stream");
  EXPECT_EQ(ConsoleContentType("x.exe"), "application/octet-stream");
}

TEST(ConsolePath, HeadersAreTheStrictSet) {
  std::map<std::string, std::string> h(ConsoleHeaders().begin(), ConsoleHeaders().end());
  EXPECT_EQ(h["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(h["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(h["X-Frame-Options"], "DENY");
  EXPECT_EQ(h["Cache-Control"], "no-cache");
  const std::string csp = h["Content-Security-Policy"];
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
}

class ConsoleFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::mkdir(dir_.Sub("root").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir(dir_.Sub("root/sub").c_str(), 0755), 0);
    test::WriteFile(dir_.Sub("root/index.html"), "<html>console</html>");
    test::WriteFile(dir_.Sub("root/sub/page.js"), "js");
    test::WriteFile(dir_.Sub("root/.secret"), "dot");
    test::WriteFile(dir_.Sub("outside.cfg"), "password = s3cret");
    auto root = ResolveConsoleRoot(dir_.Sub("root"));
    ASSERT_TRUE(root.ok()) << root.error();
    root_ = *root;
  }
  test::TempDir dir_{"mig-console-files"};
  std::string root_;
};

TEST_F(ConsoleFiles, ServesRegularFilesInsideRoot) {
  auto r = ReadConsoleFile(root_, "index.html");
  EXPECT_EQ(r.status, 200) << r.why;
  EXPECT_EQ(r.content, "<html>console</html>");
  r = ReadConsoleFile(root_, "sub/page.js");
  EXPECT_EQ(r.status, 200) << r.why;
  EXPECT_EQ(r.content, "js");
  // A link that stays inside root is followed.
  ASSERT_EQ(::symlink("sub/page.js", dir_.Sub("root/alias.js").c_str()), 0);
  r = ReadConsoleFile(root_, "alias.js");
  EXPECT_EQ(r.status, 200) << r.why;
  EXPECT_EQ(r.content, "js");
}

TEST_F(ConsoleFiles, RefusesWhatLeavesRootOrIsNotAFile) {
  ASSERT_EQ(::symlink("../outside.cfg", dir_.Sub("root/out.cfg").c_str()), 0);
  ASSERT_EQ(::symlink("/etc/passwd", dir_.Sub("root/passwd").c_str()), 0);
  ASSERT_EQ(::symlink("..", dir_.Sub("root/up").c_str()), 0);
  ASSERT_EQ(::symlink(".secret", dir_.Sub("root/visible").c_str()), 0);
  ASSERT_EQ(::mkfifo(dir_.Sub("root/fifo").c_str(), 0644), 0);
  for (const char* name : {"out.cfg", "passwd", "up/outside.cfg", "visible", "fifo", "sub",
                           "missing.js", "../outside.cfg"}) {
    auto r = ReadConsoleFile(root_, name);
    EXPECT_EQ(r.status, 404) << name << ": " << r.why;
    EXPECT_TRUE(r.content.empty()) << name;
  }
}

TEST_F(ConsoleFiles, CapsTheSize) {
  test::WriteFile(dir_.Sub("root/big.js"), std::string(2048, 'x'));
  auto r = ReadConsoleFile(root_, "big.js", 1024);
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(r.content.empty());
  EXPECT_NE(r.why.find("larger than 1024"), std::string::npos) << r.why;
  EXPECT_EQ(ReadConsoleFile(root_, "big.js", 2048).status, 200);
}

TEST_F(ConsoleFiles, RootMustBeADirectory) {
  EXPECT_FALSE(ResolveConsoleRoot(dir_.Sub("outside.cfg")).ok());
  auto missing = ResolveConsoleRoot(dir_.Sub("nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("console.root"), std::string::npos) << missing.error();
}

TEST(ConsoleConfig, ReadsTheSectionAndRefusesUnknownKeys) {
  auto f = ConfigFile::Parse("[console]\n root = /srv/mig-console\n acl = /etc/mig/acl.cfg\n");
  ASSERT_TRUE(f.ok()) << f.error();
  auto c = ParseApiConfig(*f);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->console_root, "/srv/mig-console");
  EXPECT_EQ(c->console_acl, "/etc/mig/acl.cfg");
  auto none = ParseApiConfig(*ConfigFile::Parse("[server]\n port = 1\n"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->console_root.empty());
  EXPECT_TRUE(none->console_acl.empty());
  auto bad = ParseApiConfig(*ConfigFile::Parse("[console]\n rooot = /srv\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "unknown configuration key(s): console.rooot");
}

TEST(ConsoleAcl, LoadsValidatesAndWritesCanonicalJson) {
  test::TempDir dir("mig-console-acl");
  test::WriteFile(dir.Sub("acl.cfg"),
                  R"({"default":{"MinimumWeight":2,"Investigators":{"Alice":{"Fingerprint":)"
                  R"("AB12","Weight":1},"Bob":{"fingerprint":"CD34","weight":2}}},)"
                  R"("respond":{"minimumweight":3,"investigators":{}}})");
  auto json = LoadConsoleAcl(dir.Sub("acl.cfg"));
  ASSERT_TRUE(json.ok()) << json.error();
  auto doc = nlohmann::json::parse(*json);
  EXPECT_EQ(doc["default"]["minimumweight"], 2);
  EXPECT_EQ(doc["default"]["investigators"]["Alice"]["fingerprint"], "AB12");
  EXPECT_EQ(doc["default"]["investigators"]["Bob"]["weight"], 2);
  EXPECT_EQ(doc["respond"]["minimumweight"], 3);
  EXPECT_TRUE(doc["respond"]["investigators"].empty());

  test::WriteFile(dir.Sub("typo.cfg"),
                  R"({"default":{"minimumweight":1,"investigators":{"A":{"fingerprint":"AB",)"
                  R"("wieght":1}}}})");
  auto typo = LoadConsoleAcl(dir.Sub("typo.cfg"));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().find("console.acl"), std::string::npos) << typo.error();
  EXPECT_NE(typo.error().find("wieght"), std::string::npos) << typo.error();

  test::WriteFile(dir.Sub("notjson.cfg"), "{");
  EXPECT_FALSE(LoadConsoleAcl(dir.Sub("notjson.cfg")).ok());
  EXPECT_FALSE(LoadConsoleAcl(dir.Sub("missing.cfg")).ok());
  test::WriteFile(dir.Sub("big.cfg"), "{" + std::string(4096, ' ') + "}");
  auto big = LoadConsoleAcl(dir.Sub("big.cfg"), 1024);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().find("larger than 1024"), std::string::npos) << big.error();
}

}  // namespace
}  // namespace mig::api
