// The HTTP layer's pieces that need no socket: query and multipart parsing,
// path decoding, routing, connection counting.
#include <gtest/gtest.h>

#include "api/http/connection_table.h"
#include "api/http/message.h"
#include "api/http/router.h"

namespace mig::api::http {
namespace {

TEST(HttpMessage, QueryAsGo) {
  Params p;
  EXPECT_TRUE(ParseQuery("actionid=12&name=a+b%21&empty=&flag&actionid=13", p));
  EXPECT_EQ(p.count("actionid"), 2u);
  EXPECT_EQ(p.find("actionid")->second, "12");
  EXPECT_EQ(p.find("name")->second, "a b!");
  EXPECT_EQ(p.find("empty")->second, "");
  EXPECT_EQ(p.count("flag"), 1u);
  Params bad;
  EXPECT_FALSE(ParseQuery("a=%zz&b=1", bad));
  EXPECT_EQ(bad.count("a"), 0u);
  EXPECT_EQ(bad.find("b")->second, "1");
}

TEST(HttpMessage, PathDecodingKeepsPlus) {
  EXPECT_EQ(DecodePath("/api/v1/publickey/AB%20CD+EF"), "/api/v1/publickey/AB CD+EF");
  EXPECT_EQ(DecodePath("/x%0ay"), "/x\ny");
  EXPECT_EQ(DecodePath("/bad%zz%4"), "/bad%zz%4");
}

TEST(HttpMessage, HeadersIgnoreCase) {
  Request r;
  r.headers.emplace("X-MIGAPIKEY", "k");
  r.headers.emplace("content-type", "Multipart/Form-Data; boundary=x");
  EXPECT_EQ(r.get_header_value("x-migapikey"), "k");
  EXPECT_TRUE(r.is_multipart_form_data());
  EXPECT_EQ(r.get_header_value("absent"), "");
}

TEST(HttpMessage, MultipartAsMigsConsoleSendsIt) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nJane Admin\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"publickey\"; filename=\"k.asc\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n-----BEGIN PGP\r\nline\r\n"
      "--XyZ--\r\n";
  std::multimap<std::string, FormPart> parts;
  ASSERT_TRUE(ParseMultipart("multipart/form-data; boundary=XyZ", body, parts));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts.find("name")->second.content, "Jane Admin");
  EXPECT_EQ(parts.find("publickey")->second.content, "-----BEGIN PGP\r\nline");
  EXPECT_EQ(parts.find("publickey")->second.filename, "k.asc");
  std::multimap<std::string, FormPart> none;
  EXPECT_FALSE(ParseMultipart("multipart/form-data", body, none));
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=\"XyZ\"", "--XyZ\r\nbroken", none));
  EXPECT_TRUE(ParseMultipart("multipart/form-data; boundary=\"XyZ\"", body, none));
}

// Found by tests/fuzz/api_multipart_fuzz.cpp: parameters were found by
// searching for "filename=" anywhere, so text inside another parameter's
// value became the part's filename (and a quoted ';' ended a value).
TEST(HttpMessage, MultipartParametersSplitOutsideQuotes) {
  auto part = [](const std::string& disposition) {
    std::multimap<std::string, FormPart> parts;
    const std::string body =
        "--b\r\nContent-Disposition: " + disposition + "\r\n\r\nv\r\n--b--\r\n";
    EXPECT_TRUE(ParseMultipart("multipart/form-data; boundary=b", body, parts));
    return parts.size() == 1 ? parts.begin()->second : FormPart{};
  };
  FormPart p = part("form-data; name=x) filename=y");
  EXPECT_EQ(p.name, "x) filename=y");
  EXPECT_EQ(p.filename, "");
  p = part("form-data; name=\"a; filename=evil\"; filename=\"k.asc\"");
  EXPECT_EQ(p.name, "a; filename=evil");
  EXPECT_EQ(p.filename, "k.asc");
  p = part("form-data; filename=\"f\"; NAME = \"n\"; name=\"second\"");
  EXPECT_EQ(p.name, "n");
  EXPECT_EQ(p.filename, "f");
  std::multimap<std::string, FormPart> parts;
  EXPECT_TRUE(ParseMultipart("boundary=\"b;c\"; charset=x",
                             "--b;c\r\nContent-Disposition: form-data; name=q\r\n\r\nv\r\n"
                             "--b;c--",
                             parts));
  EXPECT_EQ(parts.count("q"), 1u);
}

TEST(HttpRouter, FirstWholeMatchWithGroups) {
  Router r;
  std::string seen;
  r.Get("/api/v1/publickey/([^/]+)", [&](const Request& req, Response&) { seen = req.matches[1]; });
  r.Post("/api/v1/action/create/", [&](const Request& req, Response&, const ContentReader& read) {
    read([&](const char* d, size_t n) {
      seen = req.method + " " + std::string(d, n);
      return true;
    });
  });
  Request get;
  get.method = "GET";
  get.path = "/api/v1/publickey/ABC";
  Response res;
  EXPECT_TRUE(r.Dispatch(get, res));
  EXPECT_EQ(seen, "ABC");
  get.path = "/api/v1/publickey/ABC/x";
  EXPECT_FALSE(r.Dispatch(get, res));
  Request post;
  post.method = "POST";
  post.path = "/api/v1/action/create/";
  post.body = "action=1";
  EXPECT_TRUE(r.Dispatch(post, res));
  EXPECT_EQ(seen, "POST action=1");
  post.path = "/api/v1/action/create";
  EXPECT_FALSE(r.Dispatch(post, res));
}

TEST(HttpConnections, PerAddressAndTotal) {
  ConnectionTable t(2, 3);
  EXPECT_TRUE(t.Admit("a"));
  EXPECT_TRUE(t.Admit("a"));
  EXPECT_FALSE(t.Admit("a"));
  EXPECT_TRUE(t.Admit("b"));
  EXPECT_FALSE(t.Admit("c")) << "total reached";
  t.Release("a");
  EXPECT_TRUE(t.Admit("c"));
  EXPECT_EQ(t.open(), 3u);
}

}  // namespace
}  // namespace mig::api::http
