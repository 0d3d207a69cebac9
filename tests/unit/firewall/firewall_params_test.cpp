// firewall's parameters, flags and nft text without a kernel: every value
// an investigator sends is parsed into bytes and numbers, and the commands
// are written from those alone.
#include <gtest/gtest.h>

#include "modules/firewall/address.h"
#include "modules/firewall/engine/nft_script.h"
#include "modules/firewall/engine/table_state.h"
#include "modules/firewall/params.h"
#include "modules/firewall/printer.h"
#include "modules/registry.h"

namespace mig::modules::firewall {
namespace {

Result<Request> Validate(const std::string& json) {
  auto p = DecodeParameters(Json::parse(json));
  if (!p) return p.status();
  return ValidateParameters(*p);
}

std::string ErrorOf(const std::string& json) {
  auto r = Validate(json);
  return r.ok() ? "" : r.error();
}

TEST(FirewallAddress, ParsesAndWritesBackCanonically) {
  EXPECT_EQ(ParseNetwork("192.0.2.7")->ToString(), "192.0.2.7");
  EXPECT_EQ(ParseNetwork("192.0.2.7/32")->ToString(), "192.0.2.7");
  EXPECT_EQ(ParseNetwork("198.51.100.0/24")->ToString(), "198.51.100.0/24");
  EXPECT_EQ(ParseNetwork("0.0.0.0/0")->ToString(), "0.0.0.0/0");
  EXPECT_EQ(ParseNetwork("2001:DB8:0:0::/32")->ToString(), "2001:db8::/32");
  EXPECT_EQ(ParseNetwork("::1")->ToString(), "::1");
  EXPECT_FALSE(ParseNetwork("2001:db8::/32")->v4);
  EXPECT_EQ(ParseNetwork("10.0.0.0/8")->prefix, 8);
}

TEST(FirewallAddress, RefusesWhatIsNotExactlyAnAddress) {
  for (const char* bad :
       {"",           "1.2.3.4/33",    "2001:db8::/129", "1.2.3.4/",    "1.2.3.4/-1",
        "1.2.3.4/08", "1.2.3",         "1.2.3.4.5",      "256.1.1.1",   "01.2.3.4",
        "1.2.3.4 ",   " 1.2.3.4",      "fe80::1%eth0",   "example.com", "1.2.3.4; flush ruleset",
        "1.2.3.4 }",  "1.2.3.4/24/24", "1.2.3.4\n",      "@in_v4",      "$var"}) {
    EXPECT_FALSE(ParseNetwork(bad).ok()) << bad;
  }
  const auto r = ParseNetwork("10.0.0.1/24");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("did you mean 10.0.0.0/24"), std::string::npos) << r.error();
  EXPECT_NE(ParseNetwork("1.2.3.4/33").error().find("out of range 0..32"), std::string::npos);
  // Oversized input is refused without being echoed whole.
  const auto big = ParseNetwork(std::string(100000, '1'));
  ASSERT_FALSE(big.ok());
  EXPECT_LT(big.error().size(), 300u);
  // Control characters are quoted escaped.
  EXPECT_NE(ParseNetwork("1.2.3.4\x1b[31m").error().find("\\x1b"), std::string::npos);
}

TEST(FirewallAddress, Endpoints) {
  EXPECT_EQ(ParseEndpoint("10.0.0.1:5671")->ToString(), "10.0.0.1:5671");
  EXPECT_EQ(ParseEndpoint("[2001:db8::1]:443")->ToString(), "[2001:db8::1]:443");
  for (const char* bad :
       {"10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "2001:db8::1:443", "[10.0.0.1]:80",
        "10.0.0.0/24:80", "[::1]", "host:80", ":80", "10.0.0.1:80; flush ruleset", "10.0.0.1:+80"})
    EXPECT_FALSE(ParseEndpoint(bad).ok()) << bad;
}

TEST(FirewallParams, ValidRequests) {
  auto r = Validate(R"({"operation":"block","address":"198.51.100.0/24","direction":"in",
                        "port":22,"protocol":"tcp","ttl":"2s","dryrun":true})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->operation, Operation::kBlock);
  EXPECT_EQ(r->direction, Direction::kIn);
  EXPECT_EQ(r->protocol, Protocol::kTcp);
  EXPECT_EQ(r->port, 22);
  EXPECT_EQ(r->ttl_ms, 2000);
  EXPECT_TRUE(r->dryrun);
  r = Validate(R"({"operation":"block","address":"2001:db8::/32"})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->direction, Direction::kBoth);
  EXPECT_EQ(r->ttl_ms, kDefaultTtlMs);
  r = Validate(R"({"operation":"isolate","ttl":"24h","keep":["10.0.0.1:5671","[::1]:443"]})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->keep.size(), 2u);
  EXPECT_EQ(r->ttl_ms, kMaxTtlMs);
  for (const char* ok :
       {R"({"operation":"list"})", R"({"operation":"release","dryrun":true})",
        R"({"operation":"unblock","address":"10.0.0.0/8"})", R"({"Operation":"list"})"})
    EXPECT_TRUE(Validate(ok).ok()) << ok << ": " << ErrorOf(ok);
}

TEST(FirewallParams, BadInputGetsAClearError) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"operation":"explode"})", "unknown operation \"explode\""},
      {R"({})", "no operation given"},
      {R"({"operation":"block"})", "block needs an address"},
      {R"({"operation":"block","address":"not-an-ip"})", "is not an IPv4 or IPv6 address"},
      {R"({"operation":"block","address":"1.2.3.4/33"})", "out of range 0..32"},
      {R"({"operation":"block","address":"1.2.3.4; flush ruleset"})", "is not an IPv4 or IPv6"},
      {R"({"operation":"block","address":"1.2.3.4","ttl":"0"})", "ttl \"0\" is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","ttl":"8760h"})", "is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","ttl":"-5s"})", "is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","ttl":"500ms"})", "is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","ttl":"1h; flush ruleset"})", "ttl"},
      {R"({"operation":"block","address":"1.2.3.4","port":0,"protocol":"tcp"})",
       "port 0 is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","port":70000,"protocol":"tcp"})",
       "port 70000 is out of range"},
      {R"({"operation":"block","address":"1.2.3.4","port":22.5,"protocol":"tcp"})", "out of range"},
      {R"({"operation":"block","address":"1.2.3.4","port":22})", "a port needs a protocol"},
      {R"({"operation":"block","address":"1.2.3.4","protocol":"tcp"})", "needs a port"},
      {R"({"operation":"block","address":"1.2.3.4","port":1,"protocol":"icmp"})",
       "protocol \"icmp\" cannot be given"},
      {R"({"operation":"block","address":"1.2.3.4","port":1,"protocol":"tcp; flush ruleset"})",
       "cannot be given"},
      {R"({"operation":"block","address":"1.2.3.4","direction":"sideways"})",
       "direction \"sideways\" is not in, out or both"},
      {R"({"operation":"block","address":"1.2.3.4","tll":"1h"})", "unknown parameter \"tll\""},
      {R"({"operation":"block","address":"1.2.3.4","port":"22","protocol":"tcp"})",
       "cannot unmarshal string"},
      {R"({"operation":"list","address":"1.2.3.4"})", "address does not apply to operation list"},
      {R"({"operation":"unblock","address":"1.2.3.4","ttl":"1h"})", "ttl does not apply"},
      {R"({"operation":"release","ttl":"1h"})", "ttl does not apply"},
      {R"({"operation":"isolate","keep":["10.0.0.1"]})", "keep: endpoint"},
      {R"({"operation":"isolate","keep":"10.0.0.1:1"})", "cannot unmarshal"},
      {R"({"operation":"block","address":"1.2.3.4","keep":["10.0.0.1:1"]})", "keep does not"},
      {R"({"operation":["block"]})", "cannot unmarshal"},
      {R"("block")", "cannot unmarshal"},
  };
  for (const auto& [json, want] : cases) {
    const std::string err = ErrorOf(json);
    EXPECT_NE(err.find(want), std::string::npos) << json << " -> '" << err << "'";
  }
  std::string many = R"({"operation":"isolate","keep":[)";
  for (int i = 0; i < 65; ++i)
    many += std::string(i ? "," : "") + "\"10.0.0.1:" + std::to_string(i + 1) + "\"";
  EXPECT_NE(ErrorOf(many + "]}").find("at most 64"), std::string::npos);
}

TEST(FirewallArgs, FlagsBecomeParameters) {
  auto m = CreateModule("firewall");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Kind(), ModuleKind::kRespond);
  auto p = m->ParametersFromArgs({"-block", "198.51.100.0/24", "-direction", "out", "-port", "443",
                                  "-proto", "tcp", "-ttl", "2h", "-dryrun"});
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->dump(),
            R"({"address":"198.51.100.0/24","direction":"out","dryrun":true,"operation":"block",)"
            R"("port":443,"protocol":"tcp","ttl":"2h"})");
  EXPECT_EQ(m->ParametersFromArgs({"-list"})->dump(), R"({"operation":"list"})");
  EXPECT_EQ(m->ParametersFromArgs({"-unblock", "192.0.2.7"})->dump(),
            R"({"address":"192.0.2.7","operation":"unblock"})");
  EXPECT_EQ(m->ParametersFromArgs({"-isolate", "-ttl", "30m"})->dump(),
            R"({"operation":"isolate","ttl":"30m"})");
  EXPECT_EQ(m->ParametersFromArgs({"-release", "-dryrun"})->dump(),
            R"({"dryrun":true,"operation":"release"})");
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{},
                                             {"-list", "-release"},
                                             {"-block", "1.2.3.4", "-port", "0", "-proto", "tcp"},
                                             {"-block", "1.2.3.4", "-port", "x", "-proto", "tcp"},
                                             {"-block", "1.2.3.4/33"},
                                             {"-block", "1.2.3.4", "-ttl", "0"},
                                             {"-unblock", "1.2.3.4", "-port", "22"},
                                             {"-isolate", "-bogus"}}) {
    EXPECT_FALSE(m->ParametersFromArgs(bad).ok()) << ::testing::PrintToString(bad);
  }
  EXPECT_NE(m->Usage().find("-isolate"), std::string::npos);
}

TEST(FirewallScript, CommandsAreWrittenFromTypedValues) {
  BlockKey key{*ParseNetwork("198.51.100.0/24"), Direction::kIn, Protocol::kAny, 0};
  EXPECT_EQ(AddBlock(key, 3600 * 1000),
            "add element inet mig in_v4 { 198.51.100.0/24 timeout 1h }");
  EXPECT_EQ(DeleteBlock(key), "delete element inet mig in_v4 { 198.51.100.0/24 }");
  BlockKey port{*ParseNetwork("2001:db8::/32"), Direction::kOut, Protocol::kUdp, 53};
  EXPECT_EQ(AddBlock(port, 1500),
            "add element inet mig out_v6_port { 2001:db8::/32 . udp . 53 timeout 1s500ms }");
  EXPECT_EQ(NftTime(90 * 60 * 1000 + 5000), "1h30m5s");
  EXPECT_EQ(NftTime(24 * 3600 * 1000), "24h");
  const auto iso = Isolate({*ParseEndpoint("10.0.0.1:5671")}, 7200 * 1000);
  EXPECT_EQ(iso.back(), "add element inet mig isolation { ipv4 timeout 2h, ipv6 timeout 2h }");
  EXPECT_EQ(iso[3], "add element inet mig keep_v4 { 10.0.0.1 . tcp . 5671 timeout 2h }");
  // The layout names the table alone: nothing outside it is ever named.
  for (const auto& c : TableCommands())
    EXPECT_NE(c.find(" inet mig"), std::string::npos) << c;
}

TEST(FirewallState, ReadsTheListingAndCountsWhatItDidNotWrite) {
  const Json listing = Json::parse(R"({"nftables":[
    {"metainfo":{"json_schema_version":1}},
    {"table":{"family":"inet","name":"mig"}},
    {"set":{"name":"in_v4","elem":[{"elem":{"val":{"prefix":{"addr":"10.0.0.0","len":24}},
            "timeout":3600,"expires":3599}}, {"elem":{"val":"10.9.9.9","timeout":5,"expires":4}},
            {"elem":{"val":{"range":["10.1.0.1","10.1.0.9"]},"timeout":5,"expires":4}}]}},
    {"set":{"name":"out_v6_port","elem":[{"elem":{"val":{"concat":[
            {"prefix":{"addr":"2001:db8::","len":32}},"udp",53]},"timeout":60,"expires":59}},
            {"elem":{"val":{"concat":["2001:db8::1","sctp",53]}}}]}},
    {"set":{"name":"isolation","elem":[{"elem":{"val":"ipv4","timeout":60,"expires":50}}]}},
    {"set":{"name":"keep_v4","elem":[{"elem":{"val":{"concat":["10.0.0.1","tcp",5671]}}}]}}]})");
  auto s = ParseTableListing(listing);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_TRUE(s->exists);
  ASSERT_EQ(s->blocks.size(), 3u);
  EXPECT_EQ(s->blocks[0].key.network.ToString(), "10.0.0.0/24");
  EXPECT_EQ(s->blocks[0].expires_s, 3599);
  EXPECT_EQ(s->blocks[2].key.direction, Direction::kOut);
  EXPECT_EQ(s->blocks[2].key.port, 53);
  EXPECT_EQ(s->unrecognized, 2);
  EXPECT_TRUE(s->isolation.active);
  EXPECT_EQ(s->isolation.expires_s, 50);
  ASSERT_EQ(s->isolation.keep.size(), 1u);
  EXPECT_EQ(s->isolation.keep[0].ToString(), "10.0.0.1:5671");
  EXPECT_EQ(BlocksOf(*s, *ParseNetwork("10.9.9.9")).size(), 1u);
  EXPECT_EQ(BlocksOf(*s, *ParseNetwork("10.0.0.0/16")).size(), 0u);
  EXPECT_FALSE(ParseTableListing(Json::parse("[]")).ok());
}

TEST(FirewallPrinter, LinesForChangesStateAndErrors) {
  ModuleResult r;
  r.success = true;
  r.found_anything = true;
  r.elements = OrderedJson::parse(R"({"operation":"block","dryrun":true,"changed":false,
    "address":"198.51.100.0/24","commands":["add element inet mig in_v4 { 198.51.100.0/24 timeout 1h }"],
    "state":{"table":true,"blocks":[{"address":"192.0.2.7","direction":"out","protocol":"tcp",
      "port":443,"ttl":3600,"expires":3599}],
      "isolation":{"active":true,"ttl":7200,"expires":7198,"keep":["10.0.0.5:5671"]}}})");
  const auto lines = PrintResult(r, false);
  ASSERT_EQ(lines.size(), 4u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0].rfind("firewall block 198.51.100.0/24: dry run, would run", 0), 0u);
  EXPECT_EQ(lines[1], "  nft add element inet mig in_v4 { 198.51.100.0/24 timeout 1h }");
  EXPECT_EQ(lines[2], "blocked out 192.0.2.7 tcp port 443, expires in 59m59s (ttl 1h0m0s)");
  EXPECT_EQ(lines[3],
            "isolated, expires in 1h59m58s (ttl 2h0m0s); reachable only through loopback and tcp "
            "10.0.0.5:5671");
  ModuleResult failed;
  failed.errors = {"block failed, nothing changed: nft: Error: boom"};
  EXPECT_EQ(PrintResult(failed, false),
            std::vector<std::string>{"error: block failed, nothing changed: nft: Error: boom"});
  EXPECT_TRUE(PrintResult(failed, true).empty());
}

}  // namespace
}  // namespace mig::modules::firewall
