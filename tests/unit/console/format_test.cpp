// The console's rendering of API answers, including MIG's own API's quirks.
#include <gtest/gtest.h>

#include "console/format.h"

namespace mig::console {
namespace {

TEST(FormatDashboard, MigsNullVersionListsReadAsNone) {
  ApiItem stats;
  stats.href = "http://api/dashboard";
  stats.data = {
      {"online agents", Json(2)},
      {"online agents by version", Json::parse(R"([{"version":"20240101-0.abc","count":2}])")},
      {"idle agents", Json(0)},
      {"idle agents by version", Json(nullptr)}};
  const std::string text = FormatDashboard({stats});
  EXPECT_NE(text.find("online agents by version: 20240101-0.abc=2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("idle agents by version: none\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("null"), std::string::npos) << text;
}

TEST(FormatActionDetails, AuthorWithoutEmptyAngleBrackets) {
  Json a = Json::parse(R"({"id":1,"name":"n","target":"t","status":"completed",
    "description":{"author":"","email":""},"operations":[]})");
  std::string text = FormatActionDetails(a);
  EXPECT_NE(text.find("Author         (not given)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("<>"), std::string::npos) << text;
  a["description"] = Json::parse(R"({"author":"Jane","email":"jane@example.net"})");
  text = FormatActionDetails(a);
  EXPECT_NE(text.find("Author         Jane <jane@example.net>\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace mig::console
