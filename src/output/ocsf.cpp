#include "output/ocsf.h"

#include "output/finding_facts.h"
#include "output/format.h"
#include "output/mig_context.h"

namespace mig::output {
namespace {

constexpr int kCategoryFindings = 2;
constexpr int kActivityCreate = 1;

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// OCSF os.type_id: 200 Linux, 100 Windows, 300 macOS, 99 Other, 0 Unknown.
OrderedJson Os(const Agent& agent) {
  const std::string family = OsFamily(agent);
  int id = 0;
  std::string caption = "Unknown";
  if (family == "linux") id = 200, caption = "Linux";
  if (family == "windows") id = 100, caption = "Windows";
  if (family == "macos") id = 300, caption = "macOS";
  if (family == "unix") id = 99, caption = "Other";
  std::string name = agent.environment.ident;
  if (name.empty()) name = agent.environment.os;
  if (name.empty()) name = "unknown";
  return {{"name", name}, {"type_id", id}, {"type", caption}};
}

OrderedJson Device(const Agent& agent) {
  OrderedJson d;
  d["type_id"] = 0;
  d["type"] = "Unknown";
  if (!agent.name.empty()) {
    d["hostname"] = agent.name;
    d["name"] = agent.name;
  }
  d["uid"] = agent.queue_loc.empty() ? std::to_string(agent.id) : agent.queue_loc;
  const auto ips = AgentIps(agent);
  if (!ips.empty()) d["ip"] = ips.front();
  d["os"] = Os(agent);
  d["agent_list"] = OrderedJson::array({{{"uid", std::to_string(agent.id)},
                                         {"name", "mig-agent"},
                                         {"version", agent.version},
                                         {"type_id", 1},
                                         {"type", "Endpoint Detection and Response"},
                                         {"vendor_name", kProductVendor}}});
  return d;
}

// Go's FileMode.String: type letters, then nine permission characters.
OrderedJson FileType(const std::string& mode) {
  const std::string kinds = mode.size() > 9 ? mode.substr(0, mode.size() - 9) : "";
  if (kinds.find('d') != std::string::npos) return {2, "Folder"};
  if (kinds.find('L') != std::string::npos) return {7, "Symbolic Link"};
  if (kinds.find('c') != std::string::npos) return {3, "Character Device"};
  if (kinds.find('D') != std::string::npos) return {4, "Block Device"};
  if (kinds.find('S') != std::string::npos) return {5, "Local Socket"};
  if (kinds.find('p') != std::string::npos) return {6, "Named Pipe"};
  if (mode.empty()) return {0, "Unknown"};
  return {1, "Regular File"};
}

OrderedJson File(const FileFacts& file) {
  const OrderedJson type = FileType(file.mode);
  OrderedJson j;
  j["name"] = BaseName(file.path);
  j["path"] = file.path;
  j["type_id"] = type[0];
  j["type"] = type[1];
  if (file.size) j["size"] = *file.size;
  if (!file.sha256.empty())
    j["hashes"] = OrderedJson::array(
        {{{"algorithm_id", 3}, {"algorithm", "SHA-256"}, {"value", file.sha256}}});
  return j;
}

OrderedJson Endpoint(const std::string& ip, const std::optional<int64_t>& port,
                     const std::string& mac) {
  OrderedJson j = OrderedJson::object();
  if (!ip.empty()) j["ip"] = ip;
  if (port) j["port"] = *port;
  if (!mac.empty()) j["mac"] = mac;
  return j;
}

OrderedJson Evidence(const Finding& f) {
  OrderedJson e = OrderedJson::object();
  if (f.file) e["file"] = File(*f.file);
  if (f.process) {
    OrderedJson p;
    p["pid"] = f.process->pid;
    p["name"] = BaseName(f.process->name);
    if (!f.process->name.empty())
      p["file"] = {{"name", BaseName(f.process->name)},
                   {"path", f.process->name},
                   {"type_id", 1},
                   {"type", "Regular File"}};
    e["process"] = p;
  }
  if (f.connection) {
    const ConnectionFacts& c = *f.connection;
    OrderedJson src = Endpoint(c.local_ip, c.local_port, c.local_mac);
    OrderedJson dst = Endpoint(c.remote_ip, c.remote_port, c.remote_mac);
    if (!src.empty()) e["src_endpoint"] = src;
    if (!dst.empty()) e["dst_endpoint"] = dst;
  }
  e["data"] = f.evidence;
  return e;
}

OrderedJson Compliance(const Finding& f, const Action& action) {
  OrderedJson c;
  c["standards"] = OrderedJson::array({action.name.empty() ? "MIG scribe policy" : action.name});
  if (f.check) {
    c["control"] = f.check->test_id;
    OrderedJson requirements = OrderedJson::array();
    for (const auto& [k, v] : f.check->tags)
      requirements.push_back(k + "=" + v);
    if (!requirements.empty()) c["requirements"] = requirements;
  }
  switch (f.outcome) {
    case Outcome::kPass:
      c["status_id"] = 1, c["status"] = "Pass";
      break;
    case Outcome::kFail:
      c["status_id"] = 3, c["status"] = "Fail";
      break;
    default:
      // Could not be evaluated: OCSF's Warning is "did not yield a result".
      c["status_id"] = 2, c["status"] = "Warning";
      break;
  }
  if (!f.errors.empty()) c["status_detail"] = f.errors.front();
  return c;
}

OrderedJson Resources(const CheckFacts& check) {
  OrderedJson list = OrderedJson::array();
  for (const auto& [result, identifier] : check.results)
    list.push_back(
        {{"name", identifier}, {"type", "scribe identifier"}, {"data", {{"result", result}}}});
  return list;
}

}  // namespace

OrderedJson OcsfFinding(const Finding& f, const Action& action, const Command& command) {
  const bool compliance = f.finding_class == FindingClass::kCompliance;
  const int class_uid = compliance ? 2003 : 2004;
  const std::string class_name = compliance ? "Compliance Finding" : "Detection Finding";
  const Severity severity = FindingSeverity(f, action);
  const int64_t time = UnixMillis(FindingTime(command));
  const std::string uid = FindingUid(f, action, command);

  OrderedJson j;
  j["class_uid"] = class_uid;
  j["class_name"] = class_name;
  j["category_uid"] = kCategoryFindings;
  j["category_name"] = "Findings";
  j["activity_id"] = kActivityCreate;
  j["activity_name"] = "Create";
  j["type_uid"] = class_uid * 100 + kActivityCreate;
  j["type_name"] = class_name + ": Create";
  j["severity_id"] = static_cast<int>(severity);
  j["severity"] = SeverityCaption(severity);
  j["status_id"] = 1;
  j["status"] = "New";
  j["status_code"] = OutcomeName(f.outcome);
  if (!f.errors.empty()) {
    std::string detail;
    for (const auto& e : f.errors)
      detail += (detail.empty() ? "" : "; ") + e;
    j["status_detail"] = detail;
  }
  j["time"] = time;
  j["message"] = f.title;
  j["metadata"] = {{"version", kOcsfVersion},
                   {"product",
                    {{"name", kProductName},
                     {"vendor_name", kProductVendor},
                     {"version", MIG_VERSION},
                     {"feature", {{"name", f.module}}}}},
                   {"uid", uid},
                   {"correlation_uid", std::to_string(action.id)},
                   {"log_name", "mig"},
                   {"labels", OrderedJson::array({"mig", "module:" + f.module})}};
  OrderedJson info;
  info["uid"] = uid;
  info["title"] = f.title;
  if (f.check && !f.check->description.empty()) info["desc"] = f.check->description;
  info["types"] = OrderedJson::array({f.module});
  info["created_time"] = time;
  info["analytic"] = {
      {"uid", std::to_string(action.id)}, {"name", action.name}, {"type_id", 1}, {"type", "Rule"}};
  info["data_sources"] = OrderedJson::array({"mig " + f.module + " module"});
  j["finding_info"] = info;
  j["device"] = Device(command.agent);
  if (compliance) {
    j["compliance"] = Compliance(f, action);
    if (f.check && !f.check->results.empty()) j["resources"] = Resources(*f.check);
  } else {
    j["evidences"] = OrderedJson::array({Evidence(f)});
  }
  OrderedJson mig = MigContext(f, action, command);
  if (!compliance) mig.erase("element");  // already in evidences[0].data
  j["unmapped"] = {{"mig", mig}};
  return j;
}

}  // namespace mig::output
