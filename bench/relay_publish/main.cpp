// How fast one scheduler connection pushes persistent, confirmed commands to
// agent queues: publish a batch, wait for its confirms, repeat. Then how fast
// one consumer takes them back out (manual acks, prefetch = batch).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "rabbitmq_server.h"
#include "relay/amqp_connection.h"
#include "relay/topology.h"

using namespace mig::relay;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<AmqpConnection> Connect(const std::string& url) {
  auto parsed = ParseRelayUrl(url);
  ConnectOptions options;
  options.url = *parsed;
  auto conn = AmqpConnection::Open(options);
  if (!conn) {
    std::fprintf(stderr, "%s\n", conn.error().c_str());
    std::exit(1);
  }
  return std::move(conn).value();
}

void Check(const mig::Status& s) {
  if (!s) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    std::exit(1);
  }
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 100'000;
  const long batch = argc > 2 ? std::atol(argv[2]) : 1'000;
  const size_t body_size = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
  if (count <= 0 || batch <= 0 || batch > 65535) {
    std::fprintf(stderr, "usage: %s [messages>0] [batch 1..65535] [body bytes]\n", argv[0]);
    return 2;
  }
  auto relay = mig::test::RabbitMqServer::Start();
  if (!relay) {
    std::fprintf(stderr, "cannot start RabbitMQ: %s\n", relay.error().c_str());
    return 1;
  }
  const std::string queue = AgentQueueName("linux.bench");
  auto scheduler = Connect((*relay)->SchedulerUrl());
  Check(scheduler->DeclareExchange(kToAgentsExchange));
  auto agent = Connect((*relay)->AgentUrl());
  Check(agent->DeclareQueue(queue));
  Check(agent->BindQueue(queue, kToAgentsExchange, queue));
  Check(scheduler->EnableConfirms());

  const std::string body(body_size, 'x');
  MessageProperties props;
  props.timestamp = 0;
  props.expiration = "3600000";
  auto start = Clock::now();
  long failed = 0;
  for (long sent = 0; sent < count;) {
    for (long i = 0; i < batch && sent < count; ++i, ++sent) {
      Check(scheduler->Publish(kToAgentsExchange, queue, body, props).status());
    }
    auto failures = scheduler->WaitConfirms(std::chrono::seconds(60));
    Check(failures.status());
    failed += static_cast<long>(failures->size());
  }
  double publish_s = Seconds(start);
  std::printf(
      "published %ld persistent %zu-byte messages, batches of %ld: %.2f s, %.0f msgs/s"
      " (%ld not accepted)\n",
      count, body_size, batch, publish_s, static_cast<double>(count) / publish_s, failed);

  Check(agent->SetPrefetch(static_cast<uint16_t>(batch)));
  Check(agent->Consume(queue).status());
  start = Clock::now();
  long received = 0;
  while (received < count - failed) {
    auto got = agent->Receive(static_cast<size_t>(batch), std::chrono::seconds(10));
    Check(got.status());
    if (got->empty()) break;
    received += static_cast<long>(got->size());
    Check(agent->Ack(got->back().delivery_tag, /*multiple=*/true));
  }
  double consume_s = Seconds(start);
  std::printf("consumed %ld with manual acks, prefetch %ld: %.2f s, %.0f msgs/s\n", received, batch,
              consume_s, static_cast<double>(received) / consume_s);
  return received == count - failed ? 0 : 1;
}
