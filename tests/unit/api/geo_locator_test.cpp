// GeoLocator against databases the test writes (tests/support/make-test-geodb):
// lookups of every kind of address text, and files that are not usable.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <thread>
#include <vector>

#include "api/config.h"
#include "api/geo_locator.h"
#include "test_env.h"
#include "test_geodb.h"

namespace mig::api {
namespace {

using test::TempDir;

class GeoLocatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("mig-geo");
    for (const auto& [name, options] : {std::pair<std::string, std::string>{"city.mmdb", ""},
                                        {"country.mmdb", "--country"},
                                        {"v4.mmdb", "--ipv4"}}) {
      const std::string why = test::MakeTestGeoDb(dir_->Sub(name), options);
      ASSERT_EQ(why, "");
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::unique_ptr<GeoLocator> OpenOrDie(const std::string& name) {
    auto g = GeoLocator::Open(dir_->Sub(name));
    EXPECT_TRUE(g.ok()) << g.error();
    return g.ok() ? std::move(*g) : nullptr;
  }
  static TempDir* dir_;
};
TempDir* GeoLocatorTest::dir_ = nullptr;

TEST_F(GeoLocatorTest, LooksUpIpv4AndIpv6InACityDatabase) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  auto paris = g->Lookup("192.0.2.7");
  ASSERT_TRUE(paris);
  EXPECT_EQ(paris->country, "FR");
  EXPECT_EQ(paris->city, "Paris");
  ASSERT_TRUE(paris->latitude && paris->longitude);
  EXPECT_DOUBLE_EQ(*paris->latitude, 48.8566);
  EXPECT_DOUBLE_EQ(*paris->longitude, 2.3522);
  auto tokyo = g->Lookup("198.51.100.255");
  ASSERT_TRUE(tokyo);
  EXPECT_EQ(tokyo->city, "Tokyo");
  EXPECT_EQ(tokyo->country, "JP");
  // A name outside ASCII comes back as the database's UTF-8.
  auto sao_paulo = g->Lookup("203.0.113.1");
  ASSERT_TRUE(sao_paulo);
  EXPECT_EQ(sao_paulo->city, "S\xC3\xA3o Paulo");
  ASSERT_TRUE(sao_paulo->latitude);
  EXPECT_DOUBLE_EQ(*sao_paulo->latitude, -23.5505);
  auto sydney = g->Lookup("2001:db8::42");
  ASSERT_TRUE(sydney);
  EXPECT_EQ(sydney->city, "Sydney");
  EXPECT_EQ(sydney->country, "AU");
  ASSERT_TRUE(sydney->longitude);
  EXPECT_DOUBLE_EQ(*sydney->longitude, 151.2093);
  // Upper case, the long form and an IPv4-mapped address are the same addresses.
  auto upper = g->Lookup("2001:DB8:0:0:0:0:0:42");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->city, "Sydney");
  auto mapped = g->Lookup("::ffff:192.0.2.9");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->city, "Paris");
}

TEST_F(GeoLocatorTest, ARecordWithTheCountryOnlyHasNoCoordinates) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  auto ch = g->Lookup("2001:db8:ffff::1");
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->country, "CH");
  EXPECT_EQ(ch->city, "");
  EXPECT_FALSE(ch->latitude);
  EXPECT_FALSE(ch->longitude);
}

TEST_F(GeoLocatorTest, UnknownAddressesHaveNoLocation) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  for (const char* ip : {"8.8.8.8", "192.0.3.1", "198.51.101.1", "2001:db9::1", "2a00:1450::1"})
    EXPECT_FALSE(g->Lookup(ip)) << ip;
}

// The database places these ranges in Berlin: only the locator's own check
// keeps them off the map.
TEST_F(GeoLocatorTest, PrivateAndNonPublicAddressesHaveNoLocation) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  for (const char* ip : {"10.1.2.3",    "127.0.0.1",   "172.16.0.1",      "172.31.255.255",
                         "192.168.1.1", "169.254.1.1", "100.64.0.1",      "0.0.0.0",
                         "0.1.2.3",     "224.0.0.1",   "239.255.255.250", "255.255.255.255",
                         "::1",         "::",          "fd00::1",         "fc00::1",
                         "fe80::1",     "ff02::1",     "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    EXPECT_FALSE(g->Lookup(ip)) << ip;
  // Just outside the private ranges, the database's answer is given (none here).
  EXPECT_FALSE(g->Lookup("172.32.0.1"));
}

TEST_F(GeoLocatorTest, MalformedAddressTextIsNoLocationNotAnError) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  const std::string huge(100000, '1');
  for (const std::string& text :
       {std::string(""), std::string(" 192.0.2.7"), std::string("192.0.2.7 "),
        std::string("192.0.2"), std::string("192.0.2.256"), std::string("192.0.2.7/24"),
        std::string("0xc0.0.2.7"), std::string("3221225991"), std::string("192.0.02.7"),
        std::string("2001:db8::1%eth0"), std::string("[2001:db8::1]"), std::string("2001:db8:::1"),
        std::string("192.0.2.7\0", 10), std::string("\xff\xfe"), std::string("paris"),
        std::string("192.0.2.7:443"), huge})
    EXPECT_FALSE(g->Lookup(text)) << text.substr(0, 40);
}

TEST_F(GeoLocatorTest, CountryDatabaseGivesTheCountryOnly) {
  auto g = OpenOrDie("country.mmdb");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->metadata().database_type, "GeoLite2-Country");
  auto fr = g->Lookup("192.0.2.7");
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->country, "FR");
  EXPECT_EQ(fr->city, "");
  EXPECT_FALSE(fr->latitude);
  auto au = g->Lookup("2001:db8::1");
  ASSERT_TRUE(au);
  EXPECT_EQ(au->country, "AU");
}

TEST_F(GeoLocatorTest, Ipv6InAnIpv4DatabaseIsNoLocation) {
  auto g = OpenOrDie("v4.mmdb");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->metadata().ip_version, 4);
  auto paris = g->Lookup("192.0.2.7");
  ASSERT_TRUE(paris);
  EXPECT_EQ(paris->city, "Paris");
  EXPECT_FALSE(g->Lookup("2001:db8::1"));
  // The IPv4 address an IPv4-mapped address carries is found.
  auto mapped = g->Lookup("::ffff:198.51.100.1");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->city, "Tokyo");
}

TEST_F(GeoLocatorTest, MetadataTellsTypeAndBuildTime) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->metadata().database_type, "GeoLite2-City");
  EXPECT_EQ(g->metadata().ip_version, 6);
  ASSERT_TRUE(g->metadata().built);
  EXPECT_EQ(FormatTime(*g->metadata().built), "2026-01-01T00:00:00Z");
}

TEST_F(GeoLocatorTest, ConcurrentLookupsAgree) {
  auto g = OpenOrDie("city.mmdb");
  ASSERT_TRUE(g);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const bool v6 = (i + t) % 2 == 0;
        auto loc = g->Lookup(v6 ? "2001:db8::" + std::to_string(i % 100)
                                : "198.51.100." + std::to_string(i % 256));
        if (!loc || loc->city != (v6 ? "Sydney" : "Tokyo")) ++wrong;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(wrong.load(), 0);
}

// ---- files that are not usable: a clear error, never a crash.

std::string OpenError(const std::string& path) {
  auto g = GeoLocator::Open(path);
  return g.ok() ? "" : g.error();
}

TEST_F(GeoLocatorTest, MissingFileIsAClearError) {
  const std::string path = dir_->Sub("absent.mmdb");
  const std::string e = OpenError(path);
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find("No such file"), std::string::npos) << e;
  EXPECT_NE(OpenError(""), "");
}

TEST_F(GeoLocatorTest, DirectoryAndFifoAreRefusedWithoutBlocking) {
  EXPECT_NE(OpenError(dir_->path()).find("not a regular file"), std::string::npos);
  const std::string fifo = dir_->Sub("fifo.mmdb");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(OpenError(fifo).find("not a regular file"), std::string::npos);
}

TEST_F(GeoLocatorTest, FilesThatAreNotMaxMindDatabasesAreRefused) {
  const std::string good = test::ReadFile(dir_->Sub("city.mmdb"));
  ASSERT_GT(good.size(), 1000u);
  struct Case {
    const char* name;
    std::string content;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"text", "this is not a database\n"},
      {"json", "{\"city\":\"Paris\"}"},
      {"zeros", std::string(4096, '\0')},
      // The metadata is at the end: a cut file has none.
      {"truncated", good.substr(0, good.size() / 2)},
      {"truncated-end", good.substr(0, good.size() - 10)},
  };
  for (const Case& c : cases) {
    const std::string path = dir_->Sub(std::string(c.name) + ".mmdb");
    test::WriteFile(path, c.content);
    const std::string e = OpenError(path);
    EXPECT_NE(e, "") << c.name;
    EXPECT_NE(e.find(path), std::string::npos) << c.name << ": " << e;
  }
}

// A search tree whose records point outside the file: refused at open, not
// at the lookup that would meet them.
TEST_F(GeoLocatorTest, CorruptSearchTreeIsRefusedAtOpen) {
  std::string bytes = test::ReadFile(dir_->Sub("city.mmdb"));
  // Record size 28: a node is 7 bytes. Fill the first nodes with all ones,
  // pointers far past the data section.
  for (size_t i = 0; i < 7 * 4; ++i)
    bytes[i] = '\xff';
  const std::string path = dir_->Sub("corrupt-tree.mmdb");
  test::WriteFile(path, bytes);
  const std::string e = OpenError(path);
  EXPECT_NE(e.find("corrupt"), std::string::npos) << e;
}

// Bytes changed anywhere in the tree or data section: opening may succeed or
// fail, lookups never crash (run under the sanitizers too).
TEST_F(GeoLocatorTest, DamagedBytesNeverCrashALookup) {
  const std::string good = test::ReadFile(dir_->Sub("city.mmdb"));
  const size_t metadata = good.rfind("\xab\xcd\xefMaxMind.com");
  ASSERT_NE(metadata, std::string::npos);
  int opened = 0;
  for (size_t pos = 0; pos < metadata; pos += 7) {
    std::string bytes = good;
    bytes[pos] = static_cast<char>(bytes[pos] ^ 0x5a);
    const std::string path = dir_->Sub("damaged.mmdb");
    test::WriteFile(path, bytes);
    auto g = GeoLocator::Open(path);
    if (!g.ok()) continue;
    ++opened;
    for (const char* ip : {"192.0.2.7", "198.51.100.1", "203.0.113.1", "2001:db8::1",
                           "2001:db8:ffff::1", "8.8.8.8", "2a00::1"})
      (void)(*g)->Lookup(ip);
  }
  EXPECT_GT(opened, 0);  // the data section is not checked at open: lookups were tried
}

TEST(GeoConfig, DatabaseKeyIsReadAndDefaultsToNone) {
  auto none = ConfigFile::Parse("[server]\nport = 1\n");
  ASSERT_TRUE(none.ok());
  auto c = ParseApiConfig(*none);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->geo_database, "");
  auto some = ConfigFile::Parse("[geo]\ndatabase = /var/lib/mig/GeoLite2-City.mmdb\n");
  ASSERT_TRUE(some.ok());
  c = ParseApiConfig(*some);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->geo_database, "/var/lib/mig/GeoLite2-City.mmdb");
  auto typo = ConfigFile::Parse("[geo]\ndatabse = x.mmdb\n");
  ASSERT_TRUE(typo.ok());
  EXPECT_NE(ParseApiConfig(*typo).error().find("geo.databse"), std::string::npos);
}

}  // namespace
}  // namespace mig::api
