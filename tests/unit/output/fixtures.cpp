#include "fixtures.h"

#include <gtest/gtest.h>

#include "modules/result_json.h"

namespace mig::output::test {

Action MakeAction(const std::vector<std::string>& modules) {
  Action a;
  a.id = 6115472790658567;
  a.name = "find the backdoor";
  a.threat = {"IOC-42", "high", "malware", "backdoor"};
  a.operations.emplace();
  for (const auto& m : modules)
    a.operations->push_back(Operation{m, Json::object(), false, false});
  Investigator i;
  i.id = 1;
  i.name = "Alice Investigator";
  i.pgp_fingerprint = "E60892BB9BD89A69F759A1A0A3D652173B763E8F";
  a.investigators.push_back(i);
  return a;
}

Command MakeCommand(const Action& action, const std::vector<std::string>& results_json) {
  Command c;
  c.id = 6115472790658600;
  c.action.id = action.id;
  c.status = "success";
  c.agent.id = 12;
  c.agent.name = "web1.example.net";
  c.agent.queue_loc = "linux.web1.example.net.abcdef";
  c.agent.version = "20260101-0.e8f3a1c.prod";
  c.agent.environment.os = "linux";
  c.agent.environment.arch = "amd64";
  c.agent.environment.ident = "Debian GNU/Linux 12 (bookworm)";
  c.agent.environment.addresses = {"127.0.0.1/8", "10.1.2.3/24", "fe80::1/64"};
  c.finish_time = Time::FromUnix(1764772180, 123456789);
  for (const auto& r : results_json) {
    auto parsed = modules::ModuleResultFromJson(r);
    EXPECT_TRUE(parsed.ok()) << parsed.error();
    if (parsed.ok()) c.results.push_back(*parsed);
  }
  return c;
}

std::vector<nlohmann::json> Parse(const std::vector<FindingLine>& lines) {
  std::vector<nlohmann::json> out;
  for (const auto& l : lines) {
    EXPECT_EQ(l.json.find('\n'), std::string::npos) << l.json;
    auto j = nlohmann::json::parse(l.json, nullptr, false);
    EXPECT_TRUE(j.is_object()) << "not a JSON object: " << l.json.substr(0, 300);
    out.push_back(j);
  }
  return out;
}

}  // namespace mig::output::test
