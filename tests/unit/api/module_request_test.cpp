// The body of POST /module/parameters (api/module_request.h): every field
// bounded and typed before a module sees it.
#include <gtest/gtest.h>

#include "api/module_request.h"

namespace mig::api {
namespace {

using Form = std::map<std::string, std::string>;

TEST(ModuleRequest, ReadsModuleArgsAndFiles) {
  auto r = ParseModuleRequest({{"module", "scribe"},
                               {"args", R"(["-path","p.json","-onlytrue"])"},
                               {"files", R"({"p.json":"{\"tests\":[]}"})"}},
                              1 << 20);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->module, "scribe");
  EXPECT_EQ(r->args, (std::vector<std::string>{"-path", "p.json", "-onlytrue"}));
  EXPECT_EQ(r->files, (std::map<std::string, std::string>{{"p.json", R"({"tests":[]})"}}));
  auto none = ParseModuleRequest({{"module", "timedrift"}, {"args", "[]"}, {"files", ""}}, 1024);
  ASSERT_TRUE(none) << none.error();
  EXPECT_TRUE(none->args.empty());
  EXPECT_TRUE(none->files.empty());
}

TEST(ModuleRequest, RefusesWhatIsMalformedOrTooLarge) {
  const std::vector<std::pair<Form, std::string>> cases = {
      {{{"args", "[]"}}, "missing form field 'module'"},
      {{{"module", "a/b"}, {"args", "[]"}}, "form field 'module': unknown module"},
      {{{"module", std::string(33, 'a')}, {"args", "[]"}}, "form field 'module': unknown module"},
      {{{"module", "file"}}, "missing form field 'args'"},
      {{{"module", "file"}, {"args", "[1]"}}, "form field 'args': element 0 is not a string"},
      {{{"module", "file"}, {"args", "\"-path\""}}, "form field 'args' must be a JSON array"},
      {{{"module", "file"}, {"args", "[\"a\""}}, "form field 'args': invalid JSON"},
      {{{"module", "file"}, {"args", "[\"\\u0000\"]"}}, "contains a NUL byte"},
      {{{"module", "file"}, {"args", "[\"" + std::string(kMaxModuleArgBytes + 1, 'a') + "\"]"}},
       "is longer than 65536 bytes"},
      {{{"module", "file"}, {"args", "[]"}, {"files", "{\"\":\"x\"}"}},
       "a file name must be 1 to 4096 bytes"},
      {{{"module", "file"}, {"args", "[]"}, {"files", "{\"a\":null}"}},
       "the content of each file must be a string"},
      {{{"module", "file"}, {"args", "[]"}, {"files", "{\"a\":\"12345\",\"b\":\"123456\"}"}},
       "more than 10 bytes of files"},
  };
  for (const auto& [form, message] : cases) {
    auto r = ParseModuleRequest(form, kMaxModuleArgBytes + 100);
    ASSERT_FALSE(r) << message;
    if (message == "more than 10 bytes of files") {
      r = ParseModuleRequest(form, 10);
      ASSERT_FALSE(r);
    }
    EXPECT_NE(r.error().find(message), std::string::npos) << r.error();
  }
  std::string many = "[";
  for (size_t i = 0; i <= kMaxModuleArgs; ++i)
    many += std::string(i ? "," : "") + "\"-x\"";
  auto r = ParseModuleRequest({{"module", "file"}, {"args", many + "]"}}, 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "form field 'args': 513 arguments, at most 512 allowed");
  // The JSON itself is bounded by the body limit.
  r = ParseModuleRequest({{"module", "file"}, {"args", many + "]"}}, 100);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("invalid JSON"), std::string::npos) << r.error();
}

TEST(ModuleRequest, ModuleNamesAreLowerCaseLettersAndDigits) {
  EXPECT_TRUE(PlausibleModuleName("file"));
  EXPECT_TRUE(PlausibleModuleName("x509"));
  for (const char* bad : {"", "File", "../file", "file\n", "a b", "fi%6ce"})
    EXPECT_FALSE(PlausibleModuleName(bad)) << bad;
}

}  // namespace
}  // namespace mig::api
