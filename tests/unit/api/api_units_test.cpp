// Pieces of mig-api that need no server: tokens, nonces, API keys,
// permissions, forms, configuration, the Collection+JSON writer.
#include <gtest/gtest.h>

#include "api/api_keys.h"
#include "api/collection.h"
#include "api/config.h"
#include "api/form.h"
#include "api/permissions.h"
#include "api/token.h"

namespace mig::api {
namespace {

TEST(Token, ParsesMigFormatAndRebuildsSignedData) {
  auto t = ParseToken("1;2019-01-01T10:00:00Z;28052879507456;wsBcBAAB=gvMa");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->nonce, "28052879507456");
  EXPECT_EQ(t->signature, "wsBcBAAB=gvMa");
  EXPECT_EQ(t->signed_data, "1;2019-01-01T10:00:00Z;28052879507456\n");
  EXPECT_EQ(FormatTime(t->time), "2019-01-01T10:00:00Z");
  EXPECT_EQ(TokenSignedData(t->time, "n"), "1;2019-01-01T10:00:00Z;n\n");
}

// Found by tests/fuzz/api_token_fuzz.cpp: the client wrote the year with
// strftime's %Y ("9-01-01..."), so the data it signed was not the data the
// API rebuilds from the header for years before 1000.
TEST(Token, EarlyYearsKeepFourDigits) {
  auto t = ParseToken("1;0009-01-01T10:00:00Z;n;s");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(TokenSignedData(t->time, "n"), t->signed_data);
  EXPECT_EQ(TokenHeader(t->time, "n", "s"), "1;0009-01-01T10:00:00Z;n;s");
  EXPECT_EQ(FormatTokenTime(Time::FromUnix(1546336800, 999999999)), "2019-01-01T10:00:00Z");
}

TEST(Token, RefusesBadShapes) {
  EXPECT_EQ(ParseToken("1;2019-01-01T10:00:00Z;n").error(), "invalid token format");
  EXPECT_EQ(ParseToken("2;2019-01-01T10:00:00Z;n;s").error(), "invalid token version, must be 1");
  EXPECT_NE(ParseToken("1;2019-01-01T10:00:00.5Z;n;s").error().find("YYYY-MM-DDTHH:MM:SSZ"),
            std::string::npos);
  EXPECT_NE(ParseToken("1;2019-01-01T10:00:00+01:00;n;s").error().find("YYYY"), std::string::npos);
  EXPECT_EQ(ParseToken("1;2019-01-01T10:00:00Z;;s").error(), "token nonce is empty");
  EXPECT_EQ(ParseToken("1;2019-13-01T10:00:00Z;n;s").ok(), false);
}

TEST(Token, TimeWindowIsSymmetric) {
  const Time now = Time::FromUnix(1000000);
  EXPECT_TRUE(TokenTimeAcceptable(now.AddSeconds(600), now, 600));
  EXPECT_TRUE(TokenTimeAcceptable(now.AddSeconds(-600), now, 600));
  EXPECT_FALSE(TokenTimeAcceptable(now.AddSeconds(601), now, 600));
  EXPECT_FALSE(TokenTimeAcceptable(now.AddSeconds(-601), now, 600));
}

TEST(NonceCache, AcceptsOnceThenForgetsAfterExpiry) {
  NonceCache c;
  const Time now = Time::FromUnix(1000);
  EXPECT_TRUE(c.Accept("FPR", "n1", now.AddSeconds(60), now));
  EXPECT_FALSE(c.Accept("FPR", "n1", now.AddSeconds(60), now));
  EXPECT_TRUE(c.Accept("OTHER", "n1", now.AddSeconds(60), now));  // per signer
  const Time later = now.AddSeconds(120);
  EXPECT_TRUE(c.Accept("X", "y", later.AddSeconds(60), later));  // purges
  EXPECT_EQ(c.size(), 1u);
}

TEST(NonceCache, TokenUsesAllowsThatManyCopiesOfOneToken) {
  NonceCache c;
  const Time now = Time::FromUnix(1000);
  const Time expires = now.AddSeconds(60);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(c.Accept("FPR", "n1", expires, now, 3)) << i;
  EXPECT_FALSE(c.Accept("FPR", "n1", expires, now, 3));  // the fourth copy
  // After the token expired, its count starts again.
  const Time later = now.AddSeconds(61);
  EXPECT_TRUE(c.Accept("FPR", "n1", later.AddSeconds(60), later, 3));
}

TEST(ApiKeys, RandomAlphanumericAndPbkdf2) {
  auto a = GenerateApiKey();
  auto b = GenerateApiKey();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
  for (char ch : *a)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch))) << *a;
  auto salt = GenerateSalt();
  ASSERT_TRUE(salt.ok());
  EXPECT_EQ(salt->size(), 16u);
  auto h = HashApiKey(*a, *salt);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 32u);
  EXPECT_TRUE(ApiKeyMatches(*a, *salt, *h));
  EXPECT_FALSE(ApiKeyMatches(*b, *salt, *h));
  EXPECT_FALSE(ApiKeyMatches(a->substr(1), *salt, *h));
  // RFC 7914 / known PBKDF2-HMAC-SHA256 vector: "password", "salt", 4096 rounds.
  auto known = HashApiKey("password", "salt");
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(static_cast<unsigned char>((*known)[0]), 0xc5);
  EXPECT_EQ(static_cast<unsigned char>((*known)[1]), 0xe4);
}

TEST(Permissions, GoOrderAndBits) {
  EXPECT_EQ(WritePermissions(kPermSearch | kPermManifestStatus).substr(0, 30),
            "{\"search\":true,\"action\":false,");
  const std::string all = WritePermissions(kPermManifestStatus);
  EXPECT_LT(all.find("manifest_status\":true"), all.find("manifest_new"));
  auto m = ParsePermissions(R"({"search":true,"investigator_update":true,"agent":false})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, kPermSearch | kPermInvestigatorUpdate);
  EXPECT_EQ(ParsePermissions(R"({"fly":true})").error(), "permissions: unknown permission 'fly'");
  EXPECT_EQ(ParsePermissions(R"({"search":1})").error(),
            "permissions.search: expected true or false");
  EXPECT_FALSE(ParsePermissions("[").ok());
  EXPECT_EQ(*ParsePermissionList("default,admin"), kPermSetDefault | kPermSetAdmin);
  EXPECT_EQ(*ParsePermissionList("manifest"), uint64_t{kPermManifest});
  EXPECT_FALSE(ParsePermissionList("default,nope").ok());
}

TEST(Form, DecodesAndRefusesBrokenEscapes) {
  auto f = ParseForm("action=%7B%22a%22%3A1%7D&x=a+b&empty=&flag");
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f->at("action"), "{\"a\":1}");
  EXPECT_EQ(f->at("x"), "a b");
  EXPECT_EQ(f->at("empty"), "");
  EXPECT_EQ(f->at("flag"), "");
  EXPECT_NE(ParseForm("a=%zz").error().find("invalid %-escape"), std::string::npos);
  EXPECT_NE(ParseForm("a=%4").error().find("truncated"), std::string::npos);
  EXPECT_EQ(FormEncode("a b/é"), "a%20b%2F%C3%A9");
}

TEST(Config, ReadsMigKeysAndStoreSection) {
  auto f = ConfigFile::Parse(
      "[authentication]\n enabled = off\n tokenduration = 2m\n tokenuses = 3\n[server]\n ip = "
      "0.0.0.0\n port = "
      "8080\n host = \"https://api.example.net/\"\n baseroute = /api/v1/\n clientpublicip = "
      "x-forwarded-for:1\n[postgres]\n host = db\n password = s3cret\n");
  ASSERT_TRUE(f.ok());
  auto c = ParseApiConfig(*f);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(c->auth_enabled);
  EXPECT_EQ(c->token_duration_seconds, 120);
  EXPECT_EQ(c->token_uses, 3);
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->host, "https://api.example.net");
  EXPECT_EQ(c->base_route, "/api/v1");
  EXPECT_EQ(c->store_driver, "postgres");  // a [postgres] section alone selects it
  EXPECT_EQ(c->PostgresConnInfo(),
            "host=db port=5432 dbname=mig user=migapi sslmode=disable password=s3cret");
}

TEST(Config, RefusesBadValuesNamingTheKey) {
  auto bad = [](const std::string& text) {
    auto f = ConfigFile::Parse(text);
    EXPECT_TRUE(f.ok()) << f.error();
    return ParseApiConfig(*f).error();
  };
  EXPECT_EQ(bad("[server]\n lsiten = x\n"), "unknown configuration key(s): server.lsiten");
  EXPECT_NE(bad("[server]\n port = 70000\n").find("server.port"), std::string::npos);
  EXPECT_NE(bad("[server]\n clientpublicip = x-forwarded-for:a\n").find("clientpublicip"),
            std::string::npos);
  EXPECT_NE(bad("[server]\n clientpublicip = x-forwarded-for:99999999999999999999999\n")
                .find("from 0 to 999"),
            std::string::npos);
  EXPECT_NE(bad("[server]\n clientpublicip = x-forwarded-for:\n").find("clientpublicip"),
            std::string::npos);
  EXPECT_NE(bad("[store]\n driver = mysql\n").find("store.driver"), std::string::npos);
  EXPECT_NE(bad("[server]\n tlscert = a.pem\n").find("together"), std::string::npos);
  EXPECT_NE(bad("[authentication]\n tokenduration = 10\n").find("tokenduration"),
            std::string::npos);
  EXPECT_NE(bad("[authentication]\n tokenuses = 0\n").find("tokenuses"), std::string::npos);
  EXPECT_NE(bad("[manifest]\n requiredsignatures = 0\n").find("requiredsignatures"),
            std::string::npos);
  EXPECT_NE(bad("[logging]\n mode = syslog\n").find("not supported"), std::string::npos);
}

TEST(Collection, WritesMigEnvelope) {
  Collection c;
  c.href = "http://h/api/v1/x";
  EXPECT_EQ(
      c.Write(),
      R"({"collection":{"version":"1.0","href":"http://h/api/v1/x","template":{},"error":{}}})");
  c.items.push_back(CjItem{"i", {{"n", "1"}, {"novalue", ""}}, {{"action", "l"}}});
  c.error_code = "42";
  c.error_message = "bad <thing>";
  EXPECT_EQ(
      c.Write(),
      R"({"collection":{"version":"1.0","href":"http://h/api/v1/x","items":[{"href":"i","data":[{"name":"n","value":1},{"name":"novalue"}],"links":[{"rel":"action","href":"l"}]}],"template":{},"error":{"code":"42","message":"bad \u003cthing\u003e"}}})");
}

}  // namespace
}  // namespace mig::api
