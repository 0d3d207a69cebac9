#include "output/ecs.h"

#include <cctype>

#include "output/finding_facts.h"
#include "output/format.h"
#include "output/mig_context.h"

namespace mig::output {
namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ECS wants MACs as upper-case hex pairs joined by '-'; anything else is
// dropped rather than written in a form rules would not match.
std::string EcsMac(const std::string& mac) {
  if (mac.size() != 17) return "";
  std::string out;
  for (size_t i = 0; i < mac.size(); ++i) {
    const char c = mac[i];
    if (i % 3 == 2) {
      if (c != ':' && c != '-') return "";
      out += '-';
    } else {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string EcsFileType(const std::string& mode) {
  const std::string kinds = mode.size() > 9 ? mode.substr(0, mode.size() - 9) : "";
  if (kinds.find('d') != std::string::npos) return "dir";
  if (kinds.find('L') != std::string::npos) return "symlink";
  return "file";
}

std::string EventCategory(const Finding& f) {
  if (f.finding_class == FindingClass::kCompliance) return "configuration";
  if (f.file) return "file";
  if (f.connection) return "network";
  if (f.process) return "process";
  if (f.package) return "package";
  if (f.module == "file") return "file";
  if (f.module == "netstat") return "network";
  if (f.module == "memory") return "process";
  if (f.module == "pkg") return "package";
  return "host";
}

// alert: something to act on (a match, a failed check); state: a passed
// check; event: nothing found, or an error.
std::string EventKind(Outcome outcome) {
  switch (outcome) {
    case Outcome::kMatch:
    case Outcome::kFail:
      return "alert";
    case Outcome::kPass:
      return "state";
    default:
      return "event";
  }
}

std::string EventOutcome(Outcome outcome) {
  switch (outcome) {
    case Outcome::kFail:
    case Outcome::kError:
      return "failure";
    default:
      return "success";
  }
}

OrderedJson Host(const Agent& agent) {
  OrderedJson h;
  if (!agent.name.empty()) {
    h["name"] = agent.name;
    h["hostname"] = agent.name;
  }
  h["id"] = agent.queue_loc.empty() ? std::to_string(agent.id) : agent.queue_loc;
  const auto ips = AgentIps(agent);
  if (!ips.empty()) h["ip"] = ips;
  if (!agent.environment.arch.empty()) h["architecture"] = agent.environment.arch;
  OrderedJson os = OrderedJson::object();
  if (!OsFamily(agent).empty()) os["type"] = OsFamily(agent);
  if (!agent.environment.os.empty()) os["platform"] = agent.environment.os;
  if (!agent.environment.ident.empty()) os["full"] = agent.environment.ident;
  if (!os.empty()) h["os"] = os;
  return h;
}

OrderedJson Endpoint(const std::string& ip, const std::optional<int64_t>& port,
                     const std::string& mac) {
  OrderedJson j = OrderedJson::object();
  if (!ip.empty()) j["ip"] = ip;
  if (port) j["port"] = *port;
  if (!EcsMac(mac).empty()) j["mac"] = EcsMac(mac);
  return j;
}

}  // namespace

OrderedJson EcsFinding(const Finding& f, const Action& action, const Command& command) {
  const Severity severity = FindingSeverity(f, action);
  const std::string uid = FindingUid(f, action, command);
  OrderedJson j;
  j["@timestamp"] = IsoMillis(FindingTime(command));
  j["ecs"] = {{"version", kEcsVersion}};
  j["message"] = f.title;
  j["event"] = {{"id", uid},
                {"kind", EventKind(f.outcome)},
                {"category", OrderedJson::array({EventCategory(f)})},
                {"type", OrderedJson::array({"info"})},
                {"outcome", EventOutcome(f.outcome)},
                {"severity", static_cast<int>(severity)},
                {"module", "mig"},
                {"dataset", "mig." + f.module},
                {"provider", "mig-agent"}};
  j["host"] = Host(command.agent);
  j["agent"] = {{"id", std::to_string(command.agent.id)},
                {"type", "mig-agent"},
                {"version", command.agent.version}};
  if (!command.agent.name.empty()) j["agent"]["name"] = command.agent.name;
  j["observer"] = {{"product", kProductName}, {"vendor", kProductVendor}, {"version", MIG_VERSION}};
  OrderedJson rule;
  if (f.check) {
    rule["id"] = f.check->test_id;
    rule["name"] = f.check->name.empty() ? f.check->test_id : f.check->name;
    if (!f.check->description.empty()) rule["description"] = f.check->description;
  } else {
    rule["id"] = std::to_string(action.id);
    rule["name"] = action.name;
    if (!f.criterion.empty()) rule["description"] = f.criterion;
  }
  rule["category"] = f.module;
  rule["ruleset"] = action.name;
  if (!action.threat.ref.empty()) rule["reference"] = action.threat.ref;
  j["rule"] = rule;
  if (f.file) {
    OrderedJson file = {{"path", f.file->path},
                        {"name", BaseName(f.file->path)},
                        {"type", EcsFileType(f.file->mode)}};
    if (f.file->size) file["size"] = *f.file->size;
    if (!f.file->sha256.empty()) file["hash"] = {{"sha256", Lower(f.file->sha256)}};
    j["file"] = file;
  }
  if (f.process) {
    j["process"] = {{"pid", f.process->pid}, {"name", BaseName(f.process->name)}};
    if (!f.process->name.empty()) j["process"]["executable"] = f.process->name;
  }
  if (f.connection) {
    const ConnectionFacts& c = *f.connection;
    OrderedJson src = Endpoint(c.local_ip, c.local_port, c.local_mac);
    OrderedJson dst = Endpoint(c.remote_ip, c.remote_port, c.remote_mac);
    if (!src.empty()) j["source"] = src;
    if (!dst.empty()) j["destination"] = dst;
  }
  if (f.package) {
    j["package"] = {{"name", f.package->name},
                    {"version", f.package->version},
                    {"type", f.package->type},
                    {"architecture", f.package->arch}};
  }
  if (!f.errors.empty()) {
    std::string message;
    for (const auto& e : f.errors)
      message += (message.empty() ? "" : "; ") + e;
    j["error"] = {{"message", message}};
  }
  j["tags"] = OrderedJson::array({"mig", f.module});
  OrderedJson mig = MigContext(f, action, command);
  if (f.finding_class == FindingClass::kCompliance)
    mig["compliance"] = {{"status", OutcomeName(f.outcome)}};
  j["mig"] = mig;
  return j;
}

}  // namespace mig::output
