// bench_swarm: N simulated MIG agents on a relay, until interrupted.
//   bench_swarm --relay amqp://agent:pw@127.0.0.1:5672/mig --agents 10000 --key k.asc --delay
//   exp:50ms --silent 0.01
#include <CLI/CLI.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "relay/relay_url.h"
#include "swarm.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) {
  g_stop = true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_swarm: simulated MIG agents speaking the agent protocol on a relay"};
  std::string relay_url, key_file, acl_file, delay = "0", verify = "once";
  mig::bench::SwarmOptions o;
  int64_t heartbeat_s = 60, slow_extra_ms = 10000;
  app.add_option("--relay", relay_url, "amqp[s]://user:pass@host:port/vhost (agent account)")
      ->required();
  app.add_option("--agents", o.agents, "number of simulated agents");
  app.add_option("--connections", o.connections, "relay connections shared by the agents");
  app.add_option("--heartbeat", heartbeat_s, "heartbeat interval in seconds");
  app.add_option("--delay", delay, "answer delay: 0, 50ms, uniform:10ms:200ms, exp:100ms");
  app.add_option("--slow", o.slow_fraction, "fraction of agents answering slowly");
  app.add_option("--slow-extra-ms", slow_extra_ms, "extra delay of a slow agent");
  app.add_option("--silent", o.silent_fraction, "fraction that consume but never answer");
  app.add_option("--offline", o.offline_fraction, "fraction that heartbeat once then vanish");
  app.add_option("--verify", verify, "signature checks: every, once (per action), none");
  app.add_option("--key", key_file, "armored public key of the investigator(s)");
  app.add_option("--acl", acl_file, "agent ACL (JSON); default: the key(s) with weight 1");
  app.add_option("--prefix", o.name_prefix, "agent name prefix");
  app.add_option("--seed", o.seed, "seed of the queue locations");
  CLI11_PARSE(app, argc, argv);

  auto url = mig::relay::ParseRelayUrl(relay_url);
  if (!url) {
    std::cerr << "bench_swarm: --relay: " << url.error() << "\n";
    return 2;
  }
  o.relay.url = *url;
  o.relay.heartbeat = std::chrono::seconds(2 * heartbeat_s);
  if (heartbeat_s < 1) {
    std::cerr << "bench_swarm: --heartbeat must be at least 1 second\n";
    return 2;
  }
  o.heartbeat_interval = std::chrono::seconds(heartbeat_s);
  o.slow_extra = std::chrono::milliseconds(slow_extra_ms);
  auto d = mig::bench::Delay::Parse(delay);
  auto v = mig::bench::ParseVerifyMode(verify);
  if (!d || !v) {
    std::cerr << "bench_swarm: " << (!d ? d.error() : v.error()) << "\n";
    return 2;
  }
  o.answer_delay = *d;
  o.verify = *v;
  for (auto [path, out] : {std::pair{&key_file, &o.investigator_key}, {&acl_file, &o.acl_json}}) {
    if (path->empty()) continue;
    std::ifstream in(*path);
    if (!in) {
      std::cerr << "bench_swarm: cannot read " << *path << "\n";
      return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = ss.str();
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  auto swarm = mig::bench::Swarm::Start(o);
  if (!swarm) {
    std::cerr << "bench_swarm: " << swarm.error() << "\n";
    return 1;
  }
  std::cout << "swarm: " << o.agents << " agents on " << o.connections << " connection(s), "
            << (*swarm)->answering() << " answering" << std::endl;
  while (!g_stop && (*swarm)->error().empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto c = (*swarm)->counters();
  std::string err = (*swarm)->error();
  (*swarm)->Stop();
  std::cout << "swarm: " << c.heartbeats << " heartbeats, " << c.commands << " commands, "
            << c.results << " results, " << c.rejected << " rejected" << std::endl;
  if (!err.empty()) {
    std::cerr << "bench_swarm: " << err << "\n";
    return 1;
  }
  return 0;
}
