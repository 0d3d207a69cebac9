// What the agent adds to a firewall isolation: its own endpoints, so that
// the module's child (which knows neither) cannot cut the agent off.
#include <gtest/gtest.h>

#include "agent/kept_endpoints.h"

namespace mig::agent {
namespace {

EndpointSource Fixed(std::vector<std::string> endpoints) {
  return [endpoints] { return Result<std::vector<std::string>>(endpoints); };
}

TEST(KeptEndpoints, IsolateGetsTheAgentsEndpointsAddedToKeep) {
  auto out =
      AddKeptEndpoints("firewall", Json{{"operation", "isolate"}, {"keep", {"192.0.2.1:22"}}},
                       Fixed({"10.0.0.5:5671", "[2001:db8::5]:5671"}));
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ((*out)["keep"], Json({"192.0.2.1:22", "10.0.0.5:5671", "[2001:db8::5]:5671"}));
  out = AddKeptEndpoints("firewall", Json{{"Operation", "isolate"}, {"KEEP", {"192.0.2.1:22"}}},
                         Fixed({"10.0.0.5:5671"}));
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_FALSE(out->contains("KEEP"));
  EXPECT_EQ((*out)["keep"], Json({"192.0.2.1:22", "10.0.0.5:5671"}));
}

TEST(KeptEndpoints, OtherOperationsAndModulesAreUntouched) {
  int asked = 0;
  EndpointSource counting = [&asked] {
    ++asked;
    return Result<std::vector<std::string>>(std::vector<std::string>{"10.0.0.5:5671"});
  };
  for (const auto& [module, params] :
       {std::pair<std::string, Json>{"firewall", Json{{"operation", "block"}}},
        {"firewall", Json{{"operation", "release"}}},
        {"firewall", Json("isolate")},
        {"netstat", Json{{"operation", "isolate"}}}}) {
    auto out = AddKeptEndpoints(module, params, counting);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, params);
  }
  EXPECT_EQ(asked, 0);
}

TEST(KeptEndpoints, UnknownEndpointsRefuseTheIsolation) {
  EndpointSource failing = [] {
    return Result<std::vector<std::string>>::Error("relay: cannot resolve relay.example: boom");
  };
  auto out = AddKeptEndpoints("firewall", Json{{"operation", "isolate"}}, failing);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("isolate refused"), std::string::npos) << out.error();
  EXPECT_NE(out.error().find("relay.example"), std::string::npos) << out.error();
  out = AddKeptEndpoints("firewall", Json{{"operation", "isolate"}, {"keep", "x"}},
                         Fixed({"10.0.0.5:5671"}));
  EXPECT_FALSE(out.ok());
}

TEST(KeptEndpoints, ResolvesTheRelayAndTheApiWhenTheAgentUsesIt) {
  AgentConfig c;
  c.relay = "amqps://u:p@127.0.0.1:5671/mig";
  c.api = "http://[::1]:1664/api/v1/";
  auto out = AgentEndpoints(c);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(*out, std::vector<std::string>{"127.0.0.1:5671"});
  c.discover_public_ip = true;
  out = AgentEndpoints(c);
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(*out, (std::vector<std::string>{"127.0.0.1:5671", "[::1]:1664"}));
  c.relay = "amqp://u:p@nonexistent.invalid:5672/";
  EXPECT_FALSE(AgentEndpoints(c).ok());
}

}  // namespace
}  // namespace mig::agent
