#include <gtest/gtest.h>

#include "modules/netstat/ip_net.h"
#include "modules/netstat/params.h"
#include "modules/registry.h"

namespace mig::modules::netstat {
namespace {

ModuleResult RunWith(const std::string& params) {
  auto m = CreateModule("netstat");
  return m->Run(Json::parse(params));
}

void ExpectFailure(const std::string& params, const std::string& message) {
  const ModuleResult r = RunWith(params);
  EXPECT_FALSE(r.success) << params;
  EXPECT_FALSE(r.found_anything) << params;
  ASSERT_EQ(r.errors.size(), 1u) << params;
  EXPECT_EQ(r.errors[0], message) << params;
}

TEST(NetstatParams, BadValuesGiveMigMessages) {
  ExpectFailure(R"({"localmac":["("]})",
                "Invalid MAC regexp '('. Compilation failed with 'missing ): ('. Must be a valid "
                "regular expression.");
  ExpectFailure(R"({"connectedip":["1.2.3"]})", "invalid IPv4 1.2.3. Must be an IP or a CIDR.");
  ExpectFailure(R"({"neighborip":["10.0.0.0/33"]})",
                "invalid IPv4 CIDR 10.0.0.0/33: invalid CIDR address: 10.0.0.0/33. Must be an IP "
                "or a CIDR.");
  ExpectFailure(R"({"localip":["fe80::1/129"]})",
                "invalid IPv6 CIDR fe80::1/129: invalid CIDR address: fe80::1/129. Must be an IP "
                "or a CIDR.");
  ExpectFailure(R"({"localip":["/24"]})", "invalid IPv4 /24. Must be an IP or a CIDR.");
  ExpectFailure(R"({"listeningport":["ssh"]})", "ssh is not a valid port");
  ExpectFailure(R"({"listeningport":["65536"]})", "port out of range. must be between 1 and 65535");
  ExpectFailure(R"({"listeningport":["-1"]})", "port out of range. must be between 1 and 65535");
}

TEST(NetstatParams, WrongTypesFailDecoding) {
  ExpectFailure(R"({"connectedip":"1.2.3.4"})",
                "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
                "params.connectedip of type []string");
  ExpectFailure(R"({"listeningport":[22]})",
                "ReadInputParameters() -> json: cannot unmarshal number into Go struct field "
                "params.listeningport of type string");
  ExpectFailure(R"({"namespaces":"yes"})",
                "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
                "params.namespaces of type bool");
  ExpectFailure(R"(["connectedip"])",
                "ReadInputParameters() -> json: cannot unmarshal array into Go value of type "
                "netstat.params");
}

TEST(NetstatParams, EmptyParametersSearchNothing) {
  const ModuleResult r = RunWith("{}");
  EXPECT_TRUE(r.success);
  EXPECT_FALSE(r.found_anything);
  EXPECT_TRUE(r.elements.is_object());
  EXPECT_TRUE(r.elements.empty());
  EXPECT_EQ(r.statistics["totalhits"], 0);
}

TEST(NetstatParams, ValidValuesAndKeyCaseInsensitivity) {
  auto p = DecodeParameters(Json::parse(
      R"({"ConnectedIP":["10.0.0.0/8","::1"],"listeningport":["0","22"],"unknown":1})"));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->connectedip, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
  EXPECT_TRUE(ValidateParameters(*p));
}

TEST(NetstatCli, SpecExampleGivesObservedParameters) {
  auto m = CreateModule("netstat");
  auto j = m->ParametersFromArgs({"-ci", "10.0.0.0/8", "-lp", "22", "-lm", "^8c", "-nm", "aa",
                                  "-li", "127.0.0.1", "-ni", "::1", "-namespaces"});
  ASSERT_TRUE(j) << j.error();
  EXPECT_EQ(*j, Json::parse(R"({"localmac":["^8c"],"localip":["127.0.0.1"],"neighbormac":["aa"],
    "neighborip":["::1"],"connectedip":["10.0.0.0/8"],"listeningport":["22"],"namespaces":true})"));
  auto p = ParseNetstatArgs({"-ci", "1.2.3.4", "--ci=5.6.7.8", "-nm", "8c:70:5a:c8:be:50"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->connectedip, (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
  EXPECT_EQ(ParametersToJson(*p).dump(),
            R"({"neighbormac":["8c:70:5a:c8:be:50"],"connectedip":["1.2.3.4","5.6.7.8"],)"
            R"("namespaces":false})");
}

TEST(NetstatCli, BadFlagsAreExplained) {
  auto m = CreateModule("netstat");
  auto unknown = m->ParametersFromArgs({"-xx", "1"});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("-xx"), std::string::npos);
  auto missing = m->ParametersFromArgs({"-ci"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "flag needs an argument: -ci");
  auto bad_ip = m->ParametersFromArgs({"-ci", "1.2.3.400"});
  ASSERT_FALSE(bad_ip);
  EXPECT_EQ(bad_ip.error(), "invalid IPv4 1.2.3.400. Must be an IP or a CIDR.");
  EXPECT_NE(m->Usage().find("mig netstat -t local -ci 1.2.3.4"), std::string::npos);
}

TEST(NetstatIp, ParsingFormattingAndContainment) {
  auto v4 = ParseIp("192.0.2.7");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->IsV4());
  EXPECT_EQ(v4->ToString(), "192.0.2.7");
  auto mapped = ParseIp("::ffff:192.0.2.7");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->ToString(), "192.0.2.7");
  EXPECT_EQ(ParseIp("0:0:0:0:0:0:0:1")->ToString(), "::1");
  EXPECT_FALSE(ParseIp("1.2.3.4/8"));
  EXPECT_FALSE(ParseIp("fe80::1%eth0"));
  auto net = ParseCidr("192.0.2.0/24");
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->Contains(*v4));
  EXPECT_TRUE(net->Contains(*mapped));
  EXPECT_FALSE(net->Contains(*ParseIp("192.0.3.1")));
  EXPECT_FALSE(net->Contains(*ParseIp("::1")));
  auto v6net = ParseCidr("2001:db8::/32");
  ASSERT_TRUE(v6net);
  EXPECT_TRUE(v6net->Contains(*ParseIp("2001:db8:1::5")));
  EXPECT_FALSE(v6net->Contains(*ParseIp("2001:db9::5")));
  EXPECT_TRUE(ParseCidr("0.0.0.0/0")->Contains(*v4));
  EXPECT_FALSE(ParseCidr("0.0.0.0/0")->Contains(*ParseIp("::2")));
  EXPECT_FALSE(ParseCidr("1.2.3.4/08"));
  EXPECT_FALSE(ParseCidr("1.2.3.4/"));
  EXPECT_TRUE(HostNetwork(*v4).Contains(*v4));
  EXPECT_FALSE(HostNetwork(*v4).Contains(*ParseIp("192.0.2.8")));
}

}  // namespace
}  // namespace mig::modules::netstat
