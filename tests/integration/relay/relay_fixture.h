// One private RabbitMQ node (with TLS) shared by every test of this binary,
// started on first use and stopped when the test program ends.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "rabbitmq_server.h"
#include "relay/amqp_connection.h"

namespace mig::relay::test {

// The shared node; nullptr (with the reason in StartError()) if it could not start.
mig::test::RabbitMqServer* SharedRelay();
const std::string& StartError();

// Options for url with every other setting at its default.
inline ConnectOptions OptionsFor(const RelayUrl& url, const TlsOptions& tls = {}) {
  ConnectOptions options;
  options.url = url;
  options.tls = tls;
  return options;
}

// Opens a connection to url, failing the test with the error text otherwise.
std::unique_ptr<AmqpConnection> MustConnect(const std::string& url);

// A test fixture that skips when RabbitMQ is not installed and fails when the
// node did not start.
class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override;
  mig::test::RabbitMqServer& relay() { return *SharedRelay(); }
  // A queue name unique to the running test, under mig.agt. so that every
  // account may use it.
  std::string UniqueQueue(const std::string& tag = "") const;
  // scheduler connection with both exchanges declared
  std::unique_ptr<AmqpConnection> Scheduler();
};

}  // namespace mig::relay::test
