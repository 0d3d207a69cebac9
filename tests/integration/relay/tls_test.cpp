// AMQPS with a CA, client certificates and server verification, against a
// node configured like MIG's production relay (fail_if_no_peer_cert).
#include <gtest/gtest.h>

#include "relay/topology.h"
#include "relay_fixture.h"

namespace mig::relay::test {
namespace {

using Server = mig::test::RabbitMqServer;

class Tls : public RelayTest {
 protected:
  Result<std::unique_ptr<AmqpConnection>> Connect(const TlsOptions& tls) {
    auto url = ParseRelayUrl(relay().TlsUrl(Server::kAgentUser, Server::kAgentPassword));
    if (!url) return url.status();
    return AmqpConnection::Open(OptionsFor(*url, tls));
  }
  TlsOptions Good() {
    return TlsOptions{relay().ca_file(), relay().client_cert(), relay().client_key()};
  }
};

TEST_F(Tls, ClientCertificateAndVerifiedServerWork) {
  auto conn = Connect(Good());
  ASSERT_TRUE(conn.ok()) << conn.error();
  const std::string queue = UniqueQueue();
  ASSERT_TRUE((*conn)->DeclareQueue(queue).ok());
  ASSERT_TRUE((*conn)->BindQueue(queue, kToAgentsExchange, queue).ok());
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, "over tls", {}).ok());
  ASSERT_TRUE(scheduler->WaitConfirms(std::chrono::seconds(10)).ok());
  auto got = (*conn)->Get(queue, true);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->body, "over tls");
  EXPECT_TRUE((*conn)->DeleteQueue(queue).ok());
}

TEST_F(Tls, WithoutClientCertificateTheRelayRefuses) {
  TlsOptions tls = Good();
  tls.cert_file.clear();
  tls.key_file.clear();
  auto conn = Connect(tls);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("amqps://localhost"), std::string::npos) << conn.error();
}

TEST_F(Tls, CertificateFromAnotherCaIsRefused) {
  TlsOptions tls = Good();
  tls.cert_file = relay().rogue_cert();
  tls.key_file = relay().rogue_key();
  EXPECT_FALSE(Connect(tls).ok());
}

TEST_F(Tls, ServerNotSignedByOurCaFailsVerification) {
  TlsOptions tls = Good();
  tls.ca_file = relay().rogue_cert();  // trusts only the rogue CA
  auto conn = Connect(tls);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("connect"), std::string::npos) << conn.error();
}

TEST_F(Tls, MissingCertificateFilesAreNamed) {
  TlsOptions tls = Good();
  tls.ca_file = "/nonexistent/ca.pem";
  auto conn = Connect(tls);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("/nonexistent/ca.pem"), std::string::npos) << conn.error();
  tls = Good();
  tls.key_file = "/nonexistent/key.pem";
  conn = Connect(tls);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("/nonexistent/key.pem"), std::string::npos) << conn.error();
}

}  // namespace
}  // namespace mig::relay::test
