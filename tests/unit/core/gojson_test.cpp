#include "core/gojson.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mig {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendGoString(out, s);
  return out;
}

std::string Reencode(std::string_view text) {
  auto v = ParseGoJson(text);
  EXPECT_TRUE(v.ok()) << v.error();
  return v.ok() ? GoJsonEncode(*v) : "<error>";
}

TEST(GoJsonNumber, EcmaScriptFormatting) {
  EXPECT_EQ(FormatGoNumber(0), "0");
  EXPECT_EQ(FormatGoNumber(-0.0), "-0");
  EXPECT_EQ(FormatGoNumber(3.0), "3");
  EXPECT_EQ(FormatGoNumber(-0.5), "-0.5");
  EXPECT_EQ(FormatGoNumber(1e3), "1000");
  EXPECT_EQ(FormatGoNumber(5e-7), "5e-7");
  EXPECT_EQ(FormatGoNumber(1e-7), "1e-7");
  EXPECT_EQ(FormatGoNumber(1e-6), "0.000001");
  EXPECT_EQ(FormatGoNumber(1.5e-6), "0.0000015");
  EXPECT_EQ(FormatGoNumber(1e21), "1e+21");
  EXPECT_EQ(FormatGoNumber(1e20), "100000000000000000000");
  EXPECT_EQ(FormatGoNumber(123456789e20), "1.23456789e+28");
  EXPECT_EQ(FormatGoNumber(1e-10), "1e-10");
  EXPECT_EQ(FormatGoNumber(1e100), "1e+100");
  EXPECT_EQ(FormatGoNumber(0.1), "0.1");
  EXPECT_EQ(FormatGoNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatGoNumber(6.115472790658567e+18), "6115472790658567000");
  EXPECT_EQ(FormatGoNumber(12345678901234567890.0), "12345678901234567000");
  EXPECT_EQ(FormatGoNumber(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(FormatGoNumber(5e-324), "5e-324");
  EXPECT_EQ(FormatGoNumber(-123.456), "-123.456");
  EXPECT_EQ(FormatGoNumber(NAN), "null");
}

TEST(GoJsonString, HtmlSafeEscaping) {
  EXPECT_EQ(Quote("a<b>&c"), R"("a\u003cb\u003e\u0026c")");
  EXPECT_EQ(Quote("\n\r\t\b\f\x01\x1f"), R"("\n\r\t\u0008\u000c\u0001\u001f")");
  EXPECT_EQ(Quote(std::string("\0", 1)), R"("\u0000")");
  EXPECT_EQ(Quote("/\x7f\"\\"), "\"/\x7f\\\"\\\\\"");
  EXPECT_EQ(Quote("\xE2\x80\xA8\xE2\x80\xA9"), R"("\u2028\u2029")");
  EXPECT_EQ(Quote("\xC3\xA9\xF0\x9F\x98\x80"), "\"\xC3\xA9\xF0\x9F\x98\x80\"");
  // Invalid UTF-8: each bad byte becomes raw U+FFFD (overlong, surrogate,
  // truncated, stray continuation).
  EXPECT_EQ(Quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Quote("a\xE2\x82"), "\"a\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Quote("\x80z"), "\"\xEF\xBF\xBDz\"");
  EXPECT_EQ(Quote("\xF4\x90\x80\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(GoJsonEncode, SortsKeysAndDropsWhitespace) {
  EXPECT_EQ(Reencode(" { \"b\" : [ 1 , 2 ] , \"a\" : { } , \"A\" : [ ] } "),
            R"({"A":[],"a":{},"b":[1,2]})");
  EXPECT_EQ(Reencode("[true,false,null,\"\"]"), R"([true,false,null,""])");
  EXPECT_EQ(Reencode("-0"), "-0");
  EXPECT_EQ(Reencode("-0.0"), "-0");
  EXPECT_EQ(Reencode("12345678901234567890"), "12345678901234567000");
  EXPECT_EQ(Reencode("-9223372036854775808"), "-9223372036854776000");
  EXPECT_EQ(Reencode("123456789012345678901234567890"), "1.2345678901234568e+29");
}

TEST(GoJsonEncode, NlohmannIntegersBecomeDoubles) {
  Json v = {{"u", uint64_t{18446744073709551615u}}, {"i", int64_t{-3}}};
  EXPECT_EQ(GoJsonEncode(v), R"({"i":-3,"u":18446744073709552000})");
}

TEST(GoJsonParse, GoTolerance) {
  // Duplicate keys: last wins.
  auto dup = ParseGoJson(R"({"a":1,"a":{"x":2}})");
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(GoJsonEncode(*dup), R"({"a":{"x":2}})");
  // Invalid UTF-8 inside strings and keys becomes U+FFFD.
  auto bad = ParseGoJson("{\"k\xFF\":\"v\xC3\"}");
  ASSERT_TRUE(bad.ok()) << bad.error();
  EXPECT_EQ((*bad)["k\xEF\xBF\xBD"], "v\xEF\xBF\xBD");
  // Surrogate pairs join; lone halves become U+FFFD.
  auto sur = ParseGoJson(R"(["\ud83d\ude00","\udc00","\ud800\u0041"])");
  ASSERT_TRUE(sur.ok()) << sur.error();
  EXPECT_EQ((*sur)[0], "\xF0\x9F\x98\x80");
  EXPECT_EQ((*sur)[1], "\xEF\xBF\xBD");
  EXPECT_EQ((*sur)[2],
            "\xEF\xBF\xBD"
            "A");
  // Underflow rounds to zero, like Go.
  auto tiny = ParseGoJson("[1e-400,-1e-400,0." + std::string(400, '0') + "1,1e-99999999999999]");
  ASSERT_TRUE(tiny.ok()) << tiny.error();
  EXPECT_EQ(GoJsonEncode(*tiny), "[0,-0,0,0]");
}

TEST(GoJsonParse, ErrorsNameTheProblem) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"", "byte 0: unexpected end of input"},
      {"{", "byte 1: unexpected end of input (expected a string key)"},
      {"{\"a\" 1}", "byte 5: unexpected character '1' (expected ':'"},
      {"[1,]", "byte 3: unexpected character ']' (expected a JSON value)"},
      {"[1 2]", "expected ',' or ']'"},
      {"{\"a\":1,}", "expected a string key"},
      {"\"abc", "unexpected end of input in a string"},
      {"\"a\nb\"", "control byte 0x0A in a string"},
      {"\"\\x\"", "invalid escape '\\x'"},
      {"\"\\u12G4\"", "invalid \\u escape"},
      {"01", "after the top-level value"},
      {"-", "expected a digit after '-'"},
      {"1.", "expected a digit after '.'"},
      {"1e", "expected a digit in the exponent"},
      {"1e400", "number 1e400 is out of range of a float64"},
      {"-1e400", "out of range"},
      {"tru", "expected a JSON value"},
      {"NaN", "expected a JSON value"},
      {"[1] x", "unexpected character 'x' after the top-level value"},
      {"\xEF\xBB\xBF{}", "byte 0xEF"},
  };
  for (const Case& c : cases) {
    auto r = ParseGoJson(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().find(c.expected), std::string::npos) << c.text << " -> " << r.error();
    EXPECT_EQ(r.error().rfind("invalid JSON at byte ", 0), 0u) << r.error();
  }
}

TEST(GoJsonParse, DepthAndSizeLimits) {
  const std::string deep(kMaxJsonDepth + 1, '[');
  auto r = ParseGoJson(deep + std::string(kMaxJsonDepth + 1, ']'));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("nesting deeper than"), std::string::npos) << r.error();
  auto ok = ParseGoJson(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'));
  EXPECT_TRUE(ok.ok()) << ok.error();

  auto big = ParseGoJson("[1,2,3]", 6);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error(), "JSON document too large: 7 bytes, the limit is 6");
  EXPECT_TRUE(ParseGoJson("[1,2,3]", 7).ok());
}

TEST(GoJsonIndent, MatchesGoMarshalIndent) {
  EXPECT_EQ(IndentGoJson(R"({"a":[],"b":{},"c":[1,{"d":"x:,{"}]})"),
            "{\n\t\"a\": [],\n\t\"b\": {},\n\t\"c\": [\n\t\t1,\n\t\t{\n\t\t\t\"d\": "
            "\"x:,{\"\n\t\t}\n\t]\n}");
  EXPECT_EQ(IndentGoJson(R"(["a\"]"])", "  "), "[\n  \"a\\\"]\"\n]");
}

}  // namespace
}  // namespace mig
