#include <gtest/gtest.h>

#include "modules/netstat/engine/kernel_state.h"
#include "modules/netstat/engine/search.h"
#include "modules/netstat/printer.h"
#include "modules/netstat/privacy.h"

namespace mig::modules::netstat {
namespace {

const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
    "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"
    "   1: 0F02000A:C350 F8229F83:01BB 01 00000000:00000000 00:00000000 00000000  1000\n";

TEST(NetstatTable, DecodesReversedIpv4Bytes) {
  auto t = ParseSocketTable(kTcp, false, false);
  ASSERT_TRUE(t) << t.error();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].local.ToString(), "127.0.0.1");
  EXPECT_EQ((*t)[0].local_port, 22);
  EXPECT_EQ((*t)[0].remote.ToString(), "0.0.0.0");
  EXPECT_TRUE(IsListening((*t)[0]));
  EXPECT_EQ((*t)[1].local.ToString(), "10.0.2.15");
  EXPECT_EQ((*t)[1].local_port, 50000);
  EXPECT_EQ((*t)[1].remote.ToString(), "131.159.34.248");
  EXPECT_EQ((*t)[1].remote_port, 443);
  EXPECT_FALSE(IsListening((*t)[1]));
}

TEST(NetstatTable, DecodesIpv6WordsAndMappedPeers) {
  const std::string text =
      "  sl  local_address                         remote_address                        st\n"
      "   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A\n"
      "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:D431 01\n"
      "   2: B80D0120000000000000000001000000:0035 00000000000000000000000000000000:0000 07\n";
  auto t = ParseSocketTable(text, true, true);
  ASSERT_TRUE(t) << t.error();
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0].local.ToString(), "::1");
  EXPECT_EQ((*t)[1].local.ToString(), "127.0.0.1");
  EXPECT_EQ((*t)[1].remote.ToString(), "127.0.0.2");
  EXPECT_EQ((*t)[1].remote_port, 0xD431);
  EXPECT_EQ((*t)[2].local.ToString(), "2001:db8::1");
  EXPECT_TRUE(IsListening((*t)[2]));   // unconnected UDP
  EXPECT_FALSE(IsListening((*t)[1]));  // connected UDP
}

TEST(NetstatTable, MalformedLinesFailTheTable) {
  for (const std::string bad :
       {"hdr\n 0: 0100007F:0016\n", "hdr\n 0: 0100007G:0016 00000000:0000 0A\n",
        "hdr\n 0: 0100007F0016 00000000:0000 0A\n", "hdr\n 0: 0100007F:016 00000000:0000 0A\n"}) {
    auto t = ParseSocketTable(bad, false, false);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error(), "/proc doesn't respect the expected format");
  }
  auto empty = ParseSocketTable("header only\n", false, false);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

ModuleResult Sample() {
  ModuleResult r;
  r.success = true;
  r.found_anything = true;
  r.elements = OrderedJson::parse(R"({
    "localmac": {"^8c": [{"localmacaddr": "8c:70:5a:c8:be:50"}], "^zz": null},
    "neighborip": {"10.0.0.0/8": null},
    "connectedip": {"0.0.0.0/0": [{"localaddr":"192.0.2.2","localport":37626,
                                   "remoteaddr":"203.0.113.80","remoteport":80,
                                   "namespace":"net:[4026531993]"}]},
    "listeningport": {"22": [{"localaddr":"0.0.0.0","localport":22,"namespace":"default"}]}})");
  r.statistics = OrderedJson::parse(R"({"examined":15,"exectime":"8.7ms","totalhits":3})");
  r.errors = {"HasSeenIP(): boom"};
  return r;
}

TEST(NetstatPrinter, LinesPerCategory) {
  const auto all = PrintResult(Sample(), false);
  const std::vector<std::string> expected = {
      "found local mac 8c:70:5a:c8:be:50 for netstat localmac:'^8c'",
      "did not find anything for netstat neighborIP:'10.0.0.0/8'",
      "found connected tuple 203.0.113.80:80 with local tuple 192.0.2.2:37626 for netstat "
      "connectedip:'0.0.0.0/0' namespace:[net:[4026531993]]",
      "found listening port 22 for netstat listeningport:'22'",
      "error: HasSeenIP(): boom",
      "Statistics: total hits 3 examined 15 items exectime 8.7ms"};
  EXPECT_EQ(all, expected);
  // Found-only: the findings, without the miss, the error or the statistics.
  const std::vector<std::string> found_expected = {expected[0], expected[2], expected[3]};
  EXPECT_EQ(PrintResult(Sample(), true), found_expected);
}

TEST(NetstatPrivacy, MasksConnectedRemoteAddresses) {
  ModuleResult r = Sample();
  MaskResult(r);
  EXPECT_EQ(r.elements["connectedip"]["0.0.0.0/0"][0]["remoteaddr"], "masked");
  EXPECT_EQ(r.elements["listeningport"]["22"][0]["localaddr"], "0.0.0.0");
}

}  // namespace
}  // namespace mig::modules::netstat
