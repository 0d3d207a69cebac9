// The shared Go-rules parameter decoder (modules/go_json.h), fed what an
// attacker controls: every module's parameters come from a signed action
// whose author may be careless or hostile.
#include <gtest/gtest.h>

#include "modules/go_json.h"

namespace mig::modules::gojson {
namespace {

TEST(GoJson, ExactKeyWinsThenCaseInsensitive) {
  const Json obj = Json::parse(R"({"Drift":"1s","drift":"2s","PATHS":["/x"]})");
  std::string drift;
  ASSERT_TRUE(ReadString(obj, "drift", "params", &drift));
  EXPECT_EQ(drift, "2s");
  std::vector<std::string> paths;
  ASSERT_TRUE(ReadStringList(obj, "paths", "search", &paths));
  EXPECT_EQ(paths, std::vector<std::string>{"/x"});
  // Not a prefix or a look-alike: "path" is not "paths", a NUL is kept.
  EXPECT_EQ(Field(obj, "path"), nullptr);
  EXPECT_EQ(Field(Json::parse(R"({"paths\u0000":1})"), "paths"), nullptr);
  EXPECT_EQ(Field(Json::parse("[1,2]"), "paths"), nullptr);
}

TEST(GoJson, WrongTypesGiveGosMessageAndLeaveTheOutputAlone) {
  const Json obj = Json::parse(R"({"n":"1","b":1,"s":true,"l":{"a":1},"e":["a",2]})");
  double n = 7;
  Status st = ReadNumber(obj, "n", "options", &n);
  EXPECT_EQ(st.message(),
            "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
            "options.n of type float64");
  EXPECT_EQ(n, 7);
  bool b = false;
  EXPECT_NE(ReadBool(obj, "b", "options", &b)
                .message()
                .find("number into Go struct field "
                      "options.b of type bool"),
            std::string::npos);
  std::string s = "kept";
  EXPECT_FALSE(ReadString(obj, "s", "params", &s));
  EXPECT_EQ(s, "kept");
  std::vector<std::string> l;
  EXPECT_NE(ReadStringList(obj, "l", "search", &l)
                .message()
                .find("object into Go struct field "
                      "search.l of type []string"),
            std::string::npos);
  EXPECT_NE(ReadStringList(obj, "e", "search", &l)
                .message()
                .find("number into Go struct field "
                      "search.e of type string"),
            std::string::npos);
  EXPECT_EQ(TypeError(Json::parse("[]"), "parameters", "file.Parameters").message(),
            "ReadInputParameters() -> json: cannot unmarshal array into Go struct field "
            "parameters of type file.Parameters");
  EXPECT_FALSE(RequireObject(Json::parse("\"x\""), "ping.params"));
  EXPECT_TRUE(RequireObject(Json(nullptr), "ping.params"));
}

TEST(GoJson, OptionalListTellsNilFromEmpty) {
  using List = std::optional<std::vector<std::string>>;
  const Json obj = Json::parse(R"({"none":null,"empty":[],"two":[null,"a"],"bad":[1],"str":"a"})");
  List out;
  ASSERT_TRUE(ReadOptionalStringList(obj, "missing", "options", &out));
  EXPECT_FALSE(out.has_value());
  ASSERT_TRUE(ReadOptionalStringList(obj, "none", "options", &out));
  EXPECT_FALSE(out.has_value());
  ASSERT_TRUE(ReadOptionalStringList(obj, "empty", "options", &out));
  ASSERT_TRUE(out.has_value());
  EXPECT_TRUE(out->empty());
  List two;
  ASSERT_TRUE(ReadOptionalStringList(obj, "two", "options", &two));
  EXPECT_EQ(*two, (std::vector<std::string>{"", "a"}));  // Go reads null as ""
  List bad;
  EXPECT_FALSE(ReadOptionalStringList(obj, "bad", "options", &bad));
  EXPECT_FALSE(bad.has_value());
  EXPECT_FALSE(ReadOptionalStringList(obj, "str", "options", &bad));
  EXPECT_FALSE(bad.has_value());
}

TEST(GoJson, LargeListsAreReadWhole) {
  Json obj = Json::object();
  obj["names"] = Json::array();
  for (int i = 0; i < 100000; ++i)
    obj["names"].push_back(std::string(10, 'a'));
  std::vector<std::string> names;
  ASSERT_TRUE(ReadStringList(obj, "names", "search", &names));
  EXPECT_EQ(names.size(), 100000u);
}

TEST(GoJson, NumbersAreWrittenAsGoWritesFloat64) {
  EXPECT_EQ(Number(1000).dump(), "1000");
  EXPECT_EQ(Number(-3).dump(), "-3");
  EXPECT_EQ(Number(1.5).dump(), "1.5");
  EXPECT_EQ(Number(1e300).dump(), "1e+300");
}

}  // namespace
}  // namespace mig::modules::gojson
